"""The diff target as its rules see it: OLD and NEW, parsed, and the changes between them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.platform import API_DEFINITION, API_PROPERTIES
from ..lint.context import LintContext
from ..openapi.view import ApiView
from .changes import Change, Changes
from .compare import compare_definitions
from .properties import compare_properties

# Artifacts of the OLD side. NEW's files are the usual apiDefinition and apiProperties, so a
# finding about something removed points into OLD and every other finding into NEW.
OLD_API_DEFINITION = "old:" + API_DEFINITION
OLD_API_PROPERTIES = "old:" + API_PROPERTIES
OLD_OF = {API_DEFINITION: OLD_API_DEFINITION, API_PROPERTIES: OLD_API_PROPERTIES}


@dataclass
class DiffContext(LintContext):
    removed: bool = False  # NEW no longer exists: its connector folder was deleted

    def changes(self) -> Changes:
        """Every change from OLD to NEW, found in one walk shared by all the rules."""
        return self.memo("changes", self._compare)

    def _compare(self) -> Changes:
        changes = Changes()
        compare_definitions(
            ApiView(self.data[OLD_API_DEFINITION]),
            ApiView(self.data.get(API_DEFINITION)),
            changes,
            removed=self.removed,
        )
        before: Any = self.data.get(OLD_API_PROPERTIES)
        after: Any = self.data.get(API_PROPERTIES)
        if isinstance(before, dict) and isinstance(after, dict) and not self.removed:
            compare_properties(before, after, changes)
        return changes

    def of(self, rule: str) -> list[Change]:
        return self.changes().of(rule)
