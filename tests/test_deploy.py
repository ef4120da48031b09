"""`connectorgen deploy`: the command lines it builds, pac through a fake `pac` on PATH that
records what it was given, and every way it refuses before running anything.

The real paconn is exercised end to end in test_deploy_paconn.py.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLES_DIR, snapshot
from helpers import run_cli

import connectorgen
from connectorgen.deploy.commands import (
    MASK,
    SECRET_ENV,
    Request,
    StagedFiles,
    invocation,
    tool_args,
)
from connectorgen.deploy.runner import interpreter_of
from connectorgen.deploy.state import updated_settings

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fake tools are POSIX scripts")

ENVIRONMENT = "Default-9f3ac2b0-1234-4cde-8f00-0123456789ab"
PAC_ID = "8d7826fd-1b1f-ef11-840a-002248a27224"
SECRET = "s3cr3t-Value_42!"
FILES = StagedFiles("apiProperties.json", "apiDefinition.swagger.json", "icon.png", "script.csx")

FAKE_PAC = """\
#!{python}
# A stand-in for the Power Platform CLI: records what it was given, answers as pac does.
import json, os, pathlib, sys
record = {{"argv": sys.argv[1:], "stdin": sys.stdin.read(), "tty": sys.stdin.isatty(),
          "files": sorted(os.listdir("."))}}
props = pathlib.Path("apiProperties.json")
if props.exists():
    record["properties"] = json.loads(props.read_text())
with open(os.environ["FAKE_PAC_LOG"], "a") as log:
    log.write(json.dumps(record) + "\\n")
mode = os.environ.get("FAKE_PAC_MODE", "ok")
print("Connected as someone@contoso.example")
if mode == "signedout":
    print("Error: No profiles were found on this computer. Please run 'pac auth create' to "
          "create one.")
    sys.exit(1)
if mode == "fail":
    print("Error: The API definition is not valid: 'host' is missing.")
    sys.exit(1)
if mode == "error-exit-0":
    print("Error: Something went wrong.")
    sys.exit(0)
print("Connected to... Contoso (dev)")
if sys.argv[2] == "create":
    print("Connector created with ID {pac_id}")
else:
    print("Connector updated succesfully.")
"""

# A paconn package whose entry point records its sys.argv and the command line the operating
# system shows for its process (/proc/self/cmdline), then answers as paconn's create does.
FAKE_PACONN_MAIN = """\
import json, os, sys
def main():
    with open("/proc/self/cmdline", "rb") as handle:
        cmdline = handle.read().decode().split("\\0")
    record = {"argv": sys.argv, "cmdline": cmdline,
              "env_secret": os.environ.get("CONNECTORGEN_CLIENT_SECRET")}
    with open(os.environ["FAKE_PACONN_LOG"], "a") as log:
        log.write(json.dumps(record) + "\\n")
    with open("settings.json", "w") as out:
        json.dump({"connectorId": "shared_fake-5f01"}, out)
    print("shared_fake-5f01 created successfully.", file=sys.stderr)
    sys.exit(0)
"""


def _script(path: Path, text: str) -> Path:
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


@pytest.fixture
def tools_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder that is all of PATH: no real paconn or pac can be found."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    return folder


@pytest.fixture
def fake_pac(tools_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake `pac` on PATH; returns the log it appends one JSON line per run to."""
    log = tmp_path / "pac.log"
    monkeypatch.setenv("FAKE_PAC_LOG", str(log))
    _script(tools_dir / "pac", FAKE_PAC.format(python=sys.executable, pac_id=PAC_ID))
    return log


