"""Draw the site's default social image (``og:image`` of pages without a figure of their own).

    .venv/bin/python scripts/social_image.py [--out docs/assets/images/social.png]

A 1200×630 PNG: the title in both languages on a plain background, with a row of dots for
the years 2012–2022. Only text and shapes, so no image licence is involved. Needs the Noto
Sans CJK fonts (Debian: fonts-noto-cjk) for the Chinese title; the PNG is committed, so the
build itself needs no font.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "assets" / "images" / "social.png"
FONTS = Path("/usr/share/fonts/opentype/noto")
SIZE = (1200, 630)
BACKGROUND = (49, 27, 146)  # Material's deep purple 900
FOREGROUND = (255, 255, 255)
ACCENT = (255, 193, 7)  # amber, the site's accent


def cjk_font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    """Noto Sans CJK SC from the collection (the face whose name ends in 'SC')."""
    path = FONTS / f"NotoSansCJK-{weight}.ttc"
    for index in range(10):
        font = ImageFont.truetype(str(path), size, index=index)
        if font.getname()[0].endswith(" SC"):
            return font
    raise SystemExit(f"no Simplified Chinese face in {path}")


def draw() -> Image.Image:
    image = Image.new("RGB", SIZE, BACKGROUND)
    pen = ImageDraw.Draw(image)
    title = cjk_font("Bold", 112)
    subtitle = cjk_font("Regular", 52)
    small = cjk_font("Regular", 34)
    x = 90
    pen.text((x, 110), "图像合成十年", font=title, fill=FOREGROUND)
    pen.text((x, 270), "Ten Years of Image Synthesis", font=subtitle, fill=FOREGROUND)
    # the decade as a row of dots on a line, like the timeline's overview
    y = 450
    first, last = 2012, 2022
    step = (SIZE[0] - 2 * x) / (last - first)
    pen.line((x, y, SIZE[0] - x, y), fill=(179, 157, 219), width=4)
    for index, year in enumerate(range(first, last + 1)):
        cx = x + index * step
        radius = 14 if year in (first, last) else 9
        pen.ellipse((cx - radius, y - radius, cx + radius, y + radius), fill=ACCENT)
    pen.text((x, y + 40), str(first), font=small, fill=FOREGROUND)
    right = pen.textlength(str(last), font=small)
    pen.text((SIZE[0] - x - right, y + 40), str(last), font=small, fill=FOREGROUND)
    return image


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    draw().save(args.out, "PNG", optimize=True)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
