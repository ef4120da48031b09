"""Rules on parameters, schemas, references and security requirements."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from ...core.document import MISSING, as_dict, as_list, lookup
from ...core.platform import API_DEFINITION
from ...lint.rules import ADVISORY_FOR_CUSTOM, CERTIFICATION_ONLY, Hit, RuleSet
from ...lint.selectors import Located, chain, each, flag
from ...openapi.view import blank, schema_tree, text
from ..context import ConnectorContext as Context
from ..selectors import (
    field_text,
    fields,
    parameters,
    required,
    schemas,
)

rules = RuleSet("connector")

REF_TARGETS = ("#/definitions/", "#/parameters/", "#/responses/")


def _array_items(item: Located) -> Iterator[Hit]:
    if item.value.get("type") == "array" and "items" not in item.value:
        yield Hit("The array should have items specified.", item.pointer)


rules.rule(
    "parameter-summary-required",
    "error",
    artifact=API_DEFINITION,
    profiles=ADVISORY_FOR_CUSTOM,
    summary="Every parameter users see (not internal, not body, not of an internal operation) "
    "has `x-ms-summary` (its display name).",
    fix='Add "x-ms-summary": a short Title Case name such as "Document ID".',
    source="SVR RequiredPropertyMissing; PR#3841, PR#3407, PR#1003, PR#4041, PR#550. Internal "
    "parameters and those of internal operations are exempt: CSG says internal entities "
    "don't show up in the user interface (issue 11: 1,405 findings on accepted connectors)",
)(each(fields, required("x-ms-summary")))


rules.rule(
    "parameter-description-required",
    "error",
    artifact=API_DEFINITION,
    profiles=ADVISORY_FOR_CUSTOM,
    summary="Every parameter users see (not internal, not body, not of an internal operation) "
    "has a `description`.",
    fix="Add a description: a full sentence telling users what to enter.",
    source="SVR RequiredPropertyMissing; PR#3407, PR#550; R-PRT. Internal parameters and "
    "those of internal operations are exempt, as for parameter-summary-required",
)(each(fields, required("description")))


rules.rule(
    "parameter-summary-length",
    "warning",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="Parameter `x-ms-summary` values are 80 characters or fewer.",
    fix="Shorten the display name; put details in the description.",
    source="CSG; CS",
)(
    each(
        parameters,
        field_text(
            "x-ms-summary",
            lambda summary: len(summary) > 80,
            lambda summary: (
                f"The 'x-ms-summary' value is {len(summary)} characters; keep it to 80 or fewer."
            ),
        ),
    )
)


rules.rule(
    "parameter-connection-id",
    "error",
    artifact=API_DEFINITION,
    summary="No parameter is named `connectionId` (the platform reserves it).",
    fix="Rename the parameter.",
    source="SVR ConnectionIdParameterNotAllowed",
)(
    each(
        parameters,
        flag(
            lambda param: str(param.value.get("name", "")).lower() == "connectionid",
            "A parameter cannot be named as 'connectionId'.",
        ),
    )
)


@rules.rule(
    "parameter-duplicate",
    "error",
    artifact=API_DEFINITION,
    summary="An operation has no two parameters with the same name and location, at most one "
    "body parameter, and not both body and formData parameters.",
    fix="Remove the repeated parameter; put all body fields in one body schema.",
    source="SVR (parameter rules)",
)
def parameter_duplicate(ctx: Context) -> Iterator[Hit]:
    for op in ctx.api.operations:
        seen: set[tuple[Any, ...]] = set()
        for param in op.parameters:
            key = (param.name, param.location)
            if key in seen:
                yield Hit(
                    f"The parameter '{key[0]}' in '{key[1]}' is defined more than once.",
                    param.pointer,
                )
            seen.add(key)
        places = Counter(p.location for p in op.parameters)
        if places["body"] > 1:
            yield Hit("An operation can have only one body parameter.", op.pointer)
        if places["body"] and places["formData"]:
            yield Hit("Body and formData parameters cannot be used together.", op.pointer)


rules.rule(
    "parameter-body-schema",
    "error",
    artifact=API_DEFINITION,
    summary="Body parameters have a `schema`; other parameters have none; `type: file` is only "
    "used in formData.",
    fix='Describe a body with "schema"; give other parameters a "type".',
    source="SVR (parameter rules)",
)(
    each(
        parameters,
        flag(
            lambda param: param.value.get("in") == "body" and "schema" not in param.value,
            "A body parameter must define a 'schema'.",
        ),
        flag(
            lambda param: param.value.get("in") != "body" and "schema" in param.value,
            lambda param: (
                f"A parameter in '{param.value.get('in')}' cannot have a 'schema'; use 'type'."
            ),
            at="/schema",
        ),
        flag(
            lambda param: param.value.get("type") == "file" and param.value.get("in") != "formData",
            "The 'file' type is only allowed for formData parameters.",
            at="/type",
        ),
    )
)


_INTERNAL_DEFAULT = (
    "The property is internal and has a default value, it must be required. "
    "Optional internal fields are ignored."
)


@rules.rule(
    "parameter-internal-default",
    "error",
    artifact=API_DEFINITION,
    summary="An internal parameter or body property with a default value is required (optional "
    "internal values are never sent).",
    fix='Add "required": true (or list the property in the schema\'s required array).',
    source="SVR InternalPropertyWithDefault, InternalPropertyWithDefaultOptional",
)
def parameter_internal_default(ctx: Context) -> Iterator[Hit]:
    for param in parameters(ctx):
        value = param.value
        if (
            value.get("x-ms-visibility") == "internal"
            and "default" in value
            and value.get("in") != "body"
            and value.get("required") is not True
        ):
            yield Hit(_INTERNAL_DEFAULT, param.pointer)
    for pointer, schema in _input_schemas(ctx):
        required = as_list(schema.get("required"))
        for name, prop in as_dict(schema.get("properties")).items():
            if (
                isinstance(prop, dict)
                and prop.get("x-ms-visibility") == "internal"
                and "default" in prop
                and name not in required
            ):
                yield Hit(_INTERNAL_DEFAULT, f"{pointer}/properties/{_escape(name)}")


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def _input_schemas(ctx: Context) -> list[tuple[str, dict[str, Any]]]:
    """Schemas reachable from body parameters, following $ref (each visited once)."""

    def compute() -> list[tuple[str, dict[str, Any]]]:
        found: dict[str, dict[str, Any]] = {}
        pending = [
            (p.pointer + "/schema", p.value["schema"])
            for op in ctx.api.operations
            for p in op.parameters
            if p.value.get("in") == "body" and "schema" in p.value
        ]
        while pending:
            pointer, schema = pending.pop()
            for where, node in schema_tree(*ctx.api.resolve(pointer, schema)):
                if where in found:
                    continue
                found[where] = node
                if "$ref" in node:
                    pending.append((where, node))
        return sorted(found.items())

    return ctx.memo("input-schemas", compute)


@rules.rule(
    "ref-valid",
    "error",
    artifact=API_DEFINITION,
    summary="Every `$ref` points into #/definitions, #/parameters or #/responses of the same "
    "file and resolves.",
    fix="Fix the reference, or add the missing definition.",
    source="SVR (reference rules)",
)
def ref_valid(ctx: Context) -> Iterator[Hit]:
    for pointer, key, value in ctx.walked(API_DEFINITION):
        if key != "$ref" or pointer.endswith("/properties/$ref"):
            continue
        if not isinstance(value, str) or not value.startswith(REF_TARGETS):
            yield Hit(
                f"The reference '{value}' must point to '#/definitions/', "
                "'#/parameters/' or '#/responses/' in this file.",
                pointer,
            )
        elif not lookup(ctx.swagger, value[1:]) is not MISSING:
            yield Hit(f"The reference '{value}' cannot be resolved.", pointer)


rules.rule(
    "schema-array-items",
    "error",
    artifact=API_DEFINITION,
    summary="Every array schema or array parameter says what its `items` are.",
    fix='Add "items": {"type": "string"} (or the item schema).',
    source="SVR ArrayHasNoItems",
)(chain(each(schemas, _array_items), each(parameters, _array_items)))


@rules.rule(
    "schema-required-list",
    "error",
    artifact=API_DEFINITION,
    summary="A schema's `required` array is not empty and names only properties the schema "
    "defines.",
    fix="Remove the empty array, or the names that are not properties.",
    source="SVR (required rules)",
)
def schema_required_list(ctx: Context) -> Iterator[Hit]:
    for pointer, schema in ctx.api.schemas:
        required = schema.get("required")
        if not isinstance(required, list):
            continue
        if not required:
            yield Hit("The 'required' array must not be empty.", pointer + "/required")
            continue
        props = schema.get("properties")
        if isinstance(props, dict) and "allOf" not in schema:
            for index, name in enumerate(required):
                if not isinstance(name, str) or name not in props:
                    yield Hit(
                        f"The required property '{name}' is not defined in 'properties'.",
                        f"{pointer}/required/{index}",
                    )


@rules.rule(
    "schema-enum",
    "error",
    artifact=API_DEFINITION,
    summary="`enum` lists are not empty and hold no repeated values.",
    fix="Remove the repeated values, or the empty enum.",
    source="SVR (enum rules)",
)
def schema_enum(ctx: Context) -> Iterator[Hit]:
    holders = list(ctx.api.schemas)
    holders += [(p.pointer, p.value) for op in ctx.api.operations for p in op.parameters]
    for pointer, holder in holders:
        enum = holder.get("enum")
        if not isinstance(enum, list):
            continue
        if not enum:
            yield Hit("The 'enum' array must not be empty.", pointer + "/enum")
        values = [repr(v) for v in enum]
        for index, value in enumerate(values):
            if value in values[:index]:
                yield Hit(
                    f"The 'enum' value {enum[index]!r} is repeated.", f"{pointer}/enum/{index}"
                )


@rules.rule(
    "schema-readonly-required",
    "error",
    artifact=API_DEFINITION,
    summary="No input (body) property is both `readOnly` and required.",
    fix="Drop readOnly, or remove the property from required.",
    source="SVR (An input property cannot be 'readonly' and required.)",
)
def schema_readonly_required(ctx: Context) -> Iterator[Hit]:
    for pointer, schema in _input_schemas(ctx):
        required = as_list(schema.get("required"))
        for name, prop in as_dict(schema.get("properties")).items():
            if isinstance(prop, dict) and prop.get("readOnly") is True and name in required:
                yield Hit(
                    "An input property cannot be 'readonly' and required.",
                    f"{pointer}/properties/{_escape(name)}",
                )


@rules.rule(
    "security-defined",
    "error",
    artifact=API_DEFINITION,
    summary="`security` is an array; every security requirement names a scheme of "
    "`securityDefinitions` with an array of scopes (never null); non-OAuth requirements "
    "list no scopes (`[]`); OAuth scopes are defined.",
    fix="Add the scheme to securityDefinitions, or fix the name; use [] for apiKey and basic.",
    source="SVR (Security rules)",
)
def security_defined(ctx: Context) -> Iterator[Hit]:
    definitions = as_dict(ctx.swagger.get("securityDefinitions"))
    holders = [("/security", ctx.swagger.get("security"))]
    holders += [(op.pointer + "/security", op.value.get("security")) for op in ctx.api.operations]
    present = [("/security", ctx.swagger)] + [
        (op.pointer + "/security", op.value) for op in ctx.api.operations
    ]
    for base, holder in present:
        if "security" in holder and not isinstance(holder["security"], list):
            yield Hit("The 'security' property must be an array of security requirements.", base)
    for base, requirements in holders:
        for index, requirement in enumerate(as_list(requirements)):
            if not isinstance(requirement, dict):
                yield Hit("A security requirement must be an object.", f"{base}/{index}")
                continue
            for name, scopes in requirement.items():
                yield from _requirement(
                    f"{base}/{index}/{_escape(name)}", name, scopes, definitions.get(name)
                )


def _requirement(pointer: str, name: str, scopes: object, scheme: object) -> Iterator[Hit]:
    if not isinstance(scheme, dict):
        yield Hit(
            f"The security requirement '{name}' is not defined in 'securityDefinitions'.", pointer
        )
        return
    if not isinstance(scopes, list):
        yield Hit(
            f"The security requirement '{name}' must be an array (use [] when it has no scopes).",
            pointer,
        )
    elif scheme.get("type") != "oauth2" and scopes:
        yield Hit(f"The security requirement '{name}' is not OAuth 2.0 and must be [].", pointer)
    elif scheme.get("type") == "oauth2":
        defined = as_dict(scheme.get("scopes"))
        for scope in scopes:
            if not isinstance(scope, str) or scope not in defined:
                yield Hit(
                    f"The scope '{scope}' is not defined in the '{name}' security definition.",
                    pointer,
                )


_SCHEME_FIELDS = {
    "basic": ("type", "description"),
    "apiKey": ("type", "description", "name", "in"),
    "oauth2": ("type", "description", "flow", "authorizationUrl", "tokenUrl", "scopes"),
}
_OAUTH_FLOW_URLS = {
    "implicit": ("authorizationUrl",),
    "password": ("tokenUrl",),
    "application": ("tokenUrl",),
    "accessCode": ("authorizationUrl", "tokenUrl"),
}


@rules.rule(
    "security-scheme-properties",
    "error",
    artifact=API_DEFINITION,
    summary="Each `securityDefinitions` scheme has a Swagger 2.0 type (basic, apiKey, oauth2) "
    "with its required properties (apiKey: name, and in = header or query; oauth2: "
    "flow, the URLs the flow needs, scopes) and no properties of other types.",
    fix="Complete the scheme, or remove the property that does not belong to its type "
    "(extensions start with x-).",
    source="SVR SecuritySchemeProperty* (Security rules); Swagger 2.0 Security Scheme Object",
)
def security_scheme_properties(ctx: Context) -> Iterator[Hit]:
    for name, scheme in as_dict(ctx.swagger.get("securityDefinitions")).items():
        pointer = "/securityDefinitions/" + _escape(str(name))
        if not isinstance(scheme, dict):
            yield Hit(f"The security definition '{name}' must be an object.", pointer)
            continue
        kind = text(scheme.get("type"))
        if kind not in _SCHEME_FIELDS:
            yield Hit(
                "The security scheme 'type' must be one of: basic, apiKey, oauth2.",
                pointer + ("/type" if "type" in scheme else ""),
            )
            continue
        for key in scheme:
            if not str(key).startswith("x-") and key not in _SCHEME_FIELDS[kind]:
                yield Hit(
                    f"The property '{key}' is not allowed and must be removed.",
                    f"{pointer}/{_escape(str(key))}",
                )
        yield from _scheme_required(pointer, kind, scheme)


def _scheme_required(pointer: str, kind: str, scheme: dict[str, Any]) -> Iterator[Hit]:
    needed: list[str] = []
    if kind == "apiKey":
        needed = ["name", "in"]
        if "in" in scheme and scheme["in"] not in ("header", "query"):
            yield Hit("The apiKey 'in' value must be 'header' or 'query'.", pointer + "/in")
    elif kind == "oauth2":
        flow = text(scheme.get("flow"))
        needed = ["flow", "scopes"]
        if "flow" in scheme and flow not in _OAUTH_FLOW_URLS:
            yield Hit(
                "The oauth2 'flow' value must be one of: implicit, password, "
                "application, accessCode.",
                pointer + "/flow",
            )
        needed += list(_OAUTH_FLOW_URLS.get(flow or "", ()))
        if "scopes" in scheme and not isinstance(scheme["scopes"], dict):
            yield Hit("The oauth2 'scopes' value must be an object.", pointer + "/scopes")
    for key in needed:
        if key == "scopes":
            if key not in scheme:
                yield Hit(f"The '{key}' property is required.", pointer)
        elif blank(scheme.get(key)):
            yield Hit(f"The '{key}' property is required.", pointer)
