"""Helpers shared by the tests (imported as a plain module: pytest puts tests/ on sys.path)."""

from __future__ import annotations

import contextlib
import io
import sys


def run_cli(*args: str) -> tuple[int, str, str]:
    """connectorgen's real entry point (cli.main, with its last-resort handler), in-process."""
    from connectorgen import cli

    out, err = io.StringIO(), io.StringIO()
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
