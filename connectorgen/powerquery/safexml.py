"""XML from a package, read with the standard library's expat parser and nothing more.

resources.resx and [Content_Types].xml never need a document type declaration, so one is
refused outright: that closes entity expansion ("billion laughs") and external entities
before expat would see them. Every element is handed over with its line and column.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from xml.parsers import expat

MAX_XML_BYTES = 16 * 1024 * 1024  # a resx of strings is kilobytes


class XmlError(Exception):
    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


@dataclass
class Element:
    tag: str
    attributes: dict[str, str]
    line: int
    column: int  # 1-based
    text: str = ""
    children: list[Element] | None = None


def parse_xml(data: bytes) -> Element:
    """The document's root element with its children and their text; XmlError if unusable."""
    if len(data) > MAX_XML_BYTES:
        raise XmlError(f"the file is {len(data):,} bytes, over the {MAX_XML_BYTES:,} byte limit")
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[Element] = []
    root: list[Element] = []

    def refuse(*_: object) -> None:
        raise XmlError(
            "the file declares a document type (<!DOCTYPE>) or entities; a resource or "
            "content-types file never needs one, so it is not read",
            parser.CurrentLineNumber,
            parser.CurrentColumnNumber + 1,
        )

    def start(tag: str, attributes: dict[str, str]) -> None:
        element = Element(
            tag, attributes, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1, "", []
        )
        if stack:
            stack[-1].children.append(element)  # type: ignore[union-attr]
        else:
            root.append(element)
        stack.append(element)

    def end(_: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        if stack:
            stack[-1].text += data

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = _external_refused(refuse)
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise XmlError(
            f"not well-formed XML: {expat.ErrorString(exc.code)}", exc.lineno, exc.offset + 1
        ) from exc
    if not root:
        raise XmlError("the file holds no XML element")
    return root[0]


def _external_refused(refuse: Callable[..., None]) -> Callable[..., int]:
    def handler(*args: object) -> int:
        refuse(*args)
        return 0

    return handler


def local_name(tag: str) -> str:
    """``{namespace}Name`` or ``Name`` -> ``Name`` (expat without namespaces keeps prefixes)."""
    return tag.rsplit(":", 1)[-1].rsplit("}", 1)[-1]
