"""Reading JSON the way users' files really are, and writing it canonically.

Strict JSON is tried first. When that fails, a lenient pass tolerates what real connector
files carry (about one in a hundred of the files Microsoft accepted is not strict JSON):
a UTF-8 BOM, cp1252 bytes, ``//`` and ``/* */`` comments, trailing commas, Unicode spaces
between tokens (ZohoSign's accepted Swagger indents with U+2003 EM SPACE) and raw control
characters inside strings. Each tolerance becomes a warning naming the file and line.
The lenient pass blanks comments, commas and Unicode spaces with ASCII spaces, one character
for one, instead of deleting them, so a parse error in the cleaned text points at the same
line and column of the original.

Output is written with ``\\u`` escapes, plain ASCII: paconn opens the JSON files with the
platform's default encoding, which garbles or refuses UTF-8 under a Windows code page
(../shared/reference/deploy.md).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, InputError


@dataclass
class Loaded:
    """A parsed JSON document with what was tolerated while reading it."""

    value: Any
    text: str
    warnings: list[Diagnostic] = field(default_factory=list)


def read_bytes(path: Path, label: str, max_bytes: int | None = None, too_big: str = "") -> bytes:
    """Read a user's file, refusing folders, missing files and (before reading) oversize ones."""
    shown = str(path)
    try:
        exists, is_dir = path.exists(), path.is_dir()
    except OSError as exc:  # a name too long for the file system, for one
        raise InputError(f"{label} {shown} cannot be read: {exc.strerror or exc}.") from exc
    if not exists:
        raise InputError(f"{label} {shown} does not exist.")
    if is_dir:
        raise InputError(f"{label} {shown} is a folder; give the path of a file.")
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise InputError(
                f"{label} {shown} is {size:,} bytes; the limit is {max_bytes:,} bytes. {too_big}"
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{label} {shown} cannot be read: {exc.strerror or exc}.") from exc


def load_json_file(
    path: Path, label: str, max_bytes: int | None = None, too_big: str = ""
) -> Loaded:
    return parse_json(read_bytes(path, label, max_bytes, too_big), str(path), label)


def parse_json(data: bytes, name: str, label: str = "file") -> Loaded:
    """Parse bytes as JSON, strictly if possible, leniently with warnings otherwise."""
    if not data.strip():
        raise InputError(f"{label} {name} is empty; it should hold a JSON object.")
    refuse_binary_or_wide(data, name, label, "JSON")
    warnings: list[Diagnostic] = []
    text = decode_text(data, name, warnings)
    if "\x00" in text:
        raise _located_error(
            f"{label} {name} contains a NUL byte (0x00), which JSON text cannot hold",
            name,
            text,
            text.index("\x00"),
            "json-syntax",
            "a NUL byte is not JSON text.",
        )
    try:
        value = _loads(text, strict=True)
        _check_nesting(value, text, name, label)
        return Loaded(value, text, warnings)
    except json.JSONDecodeError as strict_error:
        cleaned, tolerated = _blank_comments_and_trailing_commas(text, name)
        try:
            value = _loads(cleaned, strict=False)
        except json.JSONDecodeError as exc:
            # Report where the lenient reader gave up: with blanks in place of comments its
            # position is the position in the user's file.
            raise _syntax_error(label, name, text, exc) from None
        except RecursionError:
            raise _too_deep(cleaned, name, label) from None
        _check_nesting(value, cleaned, name, label)
        if not tolerated:
            tolerated = [_control_char_warning(text, strict_error, name)]
        return Loaded(value, text, warnings + tolerated)
    except RecursionError:
        raise _too_deep(text, name, label) from None


def _loads(text: str, strict: bool) -> Any:
    return json.loads(text, strict=strict)


# Real API definitions nest fewer than 30 levels (25 at most in the corpus of accepted
# connectors). Deeper documents are refused while reading, so that nothing later (copying,
# validating, checking) can exhaust Python's recursion limit on them.
MAX_NESTING = 100

_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S)


def _check_nesting(value: Any, text: str, name: str, label: str) -> None:
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > MAX_NESTING:
            raise _too_deep(text, name, label)
        stack.extend((child, depth + 1) for child in children)


def _too_deep(text: str, name: str, label: str) -> InputError:
    """Where the text first opens its (MAX_NESTING + 1)th level, as an error with a caret."""
    depth, where = 0, 0
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_NESTING:
                where = match.start()
                break
        elif token in "]}":
            depth -= 1
    return _located_error(
        f"{label} {name} nests arrays or objects more than {MAX_NESTING} levels deep, which "
        "connectorgen does not read (real API definitions use fewer than 30)",
        name,
        text,
        where,
        "json-syntax",
        f"nested more than {MAX_NESTING} levels deep.",
    )


