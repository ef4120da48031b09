"""generate into a folder that was generated, deployed and edited before (issue 10, points 2,
3, 5, 9, 12 and 16): settings.json keeps what a deploy saved and holds no nulls, the API
definition keeps its name, a preview needs no --force, check agrees with generate, and hand
edits are noticed before they are replaced."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLES_DIR, snapshot
from helpers import run_check, run_cli

import connectorgen
from connectorgen.core.platform import STATE_NAME

# Microsoft's published paconn-settings.schema.json (PowerPlatformConnectors/schemas) types
# every key as a string; "script" is read by paconn although that schema omits it.
PACONN_SETTINGS_KEYS = {
    "connectorId",
    "environment",
    "apiProperties",
    "apiDefinition",
    "icon",
    "script",
    "powerAppsUrl",
    "powerAppsApiVersion",
    "flowUrl",
    "flowApiVersion",
}
DEPLOYED = {
    "connectorId": "shared_northwind-20weather-5fccef64a0b2c9b1e7",
    "environment": "Default-11111111-2222-3333-4444-555555555555",
    "powerAppsUrl": "https://api.powerapps.com",
    "powerAppsApiVersion": "2016-11-01",
    "flowUrl": "https://api.flow.microsoft.com",
    "flowApiVersion": "2016-11-01",
}


def _settings(out: Path) -> dict[str, Any]:
    value: dict[str, Any] = json.loads((out / "settings.json").read_bytes())
    return value


def _copy_sample(tmp_path: Path, name: str, **changes: Any) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(SAMPLES_DIR / name, folder)
    config = folder / "config.json"
    data = json.loads(config.read_text(encoding="utf-8"))
    data.update(changes)
    config.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return config


# ------------------------------------------------------------------ point 2


def test_settings_json_has_no_null(tmp_path: Path) -> None:
    config = _copy_sample(tmp_path, "api-key", profile="independent-publisher")
    del_color = json.loads(config.read_text())
    del del_color["iconBrandColor"]
    config.write_text(json.dumps(del_color))
    out = tmp_path / "out"

    connectorgen.generate(config, out)

    settings = _settings(out)
    assert set(settings) <= PACONN_SETTINGS_KEYS
    assert all(isinstance(v, str) for v in settings.values()), settings
    # Unknown values are left out, not null: no icon (independent publisher), no id yet.
    assert "icon" not in settings
    assert "connectorId" not in settings and "environment" not in settings
    assert settings["apiDefinition"] == "apiDefinition.json"


# ------------------------------------------------------------------ point 3


def test_regenerating_keeps_what_a_deploy_saved(tmp_path: Path) -> None:
    config = _copy_sample(tmp_path, "api-key")
    out = tmp_path / "out"
    connectorgen.generate(config, out)
    # What `paconn create -w` leaves behind: its own settings.json, in its own format.
    deployed = {**_settings(out), **DEPLOYED, "apiProperties": "apiProperties.json"}
    (out / "settings.json").write_text(json.dumps(deployed, indent=4), encoding="utf-8")

    result = connectorgen.generate(config, out, force=True)

    settings = _settings(out)
    for key, value in DEPLOYED.items():
        assert settings[key] == value, key
    assert settings["apiProperties"] == "apiProperties.json"
    [note] = [d for d in result.diagnostics if d.code == "settings-kept"]
    assert "connectorId" in note.message and "environment" in note.message
    assert not [d for d in result.diagnostics if d.code == "hand-edited"]


def test_config_settings_win_over_the_folder(tmp_path: Path) -> None:
    config = _copy_sample(tmp_path, "api-key", settings={"environment": "Default-new"})
    out = tmp_path / "out"
    out.mkdir()
    (out / "settings.json").write_text(json.dumps(DEPLOYED), encoding="utf-8")

    result = connectorgen.generate(config, out, force=True)

    settings = _settings(out)
    assert settings["environment"] == "Default-new"
    assert settings["connectorId"] == DEPLOYED["connectorId"]
    [note] = [d for d in result.diagnostics if d.code == "settings-kept"]
    assert "Default-new" in note.message  # says which value replaced the saved one


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b'{"connectorId": 5}'])
def test_an_unusable_settings_json_is_named(content: bytes, tmp_path: Path) -> None:
    config = _copy_sample(tmp_path, "api-key")
    out = tmp_path / "out"
    out.mkdir()
    (out / "settings.json").write_bytes(content)

    result = connectorgen.generate(config, out, force=True)

    assert "connectorId" not in _settings(out)
    warnings = [d for d in result.diagnostics if d.code == "settings-unreadable"]
    assert len(warnings) == 1 and warnings[0].level == "warning"
    assert str(out / "settings.json") in (warnings[0].file or "")


# ------------------------------------------------------------------ point 5


def test_the_input_definition_name_is_kept(
    make_connector: Callable[..., Path], tmp_path: Path
) -> None:
    config = make_connector()
    (config.parent / "apiDefinition.json").rename(config.parent / "apiDefinition.swagger.json")
    data = json.loads(config.read_text())
    data["apiDefinition"] = "apiDefinition.swagger.json"
    config.write_text(json.dumps(data))
    out = tmp_path / "out"

    connectorgen.generate(config, out)

    assert (out / "apiDefinition.swagger.json").is_file()
    assert not (out / "apiDefinition.json").exists()
    assert _settings(out)["apiDefinition"] == "apiDefinition.swagger.json"


def test_config_names_the_definition_file(
    make_connector: Callable[..., Path], tmp_path: Path
) -> None:
    config = make_connector(None, {"settings": {"apiDefinitionFile": "apiDefinition.swagger.json"}})
    out = tmp_path / "out"

    connectorgen.generate(config, out)

    assert _settings(out)["apiDefinition"] == "apiDefinition.swagger.json"
    assert (out / "apiDefinition.swagger.json").is_file()


def test_other_input_names_become_api_definition_json(
    make_connector: Callable[..., Path], tmp_path: Path
) -> None:
    config = make_connector()
    (config.parent / "apiDefinition.json").rename(config.parent / "openapi.json")
    data = json.loads(config.read_text())
    data["apiDefinition"] = "openapi.json"
    config.write_text(json.dumps(data))

    connectorgen.generate(config, tmp_path / "out")

    assert (tmp_path / "out" / "apiDefinition.json").is_file()


# ------------------------------------------------------------------ point 12


def test_dry_run_needs_no_force_and_changes_nothing(tmp_path: Path) -> None:
    config = _copy_sample(tmp_path, "api-key")
    out = tmp_path / "out"
    assert run_cli("generate", "--config", str(config), "--out", str(out))[0] == 0
    (out / "README.md").write_text("edited\n", encoding="utf-8")
    before = snapshot(out)

    code, stdout, stderr = run_cli("generate", "-c", str(config), "-o", str(out), "--dry-run")

    assert code == 0, stderr
    assert f"Would write {out}:" in stdout
    assert "overwrite README.md" in " ".join(stdout.split())
    assert "--force" in stdout  # the real run needs it, and says so
    assert "Next steps" not in stdout
    assert snapshot(out) == before


def test_without_force_a_folder_is_still_refused(tmp_path: Path) -> None:
    config = _copy_sample(tmp_path, "api-key")
    out = tmp_path / "out"
    assert run_cli("generate", "--config", str(config), "--out", str(out))[0] == 0

    code, _, stderr = run_cli("generate", "--config", str(config), "--out", str(out))

    assert code == 1 and "--force" in stderr


# ------------------------------------------------------------------ point 9


def _ip_config(tmp_path: Path) -> Path:
    config = _copy_sample(tmp_path, "api-key", profile="independent-publisher")
    data = json.loads(config.read_text())
    del data["iconBrandColor"]
    config.write_text(json.dumps(data))
    return config


def test_check_gives_the_verdict_generate_gave(tmp_path: Path) -> None:
    """An independent-publisher folder: generate said 0 errors, check demanded an icon."""
    config = _ip_config(tmp_path)
    out = tmp_path / "out"

    result = connectorgen.generate(config, out)

    assert result.profile == "independent-publisher"
    assert not [f for f in result.findings if f.level == "error"]
    code, stdout, stderr = run_check([out], fmt="json")
    assert code == 0, stdout + stderr
    report = json.loads(stdout)
    assert [f["profile"] for f in report["folders"]] == ["independent-publisher"]
    assert sorted(f["rule"] for f in report["findings"]) == sorted(f.code for f in result.findings)


def test_check_honours_the_ignore_list_generate_used(tmp_path: Path) -> None:
    config = _copy_sample(tmp_path, "api-key", ignore=["readme-sections"])
    data = json.loads(config.read_text())
    data["docs"] = {"knownIssues": ""}
    config.write_text(json.dumps(data))
    out = tmp_path / "out"
    connectorgen.generate(config, out)
    readme = (out / "README.md").read_text().replace("## Known Issues and Limitations", "")
    # Not via a hand edit: a README without the section, as generate's rules would see it.
    state = json.loads((out / STATE_NAME).read_bytes())
    assert state["profile"] == "certified" and state["ignore"] == ["readme-sections"]
    (out / "README.md").write_text(readme)

    code, stdout, _ = run_check([out])

    assert code == 0, stdout
    assert "readme-sections" not in stdout


def test_an_explicit_profile_still_wins(tmp_path: Path) -> None:
    out = tmp_path / "out"
    connectorgen.generate(_ip_config(tmp_path), out)

    code, stdout, _ = run_check([out], profile="certified")

    assert code == 1 and "icon-required" in stdout


# ------------------------------------------------------------------ point 16


def test_a_hand_edited_readme_is_named_before_it_is_replaced(tmp_path: Path) -> None:
    config = _copy_sample(tmp_path, "api-key")
    out = tmp_path / "out"
    connectorgen.generate(config, out)
    (out / "README.md").write_text("# My own words\n", encoding="utf-8")

    preview = connectorgen.generate(config, out, dry_run=True)
    result = connectorgen.generate(config, out, force=True)

    for run in (preview, result):
        [warning] = [d for d in run.diagnostics if d.code == "hand-edited"]
        assert warning.level == "warning"
        assert "README.md" in warning.message and "docs." in warning.message
        assert [a.name for a in run.files if a.edited] == ["README.md"]
    assert "# My own words" not in (out / "README.md").read_text()


def test_edits_to_other_files_say_where_the_change_belongs(tmp_path: Path) -> None:
    config = _copy_sample(tmp_path, "api-key")
    out = tmp_path / "out"
    connectorgen.generate(config, out)
    properties = json.loads((out / "apiProperties.json").read_bytes())
    properties["properties"]["capabilities"] = ["actions"]
    (out / "apiProperties.json").write_text(json.dumps(properties))

    result = connectorgen.generate(config, out, force=True)

    [warning] = [d for d in result.diagnostics if d.code == "hand-edited"]
    assert "apiProperties.json" in warning.message and "config.json" in warning.message


def test_untouched_files_and_fresh_folders_raise_no_warning(tmp_path: Path) -> None:
    config = _copy_sample(tmp_path, "multi-auth")
    out = tmp_path / "out"

    first = connectorgen.generate(config, out)
    second = connectorgen.generate(config, out, force=True)

    for run in (first, second):
        assert not [d for d in run.diagnostics if d.code == "hand-edited"]
    assert {a.verb for a in second.files} == {"identical"}


def test_the_state_file_is_deterministic_and_names_what_was_written(tmp_path: Path) -> None:
    config = _copy_sample(tmp_path, "api-key")
    one, two = tmp_path / "one", tmp_path / "two"

    connectorgen.generate(config, one)
    connectorgen.generate(config, two)

    assert (one / STATE_NAME).read_bytes() == (two / STATE_NAME).read_bytes()
    state = json.loads((one / STATE_NAME).read_bytes())
    names = {p.name for p in one.iterdir()} - {STATE_NAME}
    assert set(state["files"]) == names


def test_package_leaves_the_record_out_and_says_so(tmp_path: Path) -> None:
    from connectorgen.package.layout import left_out

    out = tmp_path / "out"
    connectorgen.generate(_ip_config(tmp_path), out)

    reasons = left_out(sorted(p.name for p in out.iterdir()), "independent-publisher")

    assert f"{STATE_NAME}: generate's record of its last run, not a connector file" in reasons
