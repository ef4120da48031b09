"""What a run leaves for the next one in the output folder, and what it finds there.

- ``.connectorgen.json`` (platform.STATE_NAME) records the profile and ignore list generate
  checked the output with, so that ``connectorgen check`` on the folder applies the same rule
  set (connector/files.folder_config reads it), and the digest of every file written, so that
  a file edited by hand since is noticed before ``--force`` replaces it.
- settings.json may hold what a deploy saved (``paconn create -w`` writes connectorId and
  environment into it; ``update`` prompts without them): those values are kept.

Why a file of its own: Microsoft's paconn-settings.schema.json has ``additionalProperties:
false``, so a profile key in settings.json would be an error in every editor that uses it,
and pac's reading of settings.json is not documented. paconn and pac read only the files
settings.json names, so a dot-file beside them changes nothing for either.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.diagnostics import Diagnostic, InputError
from ..core.jsonio import dump_json, parse_json
from ..core.platform import (
    API_DEFINITION,
    API_PROPERTIES,
    DEPLOY_SETTINGS,
    ICON,
    INTRO,
    OUTPUT_NAMES,
    README,
    SCRIPT,
    SETTINGS,
    STATE_NAME,
)
from ..core.writer import FileAction, digest
from .config import Config

STATE_FORMAT = 1


@dataclass(frozen=True)
class State:
    profile: str | None = None
    ignore: tuple[str, ...] = ()
    files: dict[str, str] = field(default_factory=dict)  # name -> digest


def state_bytes(files: Mapping[str, bytes], profile: str, ignore: Iterable[str]) -> bytes:
    """The record of this run; the same inputs give the same bytes."""
    return dump_json(
        {
            "generator": "connectorgen",
            "format": STATE_FORMAT,
            "profile": profile,
            "ignore": sorted(ignore),
            "files": {name: digest(files[name]) for name in sorted(files)},
        }
    )


def read_state(data: bytes | None) -> State:
    """The last run's record; an unreadable one is treated as absent (it is only a record:
    without it, edits cannot be told from generated text, which is the state before it)."""
    if data is None:
        return State()
    try:
        value = parse_json(data, STATE_NAME).value
    except InputError:
        return State()
    if not isinstance(value, dict):
        return State()
    files = value.get("files")
    ignore = value.get("ignore")
    profile = value.get("profile")
    return State(
        profile if isinstance(profile, str) else None,
        tuple(i for i in ignore if isinstance(i, str)) if isinstance(ignore, list) else (),
        {k: v for k, v in files.items() if isinstance(v, str)} if isinstance(files, dict) else {},
    )


# ---------------------------------------------------------------- hand edits

# Where a change to each generated file belongs so that generate writes it every time.
_KEEP_IT_IN = {
    README: "Move your text into config.json's docs.* keys (summary, prerequisites, "
    "obtainingCredentials, gettingStarted, knownIssues, faq, deploymentInstructions)",
    INTRO: "Move your text into config.json's docs.* keys (summary, prerequisites, "
    "obtainingCredentials, gettingStarted, knownIssues, faq)",
    API_DEFINITION: "Make the change in the API definition config.json names (apiDefinition)",
    API_PROPERTIES: "Make the change through config.json (publisher, stackOwner, capabilities, "
    "iconBrandColor, oauth2.*, connectionParameters, policies) or the API definition's "
    "securityDefinitions",
    ICON: "Point config.json's icon at the logo you want",
    SCRIPT: "Keep your script in a file of its own and name it in config.json's script.path",
}
_ROLE_BY_NAME = {name.lower(): role for role, name in OUTPUT_NAMES.items()}
_ROLE_BY_NAME["apidefinition.swagger.json"] = API_DEFINITION


def recorded_digests(state: State) -> dict[str, str]:
    """The digests to compare with: settings.json is left out, since deploys rewrite it (its
    deploy values are kept, see kept_settings)."""
    return {k: v for k, v in state.files.items() if k != OUTPUT_NAMES[SETTINGS]}


def hand_edits(actions: list[FileAction], out: Path, dry_run: bool) -> list[Diagnostic]:
    """A warning per file that changed since the last run and that this run replaces."""
    notes = []
    for action in actions:
        if not action.edited:
            continue
        role = _ROLE_BY_NAME.get(action.name.lower())
        advice = _KEEP_IT_IN.get(role or "", "Make the change in config.json or its inputs")
        when = "would replace" if dry_run else "replaced"
        notes.append(
            Diagnostic(
                "warning",
                "hand-edited",
                f"{action.name} was changed after connectorgen wrote it, and this run {when} "
                f"it. {advice}, so that generate keeps it.",
                file=str(out / action.name),
            )
        )
    return notes


# ---------------------------------------------------------------- settings.json


def kept_settings(
    data: bytes | None, path: Path, config: Config
) -> tuple[dict[str, str], list[Diagnostic]]:
    """settings.json values for this run: config.json's, else what the folder's settings.json
    saved from a deploy (DEPLOY_SETTINGS), with a note saying which were kept."""
    given = {key: config.get("settings", key) for key in DEPLOY_SETTINGS}
    saved, notes = _saved_settings(data, path)
    values: dict[str, str] = {}
    kept, replaced = [], []
    for key in DEPLOY_SETTINGS:
        mine, theirs = given.get(key), saved.get(key)
        if mine:
            values[key] = mine
            if theirs and theirs != mine:
                replaced.append(f"{key} {theirs} by config.json's {mine}")
        elif theirs:
            values[key] = theirs
            kept.append(key)
    if kept or replaced:
        parts = [
            f"kept {', '.join(kept)} from it" if kept else "",
            f"replaced {'; '.join(replaced)}" if replaced else "",
        ]
        notes.append(
            Diagnostic(
                "info",
                "settings-kept",
                "settings.json in the output folder holds values a deploy saved: "
                + " and ".join(p for p in parts if p)
                + ".",
                file=str(path),
            )
        )
    return values, notes


def _saved_settings(data: bytes | None, path: Path) -> tuple[dict[str, str], list[Diagnostic]]:
    if data is None:
        return {}, []
    problem = None
    try:
        value: Any = parse_json(data, str(path), "settings file").value
    except InputError as exc:
        value, problem = None, exc.message
    if problem is None and not isinstance(value, dict):
        problem = "it does not hold a JSON object"
    if problem is None:
        bad = [k for k in DEPLOY_SETTINGS if k in value and not isinstance(value[k], str | None)]
        if bad:
            problem = f"{', '.join(bad)} must be strings"
    if problem is not None:
        return {}, [
            Diagnostic(
                "warning",
                "settings-unreadable",
                f"the settings.json in the output folder cannot be used ({problem}), so the "
                "values a deploy may have saved in it (connectorId, environment) are not kept; "
                "set them in config.json's settings if the connector exists already.",
                file=str(path),
            )
        ]
    return {k: value[k] for k in DEPLOY_SETTINGS if isinstance(value.get(k), str) and value[k]}, []
