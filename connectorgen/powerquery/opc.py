"""The OPC side of a .pqx: part names, content types, and what a signature adds.

The content types are those of Microsoft's certified .pqx files, counted over the 101
distinct [Content_Types].xml of 124 certified packages (../shared/reference/power-query.md
§1.3): every one declares rels, resx, psdor and psdsxs; code files are application/x-ms-m;
extensionless parts get an Override of text/plain.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote, unquote

from .safexml import XmlError, local_name, parse_xml

# What an XML attribute value must escape (as xml.sax.saxutils.quoteattr does; that module
# imports urllib.request and http.client, too much for the registry's start-up).
_ATTRIBUTE_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\n": "&#10;",
        "\r": "&#13;",
        "\t": "&#9;",
    }
)


def quoteattr(value: str) -> str:
    """``value`` as a double-quoted XML attribute value."""
    return '"' + value.translate(_ATTRIBUTE_ESCAPES) + '"'


CONTENT_TYPES_NAME = "[Content_Types].xml"
CONTENT_TYPES_NAMESPACE = "http://schemas.openxmlformats.org/package/2006/content-types"

# Declared by every certified package, whether or not it has such a part (§1.3).
ALWAYS = {
    "rels": "application/vnd.openxmlformats-package.relationships+xml",
    "resx": "text/xml",
    "psdor": "application/vnd.openxmlformats-package.digital-signature-origin",
    "psdsxs": "application/vnd.openxmlformats-package.digital-signature-xmlsignature+xml",
}
# By extension, as observed; anything else is application/octet-stream.
BY_EXTENSION = {
    "png": "image/png",
    "pq": "application/x-ms-m",
    "m": "application/x-ms-m",
    "pqm": "application/x-ms-m",
    "json": "application/json",
    "txt": "text/plain",
    "svg": "text/plain",
    "jpeg": "text/plain",
    "graphql": "text/plain",
    "md": "application/octet-stream",
    "jpg": "image/jpeg",
}
DEFAULT_TYPE = "application/octet-stream"
EXTENSIONLESS_TYPE = "text/plain"  # /client_id, /client_secret, /auth_parameter (§1.3)

# Parts of the package machinery, not connector files: relationships and signatures.
SIGNATURE_FOLDER = "package/services/digital-signature/"
_PART_SAFE = "-._~!$&'()*+,;=:@"  # RFC 3986 pchar without percent: kept as is in part names


def part_name(name: str) -> str:
    """The zip entry name of a package file: percent-encoded as OPC part names are
    ("Anaplan Connector.pq" -> "Anaplan%20Connector.pq")."""
    return quote(name, safe=_PART_SAFE)


def file_name(entry: str) -> str:
    return unquote(entry)


def is_machinery(entry: str) -> bool:
    """The content-types stream, relationship parts and signature parts."""
    return (
        entry == CONTENT_TYPES_NAME
        or entry.startswith("_rels/")
        or entry.startswith(SIGNATURE_FOLDER)
        or entry.endswith(".rels")
    )


def extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def content_types_xml(names: Iterable[str]) -> bytes:
    """[Content_Types].xml for these package files, in the shape Microsoft's files have: one
    line, a Default per extension, an Override per extensionless part."""
    defaults = dict(ALWAYS)
    overrides: dict[str, str] = {}
    for name in names:
        ext = extension(name)
        if ext:
            defaults.setdefault(ext, BY_EXTENSION.get(ext, DEFAULT_TYPE))
        else:
            overrides["/" + part_name(name)] = EXTENSIONLESS_TYPE
    items = [
        f"<Default Extension={quoteattr(ext)} ContentType={quoteattr(kind)} />"
        for ext, kind in sorted(defaults.items())
    ] + [
        f"<Override PartName={quoteattr(part)} ContentType={quoteattr(kind)} />"
        for part, kind in sorted(overrides.items())
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<Types xmlns="{CONTENT_TYPES_NAMESPACE}">' + "".join(items) + "</Types>"
    ).encode("utf-8")


@dataclass
class ContentTypes:
    defaults: dict[str, str] = field(default_factory=dict)  # extension (lower case) -> type
    overrides: dict[str, str] = field(default_factory=dict)  # part name (lower case) -> type

    def type_of(self, entry: str) -> str | None:
        """The content type of a zip entry; OPC compares names case-insensitively."""
        override = self.overrides.get("/" + entry.lower())
        if override is not None:
            return override
        ext = extension(entry)
        return self.defaults.get(ext) if ext else None


def read_content_types(data: bytes) -> ContentTypes:
    """Parse [Content_Types].xml; XmlError when it is not the OPC shape."""
    root = parse_xml(data)
    if local_name(root.tag) != "Types":
        raise XmlError(f"the root element is <{root.tag}>, not <Types>", root.line, root.column)
    types = ContentTypes()
    for child in root.children or []:
        tag = local_name(child.tag)
        kind = child.attributes.get("ContentType", "")
        if tag == "Default" and child.attributes.get("Extension"):
            types.defaults[child.attributes["Extension"].lower()] = kind
        elif tag == "Override" and child.attributes.get("PartName"):
            types.overrides[child.attributes["PartName"].lower()] = kind
    return types
