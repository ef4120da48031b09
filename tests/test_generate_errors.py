"""Every way `connectorgen generate` refuses its input.

Each case asserts exit code 1, a message that names the file and says what to do, no
traceback, and that nothing was written: the input folder (which holds --out) is byte for
byte as it was, so neither the out folder nor a staging folder appeared.
"""

from __future__ import annotations

import json
import re
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import snapshot

LIMIT = 1_048_576


def _edit_config(folder: Path, **changes: Any) -> None:
    path = folder / "config.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is _DELETE:
            data.pop(key, None)
        else:
            data[key] = value
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def _edit_oauth(folder: Path, **changes: Any) -> None:
    data = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is _DELETE:
            data["oauth2"].pop(key, None)
        else:
            data["oauth2"][key] = value
    (folder / "config.json").write_text(json.dumps(data, indent=2), encoding="utf-8")


def _edit_swagger(folder: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = folder / "apiDefinition.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")


_DELETE = object()


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose IHDR claims width x height, with no real pixel data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def _oversize_valid_json(folder: Path) -> None:
    path = folder / "apiDefinition.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["x-padding"] = ""
    base = len(json.dumps(doc).encode("utf-8"))
    doc["x-padding"] = "a" * (LIMIT + 1 - base)
    data = json.dumps(doc).encode("utf-8")
    assert len(data) == LIMIT + 1
    json.loads(data)  # valid JSON: only its size is wrong
    path.write_bytes(data)


@dataclass
class Case:
    id: str
    mutate: Callable[[Path], Path | None]  # returns another config path, or None
    expected: tuple[str, ...]  # fragments of stderr (case-sensitive)
    sample: str = "api-key"
    pattern: str | None = None  # a regex stderr must match too


def _config_is_folder(folder: Path) -> Path:
    (folder / "settings-folder.json").mkdir()
    return folder / "settings-folder.json"


