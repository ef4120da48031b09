"""Running paconn or pac: finding them, the temporary copy they run in, and what their
failures mean. The only module of deploy that starts a process or writes a temporary file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.diagnostics import InputError
from ..core.secrets import redact
from .commands import Invocation, StagedFiles, Tool
from .folder import DeployFolder

PAC_DOCS = "https://learn.microsoft.com/power-platform/developer/cli/introduction"
PACONN_DOCS = "https://learn.microsoft.com/connectors/custom-connectors/paconn-cli"

INSTALL = {
    # paconn pins old versions of about 50 packages (pylint and pytest among them), so it
    # gets an environment of its own (deploy.md).
    "paconn": "install paconn in a virtual environment of its own, since it pins old versions "
    "of about 50 packages: `pipx install paconn`, or `python -m venv ~/.paconn-venv` and "
    "`~/.paconn-venv/bin/pip install paconn` with that bin folder on PATH; then sign in with "
    f"`paconn login` ({PACONN_DOCS})",
    "pac": "install the Power Platform CLI: `dotnet tool install --global "
    "Microsoft.PowerApps.CLI.Tool` (or the Power Platform Tools extension for VS Code), then "
    f"sign in with `pac auth create --environment <environment>` ({PAC_DOCS})",
}
SIGN_IN = {"paconn": "paconn login", "pac": "pac auth create --environment <environment>"}

# What the tools say when nobody is signed in. paconn: its token manager ("Access token
# invalid. Please login again.") and HTTP 401 from the service. pac: users' logs show
# "No profiles were found on this computer. Please run 'pac auth create' to create one."
_SIGNED_OUT = {
    "paconn": re.compile(r"Access token invalid|Please login|401 Client Error|Unauthorized", re.I),
    "pac": re.compile(
        r"No profiles were found|pac auth create|not authenticated|Unauthorized", re.I
    ),
}
# pac reports some errors on stdout with exit code 0; such a line starts with "Error:".
_PAC_ERROR_LINE = re.compile(r"^\s*Error:", re.M)


@dataclass(frozen=True)
class ToolRun:
    returncode: int
    output: str  # stdout and stderr as they came, with the secret replaced


def find_tool(tool: Tool) -> str | None:
    return shutil.which(tool)


def tool_missing(tool: Tool) -> InputError:
    return InputError(f"{tool} is not on PATH: {INSTALL[tool]}.")


def interpreter_of(executable: str) -> str | None:
    """The Python that runs a pip-installed paconn script, or None when it cannot be told.

    pip and pipx write console scripts whose first line is ``#!/abs/path/to/python``; on
    Windows they are .exe launchers beside the environment's python.exe.
    """
    path = Path(executable)
    try:
        with open(path, "rb") as handle:
            head = handle.read(512)
    except OSError:
        return None
    if head.startswith(b"#!"):
        line = head[2:].split(b"\n", 1)[0].decode("utf-8", "replace").strip()
        # "/usr/bin/env python3" names no particular Python: paconn may not be in it.
        if " " in line or not Path(line).is_absolute() or not Path(line).name.startswith("python"):
            return None
        return line if Path(line).is_file() else None
    if path.suffix.lower() == ".exe":
        sibling = path.with_name("python.exe")
        return str(sibling) if sibling.is_file() else None
    return None


@contextmanager
def staged_copy(folder: DeployFolder) -> Iterator[tuple[Path, StagedFiles]]:
    """A private temporary folder holding what the tool uploads; removed afterwards.

    - apiProperties.json without ``stackOwner``: paconn's create and update fail with
      InvalidRequestContent when it is there (PROPS-PACONN-STACKOWNER), while certification
      requires it, so the connector folder keeps it and only the copy loses it;
    - the JSON files as plain ASCII (``\\u`` escapes), without a BOM and without the comments a
      lenient reader accepted: paconn reads them with the system code page and fails on a BOM
      (deploy.md);
    - the tool's own writes (paconn's settings.json after a create) land here, not in the
      user's folder: connectorgen writes settings.json back itself.
    """
    staging = Path(tempfile.mkdtemp(prefix="connectorgen-deploy-"))
    try:
        names = stage_files(folder, staging)
        yield staging, names
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def stage_files(folder: DeployFolder, staging: Path) -> StagedFiles:
    props = dict(folder.properties["properties"])
    props.pop("stackOwner", None)
    _write_ascii_json(staging / "apiProperties.json", {**folder.properties, "properties": props})
    _write_ascii_json(staging / "apiDefinition.swagger.json", folder.definition)
    icon = script = None
    if "icon" in folder.files:
        icon = folder.files["icon"].name
        shutil.copyfile(folder.files["icon"], staging / icon)
    if "script" in folder.files:
        script = "script.csx"
        shutil.copyfile(folder.files["script"], staging / script)
    return StagedFiles("apiProperties.json", "apiDefinition.swagger.json", icon, script)


def staged_names(folder: DeployFolder) -> StagedFiles:
    """The names stage_files uses, without writing anything (for --dry-run)."""
    icon = folder.files["icon"].name if "icon" in folder.files else None
    script = "script.csx" if "script" in folder.files else None
    return StagedFiles("apiProperties.json", "apiDefinition.swagger.json", icon, script)


def _write_ascii_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, indent=2, ensure_ascii=True) + "\n", encoding="ascii")


def run(invocation: Invocation, cwd: Path, secret: str | None) -> ToolRun:
    """Run the tool with stdin closed, so that any prompt fails at once instead of waiting."""
    env = {**os.environ, **invocation.env}
    try:
        completed = subprocess.run(
            list(invocation.argv),
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            check=False,
        )
    except OSError as exc:
        raise InputError(
            f"{invocation.display.split()[0]} could not be started: {exc.strerror or exc}."
        ) from exc
    output = completed.stdout.decode("utf-8", "replace")
    return ToolRun(completed.returncode, redact(output, secret))


def failed(tool: Tool, run_: ToolRun) -> bool:
    return run_.returncode != 0 or (tool == "pac" and bool(_PAC_ERROR_LINE.search(run_.output)))


def failure(tool: Tool, action: str, run_: ToolRun) -> InputError:
    """The tool failed: its own message, and the fix when it is a sign-in problem."""
    detail = "\n".join(f"  {line}" for line in run_.output.strip().splitlines()) or "  (no output)"
    said = f"{tool} said:\n{detail}"
    if _SIGNED_OUT[tool].search(run_.output):
        return InputError(
            f"{tool} is not signed in, or its sign-in expired: run `{SIGN_IN[tool]}`, then "
            "deploy again.",
            detail=said,
        )
    return InputError(f"{tool} {action} failed (exit code {run_.returncode}).", detail=said)
