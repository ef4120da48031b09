"""Text for people: findings grouped by file, one line each, a count at the end."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from ..folder import FolderResult
from .counts import count, plural

_COLORS = {"error": "31", "warning": "33", "info": "36", "file": "1", "dim": "2"}


def _paint(value: str, what: str, color: bool) -> str:
    return f"\x1b[{_COLORS[what]}m{value}\x1b[0m" if color else value


def render(results: Sequence[FolderResult], *, color: bool = False) -> str:
    findings = [f for result in results for f in result.findings]
    lines: list[str] = []
    for file, group in groupby(findings, key=lambda f: f.file or ""):
        items = list(group)
        width = max(len(_where(f)) for f in items)
        lines.append(_paint(file, "file", color))
        for f in items:
            pointer = f" ({f.pointer or '/'})" if f.pointer is not None else ""
            level = _paint(f"{f.level:<7}", f.level, color)
            lines.append(f"  {_where(f):<{width}}  {level}  {f.message}{pointer}  "
                         f"{_paint(f.code, 'dim', color)}")
        lines.append("")
    lines.append(_summary(results, findings))
    return "\n".join(lines) + "\n"


def _where(f) -> str:
    if f.line is None:
        return "-"
    return f"{f.line}:{f.column}" if f.column else str(f.line)


def _summary(results: Sequence[FolderResult], findings: list) -> str:
    folders = plural(len(results), "connector folder")
    if not findings:
        return f"No findings in {folders}."
    counts = count(findings)
    parts = [plural(counts[level], level) for level in counts if counts[level]]
    return f"{plural(len(findings), 'finding')} ({', '.join(parts)}) in {folders}."
