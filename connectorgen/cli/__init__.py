"""The command line: flags to calls, results to messages, outcomes to exit codes.

Only this package prints or exits; every command below it returns a result. Exit codes:

- 0: success (warnings allowed; for linting commands, no finding reaches --fail-on);
- 1: the input cannot be used, or a finding reaches --fail-on;
- 2: usage error (unknown option, rule id, or a path that is not what the command takes);
- 70: a bug in connectorgen (EX_SOFTWARE); the message says how to report it;
- 130: interrupted.
"""

from __future__ import annotations

import os
import sys
import traceback

from .app import EXIT_BUG, ISSUES_URL, app, state
from .commands import register

EXIT_INTERRUPTED = 130

register(app)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: bugs are not bad input
        if state.debug or os.environ.get("CONNECTORGEN_DEBUG"):
            traceback.print_exc()
        print(f"connectorgen: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print(
            "This is a bug in connectorgen, not a problem with your input. Please report it at "
            f"{ISSUES_URL} with the command you ran"
            + ("." if state.debug else " and the output of the same command with --debug."),
            file=sys.stderr,
        )
        sys.exit(EXIT_BUG)


__all__ = ["app", "main"]
