"""connectorgen diff."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..core.diagnostics import InputError, UsageError
from ..lint.result import EXIT_FINDINGS, at_least, exit_code
from .options import FailOnOption, FormatOption, IgnoreOption, MinSeverityOption
from .output import err, fail_input, fail_usage, print_report, report_crashes


def diff(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="OLD NEW",
            help="Two API definition files or connector folders, OLD then NEW; with --git, the "
            "one PATH to compare (default: the current folder).",
            show_default=False,
        ),
    ] = None,
    git: Annotated[
        str | None,
        typer.Option(
            "--git",
            metavar="REF",
            help="Compare PATH with the same path at the git revision REF (origin/dev, a "
            "commit), as a pull request would change it.",
        ),
    ] = None,
    recursive: Annotated[
        bool,
        typer.Option(
            "--recursive",
            "-r",
            help="Every connector folder below the path(s) that changed: with --git, since "
            "REF; else paired by their place below OLD and NEW.",
        ),
    ] = False,
    fmt: FormatOption = "text",
    fail_on: FailOnOption = "error",
    min_severity: MinSeverityOption = "warning",
    ignore: IgnoreOption = None,
) -> None:
    """Report the breaking changes from OLD to NEW (Microsoft's Breaking Change Detector rules).

    Example: connectorgen diff --git origin/dev certified-connectors/Contoso --format github
    """
    from ..diff.run import diff_git, diff_paths, notes, unreadable

    given = list(paths or [])
    try:
        if git is not None:
            if len(given) > 1:
                raise UsageError("with --git, give one PATH (the file or folder to compare).")
            report = diff_git(
                git, given[0] if given else Path("."), ignore=ignore or [], recursive=recursive
            )
        else:
            if len(given) != 2:
                raise UsageError(
                    "give OLD and NEW (two API definitions or connector folders), or "
                    "--git REF PATH."
                )
            report = diff_paths(given[0], given[1], ignore=ignore or [], recursive=recursive)
    except UsageError as exc:
        fail_usage("diff", exc)
    except InputError as exc:
        fail_input(exc)
    print_report(fmt, at_least(report, min_severity))
    for line in notes(report):
        err(line)
    report_crashes(report.crashes)
    code = exit_code(report.findings, fail_on)
    raise typer.Exit(EXIT_FINDINGS if unreadable(report) else code)
