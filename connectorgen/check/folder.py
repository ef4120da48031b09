"""Reading connector folders: which folders, which files, and the folder's config.json."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..jsonio import parse_json
from .engine import UsageError, artifact_of, check_files, validate_options
from .model import API_DEFINITION, Finding

CONFIG_NAME = "config.json"
MAX_FILE_BYTES = 64 * 1_048_576  # refuse to read anything absurd into memory


@dataclass(frozen=True)
class FolderResult:
    path: str  # the folder as shown in findings
    profile: str
    findings: tuple[Finding, ...]


def is_connector_folder(path: Path) -> bool:
    try:
        return any(artifact_of(entry.name) == API_DEFINITION and entry.is_file()
                   for entry in os.scandir(path))
    except OSError:
        return False


def find_connector_folders(root: Path) -> list[Path]:
    """``root`` and every folder below it holding an API definition, sorted; hidden ones skipped."""
    found = []
    for folder, subfolders, _ in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        if is_connector_folder(Path(folder)):
            found.append(Path(folder))
    return sorted(found, key=lambda p: p.as_posix())


def require_connector_folder(path: Path) -> None:
    """Refuse (exit code 2) a path that is not a readable connector folder."""
    if not path.exists():
        raise UsageError(f"{path} does not exist.")
    if not path.is_dir():
        raise UsageError(f"{path} is not a folder; give the folder that holds the connector.")
    if not is_connector_folder(path):
        raise UsageError(f"{path} has no apiDefinition.swagger.json or apiDefinition.json; "
                         "is it a connector folder? (use --recursive for a parent folder)")


def read_connector_files(path: Path) -> dict[str, bytes]:
    files = {}
    for entry in sorted(os.scandir(path), key=lambda e: e.name):
        if entry.is_file() and artifact_of(entry.name):
            if entry.stat().st_size > MAX_FILE_BYTES:
                raise UsageError(f"{entry.path} is larger than {MAX_FILE_BYTES:,} bytes; "
                                 "refusing to read it.")
            try:
                files[entry.name] = Path(entry.path).read_bytes()
            except OSError as exc:
                raise UsageError(f"{entry.path} cannot be read: {exc.strerror or exc}.") from exc
    return files


def folder_config(path: Path) -> tuple[str | None, list[str]]:
    """(profile, ignore) from the folder's config.json; (None, []) when it has none.

    A config.json that cannot be read or has wrong types is a usage error: the user asked for
    those settings, silently dropping them would change which findings count.
    """
    config_path = path / CONFIG_NAME
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


# The public certification repository's top folders, and the rule set its pipeline applies
# to each (R-PIPE: certification validation for these two, the looser set elsewhere).
REPOSITORY_FOLDERS = {
    "certified-connectors": "certified",
    "independent-publisher-connectors": "independent-publisher",
    "custom-connectors": "custom",
}


def profile_from_location(path: Path) -> str | None:
    """The profile the repository layout implies for ``path``, if it lies in such a folder."""
    for part in reversed(path.resolve().parts):
        if part in REPOSITORY_FOLDERS:
            return REPOSITORY_FOLDERS[part]
    return None


def resolve_options(
    path: Path, profile: str | None, ignore: Iterable[str] | None
) -> tuple[str, frozenset[str]]:
    """Precedence: the caller's profile, else config.json's, else the one the repository folder
    implies (independent-publisher-connectors/...), else certified. Ignored rules are the union
    of the caller's and config.json's (both list findings accepted on purpose)."""
    from_caller = validate_options(profile or "certified", ignore or ())
    config_profile, config_ignore = folder_config(path)
    try:
        from_config = validate_options(config_profile or "certified", config_ignore)
    except UsageError as exc:
        raise UsageError(f"{path / CONFIG_NAME}: {exc}") from exc
    chosen = profile or config_profile or profile_from_location(path) or "certified"
    return chosen, from_caller | from_config


def check_folder_result(
    path: Path, *, profile: str | None = None, ignore: Iterable[str] | None = None
) -> FolderResult:
    require_connector_folder(path)
    chosen, ignored = resolve_options(path, profile, ignore)
    label = path.as_posix()
    findings = check_files(read_connector_files(path), profile=chosen, ignore=ignored,
                           source=label)
    return FolderResult(label, chosen, tuple(findings))


def check_folder(
    path: Path, *, profile: str | None = None, ignore: Iterable[str] | None = None
) -> list[Finding]:
    """Check one connector folder. ``profile=None`` uses config.json's profile, else the one
    its repository folder implies, else certified; rules in config.json's ``ignore`` are
    ignored as well as ``ignore``."""
    return list(check_folder_result(path, profile=profile, ignore=ignore).findings)
