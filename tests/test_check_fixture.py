"""A small connector that passes every `connectorgen check` rule, and ways to spoil it.

Other test_check_* modules import this one; its own tests pin that the fixture is clean.
"""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

from connectorgen.connector.check import check_files

BRAND = "#1f6feb"
IP_BRAND = "#da3b01"

SWAGGER: dict[str, Any] = {
    "swagger": "2.0",
    "info": {
        "title": "Contoso Documents",
        "description": "Contoso Documents stores contracts. Use it to find, read and create "
        "documents from your flows.",
        "version": "1.0",
        "contact": {
            "name": "Contoso Support",
            "url": "https://contoso.example/support",
            "email": "support@contoso.example",
        },
    },
    "host": "api.contoso.example",
    "basePath": "/v1",
    "schemes": ["https"],
    "consumes": ["application/json"],
    "produces": ["application/json"],
    "paths": {
        "/documents/{documentId}": {
            "get": {
                "operationId": "GetDocument",
                "summary": "Get a document",
                "description": "Gets one document by its ID.",
                "x-ms-visibility": "important",
                "parameters": [{"$ref": "#/parameters/documentId"}],
                "responses": {
                    "200": {
                        "description": "The document.",
                        "schema": {"$ref": "#/definitions/Document"},
                    },
                    "default": {"description": "An error."},
                },
            },
            "delete": {
                "operationId": "DeleteDocument",
                "summary": "Delete a document",
                "description": "Deletes one document by its ID.",
                "x-ms-visibility": "advanced",
                "parameters": [{"$ref": "#/parameters/documentId"}],
                "responses": {"200": {"description": "Deleted."}},
            },
        },
        "/documents": {
            "post": {
                "operationId": "CreateDocument",
                "summary": "Create a document",
                "description": "Creates a document from a title and a text.",
                "x-ms-visibility": "important",
                "parameters": [
                    {
                        "name": "body",
                        "in": "body",
                        "required": True,
                        "schema": {"$ref": "#/definitions/NewDocument"},
                    },
                    {
                        "name": "folder",
                        "in": "query",
                        "type": "string",
                        "required": False,
                        "x-ms-summary": "Folder",
                        "description": "The folder to create it in.",
                    },
                    {
                        "name": "tags",
                        "in": "query",
                        "type": "array",
                        "items": {"type": "string"},
                        "x-ms-summary": "Tags",
                        "description": "Tags to put on the document.",
                        "enum": ["a", "b"],
                    },
                ],
                "responses": {
                    "201": {"description": "Created.", "schema": {"$ref": "#/definitions/Document"}}
                },
            },
        },
    },
    "parameters": {
        "documentId": {
            "name": "documentId",
            "in": "path",
            "required": True,
            "type": "string",
            "x-ms-summary": "Document ID",
            "x-ms-url-encoding": "single",
            "description": "The ID of the document.",
        },
    },
    "definitions": {
        "Document": {
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "string", "x-ms-summary": "ID", "readOnly": True},
                "title": {"type": "string", "x-ms-summary": "Title"},
                "pages": {"type": "array", "items": {"type": "integer"}},
            },
        },
        "NewDocument": {
            "type": "object",
            "required": ["title", "kind"],
            "properties": {
                "title": {"type": "string", "x-ms-summary": "Title"},
                "kind": {"type": "string", "x-ms-visibility": "internal", "default": "contract"},
            },
        },
    },
    "securityDefinitions": {"API Key": {"type": "apiKey", "in": "header", "name": "Authorization"}},
    "security": [{"API Key": []}],
    "tags": [{"name": "documents"}],
    "x-ms-connector-metadata": [
        {"propertyName": "Website", "propertyValue": "https://contoso.example"},
        {"propertyName": "Privacy policy", "propertyValue": "https://contoso.example/privacy"},
        {"propertyName": "Categories", "propertyValue": "Content and Files;Productivity"},
    ],
}

