"""One registry of codes: every rule and reported code, by id, with one severity each."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import replace

from ..core.diagnostics import Diagnostic, UsageError
from .rules import Rule


class Registry:
    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self.by_id: dict[str, Rule] = {}
        for rule in self.rules:
            if rule.id in self.by_id:
                raise ValueError(f"rule {rule.id} is declared twice")
            self.by_id[rule.id] = rule

    def for_target(self, *targets: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.target in targets)

    def validate_ignore(self, ids: Iterable[str], where: str = "ignore") -> frozenset[str]:
        """The ids as a set; an unknown one is a usage error naming the close matches."""
        ignored = frozenset(ids)
        for rule_id in sorted(ignored):
            if rule_id not in self.by_id:
                close = difflib.get_close_matches(rule_id, list(self.by_id), n=3, cutoff=0.5)
                hint = f" Did you mean: {', '.join(close)}?" if close else ""
                raise UsageError(
                    f"unknown rule id '{rule_id}' in {where}.{hint} "
                    "'connectorgen rules' lists the rule ids."
                )
        return ignored

    def settle(
        self, diagnostics: Iterable[Diagnostic], profile: str | None, ignored: frozenset[str]
    ) -> list[Diagnostic]:
        """Reported diagnostics with the registry's severity; ignored and switched-off ones go.

        A code the registry does not know is a bug in connectorgen, not in the user's input.
        """
        settled = []
        for diagnostic in diagnostics:
            rule = self.by_id.get(diagnostic.code)
            if rule is None:
                raise LookupError(f"diagnostic code {diagnostic.code!r} is not registered")
            severity = rule.severity_for(profile)
            if severity is None or rule.id in ignored:
                continue
            settled.append(replace(diagnostic, level=severity))
        return settled
