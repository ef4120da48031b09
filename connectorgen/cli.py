"""The command line: flags to calls, results to messages, outcomes to exit codes.

Exit codes: 0 success (warnings allowed), 1 invalid input (or findings, for check),
2 usage error. Nothing else in the package prints or exits.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import __version__
from .errors import Diagnostic, InputError

if TYPE_CHECKING:  # the API module loads heavy libraries: only the commands import it
    from .api import GenerateResult

app = typer.Typer(
    name="connectorgen",
    help="Generate and check Power Platform custom connector assets.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        print(f"connectorgen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = None,
) -> None:
    """Generate and check Power Platform custom connector assets."""


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def _print_diagnostics(diagnostics: list[Diagnostic], verbose: bool = True) -> None:
    for diag in diagnostics:
        if diag.level == "info" and not verbose:
            continue
        _err(diag.format())


def _fail(exc: InputError) -> None:
    _err(f"error: {exc.message}")
    if exc.detail:
        _err(exc.detail)
    raise typer.Exit(1)


@app.command("new-config")
def new_config_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the config.")] = Path(
        "config.json"
    ),
    api_definition: Annotated[
        Path | None,
        typer.Option("--api-definition", "-a", help="Swagger 2.0 file to derive values from."),
    ] = None,
    icon: Annotated[Path | None, typer.Option("--icon", "-i", help="Logo (PNG or JPEG).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write a config.json to fill in (and config.schema.json beside it, for editors)."""
    from .api import new_config

    try:
        result = new_config(out, api_definition=api_definition, icon=icon, force=force)
    except InputError as exc:
        _fail(exc)
    _print_diagnostics(result.diagnostics)
    print(f"Wrote {result.path}.")
    if result.required_blanks:
        print("Fill in before running generate (required):")
        for key in result.required_blanks:
            print(f"  - {key}")
    if result.optional_blanks:
        print("Fill in for certification (optional for generate):")
        for key in result.optional_blanks:
            print(f"  - {key}")
    if result.defaults:
        print("Optional (left empty, generate uses the default shown):")
        for key, default in result.defaults.items():
            print(f"  - {key}: {default}")
    print(f"Then run: connectorgen generate --config {result.path} --out <folder>")


@app.command("generate")
def generate_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the connector to.")],
    config: Annotated[Path, typer.Option("--config", "-c", help="The config file.")] = Path(
        "config.json"
    ),
    force: Annotated[
        bool, typer.Option("--force", help="Replace connectorgen's files in a non-empty folder.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be written; write nothing.")
    ] = False,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Exit 1 when an error-level certification finding remains."),
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show notes too.")] = False,
) -> None:
    """Generate apiDefinition, apiProperties, settings, icon, script and docs into --out."""
    from .api import generate

    try:
        result = generate(config, out, force=force, dry_run=dry_run)
    except InputError as exc:
        _fail(exc)
    _print_diagnostics(result.diagnostics, verbose)
    heading = "Would write" if dry_run else "Wrote"
    print(f"{heading} {result.out}:")
    for action in result.files:
        if action.verb == "stale":
            print(f"  {action.verb:<9} {action.name} (from an earlier run, not part of this "
                  "output: left alone; delete it if it is not needed)")
        else:
            print(f"  {action.verb:<9} {action.name} ({action.size:,} bytes)")
    errors = _print_findings_summary(result.findings, result.profile)
    if not dry_run:
        _print_next_steps(result)
    if strict and errors:
        raise typer.Exit(1)


def _print_findings_summary(findings: list, profile: str | None) -> int:
    if profile is None:
        return 0
    errors = sum(1 for f in findings if f.level == "error")
    warnings = sum(1 for f in findings if f.level == "warning")
    print(f"Certification check ({profile}): {errors} error(s), {warnings} warning(s).")
    for finding in findings:
        if finding.level == "error":
            print(f"  {finding.format()}")
    if errors or warnings:
        print("  Run 'connectorgen check' on the folder for every finding and how to fix it.")
    return errors


def _print_next_steps(result: GenerateResult) -> None:
    secret = " --secret <client secret>" if result.redirect_note else ""
    print("Next steps:")
    print(f"  cd {result.out}")
    print("  pac connector create --settings-file settings.json")
    print(f"  (or: paconn create --settings settings.json{secret})")
    if result.redirect_note:
        print(f"  {result.redirect_note}")


class Profile(str, Enum):
    certified = "certified"
    independent_publisher = "independent-publisher"
    custom = "custom"


class Format(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    never = "never"


@app.command("check")
def check_command(
    dirs: Annotated[list[Path] | None, typer.Argument(help="Connector folders.")] = None,
    profile: Annotated[
        Profile | None, typer.Option("--profile", "-p", help="Rule set (default certified).")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Lowest level that fails.")] = (
        FailOn.error
    ),
    ignore: Annotated[
        list[str] | None, typer.Option("--ignore", help="Rule id to accept (repeatable).")
    ] = None,
    recursive: Annotated[
        bool, typer.Option("--recursive", "-r", help="Check every connector folder below DIR.")
    ] = False,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Processes (default: cores).")
    ] = None,
) -> None:
    """Check connector folders against Microsoft's certification rules, offline."""
    from .check import run_check

    code = run_check(
        list(dirs or [Path(".")]),
        profile=profile.value if profile else None,
        fmt=fmt.value,
        fail_on=fail_on.value,
        ignore=list(ignore or []),
        recursive=recursive,
        jobs=jobs,
    )
    raise typer.Exit(code)


class RulesFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command("rules")
def rules_command(
    fmt: Annotated[RulesFormat, typer.Option("--format", "-f")] = RulesFormat.text,
) -> None:
    """List the certification rules check applies."""
    from .check import render_rules

    sys.stdout.write(render_rules(fmt.value))


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        if os.environ.get("CONNECTORGEN_DEBUG"):
            raise
        _err(f"error: unexpected {type(exc).__name__}: {exc}")
        _err("This is a bug in connectorgen; set CONNECTORGEN_DEBUG=1 to see the traceback.")
        sys.exit(1)
