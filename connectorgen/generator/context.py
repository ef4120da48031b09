"""The view model: one typed, frozen context per output file, built once from the inputs.

Templates read only what their context holds (``StrictUndefined`` makes any other name a bug),
so what each output depends on is written down here.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, fields
from typing import Any, Literal

from ..core.diagnostics import Diagnostic, InputError, with_suggestion
from ..core.platform import IP_BRAND_COLOR
from ..openapi.load import Swagger
from ..openapi.view import Operation
from .auth import AuthPlan
from .config import Config
from .parameters import ConnectionSection

DOCS_KEYS = (
    "summary",
    "prerequisites",
    "obtainingCredentials",
    "gettingStarted",
    "knownIssues",
    "faq",
    "deploymentInstructions",
)


def as_template_values(context: Any) -> dict[str, Any]:
    """A context's fields as template variables (shallow: nested values stay as they are)."""
    return {f.name: getattr(context, f.name) for f in fields(context)}


@dataclass(frozen=True)
class DefinitionContext:
    api_definition: dict[str, Any]


@dataclass(frozen=True)
class PropertiesContext:
    """apiProperties.json. None leaves an optional key out (config null, or not applicable)."""

    connection_parameters: dict[str, Any] | None
    parameter_sets: dict[str, Any] | None  # the whole connectionParameterSets object
    brand_color: str
    capabilities: list[str] | None
    publisher: str | None
    stack_owner: str | None
    script_operations: list[str] | None
    policies: list[dict[str, Any]] | None


@dataclass(frozen=True)
class SettingsContext:
    deploy: dict[str, str]  # platform.DEPLOY_SETTINGS that are known
    api_definition_file: str
    has_script: bool
    has_icon: bool


@dataclass(frozen=True)
class ScriptPlan:
    """Whether script.csx is written, which kind, and for which operations."""

    kind: Literal["token", "stub"]
    grant: str | None  # the OAuth grant the token script runs
    operations: list[str]  # the operations the script handles
    limit: list[str]  # scriptOperations: the script runs only for these (empty: all)


@dataclass(frozen=True)
class ScriptContext:
    title: str
    script: ScriptPlan
    headers: dict[str, str]


@dataclass(frozen=True)
class OperationDoc:
    heading: str
    description: str
    method: str
    path: str
    note: str | None


@dataclass(frozen=True)
class DeployDoc:
    """What README.md's default deployment instructions name."""

    definition_file: str
    has_icon: bool
    has_script: bool
    stack_owner: bool


@dataclass(frozen=True)
class DocsContext:
    """README.md and INTRO.md."""

    title: str
    publisher: str | None
    docs: dict[str, str | None]
    operations: list[OperationDoc]
    auth: list[dict[str, Any]]
    service: str
    oauth: bool
    deploy: DeployDoc


# ---------------------------------------------------------------- the API definition


def merged_definition(swagger: Swagger, config: Config) -> dict[str, Any]:
    """The Swagger with contact and x-ms-connector-metadata from config.json merged in.

    Only those two places change; every other key and string is kept exactly, in order.
    """
    doc = copy.deepcopy(swagger.doc)
    contact = config.section("contact")
    if contact:
        existing = doc["info"].get("contact")
        doc["info"]["contact"] = {**(existing if isinstance(existing, dict) else {}), **contact}
    entries = _metadata_entries(config.section("metadata"))
    if entries:
        current = doc.get("x-ms-connector-metadata")
        current = [e for e in current if isinstance(e, dict)] if isinstance(current, list) else []
        doc["x-ms-connector-metadata"] = _merge_metadata(current, entries)
    return doc


def _metadata_entries(metadata: dict[str, Any]) -> list[dict[str, str]]:
    entries = []
    if metadata.get("website"):
        entries.append({"propertyName": "Website", "propertyValue": metadata["website"]})
    if metadata.get("privacyPolicy"):
        entries.append(
            {"propertyName": "Privacy policy", "propertyValue": metadata["privacyPolicy"]}
        )
    if metadata.get("categories"):
        # Certification wants one semicolon-delimited string (certification-rules XCM-CAT-VALUES).
        entries.append(
            {"propertyName": "Categories", "propertyValue": ";".join(metadata["categories"])}
        )
    return entries


def _merge_metadata(
    current: list[dict[str, Any]], new: list[dict[str, str]]
) -> list[dict[str, Any]]:
    by_name = {e["propertyName"]: e for e in new}
    merged = [by_name.pop(str(e.get("propertyName")), e) for e in current]
    return merged + list(by_name.values())


# ---------------------------------------------------------------- colour


