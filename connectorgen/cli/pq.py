"""connectorgen pq: Power Query connectors for Power BI (new, build, check)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..core.diagnostics import InputError, UsageError
from ..powerquery.facts import Auth
from .options import FailOnOption, FormatOption, IgnoreOption, JobsOption, MinSeverityOption
from .output import err, fail_input, fail_usage, print_diagnostics, print_report, report_crashes

app = typer.Typer(
    name="pq",
    help="Power Query connectors for Power BI: new, build (.mez/.pqx), check.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.command("new")
def new(
    name: Annotated[
        str,
        typer.Argument(metavar="NAME", help="The connector's name: the product, e.g. Contoso."),
    ],
    auth: Annotated[Auth, typer.Option("--auth", "-a", help="How users sign in.")] = "anonymous",
    icon: Annotated[
        Path | None,
        typer.Option("--icon", "-i", metavar="PATH", help="Logo to resize into the icon sets."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", metavar="DIR", help="Folder to create (default: ./NAME)."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the files in a non-empty folder.")
    ] = False,
) -> None:
    """Create a Power Query connector project that builds and passes pq check.

    Example: connectorgen pq new Contoso --auth oauth --icon logo.png
    """
    from ..powerquery.scaffold import new_project

    try:
        result = new_project(name, out, auth=auth, icon=icon, force=force)
    except InputError as exc:
        fail_input(exc)
    print(f"Wrote {result.out}:")
    for action in result.files:
        print(f"  {action.verb:<9} {action.name} ({action.size:,} bytes)")
    print("Next steps:")
    print(f"  connectorgen pq check {result.out}")
    print(f"  connectorgen pq build {result.out}")


@app.command("build")
def build(
    source: Annotated[
        Path, typer.Argument(metavar="DIR", help="The project folder (or a .mez with --pqx).")
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", metavar="FILE", help="Default: DIR/bin/AnyCPU/Debug/NAME.mez or .pqx."
        ),
    ] = None,
    pqx: Annotated[
        bool, typer.Option("--pqx", help="Write an unsigned .pqx (OPC package) to sign.")
    ] = False,
) -> None:
    """Package a project folder as a .mez (a flat ZIP) or, with --pqx, an unsigned .pqx.

    Example: connectorgen pq build Contoso --pqx --out dist/Contoso.pqx
    """
    from ..powerquery.build import build as run

    try:
        result = run(source, out, pqx=pqx)
    except UsageError as exc:
        fail_usage("pq build", exc)
    except InputError as exc:
        fail_input(exc)
    print_diagnostics(result.diagnostics)
    kind = "unsigned .pqx" if result.pqx else ".mez"
    print(f"Wrote {result.out} ({kind}, {len(result.data):,} bytes):")
    for entry in result.entries:
        print(f"  {entry}")
    if result.pqx:
        err("Sign it before distributing: see docs/powerquery.md (MakePQX, dotnet/sign).")


@app.command("check")
def check(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH", help="Project folders, .pq/.m section documents, .mez or .pqx files."
        ),
    ],
    fmt: FormatOption = "text",
    fail_on: FailOnOption = "error",
    ignore: IgnoreOption = None,
    min_severity: MinSeverityOption = "warning",
    jobs: JobsOption = None,
) -> None:
    """Check Power Query connectors against Microsoft's certification requirements, offline.

    Example: connectorgen pq check Contoso dist/Contoso.mez --format sarif > pq.sarif
    """
    from ..lint.result import at_least, exit_code
    from ..powerquery.check import check_paths

    try:
        report = check_paths(paths, ignore=list(ignore or []), jobs=jobs)
    except UsageError as exc:
        fail_usage("pq check", exc)
    except InputError as exc:
        fail_input(exc)
    print_report(fmt, at_least(report, min_severity))
    report_crashes(report.crashes)
    raise typer.Exit(exit_code(report.findings, fail_on))
