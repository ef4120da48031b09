"""Where a JSON pointer sits in the original text of a JSON file.

Findings name a JSON pointer; people want a line and a column. The text is scanned once per
file (only when a finding needs it) with a regular-expression tokenizer, so it stays fast on
1 MB API definitions. ``//`` and ``/* */`` comments and trailing commas, which the lenient
reader of ``jsonio`` tolerates, are skipped here too, so positions are those of the user's file.
"""

from __future__ import annotations

import bisect
import json
import re

from .model import escape_token

# One token per match: a string (escapes kept), a comment, a structural character, or a bare
# scalar (number, true, false, null). Strings come first so a "//" inside one is not a comment.
_TOKEN = re.compile(
    r'"(?:[^"\\]|\\.)*"?'
    r"|//[^\n]*"
    r"|/\*.*?(?:\*/|\Z)"
    r"|[{}\[\]:,]"
    r'|[^\s{}\[\]:,"/]+',
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
        if pointer is None:
            return None
        probe = pointer
        while probe not in self._offsets:
            if not probe:
                return None
            probe = probe[: probe.rfind("/")]
        return self._line_column(self._offsets[probe])

    def _line_column(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1


def _index_offsets(text: str) -> dict[str, int]:
    offsets: dict[str, int] = {}
    # Each open container: [pointer, is_array, next_index, pending_key]
    stack: list[list] = []
    expecting_key = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        start = match.start()
        first = token[0]
        if first == "/" and token[:2] in ("//", "/*"):
            continue
        if first in ":,":
            if first == "," and stack and not stack[-1][1]:
                expecting_key = True
            continue
        if first in "}]":
            if stack:
                stack.pop()
            expecting_key = False
            continue
        if expecting_key and first == '"':
            stack[-1][3] = _decode_key(token)
            offsets[pointer_join_prefix(stack[-1][0], stack[-1][3])] = start
            expecting_key = False
            continue
        pointer = _value_pointer(stack, offsets, start)
        if first in "{[":
            stack.append([pointer, first == "[", 0, None])
            expecting_key = first == "{"
    return offsets


def _value_pointer(stack: list[list], offsets: dict[str, int], start: int) -> str:
    """Pointer of a value starting at ``start``; records array items and the root."""
    if not stack:
        offsets.setdefault("", start)
        return ""
    parent = stack[-1]
    if parent[1]:
        pointer = pointer_join_prefix(parent[0], parent[2])
        parent[2] += 1
        offsets[pointer] = start
        return pointer
    return pointer_join_prefix(parent[0], parent[3])


def pointer_join_prefix(prefix: str, part: object) -> str:
    return f"{prefix}/{escape_token(part)}"


def _decode_key(token: str) -> str:
    if "\\" not in token:
        return token[1:-1]
    try:
        return json.loads(token, strict=False)
    except json.JSONDecodeError:
        return token[1:-1]
