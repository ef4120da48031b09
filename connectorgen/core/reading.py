"""One entry for reading a data file that may be JSON or YAML: ``read_document(path)``.

Which reader: the file name first (``.yaml`` and ``.yml`` are YAML, ``.json`` is JSON), the
first character otherwise (``{`` or ``[`` is JSON). A ``.json`` file that is not JSON but
reads as a YAML mapping (an OpenAPI file saved under the name the platform wants) is read as
YAML; any other JSON error is reported as the JSON error it is, with its line and caret.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .diagnostics import Diagnostic, InputError
from .document import Document
from .jsonio import parse_json, read_bytes
from .yamlio import parse_yaml

Format = Literal["json", "yaml"]
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class Source:
    """A parsed data file: the document (text, value, positions), its format, what was tolerated."""

    document: Document
    format: Format
    warnings: list[Diagnostic] = field(default_factory=list)


def read_document(
    path: Path, label: str, max_bytes: int | None = None, too_big: str = ""
) -> Source:
    return parse_document(read_bytes(path, label, max_bytes, too_big), str(path), label)


def parse_document(data: bytes, name: str, label: str = "file") -> Source:
    """Parse JSON or YAML (see the module's rule for which); errors point at line and column."""
    suffix = Path(name).suffix.lower()
    if suffix in YAML_SUFFIXES:
        return _yaml(data, name, label)
    if suffix != ".json" and not _starts_like_json(data):
        return _yaml(data, name, label)
    try:
        loaded = parse_json(data, name, label)
    except InputError as json_error:
        if _starts_like_json(data) or not json_error.diagnostics:
            raise
        try:
            source = _yaml(data, name, label)
        except InputError:
            raise json_error from None
        if not isinstance(source.document.value, dict):
            raise json_error from None
        return source
    return Source(Document(name, loaded.text, loaded.value), "json", list(loaded.warnings))


def _yaml(data: bytes, name: str, label: str) -> Source:
    loaded = parse_yaml(data, name, label)
    return Source(
        Document(name, loaded.text, loaded.value, loaded.positions), "yaml", loaded.warnings
    )


def _starts_like_json(data: bytes) -> bool:
    """The first character that is not white space (after a BOM) opens a JSON object or array."""
    head = data[:4096].removeprefix(b"\xef\xbb\xbf").lstrip()
    while head.startswith((b"//", b"/*")):  # comments the lenient JSON reader takes
        end = head.find(b"\n") if head.startswith(b"//") else head.find(b"*/") + 1
        if end <= 0:
            return False
        head = head[end + 1 :].lstrip()
    return head[:1] in (b"{", b"[")
