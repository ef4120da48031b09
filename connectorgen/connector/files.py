"""Reading connector folders: which folders, which files, and the folder's config.json."""

from __future__ import annotations

import os
from pathlib import Path

from ..core.diagnostics import InputError, UsageError
from ..core.jsonio import parse_json
from ..core.platform import (
    API_DEFINITION,
    API_PROPERTIES,
    CONFIG_NAME,
    FOLDER_FILE_NAMES,
    MAX_FOLDER_FILE_BYTES,
    REPOSITORY_FOLDERS,
    STATE_NAME,
)


def artifact_of(name: str) -> str | None:
    return FOLDER_FILE_NAMES.get(name.rsplit("/", 1)[-1].lower())


def pick_files(names: list[str]) -> dict[str, str]:
    """artifact -> file name, choosing by FOLDER_FILE_NAMES order when two names play one role."""
    chosen: dict[str, str] = {}
    rank = {name: index for index, name in enumerate(FOLDER_FILE_NAMES)}
    for name in sorted(names, key=lambda n: (rank.get(n.rsplit("/", 1)[-1].lower(), 99), n)):
        artifact = artifact_of(name)
        if artifact and artifact not in chosen:
            chosen[artifact] = name
    return chosen


# Files only a connector folder holds. A folder with apiProperties.json but no API definition
# is a connector folder that lacks its definition (check reports it: required-files), not
# some other folder. A README or a settings.json alone does not count: a repository's root
# and tool folders have those too. (The certification repository has 1,036 apiProperties.json
# and 1,032 API definitions: asset-shapes S1c.)
CONNECTOR_ONLY = frozenset({API_DEFINITION, API_PROPERTIES})


def is_connector_folder(path: Path) -> bool:
    """The folder holds a connector's own files (an API definition, apiProperties.json, ...)."""
    try:
        return any(
            artifact_of(entry.name) in CONNECTOR_ONLY and entry.is_file()
            for entry in os.scandir(path)
        )
    except OSError:
        return False


def find_connector_folders(root: Path) -> list[Path]:
    """``root`` and every folder below it holding connector files, sorted; hidden ones skipped."""
    found = []
    for folder, subfolders, _ in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        if is_connector_folder(Path(folder)):
            found.append(Path(folder))
    return sorted(found, key=lambda p: p.as_posix())


def require_connector_folder(path: Path) -> None:
    """Refuse (exit code 2) a path that is no folder, or a folder without any connector file.

    A connector folder that lacks its API definition is checked: the finding says what is
    missing, and the other folders of the run are checked too."""
    if not path.exists():
        raise UsageError(f"{path} does not exist.")
    if not path.is_dir():
        raise UsageError(f"{path} is not a folder; give the folder that holds the connector.")
    if not is_connector_folder(path):
        raise UsageError(
            f"{path} has no apiDefinition.swagger.json or apiDefinition.json, nor "
            "apiProperties.json; is it a connector folder? (use --recursive for a parent folder)"
        )


def read_connector_files(path: Path) -> dict[str, bytes]:
    files = {}
    for entry in sorted(os.scandir(path), key=lambda e: e.name):
        if entry.is_file() and artifact_of(entry.name):
            if entry.stat().st_size > MAX_FOLDER_FILE_BYTES:
                raise UsageError(
                    f"{entry.path} is larger than {MAX_FOLDER_FILE_BYTES:,} bytes; "
                    "refusing to read it."
                )
            try:
                files[entry.name] = Path(entry.path).read_bytes()
            except OSError as exc:
                raise UsageError(f"{entry.path} cannot be read: {exc.strerror or exc}.") from exc
    return files


def folder_config(path: Path) -> tuple[str | None, list[str]]:
    """(profile, ignore) from the folder's config.json, else from the record generate left
    there (.connectorgen.json: the profile and ignore list its own check used, so that check
    gives the folder the verdict generate gave); (None, []) when it has neither.

    A file that cannot be read or has wrong types is a usage error: the user asked for
    those settings, silently dropping them would change which findings count.
    """
    config_path = path / CONFIG_NAME
    if not config_path.is_file():
        config_path = path / STATE_NAME
    if not config_path.is_file():
        return None, []
    try:
        value = parse_json(config_path.read_bytes(), str(config_path), "config file").value
    except InputError as exc:
        raise UsageError(f"{exc.message}\n{exc.detail}".rstrip()) from exc
    except OSError as exc:
        raise UsageError(f"{config_path} cannot be read: {exc.strerror or exc}.") from exc
    if not isinstance(value, dict):
        raise UsageError(f"{config_path} must hold a JSON object.")
    profile = value.get("profile")
    ignore = value.get("ignore", [])
    if profile is not None and not isinstance(profile, str):
        raise UsageError(f"{config_path}: 'profile' must be a string.")
    if not isinstance(ignore, list) or not all(isinstance(i, str) for i in ignore):
        raise UsageError(f"{config_path}: 'ignore' must be a list of rule ids.")
    return profile, ignore


def repository_folder(path: Path) -> str | None:
    """The certification repository's top folder ``path`` lies in (certified-connectors, ...)."""
    return next(
        (part for part in reversed(path.resolve().parts) if part in REPOSITORY_FOLDERS), None
    )


def profile_from_location(path: Path) -> str | None:
    """The profile the repository layout implies for ``path``, if it lies in such a folder."""
    folder = repository_folder(path)
    return REPOSITORY_FOLDERS[folder] if folder else None
