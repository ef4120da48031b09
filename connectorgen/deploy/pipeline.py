"""deploy(): a connector folder in, a connector in a Power Platform environment out. No printing.

Two steps, so that the CLI can show the command before it runs:

- ``prepare`` reads the folder, chooses the tool and the action, and refuses up front, with the
  fix, everything the tool would otherwise ask for or fail on. It changes nothing (--dry-run
  stops here);
- ``execute`` runs the tool in a temporary copy of the folder and writes ``connectorId`` and
  ``environment`` back into settings.json.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.diagnostics import InputError, UsageError
from .commands import TOOLS, Action, Invocation, Request, Tool, invocation
from .folder import POWERAPPS_URL, POWERAPPS_VERSION, DeployFolder, load_folder
from .runner import INSTALL as INSTALL_ADVICE
from .runner import (
    failed,
    failure,
    find_tool,
    interpreter_of,
    run,
    staged_copy,
    staged_names,
    tool_missing,
)
from .state import save_state

GUID = re.compile(r"^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")
# paconn prints "<id> created successfully." (commands/create.py); pac prints
# "Connector created with ID <guid>" (as users' published logs show).
_PACONN_CREATED = re.compile(r"^(\S+) created successfully\.?\s*$", re.M)
_PAC_CREATED = re.compile(
    r"created with ID\s+([0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12})"
)
SECURITY_TAB = "the connector's Security tab in the maker portal (Custom connectors > Edit)"


@dataclass(frozen=True)
class DeployPlan:
    folder: DeployFolder
    tool: Tool
    executable: str
    request: Request
    invocation: Invocation
    notes: tuple[str, ...]
    secret: str | None = field(default=None, repr=False)

    @property
    def action(self) -> Action:
        return self.request.action

    @property
    def environment(self) -> str:
        return self.request.environment

    @property
    def command(self) -> str:
        """The command line, secret masked, as it runs in the temporary copy of the folder."""
        return self.invocation.display


@dataclass(frozen=True)
class DeployResult:
    plan: DeployPlan
    connector_id: str | None
    output: str  # the tool's output, secret replaced
    settings_written: bool
    notes: tuple[str, ...] = ()


def prepare(
    path: str | Path,
    *,
    tool: Tool | None = None,
    environment: str | None = None,
    secret: str | None = None,
    solution: str | None = None,
    create: bool = False,
    dry_run: bool = False,
) -> DeployPlan:
    """Everything short of running the tool. Raises InputError/UsageError with the fix.

    For a dry run the tool need not be installed: the plan names it as it would run.
    """
    if tool is not None and tool not in TOOLS:
        raise UsageError(f"unknown tool '{tool}'; choose one of: {', '.join(TOOLS)}.")
    folder = load_folder(Path(path))
    action: Action = "create" if create or not folder.connector_id else "update"
    env = _environment(folder, environment, action)
    chosen, executable = _choose_tool(tool, folder, action, secret, solution, dry_run)
    _refuse_what_fails(chosen, folder, action, env, secret, solution)
    notes = _notes(chosen, folder, action, secret, create)
    if executable == chosen and find_tool(chosen) is None:
        notes.append(f"{chosen} is not on PATH: the command is shown as it would run once it is.")
    passed = secret if chosen == "paconn" and folder.needs_client_secret else None
    interpreter = interpreter_of(executable) if passed else None
    request = Request(
        chosen,
        action,
        env,
        staged_names(folder),
        connector_id=folder.connector_id if action == "update" else None,
        solution=solution,
        powerapps_url=folder.setting(POWERAPPS_URL) if chosen == "paconn" else None,
        powerapps_version=folder.setting(POWERAPPS_VERSION) if chosen == "paconn" else None,
    )
    call = invocation(request, executable, interpreter, passed)
    if call.secret_channel == "argv":
        notes.append(
            "paconn's Python could not be found from its launcher, so the client secret is "
            "passed on paconn's command line, where other local processes can see it."
        )
    return DeployPlan(folder, chosen, executable, request, call, tuple(notes), passed)


def execute(plan: DeployPlan) -> DeployResult:
    """Run the tool in a temporary copy of the folder; save the connector's id and environment."""
    notes = list(plan.notes)
    with staged_copy(plan.folder) as (staging, names):
        if names != plan.request.files:  # the plan was made for the same folder
            raise RuntimeError("staged file names differ from the planned ones")
        ran = run(plan.invocation, staging, plan.secret)
        if plan.action == "create":
            connector_id = _created_id(plan.tool, staging, ran.output)
        else:
            connector_id = plan.request.connector_id
        if failed(plan.tool, ran):
            error = failure(plan.tool, plan.action, ran)
            if plan.action == "create" and connector_id:
                # It failed after the connector was made: keep its id, or the next run
                # would make a duplicate.
                save_state(plan.folder, connector_id, plan.environment)
                error = InputError(
                    f"{error.message} The connector {connector_id} was created all the same; "
                    "settings.json now holds its id, so the next deploy updates it.",
                    detail=error.detail,
                )
            raise error
    if plan.action == "create" and not connector_id:
        notes.append(
            f"{plan.tool} did not report the new connector's id, so settings.json has no "
            "connectorId: find it (`pac connector list --environment "
            f"{plan.environment}`) and add it, or the next deploy creates another connector."
        )
    written = save_state(plan.folder, connector_id, plan.environment)
    return DeployResult(plan, connector_id, ran.output, written, tuple(notes))


