"""Opening pictures safely, and the colour facts every icon rule needs.

generate renders icon.png from the user's logo, check inspects icon.png, pq new resizes a logo
into Power Query's icon sets: all of them open images here. Pillow is imported inside the
functions: the CLI should not pay for it at start-up.
"""

from __future__ import annotations

import contextlib
import io
import re
import warnings
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import InputError
from .platform import ICON_SIDE

if TYPE_CHECKING:
    from PIL import Image

# Refuse pictures whose header claims more than this, before any pixel is decoded:
# a logo never needs it and a crafted header could make us allocate gigabytes.
MAX_PIXELS = 40_000_000
MAX_SIDE = 20_000
MAX_FILE_BYTES = 50 * 1024 * 1024

# Raster formats only: Pillow's EPS reader runs Ghostscript and WMF/EMF are vector.
RASTER_FORMATS = ("PNG", "JPEG", "GIF", "WEBP", "BMP", "TIFF", "ICO", "TGA", "PPM")

# An edge colour counts as "the background" when this share of the border agrees.
BORDER_AGREEMENT = 0.9
# JPEG noise makes a flat background vary by a few levels; this is still "the same colour".
SAME_COLOR_TOLERANCE = 16
# A background this far (largest channel difference) from the brand colour does not match it.
MISMATCH_TOLERANCE = 24
# Exporters sometimes write 250-254 for "opaque"; the eye cannot tell.
OPAQUE_ALPHA = 250

_BOMB_PIXELS = re.compile(r"\((\d+) pixels\)")

RGB = tuple[int, int, int]


def open_image(path: Path) -> Image.Image:
    """Open and decode a raster image, refusing anything unsafe or broken with InputError.

    The whole file is read into memory first, so no file handle stays open (multi-frame
    formats would otherwise keep theirs until garbage collection).
    """
    return decode_image(_read_file(path), path)


def decode_image(data: bytes, name: str | Path) -> Image.Image:
    """The same safe decoding for bytes already in memory; ``name`` is used in messages."""
    if not data:
        raise InputError(f"icon file {name} is empty; use a PNG or JPEG logo")
    with warnings.catch_warnings():
        # Pillow only warns between its two bomb limits; a warning must stop us too.
        _raise_on_bomb_warning()
        img = _identify(name, data)
        _check_claimed_size(name, img.size)
        _decode(name, img)
    return img


def background_color(img: Image.Image) -> str | None:
    """'#rrggbb' of the 1-px border when it is opaque and one colour, else None.

    "One colour" allows JPEG noise: the most frequent border colour and the pixels within
    SAME_COLOR_TOLERANCE of it must cover BORDER_AGREEMENT of the border; the answer is
    their mean.
    """
    try:
        border = _border_pixels(_as_rgba(img))
    except ValueError:  # a colour mode Pillow cannot convert has no colour to report
        return None
    opaque = [p[:3] for p in border if p[3] >= OPAQUE_ALPHA]
    if len(opaque) < BORDER_AGREEMENT * len(border):
        return None
    dominant = Counter(opaque).most_common(1)[0][0]
    agreeing = [p for p in opaque if color_distance(p, dominant) <= SAME_COLOR_TOLERANCE]
    if len(agreeing) < BORDER_AGREEMENT * len(border):
        return None
    count = len(agreeing)
    red, green, blue = (round(sum(channel) / count) for channel in zip(*agreeing, strict=True))
    return format_color((red, green, blue))