CASES = [
    Case(
        "config-missing",
        lambda f: f / "missing-config.json",
        ("missing-config.json", "does not exist", "--config", "connectorgen new-config"),
    ),
    Case(
        "config-is-a-folder",
        _config_is_folder,
        ("settings-folder.json", "is a folder", "give the path of a file"),
    ),
    Case(
        "config-not-json",
        lambda f: (
            (f / "config.json").write_text(
                '{\n  "apiDefinition": "apiDefinition.json",\n  oops\n}\n'
            )
            and None
        ),
        ("config.json", "is not valid JSON", "line 3, column 3", "  3 |   oops", "|   ^"),
    ),
    Case(
        "config-is-array",
        lambda f: (f / "config.json").write_text('["apiDefinition"]') and None,
        ("config.json", "must hold a JSON object", "not an array"),
    ),
    Case(
        "config-unknown-key",
        lambda f: _edit_config(f, iconBrandColour="#0b6e99"),
        (
            "config.json",
            "(top level): unknown key 'iconBrandColour'",
            "did you mean 'iconBrandColor'?",
            "Allowed keys:",
        ),
    ),
    Case(
        "config-unknown-nested-key",
        lambda f: _edit_config(f, contact={"name": "x", "emial": "a@b.example"}),
        ("config.json", "contact: unknown key 'emial'", "did you mean 'email'?"),
    ),
    Case(
        "config-wrong-type",
        lambda f: _edit_config(f, publisher=42),
        ("config.json", "publisher: expected string, got a number"),
    ),
    Case(
        "config-wrong-nested-type",
        lambda f: _edit_config(f, metadata={"categories": "Data"}),
        ("config.json", "metadata.categories: expected array, got a string"),
    ),
    Case(
        "config-bad-colour",
        lambda f: _edit_config(f, iconBrandColor="blue"),
        ("config.json", 'iconBrandColor: "blue" is not a colour written as #rrggbb'),
    ),
    Case(
        "config-bad-url",
        lambda f: _edit_config(f, contact={"name": "Support", "url": "support.example.com"}),
        ("config.json", 'contact.url: "support.example.com" is not an absolute http(s) URL'),
    ),
    Case(
        "config-bad-website-url",
        lambda f: _edit_config(f, metadata={"website": "ftp://example.com"}),
        ("config.json", "metadata.website:", "http(s) URL"),
    ),
    Case(
        "config-three-categories",
        lambda f: _edit_config(f, metadata={"categories": ["AI", "Data", "Finance"]}),
        ("config.json", "metadata.categories: at most 2 items are allowed"),
    ),
    Case(
        "config-no-apiDefinition",
        lambda f: _edit_config(f, apiDefinition=_DELETE),
        ("config.json", "apiDefinition: required key is missing"),
    ),
    Case(
        "config-several-problems",
        lambda f: _edit_config(f, publisher=1, iconBrandColor="red"),
        ("has 2 problem(s)", "publisher: expected string", 'iconBrandColor: "red"'),
    ),
    Case(
        "apiDefinition-file-missing",
        lambda f: (f / "apiDefinition.json").unlink(),
        (
            "config.json",
            "apiDefinition names apiDefinition.json, which does not exist",
            "relative to the config file's folder",
        ),
    ),
    Case(
        "icon-file-missing",
        lambda f: (f / "logo.png").unlink(),
        ("config.json", "icon names logo.png, which does not exist"),
    ),
    Case(
        "definition-oversize-valid-json",
        _oversize_valid_json,
        ("apiDefinition.json", "is 1,048,577 bytes", "the limit is 1,048,576 bytes"),
    ),
    Case(
        "definition-oversize-garbage",
        lambda f: (
            (f / "apiDefinition.json").write_bytes((b"not JSON {,]\x01" * LIMIT)[: LIMIT + 1])
            and None
        ),
        ("apiDefinition.json", "is 1,048,577 bytes", "the limit is 1,048,576 bytes"),
    ),
    Case(
        "definition-invalid-json",
        lambda f: (
            (f / "apiDefinition.json").write_text(
                '{\n  "swagger": "2.0",\n  "info": {"title": "A" "B"},\n  "paths": {}\n}\n'
            )
            and None
        ),
        (
            "apiDefinition.json",
            "is not valid JSON",
            "line 3, column 25",
            '  3 |   "info": {"title": "A" "B"},',
            "|                         ^",
        ),
    ),
    Case(
        "definition-openapi-3.2",
        lambda f: _edit_swagger(f, lambda d: (d.pop("swagger"), d.update(openapi="3.2.0"))),
        (
            "apiDefinition.json",
            "is OpenAPI 3.2.0",
            "reads OpenAPI 3.0.x and 3.1.x",
            "need Swagger 2.0",
        ),
    ),
    Case(
        "definition-openapi-3-broken",
        lambda f: _edit_swagger(
            f, lambda d: (d.pop("swagger"), d.update(openapi="3.0.3", paths=[]))
        ),
        ("apiDefinition.json", "not a valid OpenAPI 3.0.3 document", "/paths", "must be an object"),
    ),
    Case(
        "definition-swagger-1.2",
        lambda f: _edit_swagger(f, lambda d: d.update(swagger="1.2")),
        ("apiDefinition.json", "is Swagger 1.2", "need Swagger 2.0"),
    ),
    Case(
        "definition-swagger-missing",
        lambda f: _edit_swagger(f, lambda d: d.pop("swagger")),
        ("apiDefinition.json", "'swagger' property is missing", 'must be the string "2.0"'),
    ),
    Case(
        "definition-no-title",
        lambda f: _edit_swagger(f, lambda d: d["info"].pop("title")),
        ("apiDefinition.json", "/info/title", "'info.title' is required"),
    ),
    Case(
        "definition-no-paths",
        lambda f: _edit_swagger(f, lambda d: d.pop("paths")),
        ("apiDefinition.json", "/paths", "'paths' must be an object"),
    ),
    Case(
        "oauth-without-clientId",
        lambda f: _edit_oauth(f, clientId=_DELETE),
        ("config.json", "fill in:\n  - oauth2.clientId: ", "client (application) id"),
        sample="generic-oauth",
    ),
    Case(
        "oauth-empty-clientId",
        lambda f: _edit_oauth(f, clientId=""),
        ("  - oauth2.clientId: ",),
        sample="entra-id-oauth",
    ),
    Case(
        "aad-without-clientId-and-resourceUri",
        lambda f: _edit_oauth(f, clientId=_DELETE, resourceUri=_DELETE),
        ("  - oauth2.clientId: ", "  - oauth2.resourceUri: "),
        sample="entra-id-oauth",
    ),
    Case(
        "aad-without-resourceUri",
        lambda f: _edit_oauth(f, resourceUri=_DELETE),
        ("config.json", "  - oauth2.resourceUri: ", "App ID URI"),
        sample="entra-id-oauth",
    ),
    Case(
        "script-unknown-operation",
        lambda f: _edit_config(f, script={"operations": ["getCurrentConditon"]}),
        (
            "config.json",
            "script.operations",
            "'getCurrentConditon'",
            "(did you mean 'getCurrentConditions'?)",
        ),
    ),
    Case(
        "icon-not-an-image",
        lambda f: (f / "logo.png").write_text("this is not a picture\n") and None,
        ("logo.png", "is not a PNG or JPEG image", "export the logo as PNG"),
    ),
    Case(
        "icon-huge-header",
        lambda f: (f / "logo.png").write_bytes(_png_header(100_000, 100_000)) and None,
        ("logo.png", "10,000,000,000 pixels", "refusing to decode it", "smaller logo"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_generate_refuses(case: Case, sample_copy: Callable[[str], Path], cli: Any) -> None:
    config = sample_copy(case.sample)
    folder = config.parent
    config = case.mutate(folder) or config
    out = folder / "out"
    before = snapshot(folder)

    result = cli("generate", "--config", config, "--out", out)

    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stderr.startswith("error: "), result.stderr
    for fragment in case.expected:
        assert fragment in result.stderr, f"{fragment!r} not in:\n{result.stderr}"
    assert result.stdout == "", "nothing is listed as written"
    assert not out.exists()
    assert snapshot(folder) == before, "the input folder changed"


def test_refusal_is_reported_before_any_write_of_an_existing_out(
    sample_copy: Callable[[str], Path], cli: Any
) -> None:
    """A failing run into an existing folder with --force leaves that folder as it was."""
    config = sample_copy("api-key")
    out = config.parent / "out"
    assert cli("generate", "--config", config, "--out", out).exit_code == 0
    (out / "notes.txt").write_text("mine")
    before = snapshot(out)
    (config.parent / "logo.png").write_text("broken")
    result = cli("generate", "--config", config, "--out", out, "--force")
    assert result.exit_code == 1
    assert snapshot(out) == before


def test_out_folder_not_empty_without_force(sample_copy: Callable[[str], Path], cli: Any) -> None:
    config = sample_copy("api-key")
    out = config.parent / "out"
    out.mkdir()
    (out / "notes.txt").write_text("my notes\n")
    (out / "README.md").write_text("my readme\n")
    before = snapshot(config.parent)

    result = cli("generate", "--config", config, "--out", out)

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert str(out) in result.stderr
    assert "is not empty" in result.stderr
    assert "README.md" in result.stderr and "notes.txt" in result.stderr
    assert "--force" in result.stderr
    assert snapshot(config.parent) == before


def test_out_is_an_existing_file(sample_copy: Callable[[str], Path], cli: Any) -> None:
    config = sample_copy("api-key")
    out = config.parent / "out.txt"
    out.write_text("not a folder\n")
    before = snapshot(config.parent)

    result = cli("generate", "--config", config, "--out", out)

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"--out {out} is a file" in result.stderr
    assert "give a folder" in result.stderr
    assert snapshot(config.parent) == before


def test_utf8_bom_is_accepted(sample_copy: Callable[[str], Path], cli: Any) -> None:
    config = sample_copy("api-key")
    for path in (config, config.parent / "apiDefinition.json"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    out = config.parent / "out"

    result = cli("generate", "--config", config, "--out", out)

    assert result.exit_code == 0, result.output
    definition = (out / "apiDefinition.json").read_bytes()
    assert not definition.startswith(b"\xef\xbb\xbf")
    assert json.loads(definition)["info"]["title"] == "Northwind Weather"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("generate", "--out", "x", "--no-such-option"), "No such option: --no-such-option"),
        (("generate", "--config", "config.json"), "Missing option '--out'"),
        (("new-config", "--bogus"), "No such option: --bogus"),
        (("no-such-command",), "No such command"),
    ],
    ids=["unknown-option", "missing-out", "new-config-unknown-option", "unknown-command"],
)
def test_usage_errors_exit_2(
    args: tuple[str, ...], fragment: str, cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli(*args)
    assert result.exit_code == 2
    assert fragment in result.output
    assert "Usage:" in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind", ["missing-config", "invalid-json"])
def test_refusal_end_to_end_has_no_traceback(kind: str, sample_copy: Callable[[str], Path]) -> None:
    """The real process: exit 1, the message on stderr, nothing on stdout, no traceback."""
    config = sample_copy("api-key")
    if kind == "missing-config":
        config = config.parent / "absent.json"
    else:
        (config.parent / "apiDefinition.json").write_text('{"swagger": "2.0",,}')
    out = config.parent / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "connectorgen",
            "generate",
            "--config",
            str(config),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.stdout == ""
    if kind == "missing-config":
        assert "absent.json does not exist" in proc.stderr
    else:
        assert re.search(r"not valid JSON: .* at line 1, column \d+\.", proc.stderr)
    assert not out.exists()


@pytest.mark.parametrize("sample", ["generic-oauth", "entra-id-oauth"])
def test_oauth_error_names_the_real_config_file(
    sample: str, sample_copy: Callable[[str], Path], cli: Any
) -> None:
    config = sample_copy(sample)
    renamed = config.with_name("contoso-connector.json")
    data = json.loads(config.read_text())
    data["oauth2"]["clientId"] = ""
    renamed.write_text(json.dumps(data))
    result = cli("generate", "--config", renamed, "--out", config.parent / "out")
    assert result.exit_code == 1
    assert "oauth2.clientId" in result.stderr
    assert str(renamed) in result.stderr
