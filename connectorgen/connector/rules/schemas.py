"""Rules on schema keywords and MIME types: numeric limits, patterns, defaults, unsupported
keywords, string/binary placement, x-ms-editor, consumes/produces."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from ...core.document import as_list
from ...core.platform import API_DEFINITION
from ...lint.rules import Hit, RuleSet
from ...lint.selectors import each, flag
from ...openapi.view import schema_tree
from ..context import ConnectorContext as Context
from ..selectors import Node, schema_holders

rules = RuleSet("connector")

SUPPORTED_MIME_TYPES = (
    "application/json",
    "text/plain",
    "multipart/form-data",
    "application/x-www-form-urlencoded",
)
FORM_URLENCODED = "application/x-www-form-urlencoded"
# Swagger 2.0's own collectionFormat values; `multi` only for query and formData parameters.
COLLECTION_FORMATS = ("csv", "ssv", "tsv", "pipes", "multi")
# Keywords of JSON Schema / OpenAPI 3 that Swagger 2.0 schemas do not have, or the platform
# does not support (uniqueItems: SVR's example). uniqueItems: false is skipped: it asks for
# nothing, and one accepted certified connector in the corpus carries it 530 times.
UNSUPPORTED_KEYWORDS = ("uniqueItems", "oneOf", "anyOf", "not", "nullable")
_LIMITS = (
    ("minimum", "maximum"),
    ("minLength", "maxLength"),
    ("minItems", "maxItems"),
    ("minProperties", "maxProperties"),
)
_COUNTS = ("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties")
_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


rules.rule(
    "schema-numeric",
    "error",
    artifact=API_DEFINITION,
    summary="Schema limits are consistent: minimum ≤ maximum, minLength ≤ maxLength, minItems ≤ "
    "maxItems; lengths and counts are not negative; exclusiveMaximum/exclusiveMinimum "
    "come with maximum/minimum; multipleOf is greater than 0.",
    fix="Correct the limit, or remove it.",
    source="SVR (Metadata rules); catalogue SCHEMA-NUMERIC",
)(each(schema_holders, lambda node: _limits(node.pointer, node.value)))


def _limits(pointer: str, schema: dict[str, Any]) -> Iterator[Hit]:
    for low, high in _LIMITS:
        if _number(schema.get(low)) and _number(schema.get(high)) and schema[low] > schema[high]:
            yield Hit(
                f"The '{low}' value {schema[low]} is greater than the '{high}' value "
                f"{schema[high]}.",
                f"{pointer}/{low}",
            )
    for key in _COUNTS:
        if key in schema and not (_number(schema[key]) and schema[key] >= 0):
            yield Hit(f"The '{key}' value must be a non-negative number.", f"{pointer}/{key}")
    for exclusive, limit in (("exclusiveMaximum", "maximum"), ("exclusiveMinimum", "minimum")):
        if exclusive in schema and schema[exclusive] is not False and limit not in schema:
            yield Hit(
                f"'{exclusive}' requires '{limit}' to be specified.", f"{pointer}/{exclusive}"
            )
    if "multipleOf" in schema and not (_number(schema["multipleOf"]) and schema["multipleOf"] > 0):
        yield Hit(
            "The 'multipleOf' value must be a number greater than 0.", pointer + "/multipleOf"
        )


# ECMAScript regex syntax that Python's re does not read, replaced by something it does, so
# only patterns that are invalid in both dialects are reported.
_ECMA_ONLY = (
    (re.compile(r"\\[pP]\{[^}]*\}"), "x"),  # Unicode property escapes
    (re.compile(r"\\u\{[0-9a-fA-F]+\}"), "x"),  # code point escapes
    (re.compile(r"\\k<[^>]*>"), "x"),  # named back-references
    (re.compile(r"\\c[A-Za-z]"), "x"),  # control escapes
    (re.compile(r"\(\?<(?![=!])"), "(?P<"),  # named groups
    (re.compile(r"\[\^?\]"), "[\\s\\S]"),  # [] and [^]
)


def _constant(text: str) -> Callable[[re.Match[str]], str]:
    """A replacement that is ``text`` as written: a plain string would read its backslashes
    as group references."""
    return lambda _match: text


def pattern_error(pattern: str) -> str | None:
    """Why ``pattern`` is not a regular expression, or None when it is one (ECMA or Python)."""
    try:
        re.compile(pattern)
        return None
    except re.error:
        pass
    translated = pattern
    for ecma, python in _ECMA_ONLY:
        translated = ecma.sub(_constant(python), translated)
    try:
        re.compile(translated)
        return None
    except re.error as exc:
        if "look-behind" in str(exc):  # ECMAScript allows variable-width look-behind
            return None
        return str(exc)


rules.rule(
    "schema-pattern",
    "error",
    artifact=API_DEFINITION,
    summary="`pattern` values are valid regular expressions.",
    fix="Fix the regular expression (JavaScript syntax), or remove the pattern.",
    source="SVR (Metadata rules: valid regex pattern). Checked with Python's re after "
    "translating the ECMAScript-only syntax (\\p{..}, (?<name>..), \\k<..>, [^]), so "
    "only patterns invalid in both are reported",
)(
    each(
        schema_holders,
        flag(
            lambda node: _pattern_problem(node) is not None,
            lambda node: (
                f"The 'pattern' value is not a valid regular expression ({_pattern_problem(node)})."
            ),
            at="/pattern",
        ),
    )
)


def _pattern_problem(node: Node) -> str | None:
    if "pattern" not in node.value:
        return None
    pattern = node.value["pattern"]
    return "it is not a string" if not isinstance(pattern, str) else pattern_error(pattern)


def default_matches(kind: str, value: object) -> bool:
    if kind == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer()
        )
    if kind in ("number", "string", "array", "object"):
        return isinstance(value, _JSON_TYPES[kind]) and not isinstance(value, bool)
    return isinstance(value, bool)


rules.rule(
    "schema-default-type",
    "error",
    artifact=API_DEFINITION,
    summary="A `default` value has the schema's `type` (a boolean default is true or false, not "
    'the string "false").',
    fix='Write the default as a JSON value of the type: false, not "false"; 10, not "10".',
    source="SVR (Metadata rules: default matches type). No accepted connector in the corpus "
    'breaks it: its "default": "false" / "true" values (3 certified '
    "connectors, 15 places) are all on type string",
)(
    each(
        schema_holders,
        flag(
            lambda node: _default_mismatch(node.value),
            lambda node: (
                f"The 'default' value {node.value['default']!r} does not match the "
                f"type '{node.value['type']}'."
            ),
            at="/default",
        ),
    )
)


def _default_mismatch(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    if "default" not in schema or not isinstance(kind, str) or kind not in _JSON_TYPES:
        return False
    return not default_matches(kind, schema["default"])


@rules.rule(
    "schema-unsupported",
    "error",
    artifact=API_DEFINITION,
    summary="Schemas and parameters use only Swagger 2.0 keywords the platform supports: no "
    "`uniqueItems`, no OpenAPI 3 `oneOf`, `anyOf`, `not` or `nullable`, and "
    "`collectionFormat` is one of Swagger's (csv, ssv, tsv, pipes, multi; multi only in "
    "query or formData). OpenAPI 3 fields at the root or in operations (components, "
    "servers, requestBody) are reported by extension-prefix.",
    fix="Remove the keyword. For alternatives (oneOf, anyOf), describe the common properties, "
    "or use x-ms-dynamic-schema.",
    source="SVR (Not supported: 'The '{0}' keyword is not supported.'); catalogue "
    "SCHEMA-UNSUPPORTED. Which Swagger collectionFormat values the platform refuses is "
    "not stated, so only values outside Swagger 2.0 are reported",
)
def schema_unsupported(ctx: Context) -> Iterator[Hit]:
    places = {p.pointer: p.value.get("in") for op in ctx.api.operations for p in op.parameters}
    for node in schema_holders(ctx):
        pointer, schema = node.pointer, node.value
        for keyword in UNSUPPORTED_KEYWORDS:
            if keyword in schema and not (keyword == "uniqueItems" and schema[keyword] is False):
                yield Hit(f"The '{keyword}' keyword is not supported.", f"{pointer}/{keyword}")
        if "collectionFormat" in schema:
            value = schema["collectionFormat"]
            if value not in COLLECTION_FORMATS:
                yield Hit(
                    f"The 'collectionFormat' value '{value}' is not supported; use one of: "
                    f"{', '.join(COLLECTION_FORMATS)}.",
                    pointer + "/collectionFormat",
                )
            elif value == "multi" and places.get(pointer, "query") not in ("query", "formData"):
                yield Hit(
                    "The 'collectionFormat' value 'multi' is only valid for query and "
                    "formData parameters.",
                    pointer + "/collectionFormat",
                )


def _is_binary(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "string" and schema.get("format") == "binary"


def consumes(ctx: Context, op_value: dict[str, Any]) -> list[Any]:
    """The operation's consumes list: its own, else the document's."""
    if "consumes" in op_value:
        return as_list(op_value.get("consumes"))
    return as_list(ctx.swagger.get("consumes"))


@rules.rule(
    "schema-string-binary",
    "error",
    artifact=API_DEFINITION,
    summary="A string/binary value (type string, format binary) is only the whole body or a "
    "formData parameter, not a property inside a body schema, and not sent as "
    "application/x-www-form-urlencoded.",
    fix="Make the body itself the file (schema type string, format binary), or send the "
    "property as base64 (format byte); use multipart/form-data for files in a form.",
    source="SVR (string/binary rules); catalogue SCHEMA-STRINGBINARY",
)
def schema_string_binary(ctx: Context) -> Iterator[Hit]:
    for op in ctx.api.operations:
        urlencoded = FORM_URLENCODED in consumes(ctx, op.value)
        for param in op.parameters:
            place = param.value.get("in")
            if place == "formData" and urlencoded and _is_binary(param.value):
                yield Hit(
                    "A string/binary parameter cannot be sent as "
                    "application/x-www-form-urlencoded.",
                    param.pointer,
                )
            if place != "body" or not isinstance(param.value.get("schema"), dict):
                continue
            top, body = ctx.api.resolve(param.pointer + "/schema", param.value["schema"])
            if urlencoded and isinstance(body, dict) and _is_binary(body):
                yield Hit(
                    "A string/binary body cannot be sent as application/x-www-form-urlencoded.", top
                )
            for where, node in _body_tree(ctx, top, body):
                if where != top and _is_binary(node):
                    yield Hit(
                        "A string/binary value is only allowed as the whole body or a "
                        "formData parameter, not inside a body schema.",
                        where,
                    )


def _body_tree(ctx: Context, pointer: str, schema: object) -> Iterator[tuple[str, dict[str, Any]]]:
    """The schemas of a body, following $ref (each reference once)."""
    pending = [(pointer, schema)]
    visited: set[str] = set()
    while pending:
        where, node = pending.pop()
        for inner, value in schema_tree(where, node):
            if inner in visited:
                continue
            visited.add(inner)
            if "$ref" in value:
                target, resolved = ctx.api.resolve(inner, value)
                if target != inner:
                    pending.append((target, resolved))
                continue
            yield inner, value


rules.rule(
    "schema-editor-dictionary",
    "error",
    artifact=API_DEFINITION,
    summary="`x-ms-editor: dictionary` is only used on an object schema with "
    "`additionalProperties`.",
    fix='Give the schema "type": "object" and "additionalProperties" (the value schema), '
    "or remove x-ms-editor.",
    source="SVR (x-ms-editor rules); catalogue SCHEMA-EDITOR-DICT",
)(
    each(
        schema_holders,
        flag(
            lambda node: (
                node.value.get("x-ms-editor") == "dictionary"
                and (
                    node.value.get("type") != "object"
                    or node.value.get("additionalProperties") in (None, False)
                )
            ),
            "The 'dictionary' editor is only supported for an object schema with "
            "'additionalProperties'.",
            at="/x-ms-editor",
        ),
    )
)


@rules.rule(
    "operation-consumes",
    "warning",
    artifact=API_DEFINITION,
    summary="An operation with a body or formData parameter has a `consumes` MIME type (its own "
    "or the document's).",
    fix='Add "consumes": ["application/json"] (or the type the service reads) to the '
    "operation or the document.",
    source="SVR (At least one supported MIME type must be provided in 'consumes'). Lowered to "
    "warning: 6 of 28 accepted certified connectors in the corpus have body operations "
    "without consumes (none at all, or an empty root list)",
)
def operation_consumes(ctx: Context) -> Iterator[Hit]:
    for op in ctx.api.operations:
        if any(p.value.get("in") in ("body", "formData") for p in op.parameters) and not consumes(
            ctx, op.value
        ):
            yield Hit(
                f"At least one supported MIME type must be provided in 'consumes' for "
                f"operation '{op.name}'.",
                op.pointer,
            )


@rules.rule(
    "mime-type-valid",
    "warning",
    artifact=API_DEFINITION,
    summary="`consumes` and `produces` list only the MIME types the platform supports: "
    + ", ".join(SUPPORTED_MIME_TYPES)
    + ".",
    fix="Use application/json for JSON bodies (not text/json or application/*+json); a file "
    "download may keep its type if the service needs it.",
    source="SVR MimeTypeNotValid. Lowered to warning: 4 of 28 accepted certified connectors in "
    "the corpus consume text/json, application/*+json or application/json-patch+json, "
    "and 5 produce other types (application/pdf, application/octet-stream, image/*, "
    "Office document types, text/json)",
)
def mime_type_valid(ctx: Context) -> Iterator[Hit]:
    holders = [("", ctx.swagger)] + [(op.pointer, op.value) for op in ctx.api.operations]
    for base, holder in holders:
        for key in ("consumes", "produces"):
            for index, value in enumerate(as_list(holder.get(key))):
                if (
                    not isinstance(value, str)
                    or value.split(";")[0].strip().lower() not in SUPPORTED_MIME_TYPES
                ):
                    yield Hit(
                        f"The MIME type '{value}' in '{key}' is not supported. Supported "
                        f"types: {', '.join(SUPPORTED_MIME_TYPES)}.",
                        f"{base}/{key}/{index}",
                    )
