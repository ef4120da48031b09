"""The rule list as text, Markdown (docs/rules.md) or JSON, from the registry."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Literal, get_args

from ..core.platform import PROFILES
from .rules import Rule

ListFormat = Literal["text", "markdown", "json"]
LIST_FORMATS: tuple[ListFormat, ...] = get_args(ListFormat)


def ordered(rules: Sequence[Rule], artifacts: Sequence[str]) -> list[Rule]:
    """Grouped by target and file, checked rules first, in declaration order within a group."""
    targets = list(dict.fromkeys(r.target for r in rules))
    return sorted(
        rules,
        key=lambda r: (
            targets.index(r.target),
            artifacts.index(r.artifact),
            r.kind != "checked",
            r.kind == "manual",
        ),
    )


def render_rules(
    rules: Sequence[Rule],
    fmt: ListFormat,
    titles: Mapping[str, str],
    head: str = "",
    target_titles: Mapping[str, str] | None = None,
) -> str:
    listed = ordered(rules, list(titles))
    if fmt == "text":
        return _text(listed)
    if fmt == "json":
        return _json(listed)
    return _markdown(listed, titles, head, target_titles or {})


def severities(rule: Rule) -> str:
    """'error' when the same for every profile, else 'certified: error, custom: off, ...'."""
    values = [rule.severity_for(p) or "off" for p in PROFILES]
    if len(set(values)) == 1:
        return values[0]
    return ", ".join(f"{p}: {v}" for p, v in zip(PROFILES, values, strict=True))


def _kind(rule: Rule) -> str:
    return "manual" if rule.manual else rule.severity


def _text(rules: list[Rule]) -> str:
    width = max(len(r.id) for r in rules)
    lines = []
    for rule in rules:
        profiles = severities(rule)
        detail = f" [{profiles}]" if profiles != rule.severity else ""
        reported = " (reported by generate)" if rule.kind == "reported" else ""
        lines.append(f"{rule.id:<{width}}  {_kind(rule):<7}  {rule.summary}{reported}{detail}")
    return "\n".join(lines) + "\n"


def _json(rules: list[Rule]) -> str:
    entries = [
        {
            "id": r.id,
            "target": r.target,
            "artifact": r.artifact,
            "kind": r.kind,
            "manual": r.manual,
            "severity": {p: r.severity_for(p) for p in PROFILES},
            "summary": r.summary,
            "fix": r.fix,
            "source": r.source,
            "url": r.docs_url,
        }
        for r in rules
    ]
    return json.dumps(entries, indent=2, ensure_ascii=False) + "\n"


def _markdown(
    rules: list[Rule], titles: Mapping[str, str], head: str, target_titles: Mapping[str, str]
) -> str:
    parts = [head]
    target = None
    for artifact_group in _groups(rules):
        first = artifact_group[0]
        if first.target != target:
            target = first.target
            parts.append(f"\n## {target_titles.get(target, target)}\n")
        parts.append(f"\n### {titles[first.artifact]}\n")
        parts.append("| Rule | Severity | Checks | Fix | Source |\n|---|---|---|---|---|")
        for r in artifact_group:
            severity = "manual" if r.manual else severities(r)
            if r.manual and severities(r) != r.severity:
                severity += f" ({severities(r)})"
            if r.kind == "reported":
                severity += " (reported)"
            cells = [f'<a id="{r.id}"></a>`{r.id}`', severity, r.summary, r.fix, r.source]
            parts.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(parts) + "\n"


def _groups(rules: list[Rule]) -> list[list[Rule]]:
    groups: list[list[Rule]] = []
    for rule in rules:
        if groups and (groups[-1][0].target, groups[-1][0].artifact) == (
            rule.target,
            rule.artifact,
        ):
            groups[-1].append(rule)
        else:
            groups.append([rule])
    return groups


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")
