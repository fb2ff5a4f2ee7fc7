"""rough.js ``renderer.js``: the sketchy strokes themselves.

Every function draws its random numbers in exactly rough.js's order (x before
y, outline before fill); one draw more or less shifts every later stroke. Where
the number of draws is known up front they are taken in one ``take(k)``.

rough.js's ``_offsetOpt(x, o, gain)`` is ``o.roughness * gain * (random() * (x - -x) + -x)``
and ``_offset(lo, hi, o)`` is ``o.roughness * (random() * (hi - lo) + lo)``; they
are written inline as ``rg * (r * (x + x) - x)`` and the like, which is the same
IEEE arithmetic (``x - -x`` is ``x + x``; ``+ -x`` is ``- x``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import chain, pairwise
from math import ceil, cos, sin, sqrt

from .ops import CURVE, LINE, MOVE, OpSet
from .options import Options
from .pathdata import normalized_segments
from .prng import accelerator

_C = accelerator()

__all__ = [
    "line",
    "double_lines_fill",
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
_TWO_PI = math.pi * 2
_MOVE_CURVE = (MOVE, CURVE)
_MOVE_CURVE_TWICE = (MOVE, CURVE, MOVE, CURVE)
_LINES = (LINE,) * 64
_CURVES = (CURVE,) * 256

Point = Sequence[float]


# --- straight lines ------------------------------------------------------------------------------


def _double_lines(segments: Sequence[Sequence[float]], o: Options, out: OpSet, filling: bool = False) -> None:
    """rough.js ``_doubleLine`` for each ``(x1, y1, x2, y2)`` in turn.

    Each is ``_line`` with full jitter, then unless single-stroke its overlay with half
    jitter. A ``_line(move=true)`` draws, in order: diverge, mid x, mid y, [start x,
    start y], 4 control offsets, [end x, end y] (start/end only without
    preserveVertices): a fixed count, so all segments' randoms are taken at once and
    handed out in per-segment tuples. The common Excalidraw case (preserveVertices,
    two passes) has its own loop.
    """
    n = len(segments)
    if not n:
        return
    mro = o.max_randomness_offset
    max_offset = mro or 0
    roughness = o.roughness
    bow_mro = o.bowing * mro
    single = o.disable_multi_stroke_fill if filling else o.disable_multi_stroke
    pv = o.preserve_vertices
    rng = o.rng()
    if _C is not None and rng.seeded and rng.state and type(roughness) in (int, float) \
            and type(max_offset) in (int, float) and type(bow_mro) in (int, float):
        rng.state = _C.double_lines(segments, rng.state, roughness, max_offset, bow_mro, single, pv, out.nums)
        out.codes.extend((_MOVE_CURVE if single else _MOVE_CURVE_TWICE) * n)
        return
    per_line = (7 if pv else 11) * (1 if single else 2)
    draws = iter(rng.take(per_line * n))
    groups = zip(*([draws] * per_line), strict=True)
    out.codes.extend((_MOVE_CURVE if single else _MOVE_CURVE_TWICE) * n)
    extend = out.nums.extend
    for (x1, y1, x2, y2), r in zip(segments, groups, strict=True):
        dx = x1 - x2
        dy = y1 - y2
        length_sq = dx * dx + dy * dy  # Math.pow(d, 2) is d * d in V8
        # gain 1 below 200 px (length_sq < 40000 <=> sqrt(length_sq) < 200, sqrt being exact-rounded)
        if length_sq < 40000:
            rg = roughness
        else:
            length = sqrt(length_sq)
            if length > 500:
                rg = roughness * 0.4
            else:
                rg = roughness * (-0.0016668 * length + 1.233334)
        offset = max_offset
        if offset * offset * 100 > length_sq:
            offset = sqrt(length_sq) / 10
        half = offset / 2
        bx = bow_mro * (y2 - y1) / 200
        by = bow_mro * (x1 - x2) / 200
        bx2 = bx + bx
        by2 = by + by
        ddx = x2 - x1
        ddy = y2 - y1
        tdx = 2 * ddx
        tdy = 2 * ddy
        j2 = offset + offset
        if pv:
            sx = x1 + 0.0
            sy = y1 + 0.0
            ex = x2 + 0.0
            ey = y2 + 0.0
            if single:
                d0, u0, v0, a0, b0, c0, e0 = r
                dv = 0.2 + d0 * 0.2
                mx = rg * (u0 * bx2 - bx) + x1
                my = rg * (v0 * by2 - by) + y1
                extend(
                    (
                        sx,
                        sy,
                        mx + ddx * dv + rg * (a0 * j2 - offset),
                        my + ddy * dv + rg * (b0 * j2 - offset),
                        mx + tdx * dv + rg * (c0 * j2 - offset),
                        my + tdy * dv + rg * (e0 * j2 - offset),
                        ex,
                        ey,
                    )
                )
                continue
            d0, u0, v0, a0, b0, c0, e0, d1, u1, v1, a1, b1, c1, e1 = r
            h2 = half + half
            dv = 0.2 + d0 * 0.2
            mx = rg * (u0 * bx2 - bx) + x1
            my = rg * (v0 * by2 - by) + y1
            dv1 = 0.2 + d1 * 0.2
            mx1 = rg * (u1 * bx2 - bx) + x1
            my1 = rg * (v1 * by2 - by) + y1
            extend(
                (
                    sx,
                    sy,
                    mx + ddx * dv + rg * (a0 * j2 - offset),
                    my + ddy * dv + rg * (b0 * j2 - offset),
                    mx + tdx * dv + rg * (c0 * j2 - offset),
                    my + tdy * dv + rg * (e0 * j2 - offset),
                    ex,
                    ey,
                    sx,
                    sy,
                    mx1 + ddx * dv1 + rg * (a1 * h2 - half),
                    my1 + ddy * dv1 + rg * (b1 * h2 - half),
                    mx1 + tdx * dv1 + rg * (c1 * h2 - half),
                    my1 + tdy * dv1 + rg * (e1 * h2 - half),
                    ex,
                    ey,
                )
            )
            continue
        k = 0
        jit = offset
        for _ in range(1 if single else 2):
            jit2 = jit + jit
            dv = 0.2 + r[k] * 0.2
            mx = rg * (r[k + 1] * bx2 - bx) + x1
            my = rg * (r[k + 2] * by2 - by) + y1
            extend(
                (
                    x1 + rg * (r[k + 3] * jit2 - jit),
                    y1 + rg * (r[k + 4] * jit2 - jit),
                    mx + ddx * dv + rg * (r[k + 5] * jit2 - jit),
                    my + ddy * dv + rg * (r[k + 6] * jit2 - jit),
                    mx + tdx * dv + rg * (r[k + 7] * jit2 - jit),
                    my + tdy * dv + rg * (r[k + 8] * jit2 - jit),
                    x2 + rg * (r[k + 9] * jit2 - jit),
                    y2 + rg * (r[k + 10] * jit2 - jit),
                )
            )
            k += 11
            jit = half


def double_lines_fill(segments: Sequence[Sequence[float]], o: Options, out: OpSet) -> None:
    """The fillers' ``helper.doubleLineOps`` for each segment (honours ``disableMultiStrokeFill``)."""
    _double_lines(segments, o, out, True)


