"""connectorgen generate."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..core.diagnostics import InputError
from .options import FormatOption
from .output import err, fail_input, print_diagnostics, print_report

if TYPE_CHECKING:  # the pipeline loads heavy libraries: only the command imports it
    from ..generator.pipeline import GenerateResult


def generate(
    out: Annotated[
        Path,
        typer.Option("--out", "-o", metavar="DIR", help="Folder to write the connector to."),
    ],
    config: Annotated[
        Path, typer.Option("--config", "-c", metavar="PATH", help="The config file.")
    ] = Path("config.json"),
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
    fmt: FormatOption = "text",
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show notes too.")] = False,
) -> None:
    """Generate apiDefinition, apiProperties, settings, icon, script and docs into --out.

    Example: connectorgen generate --config config.json --out connector
    """
    from ..generator.pipeline import generate as run

    try:
        result = run(config, out, force=force, dry_run=dry_run)
    except InputError as exc:
        fail_input(exc)
    if fmt == "text":
        print_diagnostics(result.diagnostics, verbose)
        _print_files(result, dry_run, print)
        errors = _print_findings_summary(result)
        if not dry_run:
            _print_next_steps(result)
    else:
        _print_files(result, dry_run, err)  # stdout holds only the report
        print_report(fmt, result.report())
        errors = sum(1 for f in result.findings if f.level == "error")
    if strict and errors:
        raise typer.Exit(1)


def _print_files(result: GenerateResult, dry_run: bool, say: object) -> None:
    emit = say if callable(say) else print
    heading = "Would write" if dry_run else "Wrote"
    emit(f"{heading} {result.out}:")
    for action in result.files:
        if action.verb == "stale":
            emit(
                f"  {action.verb:<9} {action.name} (from an earlier run, not part of this "
                "output: left alone; delete it if it is not needed)"
            )
        else:
            emit(f"  {action.verb:<9} {action.name} ({action.size:,} bytes)")
    if result.converted:
        emit(f"  {result.converted}")


def _print_findings_summary(result: GenerateResult) -> int:
    if result.profile is None:
        return 0
    errors = sum(1 for f in result.findings if f.level == "error")
    warnings = sum(1 for f in result.findings if f.level == "warning")
    print(f"Certification check ({result.profile}): {errors} error(s), {warnings} warning(s).")
    for finding in result.findings:
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
