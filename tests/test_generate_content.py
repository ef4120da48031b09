"""What the generated files hold, per kind of authentication, in readable assertions."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE_NAMES, SAMPLES_DIR
from PIL import Image

import connectorgen

ALLOWED_PROPERTIES = {
    "connectionParameters",
    "connectionParameterSets",
    "iconBrandColor",
    "capabilities",
    "publisher",
    "stackOwner",
    "policyTemplateInstances",
    "scriptOperations",
}
SETTINGS_KEYS = {"connectorId", "environment", "apiProperties", "apiDefinition", "icon", "script"}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every sample generated once for this module: {sample: out folder}."""
    root = tmp_path_factory.mktemp("samples-out")
    outs = {}
    for sample in SAMPLE_NAMES:
        connectorgen.generate(SAMPLES_DIR / sample / "config.json", root / sample)
        outs[sample] = root / sample
    return outs


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _properties(out: Path) -> dict[str, Any]:
    return _json(out / "apiProperties.json")["properties"]


def _params(out: Path) -> dict[str, Any]:
    return _properties(out)["connectionParameters"]


def _build(
    make_connector: Callable[..., Path],
    tmp_path: Path,
    doc: dict[str, Any],
    config: dict[str, Any] | None = None,
) -> tuple[Path, Any]:
    out = tmp_path / "out"
    result = connectorgen.generate(make_connector(doc, config), out)
    return out, result


# ------------------------------------------------------------------ per auth kind


def test_api_key(generated: dict[str, Path]) -> None:
    params = _params(generated["api-key"])
    assert list(params) == ["api_key"]
    key = params["api_key"]
    assert key["type"] == "securestring"
    ui = key["uiDefinition"]
    assert ui["displayName"] == "API Key"
    assert ui["description"] and ui["tooltip"]
    assert ui["constraints"] == {"tabIndex": 2, "clearText": False, "required": "true"}
    assert _properties(generated["api-key"])["policyTemplateInstances"] == []


def test_basic(generated: dict[str, Path]) -> None:
    params = _params(generated["basic-auth"])
    assert list(params) == ["username", "password"]
    assert params["username"]["type"] == "securestring"
    assert params["password"]["type"] == "securestring"
    assert params["username"]["uiDefinition"]["constraints"] == {
        "tabIndex": 2,
        "clearText": True,
        "required": "true",
    }
    assert params["password"]["uiDefinition"]["constraints"] == {
        "tabIndex": 3,
        "clearText": False,
        "required": "true",
    }


def test_entra_id(generated: dict[str, Path]) -> None:
    out = generated["entra-id-oauth"]
    params = _params(out)
    assert list(params) == ["token", "token:TenantId"]
    token = params["token"]
    assert token["type"] == "oauthSetting"
    settings = token["oAuthSettings"]
    assert settings["identityProvider"] == "aad"
    assert settings["clientId"] == "00000000-0000-0000-0000-000000000000"
    assert settings["scopes"] == ["Tasks.ReadWrite"]
    assert settings["redirectMode"] == "GlobalPerConnector"
    assert "redirectUrl" not in settings
    custom = settings["customParameters"]
    assert "loginUrl" not in custom
    assert "loginUrl" not in (out / "apiProperties.json").read_text()
    assert custom == {
        "loginUri": {"value": "https://login.microsoftonline.com"},
        "tenantId": {"value": "common"},
        "resourceUri": {"value": "api://contoso-tasks"},
        "enableOnbehalfOfLogin": {"value": "false"},
    }
    assert settings["properties"]["AzureActiveDirectoryResourceId"] == "api://contoso-tasks"
    assert settings["properties"]["IsFirstParty"] == "False"
    assert params["token:TenantId"] == {
        "type": "string",
        "metadata": {"sourceType": "AzureActiveDirectoryTenant"},
        "uiDefinition": {"constraints": {"required": "false", "hidden": "true"}},
    }
    assert "clientSecret" not in json.dumps(params)


def test_entra_id_script_operations(generated: dict[str, Path]) -> None:
    out = generated["entra-id-oauth"]
    assert _properties(out)["scriptOperations"] == ["completeTask"]
    assert _json(out / "settings.json")["script"] == "script.csx"
    script = (out / "script.csx").read_text()
    assert "public class Script : ScriptBase" in script
    assert 'case "completeTask":' in script


