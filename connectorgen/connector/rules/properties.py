"""Rules on apiProperties.json."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from ...core.document import as_dict, pointer_join
from ...core.platform import API_PROPERTIES, DEFAULT_BRAND_COLOR, IP_BRAND_COLOR, WHITE
from ...lint.rules import (
    CERTIFICATION_ONLY,
    CERTIFIED_ONLY,
    INDEPENDENT_PUBLISHER_ONLY,
    Hit,
    RuleSet,
)
from ...openapi.view import blank, text
from ..context import ConnectorContext as Context

rules = RuleSet("connector")

# The keys `paconn download` keeps (asset-shapes §1.11): the 2020 repo schema plus the two it
# misses (scriptOperations, connectionParameterSets) that real certified connectors use.
ALLOWED_KEYS = (
    "connectionParameters",
    "connectionParameterSets",
    "iconBrandColor",
    "scriptOperations",
    "capabilities",
    "policyTemplateInstances",
    "publisher",
    "stackOwner",
)
_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


def properties(ctx: Context) -> dict[str, Any]:
    return as_dict(ctx.props.get("properties"))


def brand_color(ctx: Context) -> str | None:
    color = text(properties(ctx).get("iconBrandColor"))
    return color.lower() if color and _HEX_COLOR.fullmatch(color) else None


def _required_property(key: str) -> Callable[[Context], Iterator[Hit]]:
    """A check: ``properties`` has ``key`` set, reported at the key (or at properties)."""

    def check(ctx: Context) -> Iterator[Hit]:
        if blank(properties(ctx).get(key)):
            pointer = f"/properties/{key}" if key in properties(ctx) else "/properties"
            yield Hit(f"The '{key}' property is required.", pointer)

    return check


@rules.rule(
    "properties-shape",
    "error",
    artifact=API_PROPERTIES,
    summary='apiProperties.json is {"properties": {...}} holding `iconBrandColor` and only the '
    "keys paconn knows (connectionParameters, connectionParameterSets, iconBrandColor, "
    "scriptOperations, capabilities, policyTemplateInstances, publisher, stackOwner).",
    fix="Move or remove the other keys; add iconBrandColor.",
    source="R-SCHEMA paconn-apiProperties.schema.json (relaxed as asset-shapes §1.12 says); "
    "R-README",
)
def properties_shape(ctx: Context) -> Iterator[Hit]:
    for key in ctx.props:
        if key != "properties":
            yield Hit(
                f"The property '{key}' is not allowed and must be removed.", pointer_join(key)
            )
    if not isinstance(ctx.props.get("properties"), dict):
        yield Hit("The 'properties' property is required.", "")
        return
    for key in properties(ctx):
        if key not in ALLOWED_KEYS:
            yield Hit(
                f"The property '{key}' is not allowed and must be removed.",
                "/properties" + pointer_join(key),
            )
    if "iconBrandColor" not in properties(ctx):
        yield Hit("The 'iconBrandColor' property is required.", "/properties")


@rules.rule(
    "brand-color-format",
    "error",
    artifact=API_PROPERTIES,
    summary="`iconBrandColor` is a colour written #rrggbb.",
    fix="Write the brand colour as # and six hex digits, e.g. #1f6feb.",
    source="R-SCHEMA; CS icon section",
)
def brand_color_format(ctx: Context) -> Iterator[Hit]:
    props = properties(ctx)
    if "iconBrandColor" in props and brand_color(ctx) is None:
        yield Hit(
            f"The 'iconBrandColor' value {props['iconBrandColor']!r} is not a colour of "
            "the form #rrggbb.",
            "/properties/iconBrandColor",
        )


@rules.rule(
    "brand-color-certified",
    "error",
    artifact=API_PROPERTIES,
    profiles=CERTIFIED_ONLY,
    summary="Certified: `iconBrandColor` is your brand colour, not the default #007ee5 and not "
    "white #ffffff.",
    fix="Set iconBrandColor to the icon's background colour.",
    source="R-PRT; CS icon section; PR#1558",
)
def brand_color_certified(ctx: Context) -> Iterator[Hit]:
    color = brand_color(ctx)
    if color in (DEFAULT_BRAND_COLOR, WHITE):
        kind = "the platform default" if color == DEFAULT_BRAND_COLOR else "white"
        yield Hit(
            f"The 'iconBrandColor' is {kind} ({color}); use your brand colour, the "
            "icon's background.",
            "/properties/iconBrandColor",
        )


@rules.rule(
    "brand-color-independent-publisher",
    "error",
    artifact=API_PROPERTIES,
    profiles=INDEPENDENT_PUBLISHER_ONLY,
    summary="Independent publisher: `iconBrandColor` is #da3b01.",
    fix='Set "iconBrandColor": "#da3b01".',
    source="R-README; CS Step 4; R-TPL-IP",
)
def brand_color_independent_publisher(ctx: Context) -> Iterator[Hit]:
    if brand_color(ctx) != IP_BRAND_COLOR:
        pointer = "/properties/iconBrandColor"
        yield Hit(
            f"The 'iconBrandColor' of an independent publisher connector must be "
            f"'{IP_BRAND_COLOR}'.",
            pointer if "iconBrandColor" in properties(ctx) else "",
        )


rules.rule(
    "publisher-required",
    "error",
    artifact=API_PROPERTIES,
    profiles=CERTIFICATION_ONLY,
    summary="`publisher` is set (certified: the company; independent publisher: your full name).",
    fix="Set properties.publisher (config.json `publisher`).",
    source="CS Step 3a; R-TPL-C/IP",
)(_required_property("publisher"))


rules.rule(
    "stack-owner-required",
    "error",
    artifact=API_PROPERTIES,
    profiles=CERTIFICATION_ONLY,
    summary="`stackOwner` is set: the company that owns the service the connector calls.",
    fix="Set properties.stackOwner (config.json `stackOwner`). paconn create/update refuses the "
    "key, so upload with a copy of the file without it.",
    source="CS Step 3a; PR#1558, PR#918",
)(_required_property("stackOwner"))


def _connection_parameters(ctx: Context) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(pointer, name, parameter) in connectionParameters and every connectionParameterSet."""
    props = properties(ctx)
    for name, param in as_dict(props.get("connectionParameters")).items():
        if isinstance(param, dict):
            yield "/properties/connectionParameters" + pointer_join(name), name, param
    sets = as_dict(props.get("connectionParameterSets")).get("values")
    for index, entry in enumerate(sets if isinstance(sets, list) else []):
        base = f"/properties/connectionParameterSets/values/{index}/parameters"
        for name, param in as_dict(as_dict(entry).get("parameters")).items():
            if isinstance(param, dict):
                yield base + pointer_join(name), name, param


