"""Property-based robustness (issue #4): generated configs and mutated Swagger documents.

Whatever the input, generate either succeeds or stops with InputError (exit 1 and a clear
message on the command line); never any other exception, never a traceback.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from helpers import CORPUS, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectorgen import generate
from connectorgen.core.diagnostics import InputError
from connectorgen.generator.config import load_schema

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
SCHEMA = load_schema()

# CONNECTORGEN_ROBUST_EXAMPLES=2000 explores further (random seeds); the default run is
# small and reproducible.
EXPLORE = int(os.environ.get("CONNECTORGEN_ROBUST_EXAMPLES", "0"))
FAST = settings(
    max_examples=EXPLORE or 50,
    deadline=None,
    derandomize=not EXPLORE,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# JSON values of any shape: what a careless or hostile config or Swagger may hold.
JUNK = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


def assert_clean_failure_or_success(code: int, out: str, err: str) -> None:
    text = out + err
    assert code in (0, 1), (code, text)
    assert "Traceback" not in text, text
    assert "unexpected" not in err, err  # cli.main's last-resort "this is a bug" message
    if code == 1:
        assert err.startswith("error: "), err


# ------------------------------------------------------------------ configs from the schema


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values following a (small subset of) JSON Schema, as config.schema.json uses it."""
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        required = set(schema.get("required", []))
        return st.fixed_dictionaries(
            {k: from_schema(v) for k, v in props.items() if k in required},
            optional={k: from_schema(v) for k, v in props.items() if k not in required},
        )
    if kind == "array":
        items = from_schema(schema.get("items", {"type": "string"}))
        unique = schema.get("uniqueItems", False)
        return st.lists(items, max_size=schema.get("maxItems", 3), unique=unique)
    if kind == "boolean":
        return st.booleans()
    if kind == "string":
        pattern = schema.get("pattern")
        if pattern and "#[0-9a-fA-F]" in pattern:
            return st.sampled_from(["", "#0b6e99", "#FFFFFF", "#007ee5", "#da3b01"])
        if pattern and "https?" in pattern:
            return st.sampled_from(["", "https://example.com", "http://x.example/a?b=c"])
        if pattern and "@" in pattern:
            return st.sampled_from(["", "a@b.example", "support@contoso.example"])
        return st.text(max_size=40)
    return JUNK


def _key_paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    paths = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            paths += _key_paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            paths += _key_paths(child, (*prefix, index))
    return paths


def _set(doc: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    node = doc
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return doc


def _delete(doc: Any, path: tuple) -> Any:
    if not path:
        return doc
    node = doc
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]
    return doc


@st.composite
def configs(draw: Any) -> Any:
    config = draw(from_schema(SCHEMA))
    # Mostly a working API definition and icon, so that generation gets far.
    config["apiDefinition"] = draw(
        st.sampled_from(
            ["apiDefinition.json"] * 6 + ["missing.json", "logo.png", ".", "", "../x.json"]
        )
    )
    if "icon" in config:
        config["icon"] = draw(
            st.sampled_from(["logo.png", "logo.png", "apiDefinition.json", "nope.png", "", "."])
        )
    if isinstance(config.get("script"), dict) and "path" in config["script"]:
        config["script"]["path"] = draw(
            st.sampled_from(["script.csx", "", "apiDefinition.json", "nope.csx"])
        )
    # Then some junk: values retyped, keys added.
    for _ in range(draw(st.integers(0, 3))):
        paths = _key_paths(config)
        path = draw(st.sampled_from(paths))
        if path and draw(st.booleans()):
            _set(config, path, draw(JUNK))
        elif path and draw(st.booleans()):
            _delete(config, path)
    if draw(st.integers(0, 9)) == 0:
        return draw(JUNK)  # not an object at all
    return config


def _project(root: Path, sample: str, config: Any, swagger: bytes | None = None) -> Path:
    source = SAMPLES / sample
    (root / "apiDefinition.json").write_bytes(
        swagger if swagger is not None else (source / "apiDefinition.json").read_bytes()
    )
    shutil.copy(source / "logo.png", root / "logo.png")
    (root / "script.csx").write_text("public class Script : ScriptBase { }\n")
    path = root / "config.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return path


OUTCOMES: list[str] = []  # how far examples got, for tuning
SAMPLE_NAMES = sorted(p.name for p in SAMPLES.iterdir() if (p / "config.json").is_file())


