"""The connector icon: the user's logo rendered as the 230x230 icon.png.

Certification wants a ~160x160 logo inside a 230x230 square on a non-transparent
background that matches ``iconBrandColor`` (not white, not the platform default).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.diagnostics import Diagnostic, InputError
from ..core.image import (
    MISMATCH_TOLERANCE,
    RGB,
    background_color,
    color_distance,
    encode_png,
    open_image,
    parse_color,
    to_rgba,
)
from ..core.platform import DEFAULT_BRAND_COLOR, ICON_SIDE, WHITE

if TYPE_CHECKING:
    from PIL import Image

LOGO_BOX = 160  # certification: a ~160x160 logo inside the 230x230 square

_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class IconResult:
    png: bytes  # the 230x230 PNG, deterministic bytes
    brand_color: str  # '#rrggbb' lower-case, the background used
    warnings: list[Diagnostic]


def render_icon(path: Path, brand_color: str | None) -> IconResult:
    """Render ``path`` as the 230x230 icon on the brand colour (given, or taken from the logo)."""
    img = open_image(path)
    logo = to_rgba(img, path)
    logo_background = background_color(logo)
    color, found = _choose_brand_color(path, brand_color, logo_background)
    png = encode_png(_compose(logo, parse_color(color)))
    return IconResult(png=png, brand_color=color, warnings=found)


def _choose_brand_color(
    path: Path, given: str | None, logo_background: str | None
) -> tuple[str, list[Diagnostic]]:
    found: list[Diagnostic] = []
    if given is not None:
        color = _normalize_color(given)
        if logo_background and _differs_clearly(logo_background, color):
            found.append(_mismatch_warning(path, logo_background, color))
    elif logo_background is not None:
        color = logo_background
    else:
        color = DEFAULT_BRAND_COLOR
        found.append(_default_color_warning(path))
    if color == WHITE:
        found.append(_white_warning(path))
    return color, found


def _mismatch_warning(path: Path, logo_background: str, color: str) -> Diagnostic:
    return Diagnostic(
        "warning",
        "icon-background-mismatch",
        f"the logo's own background is {logo_background} but iconBrandColor is {color}: "
        "certification wants the icon background to match iconBrandColor. Use a logo with "
        "a transparent background, or one drawn on the brand colour",
        file=str(path),
    )


def _default_color_warning(path: Path) -> Diagnostic:
    return Diagnostic(
        "warning",
        "icon-default-brand-color",
        "the logo has no opaque uniform background, so the icon background falls back to "
        f"the platform default {DEFAULT_BRAND_COLOR}, which certification refuses; "
        "set iconBrandColor in config.json to your brand colour",
        file=str(path),
    )


def _white_warning(path: Path) -> Diagnostic:
    return Diagnostic(
        "warning",
        "icon-white-background",
        f"the icon background is white ({WHITE}), which certification refuses; "
        "set iconBrandColor in config.json to a non-white brand colour",
        file=str(path),
    )


def _differs_clearly(color: str, other: str) -> bool:
    return color_distance(parse_color(color), parse_color(other)) > MISMATCH_TOLERANCE


def _normalize_color(color: str) -> str:
    if not _HEX_COLOR.fullmatch(color):
        raise InputError(f"iconBrandColor {color!r} is not a colour of the form '#rrggbb'")
    return color.lower()


def _compose(logo: Image.Image, background: RGB) -> Image.Image:
    """The logo fitted into LOGO_BOX, centred on an opaque ICON_SIDE square."""
    from PIL import Image

    fitted = logo.resize(_fit(logo.size), Image.Resampling.LANCZOS)
    canvas = Image.new("RGBA", (ICON_SIDE, ICON_SIDE), (*background, 255))
    offset = ((ICON_SIDE - fitted.width) // 2, (ICON_SIDE - fitted.height) // 2)
    canvas.alpha_composite(fitted, dest=offset)
    return canvas.convert("RGB")  # certification wants no transparency at all


def _fit(size: tuple[int, int]) -> tuple[int, int]:
    width, height = size
    scale = min(LOGO_BOX / width, LOGO_BOX / height)
    return max(1, round(width * scale)), max(1, round(height * scale))
