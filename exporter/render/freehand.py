"""Freedraw outline geometry: perfect-freehand 1.2.0 as Excalidraw calls it (doc §5).

A port of ``getStrokePoints`` / ``getStrokeOutlinePoints`` / ``getStroke`` that
keeps the JavaScript operation order (and the floating-point ``t += 1/13``
loops) so the outline — and the SVG path after Excalidraw's 2-decimal
truncation — comes out byte-identical. ``Math.hypot`` is V8's (normalised,
not libm's); ``Math.sin``/``cos`` in current Chromium are glibc's, as in CPython.

Also here: the options Excalidraw/the Obsidian fork use for an element
(:func:`freedraw_options`), XM's constant-width outline (the laser-pointer
geometry, :func:`laser_pointer_outline`), ``getSvgPathFromStroke``
(:func:`svg_path_from_stroke`; :func:`freedraw_svg_paths` formats a whole
drawing's strokes in one numpy pass), ``points-on-curve@1.0.1``'s ``simplify``
for loop fills and ``isPathALoop``. No SVG markup is written here.

Stroke points are tuples ``(x, y, pressure, vx, vy, distance, running_length)``.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from exporter.accel import accelerator
from exporter.jsnum import js_str
from exporter.scene.points import PointList

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "EASINGS",
    "StrokePoint",
    "freedraw_input_points",
    "freedraw_options",
    "freedraw_outline",
    "freedraw_svg_path",
    "freedraw_svg_paths",
    "get_stroke",
    "get_stroke_outline_points",
    "get_stroke_points",
    "is_path_a_loop",
    "laser_pointer_outline",
    "simplify",
    "svg_path_from_stroke",
    "svg_paths_from_strokes",
    "svg_path_text",
    "v8_hypot",
]

StrokePoint = tuple[float, float, float, float, float, float, float]
Easing = Callable[[float], float]

_sqrt = math.sqrt
def _sin(x: float) -> float:
    """``Math.sin``: NaN for ±Infinity, where Python's raises."""
    try:
        return math.sin(x)
    except ValueError:
        return math.nan


def _cos(x: float) -> float:
    """``Math.cos``: NaN for ±Infinity, where Python's raises."""
    try:
        return math.cos(x)
    except ValueError:
        return math.nan

_PI = math.pi


def v8_hypot(a: float, b: float) -> float:
    """``Math.hypot(a, b)`` as V8 computes it (scaled by the larger magnitude)."""
    a = abs(a)
    b = abs(b)
    m = b if b > a else a
    if m == 0 or m == math.inf or m != m or a != a or b != b:
        # V8: Infinity wins over NaN, NaN over everything else (a NaN is never the max)
        if a == math.inf or b == math.inf:
            return math.inf
        return m if (a == a and b == b) else math.nan
    a /= m
    b /= m
    return _sqrt(a * a + b * b) * m


# --------------------------------------------------------------------------- easings

def _js_pow(x: float, y: float) -> float:
    """``Math.pow`` (NaN instead of Python's exceptions)."""
    try:
        return math.pow(x, y)
    except (ValueError, OverflowError):
        if x < 0 and not float(y).is_integer():
            return math.nan
        return math.inf


def _bounce_out(x: float) -> float:
    n1 = 7.5625
    d1 = 2.75
    if x < 1 / d1:
        return n1 * x * x
    if x < 2 / d1:
        x -= 1.5 / d1
        return n1 * x * x + 0.75
    if x < 2.5 / d1:
        x -= 2.25 / d1
        return n1 * x * x + 0.9375
    x -= 2.625 / d1
    return n1 * x * x + 0.984375


_C1 = 1.70158
_C2 = _C1 * 1.525
_C3 = _C1 + 1
_C4 = 2 * _PI / 3
_C5 = 2 * _PI / 4.5
_pow = _js_pow

