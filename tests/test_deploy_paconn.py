"""`connectorgen deploy` with the real paconn (PyPI), against a local stand-in for the cloud.

paconn is installed once into a virtual environment of its own under the user's cache folder
(it pins old packages) and reused; the tests skip when it cannot be installed or when the
openssl command is missing. connectorgen runs as a separate process with stdin closed: there
is no terminal, as in CI.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cloud_standin import (
    ENVIRONMENT,
    NEW_CONNECTOR_ID,
    OID,
    SECRET,
    CloudStandIn,
    token_cache,
)
from conftest import SAMPLES_DIR

import connectorgen


@pytest.fixture
def connector(tmp_path: Path) -> Path:
    """generic-oauth (OAuth 2.0, stackOwner set) generated as a user would."""
    config = tmp_path / "in" / "config.json"
    config.parent.mkdir()
    for item in (SAMPLES_DIR / "generic-oauth").iterdir():
        (config.parent / item.name).write_bytes(item.read_bytes())
    out = tmp_path / "connector"
    connectorgen.generate(config, out)
    return out


def run_deploy(
    paconn_scripts: Path,
    home: Path,
    cloud: CloudStandIn,
    ca: Path,
    *args: str,
) -> subprocess.CompletedProcess[str]:
    """`connectorgen deploy` in its own process, stdin closed, paconn on PATH, through the
    stand-in (HTTPS_PROXY, REQUESTS_CA_BUNDLE) with a fake sign-in under HOME."""
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("no_proxy", "http_proxy")}
    env.update(
        PATH=f"{paconn_scripts}{os.pathsep}{env.get('PATH', '')}",
        HOME=str(home),
        USERPROFILE=str(home),
        HTTPS_PROXY=cloud.proxy_url,
        https_proxy=cloud.proxy_url,
        REQUESTS_CA_BUNDLE=str(ca),
        DEPLOY_SECRET=SECRET,
    )
    return subprocess.run(
        [sys.executable, "-m", "connectorgen", "deploy", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def _token_parameter(body: dict[str, Any]) -> dict[str, Any]:
    token: dict[str, Any] = body["properties"]["connectionParameters"]["token"]
    return token


def test_create_then_update_without_a_terminal(
    paconn_scripts: Path,
    standin: CloudStandIn,
    certificates: tuple[Path, Path, Path],
    connector: Path,
    tmp_path: Path,
) -> None:
    ca = certificates[0]
    home = tmp_path / "home"
    token_cache(home)
    properties_before = (connector / "apiProperties.json").read_bytes()
    settings_before = json.loads((connector / "settings.json").read_text())

    created = run_deploy(
        paconn_scripts, home, standin, ca, str(connector), "--tool", "paconn",
        "--environment", ENVIRONMENT, "--secret-env", "DEPLOY_SECRET",
    )  # fmt: skip

    assert created.returncode == 0, created.stdout + created.stderr
    assert SECRET not in created.stdout + created.stderr
    assert "--secret '********'" in created.stdout
    assert f"Created connector {NEW_CONNECTOR_ID} in environment {ENVIRONMENT}." in created.stdout
    # No environment choice was asked for: the environment list was never fetched.
    assert not [c for c in standin.calls if c.host == "api.flow.microsoft.com"]
    [post] = standin.calls_to("POST", "/providers/Microsoft.PowerApps/apis")
    assert post.query["$filter"] == [f"environment eq '{ENVIRONMENT}'"]
    assert post.headers["authorization"] == "Bearer stand-in-token"
    body = post.json()
    assert "stackOwner" not in body["properties"]
    assert body["properties"]["publisher"] == "Proseware Integrations"
    assert _token_parameter(body)["oAuthSettings"]["clientSecret"] == SECRET
    assert body["properties"]["environment"] == {"name": ENVIRONMENT}
    assert body["properties"]["displayName"] == "Fabrikam Invoices"
    assert body["properties"]["iconUri"].startswith("https://standinstore.blob.core.windows.net/")
    assert [c.path for c in standin.calls_to("PUT", "/uploads/")] == ["/uploads/icon.png"]
    assert standin.calls_to("POST", f"/objectIds/{OID}/validateApiSwagger")
    # The folder keeps stackOwner; settings.json holds the new id and the environment.
    assert (connector / "apiProperties.json").read_bytes() == properties_before
    settings = json.loads((connector / "settings.json").read_text())
    assert settings["connectorId"] == NEW_CONNECTOR_ID
    assert settings["environment"] == ENVIRONMENT
    assert {k: v for k, v in settings.items() if k not in ("connectorId", "environment")} == {
        k: v for k, v in settings_before.items() if k not in ("connectorId", "environment")
    }
    assert list(settings)[:2] == ["connectorId", "environment"]

    standin.calls.clear()
    updated = run_deploy(
        paconn_scripts, home, standin, ca, str(connector), "--secret-env", "DEPLOY_SECRET"
    )

    assert updated.returncode == 0, updated.stdout + updated.stderr
    assert f"Using paconn ({paconn_scripts}" in updated.stdout  # chosen for its shared_ id
    assert f"Updated connector {NEW_CONNECTOR_ID} in environment {ENVIRONMENT}." in updated.stdout
    assert not standin.calls_to("POST", "/providers/Microsoft.PowerApps/apis")
    [patch] = standin.calls_to("PATCH", f"/providers/Microsoft.PowerApps/apis/{NEW_CONNECTOR_ID}")
    assert patch.query["$filter"] == [f"environment eq '{ENVIRONMENT}'"]
    body = patch.json()
    assert "stackOwner" not in body["properties"]
    assert "displayName" not in body["properties"]  # paconn sends it on create only
    assert _token_parameter(body)["oAuthSettings"]["clientSecret"] == SECRET
    assert json.loads((connector / "settings.json").read_text()) == settings
    assert SECRET not in updated.stdout + updated.stderr


def test_paconn_failure_shows_its_message_and_keeps_settings(
    paconn_scripts: Path,
    standin: CloudStandIn,
    certificates: tuple[Path, Path, Path],
    connector: Path,
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    token_cache(home)
    standin.fail_with = (400, {"error": {"code": "InvalidPolicy", "message": "Policy is bad."}})
    before = (connector / "settings.json").read_bytes()

    done = run_deploy(
        paconn_scripts, home, standin, certificates[0], str(connector),
        "-e", ENVIRONMENT, "--secret-env", "DEPLOY_SECRET",
    )  # fmt: skip

    assert done.returncode == 1, done.stdout + done.stderr
    assert "error: paconn create failed (exit code 1)." in done.stderr
    assert "InvalidPolicy" in done.stderr and "Policy is bad." in done.stderr
    assert "Traceback" not in done.stderr
    assert (connector / "settings.json").read_bytes() == before
    assert SECRET not in done.stdout + done.stderr


def test_expired_sign_in_says_paconn_login(
    paconn_scripts: Path,
    standin: CloudStandIn,
    certificates: tuple[Path, Path, Path],
    connector: Path,
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    token_cache(home, expired=True)

    done = run_deploy(
        paconn_scripts, home, standin, certificates[0], str(connector),
        "-e", ENVIRONMENT, "--secret-env", "DEPLOY_SECRET",
    )  # fmt: skip

    assert done.returncode == 1
    assert "paconn is not signed in, or its sign-in expired: run `paconn login`" in done.stderr
    assert "Access token invalid" in done.stderr  # paconn's own words follow
    assert standin.calls == []
