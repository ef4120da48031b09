"""Each diff rule on the fixture connector of diff_cases.py: the breaking change it reports,
where (file, pointer, line), and the safe changes that give no finding."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from diff_cases import Doc, changed, line_of, op, properties, swagger, write_connector

from connectorgen.catalog import registry
from connectorgen.diff.run import diff_paths, diff_rules
from connectorgen.lint.rules import Finding

OLD, NEW = "old", "new"
DEFINITION, PROPS = "apiDefinition.swagger.json", "apiProperties.json"
Mutation = Callable[[Doc], object] | None


def run(tmp_path: Path, api: Mutation = None, props: Mutation = None) -> list[Finding]:
    write_connector(tmp_path / OLD, swagger(), properties())
    write_connector(tmp_path / NEW, *changed(api, props))
    report = diff_paths(tmp_path / OLD, tmp_path / NEW)
    assert not report.crashes
    return report.findings


def where(tmp_path: Path, findings: list[Finding]) -> set[tuple[str, str, str, str | None]]:
    """(rule, side, file, pointer) of each finding; its line checked against the file."""
    found = set()
    for f in findings:
        path = Path(f.file or "")
        side = path.parent.name
        assert f.line == line_of(path.read_text(encoding="utf-8"), f.pointer or ""), f
        found.add((f.code, side, path.name, f.pointer))
    return found


# ---------------------------------------------------------------- breaking changes


def _delete(path: str, method: str) -> Callable[[Doc], object]:
    return lambda d: d["paths"][path].pop(method)


def _set(path: str, method: str, key: str, value: Any) -> Callable[[Doc], object]:
    return lambda d: op(d, path, method).__setitem__(key, value)


def _param(index: int, key: str, value: Any) -> Callable[[Doc], object]:
    return lambda d: op(d, "/tasks", "get")["parameters"][index].__setitem__(key, value)


def _move_get_task(d: Doc) -> None:
    item = d["paths"]["/tasks/{taskId}"]
    d["paths"]["/items/{taskId}"] = {"parameters": item["parameters"], "get": item.pop("get")}


def _rename_method(d: Doc) -> None:
    d["paths"]["/tasks"]["put"] = d["paths"]["/tasks"].pop("post")


def _new_task(key: str, value: Any) -> Callable[[Doc], object]:
    return lambda d: d["definitions"]["NewTask"].__setitem__(key, value)


def _add_required_body_field(d: Doc) -> None:
    d["definitions"]["NewTask"]["properties"]["due"] = {"type": "string", "format": "date"}
    d["definitions"]["NewTask"]["required"].append("due")


def _connection(name: str, key: str | None, value: Any) -> Callable[[Doc], object]:
    def change(d: Doc) -> None:
        params = d["properties"]["connectionParameters"]
        if key is None:
            params[name] = value
        else:
            params[name][key] = value

    return change


def _oauth(key: str, value: Any) -> Callable[[Doc], object]:
    return lambda d: d["properties"]["connectionParameters"]["token"]["oAuthSettings"].__setitem__(
        key, value
    )


def _token_url(d: Doc) -> None:
    settings = d["properties"]["connectionParameters"]["token"]["oAuthSettings"]
    settings["customParameters"]["tokenUrl"]["value"] = "https://login.contoso.net/token"


def _region_required(d: Doc) -> None:
    d["properties"]["connectionParameters"]["token:region"]["uiDefinition"]["constraints"][
        "required"
    ] = "true"


TASKS_GET = "/paths/~1tasks/get"
BREAKING: list[tuple[str, Mutation, Mutation, set[tuple[str, str, str, str]]]] = [
    (
        "operation deleted",
        _delete("/tasks", "post"),
        None,
        {("operation-deleted", OLD, DEFINITION, "/paths/~1tasks/post")},
    ),
    (
        "operationId renamed",
        _set("/tasks", "get", "operationId", "ListAllTasks"),
        None,
        {("operation-deleted", OLD, DEFINITION, TASKS_GET)},
    ),
    (
        "deprecated operation deleted",
        _delete("/tasks/{taskId}", "delete"),
        None,
        {("operation-deleted", OLD, DEFINITION, "/paths/~1tasks~1{taskId}/delete")},
    ),
    (
        "operation hidden",
        _set("/tasks/{taskId}", "get", "x-ms-visibility", "internal"),
        None,
        {
            (
                "operation-hidden",
                NEW,
                DEFINITION,
                "/paths/~1tasks~1{taskId}/get/x-ms-visibility",
            )
        },
    ),
    (
        "path template changed",
        _move_get_task,
        None,
        {("operation-path-changed", NEW, DEFINITION, "/paths/~1items~1{taskId}/get")},
    ),
    (
        "HTTP method changed",
        _rename_method,
        None,
        {("operation-method-changed", NEW, DEFINITION, "/paths/~1tasks/put")},
    ),
    (
        "parameter location changed",
        _param(0, "in", "header"),
        None,
        {("parameter-location-changed", NEW, DEFINITION, f"{TASKS_GET}/parameters/0/in")},
    ),
    (
        "required parameter added",
        lambda d: op(d, "/tasks", "get")["parameters"].append(
            {"name": "tenant", "in": "query", "required": True, "type": "string"}
        ),
        None,
        {("required-input-added", NEW, DEFINITION, f"{TASKS_GET}/parameters/2")},
    ),
    (
        "optional parameter made required",
        _param(0, "required", True),
        None,
        {("required-input-added", NEW, DEFINITION, f"{TASKS_GET}/parameters/0/required")},
    ),
    (
        "optional body property made required",
        _new_task("required", ["title", "priority"]),
        None,
        {("required-input-added", NEW, DEFINITION, "/definitions/NewTask/properties/priority")},
    ),
    (
        "required body property added",
        _add_required_body_field,
        None,
        {("required-input-added", NEW, DEFINITION, "/definitions/NewTask/properties/due")},
    ),
    (
        "output field deleted (through $ref and allOf)",
        lambda d: d["definitions"]["Base"]["properties"].pop("created"),
        None,
        {("output-field-deleted", OLD, DEFINITION, "/definitions/Base/properties/created")},
    ),
    (
        "output header deleted",
        lambda d: op(d, "/tasks", "post")["responses"]["201"].pop("headers"),
        None,
        {
            (
                "output-field-deleted",
                OLD,
                DEFINITION,
                "/paths/~1tasks/post/responses/201/headers/Location",
            )
        },
    ),
    (
        "response schema removed",
        lambda d: d["responses"]["TaskResponse"].pop("schema"),
        None,
        {("output-field-deleted", OLD, DEFINITION, "/responses/TaskResponse/schema")},
    ),
    (
        "webhook notification fields deleted",
        lambda d: d["paths"]["/hooks"]["x-ms-notification-content"].__setitem__(
            "schema", {"$ref": "#/definitions/Base"}
        ),
        None,
        {
            ("output-field-deleted", OLD, DEFINITION, f"/definitions/Task/allOf/1/properties/{p}")
            for p in ("title", "assignee", "subtasks")
        },
    ),
    (
        "output type changed (in a definition that contains itself)",
        lambda d: d["definitions"]["Person"]["properties"]["name"].__setitem__("type", "integer"),
        None,
        {("output-type-changed", NEW, DEFINITION, "/definitions/Person/properties/name/type")},
    ),
    (
        "output format changed",
        lambda d: d["definitions"]["Base"]["properties"]["created"].__setitem__("format", "date"),
        None,
        {
            (
                "output-format-changed",
                NEW,
                DEFINITION,
                "/definitions/Base/properties/created/format",
            )
        },
    ),
    (
        "input parameter deleted",
        lambda d: op(d, "/tasks", "get")["parameters"].pop(0),
        None,
        {("input-field-deleted", OLD, DEFINITION, f"{TASKS_GET}/parameters/0")},
    ),
    (
        "input body property deleted",
        lambda d: d["definitions"]["NewTask"]["properties"].pop("notes"),
        None,
        {("input-field-deleted", OLD, DEFINITION, "/definitions/NewTask/properties/notes")},
    ),
    (
        "input type changed",
        lambda d: d["definitions"]["NewTask"]["properties"]["priority"].__setitem__(
            "type", "string"
        ),
        None,
        {("input-type-changed", NEW, DEFINITION, "/definitions/NewTask/properties/priority/type")},
    ),
    (
        "enum values removed from an input",
        _param(0, "enum", ["open"]),
        None,
        {("input-enum-values-removed", NEW, DEFINITION, f"{TASKS_GET}/parameters/0/enum")},
    ),
    (
        "enum put on a free input",
        _param(1, "enum", ["p1", "p2"]),
        None,
        {("input-enum-values-removed", NEW, DEFINITION, f"{TASKS_GET}/parameters/1/enum")},
    ),
    (
        "x-ms-dynamic-values source operation removed",
        lambda d: d["paths"].pop("/projects"),
        None,
        {
            ("operation-deleted", OLD, DEFINITION, "/paths/~1projects/get"),
            (
                "dynamic-source-removed",
                NEW,
                DEFINITION,
                f"{TASKS_GET}/parameters/1/x-ms-dynamic-values",
            ),
        },
    ),
    (
        "host changed",
        lambda d: d.__setitem__("host", "tasks.contoso.com"),
        None,
        {("backend-url-changed", NEW, DEFINITION, "/host")},
    ),
    (
        "basePath changed",
        lambda d: d.__setitem__("basePath", "/v2"),
        None,
        {("backend-url-changed", NEW, DEFINITION, "/basePath")},
    ),
    (
        "scheme dropped",
        lambda d: d.__setitem__("schemes", ["http"]),
        None,
        {("backend-url-changed", NEW, DEFINITION, "/schemes")},
    ),
    (
        "trigger kind changed",
        _set("/hooks", "post", "x-ms-trigger", "batch"),
        None,
        {("trigger-changed", NEW, DEFINITION, "/paths/~1hooks/post/x-ms-trigger")},
    ),
    (
        "no longer a trigger",
        lambda d: op(d, "/hooks", "post").pop("x-ms-trigger"),
        None,
        {("trigger-changed", NEW, DEFINITION, "/paths/~1hooks/post")},
    ),
    (
        "security definitions of another kind",
        lambda d: d.update(
            securityDefinitions={"api_key": {"type": "apiKey", "in": "header", "name": "X-Key"}},
            security=[{"api_key": []}],
        ),
        None,
        {("sign-in-changed", NEW, DEFINITION, "/securityDefinitions")},
    ),
    (
        "connection parameter removed",
        None,
        lambda d: d["properties"]["connectionParameters"].pop("token:region"),
        {
            (
                "connection-parameter-removed",
                OLD,
                PROPS,
                "/properties/connectionParameters/token:region",
            )
        },
    ),
    (
        "connection parameter renamed",
        None,
        lambda d: d["properties"]["connectionParameters"].__setitem__(
            "token:area", d["properties"]["connectionParameters"].pop("token:region")
        ),
        {
            (
                "connection-parameter-removed",
                OLD,
                PROPS,
                "/properties/connectionParameters/token:region",
            )
        },
    ),
    (
        "required connection parameter added",
        None,
        _connection(
            "token:tenant",
            None,
            {"type": "string", "uiDefinition": {"constraints": {"required": "true"}}},
        ),
        {
            (
                "connection-parameter-required",
                NEW,
                PROPS,
                "/properties/connectionParameters/token:tenant",
            )
        },
    ),
    (
        "optional connection parameter made required",
        None,
        _region_required,
        {
            (
                "connection-parameter-required",
                NEW,
                PROPS,
                "/properties/connectionParameters/token:region/uiDefinition/constraints/required",
            )
        },
    ),
    (
        "identityProvider changed",
        None,
        _oauth("identityProvider", "aad"),
        {
            (
                "sign-in-changed",
                NEW,
                PROPS,
                "/properties/connectionParameters/token/oAuthSettings/identityProvider",
            )
        },
    ),
    (
        "OAuth token URL changed",
        None,
        _token_url,
        {
            (
                "sign-in-changed",
                NEW,
                PROPS,
                "/properties/connectionParameters/token/oAuthSettings/customParameters/"
                "tokenUrl/value",
            )
        },
    ),
    (
        "sign-in kind changed (OAuth to API key)",
        None,
        _connection("token", "type", "securestring"),
        {("sign-in-changed", NEW, PROPS, "/properties/connectionParameters/token/type")},
    ),
    (
        "policy template removed",
        None,
        lambda d: d["properties"]["policyTemplateInstances"].pop(1),
        {("policy-template-removed", OLD, PROPS, "/properties/policyTemplateInstances/1")},
    ),
]


@pytest.mark.parametrize(
    ("api", "props", "expected"),
    [case[1:] for case in BREAKING],
    ids=[case[0] for case in BREAKING],
)
def test_breaking_change(
    tmp_path: Path, api: Mutation, props: Mutation, expected: set[tuple[str, str, str, str]]
) -> None:
    findings = run(tmp_path, api, props)
    assert where(tmp_path, findings) == expected


def test_every_rule_has_a_breaking_case() -> None:
    covered = {rule for case in BREAKING for rule, *_ in case[3]}
    assert covered == {r.id for r in diff_rules()}


def test_severities_confirmed_errors_inferred_warnings() -> None:
    confirmed = {
        "operation-deleted",
        "operation-hidden",
        "operation-path-changed",
        "parameter-location-changed",
        "required-input-added",
        "output-field-deleted",
        "output-type-changed",
        "output-format-changed",
    }
    for rule in diff_rules():
        assert (rule.severity == "error") == (rule.id in confirmed), rule.id
        assert rule.summary.startswith("(inferred)") == (rule.id not in confirmed)
        assert rule.source and rule.fix and rule.target == "diff"
        assert registry().by_id[rule.id] is rule


# ---------------------------------------------------------------- messages


def _message(tmp_path: Path, api: Mutation = None, props: Mutation = None) -> str:
    findings = run(tmp_path, api, props)
    assert len(findings) == 1, findings
    return findings[0].message


def test_messages_use_microsofts_wording(tmp_path: Path) -> None:
    text = _message(tmp_path, _delete("/tasks", "post"))
    assert text.startswith("The operation has been deleted. This change breaks existing flows.")
    assert "'CreateTask'" in text


def test_inferred_messages_say_so(tmp_path: Path) -> None:
    text = _message(tmp_path, _rename_method)
    assert text.startswith("The HTTP method has been changed for the operation.")
    assert "POST is now PUT" in text and text.endswith("(inferred)")


def test_rename_names_the_new_operation_id(tmp_path: Path) -> None:
    text = _message(tmp_path, _set("/tasks", "get", "operationId", "ListAllTasks"))
    assert "now have the operationId 'ListAllTasks'" in text


def test_deleting_a_deprecated_operation_names_its_replacement(tmp_path: Path) -> None:
    text = _message(tmp_path, _delete("/tasks/{taskId}", "delete"))
    assert "It was deprecated and replaced by 'DeleteTaskV2'" in text
    assert "family 'DeleteTask', revision 1" in text
    assert "keep 'DeleteTask', deprecated, beside 'DeleteTaskV2'" in text


def test_deleted_operation_with_a_newer_revision_names_it(tmp_path: Path) -> None:
    """V1 deleted in the same change that adds V2: the family says which is the successor."""
    old = swagger()
    del op(old, "/tasks/{taskId}", "delete")["deprecated"]
    del op(old, "/tasks/{taskId}", "delete")["x-ms-api-annotation"]["replacement"]
    new = copy.deepcopy(old)
    del new["paths"]["/tasks/{taskId}"]["delete"]
    write_connector(tmp_path / OLD, old)
    write_connector(tmp_path / NEW, new)
    (finding,) = diff_paths(tmp_path / OLD, tmp_path / NEW).findings
    assert "'DeleteTaskV2' is a newer revision in its x-ms-api-annotation family" in (
        finding.message
    )


def test_renamed_connection_parameter_says_so(tmp_path: Path) -> None:
    def rename(d: Doc) -> None:
        params = d["properties"]["connectionParameters"]
        params["token:area"] = params.pop("token:region")

    assert "'token:region' has been renamed to 'token:area'" in _message(tmp_path, None, rename)


def test_shared_definition_is_reported_once(tmp_path: Path) -> None:
    """Base is reached from five operations' outputs: one finding, at its one definition."""
    findings = run(tmp_path, lambda d: d["definitions"]["Base"]["properties"].pop("id"))
    assert [f.pointer for f in findings] == ["/definitions/Base/properties/id"]


