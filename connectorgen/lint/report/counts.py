"""Counting findings by severity, shared by the reporters."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ...core.diagnostics import Diagnostic, Level

LEVELS: tuple[Level, ...] = ("error", "warning", "info")


def count(findings: Iterable[Diagnostic]) -> dict[str, int]:
    by_level = Counter(f.level for f in findings)
    return {level: by_level[level] for level in LEVELS}


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
