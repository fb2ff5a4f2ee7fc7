"""rough.js ``renderer.js``: the sketchy strokes themselves.

Every function draws its random numbers in exactly rough.js's order (x before
y, outline before fill); one draw more or less shifts every later stroke.
``_offset_opt(x)`` in rough.js is ``roughness * gain * (random() * (x - -x) + -x)``;
it is written inline below as ``rg * (nxt() * (x + x) - x)``, which is the same
IEEE arithmetic.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from math import ceil, cos, sin, sqrt

from .ops import CURVE, LINE, MOVE, OpSet
from .options import Options
from .pathdata import absolutize, normalize, parse_path

__all__ = [
    "line",
    "double_line_fill_ops",
    "linear_path",
    "polygon",
    "rectangle",
    "curve",
    "ellipse",
    "generate_ellipse_params",
    "ellipse_with_params",
    "EllipseParams",
    "svg_path",
    "solid_fill_polygon",
    "pattern_fill_polygons",
]

_PI = math.pi
_MOVE_CURVE = (MOVE, CURVE)
_TWO_PI = math.pi * 2

Point = Sequence[float]


def _offset(lo: float, hi: float, o: Options, gain: float = 1) -> float:
    return o.roughness * gain * (o.rng().next() * (hi - lo) + lo)


def _offset_opt(x: float, o: Options, gain: float = 1) -> float:
    return o.roughness * gain * (o.rng().next() * (x + x) - x)


# --- straight lines ------------------------------------------------------------------------------


def _line(x1: float, y1: float, x2: float, y2: float, o: Options, overlay: bool, out: OpSet) -> None:
    """rough.js ``_line`` (always with ``move = true``): one bowed Bézier from p1 to p2."""
    dx = x1 - x2
    dy = y1 - y2
    length_sq = dx * dx + dy * dy  # Math.pow(d, 2) is d * d in V8
    length = sqrt(length_sq)
    if length < 200:
        gain = 1
    elif length > 500:
        gain = 0.4
    else:
        gain = -0.0016668 * length + 1.233334
    mro = o.max_randomness_offset
    offset = mro or 0
    if offset * offset * 100 > length_sq:
        offset = length / 10
    jit = offset / 2 if overlay else offset
    jit2 = jit + jit
    nxt = o.rng().next
    rg = o.roughness * gain
    diverge = 0.2 + nxt() * 0.2
    bow = o.bowing
    mid_x = bow * mro * (y2 - y1) / 200
    mid_y = bow * mro * (x1 - x2) / 200
    mid_x = rg * (nxt() * (mid_x + mid_x) - mid_x)
    mid_y = rg * (nxt() * (mid_y + mid_y) - mid_y)
    ddx = x2 - x1
    ddy = y2 - y1
    out.codes.extend(_MOVE_CURVE)
    if o.preserve_vertices:
        out.nums.extend(
            (
                x1 + 0.0,
                y1 + 0.0,
                mid_x + x1 + ddx * diverge + rg * (nxt() * jit2 - jit),
                mid_y + y1 + ddy * diverge + rg * (nxt() * jit2 - jit),
                mid_x + x1 + 2 * ddx * diverge + rg * (nxt() * jit2 - jit),
                mid_y + y1 + 2 * ddy * diverge + rg * (nxt() * jit2 - jit),
                x2 + 0.0,
                y2 + 0.0,
            )
        )
    else:
        out.nums.extend(
            (
                x1 + rg * (nxt() * jit2 - jit),
                y1 + rg * (nxt() * jit2 - jit),
                mid_x + x1 + ddx * diverge + rg * (nxt() * jit2 - jit),
                mid_y + y1 + ddy * diverge + rg * (nxt() * jit2 - jit),
                mid_x + x1 + 2 * ddx * diverge + rg * (nxt() * jit2 - jit),
                mid_y + y1 + 2 * ddy * diverge + rg * (nxt() * jit2 - jit),
                x2 + rg * (nxt() * jit2 - jit),
                y2 + rg * (nxt() * jit2 - jit),
            )
        )


def _double_line(
    x1: float, y1: float, x2: float, y2: float, o: Options, out: OpSet, filling: bool = False
) -> None:
    """rough.js ``_doubleLine``: the line, then (unless single-stroke) its half-jitter overlay."""
    _line(x1, y1, x2, y2, o, False, out)
    if not (o.disable_multi_stroke_fill if filling else o.disable_multi_stroke):
        _line(x1, y1, x2, y2, o, True, out)


def double_line_fill_ops(x1: float, y1: float, x2: float, y2: float, o: Options, out: OpSet) -> None:
    """The fillers' ``helper.doubleLineOps`` (honours ``disableMultiStrokeFill``)."""
    _double_line(x1, y1, x2, y2, o, out, True)