@pytest.fixture
def fake_paconn(tools_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake `paconn` console script, as pip writes one (#!<python>), and its package."""
    package = tmp_path / "site" / "paconn"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "__main__.py").write_text(FAKE_PACONN_MAIN)
    monkeypatch.setenv("PYTHONPATH", str(package.parent))
    monkeypatch.setenv("FAKE_PACONN_LOG", str(tmp_path / "paconn.log"))
    _script(
        tools_dir / "paconn",
        f"#!{sys.executable}\nimport sys\nfrom paconn.__main__ import main\nsys.exit(main())\n",
    )
    return tmp_path / "paconn.log"


def _generate(tmp_path: Path, sample: str) -> Path:
    config = tmp_path / "in" / sample / "config.json"
    config.parent.mkdir(parents=True)
    for item in (SAMPLES_DIR / sample).iterdir():
        (config.parent / item.name).write_bytes(item.read_bytes())
    out = tmp_path / f"out-{sample}"
    connectorgen.generate(config, out)
    return out


@pytest.fixture
def api_key_connector(tmp_path: Path) -> Path:
    return _generate(tmp_path, "api-key")


@pytest.fixture
def oauth_connector(tmp_path: Path) -> Path:
    return _generate(tmp_path, "generic-oauth")


def _log(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines()]


def _settings(folder: Path) -> dict[str, Any]:
    value: dict[str, Any] = json.loads((folder / "settings.json").read_text())
    return value


def _set(folder: Path, **values: Any) -> None:
    settings = _settings(folder)
    settings.update(values)
    (folder / "settings.json").write_text(json.dumps(settings, indent=2))


# ------------------------------------------------------------------ the command lines


def test_paconn_command_lines_never_prompt() -> None:
    create = Request("paconn", "create", ENVIRONMENT, FILES, powerapps_url="https://x.example")
    update = Request("paconn", "update", ENVIRONMENT, FILES, connector_id="shared_x-5f01")

    assert tool_args(create) == [
        "create", "--env", ENVIRONMENT, "--api-prop", "apiProperties.json",
        "--api-def", "apiDefinition.swagger.json", "--icon", "icon.png",
        "--script", "script.csx", "--pau", "https://x.example", "-w",
    ]  # fmt: skip
    assert tool_args(update) == [
        "update", "--env", ENVIRONMENT, "--cid", "shared_x-5f01",
        "--api-prop", "apiProperties.json", "--api-def", "apiDefinition.swagger.json",
        "--icon", "icon.png", "--script", "script.csx",
    ]  # fmt: skip
    assert "--settings" not in tool_args(create) + tool_args(update)  # it would ignore --env


def test_pac_command_lines() -> None:
    create = Request("pac", "create", ENVIRONMENT, FILES, solution="ContosoSolution")
    update = Request("pac", "update", ENVIRONMENT, StagedFiles("p.json", "d.json"), PAC_ID)

    assert tool_args(create) == [
        "connector", "create", "--environment", ENVIRONMENT,
        "--api-definition-file", "apiDefinition.swagger.json",
        "--api-properties-file", "apiProperties.json", "--icon-file", "icon.png",
        "--script-file", "script.csx", "--solution-unique-name", "ContosoSolution",
    ]  # fmt: skip
    assert tool_args(update) == [
        "connector", "update", "--environment", ENVIRONMENT, "--connector-id", PAC_ID,
        "--api-definition-file", "d.json", "--api-properties-file", "p.json",
    ]  # fmt: skip
    with pytest.raises(ValueError):
        invocation(create, "/bin/pac", secret=SECRET)


def test_secret_goes_through_the_environment_when_paconns_python_is_known() -> None:
    request = Request("paconn", "create", ENVIRONMENT, FILES)

    call = invocation(request, "/venv/bin/paconn", "/venv/bin/python", SECRET)

    assert call.secret_channel == "environment"
    assert SECRET not in " ".join(call.argv)
    assert call.argv[:2] == ("/venv/bin/python", "-c")
    assert call.env[SECRET_ENV] == SECRET
    assert call.display.endswith(f"-w --secret '{MASK}'")
    assert SECRET not in repr(call) and SECRET not in call.display


def test_secret_on_the_command_line_only_without_another_way() -> None:
    call = invocation(Request("paconn", "create", ENVIRONMENT, FILES), "paconn.exe", None, SECRET)

    assert call.secret_channel == "argv"
    assert call.argv[-2:] == ("--secret", SECRET)
    assert SECRET not in call.display and SECRET not in repr(call)


def test_interpreter_is_read_from_the_console_script(tmp_path: Path) -> None:
    script = _script(tmp_path / "paconn", f"#!{sys.executable}\nprint()\n")
    env_script = _script(tmp_path / "other", "#!/usr/bin/env python3\nprint()\n")

    assert interpreter_of(str(script)) == sys.executable
    assert interpreter_of(str(env_script)) is None  # that Python may not hold paconn
    assert interpreter_of(str(tmp_path / "missing")) is None


def test_settings_keep_their_keys_and_order() -> None:
    current = {"apiProperties": "a.json", "connectorId": None, "icon": "icon.png"}

    updated = updated_settings(current, "shared_x", ENVIRONMENT)

    assert updated == {
        "environment": ENVIRONMENT,
        "apiProperties": "a.json",
        "connectorId": "shared_x",
        "icon": "icon.png",
    }
    assert updated_settings(updated, "shared_x", ENVIRONMENT) is None


# ------------------------------------------------------------------ paconn: the secret


def test_secret_reaches_paconn_but_not_any_command_line(
    fake_paconn: Path, oauth_connector: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not Path("/proc/self/cmdline").exists():
        pytest.skip("needs /proc to read a process's command line")
    env = {**os.environ, "DEPLOY_SECRET": SECRET}
    done = subprocess.run(
        [sys.executable, "-m", "connectorgen", "deploy", str(oauth_connector),
         "-e", ENVIRONMENT, "--secret-stdin"],
        input=SECRET + "\n",
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )  # fmt: skip

    assert done.returncode == 0, done.stdout + done.stderr
    [record] = _log(fake_paconn)
    assert record["argv"][-2:] == ["--secret", SECRET]  # paconn itself got it
    assert SECRET not in " ".join(record["cmdline"])  # but no command line showed it
    assert record["env_secret"] is None  # and it left the environment once read
    assert SECRET not in done.stdout + done.stderr
    assert _settings(oauth_connector)["connectorId"] == "shared_fake-5f01"


# ------------------------------------------------------------------ pac, faked


def test_pac_create_then_update(fake_pac: Path, api_key_connector: Path) -> None:
    properties = (api_key_connector / "apiProperties.json").read_bytes()

    code, out, err = run_cli("deploy", str(api_key_connector), "-e", ENVIRONMENT)

    assert code == 0, out + err
    assert f"Using pac ({fake_pac.parent / 'bin' / 'pac'})" in out
    [record] = _log(fake_pac)
    assert record["argv"] == [
        "connector", "create", "--environment", ENVIRONMENT,
        "--api-definition-file", "apiDefinition.swagger.json",
        "--api-properties-file", "apiProperties.json", "--icon-file", "icon.png",
    ]  # fmt: skip
    assert record["stdin"] == "" and record["tty"] is False
    assert "stackOwner" not in record["properties"]["properties"]
    assert record["files"] == ["apiDefinition.swagger.json", "apiProperties.json", "icon.png"]
    assert f"Created connector {PAC_ID} in environment {ENVIRONMENT}." in out
    assert "  pac: Connector created with ID" in out
    assert _settings(api_key_connector)["connectorId"] == PAC_ID
    assert _settings(api_key_connector)["environment"] == ENVIRONMENT
    assert (api_key_connector / "apiProperties.json").read_bytes() == properties

    code, out, err = run_cli("deploy", str(api_key_connector), "--solution", "ContosoSolution")

    assert code == 0, out + err
    update = _log(fake_pac)[1]["argv"]
    assert update[:6] == ["connector", "update", "--environment", ENVIRONMENT,
                          "--connector-id", PAC_ID]  # fmt: skip
    assert update[-2:] == ["--solution-unique-name", "ContosoSolution"]
    assert f"Updated connector {PAC_ID}" in out


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("fail", "error: pac create failed (exit code 1)."),
        ("error-exit-0", "error: pac create failed (exit code 0)."),
        ("signedout", "error: pac is not signed in, or its sign-in expired: run `pac auth create"),
    ],
)
def test_pac_failures(
    mode: str,
    expected: str,
    fake_pac: Path,
    api_key_connector: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FAKE_PAC_MODE", mode)
    before = snapshot(api_key_connector)

    code, out, err = run_cli("deploy", str(api_key_connector), "-e", ENVIRONMENT)

    assert code == 1
    assert expected in err
    assert "pac said:\n  Connected as someone@contoso.example\n  Error:" in err
    assert snapshot(api_key_connector) == before


def test_pac_refuses_a_secret_and_a_paconn_id(
    fake_pac: Path,
    api_key_connector: Path,
    oauth_connector: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DEPLOY_SECRET", SECRET)

    code, _, err = run_cli(
        "deploy", str(oauth_connector), "-e", ENVIRONMENT, "--tool", "pac",
        "--secret-env", "DEPLOY_SECRET",
    )  # fmt: skip
    assert code == 2
    assert "pac connector create/update take no client secret" in err

    _set(api_key_connector, connectorId="shared_made-20by-20paconn", environment=ENVIRONMENT)
    code, _, err = run_cli("deploy", str(api_key_connector))
    assert code == 1
    assert "connectorId shared_made-20by-20paconn is not a GUID" in err
    assert _log(fake_pac) == []


def test_pac_with_oauth_says_where_the_secret_goes(fake_pac: Path, oauth_connector: Path) -> None:
    code, out, _ = run_cli("deploy", str(oauth_connector), "-e", ENVIRONMENT)

    assert code == 0
    assert "note: pac takes no client secret: enter it on the connector's Security tab" in out


# ------------------------------------------------------------------ refused up front


def test_tool_missing(tools_dir: Path, api_key_connector: Path) -> None:
    code, _, err = run_cli("deploy", str(api_key_connector), "-e", ENVIRONMENT)
    assert code == 1
    assert "Neither paconn nor pac is on PATH" in err
    assert "`pipx install paconn`" in err and "virtual environment of its own" in err
    assert "dotnet tool install --global Microsoft.PowerApps.CLI.Tool" in err

    code, _, err = run_cli("deploy", str(api_key_connector), "-e", ENVIRONMENT, "--tool", "paconn")
    assert code == 1
    assert err.startswith("error: paconn is not on PATH: install paconn in a virtual environment")


def test_a_dry_run_needs_no_tool_installed(tools_dir: Path, api_key_connector: Path) -> None:
    before = {p.name: p.read_bytes() for p in api_key_connector.iterdir()}
    for extra in ((), ("--tool", "pac")):
        code, out, err = run_cli(
            "deploy", str(api_key_connector), "-e", ENVIRONMENT, "--dry-run", *extra
        )
        tool = extra[1] if extra else "paconn"
        assert code == 0, err
        assert f"{tool} is not on PATH: the command is shown as it would run once it is." in out
        assert f"  {tool} " in out and "Dry run: nothing was run" in out
    assert {p.name: p.read_bytes() for p in api_key_connector.iterdir()} == before


def test_no_environment_known(fake_pac: Path, api_key_connector: Path) -> None:
    code, _, err = run_cli("deploy", str(api_key_connector))

    assert code == 1
    assert "No environment is known: pass --environment <environment id>" in err
    assert _log(fake_pac) == []


def test_environment_differs_from_the_saved_connectors(
    fake_pac: Path, api_key_connector: Path
) -> None:
    _set(api_key_connector, connectorId=PAC_ID, environment=ENVIRONMENT)

    code, _, err = run_cli("deploy", str(api_key_connector), "-e", "Default-other")

    assert code == 1
    assert f"lives in environment {ENVIRONMENT}, not Default-other" in err
    assert "add --create" in err


def test_secret_needed_but_not_given(fake_paconn: Path, oauth_connector: Path) -> None:
    before = snapshot(oauth_connector)

    code, _, err = run_cli("deploy", str(oauth_connector), "-e", ENVIRONMENT)

    assert code == 1
    assert "paconn creates it only with the OAuth app's client secret" in err
    assert "--secret-env VARIABLE" in err and "--secret-stdin" in err
    assert _log(fake_paconn) == [] and snapshot(oauth_connector) == before


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--secret-env", "UNSET_SECRET_VARIABLE"], 1, "UNSET_SECRET_VARIABLE is not set"),
        (["--secret-env", "X", "--secret-stdin"], 2, "give --secret-env or --secret-stdin"),
        (["--solution", "S", "--tool", "paconn"], 2, "--solution is for pac"),
        (["--tool", "paconn", "-e", "https://org.crm.dynamics.com"], 1, "not a URL"),
    ],
)
def test_option_mistakes(
    args: list[str], code: int, message: str, fake_paconn: Path, oauth_connector: Path
) -> None:
    got, _, err = run_cli("deploy", str(oauth_connector), "-e", ENVIRONMENT, *args)

    assert got == code
    assert message in err
    assert "Traceback" not in err