@FAST
@given(config=configs(), sample=st.sampled_from(SAMPLE_NAMES))
def test_generated_configs_never_crash(config: Any, sample: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = _project(Path(tmp), sample, config)
        try:
            generate(path, Path(tmp) / "out", dry_run=True)
            OUTCOMES.append("ok")
        except InputError as exc:
            assert exc.message.strip()
            OUTCOMES.append("error")


@settings(
    max_examples=EXPLORE or 12,
    deadline=None,
    derandomize=not EXPLORE,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(config=configs(), sample=st.sampled_from(SAMPLE_NAMES))
def test_generated_configs_on_the_command_line(config: Any, sample: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = _project(Path(tmp), sample, config)
        out = Path(tmp) / "out"
        code, stdout, stderr = run_cli("generate", "--config", str(path), "--out", str(out))
        assert_clean_failure_or_success(code, stdout, stderr)
        if code == 1:
            assert not out.exists()  # a failed run writes nothing


# ------------------------------------------------------------------ mutated Swagger documents


def _swagger_sources() -> list[dict[str, Any]]:
    docs = [
        json.loads((SAMPLES / s / "apiDefinition.json").read_text(encoding="utf-8"))
        for s in SAMPLE_NAMES
    ]
    if CORPUS.is_dir():
        for path in sorted(CORPUS.rglob("apiDefinition.swagger.json"))[::5]:
            try:
                docs.append(json.loads(path.read_text(encoding="utf-8-sig")))
            except (ValueError, UnicodeDecodeError):
                continue
    return docs


SOURCES = _swagger_sources()

# Enough OAuth settings for every sample to get past the config gate.
MUTATION_CONFIG = {
    "apiDefinition": "apiDefinition.json",
    "icon": "logo.png",
    "iconBrandColor": "#0b6e99",
    "oauth2": {
        "clientId": "client-id",
        "resourceUri": "api://contoso",
        "tokenUrl": "https://login.example.com/token",
    },
}


@st.composite
def mutated_swaggers(draw: Any) -> Any:
    doc = copy.deepcopy(draw(st.sampled_from(SOURCES)))
    for _ in range(draw(st.integers(1, 6))):
        paths = _key_paths(doc)
        # Favour the parts generate reads: security, info, paths.
        focus = [
            p
            for p in paths
            if p and p[0] in ("securityDefinitions", "security", "info", "paths", "swagger")
        ]
        path = draw(st.sampled_from(focus or paths))
        action = draw(st.sampled_from(["delete", "retype", "duplicate", "rename"]))
        if not path:
            continue
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        if action == "delete":
            _delete(doc, path)
        elif action == "retype":
            _set(doc, path, draw(JUNK))
        elif action == "duplicate":
            other = draw(st.sampled_from(paths))
            source = doc
            for part in other:
                source = source[part]
            if isinstance(parent, list):
                parent.append(copy.deepcopy(source))
            else:
                parent[path[-1]] = copy.deepcopy(source)
        elif action == "rename" and isinstance(parent, dict):
            parent[draw(st.text(max_size=8))] = parent.pop(path[-1])
    return doc


@FAST
@given(doc=mutated_swaggers())
def test_mutated_swagger_never_crashes(doc: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = _project(
            Path(tmp), "api-key", MUTATION_CONFIG, swagger=json.dumps(doc).encode("utf-8")
        )
        try:
            generate(path, Path(tmp) / "out", dry_run=True)
        except InputError as exc:
            assert exc.message.strip()


@settings(
    max_examples=EXPLORE or 10,
    deadline=None,
    derandomize=not EXPLORE,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(doc=mutated_swaggers())
def test_mutated_swagger_on_the_command_line(doc: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = _project(
            Path(tmp), "api-key", MUTATION_CONFIG, swagger=json.dumps(doc).encode("utf-8")
        )
        code, out, err = run_cli("generate", "-c", str(path), "-o", str(Path(tmp) / "o"))
        assert_clean_failure_or_success(code, out, err)


@FAST
@given(data=st.binary(max_size=300) | st.text(max_size=200).map(lambda t: t.encode("utf-8")))
def test_arbitrary_bytes_as_api_definition(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = _project(Path(tmp), "api-key", MUTATION_CONFIG, swagger=data)
        with pytest.raises(InputError):
            generate(path, Path(tmp) / "out", dry_run=True)
