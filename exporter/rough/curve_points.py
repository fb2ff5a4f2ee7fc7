"""Flattening of Bézier chains (points-on-curve 0.2.0) and path data (points-on-path 0.2.1).

These give the polygons that rough.js fills: adaptive de Casteljau subdivision
until a flatness test passes, then Ramer-Douglas-Peucker simplification. No
randomness here. Points are mutable ``[x, y]`` lists because the hachure filler
rotates its polygons in place, like rough.js does.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import sqrt

from .pathdata import normalized_segments
from .prng import accelerator

_C = accelerator()

__all__ = ["curve_to_bezier", "points_on_bezier_curves", "simplify", "points_on_path"]

Point = list[float]


def curve_to_bezier(points_in: Sequence[Sequence[float]], curve_tightness: float = 0) -> list[Point]:
    """Catmull-Rom through the points as a Bézier chain ``[p0, c1, c2, p1, ...]`` (no jitter)."""
    n = len(points_in)
    if n < 3:
        raise ValueError("A curve must have at least three points.")
    out: list[Point] = []
    if n == 3:
        out.extend([list(points_in[0]), list(points_in[1]), list(points_in[2]), list(points_in[2])])
        return out
    pts = [points_in[0], points_in[0], *points_in[1:], points_in[-1]]
    s = 1 - curve_tightness
    out.append(list(pts[0]))
    for i in range(1, len(pts) - 2):
        prev, cur, nxt, after = pts[i - 1], pts[i], pts[i + 1], pts[i + 2]
        out.append([cur[0] + (s * nxt[0] - s * prev[0]) / 6, cur[1] + (s * nxt[1] - s * prev[1]) / 6])
        out.append([nxt[0] + (s * cur[0] - s * after[0]) / 6, nxt[1] + (s * cur[1] - s * after[1]) / 6])
        out.append([nxt[0], nxt[1]])
    return out


def _flatness(p1: Point, p2: Point, p3: Point, p4: Point) -> float:
    ux = 3 * p2[0] - 2 * p1[0] - p4[0]
    ux *= ux
    uy = 3 * p2[1] - 2 * p1[1] - p4[1]
    uy *= uy
    vx = 3 * p3[0] - 2 * p4[0] - p1[0]
    vx *= vx
    vy = 3 * p3[1] - 2 * p4[1] - p1[1]
    vy *= vy
    if ux < vx:
        ux = vx
    if uy < vy:
        uy = vy
    return ux + uy


def _lerp(a: Point, b: Point, t: float) -> Point:
    return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]


def _split_into(p1: Point, p2: Point, p3: Point, p4: Point, tolerance: float, out: list[Point]) -> None:
    """``getPointsOnBezierCurveWithSplitting`` for one cubic."""
    if _flatness(p1, p2, p3, p4) < tolerance:
        if out:
            last = out[-1]
            dx = last[0] - p1[0]
            dy = last[1] - p1[1]
            if sqrt(dx * dx + dy * dy) > 1:
                out.append(p1)
        else:
            out.append(p1)
        out.append(p4)
        return
    q1 = _lerp(p1, p2, 0.5)
    q2 = _lerp(p2, p3, 0.5)
    q3 = _lerp(p3, p4, 0.5)
    r1 = _lerp(q1, q2, 0.5)
    r2 = _lerp(q2, q3, 0.5)
    red = _lerp(r1, r2, 0.5)
    _split_into(p1, q1, r1, red, tolerance, out)
    _split_into(red, r2, q3, p4, tolerance, out)


def points_on_bezier_curves(
    points: list[Point], tolerance: float = 0.15, distance: float | None = None
) -> list[Point]:
    flat = _C.flatten_beziers(points, tolerance) if _C is not None and type(points) is list else None
    if flat is not None:  # None: not all [float, float] points, or left to the Python
        if distance and distance > 0:
            return simplify(flat, distance)
        return flat
    out: list[Point] = []
    segments = (len(points) - 1) // 3
    for i in range(segments):
        o = i * 3
        _split_into(points[o], points[o + 1], points[o + 2], points[o + 3], tolerance, out)
    if distance and distance > 0:
        return _simplify_points(out, 0, len(out), distance)
    return out


def _simplify_points(points: list[Point], start: int, end: int, epsilon: float) -> list[Point]:
    """Ramer-Douglas-Peucker as points-on-curve writes it (explicit stack, same output order).

    The point-to-segment distance (``distanceToSegmentSq``) is inlined:
    ``t = clamp(((p - v) . (w - v)) / |w - v|^2)``, distance to ``v + (w - v) * t``.
    """
    out: list[Point] = []
    stack = [(start, end)]
    while stack:
        start, end = stack.pop()
        s = points[start]
        e = points[end - 1]
        sx, sy = s[0], s[1]
        wx = e[0] - sx
        wy = e[1] - sy
        l2 = wx * wx + wy * wy
        max_dist_sq = 0.0
        max_ndx = 1
        for i in range(start + 1, end - 1):
            p = points[i]
            dx = p[0] - sx
            dy = p[1] - sy
            if l2 != 0:
                t = (dx * wx + dy * wy) / l2
                if t < 0:
                    t = 0
                elif t > 1:
                    t = 1
                dx = p[0] - (sx + wx * t)
                dy = p[1] - (sy + wy * t)
            d = dx * dx + dy * dy
            if d > max_dist_sq:
                max_dist_sq = d
                max_ndx = i
        if sqrt(max_dist_sq) > epsilon:
            stack.append((max_ndx, end))
            stack.append((start, max_ndx + 1))
        else:
            if not out:
                out.append(s)
            out.append(e)
    return out


def simplify(points: list[Point], distance: float) -> list[Point]:
    if _C is not None and type(points) is list:
        out = _C.simplify_points(points, distance)
        if out is not None:
            return out
    return _simplify_points(points, 0, len(points), distance)


def points_on_path(path: str, tolerance: float, distance: float | None) -> list[list[Point]]:
    """points-on-path ``pointsOnPath``: one polygon per subpath, simplified with ``distance``."""
    sets: list[list[Point]] = []
    current: list[Point] = []
    start: Point = [0, 0]
    pending: list[Point] = []

    def append_pending_curve() -> None:
        nonlocal pending
        if len(pending) >= 4:
            current.extend(points_on_bezier_curves(pending, tolerance))
        pending = []

    def append_pending_points() -> None:
        nonlocal current
        append_pending_curve()
        if current:
            sets.append(current)
            current = []

    for key, data in normalized_segments(path):
        if key == "M":
            append_pending_points()
            start = [data[0], data[1]]
            current.append(start)
        elif key == "L":
            append_pending_curve()
            current.append([data[0], data[1]])
        elif key == "C":
            if not pending:
                last = current[-1] if current else start
                pending.append([last[0], last[1]])
            pending.append([data[0], data[1]])
            pending.append([data[2], data[3]])
            pending.append([data[4], data[5]])
        elif key == "Z":
            append_pending_curve()
            current.append([start[0], start[1]])
    append_pending_points()
    if not distance:
        return sets
    out = []
    for s in sets:
        simplified = simplify(s, distance)
        if simplified:
            out.append(simplified)
    return out
