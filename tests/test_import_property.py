"""import on any apiProperties.json: never a crash, always a config generate accepts, and
every difference generate then leaves is one import reported.

The inputs are built from the shapes of real connectors (asset-shapes §1.2 to §1.11), with any
field replaced by arbitrary JSON: what unseen accepted connectors may hold.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from conftest import minimal_swagger
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import connectorgen
from connectorgen import InputError
from connectorgen.generator.config import load_config
from connectorgen.generator.importer.compare import differences

ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
TEXT = st.sampled_from(["", "API Key", "x-access-key", "Region", "https://x.example.com/a"])


def maybe(strategy: Any) -> Any:
    """A realistic value, or arbitrary JSON in its place."""
    return st.one_of(strategy, strategy, strategy, ANY_JSON)


constraints = st.fixed_dictionaries(
    {},
    optional={
        "required": maybe(st.sampled_from(["true", "false", True])),
        "hidden": maybe(st.sampled_from(["true", "false"])),
        "clearText": maybe(st.booleans()),
        "tabIndex": maybe(st.integers(0, 5)),
        "allowedValues": maybe(
            st.lists(
                st.fixed_dictionaries({"value": maybe(TEXT)}, optional={"text": maybe(TEXT)}),
                max_size=2,
            )
        ),
        "capability": st.just(["gateway"]),
    },
)
ui = st.fixed_dictionaries(
    {},
    optional={
        "displayName": maybe(TEXT),
        "description": maybe(TEXT),
        "tooltip": maybe(TEXT),
        "constraints": maybe(constraints),
        "schema": maybe(st.fixed_dictionaries({"type": TEXT, "description": TEXT})),
    },
)
oauth = st.fixed_dictionaries(
    {
        "identityProvider": maybe(st.sampled_from(["oauth2", "aad", "oauth2generic", "facebook"])),
        "clientId": maybe(st.sampled_from(["", "{{ client id }}", "abc"])),
        "scopes": maybe(st.lists(TEXT, max_size=2)),
    },
    optional={
        "redirectMode": maybe(
            st.sampled_from(["Global", "GlobalPerConnector", "Direct", "global"])
        ),
        "redirectUrl": st.just("https://global.consent.azure-apim.net/redirect"),
        "clientSecret": st.just("s3cr3t-Value-9981"),
        "properties": maybe(
            st.fixed_dictionaries(
                {},
                optional={
                    "IsFirstParty": maybe(st.sampled_from(["True", "False"])),
                    "IsOnbehalfofLoginSupported": maybe(st.booleans()),
                    "AzureActiveDirectoryResourceId": maybe(TEXT),
                },
            )
        ),
        "customParameters": maybe(
            st.dictionaries(
                st.sampled_from(
                    [
                        "authorizationUrl",
                        "tokenUrl",
                        "refreshUrl",
                        "loginUri",
                        "tenantId",
                        "resourceUri",
                        "enableOnbehalfOfLogin",
                        "authorizationUrlTemplate",
                        "tokenUrlTemplate",
                        "TokenUrl",
                        "scopeListDelimiter",
                    ]
                ),
                maybe(st.fixed_dictionaries({"value": maybe(TEXT)})),
                max_size=4,
            )
        ),
    },
)
parameter = st.one_of(
    st.fixed_dictionaries(
        {
            "type": maybe(
                st.sampled_from(["string", "securestring", "int", "bool", "gatewaySetting"])
            )
        },
        optional={
            "uiDefinition": maybe(ui),
            "defaultValue": maybe(TEXT),
            "metadata": maybe(st.just({"sourceType": "AzureActiveDirectoryTenant"})),
        },
    ),
    st.fixed_dictionaries(
        {"type": st.just("oauthSetting"), "oAuthSettings": maybe(oauth)},
        optional={"uiDefinition": ui},
    ),
)
parameters = st.dictionaries(
    st.sampled_from(["api_key", "username", "password", "token", "token:TenantId", "region", ""]),
    maybe(parameter),
    max_size=3,
)
OPERATIONS = ["listItems", "getItem"]
policy = st.fixed_dictionaries(
    {
        "templateId": maybe(st.sampled_from(["setheader", "dynamichosturl", "SetProperty", "x"])),
        "title": maybe(TEXT),
        "parameters": maybe(
            st.dictionaries(
                st.sampled_from(
                    [
                        "x-ms-apimTemplateParameter.name",
                        "x-ms-apimTemplateParameter.value",
                        "x-ms-apimTemplateParameter.urlTemplate",
                        "x-ms-apimTemplate-policySection",
                        "x-ms-apimTemplate-operationName",
                        "x-ms-apimTemplateParameter.",
                        "name",
                    ]
                ),
                st.one_of(
                    TEXT,
                    st.sampled_from(
                        [
                            "Request",
                            "@connectionParameters('region')",
                            "@connectionParameters('nobody')",
                            "https://@connectionParameters('region')/v1",
                        ]
                    ),
                    st.lists(st.sampled_from([*OPERATIONS, "gone"]), max_size=2),
                    ANY_JSON,
                ),
                max_size=3,
            )
        ),
    },
    optional={"type": maybe(st.just("PollingTrigger"))},
)
properties = st.fixed_dictionaries(
    {"iconBrandColor": maybe(st.sampled_from(["#EE3C2D", "#da3b01", "#fff"]))},
    optional={
        "connectionParameters": maybe(parameters),
        "connectionParameterSets": maybe(
            st.fixed_dictionaries(
                {
                    "uiDefinition": maybe(
                        st.fixed_dictionaries({"displayName": TEXT, "description": TEXT})
                    ),
                    "values": st.lists(
                        st.fixed_dictionaries(
                            {"name": maybe(TEXT), "parameters": maybe(parameters)},
                            optional={
                                "uiDefinition": maybe(st.fixed_dictionaries({"displayName": TEXT})),
                                "metadata": maybe(st.just({"allowSharing": False})),
                            },
                        ),
                        max_size=2,
                    ),
                }
            )
        ),
        "capabilities": maybe(
            st.lists(st.sampled_from(["actions", "triggers", "Actions"]), max_size=2)
        ),
        "publisher": maybe(TEXT),
        "stackOwner": maybe(TEXT),
        "scriptOperations": maybe(st.lists(st.sampled_from([*OPERATIONS, "gone"]), max_size=2)),
        "policyTemplateInstances": maybe(st.lists(policy, max_size=2)),
        "website": TEXT,
    },
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(props=properties)
def test_import_never_crashes_and_reports_every_difference(props: dict[str, Any]) -> None:
    work = Path(tempfile.mkdtemp(prefix="import-property-"))
    try:
        folder = work / "connector"
        folder.mkdir()
        (folder / "apiDefinition.json").write_text(json.dumps(minimal_swagger()))
        original = {"properties": props}
        (folder / "apiProperties.json").write_text(json.dumps(original))
        try:
            result = connectorgen.import_connector(folder, work / "config")
        except InputError:
            return  # refused with a message: fine (never any other exception)
        config = load_config(result.config)  # the schema accepts what import wrote
        assert "s3cr3t-Value-9981" not in result.config.read_text()
        assert config.get("signInFrom") == "config"
        connectorgen.generate(result.config, work / "again", run_checks=False)
        generated = json.loads((work / "again" / "apiProperties.json").read_text())
        found = differences(original, generated)
        reported = [d for d in result.differences if d.startswith("apiProperties.json")]
        assert len(found) == len(reported), (found, reported, result.diagnostics)
    finally:
        shutil.rmtree(work, ignore_errors=True)
