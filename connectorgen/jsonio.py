"""Reading JSON the way users' files really are, and writing it canonically.

Strict JSON is tried first. When that fails, a lenient pass tolerates what real connector
files carry (about one in a hundred of the files Microsoft accepted is not strict JSON):
a UTF-8 BOM, cp1252 bytes, ``//`` and ``/* */`` comments, trailing commas and raw control
characters inside strings. Each tolerance becomes a warning naming the file and line.
The lenient pass blanks comments and commas with spaces instead of deleting them, so a
parse error in the cleaned text points at the same line and column of the original.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Diagnostic, InputError

MAX_DEFINITION_BYTES = 1_048_576  # 1 MB: Microsoft's limit for a connector's API definition


@dataclass
class Loaded:
    """A parsed JSON document with what was tolerated while reading it."""

    value: Any
    text: str
    warnings: list[Diagnostic] = field(default_factory=list)


def read_bytes(path: Path, label: str, max_bytes: int | None = None) -> bytes:
    """Read a user's file, refusing folders, missing files and (before reading) oversize ones."""
    shown = str(path)
    if not path.exists():
        raise InputError(f"{label} {shown} does not exist.")
    if path.is_dir():
        raise InputError(f"{label} {shown} is a folder; give the path of a file.")
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise InputError(
                f"{label} {shown} is {size:,} bytes; the limit is {max_bytes:,} bytes (1 MB). "
                "Power Platform refuses larger API definitions: split the connector or trim "
                "unused operations and schemas."
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{label} {shown} cannot be read: {exc.strerror or exc}.") from exc


def load_json_file(path: Path, label: str, max_bytes: int | None = None) -> Loaded:
    return parse_json(read_bytes(path, label, max_bytes), str(path), label)


def parse_json(data: bytes, name: str, label: str = "file") -> Loaded:
    """Parse bytes as JSON, strictly if possible, leniently with warnings otherwise."""
    if not data.strip():
        raise InputError(f"{label} {name} is empty; it should hold a JSON object.")
    if b"\x00" in data[:1024]:
        raise InputError(f"{label} {name} is a binary file, not JSON text.")
    warnings: list[Diagnostic] = []
    text = _decode(data, name, warnings)
    try:
        return Loaded(_loads(text, strict=True), text, warnings)
    except json.JSONDecodeError as strict_error:
        cleaned, tolerated = _blank_comments_and_trailing_commas(text, name)
        try:
            value = _loads(cleaned, strict=False)
        except json.JSONDecodeError as exc:
            # Report where the lenient reader gave up: with blanks in place of comments its
            # position is the position in the user's file.
            raise _syntax_error(label, name, text, exc) from None
        if not tolerated:
            tolerated = [_control_char_warning(text, strict_error, name)]
        return Loaded(value, text, warnings + tolerated)


def _loads(text: str, strict: bool) -> Any:
    try:
        return json.loads(text, strict=strict)
    except RecursionError:
        raise json.JSONDecodeError("nesting is too deep to process", text, 0) from None


def _decode(data: bytes, name: str, warnings: list[Diagnostic]) -> str:
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        warnings.append(
            Diagnostic(
                "warning",
                "lenient-encoding",
                f"not UTF-8 (byte 0x{data[exc.start]:02x}); read as Windows-1252. "
                "Save the file as UTF-8.",
                file=name,
                line=line,
            )
        )
        return data.decode("cp1252", errors="replace")


def _blank_comments_and_trailing_commas(text: str, name: str) -> tuple[str, list[Diagnostic]]:
    """Replace comments and trailing commas by spaces (newlines kept); note each one."""
    out = list(text)
    notes: list[Diagnostic] = []
    i, n, line = 0, len(text), 1
    in_string = False
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
        if in_string:
            if ch == "\\":
                i += 2
                continue
            if ch == '"':
                in_string = False
            i += 1
            continue
        if ch == '"':
            in_string = True
        elif ch == "/" and text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end == -1 else end
            out[i:end] = " " * (end - i)
            notes.append(_note(name, line, "a // comment was ignored"))
            i = end
            continue
        elif ch == "/" and text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end == -1 else end + 2
            for k in range(i, end):
                if text[k] != "\n":
                    out[k] = " "
            notes.append(_note(name, line, "a /* */ comment was ignored"))
            line += text.count("\n", i, end)
            i = end
            continue
        elif ch == ",":
            j = _skip_blank(text, out, i + 1)
            if j < n and text[j] in "}]":
                out[i] = " "
                notes.append(_note(name, line, "a trailing comma was ignored"))
        i += 1
    return "".join(out), notes


def _skip_blank(text: str, out: list[str], i: int) -> int:
    """Index of the next character that is neither white space nor inside a comment."""
    n = len(text)
    while i < n:
        if text[i] in " \t\r\n":
            i += 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end == -1 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end == -1 else end + 2
        else:
            break
    return i


def _note(name: str, line: int, what: str) -> Diagnostic:
    return Diagnostic("warning", "lenient-json", f"not strict JSON: {what}.", file=name, line=line)


def _control_char_warning(text: str, exc: json.JSONDecodeError, name: str) -> Diagnostic:
    return Diagnostic(
        "warning",
        "lenient-json",
        "not strict JSON: a raw control character (tab, newline) inside a string was accepted; "
        "escape it as \\t or \\n.",
        file=name,
        line=exc.lineno,
        column=exc.colno,
    )


def _syntax_error(label: str, name: str, text: str, exc: json.JSONDecodeError) -> InputError:
    lines = text.splitlines() or [""]
    line_no = min(exc.lineno, len(lines))
    source = lines[line_no - 1].expandtabs(1) if lines else ""
    shown = source[:160]
    caret = " " * (min(exc.colno, len(shown) + 1) - 1) + "^"
    diag = Diagnostic(
        "error", "invalid-json", f"not valid JSON: {exc.msg}.", file=name,
        line=exc.lineno, column=exc.colno,
    )
    return InputError(
        f"{label} {name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.",
        [diag],
        detail=f"  {exc.lineno} | {shown}\n  {' ' * len(str(exc.lineno))} | {caret}",
    )


def dump_json(value: Any) -> bytes:
    """Canonical output: UTF-8, two-space indent, keys in the order built, trailing newline."""
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