#: The Obsidian fork's ``easingFunctions.ts`` (easings.net), by name.
EASINGS: dict[str, Easing] = {
    "linear": lambda x: x,
    "easeInQuad": lambda x: x * x,
    "easeOutQuad": lambda x: 1 - (1 - x) * (1 - x),
    "easeInOutQuad": lambda x: 2 * x * x if x < 0.5 else 1 - _pow(-2 * x + 2, 2) / 2,
    "easeInCubic": lambda x: x * x * x,
    "easeOutCubic": lambda x: 1 - _pow(1 - x, 3),
    "easeInOutCubic": lambda x: 4 * x * x * x if x < 0.5 else 1 - _pow(-2 * x + 2, 3) / 2,
    "easeInQuart": lambda x: x * x * x * x,
    "easeOutQuart": lambda x: 1 - _pow(1 - x, 4),
    "easeInOutQuart": lambda x: 8 * x * x * x * x if x < 0.5 else 1 - _pow(-2 * x + 2, 4) / 2,
    "easeInQuint": lambda x: x * x * x * x * x,
    "easeOutQuint": lambda x: 1 - _pow(1 - x, 5),
    "easeInOutQuint": lambda x: 16 * x * x * x * x * x if x < 0.5 else 1 - _pow(-2 * x + 2, 5) / 2,
    "easeInSine": lambda x: 1 - _cos(x * _PI / 2),
    "easeOutSine": lambda x: _sin(x * _PI / 2),
    "easeInOutSine": lambda x: -(_cos(_PI * x) - 1) / 2,
    "easeInExpo": lambda x: 0 if x == 0 else _pow(2, 10 * x - 10),
    "easeOutExpo": lambda x: 1 if x == 1 else 1 - _pow(2, -10 * x),
    "easeInOutExpo": lambda x: (
        0 if x == 0 else 1 if x == 1
        else _pow(2, 20 * x - 10) / 2 if x < 0.5 else (2 - _pow(2, -20 * x + 10)) / 2
    ),
    "easeInCirc": lambda x: 1 - _sqrt(1 - _pow(x, 2)),
    "easeOutCirc": lambda x: _sqrt(1 - _pow(x - 1, 2)),
    "easeInOutCirc": lambda x: (
        (1 - _sqrt(1 - _pow(2 * x, 2))) / 2 if x < 0.5 else (_sqrt(1 - _pow(-2 * x + 2, 2)) + 1) / 2
    ),
    "easeInBack": lambda x: _C3 * x * x * x - _C1 * x * x,
    "easeOutBack": lambda x: 1 + _C3 * _pow(x - 1, 3) + _C1 * _pow(x - 1, 2),
    "easeInOutBack": lambda x: (
        _pow(2 * x, 2) * ((_C2 + 1) * 2 * x - _C2) / 2 if x < 0.5
        else (_pow(2 * x - 2, 2) * ((_C2 + 1) * (x * 2 - 2) + _C2) + 2) / 2
    ),
    "easeInElastic": lambda x: (
        0 if x == 0 else 1 if x == 1 else -_pow(2, 10 * x - 10) * _sin((x * 10 - 10.75) * _C4)
    ),
    "easeOutElastic": lambda x: (
        0 if x == 0 else 1 if x == 1 else _pow(2, -10 * x) * _sin((x * 10 - 0.75) * _C4) + 1
    ),
    "easeInOutElastic": lambda x: (
        0 if x == 0 else 1 if x == 1
        else -(_pow(2, 20 * x - 10) * _sin((20 * x - 11.125) * _C5)) / 2 if x < 0.5
        else _pow(2, -20 * x + 10) * _sin((20 * x - 11.125) * _C5) / 2 + 1
    ),
    "easeInBounce": lambda x: 1 - _bounce_out(1 - x),
    "easeOutBounce": _bounce_out,
    "easeInOutBounce": lambda x: (1 - _bounce_out(1 - 2 * x)) / 2 if x < 0.5 else (1 + _bounce_out(2 * x - 1)) / 2,
}


def _identity(t: float) -> float:
    return t


def _ease_out_sine(t: float) -> float:
    # Excalidraw's inline easing: Math.sin((t * Math.PI) / 2)
    return _sin(t * _PI / 2)


def _start_taper_ease(t: float) -> float:
    return t * (2 - t)


def _end_taper_ease(t: float) -> float:
    t -= 1
    return t * t * t + 1


# --------------------------------------------------------------------------- constants

_RATE = 0.275  # simulated-pressure change rate
_FIXED_PI = _PI + 0.0001


def _angles(step: float, scale: float, start: float, inclusive: bool) -> tuple[tuple[float, float], ...]:
    """(sin, cos) of ``FIXED_PI * scale * t`` for t = start, start+step, … (accumulated in floating point)."""
    out = []
    t = start
    while t <= 1 if inclusive else t < 1:
        a = _FIXED_PI * scale * t  # scale 1 changes nothing: (π·1)·t == π·t
        out.append((_sin(a), _cos(a)))
        t += step
    return tuple(out)


def _neg_angles(step: float) -> tuple[tuple[float, float], ...]:
    out = []
    t = 0.0
    while t <= 1:
        a = _FIXED_PI * -t
        out.append((_sin(a), _cos(a)))
        t += step
    return tuple(out)


_STEP13 = 1 / 13
_CORNER_POS = _angles(_STEP13, 1, 0.0, True)  # t = 0, 1/13, … ; angle FIXED_PI * t
_CORNER_NEG = _neg_angles(_STEP13)  # angle FIXED_PI * -t
_START_CAP = _angles(_STEP13, 1, _STEP13, True)  # FIXED_PI * t, t from 1/13
_DOT = _angles(_STEP13, 2, _STEP13, True)  # FIXED_PI * 2 * t
_END_CAP = _angles(1 / 29, 3, 1 / 29, False)  # FIXED_PI * 3 * t, t < 1


def _js_truthy(v: Any) -> bool:
    if v is None or v is False:
        return False
    if isinstance(v, (int, float)):
        return v == v and v != 0
    return bool(v) if isinstance(v, str) else True


def _opt(options: Mapping[str, Any], key: str, default: Any) -> Any:
    v = options.get(key)
    return default if v is None else v


# --------------------------------------------------------------------------- perfect-freehand

def _number(v: Any) -> float:
    """A coordinate as JS arithmetic sees it (junk becomes NaN instead of raising)."""
    if isinstance(v, float):
        return v
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan


def _pressure(v: Any) -> float | None:
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _normalise_input(points: Sequence[Any]) -> list[tuple[float, float, Any]]:
    """``[x, y, pressure?]`` rows; objects ``{x, y, pressure}`` get pressure 0.5 when absent."""
    if points and not isinstance(points[0], Mapping):
        # Fast path for rows that are all [x, y] or all [x, y, pressure] with numeric
        # coordinates (what restore produces); anything else takes the general loop below.
        try:
            if len(points[0]) == 2:
                return [(float(x), float(y), None) for x, y in points]
            if len(points[0]) == 3:
                return [(float(x), float(y), _pressure(p)) for x, y, p in points]
        except (TypeError, ValueError):
            pass
    out = []
    if points and isinstance(points[0], Mapping):
        for p in points:
            pr = _pressure(p.get("pressure"))
            out.append((_number(p.get("x")), _number(p.get("y")), 0.5 if pr is None else pr))
        return out
    for p in points:
        n = len(p)
        out.append((_number(p[0]) if n else math.nan, _number(p[1]) if n > 1 else math.nan,
                    _pressure(p[2]) if n > 2 else None))
    return out


