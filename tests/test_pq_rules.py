"""Each Power Query rule: a defect written into a copy of a project that passes, and the rule
and the line it is reported at. The project is `pq new`'s (always available); the samples of
../shared/pq-samples get their own defects in test_pq_samples.py."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pq_support import findings, line_of, main_text, new, write_main

from connectorgen.catalog import registry

Edit = Callable[[Path, str], tuple[str, str]]  # (folder, text) -> (new text, line marker)


def replace(old: str, new_text: str, marker: str | None = None) -> Edit:
    def edit(folder: Path, text: str) -> tuple[str, str]:
        assert old in text, old
        return text.replace(old, new_text, 1), marker or new_text.strip() or old

    return edit


def append(code: str, marker: str | None = None) -> Edit:
    def edit(folder: Path, text: str) -> tuple[str, str]:
        return text + code, marker or code.strip()

    return edit


LABEL = '    Label = Extension.LoadString("DataSourceLabel")\r\n'

# rule, sign-in of the project, the defect, where the finding is (None: the marker's line).
DEFECTS: list[tuple[str, str, Edit]] = [
    ("pq-version", "key", replace('[Version = "1.0.0"]\r\n', "", "section Contoso;")),
    ("pq-version", "key", replace('"1.0.0"', '"1.0"', "[Version")),
    ("pq-syntax", "key", append("\r\nBroken = (1 + 2;\r\n", "Broken")),
    ("pq-syntax", "key", append("\r\nBroken = [a = 1);\r\n", "Broken")),
    ("pq-duplicate-member", "key", append('\r\nBaseUrl = "https://b.example.com/";\r\n')),
    ("pq-data-source-kind", "key", replace('Kind = "Contoso"', 'Kind = "Contosoo"')),
    ("pq-data-source-kind", "key", replace("shared Contoso.Contents", "Contoso.Contents")),
    (
        "pq-data-source-kind",
        "key",
        append('\r\n[Publish = "Contoso.Publish"]\r\nshared Contoso.More = 1;\r\n', "[Publish"),
    ),
    ("pq-publish-record", "key", replace('Publish = "Contoso.Publish"', 'Publish = "Contoso.P"')),
    (
        "pq-publish-missing",
        "key",
        replace(', Publish = "Contoso.Publish"', "", '[DataSource.Kind = "Contoso"]'),
    ),
    (
        "pq-test-connection",
        "key",
        replace(
            '    TestConnection = (dataSourcePath) => {"Contoso.Contents"},\r\n', "", "Contoso = ["
        ),
    ),
    ("pq-test-connection", "key", replace('{"Contoso.Contents"}', '{"ContosoImpl"}')),
    ("pq-authentication", "key", replace("        Key = [", "        Basic = [")),
    (
        "pq-authentication",
        "oauth",
        replace("            FinishLogin = FinishLogin,\r\n", "", "OAuth = ["),
    ),
    ("pq-authentication", "aad", replace('Resource = "https://api.example.com",', "", "Aad = [")),
    ("pq-kind-label", "anonymous", replace("],\r\n" + LABEL, "]\r\n", "Contoso = [")),
    (
        "pq-button-text",
        "key",
        replace(
            '    ButtonText = {Extension.LoadString("ButtonTitle"), '
            'Extension.LoadString("ButtonHelp")},\r\n',
            "",
            "Contoso.Publish = [",
        ),
    ),
    (
        "pq-button-text",
        "key",
        replace('Extension.LoadString("ButtonHelp")}', '"a", "b"}', "ButtonText"),
    ),
    ("pq-category", "key", replace('    Category = "Other",\r\n', "", "Contoso.Publish = [")),
    ("pq-beta", "key", replace("    Beta = true,\r\n", "", "Contoso.Publish = [")),
    (
        "pq-learn-more-url",
        "key",
        replace('"https://www.example.com/"', '"http://www.example.com/"', "LearnMoreUrl"),
    ),
    (
        "pq-icons",
        "key",
        replace(",\r\n    SourceTypeImage = Contoso.Icons", "", "Contoso.Publish = ["),
    ),
    (
        "pq-icons",
        "key",
        replace('        Extension.Contents("Contoso24.png"),\r\n', "", "Icon16 ="),
    ),
    (
        "pq-function-documentation",
        "key",
        replace("Value.ReplaceType(ContosoImpl, ContosoType)", "ContosoImpl", "shared Contoso"),
    ),
    (
        "pq-function-naming",
        "key",
        append(
            '\r\n[DataSource.Kind = "Contoso"]\r\nshared GetAll = ContosoImpl;\r\n', "shared GetAll"
        ),
    ),
    (
        "pq-forbidden-words",
        "key",
        append(
            '\r\n[DataSource.Kind = "Contoso"]\r\nshared Contoso.ApiTables = ContosoImpl;\r\n',
            "shared Contoso.ApiTables",
        ),
    ),
    (
        "pq-http-credentials",
        "key",
        replace('"https://api.example.com/"', '"http://api.example.com/"', "BaseUrl ="),
    ),
    (
        "pq-http-credentials",  # anonymous, but the code reads a credential
        "anonymous",
        append(
            '\r\nK = Extension.CurrentCredential()[Key];\r\nU = "http://a.example.com/";\r\n', "U ="
        ),
    ),
    (
        "pq-expression-evaluate",
        "key",
        append(
            "\r\nEval = (code) => Expression.Evaluate(code, #shared);\r\n"
            'Downloaded = Eval(Text.FromBinary(Web.Contents("https://x.example.com/a.m")));\r\n',
            "Downloaded",
        ),
    ),
    (
        "pq-expression-evaluate",
        "key",
        append(
            '\r\n[DataSource.Kind = "Contoso"]\r\n'
            "shared Contoso.Run = (code as text) => Expression.Evaluate(code, #shared);\r\n",
            "shared Contoso.Run",
        ),
    ),
    (
        "pq-expression-evaluate",
        "key",
        append(
            "\r\nLoad = (name as text) => let b = Extension.Contents(name) in "
            "Expression.Evaluate(Text.FromBinary(b), #shared);\r\n"
            'Helper = Load(BaseUrl & "x.pqm");\r\n',
            "Helper",
        ),
    ),
    ("pq-trace-enabled", "key", append("\r\nEnableTraceOutput = true;\r\n")),
    (
        "pq-credential-query",
        "key",
        replace(
            '[Headers = [#"x-api-key" = key], ManualCredentials = true]',
            "[Query = [api_key = key], ManualCredentials = true]",
            "response = Web.Contents",
        ),
    ),
    (
        "pq-strings-in-resources",
        "key",
        replace(
            '{Extension.LoadString("ButtonTitle"), Extension.LoadString("ButtonHelp")}',
            '{"Contoso", "Contoso data"}',
            "ButtonText",
        ),
    ),
    ("pq-resource-key", "key", replace('LoadString("KeyLabel")', 'LoadString("NoSuchKey")')),
    (
        "pq-section-document",
        "key",
        lambda folder, text: ("let\r\n    x = 1\r\nin\r\n    x\r\n", "let"),
    ),
]


@pytest.mark.parametrize(
    ("rule", "auth", "edit"), DEFECTS, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(DEFECTS)]
)
def test_defect_is_reported_at_its_line(tmp_path: Path, rule: str, auth: str, edit: Edit) -> None:
    folder = new(tmp_path, auth)  # type: ignore[arg-type]
    assert findings(folder) == []
    text, marker = edit(folder, main_text(folder))
    write_main(folder, text)
    found = findings(folder)
    assert (rule, line_of(text, marker)) in found, found


def test_every_checked_rule_has_a_defect_test() -> None:
    """A checked rule without a defect here (or in the file tests below) is untested."""
    tested = {rule for rule, _, _ in DEFECTS} | FILE_RULES
    checked = {r.id for r in registry().for_target("powerquery") if r.kind == "checked"}
    assert checked - tested == set()


# ---------------------------------------------------------------- defects in other files

FILE_RULES = {
    "pq-icon-size",
    "pq-referenced-file",
    "pq-subfolder",
    "pq-main-file",
    "pq-encoding",
    "pq-encoding-comment",
    "pq-resx-url",
    "pq-resx-readable",
    "pq-name-agreement",
    "pq-package-zip",
    "pq-package-flat",
    "pq-content-types",
}


def test_icon_of_the_wrong_size(tmp_path: Path) -> None:
    folder = new(tmp_path)
    shutil.copy(folder / "Contoso64.png", folder / "Contoso20.png")
    text = main_text(folder)
    line = line_of(text, 'Extension.Contents("Contoso20.png")')
    assert findings(folder) == [("pq-icon-size", line)]
    (folder / "Contoso24.png").write_bytes(b"GIF89a not a png")
    assert ("pq-icon-size", line_of(text, '"Contoso24.png"')) in findings(folder)


def test_missing_and_subfolder_files(tmp_path: Path) -> None:
    folder = new(tmp_path)
    text = main_text(folder)
    (folder / "Contoso20.png").unlink()
    assert findings(folder) == [
        ("pq-referenced-file", line_of(text, '"Contoso20.png"')),
    ]
    (folder / "images").mkdir()
    (folder / "images" / "Contoso20.png").write_bytes((folder / "Contoso24.png").read_bytes())
    (folder / "images" / "Extra.pqm").write_text("1", encoding="utf-8")  # not named: not ours
    (folder / "images" / "screenshot.png").write_bytes(b"png")  # a picture for the docs
    (folder / "strings").mkdir()
    (folder / "strings" / "resources.fr.resx").write_text("<root/>", encoding="utf-8")
    (folder / "bin").mkdir()
    (folder / "bin" / "Old.pqm").write_text("1", encoding="utf-8")  # build output: not searched
    found = findings(folder)
    # found in a subfolder: packaged at the root (so no missing file), and said twice
    assert sorted(found, key=str) == [
        ("pq-icon-size", line_of(text, '"Contoso20.png"')),
        ("pq-subfolder", None),
        ("pq-subfolder", None),
    ]


def test_two_section_documents_and_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    folder = new(tmp_path)
    text = main_text(folder)
    latin1 = text.replace("// The service", "// Caf\u00e9: the service").encode("latin-1")
    (folder / "Contoso.pq").write_bytes(latin1)
    assert findings(folder) == [("pq-encoding-comment", line_of(text, "// The service"))]
    in_code = text.replace("Connect to", "Caf\u00e9").replace('"Other"', '"Caf\u00e9"')
    (folder / "Contoso.pq").write_bytes(("// Caf\u00e9\r\n" + in_code).encode("latin-1"))
    assert findings(folder) == [("pq-encoding", 1 + line_of(in_code, 'Category = "Caf'))]
    shutil.copy(folder / "Contoso.pq", folder / "Second.m")
    assert findings(folder) == [("pq-main-file", None)]


def test_resx_defects(tmp_path: Path) -> None:
    folder = new(tmp_path)
    resx = (folder / "resources.resx").read_text(encoding="utf-8")
    with_url = resx.replace("Connect to Contoso", "See https://contoso.example.com")
    (folder / "resources.resx").write_text(with_url, encoding="utf-8")
    assert findings(folder) == [("pq-resx-url", line_of(with_url, '"ButtonHelp"'))]
    broken = resx.replace("</root>", "")
    (folder / "resources.resx").write_text(broken, encoding="utf-8")
    assert [rule for rule, _ in findings(folder)] == ["pq-resx-readable"]
    entity = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><root>&a;</root>'
    (folder / "resources.resx").write_text(entity, encoding="utf-8")
    assert findings(folder) == [("pq-resx-readable", 1)]


def test_names_that_disagree(tmp_path: Path) -> None:
    folder = new(tmp_path)
    (folder / "Contoso.pq").rename(folder / "ContosoData.pq")
    text = main_text(folder, "ContosoData")
    assert findings(folder) == [("pq-name-agreement", line_of(text, "section Contoso"))]


def test_the_loader_of_the_samples_is_allowed(tmp_path: Path) -> None:
    folder = new(tmp_path)
    (folder / "Helper.pqm").write_text("(x) => x", encoding="utf-8")
    loader = (
        "\r\nExtension.LoadFunction = (name as text) =>\r\n    let\r\n"
        "        binary = Extension.Contents(name), asText = Text.FromBinary(binary)\r\n"
        "    in\r\n        Expression.Evaluate(asText, #shared);\r\n"
        'Helper = Extension.LoadFunction("Helper.pqm");\r\n'
        "Inline = Expression.Evaluate("
        'Text.FromBinary(Extension.Contents("Helper.pqm")), #shared);\r\n'
        'Literal = Expression.Evaluate("1 + 1");\r\n'
        "EnableTraceOutput = false;\r\n"
    )
    write_main(folder, main_text(folder) + loader)
    assert findings(folder) == []
    write_main(folder, main_text(folder) + 'Missing = Extension.LoadFunction("Nope.pqm");\r\n')
    assert findings(folder) == [("pq-referenced-file", line_of(main_text(folder), "Missing ="))]


def test_a_binary_file_and_a_flood_of_syntax_errors(tmp_path: Path) -> None:
    folder = new(tmp_path)
    (folder / "Contoso.pq").write_bytes((folder / "Contoso16.png").read_bytes())
    assert findings(folder) == [("pq-encoding", 1)]
    write_main(folder, "section Contoso;\r\nA = 1 " + "\u00a4" * 40 + ";\r\n")
    syntax = [line for rule, line in findings(folder) if rule == "pq-syntax"]
    assert syntax == [2] * 21  # twenty, then one finding for the rest
