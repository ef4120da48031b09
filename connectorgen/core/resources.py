"""Where the shipped data lives, installed (inside the wheel) or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]


def _first_existing(name: str) -> Path:
    # The wheel carries templates/ and config.json.tmpl inside the package; a source
    # checkout (editable install, tests) keeps them at the top of the repository.
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"connectorgen is installed without its {name}; reinstall it.")


def templates_dir() -> Path:
    return _first_existing("templates")


def config_template() -> Path:
    return _first_existing("config.json.tmpl")


def config_schema_path() -> Path:
    return _PACKAGE / "generator" / "schemas" / "config.schema.json"
