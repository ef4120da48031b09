"""connectorgen rules."""

from __future__ import annotations

import sys

from .options import ListFormatOption


def rules(
    fmt: ListFormatOption = "text",
) -> None:
    """List every rule and code connectorgen reports, with its severity and source.

    Example: connectorgen rules --format json
    """
    from ..catalog import render_catalog

    sys.stdout.write(render_catalog(fmt))
