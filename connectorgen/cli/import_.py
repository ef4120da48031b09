"""connectorgen import."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..core.diagnostics import InputError, UsageError
from .output import fail_input, fail_usage, print_diagnostics

if TYPE_CHECKING:
    from ..generator.importer import ImportResult


def import_(
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="FOLDER",
            help="The connector folder (apiDefinition.swagger.json or apiDefinition.json, "
            "apiProperties.json; optionally icon.png, script.csx, settings.json, a readme).",
        ),
    ],
    out: Annotated[
        Path,
        typer.Option("--out", "-o", metavar="DIR", help="Folder to write config.json to."),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Replace import's files in a non-empty folder.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be written; write nothing.")
    ] = False,
    generate_to: Annotated[
        Path | None,
        typer.Option(
            "--generate",
            metavar="DIR",
            help="Then run generate from the new config.json into DIR, in the same process "
            "(as 'connectorgen generate --config OUT/config.json --out DIR' does).",
        ),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show notes too.")] = False,
) -> None:
    """Turn an existing connector folder into a config.json that generate reproduces it from.

    Example: connectorgen import certified-connectors/Contoso --out contoso
    """
    from ..generator.importer import import_connector

    if generate_to is not None and dry_run:
        fail_usage("import", UsageError("--generate needs the config written: drop --dry-run."))
    try:
        result = import_connector(folder, out, force=force, dry_run=dry_run)
    except InputError as exc:
        fail_input(exc)
    print_diagnostics(result.diagnostics, verbose)
    _print_result(result, dry_run, generate_to is None)
    if generate_to is not None:
        from .generate import generate

        generate(out=generate_to, config=result.config, force=force, verbose=verbose)


def _print_result(result: ImportResult, dry_run: bool, next_step: bool) -> None:
    print(f"{'Would write' if dry_run else 'Wrote'} {result.out}:")
    for action in result.files:
        if action.verb != "stale":
            print(f"  {action.verb:<9} {action.name} ({action.size:,} bytes)")
    if result.identical:
        print("generate reproduces the connector from this config.json.")
    else:
        print(
            f"generate reproduces the connector except for {len(result.differences)} "
            "value(s) config.json cannot express (the warnings above name them):"
        )
        for where in result.differences:
            print(f"  - {where}")
    if next_step:
        print(f"Next: connectorgen generate --config {result.config} --out <folder>")
