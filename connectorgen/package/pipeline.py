"""package(): a connector folder in; the pull-request folder in a clone of Microsoft's connector
repository, and the certification submission package, out. No printing.

The files are laid out in memory (layout.py), checked with the rules of `connectorgen check`
under the profile the repository folder implies, and only then written: the folder through
core.writer (atomic per folder), the zip through core.archive (deterministic bytes).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from ..connector.check import check_files, resolve_options
from ..connector.files import pick_files, read_connector_files, require_connector_folder
from ..core.archive import build_zip
from ..core.diagnostics import InputError, UsageError
from ..core.jsonio import parse_json
from ..core.platform import API_DEFINITION, API_PROPERTIES, PROFILES, Profile
from ..core.writer import FileAction, plan_writes, write_files, write_standalone
from ..lint.rules import Finding
from .layout import TOP_FOLDERS, folder_name, left_out, repository_files, submission_files

# What the certification package needs besides these files, for verified publishers
# (certification-submission; R-PKG; CPE 5000.1.1.5-16).
SOLUTION_NOTE = (
    "Verified publishers add the Package Deployer package (a .zip holding a PkgAssets folder "
    "with the connector solution and the flow solution exported from your environment) at "
    "the root of this zip before uploading it to Partner Center: see docs/package.md."
)
IP_ZIP_NOTE = (
    "Independent publishers submit through the pull request only; the certification package "
    "is for verified publishers."
)


@dataclass(frozen=True)
class PullRequestFolder:
    path: Path  # CLONE/<top>/<Name>
    top: str  # certified-connectors, independent-publisher-connectors or custom-connectors
    name: str
    actions: list[FileAction]
    stale: list[str]  # connector files already there that this run does not write
    updates_existing: bool  # the folder held this connector already
    findings: list[Finding]  # check's rules on the folder as it is now

    @property
    def profile(self) -> Profile:
        return cast(Profile, _profile_of_top(self.top))


@dataclass(frozen=True)
class SubmissionZip:
    path: Path
    entries: tuple[str, ...]
    size: int
    verb: str  # create, overwrite, identical


@dataclass(frozen=True)
class PackageResult:
    source: Path
    profile: Profile
    left_out: list[str]
    pull_request: PullRequestFolder | None = None
    submission: SubmissionZip | None = None
    notes: list[str] = field(default_factory=list)


def package(
    path: str | Path,
    *,
    repo: str | Path | None = None,
    name: str | None = None,
    profile: str | None = None,
    zip_path: str | Path | None = None,
    force: bool = False,
) -> PackageResult:
    """Lay out the pull-request folder in ``repo`` and/or build the submission zip.

    Raises UsageError for a path that is not a connector folder or a missing target, and
    InputError for what the user must fix; nothing is written then.
    """
    if repo is None and zip_path is None:
        raise UsageError("give --repo CLONE (the pull-request folder), --zip OUT.zip, or both.")
    source = Path(path)
    require_connector_folder(source)
    chosen = _profile(source, profile)
    files = read_connector_files(source)
    names = sorted(entry.name for entry in os.scandir(source) if entry.is_file())
    # Everything is computed before anything is written: a refusal leaves both targets alone.
    folder = (
        _plan_folder(source, Path(repo), files, chosen, name, force) if repo is not None else None
    )
    archive = _plan_zip(Path(zip_path), files, chosen, force) if zip_path is not None else None
    if folder is not None:
        write_files(folder.result.path, folder.files, folder.result.actions)
    if archive is not None and archive.result.verb != "identical":
        write_standalone({archive.result.path: archive.data})
    notes = []
    if archive is not None:
        notes.append(IP_ZIP_NOTE if chosen == "independent-publisher" else SOLUTION_NOTE)
    return PackageResult(
        source,
        chosen,
        left_out(names, chosen),
        folder.result if folder else None,
        archive.result if archive else None,
        notes,
    )


@dataclass(frozen=True)
class _FolderPlan:
    files: dict[str, bytes]  # name in the folder -> bytes
    result: PullRequestFolder


@dataclass(frozen=True)
class _ZipPlan:
    data: bytes
    result: SubmissionZip


def _profile(source: Path, given: str | None) -> Profile:
    chosen, _ = resolve_options(source, given, None)
    if chosen not in PROFILES:  # resolve_options validated it already
        raise UsageError(f"unknown profile '{chosen}'.")
    return chosen


def _profile_of_top(top: str) -> str:
    return next(p for p, t in TOP_FOLDERS.items() if t == top)


# ---------------------------------------------------------------- the pull-request folder


def _plan_folder(
    source: Path,
    repo: Path,
    files: dict[str, bytes],
    profile: Profile,
    name: str | None,
    force: bool,
) -> _FolderPlan:
    top = TOP_FOLDERS[profile]
    if not repo.is_dir():
        raise InputError(f"--repo {repo} is not a folder: give your clone of the repository.")
    if not (repo / top).is_dir():
        raise InputError(
            f"--repo {repo} has no {top} folder: is it a clone of your fork of "
            "microsoft/PowerPlatformConnectors (git clone "
            "https://github.com/<you>/PowerPlatformConnectors)?"
        )
    folder = folder_name(name if name is not None else _title(files))
    target = repo / top / folder
    if target.resolve() == source.resolve():
        raise InputError(
            f"{source} is the pull-request folder itself. Generate into a folder outside the "
            "clone and package from there, so that config.json, INTRO.md and the settings.json "
            "that holds your connectorId stay out of the pull request."
        )
    if target.exists() and not target.is_dir():
        raise InputError(f"{target} is a file, not a folder; move it away or choose --name.")
    ours = repository_files(files, profile)
    existing = read_connector_files(target) if target.is_dir() else {}
    same = _same_connector(existing, ours) if existing else None
    if target.is_dir() and any(target.iterdir()) and not same and not force:
        raise InputError(_different(target, existing, ours))
    written = _keep_existing_case(ours, existing)
    actions = plan_writes(target, written, tuple(written), force=True)
    replaced = {n.lower() for n in written}
    kept = {n: b for n, b in existing.items() if n.lower() not in replaced}
    findings = check_files({**kept, **written}, profile=profile, source=target.as_posix())
    result = PullRequestFolder(target, top, folder, actions, sorted(kept), bool(same), findings)
    return _FolderPlan(written, result)


def _title(files: dict[str, bytes]) -> str:
    name = pick_files(list(files))[API_DEFINITION]
    value = parse_json(files[name], name, "API definition").value
    info = value.get("info") if isinstance(value, dict) else None
    title = info.get("title") if isinstance(info, dict) else None
    if not isinstance(title, str) or not title.strip():
        raise InputError(
            f"API definition {name} has no info.title to name the folder after; give --name."
        )
    return title


def _identity(files: dict[str, bytes]) -> tuple[str, str]:
    """(host, publisher) of a connector's files, lower case; empty when unreadable."""
    chosen = pick_files(list(files))

    def read(artifact: str) -> Any:
        if artifact not in chosen:
            return {}
        try:
            return parse_json(files[chosen[artifact]], chosen[artifact]).value
        except InputError:
            return {}

    definition, properties = read(API_DEFINITION), read(API_PROPERTIES)
    host = definition.get("host") if isinstance(definition, dict) else None
    props = properties.get("properties") if isinstance(properties, dict) else None
    publisher = props.get("publisher") if isinstance(props, dict) else None
    return (
        host.strip().lower() if isinstance(host, str) else "",
        publisher.strip().lower() if isinstance(publisher, str) else "",
    )


