"""What the code refers to by name: packaged files and resource strings.

Files are loaded with ``Extension.Contents("name")``, either directly or through a loader: a
member function that passes one of its parameters to Extension.Contents, like the samples'
``Extension.LoadFunction = (name as text) => ... Extension.Contents(name) ...`` called as
``Extension.LoadFunction("Table.ToNavigationTable.pqm")``. Strings are loaded with
``Extension.LoadString("Key")``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .lexer import Token
from .reading import call_args, calls, function_parameters, literal_call_args, single
from .section import Member, SectionDocument

CONTENTS = "Extension.Contents"
LOAD_STRING = "Extension.LoadString"


@dataclass(frozen=True)
class Reference:
    name: str  # the file name or resource key
    source: str  # the package file the reference is written in
    token: Token  # the literal, for its position
    via: str  # the function called: Extension.Contents, a loader, Extension.LoadString


@dataclass(frozen=True)
class Code:
    """One file of M code: the section document or a .pqm module, as tokens."""

    name: str
    tokens: list[Token]  # without comments


def loaders(document: SectionDocument) -> dict[str, Member]:
    """Members that are functions passing a parameter to Extension.Contents."""
    found: dict[str, Member] = {}
    tokens = document.tokens
    for member in document.members:
        span = (member.start, member.end)
        parameters = function_parameters(tokens, span)
        if not parameters:
            continue
        for j in calls(tokens, span, CONTENTS):
            args = call_args(tokens, j, member.end)
            argument = single(tokens, args[0]) if args else None
            if argument is not None and argument.is_name and argument.value in parameters:
                found[member.name] = member
                break
    return found


def file_references(document: SectionDocument | None, codes: Iterable[Code]) -> list[Reference]:
    """Every literal file name the code loads, in source order per file."""
    loader_names = sorted(loaders(document)) if document is not None else []
    found: list[Reference] = []
    for code in codes:
        span = (0, len(code.tokens))
        for via in (CONTENTS, *loader_names):
            for token, value in literal_call_args(code.tokens, span, via):
                found.append(Reference(value, code.name, token, via))
    return sorted(found, key=lambda r: (r.source, r.token.offset))


def string_references(codes: Iterable[Code]) -> list[Reference]:
    found: list[Reference] = []
    for code in codes:
        span = (0, len(code.tokens))
        for token, value in literal_call_args(code.tokens, span, LOAD_STRING):
            found.append(Reference(value, code.name, token, LOAD_STRING))
    return found


def text_literals(codes: Iterable[Code]) -> set[str]:
    """Every text literal's value: a packager includes a root file any of them names."""
    return {t.value for code in codes for t in code.tokens if t.kind == "text"}
