"""OpenAPI 3.0/3.1 (JSON or YAML) and Swagger 2.0 in YAML to Swagger 2.0 JSON.

``classify`` says what a parsed definition is (refusing Swagger 1.2, AsyncAPI and anything
else), ``convert`` maps an OpenAPI 3 document to Swagger 2.0. The mapping and its rules are in
docs/convert.md; each lossy step is a warning (openapi/codes.py) with the pointer and line in
the user's file, and the converted document's positions lead back to that file too.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ...core.diagnostics import Diagnostic, InputError
from ...core.document import Document
from ...core.jsonio import dump_json, json_type
from ...core.platform import MAX_DEFINITION_BYTES, MAX_FOLDER_FILE_BYTES
from ...core.reading import Source, read_document
from .paths import collect_media, convert_parameter, convert_paths, convert_response
from .schemas import convert_schema
from .security import requirements, security_definitions
from .servers import convert_servers
from .state import SEVERITY, MappedPositions, State, child, extensions

Kind = Literal["swagger2", "openapi3"]
_OPENAPI3 = re.compile(r"^3\.[01]\.\d+$")


@dataclass
class Conversion:
    """The Swagger 2.0 document, where it came from, and what the conversion reported."""

    document: Document  # value: the Swagger 2.0; name, text and positions: the user's file
    source_format: str  # "OpenAPI 3.0.3 (YAML)", "Swagger 2.0 (YAML)"
    warnings: list[Diagnostic] = field(default_factory=list)

    @property
    def swagger(self) -> dict[str, Any]:
        return self.document.value  # type: ignore[no-any-return]


@dataclass
class FileConversion:
    """What `connectorgen convert` writes: Swagger 2.0 JSON, and what it reports."""

    data: bytes
    source_format: str
    warnings: list[Diagnostic]


def convert_file(path: Path) -> FileConversion:
    """Read a definition (JSON or YAML) and return it as canonical Swagger 2.0 JSON.

    The input may be larger than the 1 MB the platform takes (trimming may come after); a
    result over 1 MB is a warning.
    """
    source = read_document(
        path, "API definition", MAX_FOLDER_FILE_BYTES, "That is no API definition."
    )
    if not isinstance(source.document.value, dict):
        raise InputError(
            f"API definition {path} must hold an object ({{...}}), not "
            f"{json_type(source.document.value)}."
        )
    conversion = to_swagger(source)
    if conversion is None:
        note = Diagnostic(
            SEVERITY["openapi-converted"],
            "openapi-converted",
            "already Swagger 2.0 JSON: written unchanged, in canonical form.",
            file=str(path),
        )
        conversion = Conversion(source.document, "Swagger 2.0 (JSON)", [note])
    data = dump_json(conversion.swagger)
    warnings = source.warnings + conversion.warnings
    if len(data) > MAX_DEFINITION_BYTES:
        warnings.append(
            Diagnostic(
                "warning",
                "api-definition-size",
                f"the Swagger 2.0 result is {len(data):,} bytes; Power Platform refuses API "
                f"definitions over {MAX_DEFINITION_BYTES:,} bytes: trim unused operations and "
                "schemas, or split the connector.",
                file=str(path),
            )
        )
    return FileConversion(data, conversion.source_format, warnings)


def classify(doc: dict[str, Any], name: str) -> Kind:
    """Swagger 2.0 or OpenAPI 3.0/3.1; anything else is refused with what it is."""
    label = f"API definition {name}"
    if "openapi" in doc:
        version = doc["openapi"]
        if isinstance(version, str) and _OPENAPI3.match(version):
            return "openapi3"
        raise _refusal(
            f"{label} is OpenAPI {version}; connectorgen reads OpenAPI 3.0.x and 3.1.x (and "
            "Swagger 2.0). Power Platform custom connectors need Swagger 2.0: convert it to "
            "OpenAPI 3.1 or Swagger 2.0 first.",
            name,
            "/openapi",
        )
    if "asyncapi" in doc:
        raise _refusal(
            f"{label} is AsyncAPI {doc['asyncapi']}, which describes message-driven APIs; "
            "Power Platform custom connectors call HTTP operations described in Swagger 2.0 "
            "(or OpenAPI 3, which connectorgen converts).",
            name,
            "/asyncapi",
        )
    if "swaggerVersion" in doc or str(doc.get("swagger", "")).startswith("1."):
        version = doc.get("swaggerVersion", doc.get("swagger"))
        raise _refusal(
            f"{label} is Swagger {version}, which connectorgen does not read: Power Platform "
            "custom connectors need Swagger 2.0. Convert it to Swagger 2.0 or OpenAPI 3 first "
            "(swagger.io lists converters).",
            name,
            "/swaggerVersion" if "swaggerVersion" in doc else "/swagger",
        )
    version = doc.get("swagger")
    if version == "2.0":
        return "swagger2"
    shown = "missing" if version is None else f"{version!r}"
    raise _refusal(
        f"{label}: the 'swagger' property is {shown}; it must be the string \"2.0\" (Power "
        "Platform custom connectors need Swagger 2.0), or the file must be OpenAPI 3.0 or 3.1 "
        "with an 'openapi' property, which connectorgen converts.",
        name,
        "/swagger",
    )


def _refusal(message: str, name: str, pointer: str) -> InputError:
    return InputError(
        message,
        [Diagnostic("error", "swagger-version", "not Swagger 2.0", file=name, pointer=pointer)],
    )


def to_swagger(source: Source) -> Conversion | None:
    """The Swagger 2.0 form of a parsed definition; None when it is already Swagger 2.0 JSON.

    Raises InputError for what cannot be converted (see ``classify`` and ``convert``).
    """
    doc = source.document.value
    name = source.document.name
    if not isinstance(doc, dict):
        raise InputError(
            f"API definition {name} must hold an object ({{...}}), not {json_type(doc)}."
        )
    kind = classify(doc, name)
    fmt = source.format.upper()
    if kind == "openapi3":
        return convert(source.document, f"OpenAPI {doc['openapi']} ({fmt})")
    if source.format == "json":
        return None
    note = _converted_note(source.document, f"Swagger 2.0 ({fmt})")
    return Conversion(source.document, f"Swagger 2.0 ({fmt})", [note])


def convert(source: Document, source_format: str) -> Conversion:
    """An OpenAPI 3.0/3.1 document as Swagger 2.0. Raises InputError when its structure is
    broken (every problem found, each with its pointer and line)."""
    doc = source.value
    state = State(source, str(doc.get("openapi")))
    out = _root(state, doc)
    state.stop_if_broken()
    document = Document(source.name, source.text, out, MappedPositions(out, state.origins, source))
    notes = [_converted_note(source, source_format)]
    return Conversion(document, source_format, notes + state.warnings)


def _converted_note(source: Document, source_format: str) -> Diagnostic:
    comments = " YAML comments are not carried over." if "YAML" in source_format else ""
    return Diagnostic(
        SEVERITY["openapi-converted"],
        "openapi-converted",
        f"converted from {source_format} to Swagger 2.0 JSON.{comments}",
        file=source.name,
    )


# ---------------------------------------------------------------- the document


def _root(state: State, doc: dict[str, Any]) -> dict[str, Any]:
    components = doc.get("components", {})
    if not isinstance(components, dict):
        state.fail("/components", "'components' must be an object.")
        components = {}
    roots = [("/paths", doc.get("paths", {}))]
    if isinstance(doc.get("x-ms-paths"), dict):
        roots.append(("/x-ms-paths", doc["x-ms-paths"]))
    media = collect_media(state, roots)
    definitions, dropped = security_definitions(
        state, components.get("securitySchemes", {}), "/components/securitySchemes"
    )
    out: dict[str, Any] = state.keep({"swagger": "2.0"}, "")
    out["info"] = _info(state, doc.get("info"))
    out.update(convert_servers(state, doc.get("servers"), "/servers"))
    if media.global_consumes:
        out["consumes"] = media.global_consumes
    if media.global_produces:
        out["produces"] = media.global_produces
    out["paths"] = convert_paths(state, doc.get("paths", {}), "/paths", media, dropped)
    _components(state, components, out)
    if definitions:
        out["securityDefinitions"] = definitions
    if "security" in doc:
        out["security"] = requirements(state, doc["security"], "/security", dropped)
    for key in ("tags", "externalDocs"):
        if key in doc:
            out[key] = copy.deepcopy(doc[key])
    for key, value in doc.items():
        at = child("", key)
        if key == "x-ms-paths" and isinstance(value, dict):
            out[key] = convert_paths(state, value, at, media, dropped)
        elif key.startswith("x-"):
            out[key] = extensions(state, {key: value}, "")[key]
        elif key == "webhooks":
            state.warn(
                "convert-dropped",
                at,
                "webhooks have no Swagger 2.0 form: dropped. Power Platform describes webhook "
                "triggers as operations with x-ms-trigger and x-ms-notification-url.",
            )
        elif key == "jsonSchemaDialect":
            state.warn("convert-dropped", at, "Swagger 2.0 has no jsonSchemaDialect: dropped.")
    return out


def _info(state: State, info: Any) -> Any:
    if not isinstance(info, dict):
        return copy.deepcopy(info)  # the structure gate after conversion names the problem
    out = state.keep(copy.deepcopy(info), "/info")
    summary = out.pop("summary", None)
    if isinstance(summary, str) and summary:
        if "description" not in out:
            out["description"] = summary
        else:
            state.warn(
                "convert-dropped",
                "/info/summary",
                "Swagger 2.0 has no info.summary (the description is kept): dropped.",
            )
    license_ = out.get("license")
    if isinstance(license_, dict) and "identifier" in license_:
        identifier = license_.pop("identifier")
        if "url" not in license_:
            license_["url"] = f"https://spdx.org/licenses/{identifier}.html"
    return out


def _components(state: State, components: dict[str, Any], out: dict[str, Any]) -> None:
    sections = {
        "schemas": ("definitions", convert_schema),
        "parameters": ("parameters", convert_parameter),
        "responses": ("responses", convert_response),
    }
    for key, (target, convert_one) in sections.items():
        value = components.get(key)
        if value is None:
            continue
        pointer = child("/components", key)
        if not isinstance(value, dict):
            state.fail(pointer, f"'components.{key}' must be an object.")
            continue
        converted: dict[str, Any] = state.keep({}, pointer)
        for name, item in value.items():
            result = convert_one(state, item, child(pointer, name))
            if result is not None:
                converted[name] = result
        if converted:
            out[target] = converted
    for key in ("callbacks", "links"):
        if components.get(key):
            state.warn(
                "convert-dropped",
                child("/components", key),
                f"components.{key} have no Swagger 2.0 form: dropped.",
            )
