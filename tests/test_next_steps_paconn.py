"""The paconn commands generate prints, run as printed by the real paconn (issue 10, points 3,
8 and 13), against the local stand-in for the cloud of test_deploy_paconn.py.

No terminal (stdin closed): a prompt would fail at once. Skipped, as there, when paconn cannot
be installed or openssl is missing.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

from cloud_standin import (
    ENVIRONMENT,
    NEW_CONNECTOR_ID,
    SECRET,
    CloudStandIn,
    token_cache,
)
from conftest import SAMPLES_DIR
from helpers import run_cli


def _generate(config: Path, out: Path, *extra: str) -> list[list[str]]:
    """generate, then the commands of its 'by hand' steps, split as a shell would."""
    code, stdout, stderr = run_cli("generate", "-c", str(config), "-o", str(out), *extra)
    assert code == 0, stderr
    by_hand = stdout.split("Or by hand", 1)[1]
    return [
        shlex.split(line.strip())
        for line in by_hand.splitlines()
        if line.strip().startswith(("paconn ", "python -c"))
    ]


def _run(
    command: list[str], cwd: Path, paconn: Path, home: Path, cloud: CloudStandIn, ca: Path
) -> subprocess.CompletedProcess[str]:
    if command[0] == "python":  # the interpreter running the tests stands in for `python`
        command = [sys.executable, *command[1:]]
    else:
        command = [str(paconn / command[0]), *command[1:]]
    command = [SECRET if part == "CLIENT_SECRET" else part for part in command]
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("no_proxy", "http_proxy")}
    env.update(
        HOME=str(home),
        USERPROFILE=str(home),
        HTTPS_PROXY=cloud.proxy_url,
        https_proxy=cloud.proxy_url,
        REQUESTS_CA_BUNDLE=str(ca),
    )
    return subprocess.run(
        command,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def test_printed_paconn_steps_create_then_update_without_a_prompt(
    paconn_scripts: Path,
    standin: CloudStandIn,
    certificates: tuple[Path, Path, Path],
    tmp_path: Path,
) -> None:
    ca = certificates[0]
    home = tmp_path / "home"
    token_cache(home)
    config = tmp_path / "in" / "config.json"
    config.parent.mkdir()
    for item in (SAMPLES_DIR / "generic-oauth").iterdir():  # OAuth, stackOwner set
        (config.parent / item.name).write_bytes(item.read_bytes())
    data = json.loads(config.read_text())
    data["settings"] = {"environment": ENVIRONMENT}
    config.write_text(json.dumps(data))
    out = tmp_path / "connector"

    copy, create = _generate(config, out)

    assert create[:2] == ["paconn", "create"]
    for command in (copy, create):
        done = _run(command, out, paconn_scripts, home, standin, ca)
        assert done.returncode == 0, done.stdout + done.stderr
    [post] = standin.calls_to("POST", "/providers/Microsoft.PowerApps/apis")
    assert post.query["$filter"] == [f"environment eq '{ENVIRONMENT}'"]
    assert "stackOwner" not in post.json()["properties"]
    assert not [c for c in standin.calls if c.host == "api.flow.microsoft.com"]  # no env prompt
    saved = json.loads((out / "settings.json").read_text())  # written by paconn (-w)
    assert saved["connectorId"] == NEW_CONNECTOR_ID

    # Regenerating keeps what paconn saved, and the printed steps are now an update.
    standin.calls.clear()
    copy, update = _generate(config, out, "--force")

    settings = json.loads((out / "settings.json").read_text())
    assert settings["connectorId"] == NEW_CONNECTOR_ID
    assert settings["environment"] == ENVIRONMENT
    assert update[:6] == ["paconn", "update", "--env", ENVIRONMENT, "--cid", NEW_CONNECTOR_ID]
    for command in (copy, update):
        done = _run(command, out, paconn_scripts, home, standin, ca)
        assert done.returncode == 0, done.stdout + done.stderr
    [patch] = standin.calls_to("PATCH", f"/providers/Microsoft.PowerApps/apis/{NEW_CONNECTOR_ID}")
    assert "stackOwner" not in patch.json()["properties"]
    assert not standin.calls_to("POST", "/providers/Microsoft.PowerApps/apis")
