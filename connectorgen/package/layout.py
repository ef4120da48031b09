"""What goes where in Microsoft's connector repository and in the submission package: pure
functions from a connector folder's files (name -> bytes) to the files to write.

Every choice below is written down with its source in docs/package.md. In short:

- the repository folder is ``<top>/<Name>/``, ``<top>`` by profile (R-README, FILES-FOLDER);
- it holds apiDefinition.swagger.json, apiProperties.json and readme.md (R-README "Files to
  Include"; the templates' names), script.csx when there is one;
- certified connectors also carry icon.png and a settings.json (CS Step 4 artifact table,
  FILES-SET); the settings.json names the files only, since connectorId and environment name
  the author's own environment ("no sensitive or specific information", R-README);
- independent publishers submit no icon (ICON-IP-NONE);
- config.json, config.schema.json and INTRO.md never go to the repository (none of the 46
  accepted corpus folders holds one); INTRO.md goes into the submission package as intro.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..connector.files import pick_files
from ..core.diagnostics import InputError
from ..core.jsonio import dump_json
from ..core.platform import (
    API_DEFINITION,
    API_PROPERTIES,
    CONFIG_NAME,
    CONFIG_SCHEMA_NAME,
    ICON,
    INTRO,
    README,
    REPOSITORY_FOLDERS,
    SCRIPT,
    SETTINGS,
    STATE_NAME,
    Profile,
)

# The names the repository uses, by role (the templates' names: R-TPL-C, R-TPL-IP).
REPOSITORY_NAMES = {
    API_DEFINITION: "apiDefinition.swagger.json",
    API_PROPERTIES: "apiProperties.json",
    README: "readme.md",
    SCRIPT: "script.csx",
    ICON: "icon.png",
    SETTINGS: "settings.json",
}
INTRO_NAME = "intro.md"  # the package's name for it (CPE 5000.1.1.5, R-PKG)
TOP_FOLDERS: dict[str, str] = {profile: top for top, profile in REPOSITORY_FOLDERS.items()}

_WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_WINDOWS_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(\..*)?$", re.IGNORECASE)


def folder_name(name: str) -> str:
    """``name`` as a folder of the repository, or InputError: it must be one folder name that
    every operating system can check out (the repository is cloned on Windows too)."""
    cleaned = name.strip()
    problem = None
    if not cleaned:
        problem = "it is empty"
    elif cleaned in (".", "..") or cleaned.startswith("."):
        problem = "it starts with a dot"
    elif _WINDOWS_FORBIDDEN.search(cleaned):
        problem = 'it holds a character a folder name cannot (< > : " / \\ | ? * or a control one)'
    elif cleaned.endswith("."):
        problem = "Windows drops a trailing dot"
    elif _WINDOWS_RESERVED.match(cleaned):
        problem = "Windows reserves that name"
    if problem:
        raise InputError(
            f"'{name}' cannot be the connector's folder name: {problem}. Give one with --name "
            "(the repository usually uses the connector's title, e.g. 'Contoso Invoices')."
        )
    return cleaned


def repository_files(files: Mapping[str, bytes], profile: Profile) -> dict[str, bytes]:
    """Repository name -> bytes, for a connector folder's files (name -> bytes)."""
    chosen = pick_files(list(files))
    if API_DEFINITION not in chosen or API_PROPERTIES not in chosen:
        missing = [
            n
            for a, n in (
                (API_DEFINITION, "an API definition"),
                (API_PROPERTIES, "apiProperties.json"),
            )
            if a not in chosen
        ]
        raise InputError(f"The connector folder has no {' and no '.join(missing)}.")
    roles = [API_DEFINITION, API_PROPERTIES, README, SCRIPT]
    if profile != "independent-publisher":
        roles.append(ICON)
    out = {REPOSITORY_NAMES[r]: files[chosen[r]] for r in roles if r in chosen}
    if profile == "certified":
        out[REPOSITORY_NAMES[SETTINGS]] = settings_for(out)
    return out


def settings_for(files: Mapping[str, bytes]) -> bytes:
    """settings.json naming the files (what `paconn download` writes, less the author's
    connectorId, environment and service URLs)."""
    value = {
        "apiProperties": REPOSITORY_NAMES[API_PROPERTIES],
        "apiDefinition": REPOSITORY_NAMES[API_DEFINITION],
    }
    if REPOSITORY_NAMES[ICON] in files:
        value["icon"] = REPOSITORY_NAMES[ICON]
    if REPOSITORY_NAMES[SCRIPT] in files:
        value["script"] = REPOSITORY_NAMES[SCRIPT]
    return dump_json(value)


def left_out(names: list[str], profile: Profile) -> list[str]:
    """What of a connector folder's files (all its file names) stays out, and why."""
    chosen = pick_files(names)
    reasons = []
    lower = {name.lower(): name for name in names}
    if CONFIG_NAME in lower:
        reasons.append(f"{lower[CONFIG_NAME]}: generate's input, not a connector file")
    if CONFIG_SCHEMA_NAME in lower:
        reasons.append(f"{lower[CONFIG_SCHEMA_NAME]}: the schema of config.json")
    if STATE_NAME in names:
        reasons.append(f"{STATE_NAME}: generate's record of its last run, not a connector file")
    if INTRO in chosen:
        reasons.append(
            f"{chosen[INTRO]}: it belongs in the certification package (package --zip), "
            "not the repository"
        )
    if ICON in chosen and profile == "independent-publisher":
        reasons.append(
            f"{chosen[ICON]}: independent publishers submit no icon (a generic one is applied)"
        )
    if SETTINGS in chosen:
        reasons.append(
            f"{chosen[SETTINGS]}: it holds your connectorId and environment"
            + (
                " (a settings.json naming only the files is written instead)"
                if profile == "certified"
                else ""
            )
        )
    return reasons


def submission_files(files: Mapping[str, bytes], profile: Profile) -> dict[str, bytes]:
    """The submission package's files: intro.md and the connector files, at the root.

    readme.md stays out: the package's root holds exactly one Markdown file, intro.md
    (R-PKG level 1 counts *.md files).
    """
    chosen = pick_files(list(files))
    if INTRO not in chosen:
        raise InputError(
            "The connector folder has no INTRO.md, which the certification package must hold "
            "as intro.md (CPE 5000.1.1.5): `connectorgen generate` writes it."
        )
    out = repository_files(files, profile)
    out.pop(REPOSITORY_NAMES[README], None)
    out[INTRO_NAME] = files[chosen[INTRO]]
    return out
