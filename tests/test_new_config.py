"""`connectorgen new-config`: the file it writes, what it derives, and the round trip to
`generate` (fails naming each required blank, passes once they are filled)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLES_DIR, snapshot

import connectorgen
from connectorgen.core.resources import config_schema_path, config_template


def _blanks(stdout: str, heading: str) -> list[str]:
    """The '  - key' lines under a heading of new-config's output."""
    lines = stdout.splitlines()
    if heading not in lines:
        return []
    found = []
    for line in lines[lines.index(heading) + 1 :]:
        if not line.startswith("  - "):
            break
        found.append(line[4:])
    return found


REQUIRED = "Fill in before running generate (required):"
OPTIONAL = "Fill in for certification (optional for generate):"


def _copy_sample(name: str, tmp_path: Path) -> Path:
    target = tmp_path / "inputs" / name
    shutil.copytree(SAMPLES_DIR / name, target)
    return target


def test_writes_config_and_schema(tmp_path: Path, cli: Any) -> None:
    out = tmp_path / "project" / "config.json"
    result = cli("new-config", "--out", out)

    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data == json.loads(config_template().read_text(encoding="utf-8"))
    assert data["$schema"] == "./config.schema.json"
    schema = out.parent / "config.schema.json"
    assert schema.read_bytes() == config_schema_path().read_bytes()
    assert f"Wrote {out}." in result.stdout
    assert _blanks(result.stdout, REQUIRED) == ["apiDefinition"]
    assert "oauth2.clientId" in _blanks(result.stdout, OPTIONAL)
    assert f"connectorgen generate --config {out} --out <folder>" in result.stdout
    # Without an API definition the MsIndustryLinks oauth2 keys are kept.
    assert {"clientId", "refreshUrl", "tenantId", "resourceUri"} <= set(data["oauth2"])


