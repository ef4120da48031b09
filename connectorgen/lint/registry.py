"""One registry of codes: every rule and reported code, by id, with one severity each.

Each target's rules are loaded the first time something asks for them: generate needs the
connector rules and its own codes, not the Power Query rules, and start-up time counts. Asking
for an id that the loaded targets do not have loads the rest before answering, so an unknown id
is always judged against every rule.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from functools import cached_property

from ..core.diagnostics import Diagnostic, UsageError
from .rules import Rule

Loader = Callable[[], Iterable[Rule]]


class Registry:
    def __init__(self, sources: Mapping[str, Loader]) -> None:
        self._sources = dict(sources)  # target -> its rules, in the documented order
        self._loaded: dict[str, tuple[Rule, ...]] = {}
        self._by_id: dict[str, Rule] = {}

    def _load(self, target: str) -> tuple[Rule, ...]:
        if target not in self._loaded:
            rules = tuple(self._sources[target]())
            for rule in rules:
                if rule.id in self._by_id:
                    raise ValueError(f"rule {rule.id} is declared twice")
                if rule.target != target:
                    raise ValueError(f"rule {rule.id} targets {rule.target}, not {target}")
                self._by_id[rule.id] = rule
            self._loaded[target] = rules
        return self._loaded[target]

    @cached_property
    def rules(self) -> tuple[Rule, ...]:
        """Every rule, target by target in the documented order."""
        return tuple(rule for target in self._sources for rule in self._load(target))

    @property
    def by_id(self) -> dict[str, Rule]:
        self.rules  # noqa: B018 - every target loaded
        return self._by_id

    def get(self, rule_id: str) -> Rule | None:
        """The rule with this id: from the targets loaded so far, else from all of them."""
        return self._by_id.get(rule_id) or self.by_id.get(rule_id)

    def for_target(self, *targets: str) -> tuple[Rule, ...]:
        return tuple(rule for target in targets for rule in self._load(target))

    def validate_ignore(self, ids: Iterable[str], where: str = "ignore") -> frozenset[str]:
        """The ids as a set; an unknown one is a usage error naming the close matches."""
        ignored = frozenset(ids)
        for rule_id in sorted(ignored):
            if self.get(rule_id) is None:
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
            rule = self.get(diagnostic.code)
            if rule is None:
                raise LookupError(f"diagnostic code {diagnostic.code!r} is not registered")
            severity = rule.severity_for(profile)
            if severity is None or rule.id in ignored:
                continue
            settled.append(replace(diagnostic, level=severity))
        return settled
