"""A connector's readme to config.json ``docs``: the sections that map cleanly.

The certification template's sections (certification-rules README-SECTIONS): the paragraph under
the title, Prerequisites, Obtaining Credentials, Getting Started, Known Issues and Limitations,
Frequently Asked Questions, Deployment Instructions. Publisher and Supported Operations are
written by generate from apiProperties.json and the API definition, so they are not carried;
other sections are named in import's report. Headings are found outside fenced code blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Heading text (lower case, trailing punctuation and "&" spelled out) -> docs key.
_SECTIONS = {
    "prerequisites": "prerequisites",
    "prerequisite": "prerequisites",
    "obtaining credentials": "obtainingCredentials",
    "getting started": "gettingStarted",
    "known issues and limitations": "knownIssues",
    "known issues": "knownIssues",
    "known limitations": "knownIssues",
    "frequently asked questions": "faq",
    "faq": "faq",
    "faqs": "faq",
    "deployment instructions": "deploymentInstructions",
}
# Written by generate from other inputs: not carried, and not worth a note either.
_GENERATED = ("publisher", "supported operations", "supported actions")
_HEADING = re.compile(r"^(#{1,2})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass
class ReadmeDocs:
    docs: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # headings not carried over


def readme_docs(text: str) -> ReadmeDocs:
    out = ReadmeDocs()
    title_seen = False
    heading: str | None = None
    lines: list[str] = []

    def close() -> None:
        body = "\n".join(lines).strip()
        if heading is None:
            if title_seen and body and "summary" not in out.docs:
                out.docs["summary"] = body
            return
        key = _SECTIONS.get(_normalise(heading))
        if key is None:
            if not _normalise(heading).startswith(_GENERATED):
                out.skipped.append(heading)
        elif body and not body.startswith("TODO:") and key not in out.docs:
            # A "TODO:" body is generate's own marker for a blank: nothing to carry.
            out.docs[key] = body

    in_fence = False
    for line in text.replace("\r\n", "\n").split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match and (match.group(1) == "##" or not title_seen):
            close()
            lines = []
            if match.group(1) == "#":
                title_seen, heading = True, None
            else:
                heading = match.group(2)
            continue
        lines.append(line)
    close()
    return out


def _normalise(heading: str) -> str:
    text = heading.lower().replace("&", "and")
    return re.sub(r"[\s:.!?]+$", "", re.sub(r"\s+", " ", text)).strip()
