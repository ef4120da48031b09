"""Rules on the x-ms extensions that tie operations together: webhooks and notifications,
dynamic values and schemas, operation families (x-ms-api-annotation), URL encoding."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ...core.document import as_dict, as_list, pointer_join
from ...core.platform import API_DEFINITION
from ...lint.rules import Hit, RuleSet
from ...lint.selectors import Test, each, flag
from ...openapi.view import Operation, Parameter, blank, text
from ..context import ConnectorContext as Context
from ..selectors import OperationParameter, parameters

rules = RuleSet("connector")

DYNAMIC_EXTENSIONS = (
    "x-ms-dynamic-values",
    "x-ms-dynamic-list",
    "x-ms-dynamic-schema",
    "x-ms-dynamic-properties",
    "x-ms-dynamic-tree",
)
URL_ENCODINGS = ("single", "double")
STATUS_ORDER = ("Preview", "Production")


def _is_extension(pointer: str) -> bool:
    """A key found by walk is an extension, not a property named like one."""
    return not pointer[: pointer.rfind("/")].endswith("/properties")


def _not_on_body(key: str) -> Test[OperationParameter]:
    return flag(
        lambda param: param.location == "body" and key in param.value,
        f"The '{key}' extension is not supported on a body parameter; set it on the "
        "parameter's schema.",
        at=f"/{key}",
    )


def operation_ids(ctx: Context) -> set[str]:
    return ctx.memo(
        "operation-ids",
        lambda: {
            op_id for op in ctx.api.operations if (op_id := text(op.value.get("operationId")))
        },
    )


@dataclass(frozen=True)
class UrlProperty:
    pointer: str
    value: dict[str, Any]
    required: bool  # in its schema's required list, as is each object that holds it
    internal: bool  # it or one of the objects that hold it (or the body parameter) is internal
    parameter: Parameter  # the body parameter it is sent in


@dataclass(frozen=True)
class _Chain:
    """What holds for every level from the body parameter down to a schema."""

    required: bool
    internal: bool


def notification_urls(ctx: Context, op: Operation) -> list[UrlProperty]:
    """The x-ms-notification-url properties in the operation's body, with their chain."""

    def compute() -> list[UrlProperty]:
        found: list[UrlProperty] = []
        for param in op.parameters:
            if param.value.get("in") == "body" and isinstance(param.value.get("schema"), dict):
                internal = param.value.get("x-ms-visibility") == "internal"
                _visit(
                    ctx,
                    param,
                    param.pointer + "/schema",
                    param.value["schema"],
                    _Chain(True, internal),
                    found,
                    set(),
                )
        return found

    return ctx.memo(f"notification-urls:{op.pointer}", compute)


def _visit(
    ctx: Context,
    param: Parameter,
    pointer: str,
    schema: object,
    chain: _Chain,
    found: list[UrlProperty],
    visiting: set[str],
) -> None:
    pointer, schema = ctx.api.resolve(pointer, schema)
    if not isinstance(schema, dict) or pointer in visiting:
        return
    visiting = visiting | {pointer}
    chain = _Chain(chain.required, chain.internal or schema.get("x-ms-visibility") == "internal")
    required = as_list(schema.get("required"))
    for name, prop in as_dict(schema.get("properties")).items():
        where = f"{pointer}/properties{pointer_join(name)}"
        if not isinstance(prop, dict):
            continue
        step = _Chain(chain.required and name in required, chain.internal)
        target, resolved = ctx.api.resolve(where, prop)
        resolved = as_dict(resolved)
        if resolved.get("x-ms-notification-url") is True:
            internal = step.internal or resolved.get("x-ms-visibility") == "internal"
            found.append(UrlProperty(target, resolved, step.required, internal, param))
        _visit(ctx, param, where, prop, step, found, visiting)
    for index, part in enumerate(as_list(schema.get("allOf"))):
        _visit(ctx, param, f"{pointer}/allOf/{index}", part, chain, found, visiting)