def _read_file(path: Path) -> bytes:
    if not path.exists():
        raise InputError(f"icon file {path} does not exist; check 'icon' in config.json")
    if not path.is_file():
        raise InputError(f"icon {path} is a folder, not a file; point 'icon' at a PNG or JPEG")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            # A logo is kilobytes; a file this large is the wrong file, and reading it would
            # only fill memory.
            raise InputError(
                f"icon file {path} is {size:,} bytes; a logo should be far smaller than "
                f"{MAX_FILE_BYTES:,} bytes. Export it as a PNG or JPEG of at most a few "
                "thousand pixels a side."
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read icon file {path}: {exc.strerror or exc}") from exc
    if not data:
        raise InputError(f"icon file {path} is empty; use a PNG or JPEG logo")
    return data


def _raise_on_bomb_warning() -> None:
    from PIL import Image

    warnings.simplefilter("error", Image.DecompressionBombWarning)


def _identify(path: str | Path, data: bytes) -> Image.Image:
    """Read only the header (Image.open is lazy), restricted to raster formats."""
    from PIL import Image, UnidentifiedImageError

    try:
        return Image.open(io.BytesIO(data), formats=RASTER_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _bomb_error(path, exc) from exc
    except UnidentifiedImageError as exc:
        raise InputError(
            f"icon file {path} is not a PNG or JPEG image; export the logo as PNG"
        ) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise _corrupt_error(path, exc) from exc


def _check_claimed_size(path: str | Path, size: tuple[int, int]) -> None:
    width, height = size
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise InputError(
            f"icon file {path} claims a picture of {width}x{height} pixels, over the limit of "
            f"{MAX_PIXELS:,} pixels and {MAX_SIDE} pixels a side; refusing to decode it. "
            f"Use a smaller logo (the icon is {ICON_SIDE}x{ICON_SIDE})"
        )
    if width < 1 or height < 1:
        raise InputError(f"icon file {path} claims an empty {width}x{height} picture")


def _decode(path: str | Path, img: Image.Image) -> None:
    from PIL import Image

    try:
        img.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _bomb_error(path, exc) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _corrupt_error(path, exc) from exc


def _bomb_error(path: str | Path, exc: Exception) -> InputError:
    # Pillow refuses some headers inside Image.open, so img.size is never seen: its message
    # carries the claimed pixel count.
    match = _BOMB_PIXELS.search(str(exc))
    claimed = f"{int(match.group(1)):,} pixels" if match else "a huge picture"
    return InputError(
        f"icon file {path} claims {claimed}, more than the {MAX_PIXELS:,} pixel limit; "
        f"refusing to decode it. Use a smaller logo (the icon is {ICON_SIDE}x{ICON_SIDE})"
    )


def _corrupt_error(path: str | Path, exc: BaseException) -> InputError:
    return InputError(
        f"icon file {path} is truncated or corrupt ({exc}); export the logo again as PNG"
    )


def to_rgba(img: Image.Image, path: Path) -> Image.Image:
    """Any Pillow mode as 8-bit RGBA, upright as the EXIF orientation says."""
    from PIL import ImageOps

    with contextlib.suppress(Exception):  # a broken EXIF block only costs the rotation
        ImageOps.exif_transpose(img, in_place=True)
    try:
        return _as_rgba(img)
    except ValueError as exc:
        raise InputError(
            f"icon file {path} uses the colour mode {img.mode}, which cannot be converted; "
            "export the logo as an 8-bit RGB or RGBA PNG"
        ) from exc


def _as_rgba(img: Image.Image) -> Image.Image:
    """8-bit RGBA; raises ValueError for a mode Pillow cannot convert."""
    if img.mode == "RGBA":
        return img
    if img.mode == "I" or img.mode.startswith("I;16"):
        # Pillow's own conversion clips 16-bit grey at 255, turning the logo white.
        img = img.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    with warnings.catch_warnings():
        # "Palette images with transparency expressed in bytes..." is advice, not a problem.
        warnings.simplefilter("ignore")
        return img.convert("RGBA")


def parse_color(color: str) -> RGB:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def format_color(rgb: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def color_distance(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    return max(abs(x - y) for x, y in zip(a, b, strict=True))


def _border_pixels(img: Image.Image) -> list[tuple[int, ...]]:
    """The 1-px frame of ``img`` (RGBA), each pixel once."""
    width, height = img.size
    strips = [img.crop((0, 0, width, 1))]  # top row
    if height > 1:
        strips.append(img.crop((0, height - 1, width, height)))  # bottom row
    if height > 2:
        strips.append(img.crop((0, 1, 1, height - 1)))  # left column without corners
        if width > 1:
            strips.append(img.crop((width - 1, 1, width, height - 1)))  # right column
    return [pixel for strip in strips for pixel in _pixels(strip)]


def _pixels(img: Image.Image) -> list[tuple[int, ...]]:
    raw = img.tobytes()
    return [tuple(raw[i : i + 4]) for i in range(0, len(raw), 4)]


def encode_png(img: Image.Image) -> bytes:
    # Fixed settings and no metadata (no pnginfo, icc_profile, exif, dpi): same input,
    # same bytes, so regenerating a connector does not show a changed icon.png.
    buffer = io.BytesIO()
    img.save(buffer, format="PNG", optimize=False, compress_level=9)
    return buffer.getvalue()
