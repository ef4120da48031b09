"""Draw the sample logos (512x512 PNG).

Deterministic: run `python samples/make_logos.py` to rebuild them. Each logo is a white mark.
Most sit on the brand colour; the RGBA ones have a transparent background, which connectorgen
fills with the config's iconBrandColor.
"""

from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 512
SCALE = 4  # draw at 4x and shrink, for smooth edges
HERE = Path(__file__).resolve().parent


def canvas():
    mask = Image.new("L", (SIZE * SCALE, SIZE * SCALE), 0)
    return mask, ImageDraw.Draw(mask)


def box(*xy):
    return [v * SCALE for v in xy]


def cloud(d, grow, fill):
    g = grow
    d.rounded_rectangle(box(72 - g, 272 - g, 392 + g, 408 + g), radius=(68 + g) * SCALE, fill=fill)
    d.ellipse(box(124 - g, 184 - g, 284 + g, 344 + g), fill=fill)
    d.ellipse(box(224 - g, 222 - g, 344 + g, 342 + g), fill=fill)


def cloud_and_sun(d):
    d.ellipse(box(256, 96, 408, 248), fill=255)
    rays = ((332, 40, 332, 72), (440, 172, 472, 172), (424, 80, 400, 104), (240, 80, 264, 104))
    for ray in rays:
        d.line(box(*ray), fill=255, width=18 * SCALE)
    cloud(d, 16, 0)
    cloud(d, 0, 255)


def check_square(d):
    d.rounded_rectangle(box(96, 96, 416, 416), radius=64 * SCALE, outline=255, width=36 * SCALE)
    d.line(box(170, 262, 236, 328, 350, 190), fill=255, width=44 * SCALE, joint="curve")


def document(d):
    d.polygon(box(136, 72, 300, 72, 376, 148, 376, 440, 136, 440), fill=255)
    d.polygon(box(288, 60, 288, 160, 388, 160), fill=0)
    d.polygon(box(304, 84, 304, 144, 364, 144), fill=255)
    for y in (220, 280, 340):
        d.rounded_rectangle(box(180, y, 332, y + 24), radius=12 * SCALE, fill=0)


def parcel(d):
    d.polygon(box(256, 72, 424, 160, 424, 352, 256, 440, 88, 352, 88, 160), fill=255)
    d.line(box(88, 160, 256, 248, 424, 160), fill=0, width=20 * SCALE)
    d.line(box(256, 248, 256, 440), fill=0, width=20 * SCALE)
    d.line(box(172, 116, 340, 204), fill=0, width=20 * SCALE)


def calendar(d):
    d.rounded_rectangle(box(72, 104, 440, 440), radius=44 * SCALE, fill=255)
    d.rectangle(box(72, 184, 440, 200), fill=0)
    for x in (160, 328):
        d.rounded_rectangle(box(x - 16, 64, x + 16, 144), radius=16 * SCALE, fill=0)
        d.rounded_rectangle(box(x - 8, 72, x + 8, 136), radius=8 * SCALE, fill=255)
    for row in range(2):
        for col in range(3):
            x, y = 140 + col * 88, 248 + row * 88
            d.rounded_rectangle(box(x, y, x + 56, y + 56), radius=10 * SCALE, fill=0)


def ticket(d):
    d.rounded_rectangle(box(56, 136, 456, 376), radius=28 * SCALE, fill=255)
    d.ellipse(box(20, 220, 92, 292), fill=0)
    d.ellipse(box(420, 220, 492, 292), fill=0)
    for y in range(156, 360, 40):
        d.rectangle(box(340, y, 352, y + 20), fill=0)


def note(d):
    d.polygon(box(104, 80, 408, 80, 408, 328, 320, 432, 104, 432), fill=255)
    d.polygon(box(408, 328, 320, 328, 320, 432), fill=0)
    for y, right in ((160, 352), (224, 352), (288, 280)):
        d.rounded_rectangle(box(152, y, right, y + 24), radius=12 * SCALE, fill=0)


LOGOS = {
    "api-key": ("#0b6e99", cloud_and_sun, "RGB"),
    "entra-id-oauth": ("#5b2c83", check_square, "RGB"),
    "generic-oauth": ("#1e7145", document, "RGB"),
    "client-credentials": ("#b45309", parcel, "RGB"),
    "no-auth": ("#c2185b", calendar, "RGBA"),
    "basic-auth": ("#b03a2e", ticket, "RGB"),
    "multi-auth": ("#37474f", note, "RGBA"),
}


def render(color, draw, mode):
    mask, d = canvas()
    draw(d)
    mask = mask.resize((SIZE, SIZE), Image.Resampling.LANCZOS)
    white = Image.new(mode, (SIZE, SIZE), "white")
    if mode == "RGBA":
        white.putalpha(mask)
        return white
    return Image.composite(white, Image.new("RGB", (SIZE, SIZE), color), mask)


def main():
    for folder, (color, draw, mode) in LOGOS.items():
        render(color, draw, mode).save(HERE / folder / "logo.png", optimize=True)


if __name__ == "__main__":
    main()
