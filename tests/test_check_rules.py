"""Per-rule tables: for each rule, inputs that pass and inputs that fail.

Each case starts from the clean fixture connector of test_check_fixture and changes one thing.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_check_fixture import connector, png, to_files

from connectorgen.catalog import registry
from connectorgen.connector.check import check_files

Parts = dict[str, Any]
Edit = Callable[[Parts], None]
_DELETE = object()


def at(target: str, pointer: str, value: Any = _DELETE) -> Edit:
    """Set (or delete) the value at a JSON pointer in one of the parts ('swagger', 'props')."""

    def edit(parts: Parts) -> None:
        *path, last = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
        node = parts[target]
        for part in path:
            node = node[int(part)] if isinstance(node, list) else node[part]
        key = int(last) if isinstance(node, list) else last
        new = copy.deepcopy(value)  # tables share values such as CALLBACK: never alias them
        if value is _DELETE:
            del node[key]
        elif isinstance(node, list) and key == len(node):
            node.append(new)
        else:
            node[key] = new

    return edit


def put(key: str, value: Any) -> Edit:
    def edit(parts: Parts) -> None:
        parts[key] = value

    return edit


def readme(old: str, new: str) -> Edit:
    def edit(parts: Parts) -> None:
        assert old in parts["readme"]
        parts["readme"] = parts["readme"].replace(old, new)

    return edit


def both(*edits: Edit) -> Edit:
    def edit(parts: Parts) -> None:
        for one in edits:
            one(parts)

    return edit


def extra(name: str, data: bytes) -> Edit:
    return put("extra", {name: data})


def noop(parts: Parts) -> None:
    return None


GET = "/paths/~1documents~1{documentId}/get"
DELETE_OP = "/paths/~1documents~1{documentId}/delete"
POST = "/paths/~1documents/post"
PARAM = "/parameters/documentId"
QUERY = POST + "/parameters/1"
META = "/x-ms-connector-metadata"
PROPS = "/properties"
LONG = "x" * 600
BROKEN_JSON = b'{"swagger": "2.0"\n "info": {}}'

NEW_DOC = "/definitions/NewDocument"
CALLBACK = {"type": "string", "x-ms-notification-url": True, "x-ms-visibility": "internal"}
WEBHOOK = both(
    at("swagger", NEW_DOC + "/properties/callback", CALLBACK),
    at("swagger", NEW_DOC + "/required", ["title", "kind", "callback"]),
    at("swagger", POST + "/parameters/0/required", True),
    at(
        "swagger",
        "/paths/~1documents/x-ms-notification-content",
        {"description": "A document.", "schema": {"type": "object"}},
    ),
)
BINARY = {"type": "string", "format": "binary"}
SWAPPED_README_TAIL = (
    "## Known Issues and Limitations\nNone.\n\n## Deployment Instructions\n"
    "Run `paconn create` with the files of this folder.\n",
    "## Deployment Instructions\nRun `paconn create` with the files of this folder.\n\n"
    "## Known Issues and Limitations\nNone.\n",
)


INTERNAL_GET = at("swagger", GET + "/x-ms-visibility", "internal")
INTERNAL_POST = at("swagger", POST + "/x-ms-visibility", "internal")
LIST_DOCUMENTS = {
    "operationId": "ListDocuments",
    "summary": "List documents",
    "description": "Lists the documents.",
    "responses": {"200": {"description": "The documents.", "schema": {"type": "array"}}},
}


def annotate(*pairs: tuple[str, dict]) -> Edit:
    """Give operations an x-ms-api-annotation: (operation pointer, annotation) pairs."""
    return both(*(at("swagger", op + "/x-ms-api-annotation", value) for op, value in pairs))


# (rule id, case name, edit, profile)
READ_REGION = "@connectionParameters('region')"
READ_KEY = "@connectionParameters('api_key')"


def policy(template_id: str, operations: list[str] | None = None, **parameters: str) -> Any:
    """A policyTemplateInstances entry; a header policy by default."""
    if template_id.lower().startswith("sethead") and not parameters:
        parameters = {"name": "X-Trace", "value": "on"}
    if template_id == "setheader" and "name" not in parameters:
        parameters = {"name": "X-Trace", **parameters}
    values: dict[str, Any] = {f"x-ms-apimTemplateParameter.{k}": v for k, v in parameters.items()}
    if operations is not None:
        values["x-ms-apimTemplate-operationName"] = operations
    return {"templateId": template_id, "title": "A policy", "parameters": values}


FAILING: list[tuple[str, str, Edit, str]] = [
    ("json-syntax", "missing comma", put("swagger", BROKEN_JSON.decode()), "certified"),
    ("json-syntax", "not an object", put("props", "[]"), "certified"),
    (
        "json-lenient",
        "trailing comma",
        put(
            "props",
            '{"properties": {"iconBrandColor": "#1f6feb", "publisher": "C", "stackOwner": "C",}}',
        ),
        "certified",
    ),
    ("required-files", "no apiProperties", put("props", None), "certified"),
    ("required-files", "no API definition", put("swagger", None), "custom"),
    ("settings-required", "no settings", put("settings", None), "certified"),
    (
        "api-definition-size",
        "over 1 MB",
        at("swagger", "/info/x-pad", "x" * 1_100_000),
        "certified",
    ),
    (
        "script-size",
        "over 1 MB",
        put("script", "public class Script : ScriptBase {}" + "/" * 1_100_000),
        "certified",
    ),
    ("script-class", "wrong class", put("script", "class Other : ScriptBase {}"), "certified"),
    ("swagger-version", "openapi 3", at("swagger", "/swagger", "3.0"), "custom"),
    ("swagger-version", "number", at("swagger", "/swagger", 2.0), "certified"),
    ("title-required", "missing", at("swagger", "/info/title"), "certified"),
    ("title-required", "blank", at("swagger", "/info/title", " "), "certified"),
    ("title-max-length", "31 characters", at("swagger", "/info/title", "A" * 31), "certified"),
    ("title-restricted-words", "API", at("swagger", "/info/title", "Contoso API"), "certified"),
    (
        "title-restricted-words",
        "product",
        at("swagger", "/info/title", "Docs for Power Apps"),
        "certified",
    ),
    ("title-end-alphanumeric", "period", at("swagger", "/info/title", "Contoso."), "certified"),
    ("title-end-alphanumeric", "space", at("swagger", "/info/title", "Contoso "), "certified"),
    ("description-required", "missing", at("swagger", "/info/description"), "certified"),
    ("description-length", "too short", at("swagger", "/info/description", "Short."), "certified"),
    ("description-length", "too long", at("swagger", "/info/description", LONG), "certified"),
    (
        "description-restricted-words",
        "power automate",
        at("swagger", "/info/description", "Use Contoso Documents from Power Automate flows."),
        "certified",
    ),
    (
        "description-product-names",
        "power bi",
        at("swagger", "/info/description", "Send Contoso Documents data to Power BI reports."),
        "certified",
    ),
    ("contact-required", "missing", at("swagger", "/info/contact"), "certified"),
    ("contact-required", "no email", at("swagger", "/info/contact/email"), "certified"),
    (
        "contact-email-valid",
        "no domain",
        at("swagger", "/info/contact/email", "support@"),
        "custom",
    ),
    (
        "contact-email-valid",
        "non-ASCII",
        at("swagger", "/info/contact/email", "sü@x.example"),
        "certified",
    ),
    ("url-valid", "relative", at("swagger", "/info/contact/url", "contoso.example"), "custom"),
    ("connector-metadata-required", "missing", at("swagger", META), "certified"),
    ("connector-metadata-entries", "no privacy policy", at("swagger", META + "/1"), "certified"),
    (
        "connector-metadata-case",
        "entry name",
        at("swagger", META + "/1/propertyName", "Privacy Policy"),
        "certified",
    ),
    (
        "connector-metadata-case",
        "key",
        both(
            at("swagger", META + "/1/PropertyName", "Privacy policy"),
            at("swagger", META + "/1/propertyName"),
        ),
        "certified",
    ),
    (
        "connector-metadata-case",
        "category",
        at("swagger", META + "/2/propertyValue", "AI;website"),
        "certified",
    ),
    (
        "connector-metadata-entries",
        "empty value",
        at("swagger", META + "/0/propertyValue", ""),
        "certified",
    ),
    (
        "connector-metadata-url",
        "not a URL",
        at("swagger", META + "/0/propertyValue", "contoso"),
        "certified",
    ),
    (
        "category-valid",
        "unknown",
        at("swagger", META + "/2/propertyValue", "Documents"),
        "certified",
    ),
    (
        "category-max",
        "three",
        at("swagger", META + "/2/propertyValue", "AI;Data;Finance"),
        "certified",
    ),
    ("host-valid", "scheme", at("swagger", "/host", "https://api.contoso.example"), "custom"),
    ("host-valid", "path", at("swagger", "/host", "api.contoso.example/v1"), "certified"),
    ("swagger-host", "absent", at("swagger", "/host"), "custom"),
    ("swagger-host", "blank", at("swagger", "/host", " "), "certified"),
    ("base-path-slash", "no slash", at("swagger", "/basePath", "v1"), "custom"),
    ("schemes-required", "empty", at("swagger", "/schemes", []), "custom"),
    ("schemes-required", "missing", at("swagger", "/schemes"), "certified"),
    ("schemes-allowed", "ftp", at("swagger", "/schemes", ["ftp"]), "custom"),
    ("schemes-allowed", "websocket", at("swagger", "/schemes", ["wss"]), "certified"),
    ("schemes-https", "http", at("swagger", "/schemes", ["http", "https"]), "certified"),
    ("extension-prefix", "root", at("swagger", "/components", {}), "custom"),
    ("extension-prefix", "operation", at("swagger", GET + "/visibility", "x"), "certified"),
    ("tags-unique", "repeated", at("swagger", "/tags/1", {"name": "documents"}), "custom"),
    ("operation-summary-required", "missing", at("swagger", GET + "/summary"), "certified"),
    (
        "operation-summary-required",
        "visible, next to an internal one",
        both(INTERNAL_POST, at("swagger", GET + "/summary")),
        "certified",
    ),
    ("operation-description-required", "missing", at("swagger", GET + "/description"), "certified"),
    ("operation-visibility", "missing", at("swagger", GET + "/x-ms-visibility"), "certified"),
    ("operation-summary-length", "81", at("swagger", GET + "/summary", "G" * 81), "certified"),
    ("operation-summary-too-long", "120", at("swagger", GET + "/summary", "G" * 120), "certified"),
    (
        "operation-summary-characters",
        "slash",
        at("swagger", GET + "/summary", "Get/read"),
        "certified",
    ),
    (
        "operation-summary-end",
        "period",
        at("swagger", GET + "/summary", "Get a document."),
        "certified",
    ),
    (
        "operation-description-sentence",
        "no period",
        at("swagger", GET + "/description", "Gets one document"),
        "certified",
    ),
    (
        "operation-description-sentence",
        "parameter",
        at("swagger", QUERY + "/description", "The folder"),
        "certified",
    ),
    (
        "operation-product-names",
        "summary",
        at("swagger", GET + "/summary", "Get for Power BI"),
        "certified",
    ),
    (
        "summary-equals-description",
        "same",
        at("swagger", GET + "/description", "Get a document."),
        "certified",
    ),
    (
        "summary-equals-description",
        "parameter",
        at("swagger", QUERY + "/description", "Folder"),
        "certified",
    ),
    ("operation-id-required", "missing", at("swagger", GET + "/operationId"), "custom"),
    (
        "operation-id-unique",
        "repeated",
        at("swagger", POST + "/operationId", "GetDocument"),
        "custom",
    ),
    (
        "operation-id-sanitized",
        "space",
        at("swagger", GET + "/operationId", "Get document"),
        "custom",
    ),
    (
        "operation-id-sanitized",
        "dot and dash",
        at("swagger", GET + "/operationId", "get-document.v2"),
        "custom",
    ),
    (
        "operation-id-hyphen",
        "dash",
        at("swagger", GET + "/operationId", "get-document"),
        "custom",
    ),
    ("response-required", "none", at("swagger", GET + "/responses", {}), "custom"),
    (
        "response-success",
        "default only",
        at("swagger", POST + "/responses", {"default": {"description": "Any."}}),
        "certified",
    ),
    (
        "response-schema",
        "200 without schema",
        at("swagger", GET + "/responses/200/schema"),
        "certified",
    ),
    (
        "default-response-schema",
        "schema",
        at("swagger", GET + "/responses/default/schema", {"type": "object"}),
        "certified",
    ),
    (
        "response-one-schema",
        "two",
        at(
            "swagger",
            GET + "/responses/202",
            {"description": "Later.", "schema": {"type": "object"}},
        ),
        "certified",
    ),
    (
        "response-code-valid",
        "text",
        at("swagger", GET + "/responses/OK", {"description": "x"}),
        "custom",
    ),
    (
        "get-no-body",
        "body on GET",
        at("swagger", GET + "/parameters/1", {"name": "b", "in": "body", "schema": {}}),
        "custom",
    ),
    ("path-template", "query string", at("swagger", "/paths/~1search?q=1", {}), "custom"),
    (
        "path-template",
        "other capitalization",
        at("swagger", "/paths/~1Documents~1{documentId}", {}),
        "custom",
    ),
    (
        "path-template",
        "same method, trailing slash",
        at("swagger", "/paths/~1documents~1", {"post": LIST_DOCUMENTS}),
        "custom",
    ),
    (
        "path-template",
        "same method, other parameter name",
        at("swagger", "/paths/~1documents~1{id}", {"get": LIST_DOCUMENTS}),
        "custom",
    ),
    ("path-parameters", "not required", at("swagger", PARAM + "/required", False), "custom"),
    ("path-parameters", "undeclared", at("swagger", GET + "/parameters", []), "custom"),
    ("trigger-value", "unknown", at("swagger", GET + "/x-ms-trigger", "poll"), "custom"),
    ("visibility-value", "unknown", at("swagger", GET + "/x-ms-visibility", "hidden"), "custom"),
    (
        "pageable-next-link",
        "other name",
        at("swagger", GET + "/x-ms-pageable", {"nextLinkName": "next"}),
        "custom",
    ),
    ("parameter-summary-required", "missing", at("swagger", PARAM + "/x-ms-summary"), "certified"),
    (
        "parameter-summary-required",
        "shared with a visible operation",
        both(INTERNAL_GET, at("swagger", PARAM + "/x-ms-summary")),
        "certified",
    ),
    (
        "parameter-description-required",
        "missing",
        at("swagger", QUERY + "/description"),
        "certified",
    ),
    (
        "parameter-summary-length",
        "81",
        at("swagger", QUERY + "/x-ms-summary", "F" * 81),
        "certified",
    ),
    ("parameter-connection-id", "named", at("swagger", QUERY + "/name", "connectionId"), "custom"),
    (
        "parameter-duplicate",
        "repeated",
        at(
            "swagger",
            POST + "/parameters/3",
            {
                "name": "folder",
                "in": "query",
                "type": "string",
                "x-ms-summary": "F",
                "description": "F.",
            },
        ),
        "custom",
    ),
    (
        "parameter-duplicate",
        "two bodies",
        at("swagger", POST + "/parameters/3", {"name": "b2", "in": "body", "schema": {}}),
        "custom",
    ),
    (
        "parameter-body-schema",
        "body without schema",
        at("swagger", POST + "/parameters/0/schema"),
        "custom",
    ),
    (
        "parameter-body-schema",
        "query with schema",
        at("swagger", QUERY + "/schema", {"type": "string"}),
        "custom",
    ),
    (
        "parameter-internal-default",
        "optional internal",
        at("swagger", "/definitions/NewDocument/required", ["title"]),
        "custom",
    ),
    (
        "parameter-internal-default",
        "parameter",
        both(
            at("swagger", QUERY + "/x-ms-visibility", "internal"),
            at("swagger", QUERY + "/default", "inbox"),
        ),
        "custom",
    ),
    (
        "ref-valid",
        "dangling",
        at("swagger", GET + "/responses/200/schema/$ref", "#/definitions/Missing"),
        "custom",
    ),
    (
        "ref-valid",
        "external",
        at("swagger", GET + "/responses/200/schema/$ref", "other.json#/Document"),
        "custom",
    ),
    (
        "schema-array-items",
        "schema",
        at("swagger", "/definitions/Document/properties/pages/items"),
        "custom",
    ),
    (
        "schema-array-items",
        "parameter",
        at("swagger", QUERY.replace("/1", "/2") + "/items"),
        "custom",
    ),
    (
        "schema-required-list",
        "empty",
        at("swagger", "/definitions/Document/required", []),
        "custom",
    ),
    (
        "schema-required-list",
        "undefined",
        at("swagger", "/definitions/Document/required", ["id", "owner"]),
        "custom",
    ),
    ("schema-enum", "repeated", at("swagger", POST + "/parameters/2/enum", ["a", "a"]), "custom"),
    ("schema-enum", "empty", at("swagger", POST + "/parameters/2/enum", []), "custom"),
    (
        "schema-readonly-required",
        "readonly input",
        at("swagger", "/definitions/NewDocument/properties/title/readOnly", True),
        "custom",
    ),
    ("security-defined", "undefined", at("swagger", "/security/0", {"oauth": []}), "custom"),
    (
        "security-defined",
        "scopes on apiKey",
        at("swagger", "/security/0", {"API Key": ["a"]}),
        "custom",
    ),
    ("properties-shape", "unknown key", at("props", PROPS + "/script", {}), "custom"),
    ("properties-shape", "no properties", put("props", {"iconBrandColor": "#1f6feb"}), "custom"),
    ("brand-color-format", "short", at("props", PROPS + "/iconBrandColor", "#fff"), "custom"),
    (
        "brand-color-certified",
        "default",
        at("props", PROPS + "/iconBrandColor", "#007EE5"),
        "certified",
    ),
    (
        "brand-color-certified",
        "white",
        at("props", PROPS + "/iconBrandColor", "#ffffff"),
        "certified",
    ),
    (
        "brand-color-independent-publisher",
        "brand colour",
        at("props", PROPS + "/iconBrandColor", "#1f6feb"),
        "independent-publisher",
    ),
    ("publisher-required", "missing", at("props", PROPS + "/publisher"), "certified"),
    ("stack-owner-required", "empty", at("props", PROPS + "/stackOwner", ""), "certified"),
    (
        "connection-parameter-ui",
        "no description",
        at("props", PROPS + "/connectionParameters/api_key/uiDefinition/description"),
        "certified",
    ),
    (
        "connection-parameter-ui",
        "boolean required",
        at(
            "props", PROPS + "/connectionParameters/api_key/uiDefinition/constraints/required", True
        ),
        "certified",
    ),
    # ---- policy templates (connector/rules/policies.py)
    (
        "policy-connection-parameter",
        "undeclared",
        at("props", PROPS + "/policyTemplateInstances", [policy("setheader", value=READ_REGION)]),
        "certified",
    ),
    (
        "policy-operation",
        "unknown operation",
        at(
            "props",
            PROPS + "/policyTemplateInstances",
            [policy("setheader", operations=["GetDocuments"])],
        ),
        "custom",
    ),
    (
        "policy-url-template",
        "no scheme",
        at(
            "props",
            PROPS + "/policyTemplateInstances",
            [policy("dynamichosturl", urlTemplate="contoso.example/api")],
        ),
        "custom",
    ),
    (
        "policy-template-unknown",
        "typo",
        at("props", PROPS + "/policyTemplateInstances", [policy("sethead")]),
        "certified",
    ),
    (
        "no-secrets",
        "client secret",
        at(
            "props",
            PROPS + "/connectionParameters/token",
            {
                "type": "oauthSetting",
                "oAuthSettings": {"clientId": "abc", "clientSecret": "q8Fz~Wm2.Lr5_Tx9Kc1"},
            },
        ),
        "custom",
    ),
    (
        "no-secrets",
        "bearer token in default",
        at("swagger", QUERY + "/default", "Bearer eyJhbGciOiJIUzI1NiJ9abcdefghijkl"),
        "custom",
    ),
    (
        "no-secrets",
        "private key",
        at("swagger", "/info/x-key", "-----BEGIN RSA PRIVATE KEY-----\nMIIE"),
        "custom",
    ),
    (
        "no-secrets",
        "random key in x-ms value",
        at("swagger", GET + "/x-ms-api-key", "a8F3kQ9zL2mX7vB4nC6tR1wY5pE0sD"),
        "custom",
    ),
    ("readme-required", "missing", put("readme", None), "certified"),
    (
        "readme-title",
        "no title",
        readme("# Contoso Documents\n", ""),
        "certified",
    ),
    (
        "readme-title",
        "no space after #",
        readme("# Contoso Documents", "#Contoso Documents"),
        "certified",
    ),
    (
        "readme-title-level",
        "starts with ##",
        readme("# Contoso Documents", "## Contoso Documents"),
        "certified",
    ),
    (
        "readme-sections",
        "no known issues",
        readme("## Known Issues and Limitations", "## Notes"),
        "certified",
    ),
    (
        "readme-sections",
        "the title is no section",
        both(
            readme("# Contoso Documents", "# Credentials Vault"),
            readme(
                "## Obtaining Credentials\nCreate an API key under Settings, then API keys.\n", ""
            ),
        ),
        "certified",
    ),
    (
        "readme-sections",
        "no deployment (certified)",
        readme("## Deployment Instructions", "## Deploying"),
        "certified",
    ),
    ("readme-publisher", "empty", readme("## Publisher: Contoso", "## Publisher:\n"), "certified"),
    (
        "readme-publisher",
        "template placeholder",
        readme("## Publisher: Contoso", "## Publisher: Publisher's Name"),
        "certified",
    ),
    (
        "readme-publisher",
        "template placeholder, typographic apostrophe",
        readme("## Publisher: Contoso", "## Publisher: Publisher\u2019s Name"),
        "independent-publisher",
    ),
    (
        "readme-publisher",
        "template instruction left below",
        readme(
            "## Publisher: Contoso",
            "## Publisher:\nRequired. It should be the company or organization name.",
        ),
        "certified",
    ),
    (
        "readme-operations",
        "none listed",
        readme(
            "### Get a document\nGets one document.\n### Create a document\nCreates a document.",
            "All of them.",
        ),
        "certified",
    ),
    (
        "readme-oauth-steps",
        "one line",
        at(
            "swagger",
            "/securityDefinitions/oauth",
            {
                "type": "oauth2",
                "flow": "accessCode",
                "authorizationUrl": "https://x.example/a",
                "tokenUrl": "https://x.example/t",
                "scopes": {},
            },
        ),
        "independent-publisher",
    ),
    ("icon-required", "missing", put("icon", None), "certified"),
    (
        "icon-independent-publisher",
        "icon given",
        put("icon", png(background="#da3b01")),
        "independent-publisher",
    ),
    ("icon-png", "jpeg", put("icon", png(fmt="JPEG", mode="RGB")), "certified"),
    ("icon-png", "not an image", put("icon", b"not a picture"), "certified"),
    ("icon-size", "100x100", put("icon", png(size=(100, 100))), "certified"),
    ("icon-background", "transparent", put("icon", png(background=(0, 0, 0, 0))), "certified"),
    (
        "icon-background",
        "white",
        both(
            put("icon", png(background="#ffffff")),
            at("props", PROPS + "/iconBrandColor", "#ffffff"),
        ),
        "certified",
    ),
    ("icon-brand-color", "mismatch", put("icon", png(background="#00aa00")), "certified"),
    (
        "schema-numeric",
        "minItems over maxItems",
        both(
            at("swagger", "/definitions/Document/properties/pages/minItems", 5),
            at("swagger", "/definitions/Document/properties/pages/maxItems", 2),
        ),
        "custom",
    ),
    (
        "schema-numeric",
        "minimum over maximum",
        both(at("swagger", QUERY + "/minimum", 3), at("swagger", QUERY + "/maximum", 1)),
        "custom",
    ),
    ("schema-numeric", "negative minLength", at("swagger", QUERY + "/minLength", -1), "custom"),
    (
        "schema-numeric",
        "exclusiveMaximum alone",
        at("swagger", "/definitions/Document/properties/pages/items/exclusiveMaximum", True),
        "custom",
    ),
    (
        "schema-numeric",
        "multipleOf 0",
        at("swagger", "/definitions/Document/properties/pages/items/multipleOf", 0),
        "custom",
    ),
    ("schema-pattern", "unbalanced", at("swagger", QUERY + "/pattern", "([a-z]+"), "custom"),
    ("schema-pattern", "nothing to repeat", at("swagger", PARAM + "/pattern", "*abc"), "custom"),
    (
        "schema-default-type",
        "string default on a boolean",
        at("swagger", NEW_DOC + "/properties/draft", {"type": "boolean", "default": "false"}),
        "custom",
    ),
    ("schema-default-type", "number on a string", at("swagger", QUERY + "/default", 5), "custom"),
    (
        "schema-default-type",
        "fraction on an integer",
        at("swagger", "/definitions/Document/properties/pages/items/default", 1.5),
        "custom",
    ),
    (
        "schema-unsupported",
        "uniqueItems",
        at("swagger", "/definitions/Document/properties/pages/uniqueItems", True),
        "custom",
    ),
    (
        "schema-unsupported",
        "oneOf",
        at("swagger", "/definitions/Document/oneOf", [{"type": "object"}]),
        "custom",
    ),
    (
        "schema-unsupported",
        "nullable",
        at("swagger", "/definitions/Document/properties/title/nullable", True),
        "custom",
    ),
    (
        "schema-unsupported",
        "unknown collectionFormat",
        at("swagger", POST + "/parameters/2/collectionFormat", "space"),
        "custom",
    ),
    (
        "schema-unsupported",
        "multi on a path parameter",
        at("swagger", PARAM + "/collectionFormat", "multi"),
        "custom",
    ),
    (
        "schema-string-binary",
        "inside a body schema",
        at("swagger", NEW_DOC + "/properties/file", BINARY),
        "custom",
    ),
    (
        "schema-string-binary",
        "binary body sent url-encoded",
        both(
            at("swagger", POST + "/consumes", ["application/x-www-form-urlencoded"]),
            at("swagger", POST + "/parameters/0/schema", BINARY),
        ),
        "custom",
    ),
    (
        "schema-editor-dictionary",
        "on a string",
        at("swagger", "/definitions/Document/properties/title/x-ms-editor", "dictionary"),
        "custom",
    ),
    (
        "schema-editor-dictionary",
        "object without additionalProperties",
        at(
            "swagger",
            "/definitions/Document/properties/meta",
            {"type": "object", "x-ms-editor": "dictionary"},
        ),
        "custom",
    ),
    ("operation-consumes", "no consumes anywhere", at("swagger", "/consumes"), "custom"),
    (
        "operation-consumes",
        "empty operation consumes",
        at("swagger", POST + "/consumes", []),
        "custom",
    ),
    (
        "mime-type-valid",
        "text/json produces",
        at("swagger", "/produces", ["text/json"]),
        "certified",
    ),
    (
        "mime-type-valid",
        "operation consumes",
        at("swagger", POST + "/consumes", ["application/*+json"]),
        "custom",
    ),
    (
        "notification-url-property",
        "optional",
        at("swagger", NEW_DOC + "/properties/callback", CALLBACK),
        "custom",
    ),
    (
        "notification-url-property",
        "not internal",
        both(WEBHOOK, at("swagger", NEW_DOC + "/properties/callback/x-ms-visibility", "advanced")),
        "custom",
    ),
    (
        "notification-url-property",
        "not a string",
        both(WEBHOOK, at("swagger", NEW_DOC + "/properties/callback/type", "object")),
        "custom",
    ),
    (
        "notification-url-body-required",
        "body parameter optional",
        both(WEBHOOK, at("swagger", POST + "/parameters/0/required", False)),
        "custom",
    ),
    (
        "notification-url-property",
        "not in the schema's required",
        both(WEBHOOK, at("swagger", NEW_DOC + "/required", ["title", "kind"])),
        "custom",
    ),
    (
        "notification-url-property",
        "in a response",
        at("swagger", "/definitions/Document/properties/callback", CALLBACK),
        "custom",
    ),
    (
        "notification-content",
        "missing",
        both(WEBHOOK, at("swagger", "/paths/~1documents/x-ms-notification-content")),
        "custom",
    ),
    (
        "notification-trigger",
        "not a trigger",
        both(WEBHOOK, at("swagger", GET + "/x-ms-notification", {"operationId": "CreateDocument"})),
        "custom",
    ),
    (
        "notification-trigger",
        "target is not a webhook",
        both(
            at("swagger", GET + "/x-ms-trigger", "single"),
            at("swagger", GET + "/x-ms-notification", {"operationId": "DeleteDocument"}),
        ),
        "custom",
    ),
    (
        "notification-trigger",
        "on the webhook itself",
        both(
            WEBHOOK,
            at("swagger", POST + "/x-ms-trigger", "single"),
            at("swagger", POST + "/x-ms-notification", {"operationId": "CreateDocument"}),
        ),
        "custom",
    ),
    (
        "dynamic-operation-exists",
        "unknown operation",
        at(
            "swagger",
            QUERY + "/x-ms-dynamic-values",
            {"operationId": "ListFolders", "value-path": "id"},
        ),
        "custom",
    ),
    (
        "dynamic-operation-exists",
        "dynamic tree browse",
        at("swagger", QUERY + "/x-ms-dynamic-tree", {"browse": {"operationId": "Browse"}}),
        "custom",
    ),
    (
        "dynamic-schema-properties",
        "schema alone",
        at(
            "swagger",
            NEW_DOC + "/x-ms-dynamic-schema",
            {"operationId": "GetDocument", "value-path": "schema"},
        ),
        "certified",
    ),
    (
        "dynamic-extension-placement",
        "on the body parameter",
        at("swagger", POST + "/parameters/0/x-ms-dynamic-schema", {"operationId": "GetDocument"}),
        "custom",
    ),
    (
        "api-annotation-replacement",
        "not deprecated",
        annotate(
            (
                GET,
                {
                    "family": "GetDocument",
                    "revision": 1,
                    "replacement": {"api": "contoso", "operationId": "GetDocumentV2"},
                },
            )
        ),
        "custom",
    ),
    (
        "api-annotation-replacement",
        "no api",
        both(
            at("swagger", GET + "/deprecated", True),
            annotate((GET, {"replacement": {"operationId": "GetDocumentV2"}})),
        ),
        "custom",
    ),
    (
        "operation-family",
        "three current operations",
        annotate(
            (GET, {"family": "Doc", "revision": 1}),
            (DELETE_OP, {"family": "Doc", "revision": 2}),
            (POST, {"family": "Doc", "revision": 3}),
        ),
        "custom",
    ),
    (
        "operation-family",
        "repeated revision",
        annotate((GET, {"family": "Doc", "revision": 1}), (POST, {"family": "Doc", "revision": 1})),
        "custom",
    ),
    (
        "operation-family",
        "two without revision",
        annotate((GET, {"family": "Doc"}), (POST, {"family": "Doc"})),
        "custom",
    ),
    (
        "operation-status",
        "production operation in preview connector",
        both(
            at("swagger", "/info/x-ms-api-annotation", {"status": "Preview"}),
            annotate((GET, {"status": "Production"})),
        ),
        "custom",
    ),
    (
        "parameter-url-encoding",
        "path parameter without encoding",
        at("swagger", PARAM + "/x-ms-url-encoding"),
        "certified",
    ),
    (
        "parameter-url-encoding",
        "query parameter with encoding",
        at("swagger", QUERY + "/x-ms-url-encoding", "single"),
        "custom",
    ),
    (
        "parameter-url-encoding",
        "unknown value",
        at("swagger", PARAM + "/x-ms-url-encoding", "triple"),
        "custom",
    ),
    (
        "security-scheme-properties",
        "apiKey without name",
        at("swagger", "/securityDefinitions/API Key/name"),
        "custom",
    ),
    (
        "security-scheme-properties",
        "apiKey in cookie",
        at("swagger", "/securityDefinitions/API Key/in", "cookie"),
        "custom",
    ),
    (
        "security-scheme-properties",
        "basic with apiKey fields",
        at("swagger", "/securityDefinitions/API Key/type", "basic"),
        "custom",
    ),
    (
        "security-scheme-properties",
        "accessCode without tokenUrl",
        at(
            "swagger",
            "/securityDefinitions/API Key",
            {
                "type": "oauth2",
                "flow": "accessCode",
                "authorizationUrl": "https://x.example/a",
                "scopes": {},
            },
        ),
        "custom",
    ),
    (
        "security-scheme-properties",
        "unknown type",
        at("swagger", "/securityDefinitions/API Key/type", "bearer"),
        "custom",
    ),
    (
        "security-defined",
        "null requirement",
        at("swagger", "/security/0", {"API Key": None}),
        "custom",
    ),
    ("security-defined", "security not an array", at("swagger", "/security", None), "custom"),
    (
        "readme-section-order",
        "deployment before known issues",
        readme(*SWAPPED_README_TAIL),
        "certified",
    ),
    (
        "description-api-word",
        "API",
        at("swagger", "/info/description", "The Contoso Documents API stores contracts for you."),
        "certified",
    ),
]

# (rule id, case name, edit, profile): close to the failing inputs, but fine.
PASSING: list[tuple[str, str, Edit, str]] = [
    (
        "json-syntax",
        "comments are lenient, not broken",
        put("settings", '{"apiDefinition": "apiDefinition.json" // pac naming\n}'),
        "certified",
    ),
    ("json-lenient", "strict JSON", noop, "certified"),
    ("required-files", "both present", noop, "custom"),
    (
        "settings-required",
        "not needed by independent publishers",
        put("settings", None),
        "independent-publisher",
    ),
    ("api-definition-size", "small", noop, "certified"),
    ("script-size", "small", noop, "certified"),
    (
        "script-class",
        "lower-case class name deploys",
        put("script", "class script: ScriptBase {}"),
        "certified",
    ),
    ("swagger-version", "2.0", noop, "custom"),
    ("title-required", "present", noop, "certified"),
    ("title-max-length", "30 characters", at("swagger", "/info/title", "A" * 30), "certified"),
    (
        "title-max-length",
        "custom: a warning only",
        at("swagger", "/info/title", "A" * 31),
        "never-error:custom",
    ),
    (
        "title-restricted-words",
        "word inside another",
        at("swagger", "/info/title", "Rapid Docs"),
        "certified",
    ),
    (
        "title-restricted-words",
        "off for custom",
        at("swagger", "/info/title", "Contoso API"),
        "custom",
    ),
    ("title-end-alphanumeric", "digit", at("swagger", "/info/title", "Contoso 365"), "certified"),
    (
        "title-end-alphanumeric",
        "independent-publisher pattern",
        at("swagger", "/info/title", "Contoso (Independent Publisher)"),
        "independent-publisher",
    ),
    (
        "title-end-alphanumeric",
        "closing bracket",
        at("swagger", "/info/title", "Contoso [Preview]"),
        "certified",
    ),
    ("description-required", "present", noop, "certified"),
    (
        "description-length",
        "30 characters",
        at("swagger", "/info/description", "D" * 30),
        "certified",
    ),
    (
        "description-length",
        "500 characters",
        at("swagger", "/info/description", "D" * 500),
        "certified",
    ),
    (
        "description-restricted-words",
        "power alone",
        at("swagger", "/info/description", "Power up your documents with Contoso, fast."),
        "certified",
    ),
    (
        "description-restricted-words",
        "not on the validator's list",
        at("swagger", "/info/description", "Send Contoso Documents data to Power BI reports."),
        "certified",
    ),
    ("description-product-names", "no product", noop, "certified"),
    ("contact-required", "off for custom", at("swagger", "/info/contact"), "custom"),
    ("contact-email-valid", "plain", noop, "certified"),
    ("url-valid", "https", noop, "certified"),
    ("connector-metadata-required", "off for custom", at("swagger", META), "custom"),
    ("connector-metadata-entries", "all three", noop, "certified"),
    (
        "connector-metadata-entries",
        "other letter case",
        at("swagger", META + "/1/propertyName", "Privacy Policy"),
        "certified",
    ),
    (
        "connector-metadata-entries",
        "key in other letter case",
        both(
            at("swagger", META + "/1/PropertyName", "Privacy policy"),
            at("swagger", META + "/1/propertyName"),
        ),
        "certified",
    ),
    ("connector-metadata-case", "as documented", noop, "certified"),
    ("connector-metadata-url", "https", noop, "certified"),
    (
        "category-valid",
        "spaces around",
        at("swagger", META + "/2/propertyValue", " AI ; Data "),
        "certified",
    ),
    (
        "category-valid",
        "other letter case",
        at("swagger", META + "/2/propertyValue", "AI;website"),
        "certified",
    ),
    ("category-max", "two", noop, "certified"),
    ("host-valid", "with port", at("swagger", "/host", "api.contoso.example:8443"), "certified"),
    ("host-valid", "absent", at("swagger", "/host"), "certified"),
    ("swagger-host", "present", noop, "certified"),
    ("base-path-slash", "root", at("swagger", "/basePath", "/"), "certified"),
    ("schemes-required", "https", noop, "certified"),
    (
        "schemes-allowed",
        "http and https",
        at("swagger", "/schemes", ["http", "https"]),
        "certified",
    ),
    ("schemes-https", "https only", noop, "certified"),
    ("extension-prefix", "x- extension", at("swagger", "/x-ms-capabilities", {}), "certified"),
    ("tags-unique", "distinct", at("swagger", "/tags/1", {"name": "other"}), "certified"),
    ("operation-summary-required", "present", noop, "certified"),
    (
        "operation-summary-required",
        "internal operation",
        both(INTERNAL_GET, at("swagger", GET + "/summary")),
        "certified",
    ),
    ("operation-description-required", "present", noop, "certified"),
    (
        "operation-description-required",
        "internal operation",
        both(INTERNAL_GET, at("swagger", GET + "/description")),
        "certified",
    ),
    ("operation-visibility", "set", noop, "certified"),
    ("operation-summary-length", "80", at("swagger", GET + "/summary", "G" * 80), "certified"),
    (
        "operation-summary-too-long",
        "119",
        at("swagger", GET + "/summary", "G" * 119),
        "never-error:certified",
    ),
    (
        "operation-summary-characters",
        "parentheses and dash",
        at("swagger", GET + "/summary", "Get a document (by ID) - v2"),
        "certified",
    ),
    (
        "operation-summary-end",
        "closing parenthesis",
        at("swagger", GET + "/summary", "Get a document (V2)"),
        "certified",
    ),
    (
        "operation-description-sentence",
        "question mark",
        at("swagger", GET + "/description", "Which document is it?"),
        "certified",
    ),
    (
        "operation-description-sentence",
        "a single word",
        at("swagger", QUERY + "/description", "Folder"),
        "certified",
    ),
    (
        "operation-description-sentence",
        "internal operation",
        both(INTERNAL_GET, at("swagger", GET + "/description", "Gets one document")),
        "certified",
    ),
    ("operation-product-names", "no product", noop, "certified"),
    ("summary-equals-description", "different", noop, "certified"),
    (
        "summary-equals-description",
        "internal operation",
        both(INTERNAL_GET, at("swagger", GET + "/description", "Get a document.")),
        "certified",
    ),
    ("operation-id-required", "present", noop, "custom"),
    ("operation-id-unique", "distinct", noop, "custom"),
    (
        "operation-id-sanitized",
        "underscore",
        at("swagger", GET + "/operationId", "Get_Document"),
        "custom",
    ),
    (
        "operation-id-sanitized",
        "dash: operation-id-hyphen's",
        at("swagger", GET + "/operationId", "get-document"),
        "custom",
    ),
    ("operation-id-hyphen", "camel case", noop, "custom"),
    (
        "operation-id-hyphen",
        "dot and dash: operation-id-sanitized's",
        at("swagger", GET + "/operationId", "get-document.v2"),
        "custom",
    ),
    ("response-required", "one response", noop, "custom"),
    ("response-success", "201", noop, "certified"),
    ("response-schema", "delete without schema", noop, "certified"),
    (
        "response-schema",
        "internal helper",
        both(
            at("swagger", GET + "/responses/200/schema"),
            at("swagger", GET + "/x-ms-visibility", "internal"),
        ),
        "certified",
    ),
    (
        "response-schema",
        "webhook notification content",
        both(
            at("swagger", GET + "/responses/200/schema"),
            at(
                "swagger",
                "/paths/~1documents~1{documentId}/x-ms-notification-content",
                {"schema": {"type": "object"}},
            ),
        ),
        "certified",
    ),
    (
        "default-response-schema",
        "empty schema",
        at("swagger", GET + "/responses/default/schema", {}),
        "certified",
    ),
    (
        "response-one-schema",
        "error schema on 400",
        at(
            "swagger", GET + "/responses/400", {"description": "Bad.", "schema": {"type": "object"}}
        ),
        "certified",
    ),
    ("response-code-valid", "extension", at("swagger", GET + "/responses/x-note", {}), "custom"),
    ("get-no-body", "body on POST", noop, "custom"),
    ("path-template", "same path, other method", noop, "custom"),
    (
        "path-template",
        "trailing slash, other method",
        at("swagger", "/paths/~1documents~1", {"get": LIST_DOCUMENTS}),
        "custom",
    ),
    ("path-parameters", "declared through $ref", noop, "custom"),
    ("trigger-value", "single", at("swagger", GET + "/x-ms-trigger", "single"), "custom"),
    (
        "visibility-value",
        "a property named x-ms-visibility",
        at("swagger", "/definitions/Document/properties/x-ms-visibility", {"type": "string"}),
        "custom",
    ),
    (
        "pageable-next-link",
        "@odata.nextLink",
        at("swagger", GET + "/x-ms-pageable", {"nextLinkName": "@odata.nextLink"}),
        "custom",
    ),
    ("parameter-summary-required", "body parameter", noop, "certified"),
    (
        "parameter-summary-required",
        "internal parameter",
        both(
            at("swagger", QUERY + "/x-ms-summary"),
            at("swagger", QUERY + "/x-ms-visibility", "internal"),
        ),
        "certified",
    ),
    (
        "parameter-summary-required",
        "parameter of an internal operation",
        both(INTERNAL_POST, at("swagger", QUERY + "/x-ms-summary")),
        "certified",
    ),
    ("parameter-description-required", "present", noop, "certified"),
    (
        "parameter-description-required",
        "parameter of an internal operation",
        both(INTERNAL_POST, at("swagger", QUERY + "/description")),
        "certified",
    ),
    (
        "parameter-summary-length",
        "80",
        at("swagger", QUERY + "/x-ms-summary", "F" * 80),
        "certified",
    ),
    ("parameter-connection-id", "other name", noop, "custom"),
    (
        "parameter-duplicate",
        "same name, other place",
        at(
            "swagger",
            POST + "/parameters/3",
            {
                "name": "folder",
                "in": "header",
                "type": "string",
                "x-ms-summary": "F",
                "description": "F.",
            },
        ),
        "custom",
    ),
    ("parameter-body-schema", "body with schema", noop, "custom"),
    ("parameter-internal-default", "required internal", noop, "custom"),
    ("ref-valid", "resolves", noop, "custom"),
    ("schema-array-items", "with items", noop, "custom"),
    ("schema-required-list", "defined", noop, "custom"),
    ("schema-enum", "distinct", noop, "custom"),
    ("schema-readonly-required", "readonly output", noop, "custom"),
    (
        "security-defined",
        "oauth scopes defined",
        both(
            at("swagger", "/securityDefinitions/oauth", {"type": "oauth2", "scopes": {"r": "R"}}),
            at("swagger", "/security/1", {"oauth": ["r"]}),
        ),
        "custom",
    ),
    (
        "properties-shape",
        "scriptOperations is known",
        at("props", PROPS + "/scriptOperations", []),
        "custom",
    ),
    (
        "brand-color-format",
        "upper case",
        at("props", PROPS + "/iconBrandColor", "#1F6FEB"),
        "custom",
    ),
    ("brand-color-certified", "brand colour", noop, "certified"),
    ("brand-color-independent-publisher", "#da3b01", noop, "independent-publisher"),
    ("publisher-required", "present", noop, "certified"),
    ("stack-owner-required", "off for custom", at("props", PROPS + "/stackOwner"), "custom"),
    (
        "connection-parameter-ui",
        "oauth token has no UI",
        at("props", PROPS + "/connectionParameters/token", {"type": "oauthSetting"}),
        "certified",
    ),
    # ---- policy templates (connector/rules/policies.py)
    (
        "policy-connection-parameter",
        "declared",
        at("props", PROPS + "/policyTemplateInstances", [policy("setheader", value=READ_KEY)]),
        "certified",
    ),
    (
        "policy-connection-parameter",
        "with a default",
        at(
            "props",
            PROPS + "/policyTemplateInstances",
            [policy("setheader", value="@connectionParameters('region', 'eu')")],
        ),
        "certified",
    ),
    (
        "policy-operation",
        "known operation",
        at(
            "props",
            PROPS + "/policyTemplateInstances",
            [policy("setheader", operations=["GetDocument"])],
        ),
        "certified",
    ),
    (
        "policy-url-template",
        "absolute, and an expression",
        at(
            "props",
            PROPS + "/policyTemplateInstances",
            [
                policy("dynamichosturl", urlTemplate="https://@connectionParameters('api_key')/v1"),
                policy("dynamichosturl", urlTemplate="@queryParameters('location')"),
            ],
        ),
        "certified",
    ),
    (
        "policy-template-unknown",
        "case differs",
        at("props", PROPS + "/policyTemplateInstances", [policy("SetHeader")]),
        "certified",
    ),
    (
        "connection-parameter-ui",
        "multi-auth schema description",
        both(
            at("props", PROPS + "/connectionParameters/api_key/uiDefinition/description"),
            at(
                "props",
                PROPS + "/connectionParameters/api_key/uiDefinition/schema",
                {"description": "The key."},
            ),
        ),
        "certified",
    ),
    (
        "no-secrets",
        "placeholders",
        at(
            "props",
            PROPS + "/connectionParameters/token",
            {
                "type": "oauthSetting",
                "oAuthSettings": {
                    "clientId": "bc448462-34a5-4c24-9963-4060a4e573ef",
                    "clientSecret": "{{ client secret }}",
                    "properties": {
                        "password": "<<Enter password>>",
                        "secret": "****",
                        "apiKey": "dummy",
                        "token": "",
                    },
                },
            },
        ),
        "custom",
    ),
    (
        "no-secrets",
        "long identifier in x-ms value",
        at(
            "swagger",
            GET + "/x-ms-dynamic-values",
            {"operationId": "Flow_GetOffice365SettingActionTypes"},
        ),
        "custom",
    ),
    (
        "no-secrets",
        "example data",
        at(
            "swagger", GET + "/responses/200/examples", {"application/json": {"password": "123456"}}
        ),
        "custom",
    ),
    (
        "readme-required",
        "lower-case readme.md",
        both(put("readme", None), extra("readme.md", b"# Contoso\n")),
        "never:readme-required",
    ),
    ("readme-title", "level 1", noop, "certified"),
    ("readme-title", "level 2", readme("# Contoso Documents", "## Contoso Documents"), "certified"),
    (
        "readme-title",
        "level 1, words of a section",
        readme("# Contoso Documents", "# Operations Hub"),
        "certified",
    ),
    (
        "readme-title",
        "setext heading",
        readme("# Contoso Documents", "Contoso Documents\n================="),
        "certified",
    ),
    ("readme-title-level", "level 1", noop, "certified"),
    (
        "readme-sections",
        "case and punctuation differ",
        readme("## Prerequisites", "## Pre-requisites"),
        "certified",
    ),
    (
        "readme-sections",
        "other words",
        both(
            readme("## Obtaining Credentials", "## How to get credentials"),
            readme("## Known Issues and Limitations", "## Known Issues & Limitations"),
            readme("## Deployment Instructions", "## Deploying the sample"),
        ),
        "certified",
    ),
    (
        "readme-sections",
        "inline triple backticks are no fence",
        readme("## Prerequisites\n", '## Prerequisites\nSend ```{"a": 1}``` as JSON.\n'),
        "certified",
    ),
    (
        "readme-sections",
        "setext headings",
        readme("## Prerequisites\n", "Prerequisites\n-------------\n"),
        "certified",
    ),
    (
        "readme-sections",
        "deployment optional for independent publishers",
        readme("## Deployment Instructions", "## Deploying"),
        "independent-publisher",
    ),
    (
        "readme-publisher",
        "name on the next line",
        readme("## Publisher: Contoso", "## Publisher\n### Contoso"),
        "certified",
    ),
    (
        "readme-operations",
        "bullet list",
        readme(
            "### Get a document\nGets one document.\n### Create a document\nCreates a document.",
            "- Get a document\n- Create a document",
        ),
        "certified",
    ),
    ("readme-oauth-steps", "api key connector", noop, "independent-publisher"),
    ("icon-required", "present", noop, "certified"),
    ("icon-independent-publisher", "no icon", noop, "independent-publisher"),
    ("icon-png", "png", noop, "certified"),
    ("icon-size", "230x230", noop, "certified"),
    ("icon-background", "brand colour", noop, "certified"),
    ("icon-brand-color", "close enough", put("icon", png(background="#2070ea")), "certified"),
    (
        "schema-numeric",
        "equal limits",
        both(at("swagger", QUERY + "/minLength", 3), at("swagger", QUERY + "/maxLength", 3)),
        "custom",
    ),
    (
        "schema-numeric",
        "exclusiveMaximum with maximum",
        both(
            at("swagger", "/definitions/Document/properties/pages/items/maximum", 9),
            at("swagger", "/definitions/Document/properties/pages/items/exclusiveMaximum", True),
        ),
        "custom",
    ),
    (
        "schema-numeric",
        "a property named minimum",
        at("swagger", "/definitions/Document/properties/minimum", {"type": "integer"}),
        "custom",
    ),
    (
        "schema-pattern",
        "ECMAScript named group and property escape",
        at("swagger", QUERY + "/pattern", "^(?<year>\\d{4})-\\p{L}+$"),
        "custom",
    ),
    (
        "schema-pattern",
        "variable-width look-behind",
        at("swagger", QUERY + "/pattern", "(?<=a+)b"),
        "custom",
    ),
    (
        "schema-default-type",
        'string "false" on a string',
        at("swagger", QUERY + "/default", "false"),
        "custom",
    ),
    (
        "schema-default-type",
        "boolean false",
        at("swagger", NEW_DOC + "/properties/draft", {"type": "boolean", "default": False}),
        "custom",
    ),
    (
        "schema-default-type",
        "integral float on an integer",
        at("swagger", "/definitions/Document/properties/pages/items/default", 10.0),
        "custom",
    ),
    (
        "schema-unsupported",
        "uniqueItems false",
        at("swagger", "/definitions/Document/properties/pages/uniqueItems", False),
        "custom",
    ),
    (
        "schema-unsupported",
        "a property named not",
        at("swagger", "/definitions/Document/properties/not", {"type": "boolean"}),
        "custom",
    ),
    (
        "schema-unsupported",
        "multi on a query parameter",
        at("swagger", POST + "/parameters/2/collectionFormat", "multi"),
        "custom",
    ),
    (
        "schema-string-binary",
        "the whole body",
        at("swagger", POST + "/parameters/0/schema", BINARY),
        "custom",
    ),
    (
        "schema-string-binary",
        "inside a response",
        at("swagger", "/definitions/Document/properties/content", BINARY),
        "custom",
    ),
    (
        "schema-editor-dictionary",
        "object with additionalProperties",
        at(
            "swagger",
            "/definitions/Document/properties/meta",
            {
                "type": "object",
                "additionalProperties": {"type": "string"},
                "x-ms-editor": "dictionary",
            },
        ),
        "custom",
    ),
    ("operation-consumes", "document consumes", noop, "custom"),
    (
        "operation-consumes",
        "operation consumes only",
        both(at("swagger", "/consumes"), at("swagger", POST + "/consumes", ["application/json"])),
        "custom",
    ),
    (
        "mime-type-valid",
        "parameters after the type",
        at("swagger", "/consumes", ["application/json; charset=utf-8"]),
        "certified",
    ),
    ("notification-url-property", "internal, required string in the body", WEBHOOK, "custom"),
    (
        "notification-url-property",
        "body parameter optional: notification-url-body-required's",
        both(WEBHOOK, at("swagger", POST + "/parameters/0/required", False)),
        "custom",
    ),
    (
        "notification-url-property",
        "internal through its parent",
        both(
            WEBHOOK,
            at("swagger", NEW_DOC + "/properties/callback/x-ms-visibility"),
            at("swagger", NEW_DOC + "/x-ms-visibility", "internal"),
        ),
        "custom",
    ),
    ("notification-url-body-required", "required body", WEBHOOK, "custom"),
    (
        "notification-url-property",
        "unused definition",
        at(
            "swagger",
            "/definitions/Unused",
            {"type": "object", "properties": {"callback": CALLBACK}},
        ),
        "custom",
    ),
    ("notification-content", "on the path", WEBHOOK, "custom"),
    (
        "notification-trigger",
        "trigger naming the webhook",
        both(
            WEBHOOK,
            at("swagger", GET + "/x-ms-trigger", "single"),
            at("swagger", GET + "/x-ms-notification", {"operationId": "CreateDocument"}),
        ),
        "custom",
    ),
    (
        "dynamic-operation-exists",
        "known operation",
        at(
            "swagger",
            QUERY + "/x-ms-dynamic-values",
            {"operationId": "GetDocument", "value-path": "id"},
        ),
        "custom",
    ),
    (
        "dynamic-operation-exists",
        "built-in operation",
        at(
            "swagger",
            QUERY + "/x-ms-dynamic-values",
            {"builtInOperation": "AadGraph.GetUsers", "value-path": "id"},
        ),
        "custom",
    ),
    (
        "dynamic-schema-properties",
        "both",
        both(
            at("swagger", NEW_DOC + "/x-ms-dynamic-schema", {"operationId": "GetDocument"}),
            at("swagger", NEW_DOC + "/x-ms-dynamic-properties", {"operationId": "GetDocument"}),
        ),
        "certified",
    ),
    (
        "dynamic-extension-placement",
        "on the body schema",
        at("swagger", NEW_DOC + "/x-ms-dynamic-schema", {"operationId": "GetDocument"}),
        "custom",
    ),
    (
        "api-annotation-replacement",
        "deprecated with api and operationId",
        both(
            at("swagger", GET + "/deprecated", True),
            annotate(
                (
                    GET,
                    {
                        "family": "GetDocument",
                        "revision": 1,
                        "replacement": {"api": "contoso", "operationId": "GetDocumentV2"},
                    },
                )
            ),
        ),
        "custom",
    ),
    (
        "operation-family",
        "two revisions, one deprecated",
        both(
            at("swagger", GET + "/deprecated", True),
            annotate(
                (GET, {"family": "Doc", "revision": 1}),
                (DELETE_OP, {"family": "Doc", "revision": 2}),
                (POST, {"family": "Doc", "revision": 3}),
            ),
        ),
        "custom",
    ),
    (
        "operation-family",
        "one without revision",
        annotate((GET, {"family": "Doc"}), (POST, {"family": "Doc", "revision": 2})),
        "custom",
    ),
    (
        "operation-status",
        "preview operation in preview connector",
        both(
            at("swagger", "/info/x-ms-api-annotation", {"status": "Preview"}),
            annotate((GET, {"status": "Preview"})),
        ),
        "custom",
    ),
    (
        "parameter-url-encoding",
        "double",
        at("swagger", PARAM + "/x-ms-url-encoding", "double"),
        "certified",
    ),
    (
        "security-scheme-properties",
        "implicit oauth2 with extension",
        at(
            "swagger",
            "/securityDefinitions/API Key",
            {
                "type": "oauth2",
                "flow": "implicit",
                "authorizationUrl": "https://x.example/a",
                "scopes": {},
                "x-ms-note": "x",
            },
        ),
        "custom",
    ),
    (
        "security-scheme-properties",
        "basic",
        at("swagger", "/securityDefinitions/API Key", {"type": "basic", "description": "B."}),
        "custom",
    ),
    (
        "readme-section-order",
        "optional sections between",
        readme("## Known Issues", "## Getting Started\nGo.\n\n## Known Issues"),
        "certified",
    ),
    ("readme-section-order", "off for custom", readme(*SWAPPED_README_TAIL), "custom"),
    (
        "description-api-word",
        "word inside another",
        at("swagger", "/info/description", "Contoso Documents stores contracts for rapid access."),
        "certified",
    ),
]


def _run(edit: Edit, profile: str) -> list:
    base_profile = profile.split(":")[-1] if profile.startswith("never-error:") else profile
    if profile.startswith("never:"):
        base_profile = "certified"
    parts = connector(base_profile)
    edit(parts)
    return check_files(to_files(parts), profile=base_profile)


def _case_id(case: tuple) -> str:
    return f"{case[0]}-{case[1].replace(' ', '_')}"


@pytest.mark.parametrize("case", FAILING, ids=_case_id)
def test_rule_fails(case: tuple) -> None:
    rule_id, _, edit, profile = case
    findings = _run(edit, profile)
    assert rule_id in {f.code for f in findings}, [f.format() for f in findings]


@pytest.mark.parametrize("case", PASSING, ids=_case_id)
def test_rule_passes(case: tuple) -> None:
    rule_id, _, edit, profile = case
    findings = _run(edit, profile)
    if profile.startswith("never-error:"):
        assert not [f for f in findings if f.code == rule_id and f.level == "error"]
    elif profile.startswith("never:"):
        assert rule_id not in {f.code for f in findings}
    else:
        assert [f.format() for f in findings if f.code == rule_id] == []


def test_every_checked_rule_has_failing_and_passing_cases() -> None:
    checked = {r.id for r in registry().for_target("connector") if not r.manual}
    assert checked - {c[0] for c in FAILING} == set()
    assert checked - {c[0] for c in PASSING} == set()
    assert {c[0] for c in FAILING + PASSING} <= {r.id for r in registry().for_target("connector")}


# Any JSON at all, where the connector's files should be: rules must never crash on it.
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "info",
                    "paths",
                    "get",
                    "parameters",
                    "responses",
                    "schema",
                    "$ref",
                    "properties",
                    "items",
                    "required",
                    "in",
                    "name",
                    "security",
                    "x-ms-connector-metadata",
                    "propertyName",
                    "/a/{b}",
                    "200",
                    "title",
                    "enum",
                    "type",
                    "default",
                    "iconBrandColor",
                    "connectionParameters",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=25,
)


@settings(max_examples=200, deadline=None)
@given(
    swagger=st.dictionaries(
        st.sampled_from(
            [
                "swagger",
                "info",
                "paths",
                "definitions",
                "parameters",
                "security",
                "host",
                "schemes",
                "securityDefinitions",
                "tags",
            ]
        ),
        _json,
    ),
    props=_json,
)
def test_rules_never_crash_on_odd_json(swagger: dict, props: object) -> None:
    import json

    files = {
        "apiDefinition.json": json.dumps(swagger).encode(),
        "apiProperties.json": json.dumps(props).encode(),
        "README.md": b"## x\n",
    }
    for profile in ("certified", "independent-publisher", "custom"):
        findings = check_files(files, profile=profile)
        assert not [f.message for f in findings if "internal error" in f.message]
