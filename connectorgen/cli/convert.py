"""connectorgen convert."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..core.diagnostics import InputError
from .output import err, fail_input, print_diagnostics


def convert(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="IN", help="OpenAPI 3.0/3.1 (JSON or YAML), or Swagger 2.0 in YAML."
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", metavar="OUT", help="Swagger 2.0 JSON file to write (default: stdout)."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing OUT.")] = False,
) -> None:
    """Convert an API definition to the Swagger 2.0 JSON Power Platform takes.

    Every lossy step is a warning on stderr, with its JSON pointer and line.

    Example: connectorgen convert openapi.yaml --out apiDefinition.swagger.json
    """
    from ..core.writer import write_standalone
    from ..openapi.convert import convert_file

    try:
        if out is not None:
            _check_out(source, out, force)
        result = convert_file(source)
        if out is not None:
            write_standalone({out: result.data})
    except InputError as exc:
        fail_input(exc)
    print_diagnostics(result.warnings)
    if out is None:
        sys.stdout.write(result.data.decode("utf-8"))
        sys.stdout.flush()
    else:
        err(
            f"Wrote {out} (Swagger 2.0 JSON, {len(result.data):,} bytes) from {source} "
            f"({result.source_format})."
        )


def _check_out(source: Path, out: Path, force: bool) -> None:
    if out.is_dir():
        raise InputError(f"{out} is a folder; give the path of the file to write.")
    if out.exists() and not force:
        same = out.resolve() == source.resolve()
        what = "is the input file" if same else "exists already"
        raise InputError(f"{out} {what}; use --force to replace it.")
