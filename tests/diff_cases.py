"""A small connector for the diff tests, and the changes the tests make to it.

The API definition has what the diff rules look at: operations with and without parameters,
a body through $ref, responses through #/responses and allOf, definitions that contain
themselves (Task.subtasks, Person.manager), a dynamic dropdown, a webhook trigger with a
notification schema, a deprecated operation with its replacement, a response header, and
apiProperties.json with an OAuth sign-in, an optional connection parameter and two policies.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

Doc = dict[str, Any]


def swagger() -> Doc:
    task_id = {"$ref": "#/parameters/TaskId"}
    return {
        "swagger": "2.0",
        "info": {
            "title": "Contoso Tasks",
            "description": "Create, find and follow the tasks of a Contoso project.",
            "version": "1.0",
        },
        "host": "api.contoso.com",
        "basePath": "/v1",
        "schemes": ["https"],
        "consumes": ["application/json"],
        "produces": ["application/json"],
        "paths": {
            "/tasks": {
                "get": {
                    "operationId": "ListTasks",
                    "summary": "List tasks",
                    "description": "Lists the tasks of a project.",
                    "parameters": [
                        {
                            "name": "status",
                            "in": "query",
                            "type": "string",
                            "enum": ["open", "done"],
                            "description": "Only tasks with this status.",
                        },
                        {
                            "name": "projectId",
                            "in": "query",
                            "type": "string",
                            "x-ms-dynamic-values": {
                                "operationId": "ListProjects",
                                "value-path": "id",
                                "value-title": "name",
                            },
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "The tasks.",
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "value": {
                                        "type": "array",
                                        "items": {"$ref": "#/definitions/Task"},
                                    }
                                },
                            },
                        }
                    },
                },
                "post": {
                    "operationId": "CreateTask",
                    "summary": "Create a task",
                    "description": "Creates a task.",
                    "parameters": [
                        {
                            "name": "body",
                            "in": "body",
                            "required": True,
                            "schema": {"$ref": "#/definitions/NewTask"},
                        }
                    ],
                    "responses": {
                        "201": {
                            "description": "The new task.",
                            "schema": {"$ref": "#/definitions/Task"},
                            "headers": {"Location": {"type": "string"}},
                        }
                    },
                },
            },
            "/tasks/{taskId}": {
                "parameters": [task_id],
                "get": {
                    "operationId": "GetTask",
                    "summary": "Get a task",
                    "description": "Gets one task.",
                    "responses": {"200": {"$ref": "#/responses/TaskResponse"}},
                },
                "delete": {
                    "operationId": "DeleteTask",
                    "summary": "Delete a task (deprecated)",
                    "description": "Deletes a task (deprecated).",
                    "deprecated": True,
                    "x-ms-api-annotation": {
                        "family": "DeleteTask",
                        "revision": 1,
                        "replacement": {"api": "Contoso Tasks", "operationId": "DeleteTaskV2"},
                    },
                    "responses": {"204": {"description": "Deleted."}},
                },
            },
            "/v2/tasks/{taskId}": {
                "delete": {
                    "operationId": "DeleteTaskV2",
                    "summary": "Delete a task",
                    "description": "Deletes a task.",
                    "parameters": [task_id],
                    "x-ms-api-annotation": {"family": "DeleteTask", "revision": 2},
                    "responses": {"204": {"description": "Deleted."}},
                }
            },
            "/projects": {
                "get": {
                    "operationId": "ListProjects",
                    "summary": "List projects",
                    "description": "Lists the projects, for the project dropdown.",
                    "x-ms-visibility": "internal",
                    "responses": {
                        "200": {
                            "description": "The projects.",
                            "schema": {
                                "type": "array",
                                "items": {"$ref": "#/definitions/Project"},
                            },
                        }
                    },
                }
            },
            "/hooks": {
                "x-ms-notification-content": {
                    "description": "The task that was created.",
                    "schema": {"$ref": "#/definitions/Task"},
                },
                "post": {
                    "operationId": "OnTaskCreated",
                    "summary": "When a task is created",
                    "description": "Triggers when a task is created.",
                    "x-ms-trigger": "single",
                    "parameters": [
                        {
                            "name": "body",
                            "in": "body",
                            "required": True,
                            "schema": {
                                "type": "object",
                                "required": ["url"],
                                "properties": {
                                    "url": {
                                        "type": "string",
                                        "x-ms-notification-url": True,
                                        "x-ms-visibility": "internal",
                                    }
                                },
                            },
                        }
                    ],
                    "responses": {"201": {"description": "Subscribed."}},
                },
            },
        },
        "definitions": {
            "Base": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "created": {"type": "string", "format": "date-time"},
                },
            },
            "Task": {
                "allOf": [
                    {"$ref": "#/definitions/Base"},
                    {
                        "type": "object",
                        "properties": {
                            "title": {"type": "string"},
                            "assignee": {"$ref": "#/definitions/Person"},
                            "subtasks": {"type": "array", "items": {"$ref": "#/definitions/Task"}},
                        },
                    },
                ]
            },
            "Person": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "manager": {"$ref": "#/definitions/Person"},
                },
            },
            "NewTask": {
                "type": "object",
                "required": ["title"],
                "properties": {
                    "title": {"type": "string"},
                    "priority": {"type": "integer"},
                    "notes": {"type": "string"},
                },
            },
            "Project": {
                "type": "object",
                "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
            },
        },
        "parameters": {
            "TaskId": {"name": "taskId", "in": "path", "required": True, "type": "string"}
        },
        "responses": {
            "TaskResponse": {"description": "The task.", "schema": {"$ref": "#/definitions/Task"}}
        },
        "securityDefinitions": {
            "oauth2_auth": {
                "type": "oauth2",
                "flow": "accessCode",
                "authorizationUrl": "https://login.contoso.com/authorize",
                "tokenUrl": "https://login.contoso.com/token",
                "scopes": {},
            }
        },
        "security": [{"oauth2_auth": []}],
    }


def properties() -> Doc:
    return {
        "properties": {
            "iconBrandColor": "#0b6e99",
            "publisher": "Contoso",
            "stackOwner": "Contoso",
            "capabilities": [],
            "connectionParameters": {
                "token": {
                    "type": "oauthSetting",
                    "oAuthSettings": {
                        "identityProvider": "oauth2",
                        "clientId": "{{ client id }}",
                        "scopes": [],
                        "redirectMode": "GlobalPerConnector",
                        "customParameters": {
                            "authorizationUrl": {"value": "https://login.contoso.com/authorize"},
                            "tokenUrl": {"value": "https://login.contoso.com/token"},
                            "refreshUrl": {"value": "https://login.contoso.com/token"},
                        },
                    },
                },
                "token:region": {
                    "type": "string",
                    "uiDefinition": {
                        "displayName": "Region",
                        "description": "The region of your Contoso account.",
                        "constraints": {"required": "false"},
                    },
                },
            },
            "policyTemplateInstances": [
                {
                    "templateId": "dynamichosturl",
                    "title": "Regional host",
                    "parameters": {
                        "x-ms-apimTemplateParameter.urlTemplate": "https://@connectionParameters('token:region').contoso.com/v1"
                    },
                },
                {
                    "templateId": "setheader",
                    "title": "API version",
                    "parameters": {
                        "x-ms-apimTemplateParameter.name": "api-version",
                        "x-ms-apimTemplateParameter.value": "2024-01-01",
                        "x-ms-apimTemplateParameter.existsAction": "override",
                        "x-ms-apimTemplate-policySection": "Request",
                    },
                },
            ],
        }
    }


def write_connector(folder: Path, api: Doc | str, props: Doc | str | None = None) -> Path:
    """Write an API definition (and apiProperties.json) into ``folder``, indented by 2."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, value in (("apiDefinition.swagger.json", api), ("apiProperties.json", props)):
        if value is None:
            continue
        text = value if isinstance(value, str) else json.dumps(value, indent=2) + "\n"
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def changed(
    api: Callable[[Doc], object] | None = None, props: Callable[[Doc], object] | None = None
) -> tuple[Doc, Doc]:
    """The fixture's two files with ``api`` and ``props`` applied to copies."""
    new_api, new_props = copy.deepcopy(swagger()), copy.deepcopy(properties())
    if api:
        api(new_api)
    if props:
        props(new_props)
    return new_api, new_props


def op(doc: Doc, path: str, method: str) -> Doc:
    return doc["paths"][path][method]  # type: ignore[no-any-return]


def line_of(text: str, pointer: str) -> int:
    """The line of ``pointer`` in JSON written by json.dumps(indent=2): a member's key, an
    array item's first line. Independent of connectorgen's position index."""
    lines = text.split("\n")
    row = 0
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
    for depth, part in enumerate(parts, start=1):
        indent = " " * (2 * depth)
        key = indent + json.dumps(part) + ":"
        if lines[row].rstrip().endswith("["):
            items = [
                i
                for i in range(row + 1, len(lines))
                if lines[i].startswith(indent)
                and not lines[i].startswith(indent + " ")
                and lines[i].strip()[0] not in "]}"
            ]
            row = items[int(part)]
        else:
            row = next(i for i in range(row + 1, len(lines)) if lines[i].startswith(key))
    return row + 1
