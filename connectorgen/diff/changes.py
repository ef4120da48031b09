"""What the comparison finds, before it is worded: one ``Change`` per breaking change.

The comparison walks both documents once and files each change under the id of the rule that
reports it; the rules (``diff.rules``) add Microsoft's wording and the severity. Keeping the
walk in one place keeps it linear: no rule walks the documents again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..core.platform import API_DEFINITION


@dataclass(frozen=True)
class Change:
    rule: str  # the id of the diff rule that reports it
    in_old: bool  # True: the pointer is in OLD (something was removed); False: in NEW
    pointer: str
    context: str  # what changed, where: "Operation 'GetItem', output 'body.id' (response 200)."
    artifact: str = API_DEFINITION  # apiDefinition or apiProperties


class Changes:
    """The changes found so far, by rule id, in the order found."""

    def __init__(self) -> None:
        self.by_rule: dict[str, list[Change]] = defaultdict(list)

    def add(
        self,
        rule: str,
        pointer: str,
        context: str,
        *,
        in_old: bool = False,
        artifact: str = API_DEFINITION,
    ) -> None:
        self.by_rule[rule].append(Change(rule, in_old, pointer, context, artifact))

    def of(self, rule: str) -> list[Change]:
        return self.by_rule.get(rule, [])

    @property
    def rules(self) -> set[str]:
        return set(self.by_rule)


def quoted(values: object) -> str:
    """'a', 'b' and 'c' for messages."""
    items = [f"'{v}'" for v in (values if isinstance(values, (list, tuple)) else [values])]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
