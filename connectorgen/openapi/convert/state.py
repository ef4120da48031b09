"""What one conversion carries along: the source, its warnings and errors, and where each
converted piece came from (so that positions in the result name lines in the user's file)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ...core.diagnostics import Diagnostic, InputError
from ...core.document import MISSING, Document, escape_token, lookup, nearest, pointer_parts
from ...core.jsonio import source_excerpt
from ..codes import CODES

T = TypeVar("T")
SEVERITY = {rule.id: rule.severity for rule in CODES}
MAX_INLINE = 32  # nested inlined references (a reference loop stops here)


@dataclass
class State:
    source: Document
    version: str
    warnings: list[Diagnostic] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    origins: dict[int, str] = field(default_factory=dict)
    inlining: list[str] = field(default_factory=list)  # source pointers being inlined now
    _said: set[tuple[str, str, str]] = field(default_factory=set)

    @property
    def doc(self) -> Any:
        return self.source.value

    @property
    def name(self) -> str:
        return self.source.name

    # ------------------------------------------------------------ reporting

    def warn(self, code: str, pointer: str, message: str) -> None:
        """A lossy step, said once per place (shared pieces are converted at every use)."""
        key = (code, pointer, message)
        if key in self._said:
            return
        self._said.add(key)
        line, column = self.source.position(pointer) or (None, None)
        self.warnings.append(
            Diagnostic(SEVERITY[code], code, message, self.name, pointer, line, column)
        )

    def fail(self, pointer: str, message: str) -> None:
        """A structural problem: the conversion goes on to find the others, then stops."""
        line, column = self.source.position(pointer) or (None, None)
        self.errors.append(
            Diagnostic("error", "openapi-structure", message, self.name, pointer, line, column)
        )

    def stop_if_broken(self) -> None:
        if not self.errors:
            return
        first = self.errors[0]
        lines = [
            f"API definition {self.name} is not a valid OpenAPI {self.version} document "
            f"({len(self.errors)} problem(s)):"
        ]
        for error in self.errors:
            where = f" (line {error.line})" if error.line else ""
            lines.append(f"  - {error.pointer or '/'}{where}: {error.message}")
        detail = (
            source_excerpt(self.source.text, first.line, first.column or 1) if first.line else ""
        )
        raise InputError("\n".join(lines), list(self.errors), detail)

    # ------------------------------------------------------------ provenance

    def keep(self, out: T, pointer: str) -> T:
        """Remember that ``out`` (a dict or list of the result) came from ``pointer``."""
        self.origins[id(out)] = pointer
        return out

    # ------------------------------------------------------------ references

    def resolve(self, pointer: str, value: Any) -> tuple[str, Any]:
        """Follow local ``$ref`` objects in the source; stops at a loop or a missing target."""
        hops = 0
        while isinstance(value, dict) and isinstance(value.get("$ref"), str) and hops < 16:
            ref = value["$ref"]
            if not ref.startswith("#"):
                break
            target = ref[1:]
            found = lookup(self.doc, target)
            if found is MISSING:
                break
            pointer, value, hops = target, found, hops + 1
        return pointer, value


def extensions(state: State, node: dict[str, Any], pointer: str) -> dict[str, Any]:
    """The ``x-`` members of ``node``, copied, with schema references inside them rewritten."""
    return {
        key: _rewrite_refs(copy.deepcopy(value))
        for key, value in node.items()
        if isinstance(key, str) and key.startswith("x-")
    }


def _rewrite_refs(value: Any) -> Any:
    # Extensions such as x-ms-odata hold a schema reference as a string; objects may hold $ref.
    if isinstance(value, str) and value.startswith("#/components/schemas/"):
        return "#/definitions/" + value[len("#/components/schemas/") :]
    if isinstance(value, dict):
        return {key: _rewrite_refs(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_rewrite_refs(item) for item in value]
    return value


def child(pointer: str, *keys: object) -> str:
    return pointer + "".join("/" + escape_token(key) for key in keys)


# ---------------------------------------------------------------- positions of the result


class MappedPositions:
    """Positions for pointers of the converted document: each converted piece points back
    to the piece of the user's file it came from (``State.keep``); what lies below a piece
    keeps its relative path where the source has the same, else takes the piece's position.
    """

    def __init__(self, value: Any, origins: dict[int, str], source: Document) -> None:
        self._value = value
        self._origins = origins
        self._source = source
        self._map: dict[str, str] | None = None

    def position(self, pointer: str | None) -> tuple[int, int] | None:
        if pointer is None:
            return None
        if self._map is None:
            self._map = self._build()
        probe = nearest(self._map, pointer)
        if probe is None:
            return self._source.position("")
        rest = pointer_parts(pointer)[len(pointer_parts(probe)) :]
        return self._source.position(child(self._map[probe], *rest))

    def source_pointer(self, pointer: str) -> str:
        """The pointer in the user's file that ``pointer`` of the result came from."""
        if self._map is None:
            self._map = self._build()
        probe = nearest(self._map, pointer)
        return "" if probe is None else self._map[probe]

    def _build(self) -> dict[str, str]:
        found: dict[str, str] = {}
        stack: list[tuple[str, Any]] = [("", self._value)]
        while stack:
            pointer, node = stack.pop()
            origin = self._origins.get(id(node))
            if origin is not None:
                found.setdefault(pointer, origin)
            if isinstance(node, dict):
                stack.extend((child(pointer, k), v) for k, v in node.items())
            elif isinstance(node, list):
                stack.extend((f"{pointer}/{i}", v) for i, v in enumerate(node))
        return found
