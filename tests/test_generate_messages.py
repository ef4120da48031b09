"""What generate prints after writing (issue 10, points 8, 13, 15): deploy commands that work
as printed (paconn never prompts, stackOwner is dealt with, pac users learn where the secret
goes), and a findings summary that says how to narrow it down."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLES_DIR
from helpers import run_check, run_cli

from connectorgen.core.platform import STATE_NAME

ENV = "Default-11111111-2222-3333-4444-555555555555"
PACONN_ID = "shared_northwind-20weather-5fccef64a0b2c9b1e7"
PAC_ID = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"


def _sample(tmp_path: Path, name: str, **changes: Any) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(SAMPLES_DIR / name, folder)
    config = folder / "config.json"
    data = json.loads(config.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    config.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return config


def _generate(config: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    return run_cli("generate", "--config", str(config), "--out", str(out), *extra)


def _steps(stdout: str) -> str:
    assert "Next steps" in stdout, stdout
    return stdout.split("Next steps", 1)[1]


def _command(steps: str, start: str) -> list[str]:
    [line] = [line.strip() for line in steps.splitlines() if line.strip().startswith(start)]
    return shlex.split(line)


# ------------------------------------------------------------------ point 13: paconn


def test_paconn_create_is_printed_without_settings_and_with_w(tmp_path: Path) -> None:
    config = _sample(tmp_path, "api-key", stackOwner=None)
    out = tmp_path / "out"

    code, stdout, stderr = _generate(config, out)

    assert code == 0, stderr
    steps = _steps(stdout)
    paconn = _command(steps, "paconn ")
    # --settings would make paconn ignore --env and prompt for a missing environment.
    assert "--settings" not in paconn and "-s" not in paconn
    assert paconn[:2] == ["paconn", "create"] and paconn[-1] == "-w"
    options = dict(zip(paconn[2:-1:2], paconn[3:-1:2], strict=True))
    assert options == {
        "--env": "ENVIRONMENT_ID",
        "--api-prop": "apiProperties.json",
        "--api-def": "apiDefinition.json",
        "--icon": "icon.png",
    }
    for value in options.values():  # every file named exists in the folder
        assert value == "ENVIRONMENT_ID" or (out / value).is_file()
    assert "ENVIRONMENT_ID: your environment's id" in steps
    assert "python -c" not in steps  # no stackOwner, no copy


def test_a_known_environment_is_filled_in(tmp_path: Path) -> None:
    config = _sample(tmp_path, "api-key", settings={"environment": ENV}, stackOwner=None)

    code, stdout, _ = _generate(config, tmp_path / "out")

    steps = _steps(stdout)
    assert _command(steps, "paconn ")[2:4] == ["--env", ENV]
    assert _command(steps, "pac ")[-2:] == ["--environment", ENV]
    assert "ENVIRONMENT_ID" not in steps


def test_a_saved_paconn_id_prints_the_update(tmp_path: Path) -> None:
    config = _sample(tmp_path, "api-key", stackOwner=None)
    out = tmp_path / "out"
    out.mkdir()
    saved = {"connectorId": PACONN_ID, "environment": ENV, "apiDefinition": "x", "icon": None}
    (out / "settings.json").write_text(json.dumps(saved))

    code, stdout, _ = _generate(config, out, "--force")

    steps = _steps(stdout)
    paconn = _command(steps, "paconn ")
    assert paconn[:6] == ["paconn", "update", "--env", ENV, "--cid", PACONN_ID]
    assert "-w" not in paconn  # update has no such option
    assert "create" not in steps  # the connector exists: no duplicate
    assert "pac connector" not in steps  # a shared_... id is paconn's, not pac's


def test_a_saved_pac_id_prints_the_pac_update(tmp_path: Path) -> None:
    config = _sample(tmp_path, "api-key", stackOwner=None)
    out = tmp_path / "out"
    out.mkdir()
    (out / "settings.json").write_text(json.dumps({"connectorId": PAC_ID, "environment": ENV}))

    code, stdout, _ = _generate(config, out, "--force")

    steps = _steps(stdout)
    assert _command(steps, "pac ") == [
        "pac",
        "connector",
        "update",
        "--settings-file",
        "settings.json",
        "--connector-id",
        PAC_ID,
    ]
    assert not [line for line in steps.splitlines() if line.strip().startswith("paconn ")]


# ------------------------------------------------------------------ connectorgen deploy


def test_connectorgen_deploy_comes_first(tmp_path: Path) -> None:
    config = _sample(tmp_path, "generic-oauth", settings={"environment": ENV})
    out = tmp_path / "out"

    code, stdout, _ = _generate(config, out)

    steps = _steps(stdout)
    first = _command(steps, "connectorgen deploy")
    assert first == ["connectorgen", "deploy", str(out), "--secret-env", "CONNECTOR_SECRET"]
    assert steps.index("connectorgen deploy") < steps.index("Or by hand")
    assert f"(cd {out})" in steps


# ------------------------------------------------------------------ point 8: stackOwner


def test_stack_owner_is_kept_and_the_printed_copy_works(tmp_path: Path) -> None:
    config = _sample(tmp_path, "multi-auth")
    out = tmp_path / "out"

    code, stdout, _ = _generate(config, out)

    properties = json.loads((out / "apiProperties.json").read_bytes())["properties"]
    assert properties["stackOwner"] == "Adatum Corporation"  # certification needs it
    steps = _steps(stdout)
    assert "stackOwner" in steps and "InvalidRequestContent" in steps
    commands = ("python -c", "paconn create", "connectorgen deploy", str(out))  # unbroken
    assert all(
        len(line) <= 100 for line in steps.splitlines() if not any(c in line for c in commands)
    )
    copy = _command(steps, "python -c")
    paconn = _command(steps, "paconn ")
    assert paconn[paconn.index("--api-prop") + 1] == "apiProperties.paconn.json"
    assert paconn[paconn.index("--secret") + 1] == "CLIENT_SECRET"  # OAuth: create needs it
    # Run the copy command as printed (this interpreter standing in for `python`).
    done = subprocess.run([sys.executable, *copy[1:]], cwd=out, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    data = (out / "apiProperties.paconn.json").read_bytes()
    data.decode("ascii")  # paconn reads it with the system code page
    stripped = json.loads(data)
    assert "stackOwner" not in stripped["properties"]
    del properties["stackOwner"]
    assert stripped["properties"] == properties


def test_the_copy_is_not_mistaken_for_a_connector_file(tmp_path: Path) -> None:
    config = _sample(tmp_path, "multi-auth")
    out = tmp_path / "out"
    _generate(config, out)
    (out / "apiProperties.paconn.json").write_text("{}")

    code, stdout, _ = _generate(config, out, "--force")
    check_code, check_out, _ = run_check([out])

    listing = stdout.split("Certification check", 1)[0]
    assert code == 0 and "apiProperties.paconn.json" not in listing  # not ours: left alone
    assert (out / "apiProperties.paconn.json").read_text() == "{}"
    assert check_code == 0, check_out


# ------------------------------------------------------------------ point 13: pac and secrets


def test_pac_users_learn_where_the_client_secret_goes(tmp_path: Path) -> None:
    config = _sample(tmp_path, "generic-oauth")

    code, stdout, _ = _generate(config, tmp_path / "out")

    steps = _steps(stdout).split("Or by hand", 1)[1]
    pac_part = " ".join(steps.split("paconn", 1)[0].split())  # prose is wrapped
    assert "pac connector create --settings-file settings.json" in pac_part
    assert "client secret" in pac_part and "Security tab" in pac_part


def test_no_secret_is_asked_for_without_oauth(tmp_path: Path) -> None:
    code, stdout, _ = _generate(_sample(tmp_path, "basic-auth"), tmp_path / "out")

    steps = _steps(stdout)
    assert "--secret" not in steps and "client secret" not in steps


# ------------------------------------------------------------------ point 15


def _noisy_config(tmp_path: Path) -> Path:
    """The api-key sample, custom profile, with one error (a basePath without its leading
    slash) and warnings of several rules (parameters without x-ms-summary or description)."""
    config = _sample(tmp_path, "api-key", profile="custom")
    definition = config.parent / "apiDefinition.json"
    doc = json.loads(definition.read_text(encoding="utf-8"))
    doc["basePath"] = doc["basePath"].lstrip("/")
    for item in doc["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict):
                for parameter in operation.get("parameters", []):
                    parameter.pop("x-ms-summary", None)
                    parameter.pop("description", None)
    definition.write_text(json.dumps(doc), encoding="utf-8")
    return config


def test_summary_shows_errors_first_then_warnings_by_rule(tmp_path: Path) -> None:
    code, stdout, _ = _generate(_noisy_config(tmp_path), tmp_path / "out")

    summary = stdout.split("Certification check", 1)[1].split("Next steps", 1)[0]
    lines = summary.splitlines()
    head = lines[0]
    assert head.startswith(" (custom): 1 error(s), ")
    total = int(head.split("error(s), ")[1].split(" warning")[0])
    assert total > 2
    assert "base-path" in lines[1] or "basePath" in lines[1]  # the error comes first
    by_rule_at = lines.index("  Warnings by rule:")
    counted = [line.split() for line in lines[by_rule_at + 1 :] if line[:8].strip().isdigit()]
    assert sorted(p[1] for p in counted) == [
        "parameter-description-required:",
        "parameter-summary-required:",
    ]
    assert sum(int(parts[0]) for parts in counted) == total
    assert "--ignore" in summary and '"ignore"' in summary and "config.json" in summary


def test_many_rules_are_cut_to_the_largest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from connectorgen.cli import generate

    monkeypatch.setattr(generate, "WARNING_RULES_SHOWN", 1)
    code, stdout, _ = _generate(_noisy_config(tmp_path), tmp_path / "out")

    lines = stdout.split("Warnings by rule:", 1)[1].splitlines()
    assert lines[1].split()[1].endswith("-required:")
    assert lines[2].split()[1:] == ["in", "1", "more", "rule(s)"]


def test_generate_ignore_is_honoured_and_recorded_for_check(tmp_path: Path) -> None:
    config = _noisy_config(tmp_path)
    out = tmp_path / "out"

    code, stdout, _ = _generate(config, out, "--ignore", "base-path-slash", "--strict")

    assert code == 0, stdout
    assert "0 error(s)" in stdout
    assert json.loads((out / STATE_NAME).read_bytes())["ignore"] == ["base-path-slash"]
    check_code, check_out, _ = run_check([out])
    assert check_code == 0 and "base-path-slash" not in check_out


def test_generate_refuses_an_unknown_ignore(tmp_path: Path) -> None:
    code, _, stderr = _generate(_sample(tmp_path, "api-key"), tmp_path / "out", "--ignore", "nope")

    assert code == 2 and "unknown rule id 'nope'" in stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_machine_formats_carry_the_edited_flag(fmt: str, tmp_path: Path) -> None:
    config = _sample(tmp_path, "api-key")
    out = tmp_path / "out"
    _generate(config, out)
    (out / "README.md").write_text("mine\n")

    code, stdout, stderr = _generate(config, out, "--force", "--format", fmt)

    assert code == 0
    assert "edited by hand" in stderr  # the file list goes to stderr with a report format
    if fmt == "json":
        files = {f["name"]: f for f in json.loads(stdout)["files"]}
        assert files["README.md"]["edited"] is True
        assert files["INTRO.md"]["edited"] is False


def test_readme_deployment_instructions_name_a_command_that_does_not_prompt(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    _generate(_sample(tmp_path, "entra-id-oauth"), out)

    readme = (out / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Deployment Instructions", 1)[1]
    [paconn] = [line for line in section.splitlines() if line.startswith("paconn ")]
    assert "--settings" not in paconn and "--env <environment id>" in paconn
    assert paconn.endswith(" -w") and "--api-def apiDefinition.json" in paconn
    assert "--script script.csx" in paconn and "--secret <client secret>" in paconn
    assert "stackOwner" in section  # the sample sets it: paconn's limitation is named
    assert "Security" in section.split("paconn", 1)[0]  # pac: where the secret goes
