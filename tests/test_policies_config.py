"""config.json's policies: policyTemplateInstances as real connectors write them, validated
before anything is written; and new-config's hints from the Swagger."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import connectorgen
from connectorgen.core.policy_templates import TEMPLATES
from connectorgen.generator.hints import host_hint, trigger_capabilities

HOST = {
    "region": {"type": "string", "displayName": "Region", "required": True},
}


def _generate(config: Path, tmp_path: Path) -> tuple[dict[str, Any], Any]:
    out = tmp_path / "out"
    result = connectorgen.generate(config, out, force=True)
    props = json.loads((out / "apiProperties.json").read_text())["properties"]
    return props, result


def test_every_documented_template_is_written_as_given(
    make_connector: Callable[..., Path], tmp_path: Path
) -> None:
    policies = [
        {
            "templateId": "dynamichosturl",
            "title": "Route to the region",
            "operations": ["getItem"],
            "parameters": {"urlTemplate": "https://@connectionParameters('region').contoso.com"},
        },
        {
            "templateId": "setheader",
            "title": "Accept JSON",
            "section": "Request",
            "parameters": {
                "name": "Accept",
                "value": "application/json",
                "existsAction": "override",
            },
        },
        {
            "templateId": "pollingtrigger",
            "title": "Poll",
            "type": "PollingTrigger",
            "operations": ["listItems"],
            "parameters": {
                "triggerConfig": {"since": "@{triggerBody().data[0].created}"},
                "triggerDataPath": "@triggerBody().data",
            },
        },
        {
            "templateId": "SetProperty",  # real files vary the case; it is kept
            "title": "Set a property",
            "parameters": {"x-ms-apimTemplate-operationName": ["listItems"], "custom": 1},
        },
    ]
    config = make_connector(None, {"connectionParameters": HOST, "policies": policies})
    props, result = _generate(config, tmp_path)
    assert props["policyTemplateInstances"] == [
        {
            "templateId": "dynamichosturl",
            "title": "Route to the region",
            "parameters": {
                "x-ms-apimTemplateParameter.urlTemplate": (
                    "https://@connectionParameters('region').contoso.com"
                ),
                "x-ms-apimTemplate-operationName": ["getItem"],
            },
        },
        {
            "templateId": "setheader",
            "title": "Accept JSON",
            "parameters": {
                "x-ms-apimTemplateParameter.name": "Accept",
                "x-ms-apimTemplateParameter.value": "application/json",
                "x-ms-apimTemplateParameter.existsAction": "override",
                "x-ms-apimTemplate-policySection": "Request",
            },
        },
        {
            "templateId": "pollingtrigger",
            "title": "Poll",
            "parameters": {
                "x-ms-apimTemplateParameter.triggerConfig": {
                    "since": "@{triggerBody().data[0].created}"
                },
                "x-ms-apimTemplateParameter.triggerDataPath": "@triggerBody().data",
                "x-ms-apimTemplate-operationName": ["listItems"],
            },
            "type": "PollingTrigger",
        },
        {
            "templateId": "SetProperty",
            "title": "Set a property",
            "parameters": {
                "x-ms-apimTemplate-operationName": ["listItems"],
                "x-ms-apimTemplateParameter.custom": 1,
            },
        },
    ]
    warnings = [d for d in result.diagnostics if d.code == "config-policy-template"]
    assert [d.pointer for d in warnings] == ["/policies/3/parameters/custom"]
    assert "'custom' is not a parameter of SetProperty" in warnings[0].message


def test_the_catalogue_holds_every_template_of_accepted_connectors() -> None:
    # asset-shapes §1.6, every templateId seen in the 1,033 connectors.
    assert set(TEMPLATES) == {
        "setheader",
        "dynamichosturl",
        "routerequesttoendpoint",
        "setproperty",
        "setqueryparameter",
        "pollingtrigger",
        "stringreplace",
        "convertobjecttoarray",
        "updatenextlink",
        "setvaluefromurl",
        "convertarraytoobject",
        "dynamicsubdomain",
        "moveproperties",
        "setconnectionstatustounauthenticated",
        "stringtoarray",
        "encodepropertyvalue",
    }


def test_invalid_policies_stop_generate_listing_every_problem(
    make_connector: Callable[..., Path], cli: Any, tmp_path: Path
) -> None:
    policies = [
        {
            "templateId": "dynamichosturl",
            "title": "Route",
            "operations": ["getItems", "nope"],
            "parameters": {"urlTemplate": "https://@connectionParameters('regoin')/v1"},
        },
        {"templateId": "dynamichosturl", "title": "Route", "parameters": {"urlTemplate": "a.b/v1"}},
        {
            "templateId": "setheader",
            "title": "Fallback",
            "parameters": {"name": "X", "value": "@connectionParameters('optional', 'none')"},
        },
    ]
    config = make_connector(None, {"connectionParameters": HOST, "policies": policies})
    out = tmp_path / "out"
    result = cli("generate", "--config", config, "--out", out)
    assert result.exit_code == 1, result.output
    err = result.stderr
    assert f"Config file {config}: 3 problem(s) in policies" in err
    assert (
        "policies[0] (dynamichosturl).parameters.urlTemplate: @connectionParameters('regoin')"
        in (err)
    )
    assert "did you mean 'region'?" in err
    assert "'getItems' (did you mean 'getItem'?), 'nope'" in err
    assert (
        "policies[1] (dynamichosturl).parameters.urlTemplate 'a.b/v1' is not an absolute URL"
        in (err)
    )
    assert "optional" not in err  # with a default, an absent parameter is fine
    assert "Traceback" not in result.output
    assert not out.exists()


def test_an_unknown_template_warns_once(
    make_connector: Callable[..., Path], tmp_path: Path
) -> None:
    config = make_connector(
        None,
        {"policies": [{"templateId": "sethaeder", "title": "X", "parameters": {"name": "a"}}]},
    )
    props, result = _generate(config, tmp_path)
    assert props["policyTemplateInstances"][0]["templateId"] == "sethaeder"
    codes = [d.code for d in result.diagnostics] + [f.code for f in result.findings]
    assert codes.count("config-policy-template") == 1
    assert "policy-template-unknown" not in codes  # said about config.json already
    warning = next(d for d in result.diagnostics if d.code == "config-policy-template")
    assert warning.level == "warning"
    assert "did you mean 'setheader'?" in warning.message
    assert warning.pointer == "/policies/0/templateId"


# ---------------------------------------------------------------- hints from the Swagger


@pytest.mark.parametrize(
    ("host", "parameter", "url"),
    [
        ("<your-host>", "host", "https://@connectionParameters('host')/v1"),
        ("{tenant}.contoso.com", "host", "https://@connectionParameters('host')/v1"),
        ("localhost:8080", "host", "https://@connectionParameters('host')/v1"),
        ("example.com", "host", "https://@connectionParameters('host')/v1"),
        ("api.example.com", "host", "https://@connectionParameters('host')/v1"),
        (
            "YourInstance.service-now.com",
            "instance",
            "https://@connectionParameters('instance').service-now.com/v1",
        ),
        ("mycompany.zendesk.com", "instance", None),
        ("tenant.api.contoso.com", "instance", None),
        # Celonis' Swagger: one team on a trial cluster.
        ("procurement-now.try.celonis.cloud", "host", "https://@connectionParameters('host')/v1"),
        ("api.sandbox.paypal.com", "host", None),
        ("acme.eu-1.vendor.cloud", "host", None),
    ],
)
def test_hosts_that_differ_per_customer(
    host: str, parameter: str, url: str | None, swagger_doc: Callable[..., Any]
) -> None:
    doc = swagger_doc()
    doc["host"] = host
    hint = host_hint(doc)
    assert hint is not None
    assert hint.parameter == parameter
    assert hint.entry["type"] == "string" and hint.entry["required"] is True
    if url:
        assert hint.policy["parameters"]["urlTemplate"] == url


@pytest.mark.parametrize(
    "host",
    [
        "api.contoso.com",
        "api.northwindweather.example.com",
        "graph.microsoft.com",
        "my.api.io",
        "api.us.socrata.com",
        "app.messageport.com.au",
        "apis.cm.prd.cloudapp.n-able.com",
        "services.nvd.nist.gov",
    ],
)
def test_real_hosts_get_no_hint(host: str, swagger_doc: Callable[..., Any]) -> None:
    doc = swagger_doc()
    doc["host"] = host
    assert host_hint(doc) is None


def test_new_config_proposes_an_instance_parameter_and_generate_warns_without_it(
    swagger_doc: Callable[..., Any], cli: Any, tmp_path: Path
) -> None:
    doc = swagger_doc()
    doc["host"] = "YourInstance.service-now.com"
    definition = tmp_path / "api.json"
    definition.write_text(json.dumps(doc))
    config = tmp_path / "config.json"
    made = cli("new-config", "--out", config, "--api-definition", definition)
    assert made.exit_code == 0, made.output
    assert "config.json proposes the connection parameter connectionParameters.instance" in (
        made.stderr
    )
    data = json.loads(config.read_text())
    assert data["connectionParameters"]["instance"]["displayName"] == "Instance name"
    assert data["policies"][0]["templateId"] == "dynamichosturl"

    routed = cli("generate", "--config", config, "--out", tmp_path / "a")
    assert routed.exit_code == 0, routed.output
    assert "host-placeholder" not in routed.stderr
    props = json.loads((tmp_path / "a" / "apiProperties.json").read_text())["properties"]
    assert "instance" in props["connectionParameters"]
    assert props["policyTemplateInstances"][0]["parameters"] == {
        "x-ms-apimTemplateParameter.urlTemplate": (
            "https://@connectionParameters('instance').service-now.com/v1"
        )
    }

    data["policies"], data["connectionParameters"] = [], {}
    config.write_text(json.dumps(data))
    hard_wired = cli("generate", "--config", config, "--out", tmp_path / "b")
    assert hard_wired.exit_code == 0, hard_wired.output
    assert "warning:" in hard_wired.stderr
    assert "host 'YourInstance.service-now.com' is named for one customer" in hard_wired.stderr


def test_triggers_make_capabilities(
    swagger_doc: Callable[..., Any], cli: Any, tmp_path: Path
) -> None:
    doc = swagger_doc()
    assert trigger_capabilities(doc) == []
    doc["paths"]["/items"]["get"]["x-ms-trigger"] = "batch"
    assert trigger_capabilities(doc) == ["actions", "triggers"]
    definition = tmp_path / "api.json"
    definition.write_text(json.dumps(doc))
    assert cli("new-config", "--out", tmp_path / "c.json", "-a", definition).exit_code == 0
    assert json.loads((tmp_path / "c.json").read_text())["capabilities"] == ["actions", "triggers"]
    doc["paths"]["/items/{id}"]["get"]["x-ms-trigger"] = "single"
    assert trigger_capabilities(doc) == ["triggers"]
