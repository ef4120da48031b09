"""The command lines of paconn and pac, as pure functions: a request in, what to execute out.

Nothing here runs or reads anything. The runner resolves the executable (and, for paconn, the
Python interpreter behind it), stages the files and executes the ``Invocation`` with stdin
closed. Sources: paconn 0.0.21's own ``--help`` and source (deploy.md); pac: Microsoft's
reference https://learn.microsoft.com/power-platform/developer/cli/reference/connector.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, get_args

Tool = Literal["paconn", "pac"]
TOOLS: tuple[Tool, ...] = get_args(Tool)
Action = Literal["create", "update"]
SecretChannel = Literal["environment", "argv"]

MASK = "********"
# The environment variable that carries the client secret into paconn's own process.
SECRET_ENV = "CONNECTORGEN_CLIENT_SECRET"

# paconn takes the client secret only as `--secret VALUE`, and a command line can be listed by
# any local user (ps, /proc/PID/cmdline). So when paconn's interpreter is known, connectorgen
# runs paconn's entry point through it and appends the secret to sys.argv inside that process:
# the secret travels in the environment, which only the same user (and administrators) can read.
PACONN_BOOTSTRAP = (
    "import os, sys; "
    f"secret = os.environ.pop({SECRET_ENV!r}); "
    "sys.argv = ['paconn', *sys.argv[1:], '--secret', secret]; "
    "from paconn.__main__ import main; main()"
)


@dataclass(frozen=True)
class StagedFiles:
    """The file names in the folder the tool runs in (a temporary copy of the connector)."""

    api_properties: str
    api_definition: str
    icon: str | None = None
    script: str | None = None


@dataclass(frozen=True)
class Request:
    """What to deploy, as far as the command line is concerned."""

    tool: Tool
    action: Action
    environment: str
    files: StagedFiles
    connector_id: str | None = None  # required for update
    solution: str | None = None  # pac only
    powerapps_url: str | None = None  # paconn only (settings.json powerAppsUrl)
    powerapps_version: str | None = None  # paconn only (settings.json powerAppsApiVersion)


@dataclass(frozen=True)
class Invocation:
    """What the runner executes. ``argv`` and ``env`` may hold the secret: never print them;
    ``display`` is the command as a user would type it, with the secret masked."""

    argv: tuple[str, ...] = field(repr=False)
    env: Mapping[str, str] = field(repr=False)
    display: str
    secret_channel: SecretChannel | None  # how the secret reaches the tool, if at all


def tool_args(request: Request) -> list[str]:
    """The tool's arguments (without the executable and without any secret)."""
    if request.action == "update" and not request.connector_id:
        raise ValueError("an update needs the connector id")
    return _paconn_args(request) if request.tool == "paconn" else _pac_args(request)


def _paconn_args(request: Request) -> list[str]:
    # Never --settings: with it paconn ignores --env and prompts for a missing environment
    # (its own help; deploy.md "Prompts").
    args = [request.action, "--env", request.environment]
    if request.action == "update":
        args += ["--cid", str(request.connector_id)]
    files = request.files
    args += ["--api-prop", files.api_properties, "--api-def", files.api_definition]
    if files.icon:
        args += ["--icon", files.icon]
    if files.script:
        args += ["--script", files.script]
    if request.powerapps_url:
        args += ["--pau", request.powerapps_url]
    if request.powerapps_version:
        args += ["--pav", request.powerapps_version]
    if request.action == "create":
        # After creating, paconn writes settings.json and asks before replacing one: without
        # a terminal that crashes after the connector exists, losing its id (deploy.md).
        args.append("-w")
    return args


def _pac_args(request: Request) -> list[str]:
    args = ["connector", request.action, "--environment", request.environment]
    if request.action == "update":
        args += ["--connector-id", str(request.connector_id)]
    files = request.files
    args += [
        "--api-definition-file",
        files.api_definition,
        "--api-properties-file",
        files.api_properties,
    ]
    if files.icon:
        args += ["--icon-file", files.icon]
    if files.script:
        args += ["--script-file", files.script]
    if request.solution:
        args += ["--solution-unique-name", request.solution]
    return args


def invocation(
    request: Request, executable: str, interpreter: str | None = None, secret: str | None = None
) -> Invocation:
    """The argv, environment and display line for ``request``.

    ``interpreter`` is the Python that runs paconn (from its script's first line); with it the
    secret goes through the environment, without it onto paconn's command line (the only
    other way paconn takes it).
    """
    args = tool_args(request)
    env: dict[str, str] = {}
    if request.tool == "paconn":
        env["PYTHONUTF8"] = "1"  # paconn opens the JSON files with the default encoding
    shown = [request.tool, *args]
    if secret is None:
        return Invocation((executable, *args), env, shlex.join(shown), None)
    if request.tool != "paconn":
        raise ValueError("only paconn takes a client secret")
    shown += ["--secret", MASK]
    if interpreter:
        env[SECRET_ENV] = secret
        argv = (interpreter, "-c", PACONN_BOOTSTRAP, *args)
        return Invocation(argv, env, shlex.join(shown), "environment")
    return Invocation((executable, *args, "--secret", secret), env, shlex.join(shown), "argv")
