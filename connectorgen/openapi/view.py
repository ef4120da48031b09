"""One view of a parsed Swagger 2.0 document: operations, parameters, responses, schemas.

generate, check and diff all read the API definition through this view, so there is one
answer to "what are the operations": the HTTP methods of each path item (extensions such as
``x-ms-notification-content`` and ``parameters`` are not operations), with path-level
parameters merged in and local ``$ref`` values followed. A finding about a shared parameter
points at its one definition.

The view never validates: it tolerates any shape (a path item that is a list, a parameter that
is a string) by skipping what it cannot read, because check and diff run on broken files too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..core.document import as_dict, as_list, pointer_join, resolve

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")


def text(value: Any) -> str | None:
    """A string value, or None for anything else (so rules can test presence and type at once)."""
    return value if isinstance(value, str) else None


def blank(value: Any) -> bool:
    """True when ``value`` is missing, not a string, or only white space."""
    return not (text(value) or "").strip()


@dataclass(frozen=True)
class Parameter:
    pointer: str  # where the parameter object is (its definition when it is a $ref)
    value: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.value.get("name", ""))

    @property
    def location(self) -> str:
        return str(self.value.get("in", ""))


@dataclass(frozen=True)
class Operation:
    path: str
    method: str  # lower case, as written in the document
    pointer: str
    value: dict[str, Any]
    parameters: tuple[Parameter, ...]

    def _text(self, key: str) -> str:
        return (text(self.value.get(key)) or "").strip()

    @property
    def operation_id(self) -> str:
        return self._text("operationId")

    @property
    def summary(self) -> str:
        return self._text("summary")

    @property
    def description(self) -> str:
        return self._text("description")

    @property
    def visibility(self) -> str:
        return self._text("x-ms-visibility")

    @property
    def internal(self) -> bool:
        """Hidden from users: the designer never shows it (x-ms-visibility: internal)."""
        return self.value.get("x-ms-visibility") == "internal"

    @property
    def deprecated(self) -> bool:
        return self.value.get("deprecated") is True

    @property
    def security(self) -> list[Any] | None:
        value = self.value.get("security")
        return value if isinstance(value, list) else None

    @property
    def name(self) -> str:
        """How messages name the operation: its operationId, else 'METHOD path'."""
        return self.operation_id or f"{self.method.upper()} {self.path}"


class ApiView:
    """Read-only views of one Swagger 2.0 document, each computed once."""

    def __init__(self, doc: Any) -> None:
        self.doc: dict[str, Any] = as_dict(doc)

    # ------------------------------------------------------------ top level

    @property
    def info(self) -> dict[str, Any]:
        return as_dict(self.doc.get("info"))

    @property
    def title(self) -> str:
        return (text(self.info.get("title")) or "").strip()

    @property
    def description(self) -> str:
        return text(self.info.get("description")) or ""

    @property
    def security_definitions(self) -> dict[str, Any]:
        return as_dict(self.doc.get("securityDefinitions"))

    def resolve(self, pointer: str, value: Any) -> tuple[str, Any]:
        """Follow local ``$ref`` values from ``value`` at ``pointer`` (loops stop)."""
        return resolve(self.doc, pointer, value)

    # ------------------------------------------------------------ operations

    @cached_property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(self._operations())

    def _operations(self) -> Iterator[Operation]:
        for path, item in as_dict(self.doc.get("paths")).items():
            if not isinstance(item, dict):
                continue
            item_pointer = "/paths" + pointer_join(path)
            shared = self._parameters(item_pointer, item)
            for method in HTTP_METHODS:
                op = item.get(method)
                if not isinstance(op, dict):
                    continue
                pointer = item_pointer + pointer_join(method)
                own = self._parameters(pointer, op)
                # Operation parameters override path-item ones with the same name and location.
                keys = {_param_key(p.value) for p in own}
                merged = tuple(p for p in shared if _param_key(p.value) not in keys) + own
                yield Operation(path, method, pointer, op, merged)

    def _parameters(self, pointer: str, holder: dict[str, Any]) -> tuple[Parameter, ...]:
        found = []
        for index, raw in enumerate(as_list(holder.get("parameters"))):
            where, value = self.resolve(f"{pointer}/parameters/{index}", raw)
            if isinstance(value, dict):
                found.append(Parameter(where, value))
        return tuple(found)

    @cached_property
    def operation_ids(self) -> frozenset[str]:
        return frozenset(op.operation_id for op in self.operations if op.operation_id)

    def path_item(self, op: Operation) -> dict[str, Any]:
        return as_dict(as_dict(self.doc.get("paths")).get(op.path))

    def responses(self, op: Operation) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """(status key, pointer, response object with $ref followed) for each response."""
        base = op.pointer + "/responses"
        for code, response in as_dict(op.value.get("responses")).items():
            pointer, resolved = self.resolve(base + pointer_join(code), response)
            if isinstance(resolved, dict):
                yield str(code), pointer, resolved

    # ------------------------------------------------------------ schemas

    @cached_property
    def schemas(self) -> tuple[tuple[str, dict[str, Any]], ...]:
        """Every schema object written in the document (not following $ref), with its pointer."""
        return tuple(self._all_schemas())

    def _all_schemas(self) -> Iterator[tuple[str, dict[str, Any]]]:
        doc = self.doc
        for name, schema in as_dict(doc.get("definitions")).items():
            yield from schema_tree("/definitions" + pointer_join(name), schema)
        for name, param in as_dict(doc.get("parameters")).items():
            if isinstance(param, dict) and "schema" in param:
                where = "/parameters" + pointer_join(name) + "/schema"
                yield from schema_tree(where, param["schema"])
        for name, response in as_dict(doc.get("responses")).items():
            if isinstance(response, dict) and "schema" in response:
                where = "/responses" + pointer_join(name) + "/schema"
                yield from schema_tree(where, response["schema"])
        for op in self.operations:
            for index, raw in enumerate(as_list(op.value.get("parameters"))):
                if isinstance(raw, dict) and "schema" in raw:
                    where = f"{op.pointer}/parameters/{index}/schema"
                    yield from schema_tree(where, raw["schema"])
            for code, response in as_dict(op.value.get("responses")).items():
                if not isinstance(response, dict):
                    continue
                base = f"{op.pointer}/responses{pointer_join(code)}"
                if "schema" in response:
                    yield from schema_tree(base + "/schema", response["schema"])
                for header, spec in as_dict(response.get("headers")).items():
                    yield from schema_tree(f"{base}/headers{pointer_join(header)}", spec)


def schema_tree(pointer: str, schema: Any) -> Iterator[tuple[str, dict[str, Any]]]:
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


def _param_key(param: dict[str, Any]) -> tuple[str, str]:
    # repr: a broken file may hold any JSON value here, and the key must stay hashable.
    return repr(param.get("name")), repr(param.get("in"))