def line(x1: float, y1: float, x2: float, y2: float, o: Options) -> OpSet:
    out = OpSet("path")
    _double_lines(((x1, y1, x2, y2),), o, out)
    return out


def linear_path(points: Sequence[Point], close: bool, o: Options) -> OpSet:
    n = len(points)
    if n > 2:
        out = OpSet("path")
        segments = [(p[0], p[1], q[0], q[1]) for p, q in pairwise(points)]
        if close:
            segments.append((points[n - 1][0], points[n - 1][1], points[0][0], points[0][1]))
        _double_lines(segments, o, out)
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
    """Jitter every point (the first twice before, the last twice) and draw the Catmull-Rom."""
    n = len(points)
    r = o.roughness
    rng = o.rng()
    if _C is not None and n > 1 and rng.seeded and rng.state and type(points) is list and type(r) in (int, float):
        s = 1 - o.curve_tightness
        if type(s) in (int, float):
            state = _C.curve_with_offset(points, offset, r, s, rng.state, out.nums)
            if state is not None:  # None: points left to this code
                rng.state = state
                out.codes.append(MOVE)
                out.codes.extend(_CURVES[: n - 1] if n - 1 <= len(_CURVES) else [CURVE] * (n - 1))
                return
    off2 = offset + offset
    jit = [r * (v * off2 - offset) for v in rng.take(4 if n == 1 else 2 * (n + 2))]
    first = points[0]
    ps = [[first[0] + jit[0], first[1] + jit[1]], [first[0] + jit[2], first[1] + jit[3]]]
    k = 4
    for i in range(1, n):
        p = points[i]
        ps.append([p[0] + jit[k], p[1] + jit[k + 1]])
        k += 2
    if n > 1:
        p = points[n - 1]
        ps.append([p[0] + jit[k], p[1] + jit[k + 1]])
    _curve(ps, o, out)


