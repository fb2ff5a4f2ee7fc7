"""CSS colours as Excalidraw reads them (doc §10), through ``tinycolor2@1.6.0``.

Excalidraw (XM/ZF) parses every colour with tinycolor: hex 3/4/6/8 digits
(``#`` optional), ``rgb()/rgba()/hsl()/hsla()/hsv()/hsva()`` with tinycolor's
permissive, unanchored matchers, the CSS named colours and ``transparent``.
Anything else is opaque black. Its quirks are kept on purpose: ``#3030`` is a
4-digit hex with alpha 0 (so transparent), ``rgba(0,0,0,50%)`` has alpha 1
(``parseFloat("50%")`` is 50, out of range), ``1.0`` means 100 %.
"""

from __future__ import annotations

import math
import re
from functools import cache, lru_cache
from typing import Any, NamedTuple

from exporter.jsnum import js_round, js_str

__all__ = ["RGBA", "parse_color", "is_transparent", "apply_dark_mode_filter", "rgb_to_hex"]


class RGBA(NamedTuple):
    """tinycolor's ``toRgb()``: channels rounded to 0-255 integers, alpha 0-1."""

    r: int
    g: int
    b: int
    a: float
    ok: bool  # tinycolor's isValid()


_NAMES = {
    "aliceblue": "f0f8ff", "antiquewhite": "faebd7", "aqua": "0ff", "aquamarine": "7fffd4", "azure": "f0ffff",
    "beige": "f5f5dc", "bisque": "ffe4c4", "black": "000", "blanchedalmond": "ffebcd", "blue": "00f",
    "blueviolet": "8a2be2", "brown": "a52a2a", "burlywood": "deb887", "burntsienna": "ea7e5d", "cadetblue": "5f9ea0",
    "chartreuse": "7fff00", "chocolate": "d2691e", "coral": "ff7f50", "cornflowerblue": "6495ed",
    "cornsilk": "fff8dc", "crimson": "dc143c", "cyan": "0ff", "darkblue": "00008b", "darkcyan": "008b8b",
    "darkgoldenrod": "b8860b", "darkgray": "a9a9a9", "darkgreen": "006400", "darkgrey": "a9a9a9",
    "darkkhaki": "bdb76b", "darkmagenta": "8b008b", "darkolivegreen": "556b2f", "darkorange": "ff8c00",
    "darkorchid": "9932cc", "darkred": "8b0000", "darksalmon": "e9967a", "darkseagreen": "8fbc8f",
    "darkslateblue": "483d8b", "darkslategray": "2f4f4f", "darkslategrey": "2f4f4f", "darkturquoise": "00ced1",
    "darkviolet": "9400d3", "deeppink": "ff1493", "deepskyblue": "00bfff", "dimgray": "696969", "dimgrey": "696969",
    "dodgerblue": "1e90ff", "firebrick": "b22222", "floralwhite": "fffaf0", "forestgreen": "228b22",
    "fuchsia": "f0f", "gainsboro": "dcdcdc", "ghostwhite": "f8f8ff", "gold": "ffd700", "goldenrod": "daa520",
    "gray": "808080", "green": "008000", "greenyellow": "adff2f", "grey": "808080", "honeydew": "f0fff0",
    "hotpink": "ff69b4", "indianred": "cd5c5c", "indigo": "4b0082", "ivory": "fffff0", "khaki": "f0e68c",
    "lavender": "e6e6fa", "lavenderblush": "fff0f5", "lawngreen": "7cfc00", "lemonchiffon": "fffacd",
    "lightblue": "add8e6", "lightcoral": "f08080", "lightcyan": "e0ffff", "lightgoldenrodyellow": "fafad2",
    "lightgray": "d3d3d3", "lightgreen": "90ee90", "lightgrey": "d3d3d3", "lightpink": "ffb6c1",
    "lightsalmon": "ffa07a", "lightseagreen": "20b2aa", "lightskyblue": "87cefa", "lightslategray": "789",
    "lightslategrey": "789", "lightsteelblue": "b0c4de", "lightyellow": "ffffe0", "lime": "0f0",
    "limegreen": "32cd32", "linen": "faf0e6", "magenta": "f0f", "maroon": "800000", "mediumaquamarine": "66cdaa",
    "mediumblue": "0000cd", "mediumorchid": "ba55d3", "mediumpurple": "9370db", "mediumseagreen": "3cb371",
    "mediumslateblue": "7b68ee", "mediumspringgreen": "00fa9a", "mediumturquoise": "48d1cc",
    "mediumvioletred": "c71585", "midnightblue": "191970", "mintcream": "f5fffa", "mistyrose": "ffe4e1",
    "moccasin": "ffe4b5", "navajowhite": "ffdead", "navy": "000080", "oldlace": "fdf5e6", "olive": "808000",
    "olivedrab": "6b8e23", "orange": "ffa500", "orangered": "ff4500", "orchid": "da70d6", "palegoldenrod": "eee8aa",
    "palegreen": "98fb98", "paleturquoise": "afeeee", "palevioletred": "db7093", "papayawhip": "ffefd5",
    "peachpuff": "ffdab9", "peru": "cd853f", "pink": "ffc0cb", "plum": "dda0dd", "powderblue": "b0e0e6",
    "purple": "800080", "rebeccapurple": "663399", "red": "f00", "rosybrown": "bc8f8f", "royalblue": "4169e1",
    "saddlebrown": "8b4513", "salmon": "fa8072", "sandybrown": "f4a460", "seagreen": "2e8b57", "seashell": "fff5ee",
    "sienna": "a0522d", "silver": "c0c0c0", "skyblue": "87ceeb", "slateblue": "6a5acd", "slategray": "708090",
    "slategrey": "708090", "snow": "fffafa", "springgreen": "00ff7f", "steelblue": "4682b4", "tan": "d2b48c",
    "teal": "008080", "thistle": "d8bfd8", "tomato": "ff6347", "turquoise": "40e0d0", "violet": "ee82ee",
    "wheat": "f5deb3", "white": "fff", "whitesmoke": "f5f5f5", "yellow": "ff0", "yellowgreen": "9acd32",
}

