"""README.md as the readme rules see it: its headings and sections, read as CommonMark.

The README is parsed with markdown-it-py (a maintained CommonMark parser), so what counts as a
heading, a code block or a list is what GitHub renders: "#Title" without a space is text, a
line such as "```json {...}```" is inline code and not the start of a fence, setext headings
(a line underlined with === or ---) are headings, and "#" lines inside a fenced block are code.
markdown-it is imported only when a folder has a README, never at start-up.

Sections are found by the words of their heading, compared without case, spaces or
punctuation ("&" reads as "and"). The certification repository's template names them
(templates/certified-connectors/readme.md); accepted READMEs name the same sections in other
words, listed in SECTION_NAMES with where each wording comes from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it.token import Token

# The template's required sections: (section, how the template writes its heading).
# Deployment Instructions is required for certified connectors only (the independent
# publisher template marks it optional).
PUBLISHER = "publisher"
PREREQUISITES = "prerequisites"
OPERATIONS = "supportedoperations"
CREDENTIALS = "obtainingcredentials"
KNOWN_ISSUES = "knownissuesandlimitations"
DEPLOYMENT = "deploymentinstructions"

TEMPLATE_HEADINGS = {
    PUBLISHER: "## Publisher: <Name>",
    PREREQUISITES: "## Prerequisites",
    OPERATIONS: "## Supported Operations",
    CREDENTIALS: "## Obtaining Credentials",
    KNOWN_ISSUES: "## Known Issues and Limitations",
    DEPLOYMENT: "## Deployment Instructions",
}

# Headings that name a template section, normalised (see ``normalise``); a heading names the
# section when its normalised text starts with one of them. Sources of the other wordings:
# - SFC: Microsoft's intro.md template (learn.microsoft.com/connectors/custom-connectors/
#   submit-for-certification) titles the same sections "How to get credentials" and
#   "Known issues and limitations";
# - corpus: the wording of accepted READMEs in ../shared/corpus, e.g. "Pre-requisites" (7),
#   "Deploying the sample" (3), "How to get API key" (tyntec Portability Check),
#   "Supported requests" (tyntec), "Supported Triggers" / "Supported Actions" (Facebook);
#   issue 11 names "How to get credentials" and "Known Issues & Limitations" among 220
#   findings on accepted connectors.
SECTION_NAMES: dict[str, tuple[str, ...]] = {
    PUBLISHER: ("publisher",),
    PREREQUISITES: ("prerequisite", "requirements"),
    OPERATIONS: (
        "supportedoperations",
        "supportedactions",
        "supportedtriggers",
        "supportedrequests",
        "availableoperations",
        "availableactions",
        "operations",
        "actionsandtriggers",
        "triggersandactions",
    ),
    CREDENTIALS: (
        "obtainingcredentials",
        "obtainingapikey",
        "obtaininganapikey",
        "howtogetcredentials",
        "howtogetapikey",
        "howtogetanapikey",
        "gettingcredentials",
        "credentials",
        "authentication",
    ),
    KNOWN_ISSUES: (
        "knownissuesandlimitations",
        "knownissues",
        "knownlimitations",
        "limitationsandknownissues",
        "issuesandlimitations",
        "limitations",
    ),
    DEPLOYMENT: (
        "deploymentinstructions",
        "deploymentsteps",
        "deployingthesample",
        "deployingtheconnector",
        "deploytheconnector",
        "howtodeploy",
    ),
}


def normalise(text: str) -> str:
    """Heading words without case, spaces or punctuation; "&" reads as "and"."""
    return re.sub(r"[^a-z0-9]", "", text.lower().replace("&", "and"))


@dataclass(frozen=True)
class Heading:
    line: int  # 1-based
    level: int
    text: str  # plain text, markup removed

    @property
    def key(self) -> str:
        return normalise(self.text)

    def names(self, section: str) -> bool:
        return self.key.startswith(SECTION_NAMES[section])


@dataclass(frozen=True)
class Readme:
    lines: tuple[str, ...]
    headings: tuple[Heading, ...]
    list_lines: frozenset[int]  # lines where a list item or a table row starts

    @property
    def title(self) -> Heading | None:
        """The first heading when it is a level-1 one: the title, whatever its words."""
        first = self.headings[0] if self.headings else None
        return first if first is not None and first.level == 1 else None

    def find(self, section: str) -> Heading | None:
        """The first heading after the title that names ``section`` (a key of
        SECTION_NAMES): a connector called "Credentials Vault" has no credentials section
        by its title alone."""
        return next((h for h in self.headings if h.names(section) and h is not self.title), None)

    def end(self, heading: Heading) -> int:
        """The line after ``heading``'s section: the next heading as high, or the end."""
        following = [
            h.line for h in self.headings if h.line > heading.line and h.level <= heading.level
        ]
        return following[0] if following else len(self.lines) + 1

    def body(self, heading: Heading) -> list[tuple[int, str]]:
        """(line number, text) of the lines under ``heading``, sub-headings included."""
        return [(n, self.lines[n - 1]) for n in range(heading.line + 1, self.end(heading))]

    def subheadings(self, heading: Heading) -> list[Heading]:
        end = self.end(heading)
        return [h for h in self.headings if heading.line < h.line < end]

    def has_list(self, heading: Heading) -> bool:
        """A list or a table in ``heading``'s section."""
        return any(heading.line < n < self.end(heading) for n in self.list_lines)


@cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    # CommonMark, plus GFM tables: READMEs list operations in tables too. Only the blocks are
    # needed, and the text of the headings: inline markup is parsed for headings alone
    # (parsing it everywhere doubles the time).
    parser = MarkdownIt("commonmark").enable("table")
    parser.core.ruler.disable("inline")
    return parser


def parse(text: str) -> Readme:
    parser = _parser()
    tokens = parser.parse(text)
    headings = []
    list_lines = set()
    for index, token in enumerate(tokens):
        if token.map is None:
            continue
        if token.type == "heading_open":
            inline: list[Token] = []
            parser.inline.parse(tokens[index + 1].content, parser, {}, inline)
            words = _plain(inline)
            headings.append(Heading(token.map[0] + 1, int(token.tag[1]), words))
        elif token.type in ("list_item_open", "tr_open"):
            list_lines.add(token.map[0] + 1)
    return Readme(tuple(text.splitlines()), tuple(headings), frozenset(list_lines))


def _plain(tokens: list[Token]) -> str:
    """The text of inline markup as a reader sees it: markup dropped, code kept."""
    parts = []
    for child in tokens:
        if child.type in ("text", "text_special", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()
