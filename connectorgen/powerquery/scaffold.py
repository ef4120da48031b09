"""`connectorgen pq new`: a Power Query connector project that builds and passes `pq check`.

Every file is rendered in memory (templates/powerquery/*.j2, icons drawn or resized with
Pillow), then core.writer writes the folder at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.diagnostics import InputError
from ..core.image import encode_png, open_image, to_rgba
from ..core.resources import templates_dir
from ..core.writer import FileAction, plan_writes, write_files
from .facts import AUTHS, ICON_SIZES, Auth
from .naming import name_problem

if TYPE_CHECKING:
    import jinja2
    from PIL import Image

AUTH_TITLES = {
    "anonymous": "anonymous",
    "key": "an API key",
    "basic": "user name and password",
    "oauth": "OAuth 2.0 with PKCE",
    "aad": "Microsoft Entra ID",
}
SUPERSAMPLE = 256  # the placeholder is drawn large, then reduced: smooth edges at 16 px


@dataclass(frozen=True)
class NewResult:
    out: Path
    files: list[FileAction]


def new_project(
    name: str, out: Path | None = None, *, auth: Auth = "anonymous", icon: Path | None = None,
    force: bool = False,
) -> NewResult:  # fmt: skip
    """Render the project for ``name`` and write it to ``out`` (default: ./NAME)."""
    problem = name_problem(name)
    if problem:
        raise InputError(problem)
    if auth not in AUTHS:
        raise InputError(f"unknown sign-in '{auth}'; choose one of: {', '.join(AUTHS)}")
    files = render_project(name, auth, icon)
    target = out or Path(name)
    actions = plan_writes(target, files, tuple(files), force)
    write_files(target, files, actions)
    return NewResult(target, actions)


def render_project(name: str, auth: Auth, icon: Path | None) -> dict[str, bytes]:
    values = {"name": name, "auth": auth, "auth_title": AUTH_TITLES[auth]}
    files = {
        f"{name}.pq": _render("Connector.pq.j2", values),
        f"{name}.query.pq": _render("Connector.query.pq.j2", values),
        "resources.resx": _render("resources.resx.j2", {"strings": _strings(name, auth)}),
        "README.md": _render("README.md.j2", values),
    }
    for size, png in icons(name, icon).items():
        files[f"{name}{size}.png"] = png
    return files


def _strings(name: str, auth: Auth) -> list[tuple[str, str]]:
    strings = [
        ("ButtonTitle", name),
        ("ButtonHelp", f"Connect to {name}"),
        ("DataSourceLabel", name),
        ("FunctionName", f"{name}.Contents"),
        ("FunctionDescription", f"Returns the data of {name} at the given path."),
        ("ExampleDescription", "Returns the items."),
        ("PathCaption", "Path"),
        ("PathDescription", "The path of the resource to read, relative to the service."),
    ]
    if auth != "anonymous":
        strings.append(("AuthenticationLabel", f"Sign in to {name}"))
    if auth == "key":
        strings.append(("KeyLabel", "API key"))
    if auth == "basic":
        strings += [("UsernameLabel", "User name"), ("PasswordLabel", "Password")]
    return sorted(strings)


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir() / "powerquery")),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # M and Markdown; the resx template escapes its values itself
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _render(template: str, values: Mapping[str, object]) -> bytes:
    text = _environment().get_template(template).render(**values)
    # CRLF, as the Power Query SDK writes its files; UTF-8 with a BOM for the M files.
    text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    bom = b"\xef\xbb\xbf" if template.endswith(".pq.j2") else b""
    return bom + text.encode("utf-8")


# ---------------------------------------------------------------- icons


def icons(name: str, logo: Path | None) -> dict[int, bytes]:
    """PNG bytes per pixel size: the logo fitted into each square, or a drawn placeholder."""
    source = to_rgba(open_image(logo), logo) if logo is not None else _placeholder(name)
    return {size: encode_png(_fit(source, size)) for size in ICON_SIZES}


def _fit(img: Image.Image, size: int) -> Image.Image:
    """The picture scaled to fit ``size`` x ``size``, centred on transparency."""
    from PIL import Image

    width, height = img.size
    scale = size / max(width, height)
    scaled = img.resize(
        (max(1, round(width * scale)), max(1, round(height * scale))), Image.Resampling.LANCZOS
    )
    canvas = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    canvas.paste(scaled, ((size - scaled.width) // 2, (size - scaled.height) // 2))
    return canvas


def _placeholder(name: str) -> Image.Image:
    """A rounded square in a colour derived from the name, with a light ring: the same name
    always gives the same picture."""
    import colorsys

    from PIL import Image, ImageDraw

    hue = int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:4], 16) / 0xFFFF
    red, green, blue = (round(c * 255) for c in colorsys.hls_to_rgb(hue, 0.38, 0.55))
    side = SUPERSAMPLE
    img = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((8, 8, side - 9, side - 9), radius=side // 5, fill=(red, green, blue))
    ring = side // 4
    draw.ellipse((ring, ring, side - ring - 1, side - ring - 1), outline="white", width=side // 12)
    return img
