"""The engine: rules over a target's context in, sorted findings out. It never prints."""

from __future__ import annotations

import traceback
from collections.abc import Iterable

from .context import LintContext
from .rules import Finding, Hit, Rule


def run_rules(rules: Iterable[Rule], ctx: LintContext, ignored: frozenset[str]) -> list[Finding]:
    """Run every applicable checked rule; return the findings, sorted and without repeats."""
    # A set: a parameter or schema shared by several operations is visited once per operation,
    # and its findings collapse here, so rules need not track what they have seen.
    findings: set[Finding] = set()
    for rule in rules:
        severity = rule.severity_for(ctx.profile)
        if rule.check is None or severity is None or rule.id in ignored:
            continue
        if any(need not in ctx.data for need in rule.needs):
            continue
        try:
            hits = list(rule.check(ctx))
        except Exception:  # noqa: BLE001 - one rule's bug must not hide the others' findings
            # Not a finding: the input is not at fault. The CLI reports it as a bug.
            ctx.crashes.append(f"rule {rule.id} failed:\n{traceback.format_exc()}")
            continue
        for hit in hits:
            artifact = hit.artifact or rule.artifact
            line, column = hit.line, hit.column
            if line is None and hit.pointer is not None:
                line, column = ctx.position(artifact, hit.pointer) or (None, None)
            findings.add(
                Finding(
                    severity, rule.id, hit.message, ctx.label(artifact), hit.pointer, line, column
                )
            )
    return sorted(findings, key=finding_order)


def finding_order(f: Finding) -> tuple[str, int, int, str, str, str]:
    return (f.file or "", f.line or 0, f.column or 0, f.code, f.pointer or "", f.message)


__all__ = ["Hit", "finding_order", "run_rules"]
