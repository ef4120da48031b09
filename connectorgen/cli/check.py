"""connectorgen check."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..core.diagnostics import UsageError
from ..lint.result import at_least, exit_code
from .options import (
    FailOnOption,
    FormatOption,
    IgnoreOption,
    JobsOption,
    MinSeverityOption,
    ProfileOption,
)
from .output import Progress, fail_usage, print_report, report_crashes


def check(
    dirs: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="DIR",
            help="Connector folders (default: the current one); with --recursive, every "
            "folder below them that holds an API definition.",
        ),
    ] = None,
    profile: ProfileOption = None,
    fmt: FormatOption = "text",
    fail_on: FailOnOption = "error",
    min_severity: MinSeverityOption = "warning",
    ignore: IgnoreOption = None,
    recursive: Annotated[
        bool, typer.Option("--recursive", "-r", help="Check every connector folder below DIR.")
    ] = False,
    jobs: JobsOption = None,
) -> None:
    """Check connector folders against Microsoft's certification rules, offline.

    Example: connectorgen check connector --format sarif > check.sarif
    """
    from ..connector.check import check_paths

    progress = Progress("connectorgen check")
    try:
        report = check_paths(
            list(dirs or [Path(".")]),
            profile=profile,
            ignore=list(ignore or []),
            recursive=recursive,
            jobs=jobs,
            progress=progress,
        )
    except UsageError as exc:
        progress.done()
        fail_usage("check", exc)
    progress.done()
    print_report(fmt, at_least(report, min_severity))
    report_crashes(report.crashes)
    raise typer.Exit(exit_code(report.findings, fail_on))
