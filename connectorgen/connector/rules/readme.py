"""Rules on README.md (the certification repository's readme.md, any case)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...core.document import as_dict, walk
from ...core.platform import API_DEFINITION, API_PROPERTIES, README
from ...lint.rules import CERTIFICATION_ONLY, INDEPENDENT_PUBLISHER_ONLY, Hit, RuleSet
from ..context import ConnectorContext as Context
from ..readme import (
    CREDENTIALS,
    DEPLOYMENT,
    KNOWN_ISSUES,
    OPERATIONS,
    PREREQUISITES,
    PUBLISHER,
    SECTION_NAMES,
    TEMPLATE_HEADINGS,
    Readme,
    normalise,
    parse,
)

rules = RuleSet("connector")

# What the template's "## Publisher: Publisher's Name" and our own fix text leave when the
# name was never filled in; 15 accepted READMEs still carry the template's (issue 11).
PUBLISHER_PLACEHOLDERS = frozenset(
    {"publishersname", "publishername", "publisher", "name", "yourname", "companyname"}
)
# The template's instruction under the heading, left in place of a name.
_TEMPLATE_INSTRUCTION = re.compile(r"^required\b", re.IGNORECASE)


def document(ctx: Context) -> Readme:
    return ctx.memo("readme", lambda: parse(ctx.data[README]))


@rules.rule(
    "readme-required",
    "error",
    artifact=README,
    needs=(),
    profiles=CERTIFICATION_ONLY,
    summary="The folder has a README.md (readme.md in any case).",
    fix="Add README.md following Microsoft's template; `connectorgen generate` writes one.",
    source="R-README; CPE 5000.1.1.2 (Missing readme file)",
)
def readme_required(ctx: Context) -> Iterator[Hit]:
    if not ctx.has(README):
        yield Hit("Missing readme file: add README.md.")


@rules.rule(
    "readme-title",
    "error",
    artifact=README,
    profiles=CERTIFICATION_ONLY,
    summary="The README starts with a heading naming the connector (the template's "
    "`# <Connector title>`): a level-1 heading, or one at another level that is not one of "
    "the template's sections.",
    fix="Begin with `# <title>` followed by a paragraph of two or three sentences.",
    source="R-TPL-C/IP readme.md ('# Title ... Required'). A title at another level is "
    "readme-title-level's",
)
def readme_title(ctx: Context) -> Iterator[Hit]:
    doc = document(ctx)
    first = doc.headings[0] if doc.headings else None
    if first is None:
        yield Hit("The README has no headings; start it with '# <Connector title>'.", line=1)
    elif not first.text or (first.level > 1 and _names_a_section(first.key)):
        yield Hit(
            "The README has no title: start it with '# <Connector title>' before its sections.",
            line=first.line,
        )


def _names_a_section(key: str) -> bool:
    return any(key.startswith(SECTION_NAMES[section]) for section in SECTION_NAMES)


@rules.rule(
    "readme-title-level",
    "info",
    artifact=README,
    profiles=CERTIFICATION_ONLY,
    summary="The README's title is a level-1 heading (`# <Connector title>`), as in the template.",
    fix="Write the title as `# <title>`.",
    source="R-TPL-C/IP readme.md ('# Title'). Info, not an error: accepted READMEs write the "
    "title as `## Title` in hundreds of merged PRs (issue 11: 223 findings; 9 of 42 READMEs "
    "in the corpus), and the README is rendered on GitHub only",
)
def readme_title_level(ctx: Context) -> Iterator[Hit]:
    doc = document(ctx)
    first = doc.headings[0] if doc.headings else None
    if first is not None and first.text and first.level > 1 and not _names_a_section(first.key):
        yield Hit(
            f"The README title is a level-{first.level} heading; the template's is level 1 "
            "('# <Connector title>').",
            line=first.line,
        )


def _required_sections(profile: str | None) -> tuple[str, ...]:
    base = (PUBLISHER, PREREQUISITES, OPERATIONS, CREDENTIALS, KNOWN_ISSUES)
    return base + ((DEPLOYMENT,) if profile == "certified" else ())


@rules.rule(
    "readme-sections",
    "error",
    artifact=README,
    profiles=CERTIFICATION_ONLY,
    summary="The README has the template's sections: Publisher, Prerequisites, Supported "
    "Operations, Obtaining Credentials, Known Issues and Limitations, and (certified) "
    "Deployment Instructions. Headings are matched ignoring case and punctuation, and a "
    "heading in other words with the same meaning counts (How to get credentials, Known "
    "Issues & Limitations, Pre-requisites, Deploying the sample: docs/check.md lists them).",
    fix="Add the missing `## ` section, even if it only says 'None'.",
    source="R-TPL-C/IP readme.md; the other wordings: SFC's intro.md template and accepted "
    "READMEs in the corpus (connector/readme.py SECTION_NAMES)",
)
def readme_sections(ctx: Context) -> Iterator[Hit]:
    doc = document(ctx)
    for section in _required_sections(ctx.profile):
        if doc.find(section) is None:
            yield Hit(f"The README has no '{TEMPLATE_HEADINGS[section]}' section.")


_ORDER = (PUBLISHER, PREREQUISITES, OPERATIONS, CREDENTIALS, KNOWN_ISSUES, DEPLOYMENT)


@rules.rule(
    "readme-section-order",
    "warning",
    artifact=README,
    profiles=CERTIFICATION_ONLY,
    summary="The template's sections come in its order: Publisher, Prerequisites, Supported "
    "Operations, Obtaining Credentials, Known Issues and Limitations, Deployment "
    "Instructions.",
    fix="Move the section to its place in the template (optional Getting Started and FAQ go "
    "before and after Known Issues and Limitations).",
    source="R-TPL-C/IP readme.md (catalogue README-SECTIONS: 'in order'). Lowered to warning: "
    "14 of 42 accepted READMEs in the corpus (10 of the 15 independent-publisher ones) "
    "order them otherwise, most putting Obtaining Credentials before Supported Operations",
)
def readme_section_order(ctx: Context) -> Iterator[Hit]:
    doc = document(ctx)
    found = sorted(
        (h.line, index, h)
        for index, section in enumerate(_ORDER)
        if (h := doc.find(section)) is not None
    )
    latest = -1
    for _, index, heading in found:
        if index < latest:
            yield Hit(
                f"The '{TEMPLATE_HEADINGS[_ORDER[index]]}' section should come before "
                f"'{TEMPLATE_HEADINGS[_ORDER[latest]]}', as in the template.",
                line=heading.line,
            )
        latest = max(latest, index)


@rules.rule(
    "readme-publisher",
    "error",
    artifact=README,
    profiles=CERTIFICATION_ONLY,
    summary="The Publisher section names the publisher (certified: the company; independent "
    "publisher: your full name, comma-separated if several), not the template's "
    'placeholder "Publisher\'s Name".',
    fix="Write `## Publisher: <Name>` with the real name.",
    source="R-TPL-C/IP readme.md ('## Publisher: Publisher's Name ... Required'); issue 11: "
    "15 accepted READMEs still carry the placeholder",
)
def readme_publisher(ctx: Context) -> Iterator[Hit]:
    doc = document(ctx)
    heading = doc.find(PUBLISHER)
    if heading is None:
        return  # readme-sections says it
    name = re.sub(r"^\W*publisher\W*", "", heading.text, flags=re.IGNORECASE).strip()
    if not name:
        # Some READMEs put the name on the next line (or as a sub-heading) instead.
        name = next((line.strip("#* \t") for _, line in doc.body(heading) if line.strip()), "")
    if not name:
        yield Hit("The Publisher section does not name the publisher.", line=heading.line)
    elif _placeholder(name):
        yield Hit(
            f"The Publisher section holds the template's placeholder '{name}'; write the "
            "publisher's name.",
            line=heading.line,
        )


def _placeholder(name: str) -> bool:
    return normalise(name) in PUBLISHER_PLACEHOLDERS or bool(_TEMPLATE_INSTRUCTION.match(name))


@rules.rule(
    "readme-operations",
    "warning",
    artifact=README,
    profiles=CERTIFICATION_ONLY,
    summary="The Supported Operations section lists the operations (as `### <operation>` "
    "headings, a list or a table).",
    fix="Add one `### <Operation summary>` heading per operation, with a sentence about it.",
    source="R-TPL-C/IP readme.md (inferred severity)",
)
def readme_operations(ctx: Context) -> Iterator[Hit]:
    doc = document(ctx)
    heading = doc.find(OPERATIONS)
    if heading is not None and not doc.subheadings(heading) and not doc.has_list(heading):
        yield Hit("The 'Supported Operations' section lists no operations.", line=heading.line)


def uses_oauth(ctx: Context) -> bool:
    definitions = as_dict(as_dict(ctx.swagger).get("securityDefinitions"))
    if any(as_dict(d).get("type") == "oauth2" for d in definitions.values()):
        return True
    return any(key == "type" and value == "oauthSetting" for _, key, value in walk(ctx.props))


@rules.rule(
    "readme-oauth-steps",
    "error",
    artifact=README,
    profiles=INDEPENDENT_PUBLISHER_ONLY,
    needs=(README, API_DEFINITION, API_PROPERTIES),
    summary="Independent publisher with OAuth: Obtaining Credentials gives the steps to create "
    "the OAuth app (Microsoft creates it from them).",
    fix="List the steps: where to register the app, the redirect URL, the scopes, where the "
    "client id and secret are shown.",
    source="R-README; IP; R-PRT; CS Step 4",
)
def readme_oauth_steps(ctx: Context) -> Iterator[Hit]:
    if not uses_oauth(ctx):
        return
    doc = document(ctx)
    heading = doc.find(CREDENTIALS)
    if heading is None:
        return  # readme-sections says it
    body = [line for _, line in doc.body(heading) if line.strip()]
    if not doc.has_list(heading) and len(" ".join(body)) < 200:
        yield Hit(
            "The 'Obtaining Credentials' section should give the steps to create the OAuth app.",
            line=heading.line,
        )