def test_secret_stdin_refuses_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from connectorgen.cli.deploy import _read_secret
    from connectorgen.core.diagnostics import InputError

    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal())
    with pytest.raises(InputError, match="reads the secret from a pipe, not from the terminal"):
        _read_secret(None, True)


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda f: (f / "settings.json").unlink(), "has no settings.json"),
        (lambda f: (f / "settings.json").write_text("[]"), "it must hold a JSON object"),
        (lambda f: (f / "icon.png").unlink(), "Icon"),
        (lambda f: _set(f, environment=7), '"environment" is a number'),
    ],
)
def test_broken_folders(
    setup: Callable[[Path], Any], message: str, fake_pac: Path, api_key_connector: Path
) -> None:
    setup(api_key_connector)

    code, _, err = run_cli("deploy", str(api_key_connector), "-e", ENVIRONMENT)

    assert code == 1
    assert message in err


def test_dry_run_prints_the_command_and_changes_nothing(
    fake_paconn: Path, oauth_connector: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEPLOY_SECRET", SECRET)
    before = snapshot(oauth_connector)

    code, out, err = run_cli(
        "deploy", str(oauth_connector), "-e", ENVIRONMENT, "--secret-env", "DEPLOY_SECRET",
        "--dry-run",
    )  # fmt: skip

    assert code == 0, err
    assert out.splitlines()[2] == (
        f"  paconn create --env {ENVIRONMENT} --api-prop apiProperties.json "
        f"--api-def apiDefinition.swagger.json --icon icon.png -w --secret '{MASK}'"
    )
    assert "stackOwner is left out of what is uploaded" in out
    assert "Dry run: nothing was run and nothing was changed." in out
    assert SECRET not in out + err
    assert _log(fake_paconn) == []
    assert snapshot(oauth_connector) == before


def test_create_forces_a_new_connector(fake_pac: Path, api_key_connector: Path) -> None:
    _set(api_key_connector, connectorId="1b9a3c2e-0000-4000-8000-000000000001",
         environment=ENVIRONMENT)  # fmt: skip

    code, out, _ = run_cli("deploy", str(api_key_connector), "--create")

    assert code == 0
    assert _log(fake_pac)[0]["argv"][1] == "create"
    assert "is left as it is" in out
    assert _settings(api_key_connector)["connectorId"] == PAC_ID


def test_a_secret_the_connector_does_not_use_is_not_passed(
    fake_pac: Path, api_key_connector: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEPLOY_SECRET", SECRET)

    code, out, _ = run_cli(
        "deploy", str(api_key_connector), "-e", ENVIRONMENT, "--secret-env", "DEPLOY_SECRET"
    )

    assert code == 0
    assert "no OAuth client secret parameter; the secret is not used" in out
    assert SECRET not in json.dumps(_log(fake_pac))