def get_stroke_points(points: Sequence[Any], options: Mapping[str, Any] | None = None) -> list[StrokePoint]:
    """perfect-freehand ``getStrokePoints``: streamlined points with pressure, direction and length."""
    o = options or {}
    streamline = _opt(o, "streamline", 0.5)
    size = _opt(o, "size", 16)
    is_complete = _js_truthy(o.get("last"))
    if not points:
        return []
    t = 0.15 + (1 - streamline) * 0.85
    pts = _normalise_input(points)
    if len(pts) == 2:
        ax, ay, ap = pts[0]
        bx, by = pts[1][0], pts[1][1]
        pts = [pts[0]] + [(ax + (bx - ax) * (k / 4), ay + (by - ay) * (k / 4), None) for k in range(1, 5)]
    if len(pts) == 1:
        ax, ay, ap = pts[0]
        pts = [pts[0], (ax + 1, ay + 1, ap)]

    x0, y0, p0 = pts[0]
    first_pressure = p0 if (p0 is not None and p0 >= 0) else 0.25
    px, py = x0, y0
    out: list[StrokePoint] = []
    append = out.append
    running = 0.0
    reached = False
    last = len(pts) - 1
    for i in range(1, last + 1):
        qx, qy, qp = pts[i]
        if not (is_complete and i == last):
            qx = px + (qx - px) * t
            qy = py + (qy - py) * t
        if qx == px and qy == py:
            continue
        dx = px - qx
        dy = py - qy
        # v8_hypot(dy, dx), inlined: this loop runs once per input point
        ax = dx if dx >= 0 else -dx
        ay = dy if dy >= 0 else -dy
        m = ax if ax > ay else ay
        if m == 0 or m == math.inf or m != m:
            d = v8_hypot(dy, dx)
        else:
            ax /= m
            ay /= m
            d = _sqrt(ay * ay + ax * ax) * m
        running += d
        if i < last and not reached:
            if running < size:
                continue
            reached = True
        # vector = uni(prev - point); hypot is symmetric, so d is its length
        append((qx, qy, qp if (qp is not None and qp >= 0) else 0.5, dx / d, dy / d, d, running))
        px, py = qx, qy
    if out:
        fvx, fvy = out[0][3], out[0][4]
    else:
        fvx, fvy = 0, 0
    out.insert(0, (x0, y0, first_pressure, fvx, fvy, 0, 0))
    return out


def _taper_length(taper: Any, size: float, total: float) -> Any:
    if taper is False:
        return 0
    if taper is True:
        return max(size, total)
    return taper


def _easing_or(value: Any, default: Easing) -> Easing:
    return value if callable(value) else default


