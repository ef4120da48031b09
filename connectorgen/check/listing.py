"""The rule list as text, Markdown (docs/rules.md) or JSON, from the rule declarations."""

from __future__ import annotations

import json

from .all_rules import RULES
from .model import ARTIFACTS, PROFILES, Rule

_ARTIFACT_TITLES = {
    "apiDefinition": "API definition (apiDefinition.swagger.json / apiDefinition.json)",
    "apiProperties": "apiProperties.json",
    "settings": "settings.json",
    "readme": "README.md",
    "intro": "INTRO.md",
    "icon": "icon.png",
    "script": "script.csx",
}


def ordered_rules() -> list[Rule]:
    """Grouped by file, checked rules first, in declaration order within a group."""
    return sorted(RULES, key=lambda r: (ARTIFACTS.index(r.artifact), r.manual))


def render_rules(fmt: str = "text") -> str:
    if fmt == "text":
        return _text()
    if fmt == "markdown":
        return _markdown()
    if fmt == "json":
        return _json()
    raise ValueError(f"unknown format {fmt!r}; choose text, markdown or json")


def _severities(rule: Rule) -> str:
    """'error' when the same for every profile, else 'certified: error, custom: off, ...'."""
    values = [rule.severity_for(p) or "off" for p in PROFILES]
    if len(set(values)) == 1:
        return values[0]
    return ", ".join(f"{p}: {v}" for p, v in zip(PROFILES, values, strict=True))


def _text() -> str:
    width = max(len(r.id) for r in RULES)
    lines = []
    for rule in ordered_rules():
        kind = "manual" if rule.manual else rule.severity
        profiles = _severities(rule)
        detail = f" [{profiles}]" if profiles != rule.severity else ""
        lines.append(f"{rule.id:<{width}}  {kind:<7}  {rule.summary}{detail}")
    return "\n".join(lines) + "\n"


def _json() -> str:
    return json.dumps(
        [
            {
                "id": r.id,
                "artifact": r.artifact,
                "manual": r.manual,
                "severity": {p: r.severity_for(p) for p in PROFILES},
                "summary": r.summary,
                "fix": r.fix,
                "source": r.source,
            }
            for r in ordered_rules()
        ],
        indent=2,
        ensure_ascii=False,
    ) + "\n"


_MARKDOWN_HEAD = """\
# connectorgen check: rules

<!-- Generated from the rule declarations in connectorgen/check/ by
     `connectorgen rules --format markdown`. Do not edit by hand; a test compares it. -->

`connectorgen check` applies these rules offline to a connector folder. Where Microsoft's
Swagger Validator has a known message, findings use the same words. Source keys (CS, SVR,
CSG, R-PRT, PR#n, ...) are those of the certification rule catalogue.

## Profiles

- `certified` (default): Microsoft's verified-publisher certification.
- `independent-publisher`: the same, except brand colour `#da3b01`, no icon, no
  settings.json, Deployment Instructions optional in the README, and the OAuth app steps
  required in the README.
- `custom`: what Microsoft applies to connectors that are not certified. Its pipeline calls
  the validator with `IsCertificationValidation=false` for `custom-connectors/`, so the
  certification content rules (title words, contact, connector metadata, README, icon,
  brand colour, publisher, stackOwner, style warnings) are off, the designer-quality rules
  (summaries, descriptions, x-ms-summary, response schemas) are warnings, and the rules on
  Swagger validity (host, basePath, schemes, operation ids, paths, references, security)
  stay errors.

Manual rules need a person to judge; they are listed here and never reported.

## Settings

A `config.json` in the connector folder may hold `"profile"` and `"ignore": [rule ids]`.
`--profile` wins over the config's profile (default `certified`); the rules ignored are the
union of `--ignore` and the config's `ignore`.

## Exit codes and JSON output

Exit code 0: no finding reaches `--fail-on` (default `error`); 1: one does; 2: usage error
or unreadable input (the folder does not exist, is not a folder, or has no API definition).

`--format json` prints version 1 of this shape:
`{"version": 1, "summary": {"folders", "findings", "error", "warning", "info"},
"folders": [{"path", "profile", "error", "warning", "info"}], "findings": [{"rule",
"severity", "message", "file", "pointer", "line", "column"}]}` (pointer, line and column
may be null).
"""


def _markdown() -> str:
    parts = [_MARKDOWN_HEAD]
    for artifact in ARTIFACTS:
        rules = [r for r in ordered_rules() if r.artifact == artifact]
        if not rules:
            continue
        parts.append(f"\n## {_ARTIFACT_TITLES[artifact]}\n")
        parts.append("| Rule | Severity | Checks | Fix | Source |\n|---|---|---|---|---|")
        for r in rules:
            severity = "manual" if r.manual else _severities(r)
            if r.manual and _severities(r) != r.severity:
                severity += f" ({_severities(r)})"
            cells = [f"`{r.id}`", severity, r.summary, r.fix, r.source]
            parts.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(parts) + "\n"


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")
