"""The typer application and the options every command shares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import typer
import typer.core

from .. import __version__
from ..lint.rules import PROJECT_URL

EXIT_BUG = 70  # sysexits.h EX_SOFTWARE: an internal software error
ISSUES_URL = f"{PROJECT_URL}/issues"


@dataclass
class State:
    debug: bool = False


state = State()

# typer lists each argument with its Python type ("DIR <path>", "[DIR]... <list[Path]>"); the
# name and the help text say what to give, the type only confuses (issue 10).
typer.core.TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]

app = typer.Typer(
    name="connectorgen",
    help="Generate and check Power Platform custom connector assets.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"connectorgen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an internal error.")
    ] = False,
) -> None:
    """Generate and check Power Platform custom connector assets."""
    state.debug = debug