def get_stroke_outline_points(points: Sequence[StrokePoint], options: Mapping[str, Any] | None = None) -> list[tuple[float, float]]:
    """perfect-freehand ``getStrokeOutlinePoints``: the closed outline polygon around stroke points."""
    o = options or {}
    size = _opt(o, "size", 16)
    smoothing = _opt(o, "smoothing", 0.5)
    thinning = _opt(o, "thinning", 0.5)
    simulate = _js_truthy(_opt(o, "simulatePressure", True))
    easing = _easing_or(o.get("easing"), _identity)
    start = o.get("start") or {}
    end = o.get("end") or {}
    is_complete = _js_truthy(o.get("last"))
    cap_start = _js_truthy(_opt(start, "cap", True))
    ease_start = _easing_or(start.get("easing"), _start_taper_ease)
    cap_end = _js_truthy(_opt(end, "cap", True))
    ease_end = _easing_or(end.get("easing"), _end_taper_ease)

    n = len(points)
    if n == 0 or size <= 0:
        return []
    total = points[-1][6]
    taper_start = _taper_length(start.get("taper"), size, total)
    taper_end = _taper_length(end.get("taper"), size, total)
    has_taper_start = _js_truthy(taper_start)
    has_taper_end = _js_truthy(taper_end)
    # JS `I < undefined` is false: a missing taper never tapers
    ts = taper_start if isinstance(taper_start, (int, float)) else None
    te_ = taper_end if isinstance(taper_end, (int, float)) else None
    tapered = ts is not None or te_ is not None
    min_dist = size * smoothing
    min_dist = min_dist * min_dist
    thin = _js_truthy(thinning)
    rate = _RATE

    left: list[tuple[float, float]] = []
    right: list[tuple[float, float]] = []
    ladd = left.append
    radd = right.append

    prev_pressure = points[0][2]
    for q in points[:10]:
        pr = q[2]
        if simulate:
            sp = min(1, q[5] / size)
            rp = min(1, 1 - sp)
            pr = min(1, prev_pressure + (rp - prev_pressure) * (sp * rate))
        prev_pressure = (prev_pressure + pr) / 2

    radius = size * easing(0.5 - thinning * (0.5 - points[-1][2]))
    first_radius = None
    pvx, pvy = points[0][3], points[0][4]
    plx = prx = points[0][0]
    ply = pry = points[0][1]
    prev_sharp = False
    last_i = n - 1
    corner_pos = _CORNER_POS
    corner_neg = _CORNER_NEG

    for i in range(n):
        ox, oy, pressure, svx, svy, dist, run = points[i]
        if i < last_i and total - run < 3:
            continue
        if thin:
            if simulate:
                # Math.min(1, …) written out (inputs are finite)
                sp = dist / size
                if sp > 1:
                    sp = 1
                rp = 1 - sp  # never above 1: sp >= 0
                pressure = prev_pressure + (rp - prev_pressure) * (sp * rate)
                if pressure > 1:
                    pressure = 1
            radius = size * easing(0.5 - thinning * (0.5 - pressure))
        else:
            radius = size / 2
        if first_radius is None:
            first_radius = radius
        if tapered:
            ls = ease_start(run / ts) if (ts is not None and run < ts) else 1
            le = ease_end((total - run) / te_) if (te_ is not None and total - run < te_) else 1
            radius = max(0.01, radius * min(ls, le))
        elif radius < 0.01:
            radius = 0.01

        if i < last_i:
            nq = points[i + 1]
            nvx, nvy = nq[3], nq[4]
            next_dot = svx * nvx + svy * nvy
        else:
            nvx, nvy = svx, svy
            next_dot = 1
        is_sharp = svx * pvx + svy * pvy < 0 and not prev_sharp
        next_sharp = next_dot < 0

        if is_sharp or next_sharp:
            # Round the corner: a half circle around the point, both sides.
            offx = pvy * radius
            offy = -pvx * radius
            ax = ox - offx
            ay = oy - offy
            bx = ox + offx
            by = oy + offy
            ax -= ox
            ay -= oy
            bx -= ox
            by -= oy
            lx = ly = rx = ry = 0.0
            for (s, c), (s2, c2) in zip(corner_pos, corner_neg, strict=True):
                lx = ax * c - ay * s + ox
                ly = ax * s + ay * c + oy
                ladd((lx, ly))
                rx = bx * c2 - by * s2 + ox
                ry = bx * s2 + by * c2 + oy
                radd((rx, ry))
            plx, ply, prx, pry = lx, ly, rx, ry
            if next_sharp:
                prev_sharp = True
            continue

        prev_sharp = False
        if i == last_i:
            offx = svy * radius
            offy = -svx * radius
            ladd((ox - offx, oy - offy))
            radd((ox + offx, oy + offy))
            continue

        # offset = per(lerp(nextVector, vector, nextDot)) * radius
        kx = nvx + (svx - nvx) * next_dot
        ky = nvy + (svy - nvy) * next_dot
        offx = ky * radius
        offy = -kx * radius
        tx = ox - offx
        ty = oy - offy
        if i <= 1 or (plx - tx) * (plx - tx) + (ply - ty) * (ply - ty) > min_dist:
            ladd((tx, ty))
            plx, ply = tx, ty
        tx = ox + offx
        ty = oy + offy
        if i <= 1 or (prx - tx) * (prx - tx) + (pry - ty) * (pry - ty) > min_dist:
            radd((tx, ty))
            prx, pry = tx, ty
        prev_pressure = pressure
        pvx, pvy = svx, svy

    fx, fy = points[0][0], points[0][1]
    if n > 1:
        kx, ky = points[-1][0], points[-1][1]
    else:
        kx, ky = fx + 1, fy + 1
    start_cap: list[tuple[float, float]] = []
    end_cap: list[tuple[float, float]] = []

    if n == 1:
        if not (has_taper_start or has_taper_end) or is_complete:
            # A dot: a full circle around the single point.
            dx = fx - kx
            dy = fy - ky
            ux, uy = dy, -dx
            h = v8_hypot(ux, uy)
            if h:
                ux /= h
                uy /= h
            else:  # a point so far out that x + 1 == x: JS's 0 / 0
                ux = uy = math.nan
            r = -(first_radius if _js_truthy(first_radius) else radius)
            sx = fx + ux * r
            sy = fy + uy * r
            sx -= fx
            sy -= fy
            return [(sx * c - sy * s + fx, sx * s + sy * c + fy) for s, c in _DOT]
    else:
        if not has_taper_start:
            if cap_start:
                ax = right[0][0] - fx
                ay = right[0][1] - fy
                start_cap = [(ax * c - ay * s + fx, ax * s + ay * c + fy) for s, c in _START_CAP]
            else:
                ix = left[0][0] - right[0][0]
                iy = left[0][1] - right[0][1]
                o5x, o5y = ix * 0.5, iy * 0.5
                o51x, o51y = ix * 0.51, iy * 0.51
                start_cap = [(fx - o5x, fy - o5y), (fx - o51x, fy - o51y), (fx + o51x, fy + o51y), (fx + o5x, fy + o5y)]
        lvx, lvy = points[-1][3], points[-1][4]
        drx, dry = -lvy, lvx  # per(neg(lastVector))
        if has_taper_end:
            end_cap = [(kx, ky)]
        elif cap_end:
            ax = kx + drx * radius
            ay = ky + dry * radius
            ax -= kx
            ay -= ky
            end_cap = [(ax * c - ay * s + kx, ax * s + ay * c + ky) for s, c in _END_CAP]
        else:
            r99 = radius * 0.99
            end_cap = [
                (kx + drx * radius, ky + dry * radius),
                (kx + drx * r99, ky + dry * r99),
                (kx - drx * r99, ky - dry * r99),
                (kx - drx * radius, ky - dry * radius),
            ]
    right.reverse()
    return left + end_cap + right + start_cap


def get_stroke(points: Sequence[Any], options: Mapping[str, Any] | None = None) -> list[tuple[float, float]]:
    """perfect-freehand ``getStroke``: outline polygon of a pen stroke."""
    return get_stroke_outline_points(get_stroke_points(points, options), options)


# --------------------------------------------------------------------------- Excalidraw

_SIZE_FACTOR = 4.25