def test_generic_oauth(generated: dict[str, Path]) -> None:
    out = generated["generic-oauth"]
    settings = _params(out)["token"]["oAuthSettings"]
    assert settings["identityProvider"] == "oauth2"
    assert settings["clientId"] == "fabrikam-invoices-client-id"
    assert settings["scopes"] == ["read", "write"]
    assert settings["redirectMode"] == "GlobalPerConnector"
    assert "redirectUrl" not in settings
    assert settings["customParameters"] == {
        "authorizationUrl": {"value": "https://auth.fabrikam.example.com/oauth/authorize"},
        "tokenUrl": {"value": "https://auth.fabrikam.example.com/oauth/token"},
        "refreshUrl": {"value": "https://auth.fabrikam.example.com/oauth/token"},
    }
    assert "token:TenantId" not in _params(out)
    # The sample asks for the paconn file name.
    assert (out / "apiDefinition.swagger.json").is_file()
    assert not (out / "apiDefinition.json").exists()
    assert _json(out / "settings.json")["apiDefinition"] == "apiDefinition.swagger.json"


def test_generic_oauth_refresh_url_from_config(
    make_connector: Callable[..., Path], swagger_doc: Any, tmp_path: Path
) -> None:
    doc = swagger_doc(
        security_definitions={
            "oauth": {
                "type": "oauth2",
                "flow": "accessCode",
                "authorizationUrl": "https://id.example.com/authorize",
                "tokenUrl": "https://id.example.com/token",
                "scopes": {"read": "Read"},
            }
        },
        security=[{"oauth": ["read"]}],
    )
    out, _ = _build(
        make_connector,
        tmp_path,
        doc,
        {"oauth2": {"clientId": "cid", "refreshUrl": "https://id.example.com/refresh"}},
    )
    custom = _params(out)["token"]["oAuthSettings"]["customParameters"]
    assert custom["refreshUrl"] == {"value": "https://id.example.com/refresh"}
    assert custom["authorizationUrl"] == {"value": "https://id.example.com/authorize"}


def test_client_credentials(generated: dict[str, Path]) -> None:
    out = generated["client-credentials"]
    props = _properties(out)
    params = props["connectionParameters"]
    assert list(params) == ["clientId", "clientSecret"]
    assert params["clientId"]["type"] == "string"
    assert params["clientSecret"]["type"] == "securestring"
    assert params["clientSecret"]["uiDefinition"]["constraints"]["clearText"] is False
    policies = props["policyTemplateInstances"]
    assert policies and all(p["templateId"] == "setheader" for p in policies)
    values = {
        p["parameters"]["x-ms-apimTemplateParameter.name"]: p["parameters"][
            "x-ms-apimTemplateParameter.value"
        ]
        for p in policies
    }
    assert (
        values["X-Connectorgen-Token-Url"]
        == "https://auth.wideworldparcels.example.com/oauth2/token"
    )
    assert values["X-Connectorgen-Client-Id"] == "@connectionParameters('clientId','')"
    assert values["X-Connectorgen-Client-Secret"] == "@connectionParameters('clientSecret','')"
    assert values["X-Connectorgen-Scope"] == "shipments"
    for policy in policies:
        assert policy["parameters"]["x-ms-apimTemplate-policySection"] == "Request"
    script = (out / "script.csx").read_text()
    assert "public class Script : ScriptBase" in script
    assert "public override async Task<HttpResponseMessage> ExecuteAsync()" in script
    assert '"client_credentials"' in script
    assert script.count("{") == script.count("}")
    assert _json(out / "settings.json")["script"] == "script.csx"
    assert "scriptOperations" not in props  # the script runs for every operation


def test_multi_auth(generated: dict[str, Path]) -> None:
    props = _properties(generated["multi-auth"])
    assert "connectionParameters" not in props
    sets = props["connectionParameterSets"]
    assert sets["uiDefinition"]["displayName"]
    values = sets["values"]
    assert len(values) == 2
    names = [v["name"] for v in values]
    assert len(set(names)) == 2
    assert list(values[0]["parameters"]) == ["api_key"]
    assert values[1]["parameters"]["token"]["oAuthSettings"]["identityProvider"] == "oauth2"
    for value in values:
        assert value["uiDefinition"]["displayName"]


def test_no_auth(generated: dict[str, Path]) -> None:
    props = _properties(generated["no-auth"])
    assert props["connectionParameters"] == {}
    assert props["policyTemplateInstances"] == []
    assert '"connectionParameters": {}' in (generated["no-auth"] / "apiProperties.json").read_text()