def webhook_operations(ctx: Context) -> dict[str, list[UrlProperty]]:
    """operation pointer -> its notification URL properties, for operations that have some."""
    return ctx.memo(
        "webhooks",
        lambda: {
            op.pointer: urls for op in ctx.api.operations if (urls := notification_urls(ctx, op))
        },
    )


@rules.rule(
    "notification-url-property",
    "error",
    artifact=API_DEFINITION,
    summary="A webhook's notification URL property (`x-ms-notification-url: true`) is a string, "
    "internal (itself or an object holding it), listed in `required` by its schema and by "
    "each schema holding it, and only used in an operation's input body.",
    fix='Mark the callback URL property {"type": "string", "x-ms-notification-url": true, '
    '"x-ms-visibility": "internal"} and list it (and each object holding it) in '
    "required.",
    source="SVR NotificationUrlNotString, NotificationUrlNotInternal ('itself or at least one of "
    "its parents must be internal'), NotificationUrlNotRequired ('required all the way through "
    "the schema chain'), NotificationUrlNotAllowedInThisPosition; catalogue OP-WEBHOOK-*. The "
    "body parameter's own required flag is notification-url-body-required's",
)
def notification_url_property(ctx: Context) -> Iterator[Hit]:
    in_bodies: set[str] = set()
    reported: set[tuple[str, str]] = set()
    for urls in webhook_operations(ctx).values():
        for url in urls:
            in_bodies.add(url.pointer)
            problems = []
            if url.value.get("type") != "string":
                problems.append("The notification URL property must be of type 'string'.")
            if not url.internal:
                problems.append(
                    "The notification URL property itself or at least one of its parents must "
                    "be internal ('x-ms-visibility': 'internal')."
                )
            if not url.required:
                problems.append(
                    "The notification URL property must be required all the way through the "
                    "schema chain: list it, and each object that holds it, in 'required'."
                )
            for message in problems:
                if (url.pointer, message) not in reported:
                    reported.add((url.pointer, message))
                    yield Hit(message, url.pointer)
    entries = ctx.walked(API_DEFINITION)
    refs = {value for _, key, value in entries if key == "$ref" and isinstance(value, str)}
    for pointer, key, value in entries:
        if key == "x-ms-notification-url" and value is True and _is_extension(pointer):
            holder = pointer[: pointer.rfind("/")]
            if holder not in in_bodies and _used(holder, refs):
                yield Hit(
                    "The notification URL property is only allowed in the input body of "
                    "a webhook operation.",
                    pointer,
                )


@rules.rule(
    "notification-url-body-required",
    "warning",
    artifact=API_DEFINITION,
    summary="The body parameter that carries a webhook's notification URL is required "
    '(`"required": true`).',
    fix='Add "required": true to the body parameter.',
    source="SVR NotificationUrlNotRequired asks for the schema chain only; a body that is not "
    "required may be left out, and the callback URL with it. A warning, at the parameter: "
    "97 accepted webhooks list the URL property in their schema's required but leave the "
    "body parameter optional (issue 11: Alkymi)",
)
def notification_url_body_required(ctx: Context) -> Iterator[Hit]:
    for urls in webhook_operations(ctx).values():
        for url in urls:
            if url.parameter.value.get("required") is not True:
                yield Hit(
                    "The body parameter holding the notification URL property is not "
                    'required; add "required": true.',
                    url.parameter.pointer,
                )


def _used(pointer: str, refs: set[str]) -> bool:
    """False for a pointer inside a definition nothing refers to (dead text, never sent)."""
    if not pointer.startswith("/definitions/"):
        return True
    name = pointer.split("/")[2]
    return f"#/definitions/{name}" in refs or any(
        r.startswith(f"#/definitions/{name}/") for r in refs
    )