def line(x1: float, y1: float, x2: float, y2: float, o: Options) -> OpSet:
    out = OpSet("path")
    _double_line(x1, y1, x2, y2, o, out)
    return out


def linear_path(points: Sequence[Point], close: bool, o: Options) -> OpSet:
    n = len(points)
    if n > 2:
        out = OpSet("path")
        for i in range(n - 1):
            p, q = points[i], points[i + 1]
            _double_line(p[0], p[1], q[0], q[1], o, out)
        if close:
            p, q = points[n - 1], points[0]
            _double_line(p[0], p[1], q[0], q[1], o, out)
        return out
    if n == 2:
        return line(points[0][0], points[0][1], points[1][0], points[1][1], o)
    return OpSet("path")


def polygon(points: Sequence[Point], o: Options) -> OpSet:
    return linear_path(points, True, o)


def rectangle(x: float, y: float, width: float, height: float, o: Options) -> OpSet:
    return polygon([[x, y], [x + width, y], [x + width, y + height], [x, y + height]], o)


# --- Catmull-Rom curves --------------------------------------------------------------------------


def curve(points: Sequence[Point], o: Options) -> OpSet:
    """rough.js ``curve``: two jittered Catmull-Rom passes, the second seeded with ``seed + 1``."""
    out = OpSet("path")
    _curve_with_offset(points, 1 * (1 + o.roughness * 0.2), o, out)
    if not o.disable_multi_stroke:
        second = o.copy(randomizer=None)
        if o.seed:
            second.seed = o.seed + 1
        _curve_with_offset(points, 1.5 * (1 + o.roughness * 0.22), second, out)
    return out


def _curve_with_offset(points: Sequence[Point], offset: float, o: Options, out: OpSet) -> None:
    nxt = o.rng().next
    r = o.roughness
    off2 = offset + offset
    first = points[0]
    ps = [
        [first[0] + r * (nxt() * off2 - offset), first[1] + r * (nxt() * off2 - offset)],
        [first[0] + r * (nxt() * off2 - offset), first[1] + r * (nxt() * off2 - offset)],
    ]
    last = len(points) - 1
    for i in range(1, len(points)):
        p = points[i]
        ps.append([p[0] + r * (nxt() * off2 - offset), p[1] + r * (nxt() * off2 - offset)])
        if i == last:
            ps.append([p[0] + r * (nxt() * off2 - offset), p[1] + r * (nxt() * off2 - offset)])
    _curve(ps, o, out)


def _curve(points: Sequence[Point], o: Options, out: OpSet) -> None:
    """rough.js ``_curve`` (closePoint is always null in the paths Excalidraw uses)."""
    n = len(points)
    if n > 3:
        s = 1 - o.curve_tightness
        codes = out.codes
        nums = out.nums
        codes.append(MOVE)
        nums.extend((points[1][0], points[1][1]))
        for i in range(1, n - 2):
            prev, cur, nxt, after = points[i - 1], points[i], points[i + 1], points[i + 2]
            codes.append(CURVE)
            nums.extend(
                (
                    cur[0] + (s * nxt[0] - s * prev[0]) / 6,
                    cur[1] + (s * nxt[1] - s * prev[1]) / 6,
                    nxt[0] + (s * cur[0] - s * after[0]) / 6,
                    nxt[1] + (s * cur[1] - s * after[1]) / 6,
                    nxt[0],
                    nxt[1],
                )
            )
    elif n == 3:
        p1, p2 = points[1], points[2]
        out.codes.extend(_MOVE_CURVE)
        out.nums.extend((p1[0], p1[1], p1[0], p1[1], p2[0], p2[1], p2[0], p2[1]))
    elif n == 2:
        _double_line(points[0][0], points[0][1], points[1][0], points[1][1], o, out)


