"""Which sign-in a connection offers, and how README.md and INTRO.md describe it (issue 10,
points 1 and 6): only the security definitions that ``security`` uses count, the docs speak
to the connector's users, and no raw identifier is shown as a label."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import connectorgen

API_KEY_HEADER = {"type": "apiKey", "in": "header", "name": "X-API-Key"}
BASIC = {"type": "basic"}
OAUTH = {
    "type": "oauth2",
    "flow": "accessCode",
    "authorizationUrl": "https://login.example.com/authorize",
    "tokenUrl": "https://login.example.com/token",
    "scopes": {},
}
OAUTH_CONFIG = {"oauth2": {"clientId": "client-id-for-tests"}}


def _generate(
    make_connector: Callable[..., Path],
    tmp_path: Path,
    doc: dict[str, Any],
    config: dict[str, Any] | None = None,
) -> tuple[Path, Any]:
    out = tmp_path / "out"
    return out, connectorgen.generate(make_connector(doc, config), out)


def _properties(out: Path) -> dict[str, Any]:
    return json.loads((out / "apiProperties.json").read_bytes())["properties"]


def _docs(out: Path) -> str:
    return (out / "README.md").read_text(encoding="utf-8") + (out / "INTRO.md").read_text(
        encoding="utf-8"
    )


# ------------------------------------------------------------------ point 1


def test_an_unused_definition_is_not_offered(
    make_connector: Callable[..., Path], swagger_doc: Callable[..., dict], tmp_path: Path
) -> None:
    """The minimal case: security uses "key"; "basic" is defined but unused."""
    doc = swagger_doc(
        security_definitions={"key": API_KEY_HEADER, "basic": BASIC}, security=[{"key": []}]
    )

    out, result = _generate(make_connector, tmp_path, doc)

    properties = _properties(out)
    assert "connectionParameterSets" not in properties
    assert list(properties["connectionParameters"]) == ["api_key"]
    docs = _docs(out)
    assert "username and password" not in docs.lower()
    [note] = [d for d in result.diagnostics if d.code == "security-unused"]
    assert note.level == "info" and "basic" in note.message
    assert note.pointer == "/securityDefinitions/basic"


def test_ephesoft_shape_offers_only_the_oauth_sign_in(
    make_connector: Callable[..., Path], swagger_doc: Callable[..., dict], tmp_path: Path
) -> None:
    """Ephesoft's security lists only OAuth; its apiKeyHeader definition is not offered."""
    doc = swagger_doc(
        security_definitions={"oauth2_auth": OAUTH, "apiKeyHeader": API_KEY_HEADER},
        security=[{"oauth2_auth": []}],
    )

    out, _ = _generate(make_connector, tmp_path, doc, OAUTH_CONFIG)

    properties = _properties(out)
    assert "connectionParameterSets" not in properties
    assert list(properties["connectionParameters"]) == ["token"]
    assert "apiKeyHeader" not in _docs(out)


def test_operation_level_requirements_count(
    make_connector: Callable[..., Path], swagger_doc: Callable[..., dict], tmp_path: Path
) -> None:
    doc = swagger_doc(security_definitions={"key": API_KEY_HEADER, "basic": BASIC})
    doc["paths"]["/items"]["get"]["security"] = [{"basic": []}]

    out, result = _generate(make_connector, tmp_path, doc)

    assert list(_properties(out)["connectionParameters"]) == ["username", "password"]
    assert [d.pointer for d in result.diagnostics if d.code == "security-unused"] == [
        "/securityDefinitions/key"
    ]


@pytest.mark.parametrize("security", [None, []], ids=["absent", "empty"])
def test_no_requirement_offers_the_definitions_with_a_warning(
    security: list[Any] | None,
    make_connector: Callable[..., Path],
    swagger_doc: Callable[..., dict],
    tmp_path: Path,
) -> None:
    """Swagger 2.0 applies a definition only where ``security`` names it. Connectors Microsoft
    accepted declare definitions without any requirement and sign in with them (6 of the 35
    with definitions in ../shared/corpus, e.g. Cradl AI, tyntec Portability Check), so
    they are offered as alternatives, and a warning says which rule was followed."""
    doc = swagger_doc(security_definitions={"key": API_KEY_HEADER, "basic": BASIC})
    if security is not None:
        doc["security"] = security

    out, result = _generate(make_connector, tmp_path, doc)

    sets = _properties(out)["connectionParameterSets"]["values"]
    assert [s["name"] for s in sets] == ["key", "basic"]
    [warning] = [d for d in result.diagnostics if d.code == "security-requirement-missing"]
    assert warning.level == "warning"
    assert "Swagger 2.0" in warning.message and '"security"' in warning.message
    assert warning.line is not None  # located in the API definition


