"""Where a value comes from, as far as names can be followed without evaluating M.

Two certification requirements need this (power-query.md §3.2, levels P/P+):
- ``Expression.Evaluate`` must not run user-provided or dynamic text. The allowed shape is
  module text: ``Text.FromBinary(Extension.Contents("<literal>.pqm"))``, written inline, through
  ``let`` variables, or through a loader function whose every call passes a literal.
- credentials must not travel in a GET's URL or query unless ``CredentialQueryString`` is used.

Names are followed through ``let`` variables and record fields of the same member (see
``reading.bindings``), and through other members of the section. Anything else (a function
result, a field access, an operator) is "unknown", which the rules treat as not proven safe.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexer import Token
from .reading import (
    Span,
    bindings,
    call_args,
    function_parameters,
    single,
    strip_parens,
)
from .section import SectionDocument

MAX_DEPTH = 8
FROM_BINARY = "Text.FromBinary"
CONTENTS = "Extension.Contents"
CREDENTIAL = "Extension.CurrentCredential"


@dataclass(frozen=True)
class Origin:
    """What an expression evaluates from.

    kind: "literal" (a text literal), "module" (text of a packaged file named by a literal),
    "parameter" (a parameter of the enclosing member function, at ``index``; ``contents`` when
    it is the file name passed to Extension.Contents), or "unknown" (``why`` says what).
    """

    kind: str
    why: str = ""
    index: int = -1
    contents: bool = False


@dataclass(frozen=True)
class Scope:
    """The tokens a name is looked up in: a member (or a whole module), its let bindings and
    parameters, and the section for member names."""

    tokens: list[Token]
    span: Span
    section: SectionDocument | None
    member: str | None = None  # the enclosing section member's name


def origin(scope: Scope, span: Span, depth: int = 0) -> Origin:
    """Where the text evaluated by ``Expression.Evaluate(<span>, ...)`` comes from."""
    tokens = scope.tokens
    span = strip_parens(tokens, span)
    if depth > MAX_DEPTH:
        return Origin("unknown", "names refer to each other too deeply to follow")
    token = single(tokens, span)
    if token is not None:
        if token.kind == "text":
            return Origin("literal")
        if token.is_name:
            return _named(scope, token.value, depth, binary=False)
        return Origin("unknown", f"'{token.text}' is not text")
    call = _call(tokens, span)
    if call is not None and call[0] == FROM_BINARY and call[1]:
        return _binary(scope, call[1][0], depth + 1)
    return Origin("unknown", "the text is computed, not read from a packaged file")


def _binary(scope: Scope, span: Span, depth: int) -> Origin:
    """The origin of the binary given to Text.FromBinary."""
    tokens = scope.tokens
    span = strip_parens(tokens, span)
    token = single(tokens, span)
    if token is not None and token.is_name:
        return _named(scope, token.value, depth, binary=True)
    call = _call(tokens, span)
    if call is None or call[0] != CONTENTS or not call[1]:
        return Origin("unknown", "the binary does not come from Extension.Contents")
    argument = single(tokens, strip_parens(tokens, call[1][0]))
    if argument is not None and argument.kind == "text":
        return Origin("module")
    if argument is not None and argument.is_name:
        found = _named(scope, argument.value, depth + 1, binary=False)
        if found.kind == "literal":
            return Origin("module")
        if found.kind == "parameter":
            return Origin("parameter", index=found.index, contents=True)
        return found
    return Origin("unknown", "Extension.Contents is given a computed file name")


def _named(scope: Scope, name: str, depth: int, *, binary: bool) -> Origin:
    tokens = scope.tokens
    local = bindings(tokens, scope.span)
    if name in local:
        span = local[name]
        return _binary(scope, span, depth + 1) if binary else origin(scope, span, depth + 1)
    parameters = function_parameters(tokens, scope.span) or []
    if name in parameters:
        if binary:
            return Origin("unknown", f"the binary is the parameter '{name}'")
        return Origin("parameter", index=parameters.index(name))
    section = scope.section
    member = section.member(name) if section is not None else None
    if member is not None and section is not None:
        inner = Scope(section.tokens, (member.start, member.end), section, member.name)
        whole = (member.start, member.end)
        return _binary(inner, whole, depth + 1) if binary else origin(inner, whole, depth + 1)
    return Origin("unknown", f"'{name}' is not defined in this file")


def _call(tokens: list[Token], span: Span) -> tuple[str, list[Span]] | None:
    """``Name(args)`` when the span is exactly one call."""
    start, end = span
    if end - start < 3 or tokens[start].kind != "identifier" or not tokens[start + 1].is_op("("):
        return None
    args = call_args(tokens, start, end)
    close = args[-1][1] if args else start + 2
    if close != end - 1 or not tokens[end - 1].is_op(")"):
        return None
    return tokens[start].text, args


def mentions_credential(scope: Scope, span: Span) -> Token | None:
    """The Extension.CurrentCredential token the span reaches through local names, if any."""
    tokens = scope.tokens
    local = bindings(tokens, scope.span)
    pending, seen = [span], set()
    while pending:
        start, end = pending.pop()
        for token in tokens[start:end]:
            if token.kind == "identifier" and token.text.startswith(CREDENTIAL):
                return token
            if token.is_name and token.value in local and token.value not in seen:
                seen.add(token.value)
                pending.append(local[token.value])
    return None