def test_implicit_flow_becomes_authorization_code_with_a_warning(
    make_connector: Callable[..., Path], swagger_doc: Any, tmp_path: Path
) -> None:
    doc = swagger_doc(
        security_definitions={
            "oauth2_implicit": {
                "type": "oauth2",
                "flow": "implicit",
                "authorizationUrl": "https://login.microsoftonline.com/common/oauth2/authorize",
                "scopes": {},
            }
        }
    )
    out, result = _build(
        make_connector,
        tmp_path,
        doc,
        {"oauth2": {"clientId": "cid", "resourceUri": "https://service.example"}},
    )
    warnings = [d for d in result.diagnostics if d.code == "auth-implicit"]
    assert len(warnings) == 1 and warnings[0].level == "warning"
    assert "implicit flow" in warnings[0].message
    params = _params(out)
    assert params["token"]["oAuthSettings"]["identityProvider"] == "aad"
    assert "token:TenantId" in params


def test_generic_implicit_flow_needs_a_token_url(
    make_connector: Callable[..., Path], swagger_doc: Any, tmp_path: Path
) -> None:
    doc = swagger_doc(
        security_definitions={
            "implicit": {
                "type": "oauth2",
                "flow": "implicit",
                "authorizationUrl": "https://id.example.com/authorize",
                "scopes": {},
            }
        }
    )
    with pytest.raises(connectorgen.InputError) as caught:
        _build(make_connector, tmp_path, doc, {"oauth2": {"clientId": "cid"}})
    assert "oauth2.tokenUrl" in caught.value.message
    out, result = _build(
        make_connector,
        tmp_path,
        doc,
        {"oauth2": {"clientId": "cid", "tokenUrl": "https://id.example.com/token"}},
    )
    custom = _params(out)["token"]["oAuthSettings"]["customParameters"]
    assert custom["tokenUrl"] == {"value": "https://id.example.com/token"}
    assert any(d.code == "auth-implicit" for d in result.diagnostics)


def test_password_flow_gets_a_script(
    make_connector: Callable[..., Path], swagger_doc: Any, tmp_path: Path
) -> None:
    doc = swagger_doc(
        security_definitions={
            "pw": {
                "type": "oauth2",
                "flow": "password",
                "tokenUrl": "https://id.example.com/token",
                "scopes": {"api": "Use the API"},
            }
        },
        security=[{"pw": ["api"]}],
    )
    out, _ = _build(make_connector, tmp_path, doc)
    props = _properties(out)
    assert list(props["connectionParameters"]) == [
        "clientId",
        "clientSecret",
        "username",
        "password",
    ]
    headers = {
        p["parameters"]["x-ms-apimTemplateParameter.name"] for p in props["policyTemplateInstances"]
    }
    assert {"X-Connectorgen-Username", "X-Connectorgen-Password"} <= headers
    script = (out / "script.csx").read_text()
    assert '"password"' in script and 'form["username"]' in script
    assert "public class Script : ScriptBase" in script
    assert _json(out / "settings.json")["script"] == "script.csx"


# ------------------------------------------------------------------ every sample


@pytest.mark.parametrize("sample", SAMPLE_NAMES)
def test_api_properties_keys(sample: str, generated: dict[str, Path]) -> None:
    data = _json(generated[sample] / "apiProperties.json")
    assert list(data) == ["properties"]
    props = data["properties"]
    assert set(props) <= ALLOWED_PROPERTIES
    assert ("connectionParameters" in props) != ("connectionParameterSets" in props)
    config = _json(SAMPLES_DIR / sample / "config.json")
    assert props["iconBrandColor"] == config["iconBrandColor"]
    assert props["publisher"] == config["publisher"]
    assert props["stackOwner"] == config["stackOwner"]
    assert props["capabilities"] == config.get("capabilities", [])


@pytest.mark.parametrize("sample", SAMPLE_NAMES)
def test_settings_json(sample: str, generated: dict[str, Path]) -> None:
    out = generated[sample]
    settings = _json(out / "settings.json")
    assert set(settings) <= SETTINGS_KEYS
    assert {"apiProperties", "apiDefinition", "icon"} <= set(settings)
    assert settings["apiProperties"] == "apiProperties.json"
    for key in ("apiProperties", "apiDefinition", "icon", "script"):
        if key in settings:
            assert (out / settings[key]).is_file(), key
    assert ("script" in settings) == (out / "script.csx").exists()
    # Not known before a deploy: left out, never null (paconn's schema types them as strings).
    assert "connectorId" not in settings and "environment" not in settings


def test_settings_from_config(make_connector: Callable[..., Path], tmp_path: Path) -> None:
    env = "Default-11111111-2222-3333-4444-555555555555"
    out, _ = _build(
        make_connector, tmp_path, None, {"settings": {"environment": env, "connectorId": "abc"}}
    )
    settings = _json(out / "settings.json")
    assert settings["environment"] == env
    assert settings["connectorId"] == "abc"
    assert "script" not in settings


