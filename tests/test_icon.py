"""Tests for connectorgen.icon: rendering, brand colour choice and safe opening."""

from __future__ import annotations

import io
import struct
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image

from connectorgen.core.diagnostics import InputError
from connectorgen.core.image import background_color, open_image
from connectorgen.core.platform import DEFAULT_BRAND_COLOR
from connectorgen.core.platform import ICON_SIDE as ICON_SIZE
from connectorgen.generator.icon import LOGO_BOX, IconResult, render_icon

BLUE = (0, 80, 160)
RED = (200, 30, 30)
GREEN = (20, 160, 60)


def save(tmp_path: Path, img: Image.Image, name: str, **options: object) -> Path:
    path = tmp_path / name
    img.save(path, **options)
    return path


def logo_with_border(size: tuple[int, int], background: tuple[int, ...], mode: str = "RGB"):
    """A logo: a red square in the middle of a uniform background."""
    img = Image.new(mode, size, background)
    width, height = size
    inner = (width // 4, height // 4, width - width // 4, height - height // 4)
    img.paste(RED + (255,) * (mode == "RGBA"), inner)
    return img


def transparent_logo(size: tuple[int, int] = (100, 100)) -> Image.Image:
    return logo_with_border(size, (0, 0, 0, 0), mode="RGBA")


def decode(result: IconResult) -> Image.Image:
    img = Image.open(io.BytesIO(result.png))
    img.load()
    return img


def corners(img: Image.Image) -> list[tuple[int, ...]]:
    last = ICON_SIZE - 1
    return [img.getpixel(xy) for xy in ((0, 0), (last, 0), (0, last), (last, last))]


def rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def codes(result: IconResult) -> list[str]:
    return [d.code for d in result.warnings]


def close_to(pixel: tuple[int, ...], expected: tuple[int, ...], tolerance: int = 2) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected, strict=True))


def png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG with a valid IHDR claiming width x height (8-bit RGB) and no pixel data."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IEND", b"")


# --- rendering ----------------------------------------------------------------------------


def test_wide_rgb_jpeg_is_centred_on_the_brand_colour(tmp_path):
    path = save(tmp_path, Image.new("RGB", (400, 200), RED), "logo.jpg", quality=95)

    result = render_icon(path, "#0050A0")

    img = decode(result)
    assert img.format == "PNG"
    assert img.size == (ICON_SIZE, ICON_SIZE)
    assert img.mode == "RGB"
    assert result.brand_color == "#0050a0"
    assert all(pixel == BLUE for pixel in corners(img))
    # 400x200 fits the 160 box as 160x80, centred: rows 75..154, columns 35..194.
    centre = ICON_SIZE // 2
    assert close_to(img.getpixel((centre, centre)), RED, tolerance=8)
    assert close_to(img.getpixel((36, centre)), RED, tolerance=8)
    assert close_to(img.getpixel((193, centre)), RED, tolerance=8)
    assert img.getpixel((centre, 70)) == BLUE
    assert img.getpixel((centre, 160)) == BLUE
    assert img.getpixel((30, centre)) == BLUE
    assert img.getpixel((200, centre)) == BLUE
    # The edge-to-edge red counts as the logo's own background, which is not the brand colour.
    assert codes(result) == ["icon-background-mismatch"]


