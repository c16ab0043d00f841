"""Draw the logo of the fictional Meridian Policy Institute (assets/logos/meridian.png).

An original, simple mark: a navy disc crossed by one meridian and the equator. Run
``python assets/logos/make_logo.py`` to redraw it; the output is byte-identical every time.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 150  # pixels: 0.5 inch printed at 300 dpi
NAVY = (31, 58, 95, 255)
WHITE = (255, 255, 255, 255)


def draw() -> Image.Image:
    scale = 4  # draw large, then scale down: smooth edges without anti-aliasing support
    big = SIZE * scale
    image = Image.new("RGBA", (big, big), (255, 255, 255, 0))
    pen = ImageDraw.Draw(image)
    unit = big / 100  # draw in hundredths of the logo's width
    pad, line = round(3 * unit), round(5 * unit)
    pen.ellipse((pad, pad, big - pad, big - pad), fill=NAVY)
    inner = round(20 * unit)
    pen.ellipse((inner, inner, big - inner, big - inner), outline=WHITE, width=line)
    middle = big // 2
    # The meridian: a narrow ellipse through the poles, and the equator.
    half = round(13 * unit)
    pen.ellipse((middle - half, inner, middle + half, big - inner), outline=WHITE, width=line)
    pen.line((inner, middle, big - inner, middle), fill=WHITE, width=line)
    small = image.resize((SIZE, SIZE), Image.Resampling.LANCZOS)
    # An 8-colour palette keeps the file small enough to travel in every memo.
    return small.quantize(8, method=Image.Quantize.FASTOCTREE)


if __name__ == "__main__":
    target = Path(__file__).with_name("meridian.png")
    draw().save(target, optimize=True)
    print(target)