@rules.rule(
    "notification-content",
    "error",
    artifact=API_DEFINITION,
    summary="A webhook operation (one whose body marks a notification URL) defines "
    "`x-ms-notification-content` (on its path or the operation).",
    fix='Add "x-ms-notification-content": {"description": ..., "schema": ...} to the '
    "path item, describing what the service posts to the callback.",
    source="SVR (Webhooks rules); catalogue OP-WEBHOOK-*",
)
def notification_content(ctx: Context) -> Iterator[Hit]:
    paths = as_dict(ctx.swagger.get("paths"))
    for op in ctx.api.operations:
        if (
            op.pointer in webhook_operations(ctx)
            and "x-ms-notification-content" not in op.value
            and "x-ms-notification-content" not in as_dict(paths.get(op.path))
        ):
            yield Hit(
                f"The webhook operation '{op.name}' must define 'x-ms-notification-content'.",
                op.pointer,
            )


@rules.rule(
    "notification-trigger",
    "error",
    artifact=API_DEFINITION,
    summary="`x-ms-notification` is only used on a trigger (`x-ms-trigger`) that is not itself "
    "a webhook operation, and its operationId names a webhook operation of the file.",
    fix="Move x-ms-notification to the trigger, and point its operationId at the operation "
    "that registers the webhook.",
    source="SVR (Operations and Webhooks rules); catalogue OP-WEBHOOK-*",
)
def notification_trigger(ctx: Context) -> Iterator[Hit]:
    webhooks = webhook_operations(ctx)
    by_id = {text(op.value.get("operationId")): op for op in ctx.api.operations}
    for op in ctx.api.operations:
        if "x-ms-notification" not in op.value:
            continue
        pointer = op.pointer + "/x-ms-notification"
        if "x-ms-trigger" not in op.value:
            yield Hit(
                f"The 'x-ms-notification' extension is only allowed on triggers; "
                f"'{op.name}' has no 'x-ms-trigger'.",
                pointer,
            )
        if op.pointer in webhooks:
            yield Hit(
                "The 'x-ms-notification' extension is not allowed in a webhook operation.", pointer
            )
        target_id = as_dict(op.value["x-ms-notification"]).get("operationId")
        target = by_id.get(target_id) if isinstance(target_id, str) else None
        if target is None or target.pointer not in webhooks:
            yield Hit(
                f"The 'x-ms-notification' operationId '{target_id}' must name a webhook "
                "operation of this file.",
                pointer,
            )


def _dynamic_references(value: object, key: str) -> list[tuple[str, object]]:
    """(sub-pointer, operationId) references of one dynamic extension value."""
    value = as_dict(value)
    if key == "x-ms-dynamic-tree":
        return [
            (f"/{part}/operationId", as_dict(value.get(part)).get("operationId"))
            for part in ("open", "browse")
            if "operationId" in as_dict(value.get(part))
        ]
    return [("/operationId", value["operationId"])] if "operationId" in value else []


@rules.rule(
    "dynamic-operation-exists",
    "error",
    artifact=API_DEFINITION,
    summary="The operationId that `x-ms-dynamic-values`, `x-ms-dynamic-list`, "
    "`x-ms-dynamic-schema`, `x-ms-dynamic-properties` or `x-ms-dynamic-tree` calls is "
    "an operation of the file.",
    fix='Fix the operationId, or add the operation (usually "x-ms-visibility": "internal").',
    source="SVR (dynamic extension rules: the invoked operation must exist); catalogue "
    "OP-DYNAMIC-*",
)
def dynamic_operation_exists(ctx: Context) -> Iterator[Hit]:
    known = operation_ids(ctx)
    for pointer, key, value in ctx.walked(API_DEFINITION):
        if key not in DYNAMIC_EXTENSIONS or not _is_extension(pointer):
            continue
        for sub, op_id in _dynamic_references(value, str(key)):
            if not isinstance(op_id, str) or op_id not in known:
                yield Hit(
                    f"The operation '{op_id}' that '{key}' invokes is not defined in this file.",
                    pointer + sub,
                )