def refuse_binary_or_wide(data: bytes, name: str, label: str, kind: str) -> None:
    """Refuse UTF-16/UTF-32 text by name, and files that are not text at all."""
    _refuse_wide_encodings(data, name, label)
    if _looks_binary(data[:1024]):
        raise InputError(f"{label} {name} is a binary file, not {kind} text.")


def _refuse_wide_encodings(data: bytes, name: str, label: str) -> None:
    """UTF-16 and UTF-32 text (Notepad's "Unicode") is refused by name, not read as mojibake."""
    head = data[:4]
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        encoding = "UTF-32"
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "UTF-16"
    elif _starts_json_like(head, b"\x00\x00\x00", 3) or _starts_json_like(head, b"\x00\x00\x00", 0):
        encoding = "UTF-32"  # RFC 8259's detection: JSON text starts with an ASCII character
    elif _wide_ascii(data[:64]):
        encoding = "UTF-16"
    else:
        return
    raise InputError(
        f"{label} {name} is encoded as {encoding}; {encoding} is not supported: save the file "
        "as UTF-8.",
        [Diagnostic("error", "json-syntax", f"{encoding} is not supported", file=name, line=1)],
    )


_JSON_START = b'{["-0123456789tfn \t\r\n'


def _starts_json_like(head: bytes, zeros: bytes, at: int) -> bool:
    """``head`` is 4 bytes: three NULs and, at index ``at``, a character JSON can start with."""
    if len(head) < 4 or head[at] not in _JSON_START:
        return False
    return head[:at] + head[at + 1 :] == zeros


def _wide_ascii(sample: bytes) -> bool:
    """UTF-16 without a BOM: ASCII text with a NUL in every other byte (either order)."""
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 2:
        return False
    for low, high in ((0, 1), (1, 0)):  # little-endian, big-endian
        highs = sample[high::2]
        if sample[low] in _JSON_START and highs.count(0) >= 0.9 * len(highs):
            return True
    return False


def _looks_binary(sample: bytes) -> bool:
    """More than one NUL, or mostly bytes no text file holds: not a text file at all."""
    if sample.count(b"\x00") > 1:
        return True
    odd = sum(1 for byte in sample if byte < 32 and byte not in b"\t\n\r\x0c")
    return odd > len(sample) // 10


def json_type(value: Any) -> str:
    """The JSON name of a parsed value's type, for messages: 'an array', 'null'."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return "a string" if isinstance(value, str) else type(value).__name__


def decode_text(data: bytes, name: str, warnings: list[Diagnostic]) -> str:
    """UTF-8 (a BOM is dropped), else Windows-1252 with a warning naming the first bad byte."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        warnings.append(
            Diagnostic(
                "warning",
                "json-lenient",
                f"not UTF-8 (byte 0x{data[exc.start]:02x}); read as Windows-1252. "
                "Save the file as UTF-8.",
                file=name,
                line=line,
            )
        )
        return data.decode("cp1252", errors="replace")


# What the lenient reader blanks out, in one pass: strings (skipped whole, so "//" inside one is
# text), // and /* */ comments, commas followed only by blanks or comments before a closing
# bracket, and space characters JSON does not allow between tokens (NBSP, EM SPACE, U+3000, a
# stray BOM: accepted connectors indent with them). A comment cannot swallow its own "*/" nor
# run past its line, so the look-ahead never reads a longer comment than the scan does.
_UNICODE_SPACE = r"[^\S \t\r\n]|\ufeff"
_LENIENT = re.compile(
    r'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)'
    r"|//[^\n]*"
    r"|/\*.*?(?:\*/|\Z)"
    rf"|,(?=(?:\s|\ufeff|//[^\n]*(?:\n|\Z)|/\*(?:[^*]|\*(?!/))*(?:\*/|\Z))*[}}\]])"
    rf"|{_UNICODE_SPACE}",
    re.S,
)


def _blank_comments_and_trailing_commas(text: str, name: str) -> tuple[str, list[Diagnostic]]:
    """Replace comments, trailing commas and Unicode spaces by spaces (newlines kept).

    Each comment and comma is noted; the Unicode spaces, often hundreds (a whole file
    indented with them), become one note at the first of them.
    """
    out: list[str] | None = None  # copied on the first change only
    notes: list[Diagnostic] = []
    spaces = _SpaceTally()
    line, counted = 1, 0
    for match in _LENIENT.finditer(text):
        token = match.group()
        if token[0] == '"':
            continue
        start, end = match.span()
        line += text.count("\n", counted, start)
        counted = start
        out = out if out is not None else list(text)
        if token == ",":
            out[start] = " "
            notes.append(_note(name, line, "a trailing comma was ignored"))
        elif len(token) == 1:  # a Unicode space: one character for one keeps every position
            out[start] = " "
            spaces.add(token, line, start - text.rfind("\n", 0, start))
        elif token[1] == "/":
            out[start:end] = " " * (end - start)
            notes.append(_note(name, line, "a // comment was ignored"))
        else:
            out[start:end] = [c if c == "\n" else " " for c in token]
            notes.append(_note(name, line, "a /* */ comment was ignored"))
    return ("".join(out) if out is not None else text), spaces.notes(name) + notes


