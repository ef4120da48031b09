"""What the connector rules loop over, and the tests most of them share.

Selectors pick the things a rule looks at out of a connector folder (operations, parameters,
responses, schemas, the info object), each with its JSON pointer; tests check one of them.
``lint.selectors.each`` joins the two into a rule's check, so a rule of the form "every
operation has a summary" is one declaration:

    rules.rule("operation-summary-required", ...)(each(operations, required("summary")))
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..core.document import as_dict
from ..lint.selectors import Located, Test, flag
from ..openapi.view import Operation, Parameter, blank, schema_tree, text
from .context import ConnectorContext as Context


@dataclass(frozen=True)
class Node:
    """A JSON object at a pointer: an info object, a schema, a parameter of a holder."""

    pointer: str
    value: dict[str, Any]


@dataclass(frozen=True)
class OperationParameter:
    """A parameter as one operation uses it (a shared parameter is met once per operation;
    the engine merges the findings, which point at its one definition)."""

    operation: Operation
    parameter: Parameter

    @property
    def pointer(self) -> str:
        return self.parameter.pointer

    @property
    def value(self) -> dict[str, Any]:
        return self.parameter.value

    @property
    def location(self) -> str:
        return self.parameter.location


@dataclass(frozen=True)
class Response:
    """One response of an operation, its ``$ref`` followed."""

    operation: Operation
    code: str
    pointer: str
    value: dict[str, Any]


# ---------------------------------------------------------------- selectors


def operations(ctx: Context) -> tuple[Operation, ...]:
    return ctx.api.operations


def parameters(ctx: Context) -> Iterator[OperationParameter]:
    for op in ctx.api.operations:
        for param in op.parameters:
            yield OperationParameter(op, param)


def visible_operations(ctx: Context) -> Iterator[Operation]:
    """Operations the designer shows: not ``x-ms-visibility: internal`` (CSG: "Entities marked
    as 'internal' don't show up in the user interface")."""
    return (op for op in ctx.api.operations if not op.internal)


def visible_parameters(ctx: Context) -> Iterator[OperationParameter]:
    """Parameters the designer shows: neither they nor their operation are internal."""
    for param in parameters(ctx):
        if not param.operation.internal and param.value.get("x-ms-visibility") != "internal":
            yield param


def fields(ctx: Context) -> Iterator[OperationParameter]:
    """Visible parameters the designer shows as one input field under their own name: a body
    parameter is shown through its schema's properties instead (18 of 28 accepted certified
    connectors in the corpus have body parameters without x-ms-summary)."""
    return (param for param in visible_parameters(ctx) if param.location != "body")


def responses(ctx: Context) -> Iterator[Response]:
    for op in ctx.api.operations:
        for code, pointer, value in ctx.api.responses(op):
            yield Response(op, code, pointer, value)


def info(ctx: Context) -> Iterator[Node]:
    """The info object, when there is one."""
    if "info" in ctx.swagger:
        yield Node("/info", as_dict(ctx.swagger.get("info")))


def schemas(ctx: Context) -> Iterator[Node]:
    """Every schema written in the document (ApiView.schemas), once each."""
    return (Node(pointer, schema) for pointer, schema in ctx.api.schemas)


def schema_holders(ctx: Context) -> list[Node]:
    """Every object that carries schema keywords: schemas, non-body parameters and their
    items, each once by pointer."""

    def compute() -> list[Node]:
        found: dict[str, dict[str, Any]] = dict(ctx.api.schemas)
        for op in ctx.api.operations:
            for param in op.parameters:
                if param.value.get("in") != "body":
                    for where, node in schema_tree(param.pointer, param.value):
                        found.setdefault(where, node)
        return [Node(pointer, value) for pointer, value in found.items()]

    return ctx.memo("schema-holders", compute)


# ---------------------------------------------------------------- tests


def required(key: str, message: str | None = None) -> Test[Located]:
    """The item has ``key`` with a non-blank string (SVR RequiredPropertyMissing)."""
    return flag(
        lambda item: blank(item.value.get(key)), message or f"The '{key}' property is required."
    )


def field_text(
    key: str, when: Callable[[str], bool], message: str | Callable[[str], str]
) -> Test[Located]:
    """A finding at ``/key`` when the item's ``key`` is a string for which ``when`` holds.

    ``message`` may be a function of that string (for messages that quote or count it)."""

    def value(item: Located) -> str | None:
        return text(item.value.get(key))

    def found(item: Located) -> bool:
        string = value(item)
        return string is not None and when(string)

    def say(item: Located) -> str:
        return message if isinstance(message, str) else message(value(item) or "")

    return flag(found, say, at=f"/{key}")
