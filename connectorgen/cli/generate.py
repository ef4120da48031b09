"""connectorgen generate."""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..catalog import registry
from ..core.diagnostics import InputError, UsageError
from ..generator.next_steps import Line, deploy_command, next_steps
from .options import FormatOption, IgnoreOption
from .output import err, fail_input, fail_usage, print_diagnostics, print_report

if TYPE_CHECKING:  # the pipeline loads heavy libraries: only the command imports it
    from ..generator.pipeline import GenerateResult


def generate(
    out: Annotated[
        Path,
        typer.Option("--out", "-o", metavar="DIR", help="Folder to write the connector to."),
    ],
    config: Annotated[
        Path,
        typer.Option(
            "--config", "-c", metavar="PATH", help="The config file (default: config.json)."
        ),
    ] = Path("config.json"),
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Write into a folder that holds files: connectorgen's files are replaced "
            "(edited ones with a warning), other files are left alone.",
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Show what would be written, and warnings; change nothing."),
    ] = False,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Exit 1 when an error-level certification finding remains."),
    ] = False,
    fmt: FormatOption = "text",
    ignore: IgnoreOption = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show notes too.")] = False,
) -> None:
    """Generate apiDefinition, apiProperties, settings, icon, script and docs into --out.

    Example: connectorgen generate --config config.json --out connector
    """
    from ..generator.pipeline import generate as run

    try:
        result = run(config, out, force=force, dry_run=dry_run, ignore=list(ignore or []))
    except InputError as exc:
        fail_input(exc)
    except UsageError as exc:
        fail_usage("generate", exc)
    if fmt == "text":
        print_diagnostics(result.diagnostics, verbose)
        _print_files(result, dry_run, print)
        errors = _print_findings_summary(result)
        if not dry_run:
            _print_next_steps(result)
    else:
        _print_files(result, dry_run, err)  # stdout holds only the report
        print_report(fmt, result.report())
        errors = sum(1 for f in result.findings if f.level == "error")
    if strict and errors:
        raise typer.Exit(1)


def _print_files(result: GenerateResult, dry_run: bool, say: Callable[[str], None]) -> None:
    heading = "Would write" if dry_run else "Wrote"
    say(f"{heading} {result.out}:")
    for action in result.files:
        if action.verb == "stale":
            say(
                f"  {action.verb:<9} {action.name} (from an earlier run, not part of this "
                "output: left alone; delete it if it is not needed)"
            )
            continue
        edited = "; edited by hand since the last run" if action.edited else ""
        say(f"  {action.verb:<9} {action.name} ({action.size:,} bytes{edited})")
    if result.converted:
        say(f"  {result.converted}")
    if result.needs_force:
        say(f"  (the folder holds files: the real run needs --force to write into {result.out})")


WIDTH = 100  # prose is wrapped to this width; commands never are
# How many rules the warning summary names; the rest are counted.
WARNING_RULES_SHOWN = 10


def _print_findings_summary(result: GenerateResult) -> int:
    if result.profile is None:
        return 0
    errors = [f for f in result.findings if f.level == "error"]
    warnings = Counter(f.code for f in result.findings if f.level == "warning")
    total = sum(warnings.values())
    print(f"Certification check ({result.profile}): {len(errors)} error(s), {total} warning(s).")
    for finding in errors:
        print(f"  {finding.format()}")
    if warnings:
        print("  Warnings by rule:")
        rules = registry().by_id
        ranked = sorted(warnings.items(), key=lambda item: (-item[1], item[0]))
        for code, count in ranked[:WARNING_RULES_SHOWN]:
            print(f"  {count:>6}  {code}: {rules[code].summary}")
        if len(ranked) > WARNING_RULES_SHOWN:
            rest = sum(count for _, count in ranked[WARNING_RULES_SHOWN:])
            print(f"  {rest:>6}  in {len(ranked) - WARNING_RULES_SHOWN} more rule(s)")
    if errors or warnings:
        print(
            f"  'connectorgen check {result.out}' lists every finding with its fix. To accept "
            'a rule on purpose, add its id to "ignore" in config.json, or pass --ignore RULE '
            "to generate and check; generate records it, so check on the folder agrees."
        )
    return len(errors)


def _print_next_steps(result: GenerateResult) -> None:
    if result.deploy is None:
        return
    print("Next steps:")
    for line in deploy_command(result.out, result.deploy):
        _print_line(line)
    print(f"  Or by hand, from the connector folder (cd {result.out}):")
    for line in next_steps(result.deploy):
        _print_line(line._replace(indent=line.indent + 1))
    if result.redirect_note:
        print(_wrap(result.redirect_note, "  "))


def _print_line(line: Line) -> None:
    margin = "  " * (line.indent + 1)
    if line.command or not line.text:  # commands are never broken: they are copied
        print(f"{margin}{line.text}".rstrip())
    else:
        print(_wrap(line.text, margin))


def _wrap(text: str, margin: str) -> str:
    # URLs and file names stay whole: no breaks at hyphens or inside long words.
    return textwrap.fill(
        text,
        WIDTH,
        initial_indent=margin,
        subsequent_indent=margin,
        break_on_hyphens=False,
        break_long_words=False,
    )