def _curve(points: Sequence[Point], o: Options, out: OpSet) -> None:
    """rough.js ``_curve`` (closePoint is always null in the paths Excalidraw uses)."""
    n = len(points)
    if n > 3:
        s = 1 - o.curve_tightness
        out.codes.append(MOVE)
        out.codes.extend(_CURVES[: n - 3] if n - 3 <= len(_CURVES) else [CURVE] * (n - 3))
        nums = out.nums
        if _C is not None and type(points) is list and type(s) in (int, float) and _C.curve_nums(points, s, nums):
            return
        nums.extend((points[1][0], points[1][1]))
        quads = zip(points, points[1:], points[2:], points[3:], strict=False)
        if s == 1:  # curveTightness 0: s * v is v exactly
            nums.extend(
                chain.from_iterable(
                    (
                        cur[0] + (nxt[0] - prev[0]) / 6,
                        cur[1] + (nxt[1] - prev[1]) / 6,
                        nxt[0] + (cur[0] - after[0]) / 6,
                        nxt[1] + (cur[1] - after[1]) / 6,
                        nxt[0],
                        nxt[1],
                    )
                    for prev, cur, nxt, after in quads
                )
            )
        else:
            nums.extend(
                chain.from_iterable(
                    (
                        cur[0] + (s * nxt[0] - s * prev[0]) / 6,
                        cur[1] + (s * nxt[1] - s * prev[1]) / 6,
                        nxt[0] + (s * cur[0] - s * after[0]) / 6,
                        nxt[1] + (s * cur[1] - s * after[1]) / 6,
                        nxt[0],
                        nxt[1],
                    )
                    for prev, cur, nxt, after in quads
                )
            )
    elif n == 3:
        p1, p2 = points[1], points[2]
        out.codes.extend(_MOVE_CURVE)
        out.nums.extend((p1[0], p1[1], p1[0], p1[1], p2[0], p2[1], p2[0], p2[1]))
    elif n == 2:
        _double_lines(((points[0][0], points[0][1], points[1][0], points[1][1]),), o, out)


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
    wanted = (steps / sqrt(200)) * psq
    if math.isfinite(wanted):
        increment = (_PI * 2) / ceil(max(steps, wanted))
    else:
        increment = math.nan  # rough.js loops forever (infinite size) or draws NaN; we draw nothing
    rx = abs(hw)
    ry = abs(hh)
    curve_fit_randomness = 1 - o.curve_fitting
    r = o.roughness
    a, b = o.rng().take(2)
    jx = rx * curve_fit_randomness
    rx += r * (a * (jx + jx) - jx)
    jy = ry * curve_fit_randomness
    ry += r * (b * (jy + jy) - jy)
    return EllipseParams(increment, rx, ry)


def ellipse_with_params(
    x: float, y: float, o: Options, params: EllipseParams
) -> tuple[OpSet, list[list[float]]]:
    """The ellipse outline ops and its estimated (core) points, used by pattern fills."""
    inc = params.increment
    r = o.roughness
    a, b = o.rng().take(2)
    inner = r * (a * (1 - 0.4) + 0.4)  # _offset(0.4, 1), drawn first
    overlap = inc * (r * (b * (inner - 0.1) + 0.1))  # _offset(0.1, inner)
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
    if not increment > 0:
        return pts, core
    if o.roughness == 0:
        if _C is not None:
            made = _C.smooth_ellipse_points(increment, cx, cy, rx, ry)
            if made is not None:  # None: input left to this code (cos(inf) raises, too many points)
                return made
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
    rng = o.rng()
    r = o.roughness
    if _C is not None and rng.seeded and rng.state and type(r) in (int, float):
        made = _C.ellipse_points(increment, cx, cy, rx, ry, offset, overlap, r, rng.state)
        if made is not None:  # None: input left to this code (huge angles, too many points)
            pts, core, rng.state = made
            return pts, core
    off2 = offset + offset
    rad_offset = r * (rng.next() * 1.0 - 0.5) - (_PI / 2)
    angles = []
    end_angle = _TWO_PI + rad_offset - 0.01
    angle = rad_offset
    while angle < end_angle:
        angles.append(angle)
        angle = angle + increment
    n = len(angles)
    jit = [r * (v * off2 - offset) for v in rng.take(2 * n + 8)]
    a = rad_offset - increment
    pts.append([jit[0] + cx + 0.9 * rx * cos(a), jit[1] + cy + 0.9 * ry * sin(a)])
    core = [
        [jx + cx + rx * cos(a), jy + cy + ry * sin(a)]
        for jx, jy, a in zip(jit[2 : 2 + 2 * n : 2], jit[3 : 3 + 2 * n : 2], angles, strict=True)
    ]
    pts.extend(core)
    k = 2 + 2 * n
    a = rad_offset + _TWO_PI + overlap * 0.5
    pts.append([jit[k] + cx + rx * cos(a), jit[k + 1] + cy + ry * sin(a)])
    a = rad_offset + overlap
    pts.append([jit[k + 2] + cx + 0.98 * rx * cos(a), jit[k + 3] + cy + 0.98 * ry * sin(a)])
    a = rad_offset + overlap * 0.5
    pts.append([jit[k + 4] + cx + 0.9 * rx * cos(a), jit[k + 5] + cy + 0.9 * ry * sin(a)])
    return pts, core


