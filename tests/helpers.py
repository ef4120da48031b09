"""Helpers shared by the tests (imported as a plain module: pytest puts tests/ on sys.path)."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path
from typing import Any, TextIO

# ../shared beside the checkout, as CI lays it out: real connectors (corpus/) and Power Query
# samples (pq-samples/). CONNECTORGEN_SHARED names it elsewhere (a git worktree, say). Tests
# that need it skip when it is absent: the project never needs it to pass.
SHARED = Path(
    os.environ.get("CONNECTORGEN_SHARED") or Path(__file__).resolve().parents[2] / "shared"
).resolve()
CORPUS = SHARED / "corpus"
PQ_SAMPLES = SHARED / "pq-samples"


def shared_corpus() -> Path:
    """The real connectors of ../shared/corpus."""
    return CORPUS


def run_cli(
    *args: str, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> tuple[int, str, str]:
    """connectorgen's real entry point (cli.main, with its last-resort handler), in-process.

    ``stdout``/``stderr`` replace the captured streams (a stream that claims to be a terminal).
    """
    from connectorgen import cli

    out, err = stdout or io.StringIO(), stderr or io.StringIO()
    argv = sys.argv
    sys.argv = ["connectorgen", *args]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                cli.main()
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = argv
    return code, out.getvalue(), err.getvalue()


def check_args(
    paths: list[Any],
    *,
    fmt: str | None = None,
    profile: str | None = None,
    fail_on: str | None = None,
    ignore: list[str] | None = None,
    recursive: bool = False,
    jobs: int | None = None,
) -> list[str]:
    """The `connectorgen check` command line for these options."""
    args = ["check", *map(str, paths)]
    if fmt:
        args += ["--format", fmt]
    if profile:
        args += ["--profile", profile]
    if fail_on:
        args += ["--fail-on", fail_on]
    for rule in ignore or []:
        args += ["--ignore", rule]
    if recursive:
        args.append("--recursive")
    if jobs:
        args += ["--jobs", str(jobs)]
    return args


def run_check(paths: list[Any], **options: Any) -> tuple[int, str, str]:
    """`connectorgen check` through the real entry point: (exit code, stdout, stderr)."""
    return run_cli(*check_args(paths, **options))
