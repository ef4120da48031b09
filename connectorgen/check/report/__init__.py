"""Output formats: one module per format, each ``render(results, *, color) -> str``.

Reporters only format: they never decide exit codes and never print.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..folder import FolderResult
from . import github, json_format, sarif, text

Renderer = Callable[..., str]

FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
}


def render(fmt: str, results: Sequence[FolderResult], *, color: bool = False) -> str:
    return FORMATS[fmt](results, color=color)