def deploy(
    path: str | Path,
    *,
    tool: Tool | None = None,
    environment: str | None = None,
    secret: str | None = None,
    solution: str | None = None,
    create: bool = False,
) -> DeployResult:
    """Create or update the connector in ``path`` (prepare, then execute)."""
    plan = prepare(
        path, tool=tool, environment=environment, secret=secret, solution=solution, create=create
    )
    return execute(plan)


# ---------------------------------------------------------------- choices and refusals


def _environment(folder: DeployFolder, given: str | None, action: Action) -> str:
    saved = folder.environment
    given = given.strip() if given and given.strip() else None
    if given is None and saved is None:
        raise InputError(
            "No environment is known: pass --environment <environment id> (for example "
            "Default-<tenant guid>; `pac env list` lists them, and the maker portal shows the id "
            f'in its address), or set "environment" in {folder.settings_path}.'
        )
    if action == "update" and given and saved and given.lower() != saved.lower():
        raise InputError(
            f"settings.json's connector {folder.connector_id} lives in environment {saved}, "
            f"not {given}. To put a new copy of the connector into {given}, add --create "
            "(settings.json then follows the new one); to update the existing one, leave out "
            "--environment."
        )
    return given or str(saved)


def _choose_tool(
    requested: Tool | None,
    folder: DeployFolder,
    action: Action,
    secret: str | None,
    solution: str | None,
    dry_run: bool = False,
) -> tuple[Tool, str]:
    if requested is not None:
        found = find_tool(requested)
        if found is None:
            if dry_run:
                return requested, requested
            raise tool_missing(requested)
        return requested, found
    available = {tool: path for tool in TOOLS if (path := find_tool(tool))}
    if not available and dry_run:
        first = _preference(folder, action, secret, solution)[0]
        return first, first
    if not available:
        raise InputError(
            f"Neither paconn nor pac is on PATH. Either {INSTALL_ADVICE['paconn']}; or "
            f"{INSTALL_ADVICE['pac']}."
        )
    for tool in _preference(folder, action, secret, solution):
        if tool in available:
            return tool, available[tool]
    raise AssertionError("unreachable: every tool is in the preference order")


def _preference(
    folder: DeployFolder, action: Action, secret: str | None, solution: str | None
) -> tuple[Tool, Tool]:
    """Which tool fits: the one that made the connector (pac ids are Dataverse GUIDs, paconn's
    are names like shared_...), pac for --solution, else paconn, the one that takes a client
    secret and that connectorgen's tests run for real."""
    connector_id = folder.connector_id if action == "update" else None
    if connector_id:
        return ("pac", "paconn") if GUID.match(connector_id) else ("paconn", "pac")
    if solution and not (secret and folder.needs_client_secret):
        return ("pac", "paconn")
    return ("paconn", "pac")