def _stroke_width(element: Mapping[str, Any]) -> float:
    sw = element.get("strokeWidth", 2)
    if isinstance(sw, str):  # old Obsidian files store "6"; JS `"6" * 4.25` is 25.5
        try:
            return float(sw)
        except ValueError:
            return 2
    return sw


def _finite(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _pen_part(part: Any) -> Any:
    """A fork pen's ``start``/``end``: named easing → function; kept as is without one."""
    if isinstance(part, Mapping) and part.get("easing"):
        return {**part, "easing": EASINGS.get(part["easing"], _identity)}
    return part


def freedraw_options(element: Mapping[str, Any]) -> dict[str, Any]:
    """The options Excalidraw (XM/ZF, ``last = true``) passes to ``getStroke`` for a freedraw element.

    ``variability == "constant"`` (XM laser-pointer outline) is reported as a
    ``"variability"`` key; :func:`freedraw_outline` honours it.
    """
    sw = _stroke_width(element)
    simulate = element.get("simulatePressure")
    pen = (element.get("customData") or {}).get("strokeOptions")
    if _js_truthy(pen):
        # Obsidian fork: freedrawPath.ts, used whenever customData.strokeOptions is set.
        custom = pen.get("options") if isinstance(pen, Mapping) else None
        if _js_truthy(custom):
            opts = dict(custom)
            sim = custom.get("simulatePressure")
            opts["simulatePressure"] = simulate if sim is None else sim
            opts["size"] = sw * _SIZE_FACTOR
            opts["last"] = True
            opts["easing"] = EASINGS.get(custom.get("easing"), _identity) if isinstance(custom.get("easing"), str) else _identity
            opts["start"] = _pen_part(custom.get("start"))
            opts["end"] = _pen_part(custom.get("end"))
            return opts
        return {
            "simulatePressure": simulate,
            "size": sw * _SIZE_FACTOR,
            "thinning": 0.6,
            "smoothing": 0.5,
            "streamline": 0.5,
            "easing": EASINGS["easeOutSine"],
            "last": True,
        }
    stroke_options = element.get("strokeOptions")
    stroke_options = stroke_options if isinstance(stroke_options, Mapping) else {}
    streamline = stroke_options.get("streamline")
    opts = {
        "simulatePressure": simulate,
        "size": sw * _SIZE_FACTOR,
        "thinning": 0.6,
        "smoothing": 0.5,
        "streamline": streamline if _finite(streamline) else 0.5,
        "easing": _ease_out_sine,
        "last": True,
    }
    if stroke_options.get("variability") == "constant":
        opts["variability"] = "constant"
    return opts


def freedraw_input_points(element: Mapping[str, Any]) -> list[Sequence[Any]]:
    """What Excalidraw hands to ``getStroke``: raw points, or ``[x, y, pressure]`` rows."""
    points = element.get("points") or []
    if element.get("simulatePressure"):
        return list(points)
    if not points:
        return [[0, 0, 0.5]]
    pressures = element.get("pressures") or []
    n = len(pressures)
    return [[p[0], p[1], pressures[i] if i < n else None] for i, p in enumerate(points)]


def freedraw_outline(element: Mapping[str, Any]) -> list[tuple[float, float]]:
    """Outline polygon of a freedraw element in element-local coordinates."""
    opts = freedraw_options(element)
    if opts.get("variability") == "constant":
        points = element.get("points") or []
        return laser_pointer_outline(points, _stroke_width(element) * _LASER_SIZE_FACTOR, opts["streamline"])
    return get_stroke(freedraw_input_points(element), opts)


# --------------------------------------------------------------------------- constant width (XM)
# Excalidraw's laser-pointer package (``LaserPointer`` with ``simplify: 0``,
# ``keepHead: false``), as XM's getConstantWidthFreedrawOutline uses it: every
# point gets pressure 1, so every size is ``size · max(0.1, 1) = size``.

_LASER_SIZE_FACTOR = 1.4
_HALF_PI = _PI / 2
_STEP16 = _PI / 16
_CORNER_MAX_ANGLE = 75 / 180 * _PI  # cornerDetectionMaxAngle in radians


def _rot(x: float, y: float, rad: float) -> tuple[float, float]:
    c = _cos(rad)
    s = _sin(rad)
    return c * x - s * y, s * x + c * y


def _norm(x: float, y: float) -> tuple[float, float]:
    return x / _sqrt(x * x + y * y), y / _sqrt(x * x + y * y)


def _norm_angle(a: float) -> float:
    return math.atan2(_sin(a), _cos(a))


def laser_pointer_outline(points: Sequence[Sequence[float]], size: float, streamline: float) -> list[tuple[float, float]]:
    """``LaserPointer.getStrokeOutline()`` after adding every point with pressure 1."""
    pts: list[tuple[float, float]] = []
    last_raw = None
    t = 1 - streamline
    for p in points:
        x, y = _number(p[0]), _number(p[1])
        if last_raw is not None and last_raw[0] == x and last_raw[1] == y:
            continue
        last_raw = (x, y)
        if pts and streamline > 0:
            ax, ay = pts[-1]
            x = ax + (x - ax) * t
            y = ay + (y - ay) * t
        pts.append((x, y))
    n = len(pts)
    atan2 = math.atan2
    if n == 0:
        return []
    if n == 1:
        if size < 0.5:
            return []
        cx, cy = pts[0]
        out = []
        theta = 0.0
        while theta <= _PI * 2:
            rx, ry = _rot(1, 0, theta)
            out.append((cx + rx * size, cy + ry * size))
            theta += _STEP16
        out.append((cx + 1 * size, cy + 0 * size))
        return out
    if n == 2:
        if size < 0.5:
            return []
        (cx, cy), (nx, ny) = pts
        p_angle = atan2(ny - cy, nx - cx) - atan2(cy - 100 - cy, cx - cx)
        out = []
        theta = p_angle
        while theta <= _PI + p_angle:
            rx, ry = _rot(1, 0, theta)
            out.append((cx + rx * size, cy + ry * size))
            theta += _STEP16
        theta = _PI + p_angle
        while theta <= _PI * 2 + p_angle:
            rx, ry = _rot(1, 0, theta)
            out.append((nx + rx * size, ny + ry * size))
            theta += _STEP16
        out.append(out[0])
        return out

    if size == 0:  # every point invisible: visibleStartIndex >= len - 2
        return []
    forward: list[tuple[float, float]] = []
    backward: list[tuple[float, float]] = []
    fadd = forward.append
    badd = backward.append
    prev_speed = 0.0
    for i in range(1, n - 1):
        px, py = pts[i - 1]
        cx, cy = pts[i]
        nx, ny = pts[i + 1]
        d = _sqrt((cx - px) * (cx - px) + (cy - py) * (cy - py))
        speed = prev_speed + (d - prev_speed) * 0.2
        pcx, pcy = _norm(px - cx, py - cy)
        ncx, ncy = _norm(nx - cx, ny - cy)
        a1x, a1y = _rot(pcx, pcy, _HALF_PI)  # p1dirPC
        a2x, a2y = _rot(pcx, pcy, -_HALF_PI)  # p2dirPC
        b1x, b1y = _rot(ncx, ncy, _HALF_PI)  # p1dirNC
        b2x, b2y = _rot(ncx, ncy, -_HALF_PI)  # p2dirNC
        ftx, fty = a1x + b2x, a1y + b2y
        btx, bty = a2x + b1x, a2y + b1y
        fx, fy = (pcx, pcy) if _sqrt(ftx * ftx + fty * fty) == 0 else _norm(ftx, fty)
        bx, by = (ncx, ncy) if _sqrt(btx * btx + bty * bty) == 0 else _norm(btx, bty)
        pa_pc = (cx + fx * size, cy + fy * size)
        pa_nc = (cx + bx * size, cy + by * size)
        c_angle = _norm_angle(atan2(ny - cy, nx - cx) - atan2(py - cy, px - cx))
        if abs(c_angle) < _CORNER_MAX_ANGLE * (0.5 if speed > 35 else 1):
            t_angle = abs(_norm_angle(_PI - c_angle))
            if t_angle == 0:
                continue
            step = t_angle / 4
            if c_angle < 0:
                ox, oy = a1x * size, a1y * size
                badd((cx + a2x * size, cy + a2y * size))
                badd(pa_nc)
                theta = 0.0
                while theta <= t_angle:
                    rx, ry = _rot(ox, oy, theta)
                    fadd((cx + rx, cy + ry))
                    theta += step
                theta = t_angle
                while theta >= 0:
                    rx, ry = _rot(ox, oy, theta)
                    badd((cx + rx, cy + ry))
                    theta -= step
                badd(pa_nc)
                badd((cx + b1x * size, cy + b1y * size))
            else:
                ox, oy = a1x * -size, a1y * -size
                fadd((cx + a1x * size, cy + a1y * size))
                fadd(pa_pc)
                theta = 0.0
                while theta <= t_angle:
                    rx, ry = _rot(ox, oy, -theta)
                    badd((cx + rx, cy + ry))
                    theta += step
                theta = t_angle
                while theta >= 0:
                    rx, ry = _rot(ox, oy, -theta)
                    fadd((cx + rx, cy + ry))
                    theta -= step
                fadd(pa_pc)
                fadd((cx + b2x * size, cy + b2y * size))
        else:
            fadd(pa_pc)
            badd(pa_nc)
        prev_speed = speed

    (fx0, fy0), (sx, sy) = pts[0], pts[1]
    (qx, qy), (ux, uy) = pts[n - 2], pts[n - 1]
    dfx, dfy = _norm(sx - fx0, sy - fy0)
    dpx, dpy = _norm(qx - ux, qy - uy)
    sfx, sfy = _rot(dfx, dfy, -_HALF_PI)
    spx, spy = _rot(dpx, dpy, _HALF_PI)
    start_cap: list[tuple[float, float]] = []
    if size > 0.1:
        ox, oy = sfx * size, sfy * size
        theta = 0.0
        while theta <= _PI:
            rx, ry = _rot(ox, oy, -theta)
            start_cap.append((fx0 + rx, fy0 + ry))
            theta += _STEP16
        start_cap.append((fx0 + sfx * -size, fy0 + sfy * -size))
        start_cap.reverse()  # built with unshift
    else:
        start_cap.append((fx0, fy0))
    end_cap = []
    ox, oy = spx * -size, spy * -size
    theta = 0.0
    while theta <= _PI * 3:
        rx, ry = _rot(ox, oy, -theta)
        end_cap.append((ux + rx, uy + ry))
        theta += _STEP16
    end_cap.reverse()
    backward.reverse()
    outline = start_cap + forward + end_cap + backward
    if start_cap:
        outline.append(start_cap[0])
    return outline


def freedraw_svg_path(element: Mapping[str, Any]) -> str:
    """The ``d`` of the freedraw element's filled ``<path>``."""
    if _C is not None:
        d = _c_svg_path(element)
        if d is not None:
            return d
    return svg_path_from_stroke(freedraw_outline(element))


def _c_accelerator() -> Any:
    return accelerator("exporter.render._freehand")


def _c_svg_path(element: Mapping[str, Any]) -> str | None:
    """:func:`freedraw_svg_path` in C (exporter/render/_freehand.c) for the options Excalidraw
    itself uses; None when the element needs the Python path (fork pens, constant width,
    unusual values)."""
    opts = freedraw_options(element)
    easing = opts["easing"]
    if ("variability" in opts or "start" in opts or "end" in opts or not opts["last"]
            or easing not in (_ease_out_sine, EASINGS["easeOutSine"])):
        return None
    size, thinning, smoothing, streamline = opts["size"], opts["thinning"], opts["smoothing"], opts["streamline"]
    if not all(type(v) in (int, float) for v in (size, thinning, smoothing, streamline)):
        return None
    simulate = _js_truthy(_opt(opts, "simulatePressure", True))
    use_pressures = not element.get("simulatePressure")
    points = element.get("points") or []
    if type(points) is PointList:  # the C reads its doubles
        points = points.data
    return _C.stroke_path(points, element.get("pressures"), use_pressures,
                          size, thinning, smoothing, streamline, True, simulate, _C_TABLES, _truncated)


# --------------------------------------------------------------------------- path string

# Excalidraw's TO_FIXED_PRECISION: truncates every decimal number to 2 places.
_TO_FIXED_PRECISION = re.compile(r"(\s?[A-Z]?,?-?[0-9]*\.[0-9]{0,2})(([0-9]|e|-)*)")


def _num(x: float) -> str:
    r = repr(x)
    if "e" in r or "n" in r:  # exponent, inf or nan: ECMAScript layout differs
        return js_str(x)
    if r.endswith(".0"):
        return "0" if r == "-0.0" else r[:-2]
    return r


def svg_path_text(points: Sequence[Sequence[float]]) -> str:
    """``getSvgPathFromStroke`` done literally: every number printed JS-style, then the regex."""
    if not points:
        return ""
    num = _num
    x0, y0 = points[0][0], points[0][1]
    first = f"{num(x0)},{num(y0)}"
    parts = ["M", first, "Q"]
    add = parts.append
    n = len(points)
    for i in range(n - 1):
        x, y = points[i][0], points[i][1]
        nx, ny = points[i + 1][0], points[i + 1][1]
        add(f"{num(x)},{num(y)}")
        add(f"{num((x + nx) / 2)},{num((y + ny) / 2)}")
    x, y = points[-1][0], points[-1][1]
    add(f"{num(x)},{num(y)}")
    add(f"{num((x + x0) / 2)},{num((y + y0) / 2)}")
    add("L")
    add(first)
    add("Z")
    return _TO_FIXED_PRECISION.sub(r"\1", " ".join(parts))


def _truncated(x: float) -> str:
    """One number as it ends up in the path (the regex only ever touches one number at a time)."""
    return _TO_FIXED_PRECISION.sub(r"\1", _num(x))


# Powers of ten as floats: digit extraction in float64 is exact for integer parts below 1e9.
_POW10F = [10.0**j for j in range(8, -1, -1)]
_COMMA, _SPACE = 44, 32


def _number_texts(values: np.ndarray, seps: np.ndarray) -> tuple[str, np.ndarray] | None:
    """``values`` as the truncating regex leaves them, each followed by its separator, concatenated.

    Most numbers are ``[-]int.dd`` = the digits of floor(|v|·100), built for all
    numbers at once in a character matrix with one row per output column (long
    rows keep numpy fast). Numbers whose shortest decimal form may have fewer than
    3 decimals (|v|·100 within rounding of an integer), tiny exponent-form numbers
    and huge or non-finite ones are printed one by one. ``seps`` holds the
    separator byte per number (0 = none). Returns the text and each number's
    length (separator included), or None if a number does not fit the matrix.
    """
    import numpy as np

    k = len(values)
    mag = np.abs(values)
    # Huge and non-finite values overflow here; they are "odd" and printed one by one.
    with np.errstate(over="ignore", invalid="ignore"):
        hundred = mag * 100
        whole = np.floor(hundred)
        frac = hundred - whole
        # |v|·100 < 1e9 has an ulp below 1.2e-7: a margin of 1e-6 covers product and repr rounding
        odd = (np.abs(frac - 0.5) > 0.5 - 1e-6) | (mag < 1e-6) | ~(mag < 1e7)
    cents = np.where(odd, 0.0, whole)
    ints = np.floor(cents / 100)  # exact: integers below 1e9 divided by 100, then floor
    dec = cents - ints * 100
    width = len(str(int(ints.max()))) if k else 1
    cols = width + 5  # sign, digits, ".", 2 decimals, separator
    # Dropped characters (no sign, leading zeros, no separator) are NUL bytes, deleted at the end.
    chars = np.empty((cols, k), dtype=np.uint8)
    negative = values < 0
    chars[0] = negative * np.uint8(45)
    lengths = negative + 4 + (seps != 0)
    prev = None
    for j, p in enumerate(_POW10F[-width:]):
        lead = np.floor(ints / p)  # the integer part's leading j+1 digits
        digit = (lead if prev is None else lead - 10 * prev) + 48
        if j < width - 1:
            shown = lead > 0
            chars[1 + j] = digit * shown
            lengths += shown
        else:
            chars[1 + j] = digit
        prev = lead
    chars[width + 1] = 46
    tens = np.floor(dec / 10)
    chars[width + 2] = tens + 48
    chars[width + 3] = dec - tens * 10 + 48
    chars[width + 4] = seps
    for i in np.flatnonzero(odd).tolist():
        text = _truncated(float(values[i])).encode("ascii")
        if len(text) > cols - 1:
            return None
        chars[: cols - 1, i] = 0
        chars[: len(text), i] = np.frombuffer(text, dtype=np.uint8)
        lengths[i] = len(text) + (seps[i] != 0)
    return chars.T.tobytes().translate(None, b"\0").decode("ascii"), lengths


def svg_paths_from_strokes(outlines: Sequence[Sequence[Sequence[float]]]) -> list[str]:
    """:func:`svg_path_from_stroke` for many outlines, formatted together with numpy.

    numpy is imported here, not with the module: with the C accelerator built, an
    export never formats outlines this way and need not pay numpy's import.
    """
    import numpy as np

    result = [""] * len(outlines)
    live = [i for i, o in enumerate(outlines) if len(o)]
    if not live:
        return result
    counts = np.array([len(outlines[i]) for i in live], dtype=np.int64)
    total = int(counts.sum())
    flat = np.fromiter(
        itertools.chain.from_iterable(itertools.chain.from_iterable(outlines[i] for i in live)),
        dtype=np.float64, count=2 * total,
    )
    p = flat.reshape(total, 2)
    starts = np.cumsum(counts) - counts
    nxt = np.arange(1, total + 1)
    nxt[starts + counts - 1] = starts  # each outline closes on its first point
    seq = np.empty((2 * total, 2), dtype=np.float64)
    seq[0::2] = p
    with np.errstate(over="ignore", invalid="ignore"):  # JS's Infinity / NaN, printed as such
        seq[1::2] = (p + p[nxt]) / 2
    heads = p[starts].ravel()  # each outline's first point, printed after all the bodies
    values = np.concatenate((seq.ravel(), heads))
    seps = np.tile(np.array([_COMMA, _SPACE], dtype=np.uint8), 2 * total + len(live))
    ends = 4 * (starts + counts) - 1  # last number of each outline: no separator
    seps[ends] = 0
    seps[4 * total + 1::2] = 0
    built = _number_texts(values, seps)
    if built is None:
        for i in live:
            result[i] = svg_path_text(outlines[i])
        return result
    text, lengths = built
    offsets = np.concatenate(([0], np.cumsum(lengths)))
    first = offsets[4 * starts].tolist()
    last = offsets[ends + 1].tolist()
    head_at = offsets[4 * total::2].tolist()
    for j, i in enumerate(live):
        head = text[head_at[j]:head_at[j + 1]]
        result[i] = f"M {head} Q {text[first[j]:last[j]]} L {head} Z"
    return result


def svg_path_from_stroke(points: Sequence[Sequence[float]]) -> str:
    """Excalidraw's ``getSvgPathFromStroke``: quadratic curves through midpoints, then truncation.

    Same string as :func:`svg_path_text`; long outlines are formatted with numpy.
    """
    if len(points) < 8:  # below this the plain version is faster
        return svg_path_text(points)
    return svg_paths_from_strokes([points])[0]


def freedraw_svg_paths(elements: Sequence[Mapping[str, Any]]) -> list[str]:
    """:func:`freedraw_svg_path` for many elements at once (one numpy pass for the formatting)."""
    return svg_paths_from_strokes([freedraw_outline(el) for el in elements])


# --------------------------------------------------------------------------- loop fill helpers

_LOOP_THRESHOLD = 8  # LINE_CONFIRM_THRESHOLD at zoom 1


def is_path_a_loop(points: Sequence[Sequence[float]]) -> bool:
    """``isPathALoop``: at least 3 points and the last within 8 px of the first."""
    if len(points) >= 3:
        first, last = points[0], points[-1]
        return v8_hypot(last[0] - first[0], last[1] - first[1]) <= _LOOP_THRESHOLD
    return False


def _dist_sq(ax: float, ay: float, bx: float, by: float) -> float:
    dx = ax - bx
    dy = ay - by
    return dx * dx + dy * dy


def _segment_dist_sq(p: Sequence[float], v: Sequence[float], w: Sequence[float]) -> float:
    l2 = _dist_sq(v[0], v[1], w[0], w[1])
    if l2 == 0:
        return _dist_sq(p[0], p[1], v[0], v[1])
    t = ((p[0] - v[0]) * (w[0] - v[0]) + (p[1] - v[1]) * (w[1] - v[1])) / l2
    t = max(0, min(1, t))
    return _dist_sq(p[0], p[1], v[0] + (w[0] - v[0]) * t, v[1] + (w[1] - v[1]) * t)


def simplify(points: Sequence[Sequence[float]], tolerance: float) -> list[Sequence[float]]:
    """``points-on-curve@1.0.1`` ``simplify``: Ramer–Douglas–Peucker, the input points themselves kept."""
    out: list[Sequence[float]] = []
    if not points:
        return out
    # The JS recursion, made iterative (left half first) so long strokes cannot overflow the stack.
    stack = [(0, len(points))]
    while stack:
        start, end = stack.pop()
        s = points[start]
        e = points[end - 1]
        max_sq = 0
        max_i = 1
        for i in range(start + 1, end - 1):
            d = _segment_dist_sq(points[i], s, e)
            if d > max_sq:
                max_sq = d
                max_i = i
        if _sqrt(max_sq) > tolerance:
            stack.append((max_i, end))
            stack.append((start, max_i + 1))
        else:
            if not out:
                out.append(s)
            out.append(e)
    return out


_C = _c_accelerator()
_C_TABLES = (_CORNER_POS, _CORNER_NEG, _START_CAP, _DOT, _END_CAP)
