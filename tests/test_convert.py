"""connectorgen convert, and generate, new-config and check on OpenAPI 3 and YAML inputs.

The fixtures in tests/data/convert reach what a round trip from Swagger 2.0 cannot: oneOf and
anyOf, bearer and OpenID Connect, callbacks and links, cookie parameters, servers with
variables, 3.1 type arrays and const, YAML anchors and merge keys.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import run_check, run_cli

from connectorgen.core.reading import parse_document
from connectorgen.openapi.validate import structural_warnings

DATA = Path(__file__).parent / "data" / "convert"
PETSTORE = DATA / "petstore-3.0.yaml"
TODO = DATA / "todo-3.1.json"
ECHO = DATA / "swagger-2.0.yaml"


def convert(path: Path, *args: str) -> tuple[int, dict[str, Any], str]:
    code, out, err = run_cli("convert", str(path), *args)
    assert "Traceback" not in err
    return code, (json.loads(out) if out else {}), err


def warnings_by_code(err: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in err.splitlines():
        if line.startswith(("warning: ", "info: ")):
            found.setdefault(line.split(": ", 1)[0], []).append(line)
    return found


def line_of(path: Path, needle: str) -> int:
    return next(n for n, text in enumerate(path.read_text().splitlines(), 1) if needle in text)


# ---------------------------------------------------------------- the mapping, OpenAPI 3.0 YAML


@pytest.fixture(scope="module")
def petstore() -> tuple[dict[str, Any], str]:
    code, doc, err = convert(PETSTORE)
    assert code == 0, err
    return doc, err


def test_result_is_valid_swagger_2(petstore: tuple[dict[str, Any], str]) -> None:
    doc, _ = petstore
    assert doc["swagger"] == "2.0"
    assert structural_warnings(doc, "petstore") == []


def test_servers_first_server_with_variable_defaults(petstore: tuple[dict[str, Any], str]) -> None:
    doc, err = petstore
    assert (doc["host"], doc["basePath"], doc["schemes"]) == (
        "contoso.petstore.example.com",
        "/v1",
        ["https"],
    )
    assert "dynamichosturl" in err and "@connectionParameters('instanceUrl')" in err
    assert "sandbox.petstore.example.com/v1 is dropped" in err


def test_request_bodies_parameters_and_media(petstore: tuple[dict[str, Any], str]) -> None:
    doc, _ = petstore
    create = doc["paths"]["/pets"]["post"]
    body = create["parameters"][0]
    assert body == {
        "name": "pet",  # x-codegen-request-body-name
        "in": "body",
        "description": "The pet to add.",
        "required": True,
        "schema": {"$ref": "#/definitions/Pet"},
    }
    assert "x-codegen-request-body-name" not in create
    assert create["responses"]["201"]["headers"]["Location"]["type"] == "string"
    upload = doc["paths"]["/pets/{petId}/photo"]["put"]
    assert upload["consumes"] == ["multipart/form-data"]
    assert upload["parameters"] == [
        {
            "name": "file",
            "in": "formData",
            "description": "The photo.",
            "required": True,
            "type": "file",
        },
        {
            "name": "caption",
            "in": "formData",
            "description": "A caption.",
            "type": "string",
            "x-ms-summary": "Caption",
        },
    ]
    listing = doc["paths"]["/pets"]["get"]
    assert listing["parameters"][0] == {"$ref": "#/parameters/Limit"}
    assert listing["parameters"][1]["collectionFormat"] == "multi"
    assert [p.get("name") for p in listing["parameters"]] == [None, "tags"]  # cookie dropped
    assert doc["parameters"]["Limit"]["maximum"] == 100
    assert "2XX" not in listing["responses"]
    assert listing["x-ms-visibility"] == "important"
    assert doc["x-ms-connector-metadata"][0]["propertyName"] == "Website"


def test_schemas_nullable_merge_keys_and_one_of(petstore: tuple[dict[str, Any], str]) -> None:
    doc, _ = petstore
    pet = doc["definitions"]["Pet"]
    assert pet["required"] == ["name"]
    assert pet["properties"]["birthday"] == {
        "type": "string",
        "format": "date",
        "example": "2020-01-01",  # YAML 1.2: a date stays a string
        "x-nullable": True,
    }
    kind = pet["properties"]["kind"]
    assert kind["type"] == "object" and "discriminator" not in kind
    assert set(kind["properties"]) == {"type", "indoor", "good"}
    assert "required" not in kind  # only Dog requires type
    assert doc["definitions"]["Base"]["properties"]["id"]["type"] == "string"


def test_security(petstore: tuple[dict[str, Any], str]) -> None:
    doc, err = petstore
    assert doc["securityDefinitions"] == {
        "bearerAuth": {
            "type": "apiKey",
            "name": "Authorization",
            "in": "header",
            "description": "Enter 'Bearer ' followed by your token.",
        },
        "oauth": {
            "type": "oauth2",
            "flow": "accessCode",
            "authorizationUrl": "https://login.petstore.example.com/authorize",
            "tokenUrl": "https://login.petstore.example.com/token",
            "scopes": {"pets.read": "Read pets"},
        },
    }
    assert doc["security"] == [{"bearerAuth": []}, {"oauth": ["pets.read"]}]
    assert "users enter 'Bearer ' followed by their JWT token" in err
    assert "OpenID Connect ('oidc')" in err and "implicit is dropped" in err


def test_every_lossy_step_is_a_warning_with_pointer_and_line(
    petstore: tuple[dict[str, Any], str],
) -> None:
    _, err = petstore
    name = str(PETSTORE)
    expected = {
        "callbacks": ("/paths/~1pets/post/callbacks", line_of(PETSTORE, "callbacks:")),
        "cookie parameter 'session'": (
            "/paths/~1pets/get/parameters/2",
            line_of(PETSTORE, "name: session"),
        ),
        "response links": ("/paths/~1pets/get/responses/200/links", line_of(PETSTORE, "links:")),
        "no not": ("/components/schemas/Dog/properties/good", line_of(PETSTORE, "good: {type")),
        "oneOf with 2 alternatives": (
            "/components/schemas/Pet/properties/kind/oneOf",
            line_of(PETSTORE, "oneOf:"),
        ),
        "2XX is dropped": ("/paths/~1pets/get/responses/2XX", line_of(PETSTORE, "2XX:")),
    }
    lines = err.splitlines()
    for what, (pointer, line) in expected.items():
        hits = [x for x in lines if what in x]
        assert hits, what
        assert hits[0].startswith(f"warning: {name}:{line}:") and f" at {pointer}: " in hits[0]


# ---------------------------------------------------------------- OpenAPI 3.1 JSON


def test_openapi_31_keywords() -> None:
    code, doc, err = convert(TODO)
    assert code == 0, err
    assert (doc["host"], doc["basePath"], doc["schemes"]) == (
        "api.todo.example.com",
        "/v2",
        ["https", "http"],
    )
    assert doc["info"]["description"] == "Tasks and lists."
    assert doc["info"]["license"] == {"name": "MIT", "url": "https://spdx.org/licenses/MIT.html"}
    task = doc["definitions"]["Task"]["properties"]
    assert task["due"] == {"type": "string", "format": "date-time", "x-nullable": True}
    assert task["priority"] == {
        "type": "integer",
        "maximum": 5,
        "minimum": 0,
        "exclusiveMinimum": True,
    }
    assert task["owner"] == {"$ref": "#/definitions/User", "x-nullable": True}
    assert task["title"]["example"] == "Buy milk"
    assert task["tag"] == {"type": "string", "enum": ["home", "work"]}
    assert task["value"] == {}
    params = {p["name"]: p for p in doc["paths"]["/tasks"]["get"]["parameters"]}
    assert params["status"]["enum"] == ["open"]  # const
    assert params["ids"]["collectionFormat"] == "pipes"
    assert params["filter"]["type"] == "string"
    assert params["X-Trace"]["x-example"] == "abc"
    assert doc["paths"]["/tasks"]["get"]["security"] == [{"basic": []}, {"apiKey": []}]
    attachment = doc["paths"]["/tasks/{id}/attachment"]["get"]
    assert attachment["produces"] == ["application/octet-stream"]
    assert attachment["responses"]["200"]["schema"] == {"type": "string", "format": "binary"}
    for what in (
        "webhooks",
        "jsonSchemaDialect",
        "writeOnly",
        "cookie",
        "digest",
        "application/xml",
    ):
        assert what in err, what
    assert structural_warnings(doc, "todo") == []


def test_swagger_2_yaml_becomes_json_with_anchors() -> None:
    code, doc, err = convert(ECHO)
    assert code == 0, err
    post = doc["paths"]["/echo"]["post"]
    assert post["responses"]["200"]["schema"] == post["parameters"][0]["schema"]
    assert post["parameters"][0]["schema"]["properties"]["answer"]["default"] == "no"  # 1.2 core
    assert "200" in post["responses"]
    assert "converted from Swagger 2.0 (YAML)" in err
    assert [x for x in err.splitlines() if x.startswith("warning")] == []


def test_out_writes_the_file_and_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "apiDefinition.swagger.json"
    code, stdout, err = run_cli("convert", str(PETSTORE), "--out", str(out))
    assert code == 0 and stdout == ""
    assert f"Wrote {out}" in err
    first = out.read_bytes()
    assert json.loads(first)["swagger"] == "2.0"
    code, _, err = run_cli("convert", str(PETSTORE), "--out", str(out))
    assert code == 1 and "exists already; use --force" in err
    code, _, _ = run_cli("convert", str(PETSTORE), "--out", str(out), "--force")
    assert code == 0 and out.read_bytes() == first  # deterministic


def test_help_has_an_example() -> None:
    code, out, _ = run_cli("convert", "--help")
    assert code == 0 and "Example: connectorgen convert openapi.yaml --out" in out


# ---------------------------------------------------------------- refusals and errors

MINIMAL_30 = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n"


@pytest.mark.parametrize(
    ("name", "text", "needles"),
    [
        (
            "syntax.yaml",
            "openapi: 3.0.3\ninfo:\n  title: [unclosed\npaths: {}\n",
            ("is not valid YAML", "line 4, column", "|"),
        ),
        (
            "python-tag.yaml",
            "openapi: 3.0.3\ninfo: !!python/object:os.system {title: T}\npaths: {}\n",
            ("tag !!python/object:os.system", "refuses", "line 2, column 7", "^"),
        ),
        (
            "custom-tag.yaml",
            MINIMAL_30 + "x-ms-thing: !Ref Other\n",
            ("tag !Ref", "refuses", "line 4, column 13"),
        ),
        (
            "duplicate.yaml",
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\npaths: {}\n",
            ("key 'paths' twice", "first on line 3", "line 4, column 1"),
        ),
        (
            "bomb.yaml",
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
                for i in range(7)
            ),
            ("expands to more than 2,000,000 values",),
        ),
        (
            "swagger12.json",
            '{"swaggerVersion": "1.2", "apis": []}',
            ("is Swagger 1.2", "need Swagger 2.0"),
        ),
        (
            "asyncapi.yaml",
            "asyncapi: 2.6.0\ninfo: {title: T, version: '1'}\nchannels: {}\n",
            ("is AsyncAPI 2.6.0", "message-driven"),
        ),
        (
            "postman.json",
            '{"info": {"name": "x", "schema": "collection"}, "item": []}',
            ("'swagger' property is missing", "OpenAPI 3.0 or 3.1"),
        ),
        (
            "broken.yaml",
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get: 5\n"
            "  /b:\n    get:\n      parameters: {}\n      responses: {}\n",
            (
                "not a valid OpenAPI 3.0.3 document (2 problem(s))",
                "/paths/~1a/get (line 5): an operation must be an object",
                "/paths/~1b/get/parameters (line 8): 'parameters' must be a list",
                "^",
            ),
        ),
        ("list.yaml", "- a\n- b\n", ("must hold an object", "not an array")),
    ],
)
def test_refused_with_a_clear_message(
    tmp_path: Path, name: str, text: str, needles: tuple[str, ...]
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, out, err = run_cli("convert", str(path))
    assert code == 1, err
    assert out == "" and "Traceback" not in err and "internal error" not in err
    assert str(path) in err
    for needle in needles:
        assert needle in err, (needle, err)


def test_a_yaml_error_shows_the_line_with_a_caret(tmp_path: Path) -> None:
    path = tmp_path / "api.yaml"
    path.write_text("openapi: 3.0.3\ninfo:\n  title: 'unclosed\n", encoding="utf-8")
    _, _, err = run_cli("convert", str(path))
    lines = err.splitlines()
    assert lines[0].startswith(f"error: API definition {path} is not valid YAML: ")
    assert "line 4, column 1" in lines[0]
    assert lines[-1].strip().endswith("^")


def test_yaml_core_schema_and_keys(tmp_path: Path) -> None:
    text = (
        "openapi: 3.0.3\ninfo: {title: T, version: 1.10}\npaths: {}\n"
        "x-values: [yes, no, on, 010, 0x1F, 0o17, 1:20, 2020-01-01, ~, true, 1e3]\n"
        "x-keys: {200: a, true: b, null: c}\n"
    )
    source = parse_document(text.encode(), "api.yaml")
    value = source.document.value
    assert value["x-values"] == [
        "yes",
        "no",
        "on",
        10,
        31,
        15,
        "1:20",
        "2020-01-01",
        None,
        True,
        1000.0,
    ]
    assert list(value["x-keys"]) == ["200", "true", "null"]
    assert value["info"]["version"] == 1.1
    assert source.document.position("/x-keys/200") == (5, 10)
    assert source.document.position("/x-values/3") == (4, 25)


def test_a_json_named_file_holding_yaml_is_read_as_yaml() -> None:
    source = parse_document(MINIMAL_30.encode(), "apiDefinition.swagger.json")
    assert source.format == "yaml" and source.document.value["openapi"] == "3.0.3"
    with pytest.raises(Exception, match="is not valid JSON"):
        parse_document(b'{"openapi": "3.0.3",}x', "apiDefinition.json")


# ---------------------------------------------------------------- the front gate


def _project(tmp_path: Path, definition: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(definition, folder / definition.name)
    shutil.copy(Path(__file__).parents[1] / "samples" / "api-key" / "logo.png", folder)
    config = {
        "apiDefinition": definition.name,
        "icon": "logo.png",
        "iconBrandColor": "#0b6e99",
        "oauth2": {"clientId": "abc"},
    }
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    return folder / "config.json"


def test_generate_writes_the_converted_definition_and_says_so(tmp_path: Path) -> None:
    config = _project(tmp_path, PETSTORE)
    out = tmp_path / "out"
    code, stdout, err = run_cli("generate", "--config", str(config), "--out", str(out))
    assert code == 0, err
    assert (
        "apiDefinition.json is" in stdout
        and "(OpenAPI 3.0.3 (YAML)) converted to Swagger" in stdout
    )
    written = json.loads((out / "apiDefinition.json").read_text(encoding="utf-8"))
    assert written["swagger"] == "2.0" and written["host"] == "contoso.petstore.example.com"
    props = json.loads((out / "apiProperties.json").read_text(encoding="utf-8"))
    assert props["properties"]["connectionParameterSets"]  # bearer (API key) or OAuth
    yaml_name = str(config.parent / PETSTORE.name)
    line = line_of(PETSTORE, "name: session")
    assert f"warning: {yaml_name}:{line}:" in err and "cookie parameter 'session'" in err


def test_new_config_reads_openapi_3_yaml(tmp_path: Path) -> None:
    definition = tmp_path / PETSTORE.name
    shutil.copy(PETSTORE, definition)
    out = tmp_path / "config.json"
    code, _, err = run_cli("new-config", "--out", str(out), "--api-definition", str(definition))
    assert code == 0, err
    config = json.loads(out.read_text(encoding="utf-8"))
    assert config["apiDefinition"] == PETSTORE.name
    assert config["stackOwner"] == "Pet Store"
    assert "converted from OpenAPI 3.0.3 (YAML)" in err


def test_check_converts_an_openapi_3_folder_first(tmp_path: Path) -> None:
    folder = tmp_path / "connector"
    folder.mkdir()
    shutil.copy(PETSTORE, folder / "apiDefinition.swagger.json")
    (folder / "apiProperties.json").write_text('{"properties": {}}', encoding="utf-8")
    code, out, err = run_check([folder], fmt="json", profile="custom", fail_on="never")
    assert code == 0, err
    findings = json.loads(out)["findings"]
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for finding in findings:
        by_rule.setdefault(finding["rule"], []).append(finding)
    version = by_rule["swagger-version"][0]
    assert "OpenAPI 3.0.3 (YAML), not Swagger 2.0 JSON" in version["message"]
    assert "connectorgen convert apiDefinition.swagger.json" in version["message"]
    assert version["line"] == 2  # the openapi line
    summary = next(f for f in by_rule["parameter-summary-required"] if f["pointer"].endswith("/1"))
    assert summary["line"] == line_of(PETSTORE, "name: tags")  # a rule on the converted file
    cookie = next(f for f in by_rule["convert-dropped"] if "cookie" in f["message"])
    assert cookie["line"] == line_of(PETSTORE, "name: session")
    assert "convert-bearer" in by_rule
    assert "json-syntax" not in by_rule
    code, out, _ = run_check([folder], fmt="sarif", profile="custom", fail_on="never")
    assert code == 0 and json.loads(out)["runs"][0]["results"]
