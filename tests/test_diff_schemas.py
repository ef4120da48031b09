"""The schema comparison's guarantees: through $ref and allOf, safe against cycles and long
chains, each shared definition compared once (linear in the operations), and no crash on any
shape a broken file may have."""

from __future__ import annotations

import copy
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from diff_cases import properties, swagger, write_connector
from helpers import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectorgen.core.document import Document
from connectorgen.diff.changes import Changes
from connectorgen.diff.compare import _Comparison
from connectorgen.diff.run import diff_context, diff_rules
from connectorgen.diff.sources import Side
from connectorgen.lint.engine import run_rules
from connectorgen.lint.rules import Finding
from connectorgen.openapi.view import ApiView


def compare(
    old: dict[str, Any], new: dict[str, Any], old_props: Any = None, new_props: Any = None
) -> list[Finding]:
    before = Side("old", Document("old.json", "", old))
    after = Side("new", Document("new.json", "", new))
    if old_props is not None:
        before.properties = Document("old-props.json", "", old_props)
        after.properties = Document("new-props.json", "", new_props)
    ctx = diff_context(before, after)
    findings = run_rules(diff_rules(), ctx, frozenset())
    assert not ctx.crashes, ctx.crashes[0]
    return findings


def api(definitions: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """One operation returning ``schema``, with ``definitions``."""
    return {
        "swagger": "2.0",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/x": {
                "get": {
                    "operationId": "GetX",
                    "responses": {"200": {"description": "OK", "schema": schema}},
                }
            }
        },
        "definitions": definitions,
    }


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/definitions/{name}"}


def test_a_long_chain_of_definitions_does_not_exhaust_the_stack() -> None:
    length = 3000  # deeper than Python's recursion limit
    defs = {
        f"D{i}": {
            "type": "object",
            "properties": {"next": ref(f"D{i + 1}"), "v": {"type": "string"}},
        }
        for i in range(length)
    }
    defs[f"D{length}"] = {"type": "object", "properties": {"end": {"type": "string"}}}
    old = api(defs, ref("D0"))
    new = copy.deepcopy(old)
    del new["definitions"][f"D{length}"]["properties"]["end"]
    (finding,) = compare(old, new)
    assert finding.code == "output-field-deleted"
    assert finding.pointer == f"/definitions/D{length}/properties/end"
    assert "body" + ".next" * length + ".end" in finding.message


def test_cycles_through_ref_and_allof_end() -> None:
    defs = {
        "A": {"allOf": [ref("B"), {"properties": {"a": {"type": "string"}, "b": ref("B")}}]},
        "B": {"allOf": [ref("A"), {"properties": {"x": {"type": "integer"}, "a": ref("A")}}]},
        "Self": {"$ref": "#/definitions/Self"},  # a $ref to itself: followed no further
    }
    old = api(defs, {"type": "object", "properties": {"one": ref("A"), "two": ref("Self")}})
    new = copy.deepcopy(old)
    new["definitions"]["B"]["allOf"][1]["properties"]["x"]["type"] = "string"
    findings = compare(old, new)
    assert {(f.code, f.pointer) for f in findings} == {
        ("output-type-changed", "/definitions/B/allOf/1/properties/x/type")
    }


def test_deep_allof_is_cut_not_crashed() -> None:
    defs = {f"L{i}": {"allOf": [ref(f"L{i + 1}")]} for i in range(200)}
    defs["L200"] = {"properties": {"deep": {"type": "string"}}}
    old = api(defs, ref("L0"))
    assert compare(old, copy.deepcopy(old)) == []


def test_references_that_lead_nowhere_are_not_followed() -> None:
    old = api({}, {"$ref": "other.json#/definitions/X"})
    old["paths"]["/y"] = {"get": {"operationId": "GetY", "responses": {"200": {"$ref": "#/nope"}}}}
    assert compare(old, copy.deepcopy(old)) == []


def _pairs(operations: int) -> int:
    """How many schema pairs the comparison looks at for ``operations`` operations that all
    return the same definition."""
    defs = {
        "Item": {"type": "object", "properties": {f"p{i}": ref("Leaf") for i in range(20)}},
        "Leaf": {"type": "object", "properties": {"v": {"type": "string"}}},
    }
    doc = api(defs, ref("Item"))
    template = doc["paths"].pop("/x")["get"]
    for n in range(operations):
        doc["paths"][f"/x{n}"] = {"get": {**template, "operationId": f"Get{n}"}}
    comparison = _Comparison(ApiView(doc), ApiView(copy.deepcopy(doc)), Changes(), False)
    comparison.run()
    return len(comparison.schemas._done)


def test_a_shared_definition_is_compared_once() -> None:
    """The work per added operation is constant: the definition is not compared again."""
    assert _pairs(10) == _pairs(1) == _pairs(100)


def test_connection_parameter_sets() -> None:
    def with_sets(*names: str) -> dict[str, Any]:
        values = [{"name": n, "parameters": {"api_key": {"type": "securestring"}}} for n in names]
        return {"properties": {"connectionParameterSets": {"values": values}}}

    doc = swagger()
    findings = compare(doc, doc, with_sets("key", "oauth"), with_sets("key"))
    (finding,) = findings
    assert finding.code == "connection-parameter-removed"
    assert finding.pointer == "/properties/connectionParameterSets/values/1"
    assert "The authentication type 'oauth' (connectionParameterSets) has been removed" in (
        finding.message
    )


# ---------------------------------------------------------------- any shape


EXPLORE = int(os.environ.get("CONNECTORGEN_ROBUST_EXAMPLES", "0"))
JUNK = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


@st.composite
def mutated(draw: Any, doc: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    for _ in range(draw(st.integers(1, 6))):
        paths = _paths(doc)[1:]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        node = doc
        for part in path[:-1]:
            node = node[part]
        if draw(st.booleans()):
            node[path[-1]] = draw(JUNK)
        else:
            del node[path[-1]]
    return doc


@settings(
    max_examples=EXPLORE or 60,
    deadline=None,
    derandomize=not EXPLORE,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    old=mutated(swagger()),
    new=mutated(swagger()),
    old_props=mutated(properties()),
    new_props=mutated(properties()),
)
def test_any_shape_compares_without_crashing(
    old: dict[str, Any], new: dict[str, Any], old_props: Any, new_props: Any
) -> None:
    for finding in compare(old, new, old_props, new_props):
        assert finding.message and finding.pointer is not None


@settings(
    max_examples=EXPLORE or 15,
    deadline=None,
    derandomize=not EXPLORE,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(new=mutated(swagger()), props=mutated(properties()), cut=st.integers(0, 400))
def test_any_file_on_the_command_line(new: dict[str, Any], props: Any, cut: int) -> None:
    """Whole files through the reading gates: findings or a clear refusal, never a crash."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_connector(root / "old", swagger(), properties())
        text = json.dumps(new, indent=2)
        write_connector(root / "new", text[: len(text) - cut] if cut % 3 == 0 else text, props)
        code, out, err = run_cli("diff", str(root / "old"), str(root / "new"), "-f", "json")
        assert code in (0, 1), (code, err)
        assert "Traceback" not in err and "internal error" not in err, err
        if code == 0 or out:
            json.loads(out)
        else:
            assert err.startswith("error: "), err


def test_the_cycle_collector_is_left_as_it_was(tmp_path: Path) -> None:
    import gc

    from connectorgen.diff.run import diff_paths

    write_connector(tmp_path / "a", swagger())
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            diff_paths(tmp_path / "a", tmp_path / "a")
            assert gc.isenabled() is enabled
        finally:
            gc.enable()