@rules.rule(
    "connection-parameter-ui",
    "warning",
    artifact=API_PROPERTIES,
    profiles=CERTIFICATION_ONLY,
    summary="Each connection parameter users fill in has a `uiDefinition` with a description, "
    'and `constraints.required`/`hidden` are the strings "true"/"false".',
    fix="Add uiDefinition {displayName, description, tooltip, constraints}; write "
    '"required": "true" as a string.',
    source="3P 5000.2.6.9-10 (unverified); R-README example",
)
def connection_parameter_ui(ctx: Context) -> Iterator[Hit]:
    for pointer, name, param in _connection_parameters(ctx):
        if param.get("type") in ("oauthSetting", "gatewaySetting") or "metadata" in param:
            continue  # filled by the sign-in or the platform, not typed by users
        ui = param.get("uiDefinition")
        constraints = as_dict(as_dict(ui).get("constraints"))
        if constraints.get("hidden") in (True, "true"):
            continue
        # Multi-auth sets may carry it in uiDefinition.schema.description (multi-auth docs).
        described = text(as_dict(ui).get("description")) or text(
            as_dict(as_dict(ui).get("schema")).get("description")
        )
        if not (described or "").strip():
            yield Hit(
                f"The connection parameter '{name}' should have a uiDefinition with a description.",
                pointer,
            )
        for key in ("required", "hidden"):
            if isinstance(constraints.get(key), bool):
                yield Hit(
                    f"The constraint '{key}' should be the string "
                    f'"{str(constraints[key]).lower()}", not a JSON boolean.',
                    f"{pointer}/uiDefinition/constraints/{key}",
                )
