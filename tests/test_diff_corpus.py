"""diff on real connectors of ../shared/corpus (skipped when it is absent): each breaking change
written into connectors Microsoft accepted is reported where it is, every deleted operation is
reported, and safe changes (reformatting, reordering, rewording, additions) give nothing.

The mutations find their target in whatever connector they are given (the first operation with
an enum, the first response property with a format, ...), so they run on every connector that
has such a target, not on a hand-picked one.
"""

from __future__ import annotations

import copy
import functools
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from diff_cases import line_of
from helpers import CORPUS

from connectorgen.core.diagnostics import InputError
from connectorgen.core.document import escape_token, pointer_join, resolve
from connectorgen.core.jsonio import parse_json
from connectorgen.diff.run import diff_paths
from connectorgen.openapi.view import ApiView

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not available")
UNREADABLE = {"IN-D Invoice Data Capture", "AccuWeather"}  # not JSON, even leniently
DEFINITION, PROPS = "apiDefinition.swagger.json", "apiProperties.json"
PER_RULE = 3  # connectors each mutation is written into


def _folders() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p.parent for p in CORPUS.glob(f"*/*/{DEFINITION}"))


def _readable() -> list[Path]:
    return [f for f in _folders() if f.name not in UNREADABLE]


def _load(path: Path) -> Any:
    return parse_json(path.read_bytes(), str(path)).value


def _copy(folder: Path, tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old", tmp_path / "new"
    for target in (old, new):
        target.mkdir()
        for name in (DEFINITION, PROPS):
            if (folder / name).exists():
                shutil.copy(folder / name, target / name)
    return old, new


def _write(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, indent=2), encoding="utf-8")


def _at(text: str, line: int, column: int) -> str:
    return text.split("\n")[line - 1][column - 1 :]


def _check_location(finding: Any, old: Path, new: Path) -> str:
    """The finding's side ("old"/"new"), with its line and column checked against the file."""
    path = Path(finding.file)
    text = path.read_text(encoding="utf-8-sig")
    if path.parent == new:  # written by json.dumps(indent=2): the independent line finder
        assert finding.line == line_of(text, finding.pointer), finding
        return "new"
    assert path.parent == old, finding
    last = finding.pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
    start = _at(text, finding.line, finding.column)
    expected = "{" if last.isdigit() else json.dumps(last, ensure_ascii=False)[:-1]
    assert start.startswith(expected) or start.startswith(last), (finding, start[:40])
    return "old"


# ---------------------------------------------------------------- targets in any connector

Target = tuple[Callable[[dict[str, Any]], None], set[tuple[str, str, str]]]


def _ops(doc: dict[str, Any]) -> Iterator[Any]:
    yield from ApiView(doc).operations


def _inline_params(doc: dict[str, Any]) -> Iterator[tuple[Any, int, dict[str, Any]]]:
    for op in _ops(doc):
        for index, raw in enumerate(op.value.get("parameters") or []):
            if (
                isinstance(raw, dict)
                and "$ref" not in raw
                and raw.get("in") not in ("body", "path")
            ):
                yield op, index, raw