_CSS_INTEGER = r"[-\+]?[0-9]+%?"
_CSS_NUMBER = r"[-\+]?[0-9]*\.[0-9]+%?"
_CSS_UNIT = f"(?:{_CSS_NUMBER})|(?:{_CSS_INTEGER})"
_MATCH3 = rf"[\s|\(]+({_CSS_UNIT})[,|\s]+({_CSS_UNIT})[,|\s]+({_CSS_UNIT})\s*\)?"
_MATCH4 = rf"[\s|\(]+({_CSS_UNIT})[,|\s]+({_CSS_UNIT})[,|\s]+({_CSS_UNIT})[,|\s]+({_CSS_UNIT})\s*\)?"
# Order matters: tinycolor tries them in this order, unanchored (``exec``).
_FUNCTION_NAMES = ("rgb", "rgba", "hsl", "hsla", "hsv", "hsva")


@cache
def _function(name: str) -> re.Pattern[str]:
    """The pattern of ``name(...)``, compiled on first use (the six take ~3 ms, and most
    drawings' colours are hex)."""
    return re.compile(name + (_MATCH4 if name.endswith("a") else _MATCH3))


_HEX = [
    ("hex8", re.compile(r"^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$")),
    ("hex6", re.compile(r"^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$")),
    ("hex4", re.compile(r"^#?([0-9a-f])([0-9a-f])([0-9a-f])([0-9a-f])$")),
    ("hex3", re.compile(r"^#?([0-9a-f])([0-9a-f])([0-9a-f])$")),
]
_JS_FLOAT = re.compile(r"\s*([+-]?(?:Infinity|[0-9]+\.?[0-9]*(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?))")
_JS_INT = re.compile(r"\s*([+-]?[0-9]+)")


