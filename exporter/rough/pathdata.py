"""SVG path data as rough.js reads it (path-data-parser 0.1.0).

``parse_path`` tokenizes and splits into segments, ``absolutize`` makes every
command absolute, ``normalize`` leaves only M, L, C and Z (Q/T/S/H/V/A become
L or C, arcs through ``arcToCubicCurves``). Segments are ``(key, data)`` pairs.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from exporter.jsnum import to_fixed

from .geometry import js_div

__all__ = ["parse_path", "absolutize", "normalize", "normalized_segments", "Segment", "PathDataError"]

Segment = tuple[str, list[float]]

_PARAMS = {
    "A": 7, "a": 7, "C": 6, "c": 6, "H": 1, "h": 1, "L": 2, "l": 2, "M": 2, "m": 2,
    "Q": 4, "q": 4, "S": 4, "s": 4, "T": 2, "t": 2, "V": 1, "v": 1, "Z": 0, "z": 0,
}  # fmt: skip

# Tried in this order at each position, as the JS tokenizer does; the last group catches
# anything else (where rough.js's tokenizer gives up).
_TOKEN = re.compile(
    r"([ \t\r\n,]+)|([aAcChHlLmMqQsStTvVzZ])"
    r"|((?:[-+]?[0-9]+(?:\.[0-9]*)?|[-+]?\.[0-9]+)(?:[eE][-+]?[0-9]+)?)|(.)",
    re.DOTALL,
)


class PathDataError(ValueError):
    """rough.js would throw (or, for a number after Z, loop forever) on this path data."""


def _tokenize(d: str) -> list[str | float] | None:
    """Commands as one-letter strings, numbers as floats; None where rough.js's tokenizer gives up."""
    found = _TOKEN.findall(d)
    if any(bad for _, _, _, bad in found):
        return None
    # `${parseFloat(text)}` then unary +: -0 comes back as 0 (hence + 0.0).
    return [cmd if cmd else float(num) + 0.0 for space, cmd, num, _ in found if not space]


def parse_path(d: str) -> list[Segment]:
    """path-data-parser ``parsePath``: segments with the command letters as written."""
    tokens = _tokenize(d)
    if tokens is None:
        raise PathDataError(f"unreadable SVG path data: {d[:60]!r}")
    if tokens and tokens[0] not in ("M", "m"):
        # rough.js re-parses 'M0,0' + d (so a leading number merges with the 0).
        tokens = _tokenize("M0,0" + d) or []
    segments: list[Segment] = []
    n = len(tokens)
    index = 0
    mode = ""
    while index < n:
        token = tokens[index]
        if isinstance(token, str):
            index += 1
            mode = token
        count = _PARAMS[mode]
        if count == 0 and index < n and not isinstance(tokens[index], str):
            raise PathDataError(f"number after {mode} in SVG path data: {d[:60]!r}")
        if index + count > n:
            raise PathDataError(f"SVG path data ended short: {d[:60]!r}")
        params = tokens[index : index + count]
        for p in params:
            if isinstance(p, str):
                raise PathDataError(f"param not a number: {mode},{p} in {d[:60]!r}")
        segments.append((mode, params))  # type: ignore[arg-type]
        index += count
        if mode == "M":
            mode = "L"
        elif mode == "m":
            mode = "l"
    return segments