def _response_properties(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(pointer, property) of inline success-response schemas, each used by one operation."""
    view = ApiView(doc)
    for op in view.operations:
        for code, raw in (op.value.get("responses") or {}).items():
            if not str(code).startswith("2") or not isinstance(raw, dict) or "$ref" in raw:
                continue
            schema = raw.get("schema")
            if isinstance(schema, dict) and "$ref" not in schema and "allOf" not in schema:
                base = f"{op.pointer}/responses{pointer_join(code)}/schema"
                for name, prop in (schema.get("properties") or {}).items():
                    if isinstance(prop, dict) and "$ref" not in prop:
                        yield f"{base}/properties{pointer_join(name)}", prop
            break  # the first success response is the one the designer shows


def _get(doc: Any, pointer: str) -> Any:
    return resolve(doc, pointer, {"$ref": "#" + pointer})[1]


def _set_at(pointer: str, key: str, value: Any) -> Callable[[Any], None]:
    def change(doc: Any) -> None:
        _get(doc, pointer)[key] = value

    return change


def _pop_at(pointer: str, key: str | int) -> Callable[[Any], None]:
    """Remove a member, an array item (int) or, with -1, an array's last item."""

    def change(doc: Any) -> None:
        _get(doc, pointer).pop(key)

    return change


def _rename_at(pointer: str, key: str, new: str) -> Callable[[Any], None]:
    def change(doc: Any) -> None:
        holder = _get(doc, pointer)
        holder[new] = holder.pop(key)

    return change


def _parent(pointer: str) -> tuple[str, str]:
    head, _, last = pointer.rpartition("/")
    return head, last.replace("~1", "/").replace("~0", "~")


def t_operation_deleted(doc: dict[str, Any], props: Any) -> Target | None:
    op = next(_ops(doc), None)
    if op is None:
        return None
    return (
        lambda d: d["paths"][op.path].pop(op.method),
        {("operation-deleted", "old", op.pointer)},
    )


def t_operation_hidden(doc: dict[str, Any], props: Any) -> Target | None:
    op = next((o for o in _ops(doc) if not o.internal), None)
    if op is None:
        return None
    return (
        lambda d: d["paths"][op.path][op.method].__setitem__("x-ms-visibility", "internal"),
        {("operation-hidden", "new", op.pointer + "/x-ms-visibility")},
    )


def t_path_changed(doc: dict[str, Any], props: Any) -> Target | None:
    op = next(_ops(doc), None)
    if op is None:
        return None
    moved = "/moved" + op.path

    def change(d: dict[str, Any]) -> None:
        item = d["paths"][op.path]
        d["paths"][moved] = {
            "parameters": item.get("parameters", []),
            op.method: item.pop(op.method),
        }

    return change, {("operation-path-changed", "new", f"/paths/{escape_token(moved)}/{op.method}")}


def t_method_changed(doc: dict[str, Any], props: Any) -> Target | None:
    for op in _ops(doc):
        item = doc["paths"][op.path]
        free = next((m for m in ("patch", "put", "post", "get") if m not in item), None)
        if free and op.operation_id:
            return (
                _rename_at(f"/paths/{escape_token(op.path)}", op.method, free),
                {("operation-method-changed", "new", f"/paths/{escape_token(op.path)}/{free}")},
            )
    return None


def t_location_changed(doc: dict[str, Any], props: Any) -> Target | None:
    for op, index, param in _inline_params(doc):
        if param.get("in") in ("query", "header") and op.operation_id:
            other = "header" if param["in"] == "query" else "query"
            pointer = f"{op.pointer}/parameters/{index}"
            return (
                _set_at(pointer, "in", other),
                {("parameter-location-changed", "new", pointer + "/in")},
            )
    return None


def t_required_added(doc: dict[str, Any], props: Any) -> Target | None:
    op = next((o for o in _ops(doc) if o.operation_id), None)
    if op is None:
        return None
    index = len(op.value.get("parameters") or [])
    new = {"name": "connectorgenNew", "in": "query", "required": True, "type": "string"}
    return (
        lambda d: d["paths"][op.path][op.method].setdefault("parameters", []).append(new),
        {("required-input-added", "new", f"{op.pointer}/parameters/{index}")},
    )


def t_output_deleted(doc: dict[str, Any], props: Any) -> Target | None:
    found = next(_response_properties(doc), None)
    if found is None:
        return None
    pointer = found[0]
    head, name = _parent(pointer)
    return lambda d: _get(d, head).pop(name), {("output-field-deleted", "old", pointer)}


def _reached_definitions(doc: dict[str, Any]) -> Iterator[tuple[str, bool]]:
    """Definitions a success response reaches through $ref (name, whether through allOf)."""
    seen: set[str] = set()
    work: list[tuple[Any, bool]] = []
    for op in _ops(doc):
        for code, raw in (op.value.get("responses") or {}).items():
            if str(code).startswith("2") and isinstance(raw, dict):
                work.append((raw.get("schema"), False))
    while work:
        node, via_all_of = work.pop(0)
        if not isinstance(node, dict) or any(k.startswith("x-ms-dynamic") for k in node):
            continue
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/definitions/"):
            name = ref.split("/", 2)[2]
            if name not in seen and name in (doc.get("definitions") or {}):
                seen.add(name)
                yield name, via_all_of
                work.append((doc["definitions"][name], False))
            continue
        work += [(p, True) for p in node.get("allOf") or []]
        work += [(p, via_all_of) for p in (node.get("properties") or {}).values()]
        work.append((node.get("items"), via_all_of))


def t_definition_field_deleted(doc: dict[str, Any], props: Any) -> Target | None:
    """A property of a definition reached through $ref (and allOf, where there is one)."""
    reached = sorted(_reached_definitions(doc), key=lambda r: not r[1])
    for name, _ in reached:
        own = (
            (doc["definitions"][name].get("properties") or {})
            if isinstance(doc["definitions"][name], dict)
            else {}
        )
        if own:
            prop = next(iter(own))
            pointer = f"/definitions{pointer_join(name)}/properties{pointer_join(prop)}"
            return (
                _pop_at(f"/definitions{pointer_join(name)}/properties", prop),
                {("output-field-deleted", "old", pointer)},
            )
    return None


def t_output_type(doc: dict[str, Any], props: Any) -> Target | None:
    for pointer, prop in _response_properties(doc):
        if isinstance(prop.get("type"), str) and not any(
            k.startswith("x-ms-dynamic") for k in prop
        ):
            other = "integer" if prop["type"] != "integer" else "string"
            return (
                _set_at(pointer, "type", other),
                {("output-type-changed", "new", pointer + "/type")},
            )
    return None


def t_output_format(doc: dict[str, Any], props: Any) -> Target | None:
    for pointer, prop in _response_properties(doc):
        if isinstance(prop.get("format"), str) and isinstance(prop.get("type"), str):
            return (
                _set_at(pointer, "format", "connectorgen-other"),
                {("output-format-changed", "new", pointer + "/format")},
            )
    return None


def t_input_deleted(doc: dict[str, Any], props: Any) -> Target | None:
    for op, index, _ in _inline_params(doc):
        pointer = f"{op.pointer}/parameters/{index}"
        if op.operation_id:
            return (
                _pop_at(f"{op.pointer}/parameters", index),
                {("input-field-deleted", "old", pointer)},
            )
    return None


def t_input_type(doc: dict[str, Any], props: Any) -> Target | None:
    for op, index, param in _inline_params(doc):
        if param.get("type") == "string" and op.operation_id:
            pointer = f"{op.pointer}/parameters/{index}"
            return (
                _set_at(pointer, "type", "boolean"),
                {("input-type-changed", "new", pointer + "/type")},
            )
    return None


def t_enum_removed(doc: dict[str, Any], props: Any) -> Target | None:
    for op, index, param in _inline_params(doc):
        enum = param.get("enum")
        if isinstance(enum, list) and len(enum) >= 2 and op.operation_id:
            pointer = f"{op.pointer}/parameters/{index}"
            return (
                _pop_at(pointer + "/enum", -1),
                {("input-enum-values-removed", "new", pointer + "/enum")},
            )
    return None


def t_dynamic_source(doc: dict[str, Any], props: Any) -> Target | None:
    view = ApiView(doc)
    by_id = {o.operation_id: o for o in view.operations if o.operation_id}
    for op, index, param in _inline_params(doc):
        source = (param.get("x-ms-dynamic-values") or {}).get("operationId")
        if source in by_id and source != op.operation_id:
            gone = by_id[source]
            pointer = f"{op.pointer}/parameters/{index}/x-ms-dynamic-values"
            return (
                _pop_at(f"/paths/{escape_token(gone.path)}", gone.method),
                {
                    ("operation-deleted", "old", gone.pointer),
                    ("dynamic-source-removed", "new", pointer),
                },
            )
    return None


def t_host(doc: dict[str, Any], props: Any) -> Target | None:
    if not isinstance(doc.get("host"), str):
        return None
    return (
        lambda d: d.__setitem__("host", "connectorgen.invalid"),
        {("backend-url-changed", "new", "/host")},
    )


def t_trigger(doc: dict[str, Any], props: Any) -> Target | None:
    for op in _ops(doc):
        if op.value.get("x-ms-trigger") in ("batch", "single"):
            other = "single" if op.value["x-ms-trigger"] == "batch" else "batch"
            return (
                _set_at(op.pointer, "x-ms-trigger", other),
                {("trigger-changed", "new", op.pointer + "/x-ms-trigger")},
            )
    return None


def _connection_parameters(props: Any) -> dict[str, Any]:
    if not isinstance(props, dict):
        return {}
    value = (props.get("properties") or {}).get("connectionParameters")
    return value if isinstance(value, dict) else {}


def t_identity_provider(doc: dict[str, Any], props: Any) -> Target | None:
    for name, param in _connection_parameters(props).items():
        settings = param.get("oAuthSettings") if isinstance(param, dict) else None
        if isinstance(settings, dict) and isinstance(settings.get("identityProvider"), str):
            pointer = f"/properties/connectionParameters{pointer_join(name)}/oAuthSettings"

            def change(p: dict[str, Any], name: str = name) -> None:
                settings = p["properties"]["connectionParameters"][name]["oAuthSettings"]
                settings["identityProvider"] += "-other"

            return change, {("sign-in-changed", "new", pointer + "/identityProvider")}
    return None


def t_parameter_removed(doc: dict[str, Any], props: Any) -> Target | None:
    params = _connection_parameters(props)
    if not params:
        return None
    name = next(iter(params))

    def change(p: dict[str, Any]) -> None:
        del p["properties"]["connectionParameters"][name]

    pointer = f"/properties/connectionParameters{pointer_join(name)}"
    return change, {("connection-parameter-removed", "old", pointer)}


def t_parameter_required(doc: dict[str, Any], props: Any) -> Target | None:
    if not isinstance(props, dict) or "connectionParameters" not in props.get("properties", {}):
        return None
    new = {"type": "string", "uiDefinition": {"constraints": {"required": "true"}}}

    def change(p: dict[str, Any]) -> None:
        p["properties"]["connectionParameters"]["connectorgenNew"] = new

    return change, {
        ("connection-parameter-required", "new", "/properties/connectionParameters/connectorgenNew")
    }


def t_policy_removed(doc: dict[str, Any], props: Any) -> Target | None:
    policies = (props or {}).get("properties", {}).get("policyTemplateInstances")
    if not isinstance(policies, list) or not policies:
        return None
    last = len(policies) - 1
    # The last one: removing an earlier one would leave duplicates matched in order.
    return (
        lambda p: p["properties"]["policyTemplateInstances"].pop(),
        {("policy-template-removed", "old", f"/properties/policyTemplateInstances/{last}")},
    )


SWAGGER_TARGETS = [
    t_operation_deleted,
    t_operation_hidden,
    t_path_changed,
    t_method_changed,
    t_location_changed,
    t_required_added,
    t_output_deleted,
    t_definition_field_deleted,
    t_output_type,
    t_output_format,
    t_input_deleted,
    t_input_type,
    t_enum_removed,
    t_dynamic_source,
    t_host,
    t_trigger,
]
PROPERTIES_TARGETS = [
    t_identity_provider,
    t_parameter_removed,
    t_parameter_required,
    t_policy_removed,
]


@functools.cache
def _parsed(path: Path) -> Any:
    """For choosing targets only (never mutated): each file parsed once."""
    return _load(path) if path.exists() else None


@functools.cache
def _cases() -> list[Any]:
    cases = []
    for target in SWAGGER_TARGETS + PROPERTIES_TARGETS:
        used = 0
        for folder in _readable():
            if used == PER_RULE:
                break
            if target(_parsed(folder / DEFINITION), _parsed(folder / PROPS)) is not None:
                used += 1
                name = f"{target.__name__[2:]}-{folder.name}"
                cases.append(pytest.param(folder, target, id=name))
    return cases


@pytest.mark.parametrize(("folder", "target"), _cases())
def test_breaking_change_in_a_real_connector(
    folder: Path, target: Callable[..., Target | None], tmp_path: Path
) -> None:
    old, new = _copy(folder, tmp_path)
    doc = _load(old / DEFINITION)
    props = _load(old / PROPS) if (old / PROPS).exists() else None
    found_target = target(doc, props)
    assert found_target is not None
    change, expected = found_target
    if target in PROPERTIES_TARGETS:
        changed = copy.deepcopy(props)
        change(changed)
        _write(new / PROPS, changed)
    else:
        change(doc)
        _write(new / DEFINITION, doc)
    report = diff_paths(old, new)
    assert not report.crashes
    found = {(f.code, _check_location(f, old, new), f.pointer) for f in report.findings}
    assert expected <= found, (expected, found)
    # Nothing else, except what the same change implies elsewhere (a property deleted from a
    # schema used as an input too, a source used by several dropdowns).
    others = {rule for rule, *_ in found - expected}
    allowed = {rule for rule, *_ in expected} | {"input-field-deleted", "dynamic-source-removed"}
    assert others <= allowed, found - expected


def test_every_rule_is_written_into_real_connectors() -> None:
    from connectorgen.diff.run import diff_rules

    reported = {
        rule
        for param in _cases()
        for rule, *_ in param.values[1](
            _parsed(param.values[0] / DEFINITION), _parsed(param.values[0] / PROPS)
        )[1]
    }
    assert reported == {r.id for r in diff_rules()}


# ---------------------------------------------------------------- every deletion is reported


@pytest.mark.parametrize("folder", _readable(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_deleted_operation_is_reported(folder: Path, tmp_path: Path) -> None:
    old, new = _copy(folder, tmp_path)
    doc = _load(old / DEFINITION)
    gone = list(ApiView(doc).operations)[::2]
    for op in gone:
        doc["paths"][op.path].pop(op.method)
    _write(new / DEFINITION, doc)
    findings = diff_paths(old, new).findings
    deleted = {f.pointer for f in findings if f.code == "operation-deleted"}
    expected = {op.pointer for op in gone}
    # Duplicate operationIds are one operation for the platform: deleting one copy keeps it.
    ids = [op.operation_id for op in ApiView(_load(old / DEFINITION)).operations]
    duplicated = {op.pointer for op in gone if op.operation_id and ids.count(op.operation_id) > 1}
    assert expected - duplicated <= deleted <= expected
    for finding in findings:
        if finding.code == "operation-deleted":
            assert _check_location(finding, old, new) == "old"


# ---------------------------------------------------------------- safe changes


def _reorder(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _reorder(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [_reorder(v) for v in value]
    return value


def _reword(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: v + " (reworded)"
            if k in ("description", "summary", "x-ms-summary") and isinstance(v, str)
            else _reword(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_reword(v) for v in value]
    return value


def _additions(doc: dict[str, Any]) -> None:
    """An operation, an optional input on every operation and an output field on every
    inline response schema: all additive."""
    for op in list(ApiView(doc).operations):
        op.value.setdefault("parameters", []).append(
            {"name": "connectorgenOptional", "in": "query", "type": "string"}
        )
    for pointer, _ in list(_response_properties(doc)):
        head, _ = _parent(pointer)
        _get(doc, head)["connectorgenExtra"] = {"type": "string"}
    doc["paths"]["/connectorgen/added"] = {
        "get": {"operationId": "ConnectorgenAdded", "responses": {"200": {"description": "OK"}}}
    }


@pytest.mark.parametrize("folder", _readable(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_safe_changes_in_a_real_connector(folder: Path, tmp_path: Path) -> None:
    old, new = _copy(folder, tmp_path)
    doc = _reword(_reorder(_load(old / DEFINITION)))
    _additions(doc)
    (new / DEFINITION).write_text(json.dumps(doc, indent="\t"), encoding="utf-8")
    if (old / PROPS).exists():
        props = _reword(_reorder(_load(old / PROPS)))
        (new / PROPS).write_text(json.dumps(props, separators=(",", ":")), encoding="utf-8")
    report = diff_paths(old, new)
    assert not report.crashes
    assert report.findings == []


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_broken_real_connector_is_refused_clearly(name: str, tmp_path: Path) -> None:
    folder = next(f for f in _folders() if f.name == name)
    with pytest.raises(InputError) as caught:
        diff_paths(folder, folder)
    assert "is not valid JSON" in caught.value.message and "line" in caught.value.message
