"""Comparing the schemas of an input or an output: OLD and NEW side by side, through `$ref`
(definitions, parameters, responses) and `allOf`.

Each schema is seen as it resolves: its `$ref` followed and its `allOf` parts merged
(properties, required names, type, format, items, enum). The two sides are walked together
with a work list, not recursion, so a long chain of definitions cannot exhaust Python's stack,
and each pair of schemas is compared once per direction: a definition shared by many
operations costs one comparison, which keeps the whole diff linear in the number of
operations, and a cycle (a definition that contains itself) ends where it started. A finding
inside a shared definition points at that one definition and names the first operation that
reached it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from ..core.document import as_dict, as_list, escape_token
from ..openapi.view import ApiView, text
from .changes import Changes, quoted

Mode = Literal["input", "output"]
INPUT: Mode = "input"
OUTPUT: Mode = "output"

# The extensions that make the designer call another operation of the connector for a field's
# values or schema (learn.microsoft.com/connectors/custom-connectors/openapi-extensions).
DYNAMIC_EXTENSIONS = (
    "x-ms-dynamic-values",
    "x-ms-dynamic-list",
    "x-ms-dynamic-schema",
    "x-ms-dynamic-properties",
    "x-ms-dynamic-tree",
)
# With these the fields are fetched at design time: the static properties are not the contract.
DYNAMIC_SCHEMA = ("x-ms-dynamic-schema", "x-ms-dynamic-properties")
# allOf nests this deep at most in real definitions; deeper is a loop or a mistake: stop there.
MAX_ALLOF_DEPTH = 32


@dataclass(frozen=True)
class Flat:
    """A schema with its `$ref` followed and its `allOf` parts merged in."""

    pointer: str  # where its own keywords are (the definition, when it was a $ref)
    value: dict[str, Any]
    type: str | None
    format: str | None
    properties: dict[str, tuple[str, Any]]  # name -> (pointer, schema as written)
    required: frozenset[str]
    items: tuple[str, Any] | None
    enum: dict[str, Any] | None  # canonical JSON -> value
    dynamic: dict[str, tuple[str, Any]]  # extension -> (pointer, value)

    @property
    def kind(self) -> str | None:
        """The declared type, else what the keywords imply (properties: object, items: array)."""
        if self.type is not None:
            return self.type
        if self.properties:
            return "object"
        return "array" if self.items is not None else None

    @property
    def is_dynamic(self) -> bool:
        return any(key in self.dynamic for key in DYNAMIC_SCHEMA)

    @property
    def has_content(self) -> bool:
        """Something a flow can use: fields, items, or a value of a declared type."""
        return bool(self.properties) or self.items is not None or self.kind not in (None, "object")


class Flattener:
    """Flat views of one document's schemas, each computed once (by pointer)."""

    def __init__(self, view: ApiView) -> None:
        self.view = view
        self._memo: dict[str, Flat] = {}

    def flat(self, pointer: str, raw: Any) -> Flat | None:
        pointer, value = self.view.resolve(pointer, raw)
        if not isinstance(value, dict):
            return None
        return self._flat(pointer, value, 0, frozenset())

    def _flat(self, pointer: str, value: dict[str, Any], depth: int, seen: frozenset[str]) -> Flat:
        known = self._memo.get(pointer)
        if known is not None:
            return known
        parts = (
            list(self._parts(pointer, value, depth, seen | {pointer})) if "allOf" in value else []
        )
        properties: dict[str, tuple[str, Any]] = {}
        required: set[str] = set()
        dynamic: dict[str, tuple[str, Any]] = {}
        for part in parts:
            properties.update(part.properties)
            required |= part.required
            dynamic.update(part.dynamic)
        own = value.get("properties")
        if isinstance(own, dict):
            base = f"{pointer}/properties/"
            for name, prop in own.items():
                properties[name] = (base + escape_token(name), prop)
        required.update(r for r in as_list(value.get("required")) if isinstance(r, str))
        dynamic.update((k, (f"{pointer}/{k}", value[k])) for k in DYNAMIC_EXTENSIONS if k in value)
        items = value.get("items")
        flat = Flat(
            pointer,
            value,
            _type(value.get("type")) or _first(p.type for p in parts),
            text(value.get("format")) or _first(p.format for p in parts),
            properties,
            frozenset(required),
            (f"{pointer}/items", items)
            if isinstance(items, dict)
            else _first(p.items for p in parts),
            _enum(value.get("enum")) if "enum" in value else _first(p.enum for p in parts),
            dynamic,
        )
        self._memo[pointer] = flat
        return flat

    def _parts(
        self, pointer: str, value: dict[str, Any], depth: int, seen: frozenset[str]
    ) -> Iterator[Flat]:
        if depth >= MAX_ALLOF_DEPTH:
            return
        for index, raw in enumerate(as_list(value.get("allOf"))):
            where, part = self.view.resolve(f"{pointer}/allOf/{index}", raw)
            if isinstance(part, dict) and where not in seen:
                yield self._flat(where, part, depth + 1, seen)


