"""config.json's connection parameters: extra ones, overrides of the sign-in ones, parameter
sets, signInFrom config, and the OAuth keys that describe real oAuthSettings."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import connectorgen
from connectorgen import InputError

API_KEY = {"API Key": {"type": "apiKey", "in": "header", "name": "x-access-key"}}
BASIC = {"basic_auth": {"type": "basic"}}
OAUTH = {
    "oauth2_auth": {
        "type": "oauth2",
        "flow": "accessCode",
        "authorizationUrl": "https://login.contoso.example/authorize",
        "tokenUrl": "https://login.contoso.example/token",
        "scopes": {"read": "Read"},
    }
}


def _properties(config: Path, tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / "out"
    connectorgen.generate(config, out, force=True, run_checks=False)
    props: dict[str, Any] = json.loads((out / "apiProperties.json").read_text())["properties"]
    return props


def test_sign_in_labels_are_overridden(
    make_connector: Callable[..., Path], swagger_doc: Callable[..., Any], tmp_path: Path
) -> None:
    """Airmeet's key is labelled x-access-key, Babybots' user name Email Address."""
    key = make_connector(
        swagger_doc(security_definitions=API_KEY, security=[{"API Key": []}]),
        {"connectionParameters": {"api_key": {"displayName": "x-access-key", "tooltip": None}}},
    )
    ui = _properties(key, tmp_path)["connectionParameters"]["api_key"]["uiDefinition"]
    assert ui["displayName"] == "x-access-key"
    assert "tooltip" not in ui  # null removes a field
    assert ui["description"] == "The API Key sent in the x-access-key header"  # kept
    assert ui["constraints"] == {"tabIndex": 2, "clearText": False, "required": "true"}

    basic = make_connector(
        swagger_doc(security_definitions=BASIC, security=[{"basic_auth": []}]),
        {
            "connectionParameters": {
                "username": {"displayName": "Email Address", "type": "string"},
                "password": {"displayName": "Password", "clearText": None},
            }
        },
    )
    params = _properties(basic, tmp_path)["connectionParameters"]
    assert params["username"]["type"] == "string"
    assert params["username"]["uiDefinition"]["displayName"] == "Email Address"
    assert "clearText" not in params["password"]["uiDefinition"]["constraints"]


def test_extra_parameters_of_every_kind(
    make_connector: Callable[..., Path], swagger_doc: Callable[..., Any], tmp_path: Path
) -> None:
    config = make_connector(
        swagger_doc(security_definitions=API_KEY, security=[{"API Key": []}]),
        {
            "connectionParameters": {
                "region": {
                    "type": "string",
                    "displayName": "Region",
                    "description": "Where your account lives",
                    "required": True,
                    "tabIndex": 1,
                    "allowedValues": [{"text": "Europe", "value": "eu"}, {"value": "us"}],
                    "default": "us",
                },
                "pageSize": {"type": "int", "displayName": "Page size", "default": 50},
                "sandbox": {"type": "bool", "hidden": True, "required": False},
                "tenant": {"type": "string", "metadata": {"sourceType": "Custom"}},
            }
        },
    )
    params = _properties(config, tmp_path)["connectionParameters"]
    assert list(params) == ["api_key", "region", "pageSize", "sandbox", "tenant"]
    assert params["region"] == {
        "type": "string",
        "defaultValue": "us",
        "uiDefinition": {
            "displayName": "Region",
            "description": "Where your account lives",
            "constraints": {
                "tabIndex": 1,
                "allowedValues": [{"text": "Europe", "value": "eu"}, {"value": "us"}],
                "required": "true",
            },
        },
    }
    assert params["pageSize"] == {
        "type": "int",
        "defaultValue": 50,
        "uiDefinition": {"displayName": "Page size"},
    }
    assert params["sandbox"]["uiDefinition"]["constraints"] == {
        "required": "false",
        "hidden": "true",
    }
    assert params["tenant"] == {"type": "string", "metadata": {"sourceType": "Custom"}}


def test_a_derived_parameter_can_be_removed(
    make_connector: Callable[..., Path], swagger_doc: Callable[..., Any], tmp_path: Path
) -> None:
    config = make_connector(
        swagger_doc(
            security_definitions={
                "aad": {**OAUTH["oauth2_auth"], "authorizationUrl": "https://login.windows.net/a"}
            },
            security=[{"aad": []}],
        ),
        {
            "oauth2": {"clientId": "abc", "resourceUri": "api://x"},
            "connectionParameters": {"token:TenantId": None},
        },
    )
    params = _properties(config, tmp_path)["connectionParameters"]
    assert list(params) == ["token"]


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ({"region": {"displayName": "Region"}}, "needs a type"),
        ({"api_kye": {"displayName": "Key"}}, "did you mean 'api_key'?"),
        ({"region": None}, "cannot be removed"),
        ({"token": {"type": "oauthSetting"}}, '"signInFrom": "config"'),
    ],
)
def test_wrong_entries_stop_generate_naming_the_key(
    entries: dict[str, Any],
    message: str,
    make_connector: Callable[..., Path],
    swagger_doc: Callable[..., Any],
    cli: Any,
    tmp_path: Path,
) -> None:
    config = make_connector(
        swagger_doc(security_definitions=API_KEY, security=[{"API Key": []}]),
        {"connectionParameters": entries},
    )
    out = tmp_path / "out"
    result = cli("generate", "--config", config, "--out", out)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"Config file {config}" in result.stderr
    assert f"connectionParameters.{next(iter(entries))}" in result.stderr
    assert message in result.stderr
    assert not out.exists()


def test_sets_get_extra_parameters_and_set_overrides(
    make_connector: Callable[..., Path], swagger_doc: Callable[..., Any], tmp_path: Path
) -> None:
    config = make_connector(
        swagger_doc(
            security_definitions={**API_KEY, **OAUTH},
            security=[{"API Key": []}, {"oauth2_auth": ["read"]}],
        ),
        {
            "oauth2": {"clientId": "abc"},
            "connectionParameters": {
                "region": {"type": "string", "displayName": "Region", "required": True}
            },
            "connectionParameterSets": {
                "displayName": "Sign in with",
                "sets": [
                    {
                        "name": "api-key",
                        "displayName": "Key",
                        "metadata": {"allowSharing": False},
                        "parameters": {"api_key": {"displayName": "Access key"}},
                    }
                ],
            },
        },
    )
    props = _properties(config, tmp_path)
    assert "connectionParameters" not in props
    sets = props["connectionParameterSets"]
    assert sets["uiDefinition"] == {
        "displayName": "Sign in with",
        "description": "The kind of sign-in this connection uses.",
    }
    key_set, oauth_set = sets["values"]
    assert key_set["uiDefinition"]["displayName"] == "Key"
    assert key_set["metadata"] == {"allowSharing": False}
    assert list(key_set) == ["name", "uiDefinition", "metadata", "parameters"]
    assert key_set["parameters"]["api_key"]["uiDefinition"]["displayName"] == "Access key"
    assert list(key_set["parameters"]) == ["api_key", "region"]
    assert list(oauth_set["parameters"]) == ["token", "region"]


def test_a_set_must_be_derived(
    make_connector: Callable[..., Path], swagger_doc: Callable[..., Any], tmp_path: Path
) -> None:
    config = make_connector(
        swagger_doc(
            security_definitions={**API_KEY, **OAUTH},
            security=[{"API Key": []}, {"oauth2_auth": []}],
        ),
        {
            "oauth2": {"clientId": "abc"},
            "connectionParameterSets": {"sets": [{"name": "api-kye"}]},
        },
    )
    with pytest.raises(InputError) as caught:
        connectorgen.generate(config, tmp_path / "out")
    assert "connectionParameterSets.sets[0].name" in caught.value.message
    assert "did you mean 'api-key'?" in caught.value.message


def test_sign_in_from_config_lists_every_parameter(
    make_connector: Callable[..., Path], swagger_doc: Callable[..., Any], tmp_path: Path
) -> None:
    """No security definition at all, yet an OAuth sign-in (26 accepted connectors do this)."""
    config = make_connector(
        swagger_doc(),
        {
            "signInFrom": "config",
            "oauth2": {
                "identityProvider": "aadcertificate",
                "clientId": None,
                "scopes": None,
                "resourceUri": "https://management.azure.com/",
                "loginUri": "https://login.windows.net",
                "redirectMode": None,
                "azureActiveDirectoryResourceId": None,
                "onBehalfOfLoginSupported": None,
                "customParameters": {"enableOnbehalfOfLogin": None, "loginUriAAD": "x"},
            },
            "connectionParameters": {
                "token": {"type": "oauthSetting", "displayName": "Sign in"},
                "region": {"type": "string", "required": True},
            },
        },
    )
    params = _properties(config, tmp_path)["connectionParameters"]
    assert list(params) == ["token", "region"]  # no token:TenantId unless listed
    assert params["token"]["uiDefinition"] == {"displayName": "Sign in"}
    assert params["token"]["oAuthSettings"] == {
        "identityProvider": "aadcertificate",
        "clientId": "",
        "scopes": [],
        "properties": {"IsFirstParty": "True"},
        "customParameters": {
            "loginUri": {"value": "https://login.windows.net"},
            "tenantId": {"value": "common"},
            "resourceUri": {"value": "https://management.azure.com/"},
            "loginUriAAD": {"value": "x"},
        },
    }


def test_sign_in_from_config_with_sets_and_own_oauth(
    make_connector: Callable[..., Path], swagger_doc: Callable[..., Any], tmp_path: Path
) -> None:
    oauth = {
        "identityProvider": "oauth2",
        "clientId": "one",
        "authorizationUrl": "https://a.example/authorize",
        "tokenUrl": "https://a.example/token",
        "scopes": ["x"],
        "isFirstParty": None,
        "onBehalfOfLoginSupported": None,
    }
    config = make_connector(
        swagger_doc(),
        {
            "signInFrom": "config",
            "oauth2": oauth,
            "connectionParameters": {"token": {"type": "oauthSetting"}},
            "connectionParameterSets": {
                "sets": [
                    {"name": "a", "parameters": {"token": {"type": "oauthSetting"}}},
                    {
                        "name": "b",
                        "parameters": {
                            "token": {
                                "type": "oauthSetting",
                                "oauth2": {
                                    **oauth,
                                    "clientId": "two",
                                    "customParameters": {
                                        "refreshUrl": None,
                                    },
                                },
                            }
                        },
                    },
                ]
            },
        },
    )
    props = _properties(config, tmp_path)
    top = props["connectionParameters"]["token"]["oAuthSettings"]
    assert top["clientId"] == "one" and "properties" not in top
    assert top["customParameters"]["refreshUrl"] == {"value": "https://a.example/token"}
    second = props["connectionParameterSets"]["values"][1]["parameters"]["token"]["oAuthSettings"]
    assert second["clientId"] == "two"
    assert "refreshUrl" not in second["customParameters"]


def test_sign_in_from_config_needs_types_and_urls(
    make_connector: Callable[..., Path], swagger_doc: Callable[..., Any], tmp_path: Path
) -> None:
    config = make_connector(
        swagger_doc(),
        {
            "signInFrom": "config",
            "oauth2": {"clientId": "abc", "identityProvider": "oauth2"},
            "connectionParameters": {"token": {"type": "oauthSetting"}, "x": {"required": True}},
        },
    )
    with pytest.raises(InputError) as caught:
        connectorgen.generate(config, tmp_path / "out")
    message = caught.value.message
    assert 'connectionParameters.x: with "signInFrom": "config" every parameter needs a type' in (
        message
    )
    assert "oauth2.authorizationUrl: required" in message
    assert "oauth2.tokenUrl: required" in message


def test_null_leaves_keys_out_and_empty_script_operations_are_written(
    make_connector: Callable[..., Path], swagger_doc: Callable[..., Any], tmp_path: Path
) -> None:
    config = make_connector(
        swagger_doc(),
        {
            "signInFrom": "config",
            "connectionParameters": None,
            "capabilities": None,
            "policies": None,
            "iconBrandColor": "#EE3C2D",
            "script": {"operations": []},
        },
    )
    props = _properties(config, tmp_path)
    assert props == {"iconBrandColor": "#EE3C2D", "scriptOperations": []}
    assert not (tmp_path / "out" / "script.csx").exists()


def test_generic_oauth_keys(
    make_connector: Callable[..., Path], swagger_doc: Callable[..., Any], tmp_path: Path
) -> None:
    config = make_connector(
        swagger_doc(security_definitions=OAUTH, security=[{"oauth2_auth": ["read"]}]),
        {
            "oauth2": {
                "clientId": "abc",
                "identityProvider": "oauth2generic",
                "scopes": None,
                "redirectMode": "Direct",
                "customParameters": {
                    "tokenBodyTemplate": "grant_type=authorization_code&code={Code}",
                    "scopeListDelimiter": " ",
                },
            }
        },
    )
    settings = _properties(config, tmp_path)["connectionParameters"]["token"]["oAuthSettings"]
    assert settings["scopes"] == []
    assert settings["redirectMode"] == "Direct"
    assert settings["customParameters"] == {
        "authorizationUrlTemplate": {"value": "https://login.contoso.example/authorize"},
        "tokenUrlTemplate": {"value": "https://login.contoso.example/token"},
        "refreshUrlTemplate": {"value": "https://login.contoso.example/token"},
        "tokenBodyTemplate": {"value": "grant_type=authorization_code&code={Code}"},
        "scopeListDelimiter": {"value": " "},
    }


def test_schema_errors_name_the_field(
    make_connector: Callable[..., Path], swagger_doc: Callable[..., Any], tmp_path: Path
) -> None:
    config = make_connector(
        swagger_doc(),
        {
            "connectionParameters": {"host": {"type": "strin", "displayName": 3}},
            "policies": [{"templateId": "setheader"}],
        },
    )
    with pytest.raises(InputError) as caught:
        connectorgen.generate(config, tmp_path / "out")
    message = caught.value.message
    assert 'connectionParameters.host.type: "strin" is not one of' in message
    assert "connectionParameters.host.displayName: expected string or null, got a number." in (
        message
    )
    assert "policies[0].title: required key is missing." in message
