"""Every real connector of the shared corpus goes through `generate`.

Strict-JSON definitions generate; the not-strict ones generate with warnings; the truly
broken ones are refused with the line and column of the error. Skipped when the corpus
(../shared/corpus, not part of a user's clone) is absent.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import CORPUS

import connectorgen
from connectorgen import InputError
from connectorgen.openapi.load import load_swagger

DEFINITIONS = sorted(CORPUS.rglob("apiDefinition.swagger.json")) if CORPUS.is_dir() else []
PARAMS = [pytest.param(path, id=path.parent.name) for path in DEFINITIONS] or [
    pytest.param(None, marks=pytest.mark.skip(reason=f"corpus absent: {CORPUS}"))
]


def _is_strict_json(path: Path) -> bool:
    try:
        json.loads(path.read_bytes())
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        return False
    return True


def _config(tmp_path: Path, definition: Path) -> Path:
    config = tmp_path / "config.json"
    config.write_text(
        json.dumps(
            {
                "apiDefinition": str(definition),
                "oauth2": {
                    "clientId": "00000000-0000-0000-0000-000000000001",
                    "resourceUri": "api://placeholder-resource",
                },
            }
        ),
        encoding="utf-8",
    )
    return config


@pytest.mark.parametrize("definition", PARAMS)
def test_corpus_connector_generates(definition: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    config = _config(tmp_path, definition)
    if _is_strict_json(definition):
        result = connectorgen.generate(config, out)
        assert not [d for d in result.diagnostics if d.code == "json-lenient"]
    else:
        try:
            result = connectorgen.generate(config, out)
        except InputError as exc:
            # Truly broken: refused with where, and nothing written.
            assert str(definition) in exc.message
            assert re.search(r"is not valid JSON: .+ at line \d+, column \d+\.", exc.message)
            assert exc.diagnostics[0].line and exc.diagnostics[0].column
            assert "^" in exc.detail
            assert not out.exists()
            return
        lenient = [d for d in result.diagnostics if d.code == "json-lenient"]
        assert lenient, "a not-strict file generates with a warning saying so"
        assert all(d.level == "warning" and d.line for d in lenient)
    names = {p.name for p in out.iterdir()}
    assert {
        "apiDefinition.swagger.json",  # the input's name is kept
        "apiProperties.json",
        "settings.json",
        "README.md",
        "INTRO.md",
    } <= names
    for name in names:
        if name.endswith(".json"):
            json.loads((out / name).read_text(encoding="utf-8"))
    properties = json.loads((out / "apiProperties.json").read_text())["properties"]
    assert "connectionParameters" in properties or "connectionParameterSets" in properties


@pytest.mark.skipif(not DEFINITIONS, reason=f"corpus absent: {CORPUS}")
def test_corpus_counts() -> None:
    """The corpus README promises 3 lenient-readable files and 2 broken ones."""
    not_strict = [p for p in DEFINITIONS if not _is_strict_json(p)]
    broken = []
    for path in not_strict:
        try:
            load_swagger(path)
        except InputError:
            broken.append(path.parent.name)
    assert len(DEFINITIONS) == 46
    assert len(not_strict) == 5
    assert sorted(broken) == ["AccuWeather", "IN-D Invoice Data Capture"]


def _named_subset(path: Path) -> bool:
    """Definitions of which ``security`` names only some (Muhimbi: oauth2_auth, not api_key)."""
    try:
        doc = json.loads(path.read_bytes())
    except ValueError:
        return False
    named = {k for r in doc.get("security") or [] if isinstance(r, dict) for k in r}
    defined = set(doc.get("securityDefinitions") or {})
    return bool(named & defined) and bool(defined - named)


SUBSET = [pytest.param(p, id=p.parent.name) for p in DEFINITIONS if _named_subset(p)]


@pytest.mark.skipif(not SUBSET, reason=f"corpus absent: {CORPUS}")
@pytest.mark.parametrize("definition", SUBSET)
def test_only_named_definitions_become_parameters_as_in_the_accepted_file(
    definition: Path, tmp_path: Path
) -> None:
    """Issue 10, point 1, against what Microsoft accepted: the unused definition is not a
    sign-in choice in the accepted apiProperties.json either."""
    out = tmp_path / "out"
    connectorgen.generate(_config(tmp_path, definition), out)

    accepted = json.loads((definition.parent / "apiProperties.json").read_bytes())["properties"]
    generated = json.loads((out / "apiProperties.json").read_bytes())["properties"]
    assert "connectionParameterSets" not in generated
    assert set(generated["connectionParameters"]) == set(accepted["connectionParameters"])
