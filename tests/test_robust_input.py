"""Robustness on real and hostile input (issue #4): lenient reading and clear failures.

Every hostile input ends in exit 1 with a message naming the file (and, where there is one,
the line and column), never a traceback, a hang or the last-resort "unexpected" message.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import signal
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import run_cli

from connectorgen import generate
from connectorgen.core.diagnostics import InputError
from connectorgen.core.jsonio import MAX_NESTING, parse_json

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "api-key"


# ------------------------------------------------------------------ helpers


def assert_clear_failure(code: int, out: str, err: str, *needles: str) -> None:
    assert code == 1, (code, out, err)
    assert "Traceback" not in out + err
    assert "unexpected" not in err, err  # cli.main's "this is a bug" message
    assert err.startswith("error: "), err
    for needle in needles:
        assert needle in err, (needle, err)


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail instead of hanging (POSIX main thread only; a no-op elsewhere)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def sample_swagger() -> dict[str, Any]:
    return json.loads((SAMPLE / "apiDefinition.json").read_text(encoding="utf-8"))


def make_project(
    root: Path, *, swagger: bytes | None = None, config: bytes | None = None, **overrides: Any
) -> Path:
    """The api-key sample in ``root``, with its Swagger, config bytes or config keys replaced."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "apiDefinition.json").write_bytes(
        swagger if swagger is not None else (SAMPLE / "apiDefinition.json").read_bytes()
    )
    shutil.copy(SAMPLE / "logo.png", root / "logo.png")
    path = root / "config.json"
    if config is not None:
        path.write_bytes(config)
    else:
        data = json.loads((SAMPLE / "config.json").read_text(encoding="utf-8"))
        data.pop("$schema", None)
        data.update(overrides)
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def cli_generate(config: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    with time_limit(60):
        return run_cli("generate", "--config", str(config), "--out", str(out), *extra)


def caret_column(detail: str) -> int:
    """1-based column of the caret in an excerpt, measured against the excerpt's text line."""
    source, caret = detail.splitlines()[:2]
    start = source.index("| ") + 2
    return caret.index("^") - start + 1


# ------------------------------------------------------------------ lenient reading

SWAGGER_TEXT = (SAMPLE / "apiDefinition.json").read_text(encoding="utf-8")

LENIENT = {
    "bom": (b"\xef\xbb\xbf" + SWAGGER_TEXT.encode(), None, None),
    "line-comment": (SWAGGER_TEXT.replace("{", "{ // the API\n", 1).encode(), 1, "// comment"),
    "block-comment": (
        SWAGGER_TEXT.replace("{", "{\n/* a\n block */", 1).encode(),
        2,
        "/* */ comment",
    ),
    "trailing-comma": (
        SWAGGER_TEXT.replace('"2.0",', '"2.0",\n  "x-a": [1, 2,],', 1).encode(),
        3,
        "trailing comma",
    ),
    "control-character": (
        SWAGGER_TEXT.replace('"title": "', '"title": "tab\there ', 1).encode(),
        None,
        "control character",
    ),
    "cp1252": (
        SWAGGER_TEXT.replace('"title": "', '"title": "Caf\u00e9 ', 1).encode("cp1252"),
        None,
        "Windows-1252",
    ),
}


@pytest.mark.parametrize("case", sorted(LENIENT))
def test_lenient_input_is_accepted_with_a_located_warning(tmp_path: Path, case: str) -> None:
    data, line, what = LENIENT[case]
    config = make_project(tmp_path / "in", swagger=data)
    out = tmp_path / "out"
    code, stdout, stderr = cli_generate(config, out)
    assert code == 0, stderr
    swagger_file = str(tmp_path / "in" / "apiDefinition.json")
    if what:
        warning = next(x for x in stderr.splitlines() if what in x)
        assert warning.startswith("warning: ") and swagger_file in warning, warning
        if line is not None:
            assert f"{swagger_file}:{line}" in warning, warning
        else:
            assert f"{swagger_file}:" in warning  # some line number
    # Outputs are strict UTF-8 JSON whatever was tolerated on the way in.
    for name in ("apiDefinition.json", "apiProperties.json", "settings.json"):
        raw = (out / name).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        json.loads(raw.decode("utf-8"))  # strict: no comments, commas or raw controls
    title = json.loads((out / "apiDefinition.json").read_bytes())["info"]["title"]
    if case == "cp1252":
        assert title.startswith("Caf\u00e9 ")
    if case == "control-character":
        assert "tab\there" in title


def test_lenient_config_warning_appears_in_generate_stderr(tmp_path: Path) -> None:
    text = (make_project(tmp_path / "in")).read_text()
    text = text.replace('"publisher"', '// who publishes\n  "publisher"', 1)
    text = text.rstrip().removesuffix("}") + ",\n}\n"  # a trailing comma at the end as well
    config = make_project(tmp_path / "in", config=text.encode())
    code, _, stderr = cli_generate(config, tmp_path / "out", "--dry-run")
    assert code == 0, stderr
    lines = [x for x in stderr.splitlines() if "not strict JSON" in x]
    assert len(lines) == 2, stderr
    assert all(str(config) in x for x in lines)
    assert any("// comment" in x and f"{config}:" in x for x in lines)


def test_lenient_tolerances_are_honest_about_position() -> None:
    text = b'{\n  "a": 1, // one\n  /* two\n  lines */ "b": [1,\n 2,\n ],\n}'
    loaded = parse_json(text, "f.json")
    assert loaded.value == {"a": 1, "b": [1, 2]}
    found = [(w.line, w.message) for w in loaded.warnings]
    assert (2, "not strict JSON: a // comment was ignored.") in found
    assert (3, "not strict JSON: a /* */ comment was ignored.") in found
    assert [line for line, m in found if "trailing comma" in m] == [5, 6]
    assert all(w.file == "f.json" and w.level == "warning" for w in loaded.warnings)


def test_comment_like_text_inside_strings_is_kept() -> None:
    loaded = parse_json(b'{"url": "https://x.example/a,]", "c": "/* no */",}', "f")
    assert loaded.value == {"url": "https://x.example/a,]", "c": "/* no */"}
    assert len(loaded.warnings) == 1


# ------------------------------------------------------------------ broken JSON


def test_broken_json_names_file_line_column_and_shows_a_caret(tmp_path: Path) -> None:
    broken = SWAGGER_TEXT.replace('"2.0",', '"2.0"', 1).encode()
    config = make_project(tmp_path / "in", swagger=broken)
    code, out, err = cli_generate(config, tmp_path / "out")
    name = str(tmp_path / "in" / "apiDefinition.json")
    assert_clear_failure(code, out, err, name, "is not valid JSON", "line 3, column 3")
    excerpt = err.split("\n", 1)[1]
    assert excerpt.splitlines()[0].startswith('  3 |   "info"')
    assert caret_column(excerpt) == 3
    assert not (tmp_path / "out").exists()


def test_caret_is_under_the_spot_on_a_long_minified_line() -> None:
    doc = json.dumps({"swagger": "2.0", "padding": "x" * 5000, "info": {"title": "T"}})
    broken = doc.replace('"info"', '"info" "oops"', 1)
    with pytest.raises(InputError) as caught:
        parse_json(broken.encode(), "min.json", "API definition")
    error = caught.value
    column = broken.index('"oops"') + 1
    assert f"line 1, column {column}" in error.message
    source = error.detail.splitlines()[0]
    assert len(source) < 200  # a window, not the 5 KB line
    start = source.index("| ") + 2
    assert source[start + caret_column(error.detail) - 1 :].startswith('"oops"')


def test_excerpt_of_a_broken_line_masks_a_secret_value() -> None:
    text = b'{\n "oauth2": {"clientSecret": "hunter2-very-secret" "x": 1}\n}'
    with pytest.raises(InputError) as caught:
        parse_json(text, "config.json", "Config file")
    assert "hunter2-very-secret" not in caught.value.detail
    assert "*" * len("hunter2-very-secret") in caught.value.detail


# ------------------------------------------------------------------ hostile inputs


def _png_claiming(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


def _nested_swagger(depth: int) -> bytes:
    return SWAGGER_TEXT.replace(
        '"2.0",', '"2.0", "x-deep": ' + "[" * depth + "]" * depth + ",", 1
    ).encode()


def _utf16(text: str, codec: str, bom: bytes = b"") -> bytes:
    return bom + text.encode(codec)


# name -> (what to change, expected fragments of the message)
HOSTILE_SWAGGER: dict[str, tuple[bytes, tuple[str, ...]]] = {
    "empty": (b"", ("is empty",)),
    "blank": (b" \n\t\n", ("is empty",)),
    "binary": (bytes(range(256)) * 8, ("binary file",)),
    "png": (_png_claiming(10, 10), ("not JSON text",)),
    "array": (b"[]", ("must hold a JSON object", "not an array")),
    "string": (b'"x"', ("must hold a JSON object", "not a string")),
    "null": (b"null", ("must hold a JSON object", "not null")),
    "number": (b"12", ("not a number",)),
    "open-brackets": (b"[" * 100_000, ("more than 100 levels", "line 1, column 101")),
    "open-objects": (b'{"a":' * 100_000, ("more than 100 levels", "line 1, column 501")),
    "closed-brackets": (b"[" * 50_000 + b"]" * 50_000, ("more than 100 levels",)),
    "deep-but-parsable": (_nested_swagger(600), ("more than 100 levels", "line 2")),
    "deep-extension": (_nested_swagger(MAX_NESTING + 5), ("more than 100 levels",)),
    "utf16-le-bom": (
        _utf16(SWAGGER_TEXT, "utf-16-le", b"\xff\xfe"),
        ("UTF-16 is not supported", "save the file as UTF-8"),
    ),
    "utf16-be-bom": (_utf16(SWAGGER_TEXT, "utf-16-be", b"\xfe\xff"), ("UTF-16 is not supported",)),
    "utf16-no-bom": (_utf16(SWAGGER_TEXT, "utf-16-le"), ("UTF-16 is not supported",)),
    "utf32": (_utf16(SWAGGER_TEXT, "utf-32"), ("UTF-32 is not supported",)),
    "nul-byte": (
        SWAGGER_TEXT.replace('"title"', '"ti\x00tle"', 1).encode(),
        ("NUL byte", "line 4, column"),
    ),
    "openapi3-broken": (
        b'{"openapi": "3.0.0", "info": {"title": "x"}, "paths": []}',
        ("OpenAPI 3.0.0", "/paths", "must be an object"),
    ),
    "openapi-4": (
        b'{"openapi": "4.0.0", "info": {"title": "x"}, "paths": {}}',
        ("OpenAPI 4.0.0", "Swagger 2.0"),
    ),
    "asyncapi": (b'{"asyncapi": "3.0.0", "info": {"title": "x"}}', ("AsyncAPI 3.0.0",)),
    "over-1mb": (
        SWAGGER_TEXT.replace('"2.0",', '"2.0", "x-pad": "' + "p" * 1_100_000 + '",', 1).encode(),
        ("the limit is 1,048,576 bytes",),
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_SWAGGER))
def test_hostile_api_definition_is_a_clear_exit_1(tmp_path: Path, case: str) -> None:
    data, needles = HOSTILE_SWAGGER[case]
    config = make_project(tmp_path / "in", swagger=data)
    code, out, err = cli_generate(config, tmp_path / "out")
    assert_clear_failure(code, out, err, str(tmp_path / "in" / "apiDefinition.json"), *needles)
    assert not (tmp_path / "out").exists()


def test_nesting_up_to_the_limit_is_read(tmp_path: Path) -> None:
    config = make_project(tmp_path / "in", swagger=_nested_swagger(MAX_NESTING - 2))
    code, _, err = cli_generate(config, tmp_path / "out", "--dry-run")
    assert code == 0, err


def test_huge_string_value_generates(tmp_path: Path) -> None:
    doc = sample_swagger()
    doc["info"]["description"] = "Lorem ipsum dolor. " * 47_000  # about 900 KB
    config = make_project(tmp_path / "in", swagger=json.dumps(doc).encode())
    code, _, err = cli_generate(config, tmp_path / "out")
    assert code == 0, err
    written = json.loads((tmp_path / "out" / "apiDefinition.json").read_bytes())
    assert written["info"]["description"] == doc["info"]["description"]


HOSTILE_CONFIG: dict[str, tuple[bytes, tuple[str, ...]]] = {
    "empty": (b"", ("is empty",)),
    "array": (b'[{"apiDefinition": "apiDefinition.json"}]', ("not an array",)),
    "null": (b"null", ("not null",)),
    "nul-byte-late": (
        b'{"apiDefinition": "apiDefinition.json", "publisher": "a\x00b"}',
        ("NUL byte", "line 1, column 56"),
    ),
    "nul-byte-end": (
        json.dumps({"apiDefinition": "apiDefinition.json", "publisher": "x" * 2000}).encode()
        + b"\x00",
        ("NUL byte",),
    ),
    "utf16": (
        _utf16('{"apiDefinition": "apiDefinition.json"}', "utf-16"),
        ("UTF-16 is not supported",),
    ),
    "deep": (b'{"ignore": ' + b"[" * 5000 + b"]" * 5000 + b"}", ("more than 100 levels",)),
    "wrong-types": (
        b'{"apiDefinition": 5, "docs": [], "capabilities": "actions"}',
        ("apiDefinition: expected string", "docs: expected object", "capabilities: expected array"),
    ),
    "unknown-key": (
        b'{"apiDefinition": "apiDefinition.json", "iconBrandColour": "#000000"}',
        ("did you mean 'iconBrandColor'",),
    ),
    "escape-definition-file": (
        b'{"apiDefinition": "apiDefinition.json", "settings": {"apiDefinitionFile": "../x"}}',
        ("settings.apiDefinitionFile", "is not one of"),
    ),
    "absolute-definition-file": (
        b'{"apiDefinition": "apiDefinition.json", "settings": {"apiDefinitionFile": "/tmp/x"}}',
        ("settings.apiDefinitionFile",),
    ),
    "nul-in-path": (
        b'{"apiDefinition": "api\\u0000Definition.json"}',
        ("apiDefinition names", "not a usable path"),
    ),
    "path-too-long": (json.dumps({"apiDefinition": "a" * 5000}).encode(), ("apiDefinition names",)),
    "definition-is-folder": (b'{"apiDefinition": "."}', ("which is a folder",)),
    "definition-missing": (b'{"apiDefinition": "nope.json"}', ("does not exist",)),
    "icon-missing": (
        b'{"apiDefinition": "apiDefinition.json", "icon": "nope.png"}',
        ("icon names nope.png", "does not exist"),
    ),
    "icon-folder": (
        b'{"apiDefinition": "apiDefinition.json", "icon": "."}',
        ("which is a folder",),
    ),
    "icon-not-image": (
        b'{"apiDefinition": "apiDefinition.json", "icon": "config.json"}',
        ("not a PNG or JPEG image",),
    ),
    "script-folder": (
        b'{"apiDefinition": "apiDefinition.json", "script": {"path": "."}}',
        ("script.path names", "folder"),
    ),
    "unknown-ignore": (
        b'{"apiDefinition": "apiDefinition.json", "ignore": ["no-such-rule"]}',
        ("no-such-rule",),
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_CONFIG))
def test_hostile_config_is_a_clear_exit_1(tmp_path: Path, case: str) -> None:
    data, needles = HOSTILE_CONFIG[case]
    if case == "unknown-ignore":
        pytest.importorskip("connectorgen.connector.check")
    config = make_project(tmp_path / "in", config=data)
    code, out, err = cli_generate(config, tmp_path / "out")
    assert_clear_failure(code, out, err, str(config), *needles)
    assert not (tmp_path / "out").exists()


def test_bomb_icon_is_refused_before_decoding(tmp_path: Path) -> None:
    config = make_project(tmp_path / "in", icon="bomb.png")
    (tmp_path / "in" / "bomb.png").write_bytes(_png_claiming(100_000, 100_000))
    code, out, err = cli_generate(config, tmp_path / "out")
    assert_clear_failure(code, out, err, "bomb.png", "10,000,000,000 pixels", "refusing")


@pytest.mark.parametrize("content", [b"", b"GIF89a" + b"\x00" * 10, b"\x89PNG\r\n\x1a\n"])
def test_broken_icons_are_refused(tmp_path: Path, content: bytes) -> None:
    config = make_project(tmp_path / "in", icon="broken.png")
    (tmp_path / "in" / "broken.png").write_bytes(content)
    code, out, err = cli_generate(config, tmp_path / "out")
    assert_clear_failure(code, out, err, "broken.png")


@pytest.mark.parametrize("where", ["missing", "folder", "too-long"])
def test_config_path_that_cannot_be_read(tmp_path: Path, where: str) -> None:
    path = {
        "missing": tmp_path / "nope.json",
        "folder": tmp_path,
        "too-long": tmp_path / ("c" * 4000) / "config.json",
    }[where]
    code, out, err = cli_generate(path, tmp_path / "out")
    assert_clear_failure(code, out, err, "Config file")


@pytest.mark.parametrize("where", ["is-a-file", "under-a-file", "too-long"])
def test_out_path_that_cannot_be_used(tmp_path: Path, where: str) -> None:
    config = make_project(tmp_path / "in")
    (tmp_path / "file").write_text("x")
    out = {
        "is-a-file": tmp_path / "file",
        "under-a-file": tmp_path / "file" / "sub",
        "too-long": tmp_path / ("o" * 4000),
    }[where]
    code, stdout, err = cli_generate(config, out)
    assert_clear_failure(code, stdout, err, str(out)[:40])
    assert (tmp_path / "file").read_text() == "x"


# ------------------------------------------------------------------ $ref cycles and escapes


def _with_definitions(definitions: dict[str, Any], schema_ref: str) -> bytes:
    doc = sample_swagger()
    doc.setdefault("definitions", {}).update(definitions)
    first_op = next(
        op
        for item in doc["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "responses" in op
    )
    first_op["responses"]["200"] = {"description": "ok", "schema": {"$ref": schema_ref}}
    return json.dumps(doc).encode()


REF_CASES = {
    "mutual": (
        {
            "A": {"type": "object", "properties": {"b": {"$ref": "#/definitions/B"}}},
            "B": {"type": "object", "properties": {"a": {"$ref": "#/definitions/A"}}},
        },
        "#/definitions/A",
    ),
    "self-property": (
        {
            "A": {
                "type": "object",
                "properties": {"me": {"$ref": "#/definitions/A"}},
                "default": {"me": {"me": {}}},
            }
        },
        "#/definitions/A",
    ),
    "self-ref": ({"A": {"$ref": "#/definitions/A"}}, "#/definitions/A"),
    "ref-loop": (
        {"A": {"$ref": "#/definitions/B"}, "B": {"$ref": "#/definitions/A"}},
        "#/definitions/A",
    ),
    "all-of-self": ({"A": {"allOf": [{"$ref": "#/definitions/A"}]}}, "#/definitions/A"),
    "nowhere": ({}, "#/definitions/Missing"),
    "fan-out": (
        {
            f"D{i}": {
                "type": "object",
                "properties": {
                    "a": {"$ref": f"#/definitions/D{i + 1}"},
                    "b": {"$ref": f"#/definitions/D{i + 1}"},
                },
            }
            for i in range(40)
        }
        | {"D40": {"type": "object"}},
        "#/definitions/D0",
    ),
}


@pytest.mark.parametrize("case", sorted(REF_CASES))
def test_ref_cycles_neither_hang_nor_crash(tmp_path: Path, case: str) -> None:
    definitions, ref = REF_CASES[case]
    config = make_project(tmp_path / "in", swagger=_with_definitions(definitions, ref))
    with time_limit(30):
        result = generate(config, tmp_path / "out", dry_run=True)
    code, out, err = cli_generate(config, tmp_path / "out2")
    assert code == 0, err
    assert "Traceback" not in out + err
    assert all(len(d.message) < 600 for d in result.diagnostics)


@pytest.mark.parametrize(
    "ref", ["file://{secret}", "http://10.255.255.1/schema.json#/A", "other.json#/definitions/X"]
)
def test_external_refs_are_never_followed(tmp_path: Path, ref: str) -> None:
    secret = tmp_path / "private.txt"
    secret.write_text("PRIVATE-CONTENT-42\n")
    ref = ref.format(secret=secret)
    config = make_project(tmp_path / "in", swagger=_with_definitions({}, ref))
    with time_limit(20):  # a fetch from an unroutable address would hang far longer
        code, out, err = cli_generate(config, tmp_path / "out")
    assert code == 0, err
    assert "PRIVATE-CONTENT-42" not in out + err
    assert "points outside the document" in err
    for file in (tmp_path / "out").iterdir():
        assert b"PRIVATE-CONTENT-42" not in file.read_bytes()