# ------------------------------------------------------------------ point 6


def test_docs_hold_no_tool_instructions(
    make_connector: Callable[..., Path], swagger_doc: Callable[..., dict], tmp_path: Path
) -> None:
    for provider, urls in (
        ("aad", "https://login.microsoftonline.com/common/oauth2/authorize"),
        ("oauth2", "https://login.example.com/authorize"),
    ):
        oauth = {**OAUTH, "authorizationUrl": urls}
        doc = swagger_doc(security_definitions={"oauth": oauth}, security=[{"oauth": []}])
        config = {"oauth2": {"clientId": "id", "resourceUri": "api://x"}}
        folder = tmp_path / provider
        folder.mkdir()
        out, _ = _generate(make_connector, folder, doc, config)
        docs = _docs(out)
        assert "config.json" not in docs, provider
        assert "generate again" not in docs, provider
        assert "connectorgen" not in docs.lower(), provider
        intro = (out / "INTRO.md").read_text(encoding="utf-8")
        assert "paconn" not in intro, provider  # the public page speaks to users


@pytest.mark.parametrize(
    ("title", "article"),
    [
        ("Alemba ITSM", "an"),
        ("Contoso", "a"),
        ("Unicorn HR", "a"),
        ("HTTP Bin", "an"),
        ("Hour Tracker", "an"),
        ("Ortec", "an"),
    ],
)
def test_articles_agree_with_the_word(
    title: str,
    article: str,
    make_connector: Callable[..., Path],
    swagger_doc: Callable[..., dict],
    tmp_path: Path,
) -> None:
    doc = swagger_doc(title=title, security_definitions={"b": BASIC}, security=[{"b": []}])

    out, _ = _generate(make_connector, tmp_path, doc)

    assert f" {article} {title} account" in _docs(out)


@pytest.mark.parametrize(
    ("key", "spec", "label"),
    [
        ("apiKeyHeader", API_KEY_HEADER, "API Key"),
        ("BearerAuth", {"type": "apiKey", "in": "header", "name": "Authorization"}, "Bearer Token"),
        ("subscription_key", API_KEY_HEADER, "Subscription Key"),
        ("apiKeyHeader", {**API_KEY_HEADER, "x-ms-summary": "Workspace token"}, "Workspace token"),
        ("k", {**API_KEY_HEADER, "description": "Personal access token"}, "Personal access token"),
    ],
)
def test_labels_are_readable_not_raw_identifiers(
    key: str,
    spec: dict[str, Any],
    label: str,
    make_connector: Callable[..., Path],
    swagger_doc: Callable[..., dict],
    tmp_path: Path,
) -> None:
    doc = swagger_doc(security_definitions={key: spec}, security=[{key: []}])

    out, _ = _generate(make_connector, tmp_path, doc)

    ui = _properties(out)["connectionParameters"]["api_key"]["uiDefinition"]
    assert ui["displayName"] == label
    docs = _docs(out)
    assert f"**{label}**" in docs
    if key != "k":
        assert key not in docs
    assert not re.search(r"\ba [AEIO]", docs)


def test_parameter_set_labels_and_descriptions(
    make_connector: Callable[..., Path], swagger_doc: Callable[..., dict], tmp_path: Path
) -> None:
    doc = swagger_doc(
        security_definitions={"apiKeyHeader": API_KEY_HEADER, "basic_auth": BASIC},
        security=[{"apiKeyHeader": []}, {"basic_auth": []}],
    )

    out, _ = _generate(make_connector, tmp_path, doc)

    sets = _properties(out)["connectionParameterSets"]["values"]
    assert [s["uiDefinition"] for s in sets] == [
        {"displayName": "API Key", "description": "Sign in with an API key."},
        {
            "displayName": "Username and password",
            "description": "Sign in with a username and password.",
        },
    ]
