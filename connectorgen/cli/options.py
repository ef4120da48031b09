"""Option types shared by the linting commands, derived from the registries they choose from."""

from __future__ import annotations

from typing import Annotated

import typer

from ..core.platform import PROFILES
from ..lint.listing import LIST_FORMATS
from ..lint.report import FORMATS
from ..lint.result import FAIL_ON
from .app import choices

FormatChoice = choices("Format", FORMATS)
FailOnChoice = choices("FailOn", FAIL_ON)
ProfileChoice = choices("Profile", PROFILES)
ListFormatChoice = choices("ListFormat", LIST_FORMATS)

FormatOption = Annotated[
    FormatChoice,  # type: ignore[valid-type]
    typer.Option("--format", "-f", help="Output format."),
]
FailOnOption = Annotated[
    FailOnChoice,  # type: ignore[valid-type]
    typer.Option("--fail-on", help="Lowest severity that makes the exit code 1."),
]
IgnoreOption = Annotated[
    list[str] | None,
    typer.Option("--ignore", metavar="RULE", help="Rule id to accept (repeatable)."),
]
