"""A pure-Python lexer for the M language (Power Query), after the M specification's lexical
grammar (learn.microsoft.com/powerquery-m/m-spec-lexical-structure).

It never raises: a character M does not allow, an unterminated text literal or comment become
``error`` tokens with a message, and the rest of the input is still read. Positions are 1-based
lines and columns counted in Unicode code points, as editors and SARIF count them; a leading
byte-order mark is not a column.

What a lexer cannot know, and so is left to the readers above it:
- Generalized identifiers (record field names and field access, ``[Column Name]``,
  ``[type = 1]``) may contain spaces and keywords. The lexer emits the separate identifier and
  keyword tokens; ``reading.field_name`` joins them where a field name is expected.
- A regular identifier may contain dots (``Table.ToNavigationTable``): the whole dotted name is
  one ``identifier`` token, as the specification says. ``1..5`` is a number, ``..``, a number,
  since a decimal point must be followed by a digit.
- Maximal munch decides between operators (``??`` over ``?``, ``...`` over ``..``), as in M.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal, NamedTuple

TokenKind = Literal[
    "identifier",  # Name, Name.With.Dots
    "quoted",  # #"quoted identifier" (value: the name)
    "keyword",  # let, in, section, shared, #table, ...
    "text",  # "text literal" (value: the decoded text)
    "verbatim",  # #!"verbatim literal" (value: the decoded text)
    "number",
    "operator",  # punctuators and operators: ; , = => ( ) [ ] { } ...
    "comment",
    "error",  # what M does not allow here; ``message`` says why
]

KEYWORDS = frozenset(
    {
        "and",
        "as",
        "catch",
        "each",
        "else",
        "error",
        "false",
        "if",
        "in",
        "is",
        "let",
        "meta",
        "not",
        "null",
        "or",
        "otherwise",
        "section",
        "shared",
        "then",
        "true",
        "try",
        "type",
    }
)
HASH_KEYWORDS = (
    "binary",
    "datetimezone",
    "datetime",
    "date",
    "duration",
    "infinity",
    "nan",
    "sections",
    "shared",
    "table",
    "time",
)

# New-line characters of the M specification; CRLF is one line break.
_NEWLINE = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_NEWLINE_CHARS = "\r\n\x85\u2028\u2029"
# Whitespace: Unicode class Zs, tab, vertical tab, form feed and the new-line characters. A
# byte-order mark is read as whitespace too: files joined by tools carry one inside.
_SPACE_CHARS = "\t\v\f \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff"

_PATTERNS = (
    ("comment", f"//[^{_NEWLINE_CHARS}]*|/\\*.*?\\*/"),
    ("open_comment", r"/\*"),
    ("text", r'"(?:[^"]|"")*"'),
    ("verbatim", r'#!"(?:[^"]|"")*"'),
    ("quoted", r'#"(?:[^"]|"")*"'),
    ("open_text", r'#!?"|"'),
    ("hash_keyword", r"#(?:" + "|".join(HASH_KEYWORDS) + r")(?!\w)"),
    ("number", r"0[xX][0-9a-fA-F]+|(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"),
    ("identifier", r"[^\W\d]\w*(?:\.[^\W\d]\w*)*"),
    ("operator", r"=>|\.\.\.|\.\.|\?\?|<=|>=|<>|[=<>+\-*/&(){}\[\],;@!?]"),
    ("other", r"."),
    ("end", r"\Z"),  # whitespace at the end of the source
)
# Each match is the whitespace before a token, then the token: one match per token.
_TOKEN = re.compile(
    f"[{_SPACE_CHARS}{_NEWLINE_CHARS}]*(?:"
    + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _PATTERNS)
    + ")",
    re.DOTALL,
)

# Characters that may continue an identifier (combining marks, connectors, formatting
# characters) but that Python's \w does not cover.
_IDENTIFIER_PART_CATEGORIES = frozenset({"Mn", "Mc", "Pc", "Cf"})
_ESCAPE = re.compile(r"#\(([^)]*)\)")
_CONTROL_ESCAPES = {"cr": "\r", "lf": "\n", "tab": "\t", "#": "#"}


class Token(NamedTuple):
    """One token. A named tuple: lexing makes one per word, and tuples are made fastest."""

    kind: TokenKind
    text: str  # as written in the source
    value: str  # text literals and quoted identifiers decoded; otherwise the text
    offset: int  # in the source string
    line: int
    column: int
    message: str = ""  # for ``error`` tokens

    @property
    def end(self) -> int:
        return self.offset + len(self.text)

    def is_op(self, *ops: str) -> bool:
        return self.kind == "operator" and self.text in ops

    def is_keyword(self, *words: str) -> bool:
        return self.kind == "keyword" and self.text in words

    @property
    def is_name(self) -> bool:
        """An identifier or a quoted identifier: something a member or field can be named."""
        return self.kind in ("identifier", "quoted")


class Positions:
    """Offset -> (line, column), counting the specification's line breaks."""

    def __init__(self, source: str) -> None:
        self.starts = [0, *(m.end() for m in _NEWLINE.finditer(source))]
        self.bom = 1 if source.startswith("\ufeff") else 0

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        column = offset - self.starts[line - 1] + 1
        if line == 1:
            column = max(1, column - self.bom)
        return line, column