@rules.rule(
    "dynamic-schema-properties",
    "warning",
    artifact=API_DEFINITION,
    summary="`x-ms-dynamic-schema` comes with `x-ms-dynamic-properties` (the newer form the "
    "designer prefers).",
    fix="Add x-ms-dynamic-properties next to x-ms-dynamic-schema: the same operationId, "
    'parameters as {"parameterReference": ...}, itemValuePath for value-path.',
    source="SVR (dynamic schema rules); catalogue OP-DYNAMIC-*. Lowered to warning: 5 of 28 "
    "accepted certified connectors in the corpus use x-ms-dynamic-schema alone",
)
def dynamic_schema_properties(ctx: Context) -> Iterator[Hit]:
    for pointer, key, _ in ctx.walked(API_DEFINITION):
        if key == "x-ms-dynamic-schema" and _is_extension(pointer):
            holder = pointer[: pointer.rfind("/")]
            if not _has_sibling(ctx, holder, "x-ms-dynamic-properties"):
                yield Hit(
                    "The 'x-ms-dynamic-schema' extension should come with "
                    "'x-ms-dynamic-properties'.",
                    pointer,
                )


def _has_sibling(ctx: Context, holder: str, key: str) -> bool:
    return any(p == f"{holder}/{key}" for p in _keys_at(ctx).get(holder, ()))


def _keys_at(ctx: Context) -> dict[str, list[str]]:
    def compute() -> dict[str, list[str]]:
        index: dict[str, list[str]] = defaultdict(list)
        for pointer, key, _ in ctx.walked(API_DEFINITION):
            if str(key).startswith("x-ms-dynamic"):
                index[pointer[: pointer.rfind("/")]].append(pointer)
        return index

    return ctx.memo("dynamic-keys", compute)


rules.rule(
    "dynamic-extension-placement",
    "error",
    artifact=API_DEFINITION,
    summary="Dynamic extensions are not set on a body parameter itself (put "
    "x-ms-dynamic-schema on its schema, x-ms-dynamic-values on a property).",
    fix="Move the extension into the body parameter's schema.",
    source="SVR (dynamic extension rules); catalogue OP-DYNAMIC-* ('not on the body param')",
)(each(parameters, *(_not_on_body(key) for key in DYNAMIC_EXTENSIONS)))


def _annotation(op: Operation) -> dict[str, Any] | None:
    value = op.value.get("x-ms-api-annotation")
    return value if isinstance(value, dict) else None


@rules.rule(
    "api-annotation-replacement",
    "error",
    artifact=API_DEFINITION,
    summary="`x-ms-api-annotation.replacement` is only set on deprecated operations and names "
    "both `api` and `operationId`.",
    fix='Set "deprecated": true on the operation, and give the replacement both the api '
    "name and the operationId of the new operation.",
    source="SVR ApiAnnotationExtensionReplacementInfoForNonDeprecatedOperations, "
    "ApiAnnotationExtensionReplacementInfoMissingApiProperty, "
    "ApiAnnotationExtensionReplacementInfoMissingOperationIdProperty",
)
def api_annotation_replacement(ctx: Context) -> Iterator[Hit]:
    for op in ctx.api.operations:
        annotation = _annotation(op)
        if annotation is None or "replacement" not in annotation:
            continue
        pointer = op.pointer + "/x-ms-api-annotation/replacement"
        prefix = f"The 'x-ms-api-annotation' extension for operation '{op.name}' is invalid."
        if op.value.get("deprecated") is not True:
            yield Hit(
                f"{prefix} The replacement property should be specified for deprecated "
                "operations only.",
                pointer,
            )
        replacement = as_dict(annotation["replacement"])
        for key in ("api", "operationId"):
            if blank(replacement.get(key)):
                yield Hit(
                    f"{prefix} The replacement property must specify '{key}' property.", pointer
                )


