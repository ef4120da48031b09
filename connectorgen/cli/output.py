"""Printing, shared by the commands: diagnostics, reports, errors. Only the CLI prints."""

from __future__ import annotations

import os
import sys
from typing import NoReturn, TextIO

import typer

from ..core.diagnostics import Diagnostic, InputError, UsageError
from ..lint.report import Format, render
from ..lint.result import Report

EXIT_INPUT = 1
EXIT_USAGE = 2


def err(text: str) -> None:
    print(text, file=sys.stderr)


def print_diagnostics(diagnostics: list[Diagnostic], verbose: bool = True) -> None:
    for diag in diagnostics:
        if diag.level == "info" and not verbose:
            continue
        err(diag.format())


def fail_input(exc: InputError) -> NoReturn:
    err(f"error: {exc.message}")
    if exc.detail:
        err(exc.detail)
    raise typer.Exit(EXIT_INPUT)


def fail_usage(command: str, exc: UsageError) -> NoReturn:
    err(f"connectorgen {command}: error: {exc}")
    raise typer.Exit(EXIT_USAGE)


def report_crashes(crashes: list[str]) -> None:
    """Rules that failed: reported after the findings, as the bug they are (exit 70)."""
    if not crashes:
        return
    from .app import EXIT_BUG, ISSUES_URL, state

    for crash in crashes:
        head, _, trace = crash.partition("\n")
        err(f"connectorgen: internal error: {head} {trace.strip().splitlines()[-1]}")
        if state.debug:
            err(trace)
    err(
        "This is a bug in connectorgen, not a problem with your input; the findings above are "
        f"complete except for the rules named. Please report it at {ISSUES_URL}"
        + ("." if state.debug else " with the output of the same command with --debug.")
    )
    raise typer.Exit(EXIT_BUG)


def print_report(fmt: Format, report: Report, out: TextIO | None = None) -> None:
    stream = out or sys.stdout
    stream.write(render(fmt, report, color=use_color(stream)))
    stream.flush()


def isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def use_color(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return isatty(stream) and not os.environ.get("NO_COLOR")


class Progress:
    """'checked 12/46' on stderr, only for long runs on a terminal (never in CI logs)."""

    MIN_ITEMS = 8  # a progress line helps only on long runs

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if total < self.MIN_ITEMS or not isatty(self.stream) or os.environ.get("CI"):
            return
        self.shown = True
        self.stream.write(f"\r{self.label}: {done}/{total}")
        self.stream.flush()

    def done(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