@pytest.mark.parametrize("sample", SAMPLE_NAMES)
def test_api_definition_merges_contact_and_metadata(
    sample: str, generated: dict[str, Path]
) -> None:
    config = _json(SAMPLES_DIR / sample / "config.json")
    source = _json(SAMPLES_DIR / sample / config["apiDefinition"])
    name = config.get("settings", {}).get("apiDefinitionFile", "apiDefinition.json")
    definition = _json(generated[sample] / name)
    assert definition["swagger"] == "2.0"
    assert definition["info"]["contact"] == {
        **source["info"].get("contact", {}),
        **config["contact"],
    }
    metadata = {
        e["propertyName"]: e["propertyValue"] for e in definition["x-ms-connector-metadata"]
    }
    assert metadata["Website"] == config["metadata"]["website"]
    assert metadata["Privacy policy"] == config["metadata"]["privacyPolicy"]
    assert metadata["Categories"] == ";".join(config["metadata"]["categories"])
    assert definition["paths"] == source["paths"]


def test_metadata_replaces_existing_entries_in_place(
    make_connector: Callable[..., Path], swagger_doc: Any, tmp_path: Path
) -> None:
    doc = swagger_doc()
    doc["x-ms-connector-metadata"] = [
        {"propertyName": "Categories", "propertyValue": "Data"},
        {"propertyName": "Other", "propertyValue": "kept"},
    ]
    out, _ = _build(
        make_connector,
        tmp_path,
        doc,
        {"metadata": {"website": "https://example.com", "categories": ["AI", "Finance"]}},
    )
    entries = _json(out / "apiDefinition.json")["x-ms-connector-metadata"]
    assert entries == [
        {"propertyName": "Categories", "propertyValue": "AI;Finance"},
        {"propertyName": "Other", "propertyValue": "kept"},
        {"propertyName": "Website", "propertyValue": "https://example.com"},
    ]


def _headings(text: str) -> list[str]:
    return [line for line in text.splitlines() if re.match(r"#{1,3} ", line)]


@pytest.mark.parametrize("sample", SAMPLE_NAMES)
def test_readme_sections(sample: str, generated: dict[str, Path]) -> None:
    out = generated[sample]
    config = _json(SAMPLES_DIR / sample / "config.json")
    name = config.get("settings", {}).get("apiDefinitionFile", "apiDefinition.json")
    definition = _json(out / name)
    headings = _headings((out / "README.md").read_text(encoding="utf-8"))
    top = [h for h in headings if not h.startswith("### ")]
    expected = [
        f"# {definition['info']['title']}",
        f"## Publisher: {config['publisher']}",
        "## Prerequisites",
        "## Supported Operations",
        "## Obtaining Credentials",
        "## Known Issues and Limitations",
        "## Deployment Instructions",
    ]
    positions = [top.index(h) for h in expected]
    assert positions == sorted(positions), top
    assert top[0] == expected[0]
    assert top[-1] == "## Deployment Instructions"
    # One ### per operation, all inside Supported Operations.
    start = headings.index("## Supported Operations")
    end = headings.index("## Obtaining Credentials")
    operations = [h[4:] for h in headings[start + 1 : end]]
    expected_ops = [
        op.get("summary") or op["operationId"]
        for item in definition["paths"].values()
        for method, op in item.items()
        if method in ("get", "put", "post", "delete", "patch", "head", "options")
        and not op.get("deprecated")
        and op.get("x-ms-visibility") != "internal"
    ]
    assert operations == expected_ops
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "pac connector create --settings-file settings.json" in readme


@pytest.mark.parametrize("sample", SAMPLE_NAMES)
def test_intro_sections(sample: str, generated: dict[str, Path]) -> None:
    out = generated[sample]
    text = (out / "INTRO.md").read_text(encoding="utf-8")
    headings = [h for h in _headings(text) if not h.startswith("### ")]
    expected = [
        "## Publisher",
        "## Prerequisites",
        "## How to get credentials",
        "## Get started with your connector",
        "## Actions",
        "## Known issues and limitations",
    ]
    assert headings[0].startswith("# ")
    positions = [headings.index(h) for h in expected]
    assert positions == sorted(positions), headings
    assert text.count("\n### ") >= 1


def test_docs_mark_missing_text_as_todo(
    make_connector: Callable[..., Path], swagger_doc: Any, tmp_path: Path
) -> None:
    doc = swagger_doc()
    del doc["paths"]["/items"]["get"]["description"]
    doc["paths"]["/items/{id}"]["get"]["deprecated"] = True
    out, _ = _build(make_connector, tmp_path, doc)
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "## Publisher: TODO:" in readme
    assert "> TODO:" in readme
    assert "### List items" in readme
    # Every operation is documented; a deprecated one says so under its heading.
    assert "### Get an item\n\nReturns one item." in readme
    assert "_Deprecated: kept for existing flows, not offered for new ones._" in readme


