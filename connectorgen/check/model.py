"""Rules as data: each rule is declared once (id, severity, what, fix, source, profiles).

A rule with a check function looks at the parsed connector files through a ``Context`` and
yields ``Hit`` values; the engine turns hits into findings (``Diagnostic`` with the rule id as
``code``), with file names, positions, profile severities and ``--ignore`` applied. A rule
without a function is a manual review item: it is listed by ``connectorgen rules`` and in
docs/rules.md but never produces findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..errors import Diagnostic

Severity = Literal["error", "warning", "info"]
Finding = Diagnostic  # a finding is a Diagnostic whose ``code`` is the rule id

PROFILES = ("certified", "independent-publisher", "custom")

# The connector files check knows, by the role they play ("artifact").
API_DEFINITION = "apiDefinition"
API_PROPERTIES = "apiProperties"
SETTINGS = "settings"
README = "readme"
INTRO = "intro"
ICON = "icon"
SCRIPT = "script"
ARTIFACTS = (API_DEFINITION, API_PROPERTIES, SETTINGS, README, INTRO, ICON, SCRIPT)

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


CheckFn = Callable[["Context"], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    artifact: str
    summary: str  # what it checks, one sentence
    fix: str  # how to fix, one or two sentences
    source: str  # source keys of certification-rules.md (CS, SVR <Code>, PR#n, ...)
    profiles: Mapping[str, Severity | None] = field(default_factory=dict)
    needs: tuple[str, ...] = ()  # artifacts that must be present and readable to run the check
    check: CheckFn | None = None

    @property
    def manual(self) -> bool:
        return self.check is None

    def severity_for(self, profile: str) -> Severity | None:
        """The severity under ``profile``; None when the rule does not apply there."""
        return self.profiles.get(profile, self.severity)


_REGISTRY: dict[str, Rule] = {}


def rule(
    rule_id: str,
    severity: Severity,
    *,
    artifact: str,
    summary: str,
    fix: str,
    source: str,
    profiles: Mapping[str, Severity | None] | None = None,
    needs: tuple[str, ...] | None = None,
) -> Callable[[CheckFn], CheckFn]:
    """Declare a rule and attach the decorated function as its check."""

    def register(fn: CheckFn) -> CheckFn:
        _add(
            Rule(
                rule_id, severity, artifact, summary, fix, source, dict(profiles or {}),
                (artifact,) if needs is None else needs, fn,
            )
        )
        return fn

    return register


def manual_rule(
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
    _add(Rule(rule_id, severity, artifact, summary, fix, source, dict(profiles or {})))


def _add(declared: Rule) -> None:
    if declared.id in _REGISTRY:
        raise ValueError(f"rule {declared.id} is declared twice")
    if declared.severity not in ("error", "warning", "info"):
        raise ValueError(f"rule {declared.id}: unknown severity {declared.severity}")
    _REGISTRY[declared.id] = declared


def registered_rules() -> tuple[Rule, ...]:
    return tuple(_REGISTRY.values())


@dataclass
class Context:
    """The connector files of one folder, parsed, as the rules see them."""

    profile: str
    names: dict[str, str]  # artifact -> file name as given (for messages)
    data: dict[str, Any]  # artifact -> parsed value: dict for JSON, str for text, bytes for icon
    broken: set[str]  # artifacts present but unreadable (their rules are skipped)
    sizes: dict[str, int]
    problems: dict[str, list[Hit]] = field(default_factory=dict)  # "syntax" / "lenient" reading
    _memo: dict[str, Any] = field(default_factory=dict)

    @property
    def swagger(self) -> Any:
        return self.data.get(API_DEFINITION)

    @property
    def props(self) -> Any:
        return self.data.get(API_PROPERTIES)

    def has(self, artifact: str) -> bool:
        return artifact in self.names

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """Compute something several rules share (operations list, icon image) once."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]


def as_dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list:
    return value if isinstance(value, list) else []


def walk(value: Any, pointer: str = "") -> Iterator[tuple[str, Any, Any]]:
    """Every (pointer, key, value) below ``value``, depth first, in document order."""
    if isinstance(value, dict):
        for key, item in value.items():
            child = f"{pointer}/{escape_token(key)}"
            yield child, key, item
            yield from walk(item, child)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            child = f"{pointer}/{index}"
            yield child, index, item
            yield from walk(item, child)


def escape_token(key: object) -> str:
    """One JSON pointer token (RFC 6901); the common case, nothing to escape, stays cheap."""
    text = str(key)
    if "~" in text or "/" in text:
        return text.replace("~", "~0").replace("/", "~1")
    return text


def walked(ctx: Context, artifact: str) -> list[tuple[str, Any, Any]]:
    """``walk`` of one parsed file, computed once for all the rules that scan everything."""
    return ctx.memo(f"walk:{artifact}", lambda: list(walk(ctx.data.get(artifact))))