def test_default_out_is_config_json_in_cwd(
    tmp_path: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli("new-config").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.json", "config.schema.json"]


def test_refuses_to_overwrite_without_force(tmp_path: Path, cli: Any) -> None:
    out = tmp_path / "config.json"
    out.write_text('{"apiDefinition": "mine.json"}\n')
    before = snapshot(tmp_path)

    result = cli("new-config", "--out", out)

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"{out} exists already" in result.stderr
    assert "--force" in result.stderr
    assert snapshot(tmp_path) == before

    forced = cli("new-config", "--out", out, "--force")
    assert forced.exit_code == 0, forced.output
    assert json.loads(out.read_text())["apiDefinition"] == ""


def test_refuses_a_folder_as_out(tmp_path: Path, cli: Any) -> None:
    result = cli("new-config", "--out", tmp_path)
    assert result.exit_code == 1
    assert "is a folder" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_keeps_a_changed_schema_file_with_a_warning(tmp_path: Path, cli: Any) -> None:
    (tmp_path / "config.schema.json").write_text("{}")
    result = cli("new-config", "--out", tmp_path / "config.json")
    assert result.exit_code == 0
    assert (tmp_path / "config.schema.json").read_text() == "{}"
    assert "config.schema.json differs" in result.stderr


@pytest.mark.parametrize(
    ("sample", "oauth_keys", "required"),
    [
        (
            "entra-id-oauth",
            ["clientId", "tenantId", "resourceUri", "scopes"],
            ["oauth2.clientId", "oauth2.resourceUri"],
        ),
        ("generic-oauth", ["clientId", "refreshUrl", "scopes"], ["oauth2.clientId"]),
        ("api-key", None, []),
        ("no-auth", None, []),
        ("basic-auth", None, []),
        ("client-credentials", ["scopes"], []),
    ],
)
def test_derives_oauth_keys_from_the_definition(
    sample: str, oauth_keys: list[str] | None, required: list[str], tmp_path: Path, cli: Any
) -> None:
    inputs = _copy_sample(sample, tmp_path)
    out = tmp_path / "new" / "config.json"

    result = cli(
        "new-config",
        "--out",
        out,
        "--api-definition",
        inputs / "apiDefinition.json",
        "--icon",
        inputs / "logo.png",
    )

    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    if oauth_keys is None:
        assert "oauth2" not in data
    else:
        assert list(data["oauth2"]) == oauth_keys
        assert all(v in ("", []) for v in data["oauth2"].values())
    assert _blanks(result.stdout, REQUIRED) == required
    assert data["apiDefinition"] == "../inputs/" + sample + "/apiDefinition.json"
    assert data["icon"] == "../inputs/" + sample + "/logo.png"
    title = json.loads((inputs / "apiDefinition.json").read_text())["info"]["title"]
    assert data["stackOwner"] == title


def _fill(path: Path, **oauth: str) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["oauth2"].update(oauth)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def test_round_trip_entra_id(tmp_path: Path, cli: Any) -> None:
    inputs = _copy_sample("entra-id-oauth", tmp_path)
    config = tmp_path / "work" / "config.json"
    out = tmp_path / "work" / "connector"
    made = cli(
        "new-config",
        "--out",
        config,
        "--api-definition",
        inputs / "apiDefinition.json",
        "--icon",
        inputs / "logo.png",
    )
    assert made.exit_code == 0, made.output

    first = cli("generate", "--config", config, "--out", out)
    assert first.exit_code == 1
    # Every required blank is named at once.
    assert "  - oauth2.clientId: " in first.stderr
    assert "  - oauth2.resourceUri: " in first.stderr
    assert "Traceback" not in first.output
    assert not out.exists()

    _fill(config, clientId="11111111-2222-3333-4444-555555555555")
    second = cli("generate", "--config", config, "--out", out)
    assert second.exit_code == 1
    assert "  - oauth2.resourceUri: " in second.stderr
    assert "oauth2.clientId" not in second.stderr
    assert not out.exists()

    _fill(config, resourceUri="api://contoso-tasks")
    third = cli("generate", "--config", config, "--out", out)
    assert third.exit_code == 0, third.output
    properties = json.loads((out / "apiProperties.json").read_text())["properties"]
    settings = properties["connectionParameters"]["token"]["oAuthSettings"]
    assert settings["identityProvider"] == "aad"
    assert settings["customParameters"]["resourceUri"] == {"value": "api://contoso-tasks"}
    assert (out / "icon.png").is_file()


def test_round_trip_api_key(tmp_path: Path, cli: Any) -> None:
    inputs = _copy_sample("api-key", tmp_path)
    config = tmp_path / "work" / "config.json"
    made = cli("new-config", "--out", config, "--api-definition", inputs / "apiDefinition.json")
    assert made.exit_code == 0, made.output
    assert _blanks(made.stdout, REQUIRED) == []

    result = cli("generate", "--config", config, "--out", tmp_path / "work" / "connector")
    assert result.exit_code == 0, result.output
    props = json.loads((tmp_path / "work" / "connector" / "apiProperties.json").read_text())
    assert list(props["properties"]["connectionParameters"]) == ["api_key"]


def test_round_trip_without_api_definition(tmp_path: Path, cli: Any) -> None:
    inputs = _copy_sample("api-key", tmp_path)
    config = tmp_path / "config.json"
    assert cli("new-config", "--out", config).exit_code == 0

    blank = cli("generate", "--config", config, "--out", tmp_path / "out")
    assert blank.exit_code == 1
    assert "apiDefinition: must not be empty" in blank.stderr
    assert not (tmp_path / "out").exists()

    data = json.loads(config.read_text())
    data["apiDefinition"] = "inputs/api-key/apiDefinition.json"
    data["icon"] = "inputs/api-key/logo.png"
    config.write_text(json.dumps(data, indent=2))
    assert inputs.exists()
    filled = cli("generate", "--config", config, "--out", tmp_path / "out")
    assert filled.exit_code == 0, filled.output


@pytest.mark.parametrize("problem", ["missing", "openapi3", "asyncapi"])
def test_bad_api_definition_is_refused(problem: str, tmp_path: Path, cli: Any) -> None:
    definition = tmp_path / "api.json"
    if problem == "openapi3":
        definition.write_text('{"openapi": "3.0.0", "info": {"title": "x"}, "paths": []}')
    if problem == "asyncapi":
        definition.write_text('{"asyncapi": "2.6.0", "info": {"title": "x"}, "channels": {}}')
    out = tmp_path / "new" / "config.json"
    result = cli("new-config", "--out", out, "--api-definition", definition)
    assert result.exit_code == 1
    assert "api.json" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_works_without_a_terminal(tmp_path: Path) -> None:
    """stdin closed (not just empty): no prompt, no crash."""
    proc = subprocess.run(
        [
            "sh",
            "-c",
            'exec "$0" -m connectorgen new-config --out sub/config.json 0<&-',
            sys.executable,
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert (tmp_path / "sub" / "config.json").is_file()
    assert (tmp_path / "sub" / "config.schema.json").is_file()

    proc = subprocess.run(
        [sys.executable, "-m", "connectorgen", "new-config", "--out", "sub/config.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 1
    assert "exists already" in proc.stderr


def test_python_api_new_config(tmp_path: Path) -> None:
    inputs = _copy_sample("generic-oauth", tmp_path)
    result = connectorgen.new_config(
        tmp_path / "config.json", api_definition=inputs / "apiDefinition.json"
    )
    assert result.path == tmp_path / "config.json"
    assert result.required_blanks == ["oauth2.clientId"]
    assert "publisher" in result.optional_blanks
    assert isinstance(result.diagnostics, list)
    with pytest.raises(connectorgen.InputError):
        connectorgen.new_config(tmp_path / "config.json")
    again = connectorgen.new_config(tmp_path / "config.json", force=True)
    assert again.required_blanks == ["apiDefinition"]


# ------------------------------------------------------------------ issue 10, points 10 and 11

DEFAULTS_HEADING = "Optional (left empty, generate uses the default shown):"


def test_a_missing_icon_is_refused(tmp_path: Path, cli: Any) -> None:
    inputs = _copy_sample("api-key", tmp_path)
    out = tmp_path / "new" / "config.json"

    result = cli(
        "new-config", "-o", out, "-a", inputs / "apiDefinition.json", "-i", tmp_path / "missing.png"
    )

    assert result.exit_code == 1
    assert "missing.png" in result.stderr and "does not exist" in result.stderr
    assert "Traceback" not in result.output
    assert not out.parent.exists()


def test_an_icon_that_is_a_folder_is_refused(tmp_path: Path, cli: Any) -> None:
    result = cli("new-config", "-o", tmp_path / "config.json", "-i", tmp_path)

    assert result.exit_code == 1 and "folder" in result.stderr
    assert not (tmp_path / "config.json").exists()


def _vendor_swagger(tmp_path: Path) -> Path:
    doc = json.loads((SAMPLES_DIR / "api-key" / "apiDefinition.json").read_text())
    doc["info"]["contact"] = {
        "name": "Vendor Support",
        "url": "https://vendor.example.com/support",
        "email": "help@vendor.example.com",
    }
    doc["x-ms-connector-metadata"] = [
        {"propertyName": "Website", "propertyValue": "https://vendor.example.com"},
        {"propertyName": "Privacy policy", "propertyValue": "https://vendor.example.com/privacy"},
        {"propertyName": "Categories", "propertyValue": "AI;Data"},
    ]
    path = tmp_path / "vendor.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_values_the_swagger_holds_are_prefilled_not_asked_for(tmp_path: Path, cli: Any) -> None:
    out = tmp_path / "config.json"

    result = cli("new-config", "-o", out, "-a", _vendor_swagger(tmp_path))

    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["metadata"] == {
        "website": "https://vendor.example.com",
        "privacyPolicy": "https://vendor.example.com/privacy",
        "categories": ["AI", "Data"],
    }
    assert data["contact"] == {
        "name": "Vendor Support",
        "url": "https://vendor.example.com/support",
        "email": "help@vendor.example.com",
    }
    listed = _blanks(result.stdout, OPTIONAL)
    for key in ("metadata.website", "metadata.privacyPolicy", "metadata.categories", "contact.url"):
        assert key not in listed


def test_prefilled_config_leaves_the_vendors_values_unchanged(tmp_path: Path, cli: Any) -> None:
    """Filling the blanks used to overwrite the vendor's own x-ms-connector-metadata."""
    swagger = _vendor_swagger(tmp_path)
    config = tmp_path / "config.json"
    cli("new-config", "-o", config, "-a", swagger, "-i", SAMPLES_DIR / "api-key" / "logo.png")

    result = cli("generate", "-c", config, "-o", tmp_path / "out")

    assert result.exit_code == 0, result.output
    written = json.loads((tmp_path / "out" / "apiDefinition.json").read_bytes())
    original = json.loads(swagger.read_bytes())
    assert written["x-ms-connector-metadata"] == original["x-ms-connector-metadata"]
    assert written["info"]["contact"] == original["info"]["contact"]


def test_values_the_schema_refuses_are_not_prefilled(tmp_path: Path, cli: Any) -> None:
    doc = json.loads((SAMPLES_DIR / "api-key" / "apiDefinition.json").read_text())
    doc["x-ms-connector-metadata"] = [
        {"propertyName": "Website", "propertyValue": "vendor.example.com"},  # not absolute
        {"propertyName": "Categories", "propertyValue": "Data;Weather;AI"},  # Weather unknown
    ]
    definition = tmp_path / "api.json"
    definition.write_text(json.dumps(doc))
    out = tmp_path / "config.json"

    result = cli("new-config", "-o", out, "-a", definition)

    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["metadata"]["website"] == ""
    assert data["metadata"]["categories"] == ["Data", "AI"]
    assert "metadata.website" in _blanks(result.stdout, OPTIONAL)
    # The config it wrote passes its own schema: generate accepts it.
    assert cli("generate", "-c", out, "-o", tmp_path / "o").exit_code == 0


def test_profile_and_publisher_options(tmp_path: Path, cli: Any) -> None:
    inputs = _copy_sample("api-key", tmp_path)
    out = tmp_path / "config.json"

    result = cli(
        "new-config",
        "-o",
        out,
        "-a",
        inputs / "apiDefinition.json",
        "--profile",
        "independent-publisher",
        "--publisher",
        "Troy Taylor",
    )

    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["profile"] == "independent-publisher"
    assert data["publisher"] == "Troy Taylor"
    assert "publisher" not in _blanks(result.stdout, OPTIONAL)
    # Independent publishers submit no icon and use #da3b01: nothing to fill in for those.
    assert "icon" not in _blanks(result.stdout, OPTIONAL)
    assert "iconBrandColor" not in _blanks(result.stdout, OPTIONAL)
    generated = cli("generate", "-c", out, "-o", tmp_path / "o")
    assert generated.exit_code == 0, generated.output
    assert "Certification check (independent-publisher)" in generated.stdout
    for rule in ("icon-required", "brand-color", "icon-"):
        assert rule not in generated.stdout  # nothing about the icon or its colour


def test_an_unknown_profile_is_a_usage_error(tmp_path: Path, cli: Any) -> None:
    result = cli("new-config", "-o", tmp_path / "c.json", "--profile", "gold")

    assert result.exit_code == 2
    assert not (tmp_path / "c.json").exists()


def test_certified_icon_is_not_called_optional(tmp_path: Path, cli: Any) -> None:
    """Without an icon the certified profile fails (icon-required): it is not optional."""
    inputs = _copy_sample("api-key", tmp_path)
    out = tmp_path / "config.json"

    result = cli("new-config", "-o", out, "-a", inputs / "apiDefinition.json")

    defaults = _blanks(result.stdout, DEFAULTS_HEADING)
    assert not [line for line in defaults if line.startswith(("icon:", "iconBrandColor:"))]
    assert {"icon", "iconBrandColor"} <= set(_blanks(result.stdout, OPTIONAL))


def test_with_an_icon_the_brand_colour_may_stay_empty(tmp_path: Path, cli: Any) -> None:
    inputs = _copy_sample("api-key", tmp_path)
    out = tmp_path / "config.json"

    result = cli(
        "new-config", "-o", out, "-a", inputs / "apiDefinition.json", "-i", inputs / "logo.png"
    )

    defaults = _blanks(result.stdout, DEFAULTS_HEADING)
    assert "iconBrandColor: the colour of the icon's background" in defaults
    assert "icon" not in _blanks(result.stdout, OPTIONAL)