def test_transparent_png_gets_the_brand_colour_behind_it(tmp_path):
    path = save(tmp_path, transparent_logo(), "logo.png")

    result = render_icon(path, "#145a32")

    img = decode(result)
    assert img.mode == "RGB"
    assert all(pixel == rgb("#145a32") for pixel in corners(img))
    # Transparent parts of the logo box itself also become the brand colour.
    box_start = (ICON_SIZE - LOGO_BOX) // 2
    assert img.getpixel((box_start + 5, box_start + 5)) == rgb("#145a32")
    assert close_to(img.getpixel((ICON_SIZE // 2, ICON_SIZE // 2)), RED)
    assert result.warnings == []


def test_brand_colour_is_taken_from_an_opaque_uniform_border(tmp_path):
    path = save(tmp_path, logo_with_border((120, 90), GREEN), "logo.png")

    result = render_icon(path, None)

    assert result.brand_color == "#14a03c"
    assert result.warnings == []
    img = decode(result)
    assert all(pixel == GREEN for pixel in corners(img))
    # Logo background equals the brand colour: the whole frame around the red is green.
    assert img.getpixel(((ICON_SIZE - LOGO_BOX) // 2 + 1, ICON_SIZE // 2)) == GREEN


def test_brand_colour_from_a_noisy_jpeg_border(tmp_path):
    path = save(tmp_path, logo_with_border((300, 300), GREEN), "logo.jpg", quality=70)

    result = render_icon(path, None)

    assert close_to(rgb(result.brand_color), GREEN, tolerance=6)
    assert result.warnings == []


def test_transparent_logo_without_colour_falls_back_to_default_with_warning(tmp_path):
    path = save(tmp_path, transparent_logo(), "logo.png")

    result = render_icon(path, None)

    assert result.brand_color == DEFAULT_BRAND_COLOR
    assert codes(result) == ["icon-default-brand-color"]
    warning = result.warnings[0]
    assert warning.level == "warning"
    assert warning.file == str(path)
    assert "#007ee5" in warning.message
    assert "iconBrandColor" in warning.message
    assert all(pixel == rgb(DEFAULT_BRAND_COLOR) for pixel in corners(decode(result)))


def test_logo_background_that_differs_from_the_brand_colour_warns(tmp_path):
    path = save(tmp_path, logo_with_border((200, 200), (255, 255, 255)), "logo.jpg")

    result = render_icon(path, "#0050a0")

    assert codes(result) == ["icon-background-mismatch"]
    warning = result.warnings[0]
    assert "#ffffff" in warning.message
    assert "#0050a0" in warning.message
    assert warning.file == str(path)
    assert result.brand_color == "#0050a0"


def test_logo_background_close_to_the_brand_colour_does_not_warn(tmp_path):
    path = save(tmp_path, logo_with_border((200, 200), (2, 82, 158)), "logo.png")

    assert render_icon(path, "#0050a0").warnings == []


def test_white_background_warns(tmp_path):
    path = save(tmp_path, logo_with_border((200, 200), (255, 255, 255)), "logo.png")

    derived = render_icon(path, None)
    given = render_icon(save(tmp_path, transparent_logo(), "t.png"), "#FFFFFF")

    assert derived.brand_color == "#ffffff"
    assert codes(derived) == ["icon-white-background"]
    assert given.brand_color == "#ffffff"
    assert codes(given) == ["icon-white-background"]


def test_tiny_one_pixel_image(tmp_path):
    path = save(tmp_path, Image.new("RGB", (1, 1), RED), "dot.png")

    result = render_icon(path, "#0050a0")

    img = decode(result)
    assert img.size == (ICON_SIZE, ICON_SIZE)
    assert close_to(img.getpixel((ICON_SIZE // 2, ICON_SIZE // 2)), RED)
    assert img.getpixel((0, 0)) == BLUE
    # The single pixel is the whole border: it is the logo's background.
    assert background_color(Image.open(path)) == "#c81e1e"


def test_large_image_is_scaled_down(tmp_path):
    path = save(tmp_path, logo_with_border((3000, 1000), GREEN), "big.png")

    result = render_icon(path, None)

    img = decode(result)
    assert img.size == (ICON_SIZE, ICON_SIZE)
    assert result.brand_color == "#14a03c"
    assert close_to(img.getpixel((ICON_SIZE // 2, ICON_SIZE // 2)), RED)


def test_palette_image_with_transparency(tmp_path):
    img = Image.new("P", (64, 64), 0)
    img.putpalette([0, 0, 0, *RED] + [0] * (256 - 2) * 3)
    img.paste(1, (16, 16, 48, 48))
    path = save(tmp_path, img, "logo.png", transparency=0)

    result = render_icon(path, "#0050a0")

    out = decode(result)
    assert all(pixel == BLUE for pixel in corners(out))
    box_start = (ICON_SIZE - LOGO_BOX) // 2
    assert out.getpixel((box_start + 2, box_start + 2)) == BLUE  # transparent, not black
    assert close_to(out.getpixel((ICON_SIZE // 2, ICON_SIZE // 2)), RED)
    assert result.warnings == []


@pytest.mark.parametrize(
    ("mode", "background", "name"),
    [
        ("L", 90, "logo.png"),
        ("LA", (90, 0), "logo.png"),
        ("CMYK", (0, 0, 0, 0), "logo.jpg"),
        ("RGB", GREEN, "logo.gif"),
        ("RGB", GREEN, "logo.webp"),
        ("RGB", GREEN, "logo.bmp"),
    ],
)
def test_other_modes_and_formats(tmp_path, mode, background, name):
    path = save(tmp_path, Image.new(mode, (50, 30), background), name)

    img = decode(render_icon(path, "#0050a0"))

    assert img.size == (ICON_SIZE, ICON_SIZE)
    assert img.mode == "RGB"


def test_sixteen_bit_grey_keeps_its_shades(tmp_path):
    path = save(tmp_path, Image.new("I;16", (40, 40), 0x8000), "grey16.png")

    result = render_icon(path, None)

    assert result.brand_color == "#808080"  # not clipped to white


def test_exif_orientation_is_applied(tmp_path):
    img = Image.new("RGB", (200, 100), RED)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees: the upright picture is 100x200
    path = save(tmp_path, img, "photo.jpg", exif=exif)

    out = decode(render_icon(path, "#0050a0"))

    # Upright it is tall: 80x160, so columns 35..74 are brand colour, not logo.
    assert out.getpixel((50, ICON_SIZE // 2)) == BLUE
    assert close_to(out.getpixel((ICON_SIZE // 2, 40)), RED, tolerance=8)


def test_rendering_is_deterministic(tmp_path):
    path = save(tmp_path, logo_with_border((333, 177), GREEN), "logo.png")
    jpeg = save(tmp_path, transparent_logo().convert("RGB"), "logo.jpg")

    assert render_icon(path, None).png == render_icon(path, None).png
    assert render_icon(jpeg, "#0050a0").png == render_icon(jpeg, "#0050a0").png


def test_output_carries_no_metadata(tmp_path):
    img = Image.new("RGB", (100, 100), GREEN)
    path = save(tmp_path, img, "logo.png", dpi=(300, 300), icc_profile=b"fake-profile")

    out = decode(render_icon(path, None))

    assert "dpi" not in out.info
    assert "icc_profile" not in out.info
    assert "exif" not in out.info


def test_invalid_brand_colour_is_refused(tmp_path):
    path = save(tmp_path, transparent_logo(), "logo.png")

    with pytest.raises(InputError, match="#rrggbb"):
        render_icon(path, "blue")


# --- background_color ---------------------------------------------------------------------


def test_background_color_rejects_a_border_that_does_not_agree():
    img = Image.new("RGB", (10, 10), GREEN)
    img.paste(RED, (0, 0, 10, 3))  # the top 3 rows are red: the border is mixed

    assert background_color(img) is None


def test_background_color_tolerates_a_few_logo_pixels_on_the_edge():
    img = Image.new("RGB", (100, 100), GREEN)
    img.paste(RED, (40, 0, 50, 100))  # 20 of the 396 border pixels are red

    assert background_color(img) == "#14a03c"


def test_background_color_ignores_semi_transparent_borders():
    assert background_color(Image.new("RGBA", (20, 20), (*GREEN, 128))) is None


# --- refusing bad input -------------------------------------------------------------------


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="does not exist") as info:
        render_icon(tmp_path / "nope.png", None)
    assert "nope.png" in str(info.value)


def test_folder(tmp_path):
    with pytest.raises(InputError, match="folder"):
        open_image(tmp_path)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.png"
    path.write_bytes(b"")

    with pytest.raises(InputError, match="empty") as info:
        render_icon(path, None)
    assert "empty.png" in str(info.value)


def test_text_file_is_not_an_image(tmp_path):
    path = tmp_path / "logo.png"
    path.write_text("this is not a picture\n")

    with pytest.raises(InputError, match="is not a PNG or JPEG image") as info:
        render_icon(path, None)
    assert "logo.png" in str(info.value)


def test_vector_formats_are_refused(tmp_path):
    path = tmp_path / "logo.eps"
    path.write_text("%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n")

    with pytest.raises(InputError, match="is not a PNG or JPEG image"):
        open_image(path)


@pytest.mark.parametrize(
    ("side", "claimed"),
    [
        (100_000, "10,000,000,000 pixels"),  # over Pillow's error limit: refused in Image.open
        (10_000, "100,000,000 pixels"),  # between Pillow's warning and error limits
    ],
)
def test_header_claiming_a_huge_picture_is_refused_quickly(tmp_path, side, claimed):
    path = tmp_path / "bomb.png"
    path.write_bytes(png_header_only(side, side))

    started = time.perf_counter()
    with pytest.raises(InputError) as info:
        render_icon(path, None)
    assert time.perf_counter() - started < 2

    message = str(info.value)
    assert "bomb.png" in message
    assert claimed in message


@pytest.mark.parametrize(
    ("width", "height", "claimed"),
    [(8000, 6000, "8000x6000"), (30_000, 10, "30000x10")],
)
def test_header_over_our_own_limits_is_refused_before_decoding(tmp_path, width, height, claimed):
    # Below Pillow's own bomb limits, so only the explicit size check stands in the way.
    path = tmp_path / "big.png"
    path.write_bytes(png_header_only(width, height))

    with pytest.raises(InputError, match=claimed):
        open_image(path)


def test_pillow_limit_is_left_alone(tmp_path):
    before = Image.MAX_IMAGE_PIXELS
    path = tmp_path / "bomb.png"
    path.write_bytes(png_header_only(100_000, 100_000))

    with pytest.raises(InputError):
        open_image(path)
    assert before == Image.MAX_IMAGE_PIXELS


def test_truncated_png(tmp_path):
    buffer = io.BytesIO()
    Image.effect_noise((200, 200), 64).convert("RGB").save(buffer, "PNG")
    path = tmp_path / "cut.png"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])

    with pytest.raises(InputError, match="truncated or corrupt") as info:
        render_icon(path, None)
    assert "cut.png" in str(info.value)


def test_header_without_pixel_data_is_corrupt(tmp_path):
    path = tmp_path / "hollow.png"
    path.write_bytes(png_header_only(10, 10))

    with pytest.raises(InputError, match="truncated or corrupt"):
        open_image(path)
