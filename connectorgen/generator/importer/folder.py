"""Reading a connector folder for import: the files of the certification repository or of
`paconn download` / `pac connector download`, read as leniently as generate reads its input.

Everything a later step needs is checked here, so that a folder import cannot use stops with
one clear message (exit code 1) before anything is written: no API definition, JSON that even
the lenient reader cannot parse, a file that is not what its name says.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...core.diagnostics import Diagnostic, InputError
from ...core.jsonio import json_type, parse_json, read_bytes
from ...core.platform import (
    API_DEFINITION,
    API_PROPERTIES,
    DEFINITION_NAMES,
    ICON,
    MAX_CONFIG_BYTES,
    MAX_SCRIPT_BYTES,
    README,
    SCRIPT,
    SETTINGS,
    STATE_NAME,
)
from ...core.writer import read_existing
from ...openapi.load import Swagger, load_swagger
from ..state import State, read_state


@dataclass
class ConnectorFolder:
    """The files of one connector, parsed."""

    path: Path
    definition: Swagger
    definition_name: str  # the canonical name: apiDefinition.swagger.json or apiDefinition.json
    definition_bytes: bytes
    definition_strict: bool  # strict JSON as it is (else it is rewritten canonically)
    properties: dict[str, Any]
    properties_file: str
    settings: dict[str, Any] | None = None
    settings_file: str | None = None
    script: bytes | None = None
    icon: bytes | None = None
    readme: str | None = None
    readme_file: str | None = None
    state: State = field(default_factory=State)  # generate's record, in a folder it wrote
    warnings: list[Diagnostic] = field(default_factory=list)


def read_folder(path: Path) -> ConnectorFolder:
    names = _names(path)
    definition_file = names.get(API_DEFINITION)
    if definition_file is None:
        raise InputError(
            f"{path} has no apiDefinition.swagger.json or apiDefinition.json: import reads a "
            "connector folder as the certification repository or paconn/pac download leave "
            "it. For a Swagger file alone, use 'connectorgen new-config --api-definition'."
        )
    properties_file = names.get(API_PROPERTIES)
    if properties_file is None:
        raise InputError(
            f"{path} has an API definition but no apiProperties.json, so there is nothing to "
            "import beyond the Swagger: use 'connectorgen new-config --api-definition "
            f"{path / definition_file}' instead."
        )
    definition = load_swagger(path / definition_file, map_security=False, validate=False)
    if definition.converted_from is not None:
        # A connector folder holds Swagger 2.0 JSON; anything else there is not the connector's.
        raise InputError(
            f"API definition {path / definition_file} is {definition.converted_from}, not the "
            "Swagger 2.0 JSON a connector folder holds. Convert it first: connectorgen convert "
            f"{path / definition_file} --out {path / definition_file}.swagger2.json, then put "
            "the result in its place."
        )
    raw = read_bytes(path / definition_file, "API definition")
    folder = ConnectorFolder(
        path=path,
        definition=definition,
        definition_name=_canonical_definition_name(definition_file),
        definition_bytes=raw,
        definition_strict=not definition.warnings and not raw.startswith(b"\xef\xbb\xbf"),
        properties={},
        properties_file=str(path / properties_file),
        warnings=[w for w in definition.warnings if w.code == "json-lenient"],
    )
    folder.properties = _properties(path / properties_file, folder.warnings)
    if SETTINGS in names:
        folder.settings_file = str(path / names[SETTINGS])
        folder.settings = _json_object(
            path / names[SETTINGS], "Settings file", "settings.json", folder.warnings
        )
    if SCRIPT in names:
        folder.script = _script(path / names[SCRIPT])
    if ICON in names:
        folder.icon = _icon(path / names[ICON])
    if README in names:
        folder.readme_file = str(path / names[README])
        folder.readme = _text(path / names[README])
    folder.state = read_state(read_existing(path, STATE_NAME))
    return folder


def _names(path: Path) -> dict[str, str]:
    """artifact -> file name in the folder (names compared in lower case, as check does)."""
    from ...connector.files import pick_files

    try:
        exists, is_dir = path.exists(), path.is_dir()
    except OSError as exc:
        raise InputError(f"{path} cannot be read: {exc.strerror or exc}.") from exc
    if not exists:
        raise InputError(f"{path} does not exist; give the folder that holds the connector.")
    if not is_dir:
        raise InputError(f"{path} is a file; give the folder that holds the connector.")
    try:
        entries = [e.name for e in os.scandir(path) if e.is_file()]
    except OSError as exc:
        raise InputError(f"{path} cannot be read: {exc.strerror or exc}.") from exc
    return pick_files(entries)


def _canonical_definition_name(name: str) -> str:
    for canonical in DEFINITION_NAMES:
        if canonical.lower() == name.lower():
            return canonical
    return DEFINITION_NAMES[0]


def _json_object(path: Path, label: str, what: str, warnings: list[Diagnostic]) -> dict[str, Any]:
    loaded = parse_json(read_bytes(path, label, MAX_CONFIG_BYTES), str(path), label)
    warnings += loaded.warnings
    if not isinstance(loaded.value, dict):
        raise InputError(
            f"{label} {path} holds {json_type(loaded.value)}, not the JSON object of a {what}."
        )
    return loaded.value


def _properties(path: Path, warnings: list[Diagnostic]) -> dict[str, Any]:
    value = _json_object(path, "API properties file", "apiProperties.json", warnings)
    if not isinstance(value.get("properties"), dict):
        keys = ", ".join(list(value)[:5]) or "nothing"
        raise InputError(
            f"API properties file {path} is not an apiProperties.json: it has no "
            f'"properties" object (it holds {keys}). An apiProperties.json is '
            '{"properties": {"connectionParameters": ..., "iconBrandColor": ...}}.'
        )
    return value


def _script(path: Path) -> bytes:
    data = read_bytes(
        path,
        "Script file",
        MAX_SCRIPT_BYTES,
        "The platform refuses a script.csx over 1 MB (learn.microsoft.com write-code).",
    )
    if b"\x00" in data[:4096]:
        raise InputError(f"Script file {path} is a binary file, not C# script text.")
    return data


# The raster formats a logo comes in, by their first bytes. generate decodes the icon in full;
# import only refuses a file that is no image at all (Pillow would cost it a tenth of its time).
_IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM")


def _icon(path: Path) -> bytes:
    from ...core.image import MAX_FILE_BYTES

    data = read_bytes(path, "Icon file", MAX_FILE_BYTES)
    webp = data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    if not (data.startswith(_IMAGE_SIGNATURES) or webp):
        raise InputError(
            f"Icon file {path} is not an image (it does not start like a PNG, JPEG, GIF, BMP "
            "or WebP file); replace it with the connector's PNG icon, or remove it."
        )
    return data


def _text(path: Path) -> str:
    data = read_bytes(path, "Readme", MAX_CONFIG_BYTES)
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
