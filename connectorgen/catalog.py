"""Every code connectorgen reports, gathered once: the registry behind `connectorgen rules`,
--ignore, SARIF rule descriptors and docs/rules.md.

Each target declares its own rules (connector/rules/, generator/codes.py, ...); this module only
puts them together, in the order they are documented.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from .lint.listing import ListFormat, render_rules
from .lint.registry import Registry
from .lint.rules import Rule

# How `connectorgen rules` and docs/rules.md title each target's files.
ARTIFACT_TITLES = {
    "apiDefinition": "API definition (apiDefinition.swagger.json / apiDefinition.json)",
    "apiProperties": "apiProperties.json",
    "settings": "settings.json",
    "readme": "README.md",
    "intro": "INTRO.md",
    "icon": "icon.png",
    "script": "script.csx",
    "config": "config.json",
    "pq-package": "Power Query package (project folder, .mez or .pqx)",
    "pq-section": "Section document (X.pq or X.m) and .pqm modules",
    "pq-icons": "Icons (the PNGs of SourceImage and SourceTypeImage)",
    "pq-resources": "resources.resx",
}


def _connector() -> Iterable[Rule]:
    from .connector.rules import RULES

    return RULES


def _generate() -> Iterable[Rule]:
    from .generator.codes import CODES

    return CODES


def _convert() -> Iterable[Rule]:
    from .openapi.codes import CODES

    return CODES


def _diff() -> Iterable[Rule]:
    from .diff.rules import rules

    return rules.rules


def _powerquery() -> Iterable[Rule]:
    from .powerquery.rules import rules

    return rules.rules


@cache
def registry() -> Registry:
    return Registry(
        {
            "connector": _connector,
            "generate": _generate,
            "convert": _convert,
            "diff": _diff,
            "powerquery": _powerquery,
        }
    )


TARGET_TITLES = {
    "connector": "Connector folders (`connectorgen check`, and generate's output)",
    "generate": "Inputs of `connectorgen generate` and `new-config`",
    "convert": "Conversion of OpenAPI 3 and YAML to Swagger 2.0 (`connectorgen convert`, and "
    "every command that reads an API definition)",
    "diff": "Breaking changes between two versions of a connector (`connectorgen diff`)",
    "powerquery": "Power Query connectors (`connectorgen pq check`, and `pq build`'s warnings)",
}

RULES_DOC_HEAD = """\
# connectorgen: rules and codes

<!-- Generated from the declarations in connectorgen/connector/rules/,
     connectorgen/generator/codes.py, connectorgen/openapi/codes.py and
     connectorgen/diff/rules.py by
     `connectorgen rules --format markdown`.
     Do not edit by hand; a test compares it. -->

Every id connectorgen reports is listed here once, with one severity. Each can be ignored
with `--ignore ID` or `"ignore": ["ID"]` in config.json; ignoring a code that stops generate
(its fix says so) cannot make unusable input usable.

`connectorgen check` applies the connector rules offline to a connector folder, and generate
applies them to what it is about to write. Where Microsoft's Swagger Validator has a known
message, findings use the same words. Source keys (CS, SVR, CSG, R-PRT, PR#n, ...) are those
of the certification rule catalogue. Kinds: *checked* rules have a check; *manual* rules need
a person to judge and are never reported; *reported* codes are reported by a command while it
works (generate about its inputs).

`connectorgen diff` compares two versions of a connector the way Microsoft's Breaking Change
Detector does (docs/diff.md). Its rules seen in the detector's output are errors, in the
detector's words; the rules marked *(inferred)* follow from Microsoft's documentation but no
captured detector message, and are warnings.

`connectorgen pq check` applies the Power Query rules to a project folder, a .pq/.m file, a
.mez or a .pqx; they have no profiles, and their source keys (CERT, DATA-ACCESS, AUTH, PQ-REF,
...) are explained in docs/powerquery.md.

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

## Settings

A `config.json` in the connector folder may hold `"profile"` and `"ignore": [rule ids]`.
`--profile` wins over the config's profile; without either, the folder's place in a clone of
the certification repository decides (`independent-publisher-connectors/...`), else
`certified`. The rules ignored are the union of `--ignore` and the config's `ignore`.

## Exit codes and JSON output

Exit code 0: no finding reaches `--fail-on` (default `error`); 1: one does; 2: usage error
or unreadable input (the folder does not exist, is not a folder, or holds neither an API
definition nor apiProperties.json); 70: a bug in connectorgen. `--format json` prints the
shape described in docs/check.md.

## Severities

`error`: Microsoft's validator or certification refuses it; `warning`: the documentation
says *should*, or accepted connectors show the pipeline lets it through; `info`: style notes
no validator enforces. `check` lists errors and warnings; `--min-severity info` lists the
notes too (the summary counts those left out).
"""


def render_catalog(fmt: ListFormat) -> str:
    """`connectorgen rules`: every registered id, as text, Markdown (docs/rules.md) or JSON."""
    return render_rules(registry().rules, fmt, ARTIFACT_TITLES, RULES_DOC_HEAD, TARGET_TITLES)