def absolutize(segments: list[Segment]) -> list[Segment]:
    cx = cy = 0.0
    subx = suby = 0.0
    out: list[Segment] = []
    for key, data in segments:
        if key == "M":
            out.append(("M", list(data)))
            cx, cy = data[0], data[1]
            subx, suby = data[0], data[1]
        elif key == "m":
            cx += data[0]
            cy += data[1]
            out.append(("M", [cx, cy]))
            subx, suby = cx, cy
        elif key == "L":
            out.append(("L", list(data)))
            cx, cy = data[0], data[1]
        elif key == "l":
            cx += data[0]
            cy += data[1]
            out.append(("L", [cx, cy]))
        elif key == "C":
            out.append(("C", list(data)))
            cx, cy = data[4], data[5]
        elif key == "c":
            new = [v + cy if i % 2 else v + cx for i, v in enumerate(data)]
            out.append(("C", new))
            cx, cy = new[4], new[5]
        elif key == "Q":
            out.append(("Q", list(data)))
            cx, cy = data[2], data[3]
        elif key == "q":
            new = [v + cy if i % 2 else v + cx for i, v in enumerate(data)]
            out.append(("Q", new))
            cx, cy = new[2], new[3]
        elif key == "A":
            out.append(("A", list(data)))
            cx, cy = data[5], data[6]
        elif key == "a":
            cx += data[5]
            cy += data[6]
            out.append(("A", [data[0], data[1], data[2], data[3], data[4], cx, cy]))
        elif key == "H":
            out.append(("H", list(data)))
            cx = data[0]
        elif key == "h":
            cx += data[0]
            out.append(("H", [cx]))
        elif key == "V":
            out.append(("V", list(data)))
            cy = data[0]
        elif key == "v":
            cy += data[0]
            out.append(("V", [cy]))
        elif key == "S":
            out.append(("S", list(data)))
            cx, cy = data[2], data[3]
        elif key == "s":
            new = [v + cy if i % 2 else v + cx for i, v in enumerate(data)]
            out.append(("S", new))
            cx, cy = new[2], new[3]
        elif key == "T":
            out.append(("T", list(data)))
            cx, cy = data[0], data[1]
        elif key == "t":
            cx += data[0]
            cy += data[1]
            out.append(("T", [cx, cy]))
        elif key in ("Z", "z"):
            out.append(("Z", []))
            cx, cy = subx, suby
    return out


def normalize(segments: list[Segment]) -> list[Segment]:
    """Absolute segments -> only M, L, C, Z."""
    out: list[Segment] = []
    last_type = ""
    cx = cy = 0.0
    subx = suby = 0.0
    lcx = lcy = 0.0
    for key, data in segments:
        if key == "M":
            out.append(("M", list(data)))
            cx, cy = data[0], data[1]
            subx, suby = data[0], data[1]
        elif key == "C":
            out.append(("C", list(data)))
            cx, cy = data[4], data[5]
            lcx, lcy = data[2], data[3]
        elif key == "L":
            out.append(("L", list(data)))
            cx, cy = data[0], data[1]
        elif key == "H":
            cx = data[0]
            out.append(("L", [cx, cy]))
        elif key == "V":
            cy = data[0]
            out.append(("L", [cx, cy]))
        elif key == "S":
            if last_type in ("C", "S"):
                cx1 = cx + (cx - lcx)
                cy1 = cy + (cy - lcy)
            else:
                cx1, cy1 = cx, cy
            out.append(("C", [cx1, cy1, *data]))
            lcx, lcy = data[0], data[1]
            cx, cy = data[2], data[3]
        elif key == "T":
            x, y = data[0], data[1]
            if last_type in ("Q", "T"):
                x1 = cx + (cx - lcx)
                y1 = cy + (cy - lcy)
            else:
                x1, y1 = cx, cy
            out.append(
                (
                    "C",
                    [
                        cx + 2 * (x1 - cx) / 3,
                        cy + 2 * (y1 - cy) / 3,
                        x + 2 * (x1 - x) / 3,
                        y + 2 * (y1 - y) / 3,
                        x,
                        y,
                    ],
                )
            )
            lcx, lcy = x1, y1
            cx, cy = x, y
        elif key == "Q":
            x1, y1, x, y = data
            out.append(
                (
                    "C",
                    [
                        cx + 2 * (x1 - cx) / 3,
                        cy + 2 * (y1 - cy) / 3,
                        x + 2 * (x1 - x) / 3,
                        y + 2 * (y1 - y) / 3,
                        x,
                        y,
                    ],
                )
            )
            lcx, lcy = x1, y1
            cx, cy = x, y
        elif key == "A":
            r1 = abs(data[0])
            r2 = abs(data[1])
            angle, large_arc, sweep, x, y = data[2], data[3], data[4], data[5], data[6]
            if r1 == 0 or r2 == 0:
                out.append(("C", [cx, cy, x, y, x, y]))
                cx, cy = x, y
            elif cx != x or cy != y:
                for c in _arc_to_cubic_curves(cx, cy, x, y, r1, r2, angle, large_arc, sweep):
                    out.append(("C", c))
                cx, cy = x, y
        elif key == "Z":
            out.append(("Z", []))
            cx, cy = subx, suby
        last_type = key
    return out


