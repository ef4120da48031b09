"""Policy templates from config.json ``policies``: built as policyTemplateInstances, validated.

A config entry names the template, its title, the operations it applies to, the policy
section and the template's own parameters by their short names::

    {"templateId": "dynamichosturl", "title": "Set the host of the connection",
     "parameters": {"urlTemplate": "https://@connectionParameters('host')/api"}}

Validation (errors stop generate, all listed at once): every ``@connectionParameters('x')``
names a declared connection parameter, every operation exists in the API definition, and a
dynamichosturl ``urlTemplate`` is an absolute URL template. An unknown templateId, or a
parameter the template does not take, is a warning: templates beyond the documented ones exist.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from typing import Any

from ..core.diagnostics import Diagnostic, InputError, with_suggestion
from ..core.document import pointer_join
from ..core.policy_templates import (
    OPERATIONS_KEY,
    SECTION_KEY,
    TEMPLATES,
    connection_parameter_references,
    parameter_key,
    template,
    url_template_problem,
)
from ..openapi.load import Swagger
from .config import Config
from .parameters import ConnectionSection


@dataclass(frozen=True)
class Policy:
    """One config entry of ``policies``, typed."""

    template_id: str
    title: str
    parameters: dict[str, Any]  # template parameter name (or full x-ms- key) -> value
    operations: tuple[str, ...] | None  # None: every operation
    section: str | None
    type: str | None

    @classmethod
    def from_config(cls, entry: dict[str, Any]) -> Policy:
        operations = entry.get("operations")
        return cls(
            template_id=entry["templateId"],
            title=entry["title"],
            parameters=dict(entry.get("parameters") or {}),
            operations=tuple(operations) if operations is not None else None,
            section=entry.get("section"),
            type=entry.get("type"),
        )

    def as_json(self) -> dict[str, Any]:
        """The policyTemplateInstances entry (asset-shapes §1.6)."""
        parameters = {parameter_key(k): copy.deepcopy(v) for k, v in self.parameters.items()}
        if self.section is not None:
            parameters[SECTION_KEY] = self.section
        if self.operations is not None:
            parameters[OPERATIONS_KEY] = list(self.operations)
        instance: dict[str, Any] = {
            "templateId": self.template_id,
            "title": self.title,
            "parameters": parameters,
        }
        if self.type is not None:
            instance["type"] = self.type
        return instance

    def operation_names(self) -> list[str]:
        """Operations named in ``operations`` or in a full x-ms-apimTemplate-operationName."""
        names = list(self.operations or ())
        raw = self.parameters.get(OPERATIONS_KEY)
        if isinstance(raw, list):
            names += [n for n in raw if isinstance(n, str)]
        elif isinstance(raw, str):
            names.append(raw)
        return names


def config_policies(entries: list[dict[str, Any]] | None) -> list[Policy]:
    return [Policy.from_config(entry) for entry in entries or []]


def validate(
    policies: list[Policy],
    declared: set[str],
    operation_ids: frozenset[str],
    config_name: str,
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """(errors, warnings) about the config's policies."""
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    for index, policy in enumerate(policies):
        base = f"/policies/{index}"
        where = f"policies[{index}] ({policy.template_id})"
        known = template(policy.template_id)
        if known is None:
            warnings.append(
                Diagnostic(
                    "warning",
                    "config-policy-template",
                    f"{where}: {with_suggestion(policy.template_id, TEMPLATES)} is not a "
                    "policy template connectorgen knows; it is written as given. Check the "
                    "templateId against learn.microsoft.com/connectors/custom-connectors/"
                    "policy-templates.",
                    file=config_name,
                    pointer=base + "/templateId",
                )
            )
        elif known.parameters is not None:
            warnings += _parameter_warnings(policy, known.parameters, known.required, where, base)
        for name, value in policy.parameters.items():
            pointer = base + "/parameters" + pointer_join(name)
            errors += _reference_errors(value, declared, f"{where}.parameters.{name}", pointer)
        unknown = [op for op in policy.operation_names() if op not in operation_ids]
        if unknown:
            hints = ", ".join(with_suggestion(op, operation_ids) for op in unknown)
            errors.append(
                Diagnostic(
                    "error",
                    "config-policy-operation",
                    f"{where}.operations: the API definition has no operation {hints}. Use "
                    "operationIds of the API definition.",
                    pointer=base + "/operations",
                )
            )
        if known is not None and known.id == "dynamichosturl":
            problem = url_template_problem(policy.parameters.get("urlTemplate"))
            if problem:
                errors.append(
                    Diagnostic(
                        "error",
                        "config-policy-url",
                        f"{where}.parameters.urlTemplate {problem}.",
                        pointer=base + "/parameters/urlTemplate",
                    )
                )
    return [replace(e, file=config_name) for e in errors], [
        replace(w, file=config_name) for w in warnings
    ]


def _reference_errors(value: Any, declared: set[str], where: str, pointer: str) -> list[Diagnostic]:
    found = []
    for ref in connection_parameter_references(value):
        # @connectionParameters('x', 'default') falls back to its default when x is absent.
        if ref.name in declared or ref.has_default:
            continue
        names = ", ".join(sorted(declared)) or "none"
        found.append(
            Diagnostic(
                "error",
                "config-policy-parameter",
                f"{where}: @connectionParameters('{ref.name}') names no connection parameter "
                f"({with_suggestion(ref.name, declared)} is not declared; declared: {names}). "
                "Declare it in connectionParameters or correct the name.",
                pointer=pointer,
            )
        )
    return found


def _parameter_warnings(
    policy: Policy, known: tuple[str, ...], required: tuple[str, ...], where: str, base: str
) -> list[Diagnostic]:
    found = []
    for name in policy.parameters:
        if name.startswith("x-ms-") or name in known:
            continue
        found.append(
            Diagnostic(
                "warning",
                "config-policy-template",
                f"{where}.parameters: {with_suggestion(name, known)} is not a parameter of "
                f"{policy.template_id} (it takes {', '.join(known)}); it is written as given.",
                pointer=base + "/parameters" + pointer_join(name),
            )
        )
    # dynamichosturl without urlTemplate is an error of its own (config-policy-url).
    missing = [n for n in required if n not in policy.parameters and n != "urlTemplate"]
    if missing:
        found.append(
            Diagnostic(
                "warning",
                "config-policy-template",
                f"{where}.parameters: {policy.template_id} needs {', '.join(missing)}.",
                pointer=base + "/parameters",
            )
        )
    return found


def policy_instances(
    config: Config, swagger: Swagger, section: ConnectionSection
) -> tuple[list[dict[str, Any]] | None, list[Diagnostic]]:
    """policyTemplateInstances: the sign-in's own policies, then the config's, validated.

    Raises InputError listing every error; returns the instances (None: leave the key out,
    config ``"policies": null``) and the warnings.
    """
    given = config.get("policies", default=[])
    configured = config_policies(given)
    errors, warnings = validate(
        configured, section.declared(), swagger.view.operation_ids, str(config.path)
    )
    if errors:
        lines = [f"  - {e.message}" for e in errors]
        raise InputError(
            f"Config file {config.path}: {len(errors)} problem(s) in policies:\n"
            + "\n".join(lines),
            errors,
        )
    instances = section.plan.policies + [policy.as_json() for policy in configured]
    if given is None and not instances:
        return None, warnings
    return instances, warnings
