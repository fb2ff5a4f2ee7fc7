"""CSS colour syntaxes cairosvg misreads, rewritten as ``rgb()``/``rgba()``.

Excalidraw keeps any CSS colour a user typed. cairosvg reads ``#RRGGBBAA`` and
``#RGBA`` as opaque and ``hsl()``/``hsla()`` as black; browsers honour them.
"""

from __future__ import annotations

import colorsys
import re

COLOR_ATTRIBUTES = ("fill", "stroke", "stop-color", "flood-color", "lighting-color", "color")
HEX_ALPHA = re.compile(r"^#([0-9a-fA-F]{4}|[0-9a-fA-F]{8})$")
HSL = re.compile(r"^hsla?\(\s*([-+0-9.e]+)(deg)?\s*[, ]\s*([-+0-9.e]+)%\s*[, ]\s*([-+0-9.e]+)%"
                 r"\s*(?:[,/]\s*([-+0-9.e]+)(%)?\s*)?\)$", re.IGNORECASE)


def _fmt(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"


def normalize_color(value: str) -> str | None:
    """An equivalent that cairosvg reads correctly, or None when ``value`` needs no change."""
    text = value.strip()
    match = HEX_ALPHA.match(text)
    if match:
        digits = match.group(1)
        if len(digits) == 4:
            digits = "".join(ch * 2 for ch in digits)
        r, g, b, a = (int(digits[i:i + 2], 16) for i in range(0, 8, 2))
        return f"rgba({r},{g},{b},{_fmt(a / 255)})"
    match = HSL.match(text)
    if match:
        hue, sat, light = float(match.group(1)) % 360, float(match.group(3)), float(match.group(4))
        r, g, b = colorsys.hls_to_rgb(hue / 360, min(max(light, 0), 100) / 100, min(max(sat, 0), 100) / 100)
        alpha = 1.0
        if match.group(5) is not None:
            alpha = float(match.group(5)) / (100 if match.group(6) else 1)
        rgb = ",".join(str(round(c * 255)) for c in (r, g, b))
        return f"rgba({rgb},{_fmt(min(max(alpha, 0), 1))})"
    return None