@lru_cache(maxsize=1024)
def normalized_segments(d: str) -> tuple[tuple[str, tuple[float, ...]], ...]:
    """``normalize(absolutize(parsePath(d)))``, cached: rough.js parses the same string up to
    three times per shape (fill polygons, outline, solid fill), and drawings repeat shapes."""
    return tuple((key, tuple(data)) for key, data in normalize(absolutize(parse_path(d))))


# --- arcs (JS arithmetic: x/0 is ±Infinity or NaN, asin outside [-1, 1] is NaN) -------------


def _asin(v: float) -> float:
    return math.asin(v) if -1.0 <= v <= 1.0 else math.nan


def _rotate(x: float, y: float, angle_rad: float) -> tuple[float, float]:
    return x * math.cos(angle_rad) - y * math.sin(angle_rad), x * math.sin(angle_rad) + y * math.cos(
        angle_rad
    )


def _arc_to_cubic_curves(
    x1: float,
    y1: float,
    x2: float,
    y2: float,
    r1: float,
    r2: float,
    angle: float,
    large_arc_flag: float,
    sweep_flag: float,
    recursive: tuple[float, float, float, float] | None = None,
) -> list:
    angle_rad = (math.pi * angle) / 180
    params: list = []
    if recursive:
        f1, f2, cx, cy = recursive
    else:
        x1, y1 = _rotate(x1, y1, -angle_rad)
        x2, y2 = _rotate(x2, y2, -angle_rad)
        x = (x1 - x2) / 2
        y = (y1 - y2) / 2
        h = js_div(x * x, r1 * r1) + js_div(y * y, r2 * r2)
        if h > 1:
            h = math.sqrt(h)
            r1 = h * r1
            r2 = h * r2
        sign = -1 if large_arc_flag == sweep_flag else 1
        r1_pow = r1 * r1
        r2_pow = r2 * r2
        left = r1_pow * r2_pow - r1_pow * y * y - r2_pow * x * x
        right = r1_pow * y * y + r2_pow * x * x
        k = sign * math.sqrt(abs(js_div(left, right)))
        cx = js_div(k * r1 * y, r2) + (x1 + x2) / 2
        cy = js_div(k * -r2 * x, r1) + (y1 + y2) / 2
        f1 = _asin(to_fixed(js_div(y1 - cy, r2), 9))
        f2 = _asin(to_fixed(js_div(y2 - cy, r2), 9))
        if x1 < cx:
            f1 = math.pi - f1
        if x2 < cx:
            f2 = math.pi - f2
        if f1 < 0:
            f1 = math.pi * 2 + f1
        if f2 < 0:
            f2 = math.pi * 2 + f2
        if sweep_flag and f1 > f2:
            f1 = f1 - math.pi * 2
        if not sweep_flag and f2 > f1:
            f2 = f2 - math.pi * 2
    df = f2 - f1
    if abs(df) > (math.pi * 120 / 180):
        f2old = f2
        x2old = x2
        y2old = y2
        if sweep_flag and f2 > f1:
            f2 = f1 + (math.pi * 120 / 180) * (1)
        else:
            f2 = f1 + (math.pi * 120 / 180) * (-1)
        x2 = cx + r1 * math.cos(f2)
        y2 = cy + r2 * math.sin(f2)
        params = _arc_to_cubic_curves(x2, y2, x2old, y2old, r1, r2, angle, 0, sweep_flag, (f2, f2old, cx, cy))
    df = f2 - f1
    c1 = math.cos(f1)
    s1 = math.sin(f1)
    c2 = math.cos(f2)
    s2 = math.sin(f2)
    t = math.tan(df / 4)
    hx = 4 / 3 * r1 * t
    hy = 4 / 3 * r2 * t
    m1 = [x1, y1]
    m2 = [x1 + hx * s1, y1 - hy * c1]
    m3 = [x2 + hx * s2, y2 - hy * c2]
    m4 = [x2, y2]
    m2[0] = 2 * m1[0] - m2[0]
    m2[1] = 2 * m1[1] - m2[1]
    if recursive:
        return [m2, m3, m4, *params]
    params = [m2, m3, m4, *params]
    curves = []
    for i in range(0, len(params), 3):
        a = _rotate(params[i][0], params[i][1], angle_rad)
        b = _rotate(params[i + 1][0], params[i + 1][1], angle_rad)
        c = _rotate(params[i + 2][0], params[i + 2][1], angle_rad)
        curves.append([a[0], a[1], b[0], b[1], c[0], c[1]])
    return curves
