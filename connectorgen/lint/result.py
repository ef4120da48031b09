"""What a linting command returns: per target, its findings; for the run, the rules used."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal, get_args

from .rules import SEVERITIES, Finding, Rule, Severity

FailOn = Literal["error", "warning", "never"]
FAIL_ON: tuple[FailOn, ...] = get_args(FailOn)
EXIT_OK, EXIT_FINDINGS = 0, 1


@dataclass(frozen=True)
class TargetResult:
    path: str  # what was checked, as findings name it (a folder, "OLD -> NEW", a project)
    kind: str  # the target: "connector", "generate", "diff", "powerquery"
    profile: str | None
    findings: tuple[Finding, ...]
    crashes: tuple[str, ...] = ()  # rules that failed on this target: bugs in connectorgen


@dataclass(frozen=True)
class Report:
    """Everything a reporter needs: which tool, what it found, and which rules it ran."""

    tool: str  # "connectorgen check", "connectorgen diff", ...
    results: tuple[TargetResult, ...]
    rules: tuple[Rule, ...]
    extra: Mapping[str, Any] = field(default_factory=dict)  # command-specific JSON members
    hidden: Mapping[str, int] = field(default_factory=dict)  # severity -> findings not shown

    @property
    def findings(self) -> list[Finding]:
        return [f for result in self.results for f in result.findings]

    @property
    def crashes(self) -> list[str]:
        return [f"{result.path}: {crash}" for result in self.results for crash in result.crashes]


def at_least(report: Report, lowest: Severity) -> Report:
    """The report as shown: findings below ``lowest`` left out, and counted in ``hidden`` so
    every format can say how many (check's --min-severity; style notes are info)."""
    shown = frozenset(SEVERITIES[: SEVERITIES.index(lowest) + 1])
    hidden: dict[str, int] = {}
    for finding in report.findings:
        if finding.level not in shown:
            hidden[finding.level] = hidden.get(finding.level, 0) + 1
    if not hidden:
        return report
    results = tuple(
        replace(r, findings=tuple(f for f in r.findings if f.level in shown))
        for r in report.results
    )
    return replace(report, results=results, hidden=hidden)


def failing_levels(fail_on: FailOn) -> frozenset[str]:
    return frozenset({"error": {"error"}, "warning": {"error", "warning"}, "never": set()}[fail_on])


def exit_code(findings: Sequence[Finding], fail_on: FailOn) -> int:
    """0 when no finding reaches ``fail_on``, else 1. Only the CLI turns this into an exit."""
    failing = failing_levels(fail_on)
    return EXIT_FINDINGS if any(f.level in failing for f in findings) else EXIT_OK
