"""connectorgen: Power Platform custom connector assets from config.json and Swagger 2.0.

Python API (heavy modules load on first use, so importing this package is cheap)::

    from connectorgen import generate, check_folder, InputError
    result = generate("config.json", "out", force=True)
    for d in result.diagnostics:
        print(d.format())
"""

from __future__ import annotations

from collections.abc import Iterable
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from .core.diagnostics import Diagnostic, InputError, UsageError

if TYPE_CHECKING:
    from .generator.importer import ImportResult
    from .generator.new_config import NewConfigResult
    from .generator.pipeline import GenerateResult

__version__ = "0.2.0"
__all__ = [
    "Diagnostic",
    "InputError",
    "UsageError",
    "__version__",
    "check_folder",
    "generate",
    "import_connector",
    "new_config",
]

StrPath = str | PathLike[str]


def generate(
    config_path: StrPath,
    out: StrPath,
    *,
    force: bool = False,
    dry_run: bool = False,
    run_checks: bool = True,
) -> GenerateResult:
    """Generate the connector folder ``out`` from ``config_path``.

    Raises InputError for input that cannot be used; nothing is written then.
    """
    from .generator.pipeline import generate as run

    return run(config_path, out, force=force, dry_run=dry_run, run_checks=run_checks)


def new_config(
    out: StrPath = "config.json",
    *,
    api_definition: StrPath | None = None,
    icon: StrPath | None = None,
    force: bool = False,
) -> NewConfigResult:
    """Write a config.json to fill in, derived from the API definition when one is given."""
    from .generator.new_config import new_config as run

    return run(out, api_definition=api_definition, icon=icon, force=force)


def import_connector(
    folder: StrPath, out: StrPath, *, force: bool = False, dry_run: bool = False
) -> ImportResult:
    """Write ``out``/config.json (and the files it names) from an existing connector folder.

    Raises InputError for a folder that cannot be imported; nothing is written then.
    """
    from .generator.importer import import_connector as run

    return run(folder, out, force=force, dry_run=dry_run)


def check_folder(
    path: StrPath, *, profile: str | None = None, ignore: Iterable[str] | None = None
) -> list[Diagnostic]:
    """Check one connector folder; return its findings (Diagnostics whose code is the rule).

    Raises UsageError when ``path`` is not a connector folder or an option is unknown.
    """
    from .connector.check import check_folder as run

    return run(Path(path), profile=profile, ignore=ignore)
