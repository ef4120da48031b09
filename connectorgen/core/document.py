"""A parsed JSON document that remembers where things are: text, value, positions, pointers.

Every command reads JSON the same way (``core.jsonio``) and talks about places in it with JSON
pointers (RFC 6901). People want a line and a column: ``PositionIndex`` maps a pointer to
them. The text is scanned once per file, only when a finding needs a position, with a
regular-expression tokenizer, so it stays fast on 1 MB API definitions. ``//`` and ``/* */``
comments and trailing commas, which the lenient reader tolerates, are skipped here too, so
positions are those of the user's file.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Container, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

# ---------------------------------------------------------------- pointers


def escape_token(key: object) -> str:
    """One JSON pointer token (RFC 6901); the common case, nothing to escape, stays cheap."""
    text = str(key)
    if "~" in text or "/" in text:
        return text.replace("~", "~0").replace("/", "~1")
    return text


def pointer_join(*parts: object) -> str:
    """A JSON pointer from path segments: pointer_join("paths", "/a") == "/paths/~1a"."""
    return "".join("/" + escape_token(p) for p in parts)


def pointer_parts(pointer: str) -> list[str]:
    """The unescaped segments of a pointer ("" is the root: no segments)."""
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()  # what lookup returns for a pointer that leads nowhere


def lookup(doc: Any, pointer: str) -> Any:
    """The value at a JSON pointer, or ``MISSING``."""
    node = doc
    for part in pointer_parts(pointer):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return MISSING
    return node


MAX_REF_HOPS = 8  # a chain of $ref longer than this is a loop or a mistake: stop following


def resolve(doc: Any, pointer: str, value: Any) -> tuple[str, Any]:
    """Follow local ``$ref`` values from ``value`` (at ``pointer``); loops stop.

    Returns the pointer and value of what the reference chain ends at. A reference that
    leaves the file or leads nowhere is not followed: the caller sees the ``$ref`` object.
    """
    hops = 0
    while isinstance(value, dict) and isinstance(value.get("$ref"), str) and hops < MAX_REF_HOPS:
        target = value["$ref"]
        if not target.startswith("#/"):
            break
        found = lookup(doc, target[1:])
        if found is MISSING:
            break
        pointer, value, hops = target[1:], found, hops + 1
    return pointer, value


def walk(value: Any, pointer: str = "") -> Iterator[tuple[str, Any, Any]]:
    """Every (pointer, key, value) below ``value``, depth first, in document order."""
    yield from walk_all(value, pointer)


def walk_all(value: Any, pointer: str = "") -> list[tuple[str, Any, Any]]:
    """``walk`` as a list, built by plain recursion: a chain of nested generators costs every
    level on every item, which shows on 1 MB documents (nesting is limited by jsonio)."""
    found: list[tuple[str, Any, Any]] = []

    def visit(value: Any, pointer: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                child = f"{pointer}/{escape_token(key)}"
                found.append((child, key, item))
                if isinstance(item, (dict, list)):
                    visit(item, child)
        else:
            for index, item in enumerate(value):
                child = f"{pointer}/{index}"
                found.append((child, index, item))
                if isinstance(item, (dict, list)):
                    visit(item, child)

    if isinstance(value, (dict, list)):
        visit(value, pointer)
    return found


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


# ---------------------------------------------------------------- documents


class Positions(Protocol):
    """Where pointers are in a file: line and column (1-based), of the nearest parent if need be."""

    def position(self, pointer: str | None) -> tuple[int, int] | None: ...


@dataclass
class Document:
    """A parsed file: its name for messages, its text, its value, and positions on demand.

    ``positions`` is given when the text is not JSON (YAML node marks) or when the value is
    not the text's (a converted definition maps its pointers back to the user's file); for JSON
    it is computed from the text when first needed.
    """

    name: str
    text: str
    value: Any
    positions: Positions | None = field(default=None, repr=False)

    def position(self, pointer: str | None) -> tuple[int, int] | None:
        """Line and column (1-based) of ``pointer`` in the text, or of its nearest parent."""
        if self.positions is None:
            self.positions = PositionIndex(self.text)
        return self.positions.position(pointer)


# ---------------------------------------------------------------- positions

# One token per match: a string (escapes kept), a comment, a bracket, or a bare scalar (number,
# true, false, null), after the blanks, commas and colons before it (group 1 is the token).
# Strings come first so a "//" inside one is not a comment. Commas and colons are not tokens:
# in an object, keys and values alternate, so they carry nothing the index needs (and a
# trailing comma, which the lenient reader accepts, changes nothing); skipping them in the
# same match as the blanks spares the regex engine a failed attempt at every character of
# indentation.
_TOKEN = re.compile(
    r'[\s,:]*("[^"\\]*(?:\\.[^"\\]*)*"?'
    r"|/\*.*?(?:\*/|\Z)"
    r"|//[^\n]*"
    r"|[{}\[\]]"
    r'|[^\s{}\[\]:,"/]+)',
    re.DOTALL,
)


class PositionIndex:
    """Maps JSON pointers to (line, column), both 1-based, columns in characters.

    A member's position is that of its key (where a reader looks for it); an array item's
    position is that of its value; the root is the first token.
    """

    def __init__(self, text: str) -> None:
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._offsets = _index_offsets(text)

    def position(self, pointer: str | None) -> tuple[int, int] | None:
        """Line and column of ``pointer``, or of its nearest existing parent."""
        probe = nearest(self._offsets, pointer)
        return None if probe is None else self._line_column(self._offsets[probe])

    def _line_column(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1


class MarkIndex:
    """Positions given directly, pointer -> (line, column): the marks of a YAML node tree."""

    def __init__(self, marks: dict[str, tuple[int, int]]) -> None:
        self._marks = marks

    def position(self, pointer: str | None) -> tuple[int, int] | None:
        probe = nearest(self._marks, pointer)
        return None if probe is None else self._marks[probe]


def nearest(known: Container[str], pointer: str | None) -> str | None:
    """``pointer`` itself if ``known`` has it, else its nearest parent that it has."""
    if pointer is None:
        return None
    probe = pointer
    while probe not in known:
        if not probe:
            return None
        probe = probe[: probe.rfind("/")]
    return probe


def _index_offsets(text: str) -> dict[str, int]:
    """Offset of every member's key and every array item's value, by pointer.

    The text has already been read as JSON (strictly or leniently), so it is well formed. This
    runs once per file with findings, on files up to 1 MB, so the loop does the least it can
    per token, the most frequent cases first.
    """
    offsets: dict[str, int] = {}
    # Each open container: [its pointer, is it an array, next item index, current member].
    stack: list[list[Any]] = []
    want_key = False
    for match in _TOKEN.finditer(text):
        token = match.group(1)
        first = token[0]
        if want_key and first == '"':  # a member's key
            top = stack[-1]
            key = token[1:-1] if "\\" not in token else _decode_key(token)
            top[3] = pointer = pointer_join_prefix(top[0], key)
            offsets[pointer] = match.start(1)
            want_key = False
            continue
        if first == "}" or first == "]":
            if stack:
                stack.pop()
            want_key = bool(stack) and not stack[-1][1]
            continue
        if first == "/" and token[1:2] in ("/", "*"):  # a comment
            continue
        if not stack:  # the root
            offsets.setdefault("", match.start(1))
            pointer = ""
        elif stack[-1][1]:  # an array item
            parent = stack[-1]
            pointer = pointer_join_prefix(parent[0], parent[2])
            parent[2] += 1
            offsets[pointer] = match.start(1)
        elif first == "{" or first == "[":  # a member's value: its key is recorded
            pointer = stack[-1][3]
        else:  # a member's scalar value ends the member
            want_key = True
            continue
        if first == "{":
            stack.append([pointer, False, 0, ""])
            want_key = True
        elif first == "[":
            stack.append([pointer, True, 0, ""])
    return offsets


def pointer_join_prefix(prefix: str, part: object) -> str:
    return f"{prefix}/{escape_token(part)}"


def _decode_key(token: str) -> str:
    if "\\" not in token:
        return token[1:-1]
    try:
        return str(json.loads(token, strict=False))
    except json.JSONDecodeError:
        return token[1:-1]
