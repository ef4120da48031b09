"""Rules on icon.png. Pillow is imported only when a folder has an icon."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...core.diagnostics import InputError
from ...core.image import MISMATCH_TOLERANCE, color_distance, parse_color
from ...core.platform import (
    API_PROPERTIES,
    DEFAULT_BRAND_COLOR,
    ICON,
    ICON_SIDE,
    MAX_ICON_BYTES,
    WHITE,
)
from ...lint.rules import CERTIFIED_ONLY, INDEPENDENT_PUBLISHER_ONLY, Hit, RuleSet
from ..context import ConnectorContext as Context
from .properties import brand_color

rules = RuleSet("connector")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _opened(ctx: Context) -> tuple[Any, str | None, str | None]:
    """(image or None, background '#rrggbb' or None, why it could not be opened)."""
    return ctx.memo("icon", lambda: _open(ctx.data[ICON], ctx.names[ICON]))


def _open(data: bytes, name: str) -> tuple[Any, str | None, str | None]:
    from ...core import image

    try:
        img = image.decode_image(data, name)
    except InputError as exc:
        return None, None, str(exc)
    return img, image.background_color(img), None


@rules.rule(
    "icon-required",
    "error",
    artifact=ICON,
    needs=(),
    profiles=CERTIFIED_ONLY,
    summary="Certified connectors include icon.png (not in a folder of the certification "
    "repository: the icon goes to the certification portal).",
    fix="Add icon.png: your logo (about 160x160) centred on a 230x230 square of the brand "
    "colour; `connectorgen generate` renders it.",
    source="CS; CPE 5000.1.1.1 (the certification package). Not in the repository: SFC has the "
    "artifacts with the icon submitted to ISV Studio after the pull request is merged, and "
    "R-README's file list for a pull request has no icon (issue 11: 581 findings; 13 icons "
    "in 1,036 accepted folders, asset-shapes S1c)",
)
def icon_required(ctx: Context) -> Iterator[Hit]:
    if not ctx.has(ICON) and not ctx.in_repository:
        yield Hit("Icon validation failure: the package should contain an icon (icon.png).")


@rules.rule(
    "icon-independent-publisher",
    "error",
    artifact=ICON,
    profiles=INDEPENDENT_PUBLISHER_ONLY,
    summary="Independent publisher: no icon is submitted (Microsoft applies a generic one).",
    fix="Remove icon.png.",
    source="IP; R-PRT; R-TPL-IP",
)
def icon_independent_publisher(ctx: Context) -> Iterator[Hit]:
    yield Hit("Independent publisher connectors must not include an icon; remove icon.png.")


@rules.rule(
    "icon-png",
    "error",
    artifact=ICON,
    profiles=CERTIFIED_ONLY,
    summary="icon.png is a readable PNG image.",
    fix="Export the logo as PNG (`connectorgen generate` converts other formats).",
    source="CS; 3P 5000.2.1.3",
)
def icon_png(ctx: Context) -> Iterator[Hit]:
    img, _, problem = _opened(ctx)
    if problem:
        yield Hit(problem)
    elif not ctx.data[ICON].startswith(PNG_SIGNATURE):
        yield Hit(f"icon.png is a {img.format} image, not a PNG.")


@rules.rule(
    "icon-size",
    "warning",
    artifact=ICON,
    profiles=CERTIFIED_ONLY,
    summary="icon.png is 230x230 pixels (a ~160x160 logo inside), at most 1 MB.",
    fix="Render the icon at 230x230; `connectorgen generate` does.",
    source="CS; PR#3473; 3P 5000.2.1.2/5000.2.1.4 (size limit unverified)",
)
def icon_size(ctx: Context) -> Iterator[Hit]:
    img, _, _ = _opened(ctx)
    if img is not None and img.size != (ICON_SIDE, ICON_SIDE):
        width, height = img.size
        yield Hit(
            f"icon.png is {width}x{height} pixels; certification expects {ICON_SIDE}x{ICON_SIDE}."
        )
    size = ctx.sizes.get(ICON, 0)
    if size > MAX_ICON_BYTES:
        yield Hit(f"icon.png is {size:,} bytes; keep it under 1 MB.")


@rules.rule(
    "icon-background",
    "error",
    artifact=ICON,
    profiles=CERTIFIED_ONLY,
    summary="The icon background is one opaque colour that is neither white nor the default "
    "#007ee5.",
    fix="Draw the logo on a solid square of your brand colour.",
    source="CS; R-PRT; PR#3473",
)
def icon_background(ctx: Context) -> Iterator[Hit]:
    img, background, _ = _opened(ctx)
    if img is None:
        return
    if background is None:
        yield Hit(
            "The icon background is transparent or not one solid colour; it must be "
            "a solid, non-white colour."
        )
    elif background in (WHITE, DEFAULT_BRAND_COLOR):
        kind = "white" if background == WHITE else "the platform default"
        yield Hit(f"The icon background is {kind} ({background}); use your brand colour.")


@rules.rule(
    "icon-brand-color",
    "error",
    artifact=ICON,
    needs=(ICON, API_PROPERTIES),
    profiles=CERTIFIED_ONLY,
    summary="The icon background matches `iconBrandColor` of apiProperties.json.",
    fix="Set iconBrandColor to the icon's background colour (or redraw the icon on it).",
    source="CS; R-PRT",
)
def icon_brand_color(ctx: Context) -> Iterator[Hit]:
    _, background, _ = _opened(ctx)
    color = brand_color(ctx)
    if (
        background
        and color
        and color_distance(parse_color(background), parse_color(color)) > MISMATCH_TOLERANCE
    ):
        yield Hit(
            f"The icon background is {background} but iconBrandColor is {color}; they must match."
        )
