"""Loading the API definition: the size, JSON or YAML, version and structure gates.

OpenAPI 3.0/3.1 (JSON or YAML) and Swagger 2.0 in YAML are converted to Swagger 2.0 first
(``convert``); the result says so (``Swagger.converted_from``) and its positions lead back to
the user's file.

Which structural problems block generation: only those that leave nothing sensible to
generate from (the document, ``info``, ``info.title`` or ``paths`` missing or of the wrong
type, or a security definition we cannot map). Everything else openapi-spec-validator reports
is a warning (``validate.py`` says why).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.diagnostics import Diagnostic, InputError
from ..core.document import Document, pointer_join
from ..core.jsonio import dump_json, json_type
from ..core.platform import MAX_DEFINITION_BYTES
from ..core.reading import Source, read_document
from .validate import structural_warnings
from .view import ApiView

if TYPE_CHECKING:  # the converter loads only for what is not Swagger 2.0 JSON
    from .convert import Conversion


@dataclass
class Swagger:
    """A loaded API definition: where it came from, its text and value, what was tolerated."""

    path: Path
    document: Document
    warnings: list[Diagnostic] = field(default_factory=list)
    # What the file was when it was not Swagger 2.0 JSON: "OpenAPI 3.0.3 (YAML)", ...
    converted_from: str | None = None

    @property
    def doc(self) -> dict[str, Any]:
        return self.document.value  # type: ignore[no-any-return]

    @property
    def text(self) -> str:
        return self.document.text

    @cached_property
    def view(self) -> ApiView:
        return ApiView(self.doc)

    @property
    def title(self) -> str:
        return str(self.doc["info"]["title"])

    @property
    def description(self) -> str:
        return self.view.description

    def security_definitions(self) -> dict[str, Any]:
        return self.view.security_definitions


def load_swagger(path: Path, *, validate: bool = True, map_security: bool = True) -> Swagger:
    """Gates 2 to 5: size before parsing, JSON or YAML, Swagger 2.0 (else conversion),
    structure.

    ``validate=False`` skips openapi-spec-validator's warnings (seconds on a 1 MB file) for
    callers that do not report them (diff compares two definitions; check has its own rules;
    import only copies and consults the file). ``map_security=False``: the security
    definitions are not turned into connection parameters (config.json lists them with
    "signInFrom": "config"), so one that could not be is no reason to stop.
    """
    label = "API definition"
    source = read_document(path, label, MAX_DEFINITION_BYTES, _TOO_BIG)
    name = str(path)
    if not isinstance(source.document.value, dict):
        raise InputError(
            f"{label} {name} must hold a JSON object ({{...}}), not "
            f"{json_type(source.document.value)}."
        )
    conversion = None if _plain_swagger(source) else _to_swagger(source)
    if conversion is None:
        swagger = Swagger(path, source.document, list(source.warnings))
    else:
        swagger = Swagger(
            path,
            conversion.document,
            source.warnings + conversion.warnings,
            conversion.source_format,
        )
        _converted_size_gate(swagger, label, name)
    doc = swagger.doc
    blocking = _skeleton_problems(doc, name, map_security)
    if blocking:
        raise InputError(_summary(label, name, blocking), blocking)
    swagger.warnings += _deployment_warnings(doc, name)
    if validate:
        swagger.warnings += structural_warnings(doc, name)
    return swagger


_TOO_BIG = (
    "Power Platform refuses API definitions over 1 MB: split the connector or trim unused "
    "operations and schemas."
)


def _converted_size_gate(swagger: Swagger, label: str, name: str) -> None:
    size = len(dump_json(swagger.doc))
    if size > MAX_DEFINITION_BYTES:
        raise InputError(
            f"{label} {name} converted to Swagger 2.0 JSON is {size:,} bytes; the limit is "
            f"{MAX_DEFINITION_BYTES:,} bytes. {_TOO_BIG}"
        )


def _deployment_warnings(doc: dict[str, Any], name: str) -> list[Diagnostic]:
    # paconn and the maker portal build the backend URL from schemes[0]://host basePath
    # (paconn upsert.py, asset-shapes 5): without a host the connector calls nowhere.
    host = doc.get("host")
    if isinstance(host, str) and host.strip():
        return []
    return [
        Diagnostic(
            "warning",
            "swagger-host",
            "the API definition has no 'host': the connector would have no backend to call. "
            "Add the API's host name (for example api.contoso.com).",
            file=name,
            pointer="/host",
        )
    ]


def _plain_swagger(source: Source) -> bool:
    """Swagger 2.0 JSON, as nearly every input is: nothing to convert, and the converter (a
    tenth of generate's start-up) is not loaded. Anything else goes through to_swagger."""
    doc = source.document.value
    return (
        source.format == "json"
        and doc.get("swagger") == "2.0"
        and not {"openapi", "asyncapi", "swaggerVersion"} & doc.keys()
    )


def _to_swagger(source: Source) -> Conversion | None:
    from .convert import to_swagger

    return to_swagger(source)


def _skeleton_problems(doc: dict[str, Any], name: str, map_security: bool) -> list[Diagnostic]:
    problems: list[Diagnostic] = []

    def block(pointer: str, message: str) -> None:
        problems.append(
            Diagnostic("error", "swagger-structure", message, file=name, pointer=pointer)
        )

    info = doc.get("info")
    if not isinstance(info, dict):
        block("/info", "'info' must be an object with at least a title.")
    elif not isinstance(info.get("title"), str) or not info["title"].strip():
        block("/info/title", "'info.title' is required: it becomes the connector's name.")
    if not isinstance(doc.get("paths"), dict):
        block("/paths", "'paths' must be an object of operations.")
    defs = doc.get("securityDefinitions")
    if defs is not None and not isinstance(defs, dict):
        block("/securityDefinitions", "'securityDefinitions' must be an object.")
    elif isinstance(defs, dict) and map_security:
        for key, scheme in defs.items():
            problems += _scheme_problems(key, scheme, name)
    return problems


def _scheme_problems(key: str, scheme: Any, name: str) -> list[Diagnostic]:
    pointer = pointer_join("securityDefinitions", key)

    def problem(message: str, where: str = "") -> Diagnostic:
        return Diagnostic("error", "swagger-security", message, file=name, pointer=pointer + where)

    if not isinstance(scheme, dict):
        return [problem("a security definition must be an object.")]
    kind = scheme.get("type")
    if kind not in ("apiKey", "basic", "oauth2"):
        return [problem(f"type must be apiKey, basic or oauth2, not {kind!r}.", "/type")]
    if kind == "apiKey":
        out = []
        if scheme.get("in") not in ("header", "query"):
            out.append(problem('an apiKey definition needs "in": "header" or "query".', "/in"))
        if not isinstance(scheme.get("name"), str) or not scheme["name"]:
            out.append(problem("an apiKey definition needs the header or query 'name'.", "/name"))
        return out
    if kind == "oauth2":
        return _oauth_problems(scheme, problem)
    return []


def _oauth_problems(scheme: dict[str, Any], problem: Any) -> list[Diagnostic]:
    flow = scheme.get("flow")
    needs = {
        "accessCode": ("authorizationUrl", "tokenUrl"),
        "implicit": ("authorizationUrl",),
        "application": ("tokenUrl",),
        "password": ("tokenUrl",),
    }
    if not isinstance(flow, str) or flow not in needs:
        return [
            problem(
                f"flow must be accessCode, implicit, application or password, not {flow!r}.",
                "/flow",
            )
        ]
    return [
        problem(f"the {flow} flow needs '{key}' (an absolute URL).", f"/{key}")
        for key in needs[flow]
        if not isinstance(scheme.get(key), str) or "://" not in scheme[key]
    ]


def _summary(label: str, name: str, problems: list[Diagnostic]) -> str:
    lines = [f"{label} {name} cannot be used ({len(problems)} problem(s)):"]
    lines += [f"  - {p.pointer}: {p.message}" for p in problems]
    return "\n".join(lines)