def configured_brand_color(config: Config) -> tuple[str | None, list[Diagnostic]]:
    """The colour config.json asks for, and a warning when it conflicts with the profile.

    Independent publishers must use #da3b01 (certification-rules 1.10): a different colour in
    config.json is replaced by it, with a warning, so the output passes the profile's check.
    """
    given = config.get("iconBrandColor")
    if config.get("profile") == "independent-publisher":
        if given and given.lower() == IP_BRAND_COLOR:
            return given, []
        if given:
            note = Diagnostic(
                "warning",
                "brand-color-profile",
                f"iconBrandColor {given} is replaced by {IP_BRAND_COLOR}: independent "
                "publishers must use that colour. Remove iconBrandColor from config.json.",
                file=str(config.path),
                pointer="/iconBrandColor",
            )
            return IP_BRAND_COLOR, [note]
        return IP_BRAND_COLOR, []
    # As written: "#EE3C2D" and "#ee3c2d" are the same colour, and import keeps the original.
    return (given if given else None), []


# ---------------------------------------------------------------- script.csx


def script_plan(
    config: Config, swagger: Swagger, auth: AuthPlan
) -> tuple[ScriptPlan | None, list[Diagnostic]]:
    """Whether script.csx is written, which kind, and for which operations."""
    section = config.section("script")
    operation_ids = [op.operation_id for op in swagger.view.operations if op.operation_id]
    wanted = list(section.get("operations") or [])
    _check_operations(wanted, operation_ids, config)
    notes: list[Diagnostic] = []
    if auth.token_script:
        if wanted:
            notes.append(
                Diagnostic(
                    "warning",
                    "script-operations-ignored",
                    f"script.operations is ignored: the {auth.token_script.replace('_', ' ')} flow "
                    "needs the script on every operation to fetch the token.",
                    file=str(config.path),
                    pointer="/script/operations",
                )
            )
        return ScriptPlan("token", auth.token_script, operation_ids, []), notes
    if section.get("enabled") or section.get("path") or wanted:
        return ScriptPlan("stub", None, wanted or operation_ids, wanted), notes
    return None, notes


def properties_context(
    config: Config,
    section: ConnectionSection,
    policies: list[dict[str, Any]] | None,
    color: str,
    script: ScriptPlan | None,
) -> PropertiesContext:
    return PropertiesContext(
        connection_parameters=section.parameters,
        parameter_sets=section.sets,
        brand_color=color,
        capabilities=config.get("capabilities", default=[]),
        publisher=config.get("publisher"),
        stack_owner=config.get("stackOwner"),
        script_operations=script_operations(config, script),
        policies=policies,
    )


def script_operations(config: Config, script: ScriptPlan | None) -> list[str] | None:
    """scriptOperations: the operations the script is limited to. An explicit empty list in
    the config is written as [] ("every operation", paconn README), as some real files do."""
    if script is not None and script.limit:
        return script.limit
    given = config.get("script", "operations")
    if given == [] and (script is None or script.kind == "stub"):
        return []
    return None


def _check_operations(wanted: list[str], known: list[str], config: Config) -> None:
    unknown = [op for op in wanted if op not in known]
    if not unknown:
        return
    hints = [with_suggestion(op, known) for op in unknown]
    raise InputError(
        f"Config file {config.path}: script.operations names operations the API definition "
        f"does not have: {', '.join(hints)}.",
        [
            Diagnostic(
                "error",
                "config-script",
                "unknown operationId",
                file=str(config.path),
                pointer="/script/operations",
            )
        ],
    )


# ---------------------------------------------------------------- README.md and INTRO.md


def docs_context(
    config: Config, swagger: Swagger, plan: AuthPlan, deploy: DeployDoc
) -> DocsContext:
    docs: dict[str, str | None] = {key: config.get("docs", key) for key in DOCS_KEYS}
    docs["summary"] = docs["summary"] or swagger.description or None
    operations = [
        OperationDoc(
            heading=one_line(op.summary or op.operation_id or f"{op.method.upper()} {op.path}"),
            description=op.description,
            method=op.method.upper(),
            path=op.path,
            note=_operation_note(op),
        )
        for op in swagger.view.operations
    ]
    return DocsContext(
        title=one_line(swagger.title),
        publisher=config.get("publisher"),
        docs=docs,
        operations=operations,
        auth=plan.details,
        service=swagger.title,
        oauth=plan.oauth,
        deploy=deploy,
    )


def one_line(text: str) -> str:
    """User text bound for one line (a C# // comment, a Markdown heading): no line breaks."""
    return " ".join(text.splitlines())


def _operation_note(op: Operation) -> str | None:
    # Every operation is documented; the ones users do not see in the designer say so.
    if op.deprecated:
        return "Deprecated: kept for existing flows, not offered for new ones."
    if op.visibility == "internal":
        return "Internal: used by the connector itself and hidden in the designer."
    return None
