"""Reading shapes inside a member's tokens: record and list literals, calls, let bindings,
function parameters. Not an expression parser: each reader recognises one written shape and
answers None when the code is written another way, so rules stay silent rather than guess.

Every reader works on a token list and a half-open index range ``(start, end)``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass

from .lexer import Token

_OPEN = {"(": ")", "[": "]", "{": "}"}

Span = tuple[int, int]


@dataclass(frozen=True)
class Field:
    name: str
    token: Token  # the field name
    value: Span


@dataclass(frozen=True)
class Record:
    open: Token
    fields: dict[str, Field]


def matching(tokens: list[Token], i: int, end: int) -> int:
    """Index of the bracket closing tokens[i], or ``end`` when it is not closed before it."""
    close = _pairs(tokens).get(i, end)
    return close if close < end else end


def _pairs(tokens: list[Token]) -> dict[int, int]:
    """Each opening bracket's index -> its closing bracket's index, for the whole list at once:
    readers ask again and again, and deeply nested code must not make them quadratic."""
    cache = _cache(tokens)
    if "pairs" not in cache:
        pairs: dict[int, int] = {}
        stack: list[int] = []
        for j, token in enumerate(tokens):
            if token.kind != "operator":
                continue
            if token.text in _OPEN:
                stack.append(j)
            elif token.text in (")", "]", "}") and stack:
                pairs[stack.pop()] = j
        cache["pairs"] = pairs
    return cache["pairs"]  # type: ignore[return-value]


def split_top(tokens: list[Token], start: int, end: int, separator: str = ",") -> list[Span]:
    """The parts of tokens[start:end] between separators at bracket depth 0."""
    parts: list[Span] = []
    depth, begin = 0, start
    for j in range(start, end):
        token = tokens[j]
        if token.kind != "operator":
            continue
        if token.text in _OPEN:
            depth += 1
        elif token.text in (")", "]", "}"):
            depth -= 1
        elif token.text == separator and depth == 0:
            parts.append((begin, j))
            begin = j + 1
    if begin < end:
        parts.append((begin, end))
    return parts


def strip_parens(tokens: list[Token], span: Span) -> Span:
    """``(x)`` -> ``x``, as often as the whole span is one parenthesis."""
    start, end = span
    while end - start >= 2 and tokens[start].is_op("(") and matching(tokens, start, end) == end - 1:
        start, end = start + 1, end - 1
    return start, end


def read_record(tokens: list[Token], span: Span) -> Record | None:
    """The record literal that ``span`` starts with (``[a = 1, b = 2]``), or None.

    A record followed by more (``[...] & other``) is still read: its fields are what the
    code wrote, which is what the rules look at.
    """
    start, end = strip_parens(tokens, span)
    if start >= end or not tokens[start].is_op("["):
        return None
    close = matching(tokens, start, end)
    fields: dict[str, Field] = {}
    for part_start, part_end in split_top(tokens, start + 1, close):
        equals = next(
            (j for j in range(part_start, part_end) if tokens[j].is_op("=")),
            None,
        )
        if equals is None or equals == part_start:
            continue
        name = field_name(tokens, part_start, equals)
        if name and name not in fields:
            fields[name] = Field(name, tokens[part_start], (equals + 1, part_end))
    return Record(tokens[start], fields)


def field_name(tokens: list[Token], start: int, end: int) -> str:
    """A generalized identifier (``Data Source``, ``#"x"``, ``type``); '' when it is not one."""
    parts = []
    for token in tokens[start:end]:
        if token.is_name or token.kind == "keyword":
            parts.append(token.value)
        else:
            return ""
    # "optional" in a record type ([optional a = text]) is not part of the name.
    if len(parts) > 1 and parts[0] == "optional":
        parts = parts[1:]
    return " ".join(parts)


def read_list(tokens: list[Token], span: Span) -> list[Span] | None:
    """The items of the list literal that ``span`` is (``{a, b}``), or None."""
    start, end = strip_parens(tokens, span)
    if start >= end or not tokens[start].is_op("{"):
        return None
    close = matching(tokens, start, end)
    return split_top(tokens, start + 1, close)


def single(tokens: list[Token], span: Span) -> Token | None:
    """The one token ``span`` consists of (parentheses aside), else None."""
    start, end = strip_parens(tokens, span)
    return tokens[start] if end - start == 1 else None


def text_value(tokens: list[Token], span: Span) -> str | None:
    token = single(tokens, span)
    return token.value if token is not None and token.kind == "text" else None


def name_value(tokens: list[Token], span: Span) -> str | None:
    """The identifier ``span`` is (a reference to another member), else None."""
    token = single(tokens, span)
    return token.value if token is not None and token.is_name else None


def calls(tokens: list[Token], span: Span, name: str) -> Iterator[int]:
    """Indexes of ``name(`` in the span: the name token of each call."""
    found = call_index(tokens).get(name, [])
    start, end = span
    yield from found[bisect.bisect_left(found, start) : bisect.bisect_left(found, end - 1)]


def call_index(tokens: list[Token]) -> dict[str, list[int]]:
    """Every called name of the token list, with the indexes of its calls."""
    cache = _cache(tokens)
    if "calls" not in cache:
        index: dict[str, list[int]] = {}
        for j in range(len(tokens) - 1):
            token = tokens[j]
            if token.kind == "identifier" and tokens[j + 1].is_op("("):
                index.setdefault(token.text, []).append(j)
        cache["calls"] = index
    return cache["calls"]  # type: ignore[return-value]


# Token lists are never changed once made, so what is computed over a whole list (calls,
# bracket pairs) is kept with it. The list is held by its entry so that its id is not reused.
_CACHES: dict[int, tuple[list[Token], dict[str, object]]] = {}
_MAX_CACHES = 32


def _cache(tokens: list[Token]) -> dict[str, object]:
    entry = _CACHES.get(id(tokens))
    if entry is None or entry[0] is not tokens:
        if len(_CACHES) >= _MAX_CACHES:
            _CACHES.clear()
        entry = _CACHES[id(tokens)] = (tokens, {})
    return entry[1]


def call_args(tokens: list[Token], name_index: int, end: int) -> list[Span]:
    """The argument spans of the call whose name is at ``name_index``."""
    open_index = name_index + 1
    close = matching(tokens, open_index, end)
    return split_top(tokens, open_index + 1, close)


def literal_call_args(tokens: list[Token], span: Span, name: str) -> Iterator[tuple[Token, str]]:
    """Each ``name("literal", ...)`` in the span: the literal's token and value."""
    for j in calls(tokens, span, name):
        args = call_args(tokens, j, span[1])
        if args:
            value = text_value(tokens, args[0])
            if value is not None:
                yield tokens[strip_parens(tokens, args[0])[0]], value


def bindings(tokens: list[Token], span: Span) -> dict[str, Span]:
    """``name = expression`` pairs inside the span: let variables and record fields.

    A name bound twice (in nested ``let``s) keeps its first binding; rules that resolve names
    through this accept that approximation.
    """
    start, end = span
    found: dict[str, Span] = {}
    for j in range(start, end - 1):
        token = tokens[j]
        if not token.is_name or not tokens[j + 1].is_op("="):
            continue
        before = tokens[j - 1] if j > start else None
        if before is not None and not (before.is_keyword("let") or before.is_op(",", "[")):
            continue
        value_end = _binding_end(tokens, j + 2, end)
        found.setdefault(token.value, (j + 2, value_end))
    return found


def _binding_end(tokens: list[Token], start: int, end: int) -> int:
    depth = 0
    for j in range(start, end):
        token = tokens[j]
        if token.kind == "operator":
            if token.text in _OPEN:
                depth += 1
            elif token.text in (")", "]", "}"):
                if depth == 0:
                    return j
                depth -= 1
            elif token.text == "," and depth == 0:
                return j
        elif token.is_keyword("let"):
            depth += 1  # a nested let ... in: its commas are not ours
        elif token.is_keyword("in"):
            if depth == 0:
                return j
            depth -= 1
    return end


def function_parameters(tokens: list[Token], span: Span) -> list[str] | None:
    """The parameter names when ``span`` is a function ``(a, optional b as text) => ...``."""
    start, end = span
    if start >= end or not tokens[start].is_op("("):
        return None
    close = matching(tokens, start, end)
    after = close + 1
    # an optional return type: ``) as table =>``, ``) as nullable table =>``
    if after < end and tokens[after].is_keyword("as"):
        while after < end and not tokens[after].is_op("=>"):
            after += 1
    if after >= end or not tokens[after].is_op("=>"):
        return None
    names = []
    for part_start, part_end in split_top(tokens, start + 1, close):
        words = [t for t in tokens[part_start:part_end] if t.is_name]
        if words and words[0].value == "optional" and len(words) > 1:
            words = words[1:]
        if words:
            names.append(words[0].value)
    return names
