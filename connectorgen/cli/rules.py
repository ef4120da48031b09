"""connectorgen rules."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from .options import ListFormatChoice


def rules(
    fmt: Annotated[
        ListFormatChoice,  # type: ignore[valid-type]
        typer.Option("--format", "-f", help="text, markdown (docs/rules.md) or json."),
    ] = "text",  # type: ignore[assignment]
) -> None:
    """List every rule and code connectorgen reports, with its severity and source.

    Example: connectorgen rules --format json
    """
    from ..catalog import render_catalog

    sys.stdout.write(render_catalog(fmt.value))
