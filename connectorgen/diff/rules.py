"""The breaking-change rules of `connectorgen diff`, as data.

Each rule is declared once: its id, severity, the file it is about, Microsoft's wording where
it is known (the Breaking Change Detector's messages quoted in PRs, certification-rules §3),
what it checks, how to fix it and where that is written down. The rules Microsoft's detector
is seen to apply are errors. The others are inferred from Microsoft's documentation, not from
the detector's output: they are warnings, and both their summary and their messages say
"(inferred)".

A rule's check words the changes that ``diff.compare`` and ``diff.properties`` filed under its
id: one walk over both documents serves every rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..core.platform import API_DEFINITION, API_PROPERTIES
from ..lint.rules import Hit, Rule, RuleSet, Severity
from .context import OLD_API_DEFINITION, OLD_API_PROPERTIES, OLD_OF, DiffContext

rules = RuleSet("diff")

DEFINITIONS = (API_DEFINITION, OLD_API_DEFINITION)
PROPERTIES = (API_PROPERTIES, OLD_API_PROPERTIES)
INFERRED = "(inferred)"
DETECTOR = "R-README (the Breaking Change Detector compares the previous swagger with the new one)"
VERSIONING = "learn.microsoft.com/connectors/custom-connectors/operational-versioning"
EXTENSIONS = "learn.microsoft.com/connectors/custom-connectors/openapi-extensions"


@dataclass(frozen=True)
class Worded:
    """The check of a diff rule: the changes filed under its id, in its words."""

    rule_id: str
    wording: str
    inferred: bool

    def __call__(self, ctx: DiffContext) -> Iterator[Hit]:
        for change in ctx.of(self.rule_id):
            message = f"{self.wording} {change.context}"
            if self.inferred:
                message += f" {INFERRED}"
            artifact = OLD_OF[change.artifact] if change.in_old else change.artifact
            yield Hit(message, change.pointer, artifact=artifact)


def declare(
    rule_id: str,
    severity: Severity,
    *,
    artifact: str,
    wording: str,
    summary: str,
    fix: str,
    source: str,
    needs: tuple[str, ...] = DEFINITIONS,
) -> None:
    inferred = severity != "error"
    rules.add(
        Rule(
            rule_id,
            severity,
            rules.target,
            artifact,
            f"{INFERRED} {summary}" if inferred else summary,
            fix,
            source,
            needs=needs,
            check=Worded(rule_id, wording, inferred),
        )
    )


# ---------------------------------------------------------------- confirmed: errors

declare(
    "operation-deleted",
    "error",
    artifact=API_DEFINITION,
    wording="The operation has been deleted. This change breaks existing flows.",
    summary="Every operation of OLD is still in NEW. An operation is known by its operationId, "
    "so renaming an operationId deletes the operation. Deleting a deprecated operation is "
    "reported too; the message names its replacement.",
    fix='Keep the operation. To retire it, deprecate it ("deprecated": true, "(deprecated)" in '
    "its summary) and add its new revision beside it in the same x-ms-api-annotation family. "
    "A deletion that was agreed is acknowledged with --ignore operation-deleted.",
    source="certification-rules §3 BC-OP-DELETED (PR#3470, PR#4168, PR#4043); "
    f"{DETECTOR}; learn.microsoft.com/connectors/custom-connectors/deprecate-operation",
)
declare(
    "operation-hidden",
    "error",
    artifact=API_DEFINITION,
    wording="The operation has been hidden. This change breaks the designer for existing flows.",
    summary='No visible operation of OLD becomes `"x-ms-visibility": "internal"` in NEW.',
    fix='Keep the operation visible. To retire it, mark it "deprecated": true, which hides it '
    "from new flows only.",
    source="certification-rules §3 BC-OP-HIDDEN (PR#4215)",
)
declare(
    "operation-path-changed",
    "error",
    artifact=API_DEFINITION,
    wording="The path template has been changed for the operation.",
    summary="An operation keeps its path template.",
    fix="Keep the path. A new path is a new operation: add it as a new revision in the same "
    "x-ms-api-annotation family and deprecate the old one.",
    source="certification-rules §3 BC-OP-PATH (PR#3648)",
)
declare(
    "parameter-location-changed",
    "error",
    artifact=API_DEFINITION,
    wording="The location has been changed for the parameter. Existing flows will continue "
    "to send the parameter in the old location.",
    summary="A parameter keeps its location (`in`: path, query, header or formData).",
    fix="Keep the parameter where it was; a new location needs a new revision of the operation.",
    source="certification-rules §3 BC-PARAM-LOCATION (PR#3648)",
)
declare(
    "required-input-added",
    "error",
    artifact=API_DEFINITION,
    wording="The required input field has been added. Existing flows will not send this new field.",
    summary="No required input appears: a new required parameter or body property, or an "
    "optional one made required. An internal input with a default is not counted: the "
    "platform sends its default.",
    fix='Make the new input optional (or "x-ms-visibility": "internal" with a default), or '
    "add a new revision of the operation.",
    source="certification-rules §3 BC-INPUT-REQ-ADDED (PR#3656, PR#2641; optional made "
    "required: the catalogue's 'likely'); openapi-extensions (internal and required "
    "parameters have a default)",
)
declare(
    "output-field-deleted",
    "error",
    artifact=API_DEFINITION,
    wording="The output field has been deleted. Existing flows may be broken if they are using "
    "this field and actual payload has been changed.",
    summary="No output disappears: a property of a response schema (at any depth, through "
    "$ref and allOf), a response header, a webhook trigger's notification content, or a "
    "success response's schema.",
    fix="Keep the field in the response schema. If the API no longer sends it, say so in its "
    "description and add a new revision of the operation.",
    source="certification-rules §3 BC-OUT-DELETED (PR#3656)",
)
declare(
    "output-type-changed",
    "error",
    artifact=API_DEFINITION,
    wording="The type has been changed for the output field. Existing flows may be broken if "
    "they are using this field and actual payload has been changed.",
    summary="An output field keeps its type (a type that was not declared may be added).",
    fix="Keep the type; a field of another type is a new field (a new name, or a new revision "
    "of the operation).",
    source="certification-rules §3 BC-OUT-TYPE (PR#3910, PR#2641, PR#4168)",
)
declare(
    "output-format-changed",
    "error",
    artifact=API_DEFINITION,
    wording="The type format has been changed for the output field. Existing flows may be "
    "broken if they are using this field and actual payload has been changed.",
    summary="An output field keeps its format (date-time, int64, ...); a format may be added "
    "where there was none.",
    fix="Keep the format; a value of another format is a new field.",
    source="certification-rules §3 BC-OUT-FORMAT (PR#807)",
)

# ---------------------------------------------------------------- inferred: warnings

INFERRED_SOURCE = (
    "inferred: certification-rules §3 lists it among the likely rules that no captured "
    "detector message confirms"
)

declare(
    "operation-method-changed",
    "warning",
    artifact=API_DEFINITION,
    wording="The HTTP method has been changed for the operation. Existing flows will continue "
    "to call it with the old method.",
    summary="An operation keeps its HTTP method.",
    fix="Keep the method; another method is a new operation (a new revision in the same "
    "x-ms-api-annotation family).",
    source=f"{INFERRED_SOURCE}; an operation is its urlPath and HttpVerb ({VERSIONING})",
)
declare(
    "input-field-deleted",
    "warning",
    artifact=API_DEFINITION,
    wording="The input field has been deleted. Existing flows will continue to send it.",
    summary="No parameter or body property of OLD disappears.",
    fix="Keep the input (the API may ignore it), or add a new revision of the operation.",
    source=f'{INFERRED_SOURCE}; \'Removing parameters ... fall into the "breaking change" '
    f"category' ({VERSIONING})",
)
declare(
    "input-type-changed",
    "warning",
    artifact=API_DEFINITION,
    wording="The type has been changed for the input field. Existing flows will continue to "
    "send values of the old type.",
    summary="An input keeps its type (integer to number widens it and is not reported).",
    fix="Keep the type, or add a new input and a new revision of the operation.",
    source=f"{INFERRED_SOURCE}; 'changing the meaning and behavior of an input' ({VERSIONING})",
)
declare(
    "input-enum-values-removed",
    "warning",
    artifact=API_DEFINITION,
    wording="Values have been removed from the input field's enum. Existing flows may send a "
    "value that is no longer allowed.",
    summary="An input's enum keeps all its values (an enum put on a free input counts).",
    fix="Keep accepting the old values; add new values rather than replacing them.",
    source=f"{INFERRED_SOURCE}; BC-VALUES (PR#3785, text not captured); 'no longer supporting "
    f"certain inputs' ({VERSIONING})",
)
declare(
    "dynamic-source-removed",
    "warning",
    artifact=API_DEFINITION,
    wording="The operation that provides this field's dynamic values or schema has been "
    "removed. The designer can no longer show them for existing flows.",
    summary="The operation an `x-ms-dynamic-values`, `-list`, `-schema`, `-properties` or "
    "`-tree` extension called in OLD still exists in NEW.",
    fix="Keep the source operation (internal if users should not see it), or point the "
    "extension at its replacement.",
    source=f"inferred: dynamic extensions call another operation of the connector ({EXTENSIONS})",
)
declare(
    "backend-url-changed",
    "warning",
    artifact=API_DEFINITION,
    wording="The address of the API has been changed. Existing flows will send their requests "
    "to the new address.",
    summary="`host` and `basePath` stay the same, and no scheme is dropped from `schemes`.",
    fix="Keep the address, or make sure the new one serves the same API for existing connections.",
    source="inferred: the backend URL is schemes[0]://host basePath (asset-shapes §5, paconn "
    "upsert.py)",
)
declare(
    "trigger-changed",
    "warning",
    artifact=API_DEFINITION,
    wording="The trigger has been changed. Existing flows were built on the old trigger.",
    summary="An operation stays a trigger or an action, with the same `x-ms-trigger` "
    "(batch or single).",
    fix="Keep the trigger as it was; a different trigger is a new operation.",
    source=f"{INFERRED_SOURCE}; BC-VALUES (PR#3785: renamed triggers); x-ms-trigger ({EXTENSIONS})",
)
declare(
    "connection-parameter-removed",
    "warning",
    artifact=API_PROPERTIES,
    needs=PROPERTIES,
    wording="The connection parameter has been removed or renamed. Existing connections were "
    "created with the old parameters.",
    summary="Every connection parameter of OLD (top level and in each connectionParameterSets "
    "authentication type) is still in NEW under the same name.",
    fix="Keep the parameter and its name; a connection that needs other parameters is a new "
    "authentication type (connectionParameterSets).",
    source="inferred: a connection stores a value per connection parameter, which policies "
    "read by name (@connectionParameters('name'), asset-shapes §1.2, §1.6)",
)
declare(
    "connection-parameter-required",
    "warning",
    artifact=API_PROPERTIES,
    needs=PROPERTIES,
    wording="A required connection parameter has been added. Existing connections have no "
    "value for it.",
    summary="No connection parameter becomes required: a new required parameter, or an "
    "optional one made required (`uiDefinition.constraints.required`). Hidden ones are not "
    "asked for and not counted.",
    fix='Make it optional ("required": "false") with a sensible default in the policy or '
    "script that reads it.",
    source="inferred: uiDefinition.constraints.required (asset-shapes §1.2, §1.5); a "
    "connection is created once with the values asked for then",
)
declare(
    "sign-in-changed",
    "warning",
    artifact=API_PROPERTIES,
    wording="The sign-in has been changed. Existing connections were signed in the old way and "
    "must be created again.",
    summary="The sign-in stays the same: the identityProvider and the OAuth URLs "
    "(authorizationUrl, tokenUrl, refreshUrl, loginUri, resourceUri, URL templates) of each "
    "oauthSetting parameter, the kind of each sign-in parameter, and the kinds of the API "
    "definition's security definitions.",
    fix="Keep the sign-in. A new way to sign in is a new authentication type "
    "(connectionParameterSets) beside the old one.",
    source="inferred: oAuthSettings (asset-shapes §1.3, §3); securityDefinitions kinds "
    "(asset-shapes §1.1)",
)
declare(
    "policy-template-removed",
    "warning",
    artifact=API_PROPERTIES,
    needs=PROPERTIES,
    wording="The policy template has been removed. Existing flows relied on what it did to "
    "their requests and responses.",
    summary="Every policy template instance of OLD is still in NEW (by templateId; its title "
    "and parameters may change).",
    fix="Keep the policy; if the API no longer needs it, check every operation it applied to.",
    source="inferred: policyTemplateInstances rewrite requests and responses at run time "
    "(asset-shapes §1.6)",
)
