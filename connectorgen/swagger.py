"""The API definition: size and version gates, structural validation, and the facts we use.

Which structural problems block generation: only those that leave nothing sensible to
generate from (the document, ``info``, ``info.title`` or ``paths`` missing or of the wrong
type, or a security definition we cannot map). Every other problem openapi-spec-validator
reports is a warning: certified connectors that Microsoft accepted carry many of them
(a ``"default": "false"`` on a boolean, examples that miss required properties, ``type:
file`` outside formData), and refusing those would refuse real, working connectors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Diagnostic, InputError, pointer_join
from .jsonio import MAX_DEFINITION_BYTES, Loaded, json_type, load_json_file

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str
    summary: str
    description: str
    deprecated: bool
    visibility: str
    security: list[dict[str, list[str]]] | None


@dataclass
class Swagger:
    path: Path
    doc: dict[str, Any]
    text: str
    warnings: list[Diagnostic] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(self.doc["info"]["title"])

    @property
    def description(self) -> str:
        value = self.doc["info"].get("description")
        return value if isinstance(value, str) else ""

    def security_definitions(self) -> dict[str, dict[str, Any]]:
        defs = self.doc.get("securityDefinitions")
        return defs if isinstance(defs, dict) else {}

    def operations(self) -> list[Operation]:
        ops = []
        for path, item in self.doc["paths"].items():
            if not isinstance(item, dict):
                continue
            for method in HTTP_METHODS:
                op = item.get(method)
                if isinstance(op, dict):
                    ops.append(_operation(path, method, op))
        return ops


def _operation(path: str, method: str, op: dict[str, Any]) -> Operation:
    def text(key: str) -> str:
        value = op.get(key)
        return value.strip() if isinstance(value, str) else ""

    security = op.get("security")
    return Operation(
        operation_id=text("operationId"),
        method=method.upper(),
        path=path,
        summary=text("summary"),
        description=text("description"),
        deprecated=op.get("deprecated") is True,
        visibility=text("x-ms-visibility"),
        security=security if isinstance(security, list) else None,
    )


def load_swagger(path: Path) -> Swagger:
    """Gates 2 to 5: size before parsing, JSON, Swagger 2.0, structure."""
    label = "API definition"
    loaded: Loaded = load_json_file(
        path,
        label,
        MAX_DEFINITION_BYTES,
        "Power Platform refuses API definitions over 1 MB: split the connector or trim unused "
        "operations and schemas.",
    )
    doc = loaded.value
    name = str(path)
    if not isinstance(doc, dict):
        raise InputError(f"{label} {name} must hold a JSON object ({{...}}), not {json_type(doc)}.")
    _version_gate(doc, name)
    swagger = Swagger(path, doc, loaded.text, list(loaded.warnings))
    blocking = _skeleton_problems(doc, name)
    if blocking:
        raise InputError(_summary(label, name, blocking), blocking)
    swagger.warnings += _deployment_warnings(doc, name) + structural_warnings(doc, name)
    return swagger


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


def _version_gate(doc: dict[str, Any], name: str) -> None:
    if "openapi" in doc:
        raise InputError(
            f"API definition {name} is OpenAPI {doc['openapi']}; Power Platform custom connectors "
            "need Swagger 2.0 (OpenAPI 2.0). Convert it to Swagger 2.0 first (for example with "
            "an OpenAPI 3-to-2 converter) and point apiDefinition at the converted file.",
            [
                Diagnostic(
                    "error", "swagger-version", "not Swagger 2.0", file=name, pointer="/openapi"
                )
            ],
        )
    version = doc.get("swagger")
    if version != "2.0":
        shown = "missing" if version is None else f"{version!r}"
        raise InputError(
            f"API definition {name}: the 'swagger' property is {shown}; it must be the string "
            '"2.0" (Power Platform custom connectors need Swagger 2.0).',
            [
                Diagnostic(
                    "error",
                    "swagger-version",
                    'swagger must be "2.0"',
                    file=name,
                    pointer="/swagger",
                )
            ],
        )


def _skeleton_problems(doc: dict[str, Any], name: str) -> list[Diagnostic]:
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
    elif isinstance(defs, dict):
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
    if flow not in needs:
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


def structural_warnings(doc: dict[str, Any], name: str) -> list[Diagnostic]:
    """Everything openapi-spec-validator finds, as warnings with a JSON pointer where known."""
    try:
        errors = list(_validator_class()(doc).iter_errors())
    except RecursionError:
        return [_validator_stopped(name, "the document nests or refers to itself too deeply")]
    except Exception as exc:  # noqa: BLE001 - a third-party validator must not crash the run
        return [_validator_stopped(name, _why(exc))]
    out = []
    for err in errors:
        path = getattr(err, "absolute_path", None)
        pointer = pointer_join(*path) if path else None
        message = str(getattr(err, "message", err)).splitlines()[0][:300]
        out.append(Diagnostic("warning", "swagger-validation", message, file=name, pointer=pointer))
    return out


def _why(exc: Exception) -> str:
    ref = getattr(exc, "ref", None)  # referencing's Unresolvable and PointerToNowhere
    if isinstance(ref, str):
        if ref.startswith("#") or type(exc).__name__ == "PointerToNowhere":
            return f"$ref '#{ref.lstrip('#')[:200]}' points to nothing in the document"
        return (
            f"$ref {ref[:200]!r} points outside the document, which is not followed: a "
            "connector's API definition must be self-contained (#/definitions/...)"
        )
    # Some messages repeat the whole document: the first line, shortened, is enough.
    text = (str(exc).splitlines() or [""])[0]
    return f"{type(exc).__name__}: {text[:200]}{'…' if len(text) > 200 else ''}"


def _validator_stopped(name: str, why: str) -> Diagnostic:
    return Diagnostic(
        "warning",
        "swagger-validation",
        f"structural validation could not finish: {why}.",
        file=name,
    )


_VALIDATOR: Any = None


def _validator_class() -> Any:
    """openapi-spec-validator's Swagger 2.0 validator, taught to say where each problem is.

    Its keyword checks (defaults, schemas, parameters, operations) validate a piece of the
    document on its own, so their errors carry a path relative to that piece or none. Each
    keyword validator is wrapped to prefix the location of the piece it was handed; the
    innermost wrapper wins because it runs first.
    """
    global _VALIDATOR
    if _VALIDATOR is None:
        from openapi_spec_validator import OpenAPIV2SpecValidator

        class Validator(OpenAPIV2SpecValidator):
            # No handlers: a $ref to a URL or file is never fetched or read (no network
            # access, no local file's content in a message); it stops validation instead.
            resolver_handlers: dict[str, Any] = {}
            keyword_validators = {
                name: _locating(cls)
                for name, cls in OpenAPIV2SpecValidator.keyword_validators.items()
            }

        _VALIDATOR = Validator
    return _VALIDATOR


def _locating(cls: Any) -> Any:
    def __call__(self: Any, *args: Any, **kwargs: Any) -> Any:
        where = next((a for a in args if hasattr(a, "parts")), None)
        for err in cls.__call__(self, *args, **kwargs):
            if where is not None and not getattr(err, "connectorgen_located", False):
                # The path is rewritten in place: the validator re-wraps errors on the way
                # out, keeping the path but not attributes of ours.
                suffix = ["default"] if _is_default_check(cls, args) else []
                full = [*where.parts, *suffix, *err.relative_path]
                err.relative_path.clear()
                err.relative_path.extend(full)
                err.connectorgen_located = True
            yield err

    return type(cls.__name__, (cls,), {"__call__": __call__})


def _is_default_check(cls: Any, args: tuple[Any, ...]) -> bool:
    # The value validator is handed (schema, value): the value is the schema's "default".
    return cls.__name__.endswith("ValueValidator") and len(args) == 2
