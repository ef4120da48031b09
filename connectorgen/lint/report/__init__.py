"""Output formats: one module per format, each ``render(report, *, color) -> str``.

Every linting command (check, generate's findings, diff, pq check) hands a ``Report`` here.
Reporters only format: they never decide exit codes and never print.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, get_args

from ..result import Report
from . import github, json_format, sarif, text

Format = Literal["text", "json", "sarif", "github"]
Renderer = Callable[..., str]

RENDERERS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
}
FORMATS: tuple[Format, ...] = get_args(Format)


def render(fmt: Format, report: Report, *, color: bool = False) -> str:
    return RENDERERS[fmt](report, color=color)