def _type(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "|".join(sorted(value))  # JSON Schema's list form, which Swagger 2.0 lacks
    return None


def _first(values: Iterator[Any]) -> Any:
    return next((v for v in values if v is not None), None)


def _enum(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, list):
        return None
    return {json.dumps(v, sort_keys=True, ensure_ascii=False): v for v in value}


def shown(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def filled_by_platform(value: dict[str, Any]) -> bool:
    """An internal field with a default: the designer never asks for it, the platform sends
    the default ("For internal and required parameters, you must provide a default value",
    openapi-extensions, x-ms-visibility), so existing flows do not miss it."""
    visibility = value.get("x-ms-visibility")
    return isinstance(visibility, str) and visibility.lower() == "internal" and "default" in value


def dynamic_sources(key: str, value: Any) -> list[str]:
    """The operationIds a dynamic extension calls (x-ms-dynamic-tree: open and browse)."""
    value = as_dict(value)
    holders = (
        [as_dict(value.get(p)) for p in ("open", "browse")] if key.endswith("-tree") else [value]
    )
    return [op_id for h in holders if (op_id := text(h.get("operationId")))]


@dataclass(frozen=True)
class Place:
    """Where a schema sits in the API, as messages name it."""

    operation: str
    field: str  # "body.customer.id", "id", "headers.X-Total"
    response: str | None = None  # "response 200", "webhook notification"

    def child(self, name: str) -> Place:
        return replace(self, field=f"{self.field}.{name}")

    def items(self) -> Place:
        return replace(self, field=f"{self.field}[]")

    def describe(self, mode: Mode) -> str:
        where = f" ({self.response})" if self.response else ""
        return f"Operation '{self.operation}', {mode} '{self.field}'{where}"


@dataclass(frozen=True)
class _Pair:
    mode: Mode
    old_pointer: str
    old: Any
    new_pointer: str
    new: Any
    place: Place


@dataclass
class SchemaDiff:
    """Compares schemas of OLD and NEW, reporting into ``changes``."""

    old: Flattener
    new: Flattener
    changes: Changes
    old_operations: frozenset[str]
    new_operations: frozenset[str]
    _done: set[tuple[Mode, str, str]] = field(default_factory=set)

    def compare(
        self, mode: Mode, old_pointer: str, old: Any, new_pointer: str, new: Any, place: Place
    ) -> None:
        work = [_Pair(mode, old_pointer, old, new_pointer, new, place)]
        while work:
            pair = work.pop()
            before, after = (
                self.old.flat(pair.old_pointer, pair.old),
                self.new.flat(pair.new_pointer, pair.new),
            )
            if before is None:
                continue
            if after is None:
                self._gone(pair, before)
                continue
            key = (pair.mode, before.pointer, after.pointer)
            if key in self._done:
                continue
            self._done.add(key)
            # Reversed, so that the work list pops children in document order.
            work.extend(reversed(self._step(pair.mode, before, after, pair.place)))

    def _gone(self, pair: _Pair, before: Flat) -> None:
        """NEW has no schema where OLD had one (a response that lost its schema)."""
        if pair.mode == OUTPUT and before.has_content:
            self.changes.add(
                "output-field-deleted",
                pair.old_pointer,
                f"{pair.place.describe(OUTPUT)}: the response no longer has a schema.",
                in_old=True,
            )

    def _step(self, mode: Mode, before: Flat, after: Flat, place: Place) -> list[_Pair]:
        self._dynamic(mode, before, after, place)
        if before.is_dynamic or after.is_dynamic:
            return []
        if before.kind and after.kind and before.kind != after.kind:
            self._type_changed(mode, before, after, place)
            return []
        if mode == OUTPUT and before.format is not None and before.format != after.format:
            self.changes.add(
                "output-format-changed",
                _keyword(after, "format"),
                f"{place.describe(mode)}: format '{before.format}' is now "
                + (f"'{after.format}'." if after.format else "no format."),
            )
        if mode == INPUT:
            self._enum(before, after, place)
        self._deleted_fields(mode, before, after, place)
        if mode == INPUT:
            self._required_added(before, after, place)
        children = [
            _Pair(
                mode,
                before.properties[name][0],
                before.properties[name][1],
                *after.properties[name],
                place.child(name),
            )
            for name in before.properties
            if name in after.properties
        ]
        if before.items is not None and after.items is not None:
            children.append(_Pair(mode, *before.items, *after.items, place.items()))
        return children

    def _type_changed(self, mode: Mode, before: Flat, after: Flat, place: Place) -> None:
        # integer -> number widens an input: every value flows send is still accepted.
        if mode == INPUT and (before.kind, after.kind) == ("integer", "number"):
            return
        self.changes.add(
            "output-type-changed" if mode == OUTPUT else "input-type-changed",
            _keyword(after, "type"),
            f"{place.describe(mode)}: type '{before.kind}' is now '{after.kind}'.",
        )

    def _enum(self, before: Flat, after: Flat, place: Place) -> None:
        if after.enum is None:
            return
        where = _keyword(after, "enum")
        if before.enum is None and after.kind == "boolean" and {"true", "false"} <= set(after.enum):
            return  # every boolean is still allowed
        if before.enum is None:
            self.changes.add(
                "input-enum-values-removed",
                where,
                f"{place.describe(INPUT)}: any value was accepted, now only "
                f"{quoted([shown(v) for v in after.enum.values()])}.",
            )
            return
        removed = [shown(v) for k, v in before.enum.items() if k not in after.enum]
        if removed:
            self.changes.add(
                "input-enum-values-removed",
                where,
                f"{place.describe(INPUT)}: {quoted(removed)} "
                + ("is" if len(removed) == 1 else "are")
                + " no longer allowed.",
            )

    def _deleted_fields(self, mode: Mode, before: Flat, after: Flat, place: Place) -> None:
        rule = "output-field-deleted" if mode == OUTPUT else "input-field-deleted"
        for name, (pointer, _) in before.properties.items():
            if name not in after.properties:
                self.changes.add(rule, pointer, f"{place.child(name).describe(mode)}.", in_old=True)

    def _required_added(self, before: Flat, after: Flat, place: Place) -> None:
        names = [n for n in after.properties if n in after.required]
        names += sorted(after.required - set(after.properties))
        for name in names:
            if name in before.required:
                continue
            prop = after.properties.get(name)
            if prop is not None:
                resolved = self.new.flat(*prop)
                # readOnly: an output field of a schema that is also an input; flows never
                # send it (and SVR refuses a readonly required input anyway).
                if resolved is not None and (
                    filled_by_platform(resolved.value) or resolved.value.get("readOnly") is True
                ):
                    continue
            was_optional = name in before.properties
            self.changes.add(
                "required-input-added",
                prop[0] if prop else _keyword(after, "required"),
                f"{place.child(name).describe(INPUT)}"
                + (" was optional and is now required." if was_optional else "."),
            )

    def _dynamic(self, mode: Mode, before: Flat, after: Flat, place: Place) -> None:
        for key, (_, value) in before.dynamic.items():
            for source in dynamic_sources(key, value):
                if source in self.old_operations and source not in self.new_operations:
                    now = after.dynamic.get(key)
                    self.changes.add(
                        "dynamic-source-removed",
                        now[0] if now else after.pointer,
                        f"{place.describe(mode)}: its '{key}' called the operation '{source}', "
                        "which no longer exists.",
                    )


def _keyword(flat: Flat, key: str) -> str:
    """The pointer of a keyword of ``flat``, or of the schema when it comes from an allOf part."""
    return f"{flat.pointer}/{key}" if key in flat.value else flat.pointer
