"""The JSON connectorgen writes, and the white space it reads (issue 10, points 4 and 7).

paconn opens apiProperties.json and the API definition with the platform's default encoding
(../shared/reference/deploy.md): under Windows-1252 UTF-8 text is garbled ("Alkymi’s" becomes
"Alkymiâ€™s") or crashes it ("Á"). Written with \\u escapes, the same JSON is plain ASCII and
reads the same under every code page.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

import connectorgen
from connectorgen.core.diagnostics import InputError
from connectorgen.core.jsonio import dump_json, parse_json

NON_ASCII = "Alkymi’s Á résumé 東京 \U0001f680"


@pytest.mark.parametrize("extra", [{}, {"lone": "\ud800"}])
def test_dump_json_is_ascii_with_the_same_value(extra: dict[str, str]) -> None:
    value = {"title": NON_ASCII, **extra}
    data = dump_json(value)

    data.decode("ascii")  # raises if any byte is not ASCII
    assert json.loads(data) == value
    assert b"Alkymi\\u2019s" in data
    assert data.endswith(b"}\n") and b'\n  "title"' in data  # two-space indent, final newline


def test_generated_json_reads_the_same_under_cp1252(
    make_connector: Callable[..., Path], swagger_doc: Callable[..., dict], tmp_path: Path
) -> None:
    doc = swagger_doc(title="Alkymi Data")
    doc["info"]["description"] = NON_ASCII
    doc["paths"]["/items"]["get"]["summary"] = "Liste des éléments"
    config = make_connector(doc, {"publisher": "Ünïcode GmbH", "stackOwner": "Á Corp"})
    out = tmp_path / "out"

    connectorgen.generate(config, out)

    for name in ("apiDefinition.json", "apiProperties.json", "settings.json"):
        data = (out / name).read_bytes()
        # What paconn does on Windows: open() with the ANSI code page.
        assert json.loads(data.decode("cp1252")) == json.loads(data.decode("utf-8")), name
    definition = json.loads((out / "apiDefinition.json").read_bytes().decode("cp1252"))
    assert definition["info"]["description"] == NON_ASCII
    properties = json.loads((out / "apiProperties.json").read_bytes().decode("cp1252"))
    assert properties["properties"]["publisher"] == "Ünïcode GmbH"
    # Markdown stays UTF-8 text: people read it, paconn does not.
    assert "Liste des éléments" in (out / "README.md").read_text(encoding="utf-8")


# ------------------------------------------------------------------ Unicode white space


EM = "\u2003"


def _indented_with(space: str) -> bytes:
    text = "{\n" + space * 2 + '"swagger": "2.0",\n' + space * 2 + '"n": [1,' + space + "2]\n}\n"
    return text.encode("utf-8")


@pytest.mark.parametrize(
    "space", ["\u2003", "\u00a0", "\u3000", "\u2028", "\u202f", "\u205f", "\u1680", "\ufeff"]
)
def test_unicode_space_between_tokens_is_read_with_a_warning(space: str) -> None:
    loaded = parse_json(_indented_with(space), "apiDefinition.json")

    assert loaded.value == {"swagger": "2.0", "n": [1, 2]}
    [warning] = [w for w in loaded.warnings if w.code == "json-lenient"]
    assert warning.level == "warning"
    assert warning.line == 2 and warning.column == 1
    assert f"U+{ord(space):04X}" in warning.message
    assert "5 " in warning.message  # every one is counted, in one warning


def test_unicode_space_inside_a_string_is_kept() -> None:
    loaded = parse_json(f'{{"a": "x{EM}y",{EM}"b": 1}}'.encode(), "f.json")

    assert loaded.value == {"a": f"x{EM}y", "b": 1}
    assert len(loaded.warnings) == 1


def test_positions_stay_right_after_unicode_spaces() -> None:
    text = "{\n" + EM * 4 + '"a": 1,\n' + EM * 4 + '"b" 2\n}\n'

    with pytest.raises(InputError) as caught:
        parse_json(text.encode(), "f.json")

    diag = caught.value.diagnostics[0]
    assert (diag.line, diag.column) == (3, 9)  # the 2 after "b", counted in characters
    assert "line 3, column 9" in caught.value.message


def test_unicode_spaces_and_trailing_commas_together() -> None:
    loaded = parse_json(f'{{"a": [1, 2,{EM}],{EM}}}'.encode(), "f.json")

    assert loaded.value == {"a": [1, 2]}
    messages = " ".join(w.message for w in loaded.warnings)
    assert "trailing comma" in messages and "U+2003" in messages


def test_generate_accepts_an_em_space_indented_definition(
    make_connector: Callable[..., Path], swagger_doc: Callable[..., dict], tmp_path: Path
) -> None:
    """ZohoSign's accepted Swagger indents with U+2003; generate refused it."""
    text = json.dumps(swagger_doc(), indent=2)
    indented = "\n".join(
        EM * (len(line) - len(line.lstrip())) + line.lstrip() for line in text.split("\n")
    )
    config = make_connector(indented.encode("utf-8"))

    result = connectorgen.generate(config, tmp_path / "out")

    lenient = [d for d in result.diagnostics if d.code == "json-lenient"]
    assert len(lenient) == 1 and lenient[0].level == "warning"
    assert "U+2003" in lenient[0].message
    written = json.loads((tmp_path / "out" / "apiDefinition.json").read_bytes())
    assert written["paths"] == swagger_doc()["paths"]
