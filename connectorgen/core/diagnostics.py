"""Problems as values. A Diagnostic says what is wrong and where; two exceptions stop a run.

- ``InputError``: the user's input cannot be used (exit code 1).
- ``UsageError``: the command line or its options are wrong (exit code 2).

Anything else that escapes a command is a bug in connectorgen, and the CLI says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Level = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in the user's input or in generated output.

    ``pointer`` is a JSON pointer into ``file`` (RFC 6901); ``line``/``column`` are 1-based
    and filled where the position in the text is known.
    """

    level: Level
    code: str
    message: str
    file: str | None = None
    pointer: str | None = None
    line: int | None = None
    column: int | None = None

    def location(self) -> str:
        parts = [self.file or ""]
        if self.line is not None:
            parts.append(f"{self.line}:{self.column or 1}" if self.column else str(self.line))
        where = ":".join(p for p in parts if p)
        if self.pointer is not None:
            where = f"{where} at {self.pointer or '/'}" if where else (self.pointer or "/")
        return where

    def format(self) -> str:
        where = self.location()
        return (
            f"{self.level}: {where}: {self.message}" if where else f"{self.level}: {self.message}"
        )


@dataclass
class InputError(Exception):
    """The run cannot go on because of the user's input. The CLI turns it into exit code 1.

    ``diagnostics`` holds every blocking problem found (not only the first), ``detail`` may
    carry extra lines to print under the message (a source excerpt with a caret).
    """

    message: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    detail: str = ""

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class UsageError(Exception):
    """The command cannot run for reasons that are not the input's fault (exit code 2)."""


def with_suggestion(word: str, choices: Iterable[str]) -> str:
    """'word' quoted, with the closest of ``choices`` suggested when one is close enough."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"'{word}'" + (f" (did you mean '{close[0]}'?)" if close else "")
