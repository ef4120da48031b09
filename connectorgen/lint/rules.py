"""Rules as data: each rule is declared once (id, severity, what, fix, source, profiles).

A rule belongs to a *target*: what it looks at (a connector folder, a pair of API definitions,
a Power Query project, generate's inputs). A rule with a check function looks at a target's
context and yields ``Hit`` values; the engine turns hits into findings (``Diagnostic`` with the
rule id as ``code``), with file names, positions, profile severities and ``--ignore`` applied.

Two kinds of rules have no function:
- *manual* rules: a person must judge; listed by ``connectorgen rules``, never reported;
- *reported* codes: a command reports them itself while it works (generate's notes on the
  sign-in it chose, a file read leniently). They share the registry so that every id has one
  severity, one documentation entry, and can be ignored the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from ..core.diagnostics import Diagnostic

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
Finding = Diagnostic  # a finding is a Diagnostic whose ``code`` is the rule id

# Where rule documentation lives; SARIF carries it as each rule's helpUri.
PROJECT_URL = "https://github.com/connectorgen/connectorgen"
RULES_DOC_URL = f"{PROJECT_URL}/blob/main/docs/rules.md"

# Profile overrides used by many declarations. None switches the rule off for that profile.
# Microsoft's pipeline validates custom-connectors/ with IsCertificationValidation=false (R-PIPE):
# certification-only content rules do not apply there.
CERTIFICATION_ONLY: Mapping[str, Severity | None] = {"custom": None}
ADVISORY_FOR_CUSTOM: Mapping[str, Severity | None] = {"custom": "warning"}
CERTIFIED_ONLY: Mapping[str, Severity | None] = {"independent-publisher": None, "custom": None}
INDEPENDENT_PUBLISHER_ONLY: Mapping[str, Severity | None] = {"certified": None, "custom": None}


@dataclass(frozen=True)
class Hit:
    """What a rule found: a message and where (JSON pointer, or line for text files)."""

    message: str
    pointer: str | None = None
    line: int | None = None
    column: int | None = None
    artifact: str | None = None  # when the finding belongs to another file than the rule's


CheckFn = Callable[[Any], Iterable[Hit]]
Kind = Literal["checked", "manual", "reported"]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    target: str  # "connector", "generate", "diff", "powerquery"
    artifact: str  # the file (role) of the target the rule is about
    summary: str  # what it checks, one sentence
    fix: str  # how to fix, one or two sentences
    source: str  # where the requirement is written down (certification-rules.md keys, docs)
    profiles: Mapping[str, Severity | None] = field(default_factory=dict)
    needs: tuple[str, ...] = ()  # artifacts that must be present and readable to run the check
    check: CheckFn | None = None
    kind: Kind = "checked"

    @property
    def manual(self) -> bool:
        return self.kind == "manual"

    @property
    def docs_url(self) -> str:
        return f"{RULES_DOC_URL}#{self.id}"

    def severity_for(self, profile: str | None) -> Severity | None:
        """The severity under ``profile``; None when the rule does not apply there."""
        if profile is None:
            return self.severity
        return self.profiles.get(profile, self.severity)


F = TypeVar("F", bound=CheckFn)


class RuleSet:
    """The rules one module declares, in declaration order.

    Each rule module owns one ``RuleSet``; the catalogue (``connectorgen.catalog``) gathers
    them explicitly, so which rules exist never depends on which modules happen to be imported.
    """

    def __init__(self, target: str) -> None:
        self.target = target
        self.rules: list[Rule] = []

    def add(self, rule: Rule) -> Rule:
        if rule.target != self.target:
            raise ValueError(f"rule {rule.id} targets {rule.target}, not {self.target}")
        if rule.severity not in SEVERITIES:
            raise ValueError(f"rule {rule.id}: unknown severity {rule.severity}")
        self.rules.append(rule)
        return rule

    def rule(
        self,
        rule_id: str,
        severity: Severity,
        *,
        artifact: str,
        summary: str,
        fix: str,
        source: str,
        profiles: Mapping[str, Severity | None] | None = None,
        needs: tuple[str, ...] | None = None,
    ) -> Callable[[F], F]:
        """Declare a checked rule; the decorated function is its check."""

        def register(fn: F) -> F:
            self._declare(
                rule_id, severity, artifact, summary, fix, source, profiles,
                needs=(artifact,) if needs is None else needs, check=fn,
            )  # fmt: skip
            return fn

        return register

    def manual(
        self,
        rule_id: str,
        severity: Severity,
        *,
        artifact: str,
        summary: str,
        fix: str,
        source: str,
        profiles: Mapping[str, Severity | None] | None = None,
    ) -> None:
        """Declare a requirement a person must review; it never produces findings."""
        self._declare(rule_id, severity, artifact, summary, fix, source, profiles, kind="manual")

    def reported(
        self,
        rule_id: str,
        severity: Severity,
        *,
        artifact: str,
        summary: str,
        fix: str,
        source: str,
    ) -> None:
        """Declare a code a command reports itself while it works (not a check function)."""
        self._declare(rule_id, severity, artifact, summary, fix, source, None, kind="reported")

    def _declare(
        self,
        rule_id: str,
        severity: Severity,
        artifact: str,
        summary: str,
        fix: str,
        source: str,
        profiles: Mapping[str, Severity | None] | None,
        *,
        needs: tuple[str, ...] = (),
        check: CheckFn | None = None,
        kind: Kind = "checked",
    ) -> None:
        self.add(
            Rule(
                rule_id,
                severity,
                self.target,
                artifact,
                summary,
                fix,
                source,
                dict(profiles or {}),
                needs,
                check,
                kind,
            )  # fmt: skip
        )
