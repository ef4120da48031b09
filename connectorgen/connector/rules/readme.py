"""Rules on README.md (the certification repository's readme.md, any case)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...core.document import as_dict, walk
from ...core.platform import API_DEFINITION, API_PROPERTIES, README
from ...lint.rules import CERTIFICATION_ONLY, INDEPENDENT_PUBLISHER_ONLY, Hit, RuleSet
from ..context import ConnectorContext as Context

rules = RuleSet("connector")

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_LIST_ITEM = re.compile(r"^\s*([-*+]|\d+[.)])\s+\S")

# (normalised heading prefix, how the template writes it); Deployment Instructions is only
# required for certified connectors (R-TPL-IP makes it optional).
SECTIONS = (
    ("publisher", "## Publisher: <Name>"),
    ("prerequisites", "## Prerequisites"),
    ("supportedoperations", "## Supported Operations"),
    ("obtainingcredentials", "## Obtaining Credentials"),
    ("knownissuesandlimitations", "## Known Issues and Limitations"),
)
CERTIFIED_SECTIONS = (("deploymentinstructions", "## Deployment Instructions"),)


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    text: str

    @property
    def key(self) -> str:
        return re.sub(r"[^a-z0-9]", "", self.text.lower())


@dataclass(frozen=True)
class Document:
    lines: tuple[str, ...]
    headings: tuple[Heading, ...]

    def find(self, prefix: str) -> Heading | None:
        return next((h for h in self.headings if h.key.startswith(prefix)), None)

    def body(self, heading: Heading) -> list[tuple[int, str]]:
        """(line number, text) of the lines under ``heading`` up to the next one as high."""
        following = [
            h.line for h in self.headings if h.line > heading.line and h.level <= heading.level
        ]
        end = following[0] if following else len(self.lines) + 1
        return [(n, self.lines[n - 1]) for n in range(heading.line + 1, end)]


def parse(text: str) -> Document:
    lines = tuple(text.splitlines())
    headings = []
    in_fence = False
    for number, line in enumerate(lines, start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        match = None if in_fence else _HEADING.match(line)
        if match:
            headings.append(Heading(number, len(match.group(1)), (match.group(2) or "").strip()))
    return Document(lines, tuple(headings))


def document(ctx: Context) -> Document:
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
    summary="The README starts with a level-1 heading `# <Connector title>`.",
    fix="Begin with `# <title>` followed by a paragraph of two or three sentences.",
    source="R-TPL-C/IP readme.md",
)
def readme_title(ctx: Context) -> Iterator[Hit]:
    doc = document(ctx)
    first = doc.headings[0] if doc.headings else None
    if first is None:
        yield Hit("The README has no headings; start it with '# <Connector title>'.", line=1)
    elif first.level != 1 or not first.text:
        yield Hit(
            "The README should start with a level-1 heading '# <Connector title>'.", line=first.line
        )


@rules.rule(
    "readme-sections",
    "error",
    artifact=README,
    profiles=CERTIFICATION_ONLY,
    summary="The README has the template's sections: Publisher, Prerequisites, Supported "
    "Operations, Obtaining Credentials, Known Issues and Limitations, and (certified) "
    "Deployment Instructions. Headings are matched ignoring case and punctuation.",
    fix="Add the missing `## ` section, even if it only says 'None'.",
    source="R-TPL-C/IP readme.md",
)
def readme_sections(ctx: Context) -> Iterator[Hit]:
    doc = document(ctx)
    wanted = SECTIONS + (CERTIFIED_SECTIONS if ctx.profile == "certified" else ())
    for prefix, shown in wanted:
        if doc.find(prefix) is None:
            yield Hit(f"The README has no '{shown}' section.")


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
    "11 of 42 accepted READMEs in the corpus (10 of the 15 independent-publisher ones) "
    "put Obtaining Credentials before Supported Operations",
)
def readme_section_order(ctx: Context) -> Iterator[Hit]:
    doc = document(ctx)
    order = SECTIONS + CERTIFIED_SECTIONS
    found = sorted(
        (h.line, index, h)
        for index, (prefix, _) in enumerate(order)
        if (h := doc.find(prefix)) is not None
    )
    latest = -1
    for _, index, heading in found:
        if index < latest:
            yield Hit(
                f"The '{order[index][1]}' section should come before "
                f"'{order[latest][1]}', as in the template.",
                line=heading.line,
            )
        latest = max(latest, index)


@rules.rule(
    "readme-publisher",
    "error",
    artifact=README,
    profiles=CERTIFICATION_ONLY,
    summary="The Publisher section names the publisher (certified: the company; independent "
    "publisher: your full name, comma-separated if several).",
    fix="Write `## Publisher: <Name>`.",
    source="R-TPL-C/IP readme.md",
)
def readme_publisher(ctx: Context) -> Iterator[Hit]:
    doc = document(ctx)
    heading = doc.find("publisher")
    if heading is None:
        return  # readme-sections says it
    name = re.sub(r"^publisher\s*:?", "", heading.text, flags=re.IGNORECASE).strip()
    if name:
        return
    # Some READMEs put the name on the next line (or as a sub-heading) instead.
    for _, line in doc.body(heading) or [(0, "")]:
        if line.strip():
            name = line.strip("#* \t")
            break
    if not name:
        yield Hit("The Publisher section does not name the publisher.", line=heading.line)


@rules.rule(
    "readme-operations",
    "warning",
    artifact=README,
    profiles=CERTIFICATION_ONLY,
    summary="The Supported Operations section lists the operations (as `### <operation>` "
    "headings or a list).",
    fix="Add one `### <Operation summary>` heading per operation, with a sentence about it.",
    source="R-TPL-C/IP readme.md (inferred severity)",
)
def readme_operations(ctx: Context) -> Iterator[Hit]:
    doc = document(ctx)
    heading = doc.find("supportedoperations")
    if heading is None:
        return
    sub = [h for h in doc.headings if h.line > heading.line and h.level > heading.level]
    body = doc.body(heading)
    listed = any(_LIST_ITEM.match(line) for _, line in body)
    in_section = bool(sub and body) and sub[0].line <= body[-1][0]
    if not in_section and not listed:
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
    heading = doc.find("obtainingcredentials")
    if heading is None:
        return  # readme-sections says it
    body = [line for _, line in doc.body(heading) if line.strip()]
    has_steps = any(_LIST_ITEM.match(line) for line in body) or len(" ".join(body)) >= 200
    if not has_steps:
        yield Hit(
            "The 'Obtaining Credentials' section should give the steps to create the OAuth app.",
            line=heading.line,
        )