# Groups whose token is the matched text as is (the common case, kept off the slow path).
_PLAIN = {"number": "number", "operator": "operator", "comment": "comment"}


def tokenize(source: str) -> list[Token]:
    """Every token of ``source`` (comments included, whitespace left out), in order."""
    positions = Positions(source)
    starts, bom = positions.starts, positions.bom
    tokens: list[Token] = []
    append, keywords, size = tokens.append, KEYWORDS, len(source)
    line, next_start = 1, starts[1] if len(starts) > 1 else size + 1
    for match in _TOKEN.finditer(source):
        group = match.lastgroup
        if group == "end" or group is None:
            break
        pos = match.start(group)
        while pos >= next_start:  # offsets only grow: walk the line starts along
            line += 1
            next_start = starts[line] if line < len(starts) else size + 1
        column = pos - starts[line - 1] + 1 - (bom if line == 1 else 0)
        text = match.group(group)
        if group == "identifier":
            kind: TokenKind = "keyword" if text in keywords else "identifier"
            if tokens and tokens[-1].kind == "identifier" and tokens[-1].end == pos:
                append(_merged(tokens.pop(), text))  # the rest of a name after a combining mark
            else:
                append(Token(kind, text, text, pos, line, column))
        elif group in _PLAIN:
            append(Token(_PLAIN[group], text, text, pos, line, column))  # type: ignore[arg-type]
        else:
            token = _token(group, text, source, pos, line, max(1, column), tokens)
            append(token)
            if token.kind == "error" and token.end == size and len(token.text) > 1:
                break  # an unclosed literal or comment swallowed the rest
    return tokens


def _merged(first: Token, more: str) -> Token:
    text = first.text + more
    return Token("identifier", text, text, first.offset, first.line, first.column)


def _token(
    group: str, text: str, source: str, pos: int, line: int, column: int, tokens: list[Token]
) -> Token:
    if group in ("text", "verbatim"):
        start = 3 if group == "verbatim" else 1
        return Token(group, text, decode_text(text[start:-1]), pos, line, column)  # type: ignore[arg-type]
    if group == "quoted":
        return Token("quoted", text, decode_text(text[2:-1]), pos, line, column)
    if group == "hash_keyword":
        return Token("keyword", text, text, pos, line, column)
    if group == "open_comment":
        rest = source[pos:]
        return Token("error", rest, rest, pos, line, column, "this /* comment is never closed")
    if group == "open_text":
        rest = source[pos:]
        return Token("error", rest, rest, pos, line, column, "this text literal is never closed")
    return _other(text, pos, line, column, tokens)


def _other(char: str, pos: int, line: int, column: int, tokens: list[Token]) -> Token:
    """A character no token starts with: an identifier's combining mark, or an error."""
    previous = tokens[-1] if tokens else None
    if (
        unicodedata.category(char) in _IDENTIFIER_PART_CATEGORIES
        and previous is not None
        and previous.kind == "identifier"
        and previous.end == pos
    ):
        tokens.pop()
        return _merged(previous, char)
    name = unicodedata.name(char, "")
    shown = f"U+{ord(char):04X}" + (f" {name}" if name else "")
    return Token("error", char, char, pos, line, column, f"unexpected character {shown}")


def decode_text(body: str) -> str:
    """The value of a text literal's body: "" is a quote, #(cr,lf) and #(0041) are escapes.

    An escape M would reject (``#(foo)``) is kept as written: the value is only used to read
    names, keys and URLs, never to judge the literal.
    """
    body = body.replace('""', '"')
    if "#(" not in body:
        return body
    return _ESCAPE.sub(_escape, body)


def _escape(match: re.Match[str]) -> str:
    parts = match.group(1).split(",")
    decoded = []
    for part in parts:
        if part in _CONTROL_ESCAPES:
            decoded.append(_CONTROL_ESCAPES[part])
        elif len(part) in (4, 8) and all(c in "0123456789abcdefABCDEF" for c in part):
            code = int(part, 16)
            if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                return match.group(0)
            decoded.append(chr(code))
        else:
            return match.group(0)
    return "".join(decoded)


@dataclass(frozen=True)
class Decoded:
    text: str
    problem: str = ""  # why the bytes are not UTF-8, empty when they are
    line: int | None = None
    column: int | None = None
    replaced: bool = False  # bytes that are not UTF-8 became U+FFFD in ``text``


def decode_source(data: bytes) -> Decoded:
    """Source text from a file's bytes: UTF-8 (with or without BOM) is the only encoding M
    files are written in by Microsoft's tools; anything else is decoded as well as possible
    and the first bad byte is located for the message."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
        return Decoded(
            data.decode(encoding, errors="replace"),
            "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8",
            1,
            1,
        )
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        return Decoded(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        good = body[: exc.start].decode("utf-8", errors="replace")
        line = len(_NEWLINE.findall(good)) + 1
        last_break = max(good.rfind(c) for c in _NEWLINE_CHARS)
        column = len(good) - (last_break + 1) + 1
        offset = exc.start + len(data) - len(body)
        problem = (
            f"the file is not UTF-8: byte 0x{body[exc.start]:02X} at offset {offset} "
            "cannot be decoded; save the file as UTF-8"
        )
        return Decoded(body.decode("utf-8", errors="replace"), problem, line, column, True)
