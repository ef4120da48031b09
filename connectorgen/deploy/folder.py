"""Reading a connector folder for deployment: settings.json, the files it names, and what
the deploy tools need to know about them. No tool is run here.

settings.json names the files relative to the folder (paconn itself takes them relative to the
current folder: deploy.md), and holds ``connectorId`` and ``environment`` once a connector
exists. A missing key and ``null`` mean the same (paconn reads both with ``dict.get``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.diagnostics import InputError
from ..core.jsonio import Loaded, json_type, load_json_file
from ..core.platform import MAX_DEFINITION_BYTES, MAX_SCRIPT_BYTES, MEGABYTE

SETTINGS_NAME = "settings.json"
# The settings.json keys that name files, and what each file is called in messages.
FILE_KEYS = {
    "apiProperties": "API properties file",
    "apiDefinition": "API definition",
    "icon": "Icon",
    "script": "Script",
}
REQUIRED_FILE_KEYS = ("apiProperties", "apiDefinition")
# paconn's own settings: passed on with --pau/--pav (deploy.md "What paconn reads").
POWERAPPS_URL, POWERAPPS_VERSION = "powerAppsUrl", "powerAppsApiVersion"
MAX_ICON_FILE_BYTES = 50 * MEGABYTE  # the icon is uploaded as it is; generate caps inputs alike


@dataclass(frozen=True)
class DeployFolder:
    """A connector folder as the deploy tools see it."""

    path: Path
    settings_path: Path
    settings: Loaded  # settings.json as read (its key order is kept when writing back)
    files: dict[str, Path]  # FILE_KEYS key -> existing file
    properties: dict[str, Any]  # apiProperties.json
    definition: dict[str, Any]  # the API definition

    @property
    def connector_id(self) -> str | None:
        return _text(self.settings.value.get("connectorId"))

    @property
    def environment(self) -> str | None:
        return _text(self.settings.value.get("environment"))

    def setting(self, key: str) -> str | None:
        return _text(self.settings.value.get(key))

    @property
    def has_stack_owner(self) -> bool:
        return "stackOwner" in self.properties.get("properties", {})

    @property
    def needs_client_secret(self) -> bool:
        """A ``token`` connection parameter with oAuthSettings: paconn's create then requires
        --secret and inserts it as its clientSecret (paconn upsert.py; deploy.md)."""
        return bool(oauth_token_parameters(self.properties))


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def oauth_token_parameters(properties: dict[str, Any]) -> list[dict[str, Any]]:
    """Every ``token`` parameter holding oAuthSettings, in connectionParameters and in each
    connectionParameterSets value: the places paconn puts the client secret."""
    props = properties.get("properties")
    if not isinstance(props, dict):
        return []
    groups: list[Any] = [props.get("connectionParameters")]
    sets = props.get("connectionParameterSets")
    if isinstance(sets, dict) and isinstance(sets.get("values"), list):
        groups += [v.get("parameters") for v in sets["values"] if isinstance(v, dict)]
    found = []
    for group in groups:
        token = group.get("token") if isinstance(group, dict) else None
        if isinstance(token, dict) and isinstance(token.get("oAuthSettings"), dict):
            found.append(token)
    return found


def load_folder(path: Path) -> DeployFolder:
    """Read settings.json and the files it names; refuse, with the fix, what a tool trips on."""
    if not path.is_dir():
        raise InputError(f"{path} is not a folder; give the connector folder (generate's --out).")
    settings_path = path / SETTINGS_NAME
    if not settings_path.is_file():
        raise InputError(
            f"{path} has no settings.json. Deploy a folder written by `connectorgen generate` "
            "(or by `paconn download`): settings.json names the connector's files and keeps "
            "its connectorId and environment."
        )
    settings = load_json_file(settings_path, "Settings file", MEGABYTE)
    if not isinstance(settings.value, dict):
        raise InputError(
            f"Settings file {settings_path} holds {json_type(settings.value)}; it must hold a "
            "JSON object."
        )
    _check_types(settings_path, settings.value)
    files = _named_files(path, settings_path, settings.value)
    properties = _json_object(files["apiProperties"], "API properties file", MEGABYTE)
    definition = _json_object(files["apiDefinition"], "API definition", MAX_DEFINITION_BYTES)
    if not isinstance(properties.get("properties"), dict):
        raise InputError(
            f'API properties file {files["apiProperties"]} has no "properties" object; '
            "the deploy tools read everything from it."
        )
    for key, limit in (("script", MAX_SCRIPT_BYTES), ("icon", MAX_ICON_FILE_BYTES)):
        if key in files and files[key].stat().st_size > limit:
            raise InputError(f"{FILE_KEYS[key]} {files[key]} is larger than {limit:,} bytes.")
    return DeployFolder(path, settings_path, settings, files, properties, definition)


def _check_types(settings_path: Path, value: dict[str, Any]) -> None:
    for key in ("connectorId", "environment", *FILE_KEYS, POWERAPPS_URL, POWERAPPS_VERSION):
        if value.get(key) is not None and not isinstance(value[key], str):
            raise InputError(
                f'Settings file {settings_path}: "{key}" is {json_type(value[key])}; it must '
                "be a string (or left out)."
            )


def _named_files(path: Path, settings_path: Path, value: dict[str, Any]) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for key, label in FILE_KEYS.items():
        name = _text(value.get(key))
        if name is None:
            if key in REQUIRED_FILE_KEYS:
                raise InputError(
                    f"Settings file {settings_path} does not name the {label.lower()} "
                    f'("{key}"); add it, e.g. "{key}": "{_EXAMPLES[key]}".'
                )
            continue
        file = path / name.replace("\\", "/")
        if not file.is_file():
            raise InputError(
                f'{label} {file} ("{key}" in {settings_path}) does not exist. File names in '
                "settings.json are relative to its folder."
            )
        files[key] = file
    return files


_EXAMPLES = {"apiProperties": "apiProperties.json", "apiDefinition": "apiDefinition.json"}


def _json_object(path: Path, label: str, limit: int) -> dict[str, Any]:
    loaded = load_json_file(path, label, limit)
    if not isinstance(loaded.value, dict):
        raise InputError(f"{label} {path} holds {json_type(loaded.value)}, not a JSON object.")
    return loaded.value
