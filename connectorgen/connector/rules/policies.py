"""Rules on the policy templates of apiProperties.json (policyTemplateInstances).

The same rules generate applies to config.json's ``policies`` (generator/policies.py), here on
a connector folder: expressions read declared connection parameters, the operations exist,
dynamichosturl builds an absolute URL, and the template is one the platform has.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...core.diagnostics import with_suggestion
from ...core.document import as_dict, as_list, pointer_join
from ...core.platform import API_DEFINITION, API_PROPERTIES
from ...core.policy_templates import (
    OPERATIONS_KEY,
    PARAMETER_PREFIX,
    TEMPLATES,
    connection_parameter_references,
    template,
    url_template_problem,
)
from ...lint.rules import Hit, RuleSet
from ..context import ConnectorContext as Context

rules = RuleSet("connector")

_BASE = "/properties/policyTemplateInstances"


def _properties(ctx: Context) -> dict[str, Any]:
    return as_dict(as_dict(ctx.props).get("properties"))


def _instances(ctx: Context) -> Iterator[tuple[str, dict[str, Any]]]:
    for index, instance in enumerate(as_list(_properties(ctx).get("policyTemplateInstances"))):
        if isinstance(instance, dict):
            yield f"{_BASE}/{index}", instance


def _declared(ctx: Context) -> set[str]:
    """Connection parameter names at the top level and in every parameter set."""
    props = _properties(ctx)
    names = set(as_dict(props.get("connectionParameters")))
    for entry in as_list(as_dict(props.get("connectionParameterSets")).get("values")):
        names |= set(as_dict(as_dict(entry).get("parameters")))
    return names


@rules.rule(
    "policy-connection-parameter",
    "error",
    artifact=API_PROPERTIES,
    summary="Every @connectionParameters('x') in a policy template names a connection parameter "
    "the connector declares (in connectionParameters or a connectionParameterSet), unless the "
    "expression gives a default ('x', 'default').",
    fix="Declare the parameter in connectionParameters, or correct the name in the policy.",
    source="asset-shapes §1.6 (policies read connection parameters: none of the accepted "
    "connectors reads an undeclared one); learn.microsoft.com policy-templates",
)
def policy_connection_parameter(ctx: Context) -> Iterator[Hit]:
    declared = _declared(ctx)
    for pointer, instance in _instances(ctx):
        for key, value in as_dict(instance.get("parameters")).items():
            for ref in connection_parameter_references(value):
                # With a default ('x', 'default') the expression works without the parameter.
                if ref.name not in declared and not ref.has_default:
                    yield Hit(
                        f"The policy '{instance.get('templateId')}' reads the connection "
                        f"parameter {with_suggestion(ref.name, declared)}, which is not "
                        "declared.",
                        pointer + "/parameters" + pointer_join(key),
                    )


@rules.rule(
    "policy-operation",
    "error",
    artifact=API_PROPERTIES,
    needs=(API_PROPERTIES, API_DEFINITION),
    summary="The operations a policy template applies to (x-ms-apimTemplate-operationName) "
    "exist in the API definition.",
    fix="Use the operationIds of the API definition, or remove the ones that no longer exist.",
    source="learn.microsoft.com policy-templates (Operations: the actions and triggers the "
    "policy applies to)",
)
def policy_operation(ctx: Context) -> Iterator[Hit]:
    known = ctx.api.operation_ids
    for pointer, instance in _instances(ctx):
        names = as_dict(instance.get("parameters")).get(OPERATIONS_KEY)
        names = [names] if isinstance(names, str) else as_list(names)
        for index, name in enumerate(names):
            if isinstance(name, str) and name not in known:
                yield Hit(
                    f"The policy '{instance.get('templateId')}' applies to the operation "
                    f"{with_suggestion(name, known)}, which the API definition does not have.",
                    pointer + "/parameters" + pointer_join(OPERATIONS_KEY, index),
                )


@rules.rule(
    "policy-url-template",
    "error",
    artifact=API_PROPERTIES,
    summary="A dynamichosturl policy's urlTemplate is an absolute URL template (https://...) or "
    "an expression giving the whole URL.",
    fix="Write the URL the requests go to, such as https://@connectionParameters('host')/api.",
    source="learn.microsoft.com policy-templates/dynamichosturl (replaces the host URL; every "
    "example is absolute); asset-shapes §1.6",
)
def policy_url_template(ctx: Context) -> Iterator[Hit]:
    key = PARAMETER_PREFIX + "urlTemplate"
    for pointer, instance in _instances(ctx):
        known = template(instance.get("templateId"))
        if known is None or known.id != "dynamichosturl":
            continue
        parameters = as_dict(instance.get("parameters"))
        problem = url_template_problem(parameters.get(key))
        if problem:
            where = pointer + "/parameters" + (pointer_join(key) if key in parameters else "")
            yield Hit(f"The dynamichosturl urlTemplate {problem}.", where)


@rules.rule(
    "policy-template-unknown",
    "warning",
    artifact=API_PROPERTIES,
    summary="Each policy template instance names a template the platform has (setheader, "
    "dynamichosturl, routerequesttoendpoint, ...).",
    fix="Check the templateId against learn.microsoft.com/connectors/custom-connectors/"
    "policy-templates.",
    source="asset-shapes §1.6 (every templateId of the 1,033 accepted connectors)",
)
def policy_template_unknown(ctx: Context) -> Iterator[Hit]:
    for pointer, instance in _instances(ctx):
        template_id = instance.get("templateId")
        if template(template_id) is None:
            shown = (
                with_suggestion(template_id, TEMPLATES)
                if isinstance(template_id, str)
                else repr(template_id)
            )
            yield Hit(
                f"The policy template {shown} is not one connectorgen knows.",
                pointer + ("/templateId" if "templateId" in instance else ""),
            )
