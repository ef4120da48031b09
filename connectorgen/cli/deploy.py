"""connectorgen deploy."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from ..core.diagnostics import InputError, UsageError
from .output import fail_input, fail_usage, isatty

if TYPE_CHECKING:
    from ..deploy import DeployPlan, DeployResult


def deploy(
    directory: Annotated[
        Path,
        typer.Argument(metavar="DIR", help="The connector folder (default: the current one)."),
    ] = Path("."),
    tool: Annotated[
        Literal["paconn", "pac"] | None,
        typer.Option(
            "--tool",
            help="The CLI to deploy with. Default: the one that made the connector, else "
            "paconn, else pac (whichever is on PATH).",
        ),
    ] = None,
    environment: Annotated[
        str | None,
        typer.Option(
            "--environment",
            "-e",
            metavar="ENV",
            help="Environment id (default: settings.json's environment).",
        ),
    ] = None,
    secret_env: Annotated[
        str | None,
        typer.Option(
            "--secret-env",
            metavar="VAR",
            help="Name of the environment variable that holds the OAuth client secret.",
        ),
    ] = None,
    secret_stdin: Annotated[
        bool,
        typer.Option("--secret-stdin", help="Read the OAuth client secret from a pipe on stdin."),
    ] = False,
    solution: Annotated[
        str | None,
        typer.Option("--solution", metavar="NAME", help="pac: add the connector to this solution."),
    ] = None,
    create: Annotated[
        bool,
        typer.Option("--create", help="Create a new connector even when settings.json names one."),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the command it would run; change nothing.")
    ] = False,
) -> None:
    """Create or update the connector in your environment with paconn or pac, never prompting.

    Creates the connector when settings.json has no connectorId, updates it otherwise, and
    saves connectorId and environment in settings.json.

    Example: SECRET=... connectorgen deploy connector --environment Default-1234 --secret-env SECRET
    """
    from ..deploy import execute, prepare

    try:
        secret = _read_secret(secret_env, secret_stdin)
        plan = prepare(
            directory,
            tool=tool,
            environment=environment,
            secret=secret,
            solution=solution,
            create=create,
            dry_run=dry_run,
        )
    except UsageError as exc:
        fail_usage("deploy", exc)
    except InputError as exc:
        fail_input(exc)
    _print_plan(plan)
    if dry_run:
        print("Dry run: nothing was run and nothing was changed.")
        return
    try:
        result = execute(plan)
    except InputError as exc:
        fail_input(exc)
    _print_result(result)


def _read_secret(variable: str | None, from_stdin: bool) -> str | None:
    """The client secret from an environment variable or a pipe; never from the command line."""
    if variable is not None and from_stdin:
        raise UsageError("give --secret-env or --secret-stdin, not both.")
    if variable is not None:
        value = os.environ.get(variable)
        if not value:
            raise InputError(
                f"--secret-env {variable}: the environment variable {variable} is not set or "
                "empty. Set it to the OAuth app's client secret first."
            )
        return value
    if from_stdin:
        if sys.stdin is None or isatty(sys.stdin):
            # Typing it at the terminal would show it on the screen: only a pipe is read.
            raise InputError(
                "--secret-stdin reads the secret from a pipe, not from the terminal: for "
                'example `printf %s "$SECRET" | connectorgen deploy --secret-stdin`, or use '
                "--secret-env."
            )
        value = sys.stdin.read().rstrip("\r\n")
        if not value:
            raise InputError("--secret-stdin: standard input was empty; pipe the secret in.")
        return value
    return None


def _print_plan(plan: DeployPlan) -> None:
    doing = (
        f"creating the connector in environment {plan.environment}"
        if plan.action == "create"
        else f"updating connector {plan.request.connector_id} in environment {plan.environment}"
    )
    print(f"Using {plan.tool} ({plan.executable}): {doing}.")
    print(f"Runs with stdin closed, in a temporary copy of {plan.folder.path}:")
    print(f"  {plan.command}")
    if plan.invocation.secret_channel == "environment":
        print("  (the client secret reaches paconn through its environment, not its command line)")
    for note in plan.notes:
        print(f"note: {note}")


def _print_result(result: DeployResult) -> None:
    for line in result.output.strip().splitlines():
        print(f"  {result.plan.tool}: {line}")
    plan = result.plan
    done = "Created" if plan.action == "create" else "Updated"
    if result.connector_id:
        print(f"{done} connector {result.connector_id} in environment {plan.environment}.")
    else:
        print(f"{done} the connector in environment {plan.environment}.")
    for note in result.notes[len(plan.notes) :]:
        print(f"note: {note}")
    if result.settings_written:
        print(f"Saved connectorId and environment in {plan.folder.settings_path}.")
