"""Shared fixtures for the test suite."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

# The paconn fixtures (a stand-in for the cloud, paconn in its own venv) live beside their helpers.
pytest_plugins = ["cloud_standin"]

REPO = Path(__file__).resolve().parents[1]
SAMPLES_DIR = REPO / "samples"
SAMPLE_NAMES = (
    "api-key",
    "entra-id-oauth",
    "generic-oauth",
    "client-credentials",
    "no-auth",
    "basic-auth",
    "multi-auth",
)
OAUTH_SAMPLES = ("entra-id-oauth", "generic-oauth", "multi-auth")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden files under tests/golden (and docs/rules.md) from this run",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True under --update-golden: golden tests rewrite their files instead of comparing."""
    return bool(request.config.getoption("--update-golden"))


# ------------------------------------------------------------------ generate / new-config


@pytest.fixture
def cli() -> Callable[..., Any]:
    """Run the connectorgen CLI in-process; fails the test on an uncaught exception."""
    from typer.testing import CliRunner

    from connectorgen.cli import app

    runner = CliRunner()

    def invoke(*args: str | Path) -> Any:
        result = runner.invoke(app, [str(a) for a in args])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(
                f"connectorgen {' '.join(map(str, args))} raised "
                f"{type(result.exception).__name__}: {result.exception}\n{result.output}"
            ) from result.exception
        return result

    return invoke


@pytest.fixture
def sample_copy(tmp_path: Path) -> Callable[[str], Path]:
    """Copy samples/<name> into tmp_path and return the copied config.json."""

    def copy(name: str) -> Path:
        target = tmp_path / "in" / name
        shutil.copytree(SAMPLES_DIR / name, target)
        return target / "config.json"

    return copy


def minimal_swagger(
    title: str = "Test Service",
    security_definitions: dict[str, Any] | None = None,
    security: list[dict[str, list[str]]] | None = None,
) -> dict[str, Any]:
    """A small valid Swagger 2.0 document with two operations."""
    doc: dict[str, Any] = {
        "swagger": "2.0",
        "info": {"title": title, "description": "A service for tests.", "version": "1.0"},
        "host": "api.example.com",
        "basePath": "/v1",
        "schemes": ["https"],
        "consumes": ["application/json"],
        "produces": ["application/json"],
        "paths": {
            "/items": {
                "get": {
                    "operationId": "listItems",
                    "summary": "List items",
                    "description": "Returns every item.",
                    "responses": {"200": {"description": "The items."}},
                },
            },
            "/items/{id}": {
                "get": {
                    "operationId": "getItem",
                    "summary": "Get an item",
                    "description": "Returns one item.",
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "type": "string",
                            "description": "The item id.",
                        }
                    ],
                    "responses": {"200": {"description": "The item."}},
                },
            },
        },
    }
    if security_definitions is not None:
        doc["securityDefinitions"] = security_definitions
    if security is not None:
        doc["security"] = security
    return doc


@pytest.fixture
def make_connector(tmp_path: Path) -> Callable[..., Path]:
    """Write a Swagger (dict or raw bytes), a logo and a config.json; return the config path.

    ``config`` is merged over ``{"apiDefinition": "apiDefinition.json", "icon": "logo.png",
    "iconBrandColor": "#0b6e99"}``; pass ``config_exact`` to write a config as given.
    """
    counter = {"n": 0}

    def make(
        swagger: dict[str, Any] | bytes | None = None,
        config: dict[str, Any] | None = None,
        *,
        config_exact: dict[str, Any] | None = None,
    ) -> Path:
        counter["n"] += 1
        folder = tmp_path / f"connector{counter['n']}"
        folder.mkdir()
        doc = minimal_swagger() if swagger is None else swagger
        data = doc if isinstance(doc, bytes) else json.dumps(doc, indent=2).encode("utf-8")
        (folder / "apiDefinition.json").write_bytes(data)
        shutil.copy(SAMPLES_DIR / "api-key" / "logo.png", folder / "logo.png")
        if config_exact is not None:
            cfg = config_exact
        else:
            cfg = {
                "apiDefinition": "apiDefinition.json",
                "icon": "logo.png",
                "iconBrandColor": "#0b6e99",
                **(config or {}),
            }
        (folder / "config.json").write_text(json.dumps(cfg, indent=2), encoding="utf-8")
        return folder / "config.json"

    return make


def snapshot(folder: Path) -> dict[str, bytes] | None:
    """Every file below ``folder`` (relative posix path -> bytes), or None if it is absent."""
    if not folder.exists():
        return None
    if folder.is_file():
        return {"": folder.read_bytes()}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def folder_snapshot() -> Callable[[Path], dict[str, bytes] | None]:
    return snapshot


@pytest.fixture
def swagger_doc() -> Callable[..., dict[str, Any]]:
    """minimal_swagger(title=..., security_definitions=..., security=...) as a fixture."""
    return minimal_swagger
