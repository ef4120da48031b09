"""connectorgen new-config."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..core.diagnostics import InputError
from ..core.platform import Profile
from .output import fail_input, print_diagnostics

if TYPE_CHECKING:
    from ..generator.new_config import NewConfigResult


def new_config(
    out: Annotated[
        Path, typer.Option("--out", "-o", metavar="PATH", help="Where to write the config.")
    ] = Path("config.json"),
    api_definition: Annotated[
        Path | None,
        typer.Option(
            "--api-definition", "-a", metavar="PATH", help="Swagger 2.0 file to derive values from."
        ),
    ] = None,
    icon: Annotated[
        Path | None,
        typer.Option(
            "--icon", "-i", metavar="PATH", help="Your logo (PNG or JPEG); it must exist."
        ),
    ] = None,
    profile: Annotated[
        Profile | None,
        typer.Option(
            "--profile",
            "-p",
            help="The rule set generate and check apply (written as profile). Default: certified.",
        ),
    ] = None,
    publisher: Annotated[
        str | None,
        typer.Option(
            "--publisher",
            metavar="NAME",
            help="Certified: your company. Independent publisher: your full name.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write a config.json to fill in (and config.schema.json beside it, for editors).

    Example: connectorgen new-config --api-definition myapi.json --icon logo.png
    """
    from ..generator.new_config import new_config as run

    try:
        result = run(
            out,
            api_definition=api_definition,
            icon=icon,
            force=force,
            profile=profile,
            publisher=publisher,
        )
    except InputError as exc:
        fail_input(exc)
    print_diagnostics(result.diagnostics)
    _print_blanks(result)


def _print_blanks(result: NewConfigResult) -> None:
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