@rules.rule(
    "operation-family",
    "error",
    artifact=API_DEFINITION,
    summary="In an `x-ms-api-annotation` family, at most two operations are not deprecated, "
    "revisions are unique, and at most one operation has no revision.",
    fix="Deprecate the older revisions; give each operation of the family its own revision number.",
    source="SVR OperationFamily*, OperationRevisionEmpty; catalogue OP-FAMILY-*",
)
def operation_family(ctx: Context) -> Iterator[Hit]:
    families: dict[str, list[Operation]] = defaultdict(list)
    for op in ctx.api.operations:
        family = as_dict(_annotation(op)).get("family")
        if isinstance(family, str) and family:
            families[family].append(op)
    for family, ops in families.items():
        current = [op for op in ops if op.value.get("deprecated") is not True]
        if len(current) > 2:
            yield Hit(
                f"The operation family '{family}' has {len(current)} operations that are "
                "not deprecated; at most 2 are allowed.",
                current[2].pointer,
            )
        revisions: dict[str, Operation] = {}
        without = []
        for op in ops:
            revision = as_dict(_annotation(op)).get("revision")
            if revision in (None, ""):
                without.append(op)
            elif str(revision) in revisions:
                yield Hit(
                    f"The revision '{revision}' is used by more than one operation of the "
                    f"family '{family}'.",
                    op.pointer + "/x-ms-api-annotation/revision",
                )
            else:
                revisions[str(revision)] = op
        for op in without[1:]:
            yield Hit(
                f"The operation '{op.name}' does not specify a revision in api annotation.",
                op.pointer + "/x-ms-api-annotation",
            )


@rules.rule(
    "operation-status",
    "error",
    artifact=API_DEFINITION,
    summary="No operation's `x-ms-api-annotation.status` is ahead of the connector's "
    "(`info.x-ms-api-annotation.status`): no Production operation in a Preview "
    "connector.",
    fix="Set the operation to Preview, or release the connector first.",
    source="SVR OperationStatusAheadOfConnector (ProductionStatusOnBetaService needs the "
    "service's state: not decidable from the files)",
)
def operation_status(ctx: Context) -> Iterator[Hit]:
    connector = as_dict(as_dict(as_dict(ctx.swagger.get("info")).get("x-ms-api-annotation")))
    status = connector.get("status")
    if status not in STATUS_ORDER:
        return
    for op in ctx.api.operations:
        own = as_dict(_annotation(op)).get("status")
        if own in STATUS_ORDER and STATUS_ORDER.index(own) > STATUS_ORDER.index(status):
            yield Hit(
                f"The operation '{op.name}' has status '{own}', ahead of the connector's "
                f"status '{status}'.",
                op.pointer + "/x-ms-api-annotation/status",
            )


rules.rule(
    "parameter-url-encoding",
    "warning",
    artifact=API_DEFINITION,
    summary="Path parameters set `x-ms-url-encoding` (single or double); query parameters do "
    "not set it.",
    fix='Add "x-ms-url-encoding": "single" to each path parameter; remove it from query '
    "parameters.",
    source="SVR (inferred severity); catalogue PARAM-PATH-ENCODING",
)(
    each(
        parameters,
        flag(
            lambda param: param.value.get("in") == "path" and _encoding(param) is None,
            lambda param: (
                f"Encoding for path parameter '{param.value.get('name')}' is missing. "
                'Use "x-ms-url-encoding": "single".'
            ),
        ),
        flag(
            lambda param: (
                param.value.get("in") == "path"
                and _encoding(param) is not None
                and _encoding(param) not in URL_ENCODINGS
            ),
            "The 'x-ms-url-encoding' value must be 'single' or 'double'.",
            at="/x-ms-url-encoding",
        ),
        flag(
            lambda param: param.value.get("in") == "query" and _encoding(param) is not None,
            lambda param: (
                f"The query parameter '{param.value.get('name')}' must not set 'x-ms-url-encoding'."
            ),
            at="/x-ms-url-encoding",
        ),
    )
)


def _encoding(param: OperationParameter) -> object:
    return param.value.get("x-ms-url-encoding")