@dataclass
class _SpaceTally:
    """Unicode spaces met between tokens: how many, which, and where the first one is."""

    count: int = 0
    kinds: dict[str, None] = field(default_factory=dict)
    first: tuple[int, int] = (0, 0)

    def add(self, ch: str, line: int, column: int) -> None:
        if not self.count:
            self.first = (line, column)
        self.count += 1
        self.kinds[ch] = None

    def notes(self, name: str) -> list[Diagnostic]:
        if not self.count:
            return []
        import unicodedata

        kinds = ", ".join(
            f"U+{ord(ch):04X} {unicodedata.name(ch, 'SPACE')}" for ch in list(self.kinds)[:3]
        )
        line, column = self.first
        return [
            Diagnostic(
                "warning",
                "json-lenient",
                f"not strict JSON: {self.count} Unicode space character(s) between tokens "
                f"({kinds}) were read as spaces; JSON allows only space, tab and line breaks "
                "there.",
                file=name,
                line=line,
                column=column,
            )
        ]


def _note(name: str, line: int, what: str) -> Diagnostic:
    return Diagnostic("warning", "json-lenient", f"not strict JSON: {what}.", file=name, line=line)


def _control_char_warning(text: str, exc: json.JSONDecodeError, name: str) -> Diagnostic:
    return Diagnostic(
        "warning",
        "json-lenient",
        "not strict JSON: a raw control character (tab, newline) inside a string was accepted; "
        "escape it as \\t or \\n.",
        file=name,
        line=exc.lineno,
        column=exc.colno,
    )


def _syntax_error(label: str, name: str, text: str, exc: json.JSONDecodeError) -> InputError:
    diag = Diagnostic(
        "error",
        "json-syntax",
        f"not valid JSON: {exc.msg}.",
        file=name,
        line=exc.lineno,
        column=exc.colno,
    )
    return InputError(
        f"{label} {name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.",
        [diag],
        detail=source_excerpt(text, exc.lineno, exc.colno),
    )


def _located_error(
    message: str, name: str, text: str, pos: int, code: str, short: str
) -> InputError:
    """An InputError for the character at ``pos``: line, column and the line with a caret."""
    line = text.count("\n", 0, pos) + 1
    column = pos - text.rfind("\n", 0, pos)
    return InputError(
        f"{message}: line {line}, column {column}.",
        [Diagnostic("error", code, short, file=name, line=line, column=column)],
        detail=source_excerpt(text, line, column),
    )


EXCERPT_WIDTH = 160
_SECRET_VALUE = re.compile(
    r'("[^"]*(?:secret|password)[^"]*"\s*:\s*")((?:[^"\\]|\\.)*)("?)', re.IGNORECASE
)


def source_excerpt(text: str, line_no: int, column: int) -> str:
    """The line (a window of it when long, as in minified JSON) with a caret under ``column``."""
    lines = text.split("\n")  # JSON counts lines by \n only, unlike str.splitlines
    line_no = min(max(line_no, 1), len(lines))
    # Tabs count as one column, as in the parser's column numbers; other control
    # characters are shown as spaces so that the caret stays aligned in a terminal.
    source = "".join(" " if ch < " " else ch for ch in lines[line_no - 1].removesuffix("\r"))
    # A broken line may hold a secret ("clientSecret": "..."): show its length, not its text.
    source = _SECRET_VALUE.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3), source)
    start = 0
    if column > EXCERPT_WIDTH - 20:
        start = column - EXCERPT_WIDTH // 2
    shown = source[start : start + EXCERPT_WIDTH]
    prefix = "…" if start else ""
    suffix = "…" if start + EXCERPT_WIDTH < len(source) else ""
    caret = " " * (len(prefix) + min(column - start, len(shown) + 1) - 1) + "^"
    gutter = " " * len(str(line_no))
    return f"  {line_no} | {prefix}{shown}{suffix}\n  {gutter} | {caret}"


def dump_json(value: Any) -> bytes:
    """Canonical output: two-space indent, keys in the order built, trailing newline, and
    plain ASCII: every other character as a \\u escape. The same JSON reads the same under
    any code page (paconn reads with the platform's default encoding), and a lone surrogate
    ("\\ud800" in the source), which has no UTF-8 form, stays escaped."""
    return (json.dumps(value, indent=2, ensure_ascii=True) + "\n").encode("ascii")
