"""Real input (issue #4): generate on every connector of the corpus, focusing on the odd ones.

tests/test_corpus_generate.py covers the strict-JSON connectors in depth; here: nothing
crashes anywhere, the leniently readable files generate (with a warning naming their file
and line), the two truly broken ones fail with their line and column, and check (when it
exists) runs over every corpus folder without an exception.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import CORPUS, run_cli

from connectorgen import generate
from connectorgen.core.diagnostics import InputError

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not present")

LENIENT = {  # folder: line of the tolerated trailing comma
    "DocuMotor": 47,
    "PUG Gamified Engagement": 733,
    "Plumsail Documents": 1299,
}
BROKEN = {  # folder: (line, column) of the syntax error
    "IN-D Invoice Data Capture": (51, 13),
    "AccuWeather": (9, 7),
}


def _definitions() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(CORPUS.rglob("apiDefinition.swagger.json"))


def _config(tmp_path: Path, definition: Path) -> Path:
    """A config using the connector's own Swagger and icon, with every OAuth value it may need."""
    data = {
        "apiDefinition": str(definition),
        "publisher": "Robustness test",
        "iconBrandColor": "#0b6e99",
        "oauth2": {
            "clientId": "client-id",
            "resourceUri": "api://robustness",
            "tokenUrl": "https://login.example.com/token",
        },
    }
    icon = definition.parent / "icon.png"
    if icon.is_file():
        data["icon"] = str(icon)
    path = tmp_path / "config.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_corpus_has_the_expected_odd_connectors() -> None:
    names = {p.parent.name for p in _definitions()}
    assert set(LENIENT) | set(BROKEN) <= names
    assert len(names) >= 40


@pytest.mark.parametrize("definition", _definitions(), ids=lambda p: p.parent.name)
def test_generate_never_crashes_on_real_connectors(tmp_path: Path, definition: Path) -> None:
    config = _config(tmp_path, definition)
    name = definition.parent.name
    try:
        result = generate(config, tmp_path / "out", dry_run=True)
    except InputError as exc:
        assert name in BROKEN, f"{name}: {exc.message}\n{exc.detail}"
        return
    assert name not in BROKEN
    assert result.files and all(a.size > 0 for a in result.files)


@pytest.mark.parametrize("name", sorted(LENIENT))
def test_leniently_readable_connectors_generate_with_a_located_warning(
    tmp_path: Path, name: str
) -> None:
    definition = next(p for p in _definitions() if p.parent.name == name)
    config = _config(tmp_path, definition)
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("generate", "-c", str(config), "-o", str(out))
    assert code == 0, stderr
    assert "Traceback" not in stdout + stderr
    expected = f"warning: {definition}:{LENIENT[name]}: not strict JSON: a trailing comma"
    assert expected in stderr, stderr
    written = (out / "apiDefinition.swagger.json").read_bytes()
    strict = json.loads(written.decode("utf-8"))  # the output is strict JSON
    assert strict["swagger"] == "2.0"


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_connectors_fail_with_line_and_column(tmp_path: Path, name: str) -> None:
    definition = next(p for p in _definitions() if p.parent.name == name)
    config = _config(tmp_path, definition)
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("generate", "-c", str(config), "-o", str(out))
    line, column = BROKEN[name]
    assert code == 1
    assert "Traceback" not in stdout + stderr and "unexpected" not in stderr
    assert f"{definition} is not valid JSON" in stderr
    assert f"at line {line}, column {column}." in stderr
    source, caret = stderr.splitlines()[1:3]
    assert source.startswith(f"  {line} | ")
    assert caret.index("^") - source.index("| ") - 2 + 1 == column
    assert not out.exists()


def test_check_runs_over_every_corpus_folder() -> None:
    try:
        from connectorgen.connector.check import check_folder
    except ImportError:
        pytest.skip("connectorgen.connector.check.check_folder is not available")
    folders = [p.parent for p in _definitions()]
    failures = []
    for folder in folders:
        try:
            check_folder(folder)
        except Exception as exc:  # noqa: BLE001 - collect every failure, then report
            failures.append(f"{folder.name}: {type(exc).__name__}: {exc}")
    assert not failures, "\n".join(failures)