# --- SVG path input ------------------------------------------------------------------------------


def svg_path(path: str, o: Options) -> OpSet:
    """rough.js ``svgPath``: each normalized segment drawn as sketchy lines or Béziers."""
    out = OpSet("path")
    first_x = first_y = 0.0
    cur_x = cur_y = 0.0
    for key, data in normalized_segments(path):
        if key == "M":
            cur_x, cur_y = data[0], data[1]
            first_x, first_y = data[0], data[1]
        elif key == "L":
            _double_lines(((cur_x, cur_y, data[0], data[1]),), o, out)
            cur_x, cur_y = data[0], data[1]
        elif key == "C":
            _bezier_to(data[0], data[1], data[2], data[3], data[4], data[5], cur_x, cur_y, o, out)
            cur_x, cur_y = data[4], data[5]
        elif key == "Z":
            _double_lines(((cur_x, cur_y, first_x, first_y),), o, out)
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
    """rough.js ``_bezierTo``: the cubic with jittered controls (and ends unless preserveVertices),
    twice unless single-stroke; the second start uses ``ros[0]`` and the end is drawn before
    the controls."""
    base = o.max_randomness_offset or 1
    ros = (base, base + 0.3)
    iterations = 1 if o.disable_multi_stroke else 2
    pv = o.preserve_vertices
    per_pass = 4 if pv else 6
    count = per_pass * iterations + (0 if pv or iterations == 1 else 2)
    rv = o.rng().take(count)
    r = o.roughness
    codes = out.codes
    nums = out.nums
    k = 0
    for i in range(iterations):
        if i == 0:
            nums.extend((cur_x, cur_y))
        elif pv:
            nums.extend((cur_x + 0.0, cur_y + 0.0))
        else:
            ro = ros[0]
            ro2 = ro + ro
            nums.extend((cur_x + r * (rv[k] * ro2 - ro), cur_y + r * (rv[k + 1] * ro2 - ro)))
            k += 2
        ro = ros[i]
        ro2 = ro + ro
        if pv:
            end_x, end_y = x, y
        else:
            end_x = x + r * (rv[k] * ro2 - ro)
            end_y = y + r * (rv[k + 1] * ro2 - ro)
            k += 2
        codes.extend(_MOVE_CURVE)
        nums.extend(
            (
                x1 + r * (rv[k] * ro2 - ro),
                y1 + r * (rv[k + 1] * ro2 - ro),
                x2 + r * (rv[k + 2] * ro2 - ro),
                y2 + r * (rv[k + 3] * ro2 - ro),
                end_x,
                end_y,
            )
        )
        k += 4


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
            r = o.roughness
            jit = [r * (v * off2 - offset) for v in o.rng().take(2 * n)]
            codes.append(MOVE)
            codes.extend(_LINES[: n - 1] if n <= len(_LINES) else [LINE] * (n - 1))
            k = 0
            for p in points:
                nums.extend((p[0] + jit[k], p[1] + jit[k + 1]))
                k += 2
    return out


def pattern_fill_polygons(polygons: list[list[list[float]]], o: Options) -> OpSet:
    """rough.js ``patternFillPolygons``: the filler named by ``fillStyle`` (polygons are rotated in place)."""
    from .fillers import get_filler

    return get_filler(o).fill_polygons(polygons, o)