def _parse_float(value: Any) -> float:
    """JavaScript ``parseFloat``: the longest numeric prefix, NaN when there is none."""
    if isinstance(value, (int, float)):
        return float(value)
    m = _JS_FLOAT.match(str(value))
    return float(m.group(1).replace("Infinity", "inf")) if m else math.nan


def _js_number(value: str) -> float:
    """JavaScript ``Number(string)`` (what ``"0.5" <= 1`` compares)."""
    s = value.strip()
    if s == "":
        return 0.0
    try:
        return float(s)
    except ValueError:
        return math.nan


def _bound01(n: Any, max_value: float) -> float:
    """tinycolor's ``bound01``: a channel/percentage string or number scaled into 0..1."""
    if isinstance(n, str) and "." in n and _parse_float(n) == 1:  # isOnePointZero
        n = "100%"
    percent = isinstance(n, str) and "%" in n
    v = min(max_value, max(0.0, _parse_float(n)))  # Math.max(0, NaN) is NaN; min/max here keep NaN out
    if math.isnan(_parse_float(n)):
        v = math.nan
    if percent:
        m = _JS_INT.match(js_str(v * max_value))
        v = float(int(m.group(1))) / 100 if m else math.nan
    if abs(v - max_value) < 1e-6:
        return 1.0
    return math.fmod(v, max_value) / max_value


def _to_percentage(n: str) -> str:
    """``convertToPercentage``: fractions up to 1 become percentages."""
    value = _js_number(n)
    if value <= 1:
        return js_str(value * 100) + "%"
    return n


def _hsl_to_rgb(h: Any, s: Any, lum: Any) -> tuple[float, float, float]:
    h, s, lum = _bound01(h, 360), _bound01(s, 100), _bound01(lum, 100)

    def hue2rgb(p: float, q: float, t: float) -> float:
        if t < 0:
            t += 1
        if t > 1:
            t -= 1
        if t < 1 / 6:
            return p + (q - p) * 6 * t
        if t < 1 / 2:
            return q
        if t < 2 / 3:
            return p + (q - p) * (2 / 3 - t) * 6
        return p

    if s == 0:
        r = g = b = lum
    else:
        q = lum * (1 + s) if lum < 0.5 else lum + s - lum * s
        p = 2 * lum - q
        r, g, b = hue2rgb(p, q, h + 1 / 3), hue2rgb(p, q, h), hue2rgb(p, q, h - 1 / 3)
    return r * 255, g * 255, b * 255


def _hsv_to_rgb(h: Any, s: Any, v: Any) -> tuple[float, float, float]:
    h = _bound01(h, 360) * 6
    s, v = _bound01(s, 100), _bound01(v, 100)
    i = math.floor(h)
    f = h - i
    p, q, t = v * (1 - s), v * (1 - f * s), v * (1 - (1 - f) * s)
    mod = i % 6
    r = (v, q, p, p, t, v)[mod]
    g = (t, v, v, q, p, p)[mod]
    b = (p, p, t, v, v, q)[mod]
    return r * 255, g * 255, b * 255


def _string_to_object(color: str) -> dict[str, Any] | None:
    """tinycolor's ``stringInputToObject``."""
    color = color.strip().lower()
    if color in _NAMES:
        color = _NAMES[color]
    elif color == "transparent":
        return {"r": 0, "g": 0, "b": 0, "a": 0}
    for name in _FUNCTION_NAMES:
        m = _function(name).search(color) if name in color else None  # each pattern starts with its name
        if m:
            keys = name[:3] + ("a" if len(name) == 4 else "")
            return dict(zip(keys, m.groups(), strict=True))
    for _name, rx in _HEX:
        m = rx.match(color)
        if m:
            parts = [g * 2 if len(g) == 1 else g for g in m.groups()]
            out: dict[str, Any] = {"r": int(parts[0], 16), "g": int(parts[1], 16), "b": int(parts[2], 16)}
            if len(parts) == 4:
                out["a"] = int(parts[3], 16) / 255
            return out
    return None


