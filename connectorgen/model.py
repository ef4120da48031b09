"""The view model: everything the templates need, computed once from the validated inputs."""

from __future__ import annotations

import copy
from typing import Any

from .auth import AuthPlan
from .config import Config
from .errors import Diagnostic, InputError, with_suggestion
from .swagger import Swagger

IP_BRAND_COLOR = "#da3b01"  # required for independent publishers (certification-rules 1.7)
OUR_FILES = (
    "apiDefinition.json",
    "apiDefinition.swagger.json",
    "apiProperties.json",
    "settings.json",
    "icon.png",
    "script.csx",
    "README.md",
    "INTRO.md",
)


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


def _merge_metadata(current: list[dict[str, Any]], new: list[dict[str, str]]) -> list[dict]:
    by_name = {e["propertyName"]: e for e in new}
    merged = [by_name.pop(e.get("propertyName"), e) for e in current]
    return merged + list(by_name.values())


def configured_brand_color(config: Config) -> str | None:
    """The colour config.json asks for; independent publishers must use #da3b01."""
    given = config.get("iconBrandColor")
    if given:
        return given.lower()
    if config.get("profile") == "independent-publisher":
        return IP_BRAND_COLOR
    return None


def script_plan(config: Config, swagger: Swagger, auth: AuthPlan) -> tuple[dict | None, list]:
    """Whether script.csx is written, which kind, and for which operations."""
    section = config.section("script")
    operation_ids = [op.operation_id for op in swagger.operations() if op.operation_id]
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
        return {
            "kind": "token",
            "grant": auth.token_script,
            "operations": operation_ids,
            "limit": [],
        }, notes
    if section.get("enabled") or section.get("path") or wanted:
        return {
            "kind": "stub",
            "grant": None,
            "operations": wanted or operation_ids,
            "limit": wanted,
        }, notes
    return None, notes


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