# --- ellipses ------------------------------------------------------------------------------------


class EllipseParams:
    """``generateEllipseParams`` result: angle increment and the (jittered) radii."""

    __slots__ = ("increment", "rx", "ry")

    def __init__(self, increment: float, rx: float, ry: float) -> None:
        self.increment = increment
        self.rx = rx
        self.ry = ry


def generate_ellipse_params(width: float, height: float, o: Options) -> EllipseParams:
    hw = width / 2
    hh = height / 2
    psq = sqrt(_PI * 2 * sqrt((hw * hw + hh * hh) / 2))
    steps = o.curve_step_count
    step_count = ceil(max(steps, (steps / sqrt(200)) * psq))
    increment = (_PI * 2) / step_count
    rx = abs(hw)
    ry = abs(hh)
    curve_fit_randomness = 1 - o.curve_fitting
    rx += _offset_opt(rx * curve_fit_randomness, o)
    ry += _offset_opt(ry * curve_fit_randomness, o)
    return EllipseParams(increment, rx, ry)


def ellipse_with_params(
    x: float, y: float, o: Options, params: EllipseParams
) -> tuple[OpSet, list[list[float]]]:
    """The ellipse outline ops and its estimated (core) points, used by pattern fills."""
    inc = params.increment
    overlap = inc * _offset(0.1, _offset(0.4, 1, o), o)
    all1, core1 = _compute_ellipse_points(inc, x, y, params.rx, params.ry, 1, overlap, o)
    out = OpSet("path")
    _curve(all1, o, out)
    if not o.disable_multi_stroke and o.roughness != 0:
        all2, _ = _compute_ellipse_points(inc, x, y, params.rx, params.ry, 1.5, 0, o)
        _curve(all2, o, out)
    return out, core1


def ellipse(x: float, y: float, width: float, height: float, o: Options) -> OpSet:
    """The fillers' ``helper.ellipse`` (dots)."""
    params = generate_ellipse_params(width, height, o)
    return ellipse_with_params(x, y, o, params)[0]


def _compute_ellipse_points(
    increment: float, cx: float, cy: float, rx: float, ry: float, offset: float, overlap: float, o: Options
) -> tuple[list[list[float]], list[list[float]]]:
    core: list[list[float]] = []
    pts: list[list[float]] = []
    if o.roughness == 0:
        increment = increment / 4
        pts.append([cx + rx * cos(-increment), cy + ry * sin(-increment)])
        angle = 0.0
        while angle <= _TWO_PI:
            p = [cx + rx * cos(angle), cy + ry * sin(angle)]
            core.append(p)
            pts.append(p)
            angle = angle + increment
        pts.append([cx + rx * cos(0), cy + ry * sin(0)])
        pts.append([cx + rx * cos(increment), cy + ry * sin(increment)])
        return pts, core
    nxt = o.rng().next
    r = o.roughness
    off2 = offset + offset
    rad_offset = r * (nxt() * 1.0 - 0.5) - (_PI / 2)
    pts.append(
        [
            r * (nxt() * off2 - offset) + cx + 0.9 * rx * cos(rad_offset - increment),
            r * (nxt() * off2 - offset) + cy + 0.9 * ry * sin(rad_offset - increment),
        ]
    )
    end_angle = _TWO_PI + rad_offset - 0.01
    angle = rad_offset
    while angle < end_angle:
        p = [
            r * (nxt() * off2 - offset) + cx + rx * cos(angle),
            r * (nxt() * off2 - offset) + cy + ry * sin(angle),
        ]
        core.append(p)
        pts.append(p)
        angle = angle + increment
    a = rad_offset + _TWO_PI + overlap * 0.5
    pts.append(
        [r * (nxt() * off2 - offset) + cx + rx * cos(a), r * (nxt() * off2 - offset) + cy + ry * sin(a)]
    )
    a = rad_offset + overlap
    pts.append(
        [
            r * (nxt() * off2 - offset) + cx + 0.98 * rx * cos(a),
            r * (nxt() * off2 - offset) + cy + 0.98 * ry * sin(a),
        ]
    )
    a = rad_offset + overlap * 0.5
    pts.append(
        [
            r * (nxt() * off2 - offset) + cx + 0.9 * rx * cos(a),
            r * (nxt() * off2 - offset) + cy + 0.9 * ry * sin(a),
        ]
    )
    return pts, core


