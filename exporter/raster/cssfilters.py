"""CSS filter functions on groups, baked into the images they wrap.

Excalidraw draws images in dark mode inside ``<g filter="invert(93%)
hue-rotate(180deg)">`` (SVG images always, bitmaps when asked). cairosvg only
knows ``filter="url(#...)"`` and would draw such images unfiltered, so the
filter is applied to the image data itself (an SVG image is rasterised at twice
its size first) and the group loses its filter.
"""

from __future__ import annotations

import base64
import io
import math
import re

from PIL import Image

FUNCTION = re.compile(r"([a-z-]+)\(\s*([-+0-9.eE]+)\s*(%|deg|rad|turn)?\s*\)")
SUPPORTED = ("invert", "hue-rotate", "grayscale", "brightness", "opacity")
DATA_URL = re.compile(r"^data:([^;,]+)(;base64)?,(.*)$", re.S)
SVG_RASTER_SCALE = 2


def parse_filter(value: str) -> list[tuple[str, float]] | None:
    """[(function, amount)] for a CSS filter list we can apply, else None (url(), unknown functions)."""
    text = value.strip()
    if not text or text.startswith("url("):
        return None
    out = []
    pos = 0
    for match in FUNCTION.finditer(text):
        if text[pos:match.start()].strip():
            return None
        name, number, unit = match.group(1), float(match.group(2)), match.group(3)
        if name not in SUPPORTED:
            return None
        if name == "hue-rotate":
            amount = {"rad": math.degrees(number), "turn": number * 360}.get(unit or "deg", number)
        else:
            amount = number / 100 if unit == "%" else number
        out.append((name, amount))
        pos = match.end()
    return out if out and not text[pos:].strip() else None


def _hue_matrix(degrees: float) -> tuple[float, ...]:
    """The CSS/SVG feColorMatrix hueRotate matrix (RGB rows) for Pillow's convert()."""
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    rows = (
        (0.213 + c * 0.787 - s * 0.213, 0.715 - c * 0.715 - s * 0.715, 0.072 - c * 0.072 + s * 0.928),
        (0.213 - c * 0.213 + s * 0.143, 0.715 + c * 0.285 + s * 0.140, 0.072 - c * 0.072 - s * 0.283),
        (0.213 - c * 0.213 - s * 0.787, 0.715 - c * 0.715 + s * 0.715, 0.072 + c * 0.928 + s * 0.072),
    )
    return tuple(v for row in rows for v in (*row, 0.0))


def filter_image(image: Image.Image, functions: list[tuple[str, float]]) -> Image.Image:
    """``image`` with the CSS filter ``functions`` applied in order (sRGB, clamped after each)."""
    rgba = image.convert("RGBA")
    alpha = rgba.getchannel("A")
    rgb = rgba.convert("RGB")
    for name, amount in functions:
        if name == "invert":
            a = min(max(amount, 0.0), 1.0)
            rgb = rgb.point([round(c * (1 - a) + (255 - c) * a) for c in range(256)] * 3)
        elif name == "hue-rotate":
            rgb = rgb.convert("RGB", _hue_matrix(amount))
        elif name == "grayscale":
            a = min(max(amount, 0.0), 1.0)
            rgb = Image.blend(rgb, rgb.convert("L").convert("RGB"), a)
        elif name == "brightness":
            rgb = rgb.point([min(255, round(c * max(amount, 0.0))) for c in range(256)] * 3)
        elif name == "opacity":
            alpha = alpha.point([round(v * min(max(amount, 0.0), 1.0)) for v in range(256)])
    rgb.putalpha(alpha)
    return rgb


def filter_data_url(url: str, functions: list[tuple[str, float]]) -> str | None:
    """A PNG data URL of the image in ``url`` with the filter applied; None if it cannot be read."""
    match = DATA_URL.match(url.strip())
    if match is None:
        return None
    mime, is_base64, payload = match.groups()
    try:
        data = base64.b64decode(payload) if is_base64 else payload.encode("utf-8")
        if mime == "image/svg+xml":
            from exporter.raster.engine import cairosvg_module

            data = cairosvg_module().svg2png(bytestring=data, scale=SVG_RASTER_SCALE)
        image = Image.open(io.BytesIO(data))
        image.load()
    except Exception:  # an unreadable image stays as it is
        return None
    out = io.BytesIO()
    filter_image(image, functions).save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")
