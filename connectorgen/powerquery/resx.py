"""resources.resx: the strings a connector reads with Extension.LoadString("Key").

A resx is XML: ``<root><data name="Key" xml:space="preserve"><value>Text</value></data>``.
Only ``data`` elements directly under the root are strings; the schema, ``resheader`` rows and
the sample rows inside the standard header comment are not (a regular expression over the text
would read those comment samples as keys). Culture files are ``resources.<culture>.resx``
(DataConnectors#28).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .safexml import XmlError, local_name, parse_xml

_RESX_NAME = re.compile(r"^resources(\.[A-Za-z0-9-]+)?\.resx$", re.IGNORECASE)


@dataclass(frozen=True)
class Entry:
    key: str
    value: str
    line: int
    column: int


@dataclass
class Resources:
    name: str  # the file name in the package
    entries: dict[str, Entry] = field(default_factory=dict)
    error: XmlError | None = None  # why the file could not be read


def is_resx(name: str) -> bool:
    return bool(_RESX_NAME.match(name))


def is_neutral(name: str) -> bool:
    return name.lower() == "resources.resx"


def read_resx(name: str, data: bytes) -> Resources:
    resources = Resources(name)
    try:
        root = parse_xml(data)
    except XmlError as exc:
        resources.error = exc
        return resources
    for element in root.children or []:
        if local_name(element.tag) != "data" or "name" not in element.attributes:
            continue
        if element.attributes.get("type") or element.attributes.get("mimetype"):
            continue  # a serialized object, not a string
        value = next(
            (c.text for c in element.children or [] if local_name(c.tag) == "value"),
            element.text.strip(),
        )
        key = element.attributes["name"]
        resources.entries.setdefault(key, Entry(key, value, element.line, element.column))
    return resources