PROPERTIES: dict[str, Any] = {
    "properties": {
        "connectionParameters": {
            "api_key": {
                "type": "securestring",
                "uiDefinition": {
                    "displayName": "API Key",
                    "description": "The API key for Contoso.",
                    "tooltip": "Provide your API key",
                    "constraints": {"tabIndex": 2, "clearText": False, "required": "true"},
                },
            }
        },
        "iconBrandColor": BRAND,
        "capabilities": [],
        "publisher": "Contoso",
        "stackOwner": "Contoso",
    }
}

SETTINGS = {
    "connectorId": None,
    "environment": None,
    "apiProperties": "apiProperties.json",
    "apiDefinition": "apiDefinition.json",
    "icon": "icon.png",
    "script": "script.csx",
}

README = """\
# Contoso Documents
Contoso Documents stores contracts. This connector finds, reads and creates them.

## Publisher: Contoso

## Prerequisites
A Contoso account.

## Supported Operations
### Get a document
Gets one document.
### Create a document
Creates a document.

## Obtaining Credentials
Create an API key under Settings, then API keys.

## Known Issues and Limitations
None.

## Deployment Instructions
Run `paconn create` with the files of this folder.
"""

SCRIPT = """\
public class Script : ScriptBase
{
    public override async Task<HttpResponseMessage> ExecuteAsync()
    {
        return await this.Context.SendAsync(this.Context.Request, this.CancellationToken);
    }
}
"""


def png(
    size: tuple[int, int] = (230, 230),
    background: str | tuple = BRAND,
    fmt: str = "PNG",
    mode: str = "RGBA",
) -> bytes:
    """An icon: a white square logo on ``background`` (a colour name, #rrggbb or RGBA)."""
    from PIL import Image

    img = Image.new(mode, size, background)
    width, height = size
    img.paste("white", (width // 4, height // 4, width * 3 // 4, height * 3 // 4))
    out = io.BytesIO()
    img.convert("RGB" if fmt == "JPEG" else mode).save(out, fmt)
    return out.getvalue()


def connector(profile: str = "certified") -> dict[str, Any]:
    """The parts of a clean connector for ``profile``, as editable values."""
    parts: dict[str, Any] = {
        "swagger": copy.deepcopy(SWAGGER),
        "props": copy.deepcopy(PROPERTIES),
        "settings": copy.deepcopy(SETTINGS),
        "readme": README,
        "icon": png(),
        "script": SCRIPT,
    }
    if profile == "independent-publisher":
        parts["props"]["properties"]["iconBrandColor"] = IP_BRAND
        parts["props"]["properties"]["publisher"] = "Dana Smith"
        parts["icon"] = None
        parts["settings"] = None
    return parts


def to_files(parts: dict[str, Any]) -> dict[str, bytes]:
    """Connector parts -> file name -> bytes, as `generate` would write them."""
    names = {
        "swagger": "apiDefinition.json",
        "props": "apiProperties.json",
        "settings": "settings.json",
        "readme": "README.md",
        "icon": "icon.png",
        "script": "script.csx",
    }
    files: dict[str, bytes] = {}
    for key, name in names.items():
        value = parts.get(key)
        if value is None:
            continue
        if isinstance(value, bytes):
            files[name] = value
        elif isinstance(value, str):
            files[name] = value.encode("utf-8")
        else:
            files[name] = (json.dumps(value, indent=2) + "\n").encode("utf-8")
    files.update(parts.get("extra", {}))
    return files


def write_connector(folder: Path, parts: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in to_files(parts).items():
        (folder / name).write_bytes(data)
    return folder


def codes(parts: dict[str, Any], profile: str = "certified") -> list[str]:
    return [f.code for f in check_files(to_files(parts), profile=profile)]


def test_clean_connector_has_no_findings_for_certified() -> None:
    findings = check_files(to_files(connector()), profile="certified")
    assert [f.format() for f in findings] == []


def test_clean_connector_has_no_findings_for_independent_publisher() -> None:
    parts = connector("independent-publisher")
    findings = check_files(to_files(parts), profile="independent-publisher")
    assert [f.format() for f in findings] == []


def test_clean_connector_has_no_findings_for_custom() -> None:
    findings = check_files(to_files(connector()), profile="custom")
    assert [f.format() for f in findings] == []