# --- SVG path input ------------------------------------------------------------------------------


def svg_path(path: str, o: Options) -> OpSet:
    """rough.js ``svgPath``: each normalized segment drawn as sketchy lines or Béziers."""
    out = OpSet("path")
    first_x = first_y = 0.0
    cur_x = cur_y = 0.0
    for key, data in normalize(absolutize(parse_path(path))):
        if key == "M":
            cur_x, cur_y = data[0], data[1]
            first_x, first_y = data[0], data[1]
        elif key == "L":
            _double_line(cur_x, cur_y, data[0], data[1], o, out)
            cur_x, cur_y = data[0], data[1]
        elif key == "C":
            _bezier_to(data[0], data[1], data[2], data[3], data[4], data[5], cur_x, cur_y, o, out)
            cur_x, cur_y = data[4], data[5]
        elif key == "Z":
            _double_line(cur_x, cur_y, first_x, first_y, o, out)
            cur_x, cur_y = first_x, first_y
    return out


def _bezier_to(
    x1: float,
    y1: float,
    x2: float,
    y2: float,
    x: float,
    y: float,
    cur_x: float,
    cur_y: float,
    o: Options,
    out: OpSet,
) -> None:
    base = o.max_randomness_offset or 1
    ros = (base, base + 0.3)
    iterations = 1 if o.disable_multi_stroke else 2
    pv = o.preserve_vertices
    nxt = o.rng().next
    r = o.roughness
    codes = out.codes
    nums = out.nums
    for i in range(iterations):
        if i == 0:
            nums.extend((cur_x, cur_y))
        elif pv:
            nums.extend((cur_x + 0.0, cur_y + 0.0))
        else:
            ro = ros[0]
            nums.extend((cur_x + r * (nxt() * (ro + ro) - ro), cur_y + r * (nxt() * (ro + ro) - ro)))
        ro = ros[i]
        ro2 = ro + ro
        if pv:
            end_x, end_y = x, y
        else:
            end_x = x + r * (nxt() * ro2 - ro)
            end_y = y + r * (nxt() * ro2 - ro)
        codes.extend(_MOVE_CURVE)
        nums.extend(
            (
                x1 + r * (nxt() * ro2 - ro),
                y1 + r * (nxt() * ro2 - ro),
                x2 + r * (nxt() * ro2 - ro),
                y2 + r * (nxt() * ro2 - ro),
                end_x,
                end_y,
            )
        )


# --- fills ---------------------------------------------------------------------------------------


def solid_fill_polygon(polygons: Sequence[Sequence[Point]], o: Options) -> OpSet:
    """rough.js ``solidFillPolygon``: each polygon (> 2 points) as one jittered closed line path."""
    out = OpSet("fillPath")
    codes = out.codes
    nums = out.nums
    for points in polygons:
        n = len(points)
        if n > 2:
            offset = o.max_randomness_offset or 0
            off2 = offset + offset
            nxt = o.rng().next
            r = o.roughness
            p = points[0]
            codes.append(MOVE)
            nums.extend((p[0] + r * (nxt() * off2 - offset), p[1] + r * (nxt() * off2 - offset)))
            for i in range(1, n):
                p = points[i]
                codes.append(LINE)
                nums.extend((p[0] + r * (nxt() * off2 - offset), p[1] + r * (nxt() * off2 - offset)))
    return out


def pattern_fill_polygons(polygons: list[list[list[float]]], o: Options) -> OpSet:
    """rough.js ``patternFillPolygons``: the filler named by ``fillStyle`` (polygons are rotated in place)."""
    from .fillers import get_filler

    return get_filler(o).fill_polygons(polygons, o)
