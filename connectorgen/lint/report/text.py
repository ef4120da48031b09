"""Text for people: findings grouped by file, one line each, a count at the end."""

from __future__ import annotations

from itertools import groupby

from ..result import Report
from ..rules import Finding
from .counts import LEVELS, count, plural

_COLORS = {"error": "31", "warning": "33", "info": "36", "file": "1", "dim": "2"}
# What the summary calls the things a tool checked.
_NOUNS = {"connector": "connector folder", "diff": "comparison", "powerquery": "project"}


def _paint(value: str, what: str, color: bool) -> str:
    return f"\x1b[{_COLORS[what]}m{value}\x1b[0m" if color else value


def render(report: Report, *, color: bool = False) -> str:
    findings = report.findings
    lines: list[str] = []
    for file, group in groupby(findings, key=lambda f: f.file or ""):
        items = list(group)
        width = max(len(_where(f)) for f in items)
        lines.append(_paint(file, "file", color))
        for f in items:
            pointer = f" ({f.pointer or '/'})" if f.pointer is not None else ""
            level = _paint(f"{f.level:<7}", f.level, color)
            # A message of several lines keeps its later lines under its first.
            message = f.message.replace("\n", "\n" + " " * (width + 13))
            lines.append(
                f"  {_where(f):<{width}}  {level}  {message}{pointer}  "
                f"{_paint(f.code, 'dim', color)}"
            )
        lines.append("")
    lines.append(_summary(report, findings))
    return "\n".join(lines) + "\n"


def _where(f: Finding) -> str:
    if f.line is None:
        return "-"
    return f"{f.line}:{f.column}" if f.column else str(f.line)


def _summary(report: Report, findings: list[Finding]) -> str:
    kinds = {r.kind for r in report.results}
    noun = _NOUNS.get(kinds.pop(), "target") if len(kinds) == 1 else "target"
    checked = plural(len(report.results), noun)
    if not findings:
        return f"No findings in {checked}.{_hidden(report)}"
    counts = count(findings)
    parts = [plural(counts[level], level) for level in counts if counts[level]]
    return f"{plural(len(findings), 'finding')} ({', '.join(parts)}) in {checked}.{_hidden(report)}"


def _hidden(report: Report) -> str:
    """How many findings --min-severity left out, and how to list them."""
    levels = [level for level in LEVELS if report.hidden.get(level)]
    if not levels:
        return ""
    parts = ", ".join(plural(report.hidden[level], level) for level in levels)
    return f" Not shown: {parts} (--min-severity {levels[-1]} lists them)."
