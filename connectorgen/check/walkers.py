"""Shared views of a parsed Swagger 2.0 document: operations, parameters, responses, schemas.

The rules walk the parsed dict directly (no openapi-spec-validator: it is slow and reports in
its own terms). Local ``$ref`` values are followed; a finding about a shared parameter points
at its one definition, and the engine drops the duplicates.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import pointer_join
from .model import Context, as_dict, as_list

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")


@dataclass(frozen=True)
class Parameter:
    pointer: str  # where the parameter object is (its definition when it is a $ref)
    value: dict


@dataclass(frozen=True)
class Operation:
    path: str
    method: str
    pointer: str
    value: dict
    parameters: tuple[Parameter, ...]

    @property
    def name(self) -> str:
        """How messages name the operation: its operationId, else 'METHOD path'."""
        op_id = self.value.get("operationId")
        return op_id if isinstance(op_id, str) and op_id else f"{self.method.upper()} {self.path}"

    def responses(self, ctx: Context) -> Iterator[tuple[str, str, dict]]:
        """(status key, pointer, response object with $ref followed) for each response."""
        base = self.pointer + "/responses"
        for code, response in as_dict(self.value.get("responses")).items():
            pointer, resolved = resolve(ctx.swagger, base + pointer_join(code), response)
            if isinstance(resolved, dict):
                yield str(code), pointer, resolved


def resolve(doc: Any, pointer: str, value: Any, depth: int = 0) -> tuple[str, Any]:
    """Follow a local ``$ref`` (a few levels, loops stop); return (pointer, value)."""
    while isinstance(value, dict) and isinstance(value.get("$ref"), str) and depth < 8:
        target = value["$ref"]
        if not target.startswith("#/"):
            break
        found = lookup(doc, target[1:])
        if found is _MISSING:
            break
        pointer, value, depth = target[1:], found, depth + 1
    return pointer, value


_MISSING = object()


def lookup(doc: Any, pointer: str) -> Any:
    """The value at a JSON pointer, or ``_MISSING``."""
    node = doc
    for raw in pointer.split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return _MISSING
    return node


def exists(doc: Any, pointer: str) -> bool:
    return lookup(doc, pointer) is not _MISSING


def operations(ctx: Context) -> list[Operation]:
    return ctx.memo("operations", lambda: list(_operations(ctx.swagger)))


def _operations(doc: Any) -> Iterator[Operation]:
    for path, item in as_dict(as_dict(doc).get("paths")).items():
        if not isinstance(item, dict):
            continue
        item_pointer = "/paths" + pointer_join(path)
        shared = _parameters(doc, item_pointer, item)
        for method in HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            pointer = item_pointer + pointer_join(method)
            own = _parameters(doc, pointer, op)
            # Operation parameters override path-item ones with the same name and location.
            keys = {_param_key(p.value) for p in own}
            merged = tuple(p for p in shared if _param_key(p.value) not in keys) + own
            yield Operation(path, method, pointer, op, merged)


def _parameters(doc: Any, pointer: str, holder: dict) -> tuple[Parameter, ...]:
    found = []
    for index, raw in enumerate(as_list(holder.get("parameters"))):
        where, value = resolve(doc, f"{pointer}/parameters/{index}", raw)
        if isinstance(value, dict):
            found.append(Parameter(where, value))
    return tuple(found)


def _param_key(param: dict) -> tuple[Any, Any]:
    return param.get("name"), param.get("in")


def schemas(ctx: Context) -> list[tuple[str, dict]]:
    """Every schema object written in the document (not following $ref), with its pointer."""
    return ctx.memo("schemas", lambda: list(_all_schemas(ctx.swagger)))


def _all_schemas(doc: Any) -> Iterator[tuple[str, dict]]:
    doc = as_dict(doc)
    for name, schema in as_dict(doc.get("definitions")).items():
        yield from schema_tree("/definitions" + pointer_join(name), schema)
    for name, param in as_dict(doc.get("parameters")).items():
        if isinstance(param, dict) and "schema" in param:
            yield from schema_tree("/parameters" + pointer_join(name) + "/schema", param["schema"])
    for name, response in as_dict(doc.get("responses")).items():
        if isinstance(response, dict) and "schema" in response:
            where = "/responses" + pointer_join(name) + "/schema"
            yield from schema_tree(where, response["schema"])
    for op in _operations(doc):
        for index, raw in enumerate(as_list(op.value.get("parameters"))):
            if isinstance(raw, dict) and "schema" in raw:
                yield from schema_tree(f"{op.pointer}/parameters/{index}/schema", raw["schema"])
        for code, response in as_dict(op.value.get("responses")).items():
            if isinstance(response, dict) and "schema" in response:
                where = f"{op.pointer}/responses{pointer_join(code)}/schema"
                yield from schema_tree(where, response["schema"])
            if isinstance(response, dict):
                for header, spec in as_dict(response.get("headers")).items():
                    where = f"{op.pointer}/responses{pointer_join(code)}/headers"
                    yield from schema_tree(where + pointer_join(header), spec)


def schema_tree(pointer: str, schema: Any) -> Iterator[tuple[str, dict]]:
    """A schema and the schemas nested in it (properties, items, allOf, additionalProperties)."""
    if not isinstance(schema, dict):
        return
    yield pointer, schema
    for name, prop in as_dict(schema.get("properties")).items():
        yield from schema_tree(f"{pointer}/properties{pointer_join(name)}", prop)
    items = schema.get("items")
    if isinstance(items, dict):
        yield from schema_tree(f"{pointer}/items", items)
    elif isinstance(items, list):
        for index, item in enumerate(items):
            yield from schema_tree(f"{pointer}/items/{index}", item)
    for index, part in enumerate(as_list(schema.get("allOf"))):
        yield from schema_tree(f"{pointer}/allOf/{index}", part)
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        yield from schema_tree(f"{pointer}/additionalProperties", extra)


def text(value: Any) -> str | None:
    """A string value, or None for anything else (so rules can test presence and type at once)."""
    return value if isinstance(value, str) else None


def blank(value: Any) -> bool:
    """True when ``value`` is missing, not a string, or only white space."""
    return not (text(value) or "").strip()