def _refuse_what_fails(
    tool: Tool,
    folder: DeployFolder,
    action: Action,
    environment: str,
    secret: str | None,
    solution: str | None,
) -> None:
    if tool == "pac":
        _refuse_for_pac(folder, action, secret)
    else:
        _refuse_for_paconn(folder, action, environment, secret, solution)


def _refuse_for_pac(folder: DeployFolder, action: Action, secret: str | None) -> None:
    if secret is not None and folder.needs_client_secret:
        raise UsageError(
            "pac connector create/update take no client secret: deploy with --tool paconn, or "
            f"leave the secret out and enter it on {SECURITY_TAB}."
        )
    connector_id = folder.connector_id
    if action == "update" and connector_id and not GUID.match(connector_id):
        raise InputError(
            f"settings.json's connectorId {connector_id} is not a GUID: paconn made that "
            "connector, and pac names connectors by their Dataverse GUID "
            "(`pac connector list`). Deploy with --tool paconn, or add --create to make a new "
            "connector with pac."
        )


def _refuse_for_paconn(
    folder: DeployFolder,
    action: Action,
    environment: str,
    secret: str | None,
    solution: str | None,
) -> None:
    if solution is not None:
        raise UsageError("--solution is for pac; paconn cannot add a connector to a solution.")
    if "://" in environment:
        raise InputError(
            f"paconn takes the environment id (such as Default-<guid>), not a URL: {environment}."
        )
    if action == "create" and folder.needs_client_secret and secret is None:
        raise InputError(
            "This connector signs in with OAuth, and paconn creates it only with the OAuth "
            "app's client secret: give it with --secret-env VARIABLE (the name of an environment "
            "variable holding it) or --secret-stdin (piped in). It is never written to a file."
        )
    info = folder.definition.get("info")
    needed = ("title", "description") if action == "create" else ("description",)
    missing = [k for k in needed if not isinstance(info, dict) or not isinstance(info.get(k), str)]
    if missing:
        # paconn reads info.title and info.description unguarded and crashes without them.
        raise InputError(
            f"API definition {folder.files['apiDefinition']} has no "
            f"{' or '.join('info.' + k for k in missing)}; paconn needs it. Add it (generate "
            "copies docs.summary into info.description when it is missing)."
        )


def _notes(
    tool: Tool, folder: DeployFolder, action: Action, secret: str | None, create: bool
) -> list[str]:
    notes = []
    if folder.has_stack_owner:
        why = (
            "paconn's create and update fail with InvalidRequestContent on it"
            if tool == "paconn"
            else "the service refuses it from paconn, and pac's handling is not documented"
        )
        notes.append(
            f"apiProperties.json's stackOwner is left out of what is uploaded ({why}); the "
            "folder keeps it for certification."
        )
    if create and folder.connector_id:
        notes.append(
            f"--create: settings.json's connector {folder.connector_id} is left as it is in "
            f"{folder.environment or 'its environment'}; settings.json will name the new one."
        )
    if tool == "pac" and folder.needs_client_secret:
        notes.append(f"pac takes no client secret: enter it on {SECURITY_TAB}.")
    if secret is not None and not folder.needs_client_secret:
        notes.append("The connector has no OAuth client secret parameter; the secret is not used.")
    if tool == "paconn" and action == "update" and folder.needs_client_secret and secret is None:
        notes.append(
            "No client secret given: the update sends none. Give --secret-env or --secret-stdin "
            "to set the OAuth app's secret again."
        )
    return notes


def _created_id(tool: Tool, staging: Path, output: str) -> str | None:
    if tool == "paconn":
        # paconn writes settings.json with the new id into the folder it runs in.
        try:
            value = json.loads((staging / "settings.json").read_text(encoding="utf-8"))
            if isinstance(value, dict) and isinstance(value.get("connectorId"), str):
                return str(value["connectorId"])
        except (OSError, ValueError):
            pass
        match = _PACONN_CREATED.search(output)
    else:
        match = _PAC_CREATED.search(output)
    return match.group(1) if match else None