def _same_connector(existing: dict[str, bytes], ours: dict[str, bytes]) -> bool:
    """The folder holds this connector (an update) when it talks to the same host or comes
    from the same publisher; anything else is someone else's connector of the same name."""
    (old_host, old_publisher), (host, publisher) = _identity(existing), _identity(ours)
    return bool((host and host == old_host) or (publisher and publisher == old_publisher))


def _different(target: Path, existing: dict[str, bytes], ours: dict[str, bytes]) -> str:
    if not existing:
        return (
            f"{target} already exists and holds no connector files; choose another --name, "
            "or --force to write into it."
        )
    (old_host, old_publisher), (host, publisher) = _identity(existing), _identity(ours)
    return (
        f"{target} holds a different connector (host {old_host or '?'}, publisher "
        f"{old_publisher or '?'}; yours: host {host or '?'}, publisher {publisher or '?'}). "
        "Choose another --name, or --force to replace its files with yours."
    )


def _keep_existing_case(ours: dict[str, bytes], existing: dict[str, bytes]) -> dict[str, bytes]:
    """An update keeps the names the folder already uses (Readme.md stays Readme.md), so the
    pull request changes the file instead of adding a second one that case-insensitive file
    systems cannot hold next to it."""
    by_lower = {n.lower(): n for n in existing}
    return {by_lower.get(n.lower(), n): data for n, data in ours.items()}


# ---------------------------------------------------------------- the submission package


def _plan_zip(out: Path, files: dict[str, bytes], profile: Profile, force: bool) -> _ZipPlan:
    if out.suffix.lower() != ".zip":
        raise UsageError(f"--zip {out}: the package's name must end in .zip.")
    if out.is_dir():
        raise InputError(f"--zip {out} is a folder; give the path of the .zip file to write.")
    entries = submission_files(files, profile)
    data = build_zip(entries)
    verb = "create"
    if out.exists():
        try:
            current = out.read_bytes()
        except OSError as exc:
            raise InputError(f"--zip {out} cannot be read: {exc.strerror or exc}.") from exc
        if current == data:
            verb = "identical"
        elif not force:
            raise InputError(f"{out} exists; use --force to replace it.")
        else:
            verb = "overwrite"
    return _ZipPlan(data, SubmissionZip(out, tuple(sorted(entries)), len(data), verb))