# ---------------------------------------------------------------- safe changes


def _walk(value: Any) -> Any:
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def _reword(d: Doc) -> None:
    for node in _walk(d):
        for key in ("description", "summary", "x-ms-summary", "title"):
            if isinstance(node.get(key), str) and key != "title":
                node[key] = node[key] + " Reworded."


def _reorder(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _reorder(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [_reorder(v) for v in value]
    return value


def _add_operation(d: Doc) -> None:
    d["paths"]["/tasks/{taskId}/comments"] = {
        "post": {
            "operationId": "AddComment",
            "summary": "Add a comment",
            "description": "Adds a comment.",
            "parameters": [
                {"$ref": "#/parameters/TaskId"},
                {"name": "body", "in": "body", "required": True, "schema": {"type": "object"}},
            ],
            "responses": {"200": {"description": "Added."}},
        }
    }


SAFE: list[tuple[str, Mutation, Mutation]] = [
    ("nothing", None, None),
    ("an operation added", _add_operation, None),
    (
        "an optional input added",
        lambda d: op(d, "/tasks", "get")["parameters"].append(
            {"name": "top", "in": "query", "type": "integer"}
        ),
        None,
    ),
    (
        "a readOnly property made required",
        lambda d: d["definitions"]["NewTask"].update(
            properties={**d["definitions"]["NewTask"]["properties"], "id": {"readOnly": True}},
            required=["title", "id"],
        ),
        None,
    ),
    (
        "an optional body property added",
        lambda d: d["definitions"]["NewTask"]["properties"].__setitem__("tags", {"type": "array"}),
        None,
    ),
    (
        "an output field added",
        lambda d: d["definitions"]["Task"]["allOf"][1]["properties"].__setitem__(
            "tags", {"type": "array", "items": {"type": "string"}}
        ),
        None,
    ),
    ("descriptions and summaries changed", _reword, None),
    (
        "visibility important or advanced",
        _set("/tasks", "get", "x-ms-visibility", "advanced"),
        None,
    ),
    ("an enum value added", _param(0, "enum", ["open", "done", "blocked"]), None),
    (
        "values written in another case",
        lambda d: (
            _set("/projects", "get", "x-ms-visibility", "Internal")(d),
            _set("/hooks", "post", "x-ms-trigger", "Single")(d),
            _param(0, "in", "Query")(d),
        ),
        None,
    ),
    ("a required input made optional", _new_task("required", []), None),
    (
        "a required internal input with a default",
        lambda d: op(d, "/tasks", "get")["parameters"].append(
            {
                "name": "api-version",
                "in": "query",
                "required": True,
                "type": "string",
                "default": "2024-01-01",
                "x-ms-visibility": "internal",
            }
        ),
        None,
    ),
    (
        "an integer input widened to number",
        lambda d: d["definitions"]["NewTask"]["properties"]["priority"].__setitem__(
            "type", "number"
        ),
        None,
    ),
    (
        "a format added to an output that had none",
        lambda d: d["definitions"]["Base"]["properties"]["id"].__setitem__("format", "uuid"),
        None,
    ),
    ("a scheme added", lambda d: d.__setitem__("schemes", ["https", "http"]), None),
    ("basePath with a trailing slash", lambda d: d.__setitem__("basePath", "/v1/"), None),
    ("host in capitals", lambda d: d.__setitem__("host", "API.Contoso.com"), None),
    (
        "a parameter moved from the path item to the operation",
        lambda d: op(d, "/tasks/{taskId}", "get").__setitem__(
            "parameters", [{"$ref": "#/parameters/TaskId"}]
        ),
        None,
    ),
    (
        "a deprecated operation kept",
        _set("/tasks/{taskId}", "delete", "summary", "Delete a task (deprecated, use V2)"),
        None,
    ),
    (
        "a policy retitled and its parameters changed",
        None,
        lambda d: d["properties"]["policyTemplateInstances"][1].update(
            title="Version header",
            parameters={"x-ms-apimTemplateParameter.name": "api-version", "value": "2025"},
        ),
    ),
    ("a policy added", None, lambda d: d["properties"]["policyTemplateInstances"].append({})),
    (
        "an optional connection parameter added",
        None,
        _connection("token:env", None, {"type": "string"}),
    ),
    ("connection parameters described again", None, _reword),
    ("scopes and client id changed", None, _oauth("scopes", ["tasks.read"])),
]


@pytest.mark.parametrize(("api", "props"), [c[1:] for c in SAFE], ids=[c[0] for c in SAFE])
def test_safe_change(tmp_path: Path, api: Mutation, props: Mutation) -> None:
    assert run(tmp_path, api, props) == []


@pytest.mark.parametrize(
    "dump",
    [
        lambda d: json.dumps(_reorder(d), indent=2),
        lambda d: json.dumps(d, separators=(",", ":")),
        lambda d: json.dumps(d, indent="\t"),
        lambda d: "\ufeff" + json.dumps(d, indent=4).replace("\n", "\r\n"),
    ],
    ids=["keys reordered", "minified", "tabs", "BOM and CRLF"],
)
def test_formatting_changes_are_safe(tmp_path: Path, dump: Callable[[Doc], str]) -> None:
    write_connector(tmp_path / OLD, swagger(), properties())
    write_connector(tmp_path / NEW, dump(swagger()), dump(properties()))
    assert diff_paths(tmp_path / OLD, tmp_path / NEW).findings == []


def _pair(tmp_path: Path, old: Doc, new: Doc) -> list[Finding]:
    write_connector(tmp_path / OLD, old)
    write_connector(tmp_path / NEW, new)
    return diff_paths(tmp_path / OLD, tmp_path / NEW).findings


def test_a_base_path_where_there_was_none(tmp_path: Path) -> None:
    old = swagger()
    del old["basePath"]
    (finding,) = _pair(tmp_path, old, swagger())
    assert (finding.code, finding.pointer) == ("backend-url-changed", "/basePath")
    assert "The basePath '/' is now '/v1'." in finding.message


def test_an_enum_of_both_booleans_restricts_nothing(tmp_path: Path) -> None:
    old = swagger()
    op(old, "/tasks", "get")["parameters"].append({"name": "all", "in": "query", "type": "boolean"})
    new = copy.deepcopy(old)
    op(new, "/tasks", "get")["parameters"][-1]["enum"] = [True, False]
    assert _pair(tmp_path, old, new) == []