def test_docs_mark_internal_operations(
    make_connector: Callable[..., Path], swagger_doc: Any, tmp_path: Path
) -> None:
    doc = swagger_doc()
    doc["paths"]["/items/{id}"]["get"]["x-ms-visibility"] = "internal"
    out, _ = _build(make_connector, tmp_path, doc)
    for name in ("README.md", "INTRO.md"):
        text = (out / name).read_text(encoding="utf-8")
        heading = text.index("### Get an item")
        note = text.index("_Internal: used by the connector itself and hidden in the designer._")
        assert note > heading
        assert "### List items" in text


@pytest.mark.parametrize("sample", SAMPLE_NAMES)
def test_icon(sample: str, generated: dict[str, Path]) -> None:
    out = generated[sample]
    color = _properties(out)["iconBrandColor"]
    rgb = tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))
    data = (out / "icon.png").read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(data)) as img:
        assert img.format == "PNG"
        assert img.size == (230, 230)
        assert img.mode == "RGB"
        for corner in ((0, 0), (229, 0), (0, 229), (229, 229)):
            assert img.getpixel(corner) == rgb, corner


# ------------------------------------------------------------------ MsIndustryLinks configs

MSIL_OAUTH = {"clientId": "", "refreshUrl": "", "tenantId": "", "resourceUri": ""}


def test_msindustrylinks_config_with_api_key_swagger(
    make_connector: Callable[..., Path], tmp_path: Path
) -> None:
    config = make_connector(
        (SAMPLES_DIR / "api-key" / "apiDefinition.json").read_bytes(),
        config_exact={
            "apiDefinition": "apiDefinition.json",
            "icon": "logo.png",
            "oauth2": dict(MSIL_OAUTH),
        },
    )
    result = connectorgen.generate(config, tmp_path / "out")
    assert not [d for d in result.diagnostics if d.level == "error"]
    assert list(_params(tmp_path / "out")) == ["api_key"]
    assert (tmp_path / "out" / "icon.png").is_file()


def test_msindustrylinks_config_with_entra_swagger(
    make_connector: Callable[..., Path], tmp_path: Path
) -> None:
    definition = (SAMPLES_DIR / "entra-id-oauth" / "apiDefinition.json").read_bytes()
    blank = make_connector(
        definition,
        config_exact={
            "apiDefinition": "apiDefinition.json",
            "icon": "logo.png",
            "oauth2": dict(MSIL_OAUTH),
        },
    )
    with pytest.raises(connectorgen.InputError) as caught:
        connectorgen.generate(blank, tmp_path / "blank-out")
    assert "oauth2.clientId" in caught.value.message
    assert not (tmp_path / "blank-out").exists()

    filled = {
        **MSIL_OAUTH,
        "clientId": "11111111-2222-3333-4444-555555555555",
        "resourceUri": "api://contoso-tasks",
    }
    config = make_connector(
        definition,
        config_exact={"apiDefinition": "apiDefinition.json", "icon": "logo.png", "oauth2": filled},
    )
    connectorgen.generate(config, tmp_path / "out")
    settings = _params(tmp_path / "out")["token"]["oAuthSettings"]
    assert settings["identityProvider"] == "aad"
    assert settings["clientId"] == filled["clientId"]
    custom = settings["customParameters"]
    assert custom["resourceUri"] == {"value": "api://contoso-tasks"}
    assert custom["tenantId"] == {"value": "common"}  # "" means not given
    assert "loginUri" in custom and "loginUrl" not in custom


def test_entra_token_url_alone_selects_aad(
    make_connector: Callable[..., Path], swagger_doc: Any, tmp_path: Path
) -> None:
    """As in MsIndustryLinks: an Entra ID authorization or token URL means aad."""
    doc = swagger_doc(
        security_definitions={
            "oauth2_auth": {
                "type": "oauth2",
                "flow": "accessCode",
                "authorizationUrl": "https://auth.contoso.com/authorize",
                "tokenUrl": "https://login.microsoftonline.com/common/oauth2/token",
                "scopes": {},
            }
        },
        security=[{"oauth2_auth": []}],
    )
    out, _ = _build(
        make_connector,
        tmp_path,
        doc,
        {"oauth2": {"clientId": "id", "resourceUri": "api://contoso"}},
    )
    params = _params(out)
    assert params["token"]["oAuthSettings"]["identityProvider"] == "aad"
    assert "token:TenantId" in params
