"""What every target hands its rules: parsed files by role, their positions, shared work.

A target (a connector folder, a pair of API definitions, a Power Query project) subclasses
``LintContext`` to add the views its rules need; the engine only uses what is here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..core.document import Document
from .rules import Hit

T = TypeVar("T")


@dataclass
class LintContext:
    profile: str | None
    names: dict[str, str]  # artifact -> the file as findings name it
    data: dict[str, Any]  # artifact -> parsed value (dict for JSON, str for text, bytes...)
    documents: dict[str, Document] = field(default_factory=dict)  # artifact -> text, positions
    broken: set[str] = field(default_factory=set)  # present but unreadable: rules skip them
    sizes: dict[str, int] = field(default_factory=dict)
    problems: dict[str, list[Hit]] = field(default_factory=dict)  # met while reading
    default_names: dict[str, str] = field(default_factory=dict)  # for files that are missing
    crashes: list[str] = field(default_factory=list)  # rules that failed: bugs, not findings
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def has(self, artifact: str) -> bool:
        return artifact in self.names

    def label(self, artifact: str) -> str:
        """How findings name ``artifact``'s file, also when it is missing."""
        return self.names.get(artifact) or self.default_names.get(artifact, artifact)

    def position(self, artifact: str, pointer: str | None) -> tuple[int, int] | None:
        document = self.documents.get(artifact)
        return document.position(pointer) if document is not None else None

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """Compute something several rules share (operations, an opened image) once."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[no-any-return]
