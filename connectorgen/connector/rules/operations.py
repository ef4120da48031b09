"""Rules on operations and their responses."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ...core.document import as_dict, pointer_join
from ...core.platform import API_DEFINITION
from ...lint.rules import ADVISORY_FOR_CUSTOM, CERTIFICATION_ONLY, Hit, RuleSet
from ...lint.selectors import Located, Test, chain, each, flag
from ...openapi.view import HTTP_METHODS, Operation, text
from ..context import ConnectorContext as Context
from ..selectors import (
    field_text,
    operations,
    parameters,
    required,
    responses,
    visible_operations,
    visible_parameters,
)
from .metadata import PRODUCT_NAMES, no_words

rules = RuleSet("connector")

SUMMARY_RESTRICTED = "/\\<>*%&?"
VISIBILITY_VALUES = ("important", "advanced", "internal")
_STATUS = re.compile(r"[1-5][0-9][0-9]")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*$")


def ends_like_sentence(value: str) -> bool:
    return bool(_SENTENCE_END.search(value.rstrip()))


def _not_a_sentence(value: str) -> bool:
    """More than one word, not ending like a sentence (CSG: "No period required if there's a
    single word")."""
    return len(value.split()) > 1 and not ends_like_sentence(value)


def same_text(key: str, what: str) -> Test[Located]:
    """A finding at the description when it says the same as ``key``."""
    return flag(
        lambda item: _same(item.value.get(key), item.value.get("description")),
        f"{what} are identical.",
        at="/description",
    )


def _same(a: object, b: object) -> bool:
    return (
        isinstance(a, str)
        and isinstance(b, str)
        and bool(a.strip())
        and (a.strip().rstrip(".").lower() == b.strip().rstrip(".").lower())
    )


def sanitized_operation_id(op_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "", op_id)


def _response_codes(op_value: dict[str, Any]) -> list[str]:
    return [str(c) for c in as_dict(op_value.get("responses")) if not str(c).startswith("x-")]


def _no_success(op: Operation) -> bool:
    codes = _response_codes(op.value)
    return bool(codes) and not any(c.startswith("2") for c in codes)


rules.rule(
    "operation-summary-required",
    "error",
    artifact=API_DEFINITION,
    profiles=ADVISORY_FOR_CUSTOM,
    summary="Every operation users see (not `x-ms-visibility: internal`) has a `summary` (the "
    "action name users see).",
    fix='Add a summary: a short phrase such as "Get a document".',
    source="CS checklist; SVR RequiredPropertyMissing; PR#609. Internal operations are exempt: "
    "CSG says internal entities don't show up in the user interface, where the summary is "
    "the action's name (issue 11: 1,405 summary and description findings on hidden "
    "operations of accepted connectors; response-schema exempts them too)",
)(each(visible_operations, required("summary")))


rules.rule(
    "operation-description-required",
    "error",
    artifact=API_DEFINITION,
    profiles=ADVISORY_FOR_CUSTOM,
    summary="Every operation users see (not `x-ms-visibility: internal`) has a `description`.",
    fix="Add a description: a full sentence saying what the operation does.",
    source="CS checklist; R-PRT. Internal operations are exempt, as for operation-summary-required",
)(each(visible_operations, required("description")))


rules.rule(
    "operation-visibility",
    "warning",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="Every operation sets `x-ms-visibility` (important, advanced or internal).",
    fix='Add "x-ms-visibility": "important" to the main operations, "advanced" to the '
    'others, "internal" to helper operations.',
    source="CS checklist (no validator message seen: probably a manual review item)",
)(
    each(
        operations,
        flag(
            lambda op: "x-ms-visibility" not in op.value,
            lambda op: f"The operation '{op.name}' does not set 'x-ms-visibility'.",
        ),
    )
)


rules.rule(
    "operation-summary-length",
    "warning",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="Operation summaries are 80 characters or fewer.",
    fix="Shorten the summary to a phrase; put details in the description.",
    source="CS; CSG (the validator's own limit is 120: operation-summary-too-long)",
)(
    each(
        operations,
        field_text(
            "summary",
            lambda summary: 80 < len(summary) < 120,
            lambda summary: (
                f"The operation 'summary' is {len(summary)} characters; "
                "certification asks for 80 or fewer."
            ),
        ),
    )
)


rules.rule(
    "operation-summary-too-long",
    "error",
    artifact=API_DEFINITION,
    profiles=ADVISORY_FOR_CUSTOM,
    summary="Operation summaries are fewer than 120 characters.",
    fix="Shorten the summary to a phrase of at most 80 characters.",
    source="SVR OperationSummaryTooLong",
)(
    each(
        operations,
        field_text(
            "summary",
            lambda summary: len(summary) >= 120,
            "The operation 'summary' should be fewer than 120 characters for improved readablity.",
        ),
    )
)


rules.rule(
    "operation-summary-characters",
    "error",
    artifact=API_DEFINITION,
    profiles=ADVISORY_FOR_CUSTOM,
    summary="Operation summaries contain none of the characters / \\ < > * % & ?",
    fix="Reword the summary without these characters (write 'or' instead of '/').",
    source="CS; CSG; SVR RestrictedCharactersInSummary; PR#1095",
)(
    each(
        operations,
        field_text(
            "summary",
            lambda summary: any(c in SUMMARY_RESTRICTED for c in summary),
            f"Summary string contains any of the restricted characters [{SUMMARY_RESTRICTED}]",
        ),
    )
)


rules.rule(
    "operation-summary-end",
    "warning",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="Operation summaries end with a letter, a digit or a closing parenthesis "
    "(no trailing punctuation or space).",
    fix="Remove the trailing period, colon or space.",
    source="CSG; CS (catalogue OP-SUMMARY-CHARS; lowered to warning: no validator message "
    "enforces it)",
)(
    each(
        operations,
        field_text(
            "summary",
            lambda summary: bool(summary) and not (summary[-1].isalnum() or summary[-1] == ")"),
            "The operation 'summary' must end with alphanumeric character.",
        ),
    )
)


rules.rule(
    "operation-description-sentence",
    "info",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="Descriptions of the operations and parameters users see are full sentences ending "
    "in punctuation (a single word needs no period).",
    fix="End the description with a period.",
    source="CS ('should be full, descriptive sentences, and end in punctuation'); CSG ('No "
    "period required if there's a single word'; internal entities are not shown). Info: "
    "style only, no validator message enforces it, and accepted connectors break it "
    "everywhere (587 findings on 46 corpus connectors; issue 11: 18,000 on 985)",
)(
    chain(
        each(
            visible_operations,
            field_text(
                "description",
                _not_a_sentence,
                "The operation 'description' should be a full sentence ending in punctuation.",
            ),
        ),
        each(
            visible_parameters,
            field_text(
                "description",
                _not_a_sentence,
                "The parameter 'description' should be a full sentence ending in punctuation.",
            ),
        ),
    )
)


rules.rule(
    "operation-product-names",
    "error",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="Operation summaries and descriptions name no Power Platform product.",
    fix="Describe what the operation does in the service's own terms.",
    source="CS",
)(each(operations, no_words("summary", PRODUCT_NAMES), no_words("description", PRODUCT_NAMES)))


rules.rule(
    "summary-equals-description",
    "info",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="A visible operation's or parameter's summary and description are not the same text.",
    fix="Make the description say more than the summary: a full sentence.",
    source="CSG ('Summary and description text shouldn't be the same'). Info: style only, no "
    "validator message enforces it (274 findings on 46 corpus connectors; issue 11: 6,000 "
    "on 985)",
)(
    chain(
        each(visible_operations, same_text("summary", "The operation 'summary' and 'description'")),
        each(
            visible_parameters,
            same_text("x-ms-summary", "The parameter 'x-ms-summary' and 'description'"),
        ),
    )
)


rules.rule(
    "operation-id-required",
    "error",
    artifact=API_DEFINITION,
    summary="Every operation has an `operationId`.",
    fix="Add a unique operationId in camel case, e.g. GetDocument.",
    source="SVR OperationIdRequired",
)(each(operations, required("operationId", "The operation 'operationId' property is required.")))


@rules.rule(
    "operation-id-unique",
    "error",
    artifact=API_DEFINITION,
    summary="Operation ids are unique.",
    fix="Rename one of the operations.",
    source="SVR (operationId used multiple times)",
)
def operation_id_unique(ctx: Context) -> Iterator[Hit]:
    seen: set[str] = set()
    for op in ctx.api.operations:
        op_id = text(op.value.get("operationId"))
        if op_id:
            if op_id in seen:
                yield Hit(
                    f"The operationId '{op_id}' is used multiple times. Operation "
                    "identifiers must be unique.",
                    op.pointer + "/operationId",
                )
            seen.add(op_id)


rules.rule(
    "operation-id-sanitized",
    "error",
    artifact=API_DEFINITION,
    summary="Operation ids hold only letters, digits, underscores and hyphens "
    "(hyphens are operation-id-hyphen's).",
    fix="Remove spaces, dots and other punctuation (camel case: GetDocument).",
    source="SVR OperationIdSanitized; CSG. Underscores are allowed: 4 of 28 accepted certified "
    "connectors in the corpus use them throughout, so the sanitizer keeps them",
)(
    each(
        operations,
        field_text(
            "operationId",
            lambda op_id: bool(re.search(r"[^A-Za-z0-9_-]", op_id)),
            lambda op_id: (
                "The 'operationId' property value is different from its sanitized "
                f"value '{sanitized_operation_id(op_id)}'. Please avoid the useage of "
                "non-alphanumeric characters to have matching values."
            ),
        ),
    )
)


rules.rule(
    "operation-id-hyphen",
    "warning",
    artifact=API_DEFINITION,
    summary="Operation ids hold no hyphens (camel case, no punctuation).",
    fix="Write the id in camel case without hyphens (Stores-Get: StoresGet). The id is the "
    "action's key in existing flows: rename only in a new operation, deprecating the old one.",
    source="SVR OperationIdSanitized ('Please avoid the useage of non-alphanumeric characters'); "
    "CSG (operationId: 'Camel (no spaces or punctuation)'). The documentation and the corpus "
    "disagree, so the rule follows the documentation at a lower severity: issue 11 counts "
    "667 hyphenated ids in 60 accepted connectors, 2 of the 46 corpus connectors (PROS AI, "
    "ShipStationIP) have them, so the validator does not stop them",
)(
    each(
        operations,
        field_text(
            "operationId",
            lambda op_id: "-" in op_id and not re.search(r"[^A-Za-z0-9_-]", op_id),
            lambda op_id: (
                f"The 'operationId' contains hyphens; its sanitized value is "
                f"'{sanitized_operation_id(op_id)}'. Use letters and digits (camel case)."
            ),
        ),
    )
)


rules.rule(
    "response-required",
    "error",
    artifact=API_DEFINITION,
    summary="Every operation has at least one response.",
    fix="Add the responses the service returns, with a 200 or 201 response schema.",
    source="SVR; CS ('Empty operations aren't allowed')",
)(
    each(
        operations,
        flag(
            lambda op: not _response_codes(op.value),
            "The operation is not valid, it must contain at least one response definition.",
        ),
    )
)


rules.rule(
    "response-success",
    "warning",
    artifact=API_DEFINITION,
    summary="Every operation has at least one successful (2xx) response.",
    fix="Add the 2xx response the service returns (with its schema), not only 'default'.",
    source="SVR (message says 'should': warning by the catalogue's wording rule; 4 of 28 "
    "accepted certified connectors in the corpus have default-only operations)",
)(
    each(
        operations,
        flag(
            _no_success,
            lambda op: (
                f"The operation '{op.name}' should have at least one successful response "
                "definition."
            ),
            at="/responses",
        ),
    )
)


@rules.rule(
    "response-schema",
    "error",
    artifact=API_DEFINITION,
    profiles=ADVISORY_FOR_CUSTOM,
    summary="An operation shown in the designer (not DELETE, not internal) that answers 200 or "
    "201 defines the response schema there (a webhook trigger may use the path's "
    "`x-ms-notification-content`).",
    fix="Add a schema describing the response body, so the designer shows its fields. "
    "Operations that return no body should answer 204 instead.",
    source="CS; IP; R-README; R-PRT; SVR SchemaDefinitionSetIncorrectly",
)
def response_schema(ctx: Context) -> Iterator[Hit]:
    for op in ctx.api.operations:
        responses = {code: (p, r) for code, p, r in ctx.api.responses(op)}
        main = [code for code in ("200", "201") if code in responses]
        if op.method == "delete" or not main or any("schema" in responses[c][1] for c in main):
            continue  # a delete has nothing to show: its 200 may carry no body
        if op.value.get("x-ms-visibility") == "internal":
            continue  # never in the designer (e.g. helpers behind x-ms-dynamic-schema)
        path_item = as_dict(as_dict(ctx.swagger.get("paths")).get(op.path))
        if "x-ms-notification-content" in path_item or "x-ms-notification-content" in op.value:
            continue  # a webhook trigger describes its output there
        yield Hit(
            f"The operation '{op.name}' should define an output schema on the 200 or 201 "
            "response code or in 'x-ms-notification-content' extension for a webhook to "
            "be visible in the designer.",
            responses[main[0]][0],
        )


rules.rule(
    "default-response-schema",
    "error",
    artifact=API_DEFINITION,
    profiles=ADVISORY_FOR_CUSTOM,
    summary="The `default` response has no schema (an empty `{}` is tolerated).",
    fix="Move the schema to the expected response code (200, 201) and leave default without one.",
    source="CS; SVR DefaultResponseHasSchema; PR#4181",
)(
    each(
        responses,
        # An empty schema ({}, as the portal's wizard writes) describes nothing: accepted.
        flag(
            lambda response: (
                response.code == "default" and response.value.get("schema") not in (None, {})
            ),
            "The 'default' response should not have schema definition. Schemas "
            "should be defined on expected responses only.",
        ),
    )
)


@rules.rule(
    "response-one-schema",
    "warning",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="At most one successful response of an operation has a schema (the designer uses "
    "only one).",
    fix="Keep the schema on the main success response.",
    source="SVR (inferred severity)",
)
def response_one_schema(ctx: Context) -> Iterator[Hit]:
    for op in ctx.api.operations:
        with_schema = [
            p for code, p, r in ctx.api.responses(op) if code.startswith("2") and "schema" in r
        ]
        if len(with_schema) > 1:
            yield Hit(
                f"The operation '{op.name}' has more than one response with specified "
                "schema, only one schema will be used in the designer.",
                with_schema[1],
            )


@rules.rule(
    "response-code-valid",
    "error",
    artifact=API_DEFINITION,
    summary="Response keys are HTTP status codes (100-599) or `default`.",
    fix='Use a three-digit status code such as "200".',
    source="SVR ResponseMustBeDefaultOrHttpStatusCode",
)
def response_code_valid(ctx: Context) -> Iterator[Hit]:
    for op in ctx.api.operations:
        for code in as_dict(op.value.get("responses")):
            code = str(code)
            if code != "default" and not code.startswith("x-") and not _STATUS.fullmatch(code):
                yield Hit(
                    f"The response '{code}' must be 'default' or an HTTP status code.",
                    op.pointer + "/responses" + pointer_join(code),
                )


rules.rule(
    "get-no-body",
    "error",
    artifact=API_DEFINITION,
    summary="GET operations have no body or formData parameters.",
    fix="Send the values as query parameters, or use POST.",
    source="SVR (Body or form data parameters are not supported in a fetch operation)",
)(
    each(
        parameters,
        flag(
            lambda param: (
                param.operation.method == "get" and param.value.get("in") in ("body", "formData")
            ),
            "Body or form data parameters are not supported in a fetch operation.",
        ),
    )
)


def _template_names(path: str) -> list[str]:
    return re.findall(r"\{([^{}]*)\}", path)


@rules.rule(
    "path-template",
    "error",
    artifact=API_DEFINITION,
    summary="Paths start with `/` and hold no query string, fragment or `*`; no path is "
    "repeated in other letter case; no two operations with the same method have "
    "indistinguishable paths (equal but for parameter names or a trailing `/`).",
    fix='Move query values to parameters "in": "query"; merge repeated paths.',
    source="SVR OperationPathMustStartWithSlash, OperationPathMayNotContainQueryOrFragment, "
    "OperationPathContainsUnsupportedCharacters, PathRedefined ('defined multiple times with "
    "different capitalization'), DuplicateOperationPath ('The operations ... have the path "
    "templates ... which are duplicate and indistinguishable'): operations, so `/x` and "
    "`/x/` with different methods are not duplicates (issue 11: 40 findings on accepted "
    "connectors)",
)
def path_template(ctx: Context) -> Iterator[Hit]:
    cased: dict[str, str] = {}
    shapes: dict[tuple[str, str], str] = {}
    for path, item in as_dict(ctx.swagger.get("paths")).items():
        if path.startswith("x-"):
            continue
        pointer = "/paths" + pointer_join(path)
        if not path.startswith("/"):
            yield Hit(f"The path '{path}' must start with a '/' character.", pointer)
        bad = [c for c in "?#*" if c in path]
        if bad:
            yield Hit(f"The path '{path}' must not contain '{''.join(bad)}'.", pointer)
        if path.lower() in cased:
            yield Hit(
                f"The path '{path}' is already defined as '{cased[path.lower()]}'; paths must "
                "be unique when compared case-insensitively.",
                pointer,
            )
            continue
        cased[path.lower()] = path
        shape = re.sub(r"\{[^{}]*\}", "{}", path).rstrip("/").lower()
        for method in HTTP_METHODS:
            if not isinstance(as_dict(item).get(method), dict):
                continue
            other = shapes.setdefault((shape, method), path)
            if other != path:
                yield Hit(
                    f"The {method.upper()} operations of '{other}' and '{path}' have "
                    "indistinguishable paths.",
                    pointer + pointer_join(method),
                )


@rules.rule(
    "path-parameters",
    "error",
    artifact=API_DEFINITION,
    summary='Each `{name}` in a path has a parameter "in": "path" with `required: true`, '
    "and each path parameter appears in the path.",
    fix='Declare the missing path parameter, or set "required": true on it.',
    source="SVR PathParameterMustBeRequired, OperationMissingPathParameter",
)
def path_parameters(ctx: Context) -> Iterator[Hit]:
    for op in ctx.api.operations:
        names = _template_names(op.path)
        declared = {p.name: p for p in op.parameters if p.location == "path"}
        for name in names:
            if name not in declared:
                yield Hit(
                    f"The operation '{op.name}' is missing the path parameter '{name}'.", op.pointer
                )
        for name, param in declared.items():
            if name not in names:
                yield Hit(
                    f"The path parameter '{name}' does not appear in the path '{op.path}'.",
                    param.pointer,
                )
            elif param.value.get("required") is not True:
                yield Hit(f"The path parameter '{name}' must be required.", param.pointer)


rules.rule(
    "trigger-value",
    "error",
    artifact=API_DEFINITION,
    summary="`x-ms-trigger` is `batch` or `single`.",
    fix='Use "single" for one item per run, "batch" for a list.',
    source="R-SCHEMA",
)(
    each(
        operations,
        flag(
            lambda op: op.value.get("x-ms-trigger", "single") not in ("batch", "single"),
            "The 'x-ms-trigger' value must be 'batch' or 'single'.",
            at="/x-ms-trigger",
        ),
    )
)


@rules.rule(
    "visibility-value",
    "error",
    artifact=API_DEFINITION,
    summary="`x-ms-visibility` is `important`, `advanced` or `internal` wherever it is used.",
    fix="Use one of the three values, or remove the key for normal visibility.",
    source="R-SCHEMA; CSG",
)
def visibility_value(ctx: Context) -> Iterator[Hit]:
    for pointer, key, value in ctx.walked(API_DEFINITION):
        if key == "x-ms-visibility" and value not in VISIBILITY_VALUES:
            parent = pointer[: pointer.rfind("/")]
            if not parent.endswith("/properties"):  # a property named x-ms-visibility
                yield Hit(
                    "The 'x-ms-visibility' value must be one of: important, advanced, internal.",
                    pointer,
                )


rules.rule(
    "pageable-next-link",
    "error",
    artifact=API_DEFINITION,
    summary="`x-ms-pageable.nextLinkName` is `nextLink` or `@odata.nextLink`.",
    fix="Rename the property, or drop x-ms-pageable and page with a policy.",
    source="SVR InvalidNextLinkNameValue",
)(
    each(
        operations,
        flag(
            lambda op: (
                as_dict(op.value.get("x-ms-pageable")).get("nextLinkName", "nextLink")
                not in ("nextLink", "@odata.nextLink")
            ),
            "The 'nextLinkName' value must be 'nextLink' or '@odata.nextLink'.",
            at="/x-ms-pageable/nextLinkName",
        ),
    )
)
