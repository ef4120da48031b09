"""Options shared by the linting commands. Their choices are the Literal types the registries
declare (formats, profiles, --fail-on levels): a new format appears here by itself."""

from __future__ import annotations

from typing import Annotated

import typer

from ..core.platform import Profile
from ..lint.listing import ListFormat
from ..lint.report import Format
from ..lint.result import FailOn
from ..lint.rules import Severity

FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
FailOnOption = Annotated[
    FailOn, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1.")
]
MinSeverityOption = Annotated[
    Severity,
    typer.Option(
        "--min-severity",
        help="Lowest severity listed; info adds the style notes. The exit code counts every "
        "finding (see --fail-on).",
    ),
]


def _at_least_one(value: int | None) -> int | None:
    # A callback rather than min=1: typer would print the range as "[x>=1]".
    if value is not None and value < 1:
        raise typer.BadParameter(f"{value} is not 1 or more.")
    return value


JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        metavar="N",
        callback=_at_least_one,
        help="Processes to spread the work over, 1 or more (default: the number of cores).",
    ),
]
IgnoreOption = Annotated[
    list[str] | None,
    typer.Option("--ignore", metavar="RULE", help="Rule id to accept (repeatable)."),
]
ProfileOption = Annotated[
    Profile | None,
    typer.Option(
        "--profile",
        "-p",
        help="Rule set. Default: the profile in the folder's config.json, else the one "
        "generate recorded there (.connectorgen.json), else the one its place in the "
        "certification repository implies, else certified.",
    ),
]
ListFormatOption = Annotated[
    ListFormat, typer.Option("--format", "-f", help="text, markdown (docs/rules.md) or json.")
]
