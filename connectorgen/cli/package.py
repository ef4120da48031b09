"""connectorgen package."""

from __future__ import annotations

import shlex
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from ..core.diagnostics import InputError, UsageError
from .output import fail_input, fail_usage

if TYPE_CHECKING:
    from ..package import PackageResult, PullRequestFolder


def package(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="The connector folder (generate's --out).")
    ],
    repo: Annotated[
        Path | None,
        typer.Option(
            "--repo",
            metavar="CLONE",
            help="Your clone of microsoft/PowerPlatformConnectors: the pull-request folder "
            "goes into it.",
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option("--name", metavar="NAME", help="Folder name (default: info.title)."),
    ] = None,
    profile: Annotated[
        Literal["certified", "independent-publisher", "custom"] | None,
        typer.Option(
            "--profile",
            "-p",
            help="Which repository folder. Default: the folder's config.json profile, else "
            "the one its place implies, else certified.",
        ),
    ] = None,
    zip_path: Annotated[
        Path | None,
        typer.Option(
            "--zip", metavar="OUT.zip", help="Write the certification submission package."
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace a different connector's files, or an existing zip."),
    ] = False,
) -> None:
    """Lay out the certification pull request in a clone of Microsoft's connector repository,
    check it as Microsoft's pipeline would, and build the submission package.

    Example: connectorgen package connector --repo ../PowerPlatformConnectors --zip package.zip
    """
    from ..package import package as run

    try:
        result = run(
            directory, repo=repo, name=name, profile=profile, zip_path=zip_path, force=force
        )
    except UsageError as exc:
        fail_usage("package", exc)
    except InputError as exc:
        fail_input(exc)
    if result.pull_request is not None:
        _print_folder(result, result.pull_request)
    if result.submission is not None:
        zipped = result.submission
        print(
            f"Submission package {zipped.path}: {zipped.verb} ({zipped.size:,} bytes), "
            f"holding {', '.join(zipped.entries)}."
        )
    for note in result.notes:
        print(f"note: {note}")


def _print_folder(result: PackageResult, folder: PullRequestFolder) -> None:
    print(f"Pull-request folder {folder.path} ({folder.profile}):")
    for action in folder.actions:
        print(f"  {action.verb:<9} {action.name} ({action.size:,} bytes)")
    for name in folder.stale:
        print(f"  {'stale':<9} {name} (already there, not written by this run: left alone)")
    for reason in result.left_out:
        print(f"  left out  {reason}")
    if folder.updates_existing:
        repo = folder.path.parent.parent
        inside = f"{folder.top}/{folder.name}"
        print("This updates the connector already in the clone. Before you open the pull request,")
        print("review what changes for its users (breaking changes):")
        print(
            f"  cd {shlex.quote(str(repo))} && connectorgen diff --git origin/dev "
            f"{shlex.quote(inside)}"
        )
    errors = [f for f in folder.findings if f.level == "error"]
    warnings = [f for f in folder.findings if f.level == "warning"]
    print(
        f"Certification check ({folder.profile}): {len(errors)} error(s), "
        f"{len(warnings)} warning(s)."
    )
    for finding in errors:
        print(f"  {finding.format()}")
    if warnings:
        # Large connectors carry hundreds of warnings: one line per rule keeps errors readable.
        counts = Counter(f.code for f in warnings)
        print("  warnings: " + ", ".join(f"{rule} ({n})" for rule, n in sorted(counts.items())))
    if errors or warnings:
        print(f"  `connectorgen check {shlex.quote(str(folder.path))}` explains each one.")