def _bound_alpha(a: Any) -> float:
    value = _parse_float(a)
    if math.isnan(value) or value < 0 or value > 1:
        return 1.0
    return value


@lru_cache(maxsize=4096)
def _parse(color: str) -> RGBA:
    obj = _string_to_object(color)
    r = g = b = 0.0
    a: Any = 1
    ok = False
    if obj is not None:
        if "r" in obj:
            r, g, b = (_bound01(obj[k], 255) * 255 for k in "rgb")
            ok = True
        elif "v" in obj:
            r, g, b = _hsv_to_rgb(obj["h"], _to_percentage(obj["s"]), _to_percentage(obj["v"]))
            ok = True
        else:
            r, g, b = _hsl_to_rgb(obj["h"], _to_percentage(obj["s"]), _to_percentage(obj["l"]))
            ok = True
        a = obj.get("a", 1)
    channels = []
    for c in (r, g, b):
        c = min(255.0, max(c, 0.0)) if not math.isnan(c) else math.nan
        channels.append(int(js_round(c)) if not math.isnan(c) else 0)
    return RGBA(channels[0], channels[1], channels[2], _bound_alpha(a), ok)


def parse_color(color: Any) -> RGBA:
    """``tinycolor(color).toRgb()`` (+ validity); non-strings and empty strings are black."""
    if not isinstance(color, str) or not color:
        return RGBA(0, 0, 0, 1.0, False)
    return _parse(color)


def is_transparent(color: Any) -> bool:
    """XM ``isTransparent``: tinycolor alpha is 0."""
    return parse_color(color).a == 0


def rgb_to_hex(r: int, g: int, b: int, a: float | None = None) -> str:
    """Excalidraw's ``rgbToHex``: ``#rrggbb``, plus two alpha digits when ``a < 1``."""
    out = f"#{r:02x}{g:02x}{b:02x}"
    if a is not None and a < 1:
        out += f"{int(js_round(a * 255)):02x}"
    return out


_INVERT = 0.93  # DARK_MODE_FILTER_INVERT_PERCENT / 100
_HUE = 180 * math.pi / 180  # degreesToRadians(DARK_MODE_FILTER_HUE_ROTATE_DEGREES)
_C, _S = math.cos(_HUE), math.sin(_HUE)
_HUE_MATRIX = (
    0.213 + _C * 0.787 - _S * 0.213, 0.715 - _C * 0.715 - _S * 0.715, 0.072 - _C * 0.072 + _S * 0.928,
    0.213 - _C * 0.213 + _S * 0.143, 0.715 + _C * 0.285 + _S * 0.14, 0.072 - _C * 0.072 - _S * 0.283,
    0.213 - _C * 0.213 - _S * 0.787, 0.715 - _C * 0.715 + _S * 0.715, 0.072 + _C * 0.928 + _S * 0.072,
)


def _invert(c: int) -> int:
    return int(js_round(min(255.0, max(0.0, c * (1 - _INVERT) + (255 - c) * _INVERT))))


@lru_cache(maxsize=4096)
def _dark(color: str) -> str:
    rgba = parse_color(color)
    r, g, b = _invert(rgba.r) / 255, _invert(rgba.g) / 255, _invert(rgba.b) / 255
    m = _HUE_MATRIX
    out = []
    for row in range(3):
        v = r * m[row * 3] + g * m[row * 3 + 1] + b * m[row * 3 + 2]
        out.append(int(js_round(max(0.0, min(1.0, v)) * 255)))
    return rgb_to_hex(out[0], out[1], out[2], rgba.a)


def apply_dark_mode_filter(color: Any) -> str:
    """XM/ZF ``applyDarkModeFilter``: ``invert(93%) hue-rotate(180deg)`` computed on the colour (doc §10.3)."""
    return _dark(color if isinstance(color, str) else "")
