"""`connectorgen import`: what it writes, what it reports, and what it refuses."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLES_DIR, snapshot

import connectorgen
from connectorgen.generator.config import load_config
from connectorgen.generator.importer.compare import differences

SECRET = "q8Fz~Wm2.Lr5_Tx9Kc1-secret"


@pytest.fixture
def connector(tmp_path: Path) -> Path:
    """A connector folder as the certification repository holds one (generate's output of the
    multi-auth sample: two parameter sets, an OAuth sign-in, a readme)."""
    folder = tmp_path / "connector"
    connectorgen.generate(SAMPLES_DIR / "multi-auth" / "config.json", folder, run_checks=False)
    return folder


def _props(folder: Path) -> dict[str, Any]:
    value: dict[str, Any] = json.loads((folder / "apiProperties.json").read_text("utf-8"))
    return value


def _write_props(folder: Path, value: dict[str, Any]) -> None:
    (folder / "apiProperties.json").write_text(json.dumps(value, indent=2), encoding="utf-8")


def _generate_again(config: Path, out: Path) -> dict[str, Any]:
    connectorgen.generate(config, out, run_checks=False)
    return _props(out)


def test_help_has_an_example(cli: Any) -> None:
    result = cli("import", "--help")
    assert result.exit_code == 0
    assert "Example: connectorgen import" in result.stdout
    assert "--out" in result.stdout


def test_import_then_generate_reproduces_the_connector(
    connector: Path, cli: Any, tmp_path: Path
) -> None:
    out = tmp_path / "imported"
    result = cli("import", connector, "--out", out)
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}:" in result.stdout
    assert "generate reproduces the connector from this config.json." in result.stdout
    assert sorted(p.name for p in out.iterdir()) == [
        "apiDefinition.json",
        "config.json",
        "config.schema.json",
        "icon.png",
    ]
    assert (out / "apiDefinition.json").read_bytes() == (
        connector / "apiDefinition.json"
    ).read_bytes()
    config = json.loads((out / "config.json").read_text())
    assert config["$schema"] == "./config.schema.json"
    assert config["signInFrom"] == "config"
    assert config["connectionParameterSets"]["sets"][0]["name"] == "api-key"
    assert "properties" not in config  # structured keys, not a copy of apiProperties.json
    load_config(out / "config.json")  # follows the schema
    again = _generate_again(out / "config.json", tmp_path / "again")
    assert differences(_props(connector), again) == []


def test_docs_and_settings_are_carried_over(connector: Path, tmp_path: Path) -> None:
    (connector / "README.md").write_text(
        "# Adatum Notes\n\nNotes for teams.\n\n## Publisher: Adatum\n\n## Prerequisites\n\n"
        "An account.\n\n```\n## not a heading\n```\n\n## Known Issues and Limitations\n\n"
        "- Slow.\n\n## API Documentation\n\nSee the site.\n",
        encoding="utf-8",
    )
    settings = json.loads((connector / "settings.json").read_text())
    settings.update(
        environment="Default-1234",
        connectorId="shared_x",
        powerAppsUrl="https://api.powerapps.com",
        powerAppsApiVersion="2016-11-01",
        deployedBy="me",
    )
    (connector / "settings.json").write_text(json.dumps(settings))
    result = connectorgen.import_connector(connector, tmp_path / "imported")
    config = json.loads(result.config.read_text())
    assert config["docs"] == {
        "summary": "Notes for teams.",
        "prerequisites": "An account.\n\n```\n## not a heading\n```",
        "knownIssues": "- Slow.",
    }
    assert config["settings"] == {
        "environment": "Default-1234",
        "connectorId": "shared_x",
        "powerAppsUrl": "https://api.powerapps.com",
        "powerAppsApiVersion": "2016-11-01",
    }
    notes = [d.message for d in result.diagnostics if d.code == "import-note"]
    assert any("README section 'API Documentation' is not carried over" in n for n in notes)
    lost = [d for d in result.diagnostics if d.code == "import-not-expressible"]
    assert [(d.pointer, d.level) for d in lost] == [("/deployedBy", "warning")]
    assert result.differences == ["settings.json deployedBy"]
    connectorgen.generate(result.config, tmp_path / "again", run_checks=False)
    again = json.loads((tmp_path / "again" / "settings.json").read_text())
    assert {k: again[k] for k in settings if k != "deployedBy"} == {
        k: v for k, v in settings.items() if k != "deployedBy"
    }


def test_what_config_cannot_express_is_reported_by_key(
    connector: Path, cli: Any, tmp_path: Path
) -> None:
    props = _props(connector)
    props["properties"]["website"] = "https://adatum.example.com"
    first = props["properties"]["connectionParameterSets"]["values"][0]["parameters"]["api_key"]
    first["uiDefinition"]["constraints"]["required"] = True
    _write_props(connector, props)
    out = tmp_path / "imported"
    result = cli("import", connector, "--out", out)
    assert result.exit_code == 0, result.output
    assert "warning:" in result.stderr
    assert "properties.website: not one of the keys paconn keeps" in result.stderr
    assert (
        "properties.connectionParameterSets.values[0].parameters.api_key.uiDefinition.constraints"
        ".required: a JSON boolean" in result.stderr
    )
    assert "except for 2 value(s) config.json cannot express" in result.stdout
    assert "  - apiProperties.json properties.website" in result.stdout
    # What import says it cannot reproduce is exactly what generate then does not reproduce.
    again = _generate_again(out / "config.json", tmp_path / "again")
    assert len(differences(props, again)) == 2


def test_a_client_secret_is_left_out(connector: Path, cli: Any, tmp_path: Path) -> None:
    props = _props(connector)
    token = props["properties"]["connectionParameterSets"]["values"][1]["parameters"]["token"]
    token["oAuthSettings"]["clientSecret"] = SECRET
    _write_props(connector, props)
    (connector / "README.md").write_text(
        f"# Notes\n\nNotes.\n\n## Getting Started\n\nUse the secret {SECRET}.\n"
    )
    out = tmp_path / "imported"
    result = cli("import", connector, "--out", out)
    assert result.exit_code == 0, result.output
    assert "a client secret is never written to config.json" in result.stderr
    assert SECRET not in result.output
    for path in out.iterdir():
        assert SECRET.encode() not in path.read_bytes(), path.name
    assert "gettingStarted" not in json.loads((out / "config.json").read_text()).get("docs", {})


def test_legacy_oauth_settings_are_improved(connector: Path, tmp_path: Path) -> None:
    props = _props(connector)
    settings = props["properties"]["connectionParameterSets"]["values"][1]["parameters"]["token"][
        "oAuthSettings"
    ]
    settings["redirectMode"] = "Global"
    settings["redirectUrl"] = "https://global.consent.azure-apim.net/redirect"
    _write_props(connector, props)
    result = connectorgen.import_connector(connector, tmp_path / "imported")
    assert result.identical
    improved = [d for d in result.diagnostics if d.code == "import-improved"]
    assert len(improved) == 2 and all(d.level == "info" for d in improved)
    again = _generate_again(result.config, tmp_path / "again")
    token = again["properties"]["connectionParameterSets"]["values"][1]["parameters"]["token"]
    assert token["oAuthSettings"]["redirectMode"] == "GlobalPerConnector"
    assert "redirectUrl" not in token["oAuthSettings"]


def test_lenient_input_is_read_and_written_strict(tmp_path: Path) -> None:
    folder = tmp_path / "connector"
    connectorgen.generate(SAMPLES_DIR / "api-key" / "config.json", folder, run_checks=False)
    definition = (folder / "apiDefinition.json").read_text("utf-8")
    lenient = "\ufeff// exported by hand\n" + definition.replace(
        '"swagger": "2.0",', '"swagger": "2.0", /* note */'
    )
    (folder / "apiDefinition.json").write_bytes(lenient.encode("utf-8"))
    props = (folder / "apiProperties.json").read_text()
    props = props.replace('"policyTemplateInstances": []', '"policyTemplateInstances": [],')
    props = props.replace("Northwind Traders", "Nörthwind Traders")
    (folder / "apiProperties.json").write_bytes(props.encode("cp1252"))
    result = connectorgen.import_connector(folder, tmp_path / "imported")
    assert result.identical, result.differences
    assert json.loads(result.config.read_text())["publisher"] == "Nörthwind Traders"
    lenient = {(Path(d.file or "").name, d.message) for d in result.diagnostics}
    assert ("apiProperties.json", "not strict JSON: a trailing comma was ignored.") in lenient
    assert ("apiDefinition.json", "not strict JSON: a /* */ comment was ignored.") in lenient
    written = (tmp_path / "imported" / "apiDefinition.json").read_bytes()
    assert json.loads(written) == json.loads(definition)  # strict JSON now, same content
    connectorgen.generate(result.config, tmp_path / "again", run_checks=False)


def _no_definition(folder: Path) -> str:
    (folder / "apiDefinition.json").unlink()
    return "has no apiDefinition.swagger.json or apiDefinition.json"


def _no_properties(folder: Path) -> str:
    (folder / "apiProperties.json").unlink()
    return "no apiProperties.json"


def _broken_properties(folder: Path) -> str:
    (folder / "apiProperties.json").write_text(
        '{"properties": {"iconBrandColor": "#000000" "x": 1}}'
    )
    return "is not valid JSON: Expecting ',' delimiter at line 1"


def _broken_definition(folder: Path) -> str:
    (folder / "apiDefinition.json").write_text('{"swagger": "2.0",\n "info": {]}')
    return "is not valid JSON"


def _array_properties(folder: Path) -> str:
    (folder / "apiProperties.json").write_text("[1, 2]")
    return "holds an array, not the JSON object of a apiProperties.json"


def _foreign_properties(folder: Path) -> str:
    shutil.copy(folder / "settings.json", folder / "apiProperties.json")
    return 'is not an apiProperties.json: it has no "properties" object'


def _foreign_definition(folder: Path) -> str:
    (folder / "apiDefinition.json").write_text('{"name": "my-package", "version": "1.0.0"}')
    return "the 'swagger' property is missing"


def _openapi3(folder: Path) -> str:
    (folder / "apiDefinition.json").write_text(
        '{"openapi": "3.0.1", "info": {"title": "x", "version": "1"}, "paths": {}}'
    )
    return "is OpenAPI 3.0.1 (JSON), not the Swagger 2.0 JSON a connector folder holds"


def _binary_definition(folder: Path) -> str:
    shutil.copy(folder / "icon.png", folder / "apiDefinition.json")
    return "binary file"


def _text_icon(folder: Path) -> str:
    (folder / "icon.png").write_text("not a picture")
    return "is not an image"


def _broken_settings(folder: Path) -> str:
    (folder / "settings.json").write_text("{")
    return "Settings file"


@pytest.mark.parametrize(
    "spoil",
    [
        _no_definition,
        _no_properties,
        _broken_properties,
        _broken_definition,
        _array_properties,
        _foreign_properties,
        _foreign_definition,
        _openapi3,
        _binary_definition,
        _text_icon,
        _broken_settings,
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    spoil: Any, connector: Path, cli: Any, tmp_path: Path
) -> None:
    expected = spoil(connector)
    out = tmp_path / "imported"
    result = cli("import", connector, "--out", out)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error: "), result.stderr
    assert str(connector) in result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_folder_must_be_a_folder(kind: str, cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "connector"
    if kind == "file":
        path.write_text("{}")
    result = cli("import", path, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert ("does not exist" if kind == "missing" else "is a file") in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_non_empty_out_needs_force_and_dry_run_writes_nothing(
    connector: Path, cli: Any, tmp_path: Path
) -> None:
    out = tmp_path / "imported"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    before = snapshot(out)
    refused = cli("import", connector, "--out", out)
    assert refused.exit_code == 1
    assert "is not empty" in refused.stderr
    assert snapshot(out) == before
    dry = cli("import", connector, "--out", out, "--dry-run")  # a preview needs no --force
    assert dry.exit_code == 0, dry.output
    assert f"Would write {out}:" in dry.stdout
    assert snapshot(out) == before
    forced = cli("import", connector, "--out", out, "--force")
    assert forced.exit_code == 0, forced.output
    assert (out / "notes.txt").read_text() == "mine"
    assert (out / "config.json").is_file()


def test_scripts_and_profiles(tmp_path: Path) -> None:
    """script.csx is copied byte for byte; the repository folder decides the profile."""
    folder = tmp_path / "independent-publisher-connectors" / "Tasks"
    connectorgen.generate(SAMPLES_DIR / "entra-id-oauth" / "config.json", folder, run_checks=False)
    script = (folder / "script.csx").read_bytes().replace(b"\n", b"\r\n")
    (folder / "script.csx").write_bytes(script)
    result = connectorgen.import_connector(folder, tmp_path / "imported")
    config = json.loads(result.config.read_text())
    assert config["profile"] == "independent-publisher"
    assert "icon" not in config  # independent publishers submit none
    assert config["script"] == {"path": "script.csx", "operations": ["completeTask"]}
    assert (tmp_path / "imported" / "script.csx").read_bytes() == script
    connectorgen.generate(result.config, tmp_path / "again", run_checks=False)
    assert (tmp_path / "again" / "script.csx").read_bytes() == script


def test_profile_and_ignore_come_from_generates_record(tmp_path: Path) -> None:
    """A folder generate wrote outside the certification repository: .connectorgen.json says
    which profile and ignore list its check used."""
    inputs = tmp_path / "inputs"
    shutil.copytree(SAMPLES_DIR / "api-key", inputs)
    config = json.loads((inputs / "config.json").read_text())
    config.update(profile="custom", ignore=["stack-owner-required"])
    (inputs / "config.json").write_text(json.dumps(config))
    connectorgen.generate(inputs / "config.json", tmp_path / "connector", run_checks=False)
    result = connectorgen.import_connector(tmp_path / "connector", tmp_path / "imported")
    imported = json.loads(result.config.read_text())
    assert imported["profile"] == "custom"
    assert imported["ignore"] == ["stack-owner-required"]
    assert result.identical


def test_generate_in_the_same_run(connector: Path, cli: Any, tmp_path: Path) -> None:
    out, again = tmp_path / "imported", tmp_path / "again"
    result = cli("import", connector, "--out", out, "--generate", again)
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}:" in result.stdout and f"Wrote {again}:" in result.stdout
    assert "Next: connectorgen generate" not in result.stdout
    assert differences(_props(connector), _props(again)) == []
    preview = cli("import", connector, "--out", tmp_path / "p", "--dry-run", "--generate", again)
    assert preview.exit_code == 2
    assert "--generate needs the config written" in preview.stderr
