"""Where an arrow's bound label sits (doc §6.4, XM/ZF algorithm).

``LinearElementEditor.getBoundTextElementPosition``: the label is centred on
the middle point of the arrow (odd number of points) or on the middle of the
middle segment, measured along a roughness-0 copy of the shaft: straight
segments for sharp arrows, Catmull-Rom cubics for round ones (the point at
half the arc length, found by bisection with 24-point Gauss-Legendre lengths).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from exporter.render.bounds import rotate
from exporter.scene.model import Element

if TYPE_CHECKING:
    from exporter.render.bounds import Geometry
    from exporter.render.context import RenderContext

__all__ = ["label_position", "compute_label_position", "curve_point_at_length"]

Point = tuple[float, float]
Cubic = tuple[Point, Point, Point, Point]

_GL_T = (
    -0.06405689286260563, 0.06405689286260563, -0.1911188674736163, 0.1911188674736163,
    -0.3150426796961634, 0.3150426796961634, -0.4337935076260451, 0.4337935076260451,
    -0.5454214713888396, 0.5454214713888396, -0.6480936519369755, 0.6480936519369755,
    -0.7401241915785544, 0.7401241915785544, -0.820001985973903, 0.820001985973903,
    -0.8864155270044011, 0.8864155270044011, -0.9382745520027328, 0.9382745520027328,
    -0.9747285559713095, 0.9747285559713095, -0.9951872199970213, 0.9951872199970213,
)
_GL_C = (
    0.12793819534675216, 0.12793819534675216, 0.1258374563468283, 0.1258374563468283,
    0.12167047292780339, 0.12167047292780339, 0.1155056680537256, 0.1155056680537256,
    0.10744427011596563, 0.10744427011596563, 0.09761865210411388, 0.09761865210411388,
    0.08619016153195327, 0.08619016153195327, 0.0733464814110803, 0.0733464814110803,
    0.05929858491543678, 0.05929858491543678, 0.04427743881741981, 0.04427743881741981,
    0.028531388628933663, 0.028531388628933663, 0.0123412297999872, 0.0123412297999872,
)


def label_position(arrow: Element, text: Element, ctx: RenderContext) -> tuple[float, float]:
    """Scene coordinates of the top-left corner of ``text`` bound to ``arrow``."""
    return ctx.geometry.label_position(arrow, text)


def _bezier(c: Cubic, t: float) -> Point:
    u = 1 - t
    return (
        u**3 * c[0][0] + 3 * u**2 * t * c[1][0] + 3 * u * t**2 * c[2][0] + t**3 * c[3][0],
        u**3 * c[0][1] + 3 * u**2 * t * c[1][1] + 3 * u * t**2 * c[2][1] + t**3 * c[3][1],
    )


def _tangent(c: Cubic, t: float) -> Point:
    (p0, p1, p2, p3) = c
    u = 1 - t
    return (
        -3 * u * u * p0[0] + 3 * u * u * p1[0] - 6 * t * u * p1[0] - 3 * t * t * p2[0] + 6 * t * u * p2[0] + 3 * t * t * p3[0],
        -3 * u * u * p0[1] + 3 * u * u * p1[1] - 6 * t * u * p1[1] - 3 * t * t * p2[1] + 6 * t * u * p2[1] + 3 * t * t * p3[1],
    )


def _length_at(c: Cubic, t: float) -> float:
    if t <= 0:
        return 0
    z = t / 2
    total = 0.0
    for ti, ci in zip(_GL_T, _GL_C, strict=True):
        dx, dy = _tangent(c, z * ti + z)
        total += ci * math.sqrt(dx * dx + dy * dy)
    return z * total


def _length(c: Cubic) -> float:
    z = 0.5
    total = 0.0
    for ti, ci in zip(_GL_T, _GL_C, strict=True):
        dx, dy = _tangent(c, z * ti + z)
        total += ci * math.sqrt(dx * dx + dy * dy)
    return z * total


def curve_point_at_length(c: Cubic, percent: float) -> Point:
    """``curvePointAtLength``: bisection on t until the arc length is within 1e-4 of the target."""
    if percent <= 0:
        return _bezier(c, 0)
    if percent >= 1:
        return _bezier(c, 1)
    total = _length(c)
    target = total * percent
    t_min, t_max, t = 0.0, 1.0, percent
    tolerance = total * 1e-4
    for _ in range(20):
        current = _length_at(c, t) if t < 1 else _length(c)
        if abs(current - target) < tolerance:
            break
        if current < target:
            t_min = t
        else:
            t_max = t
        t = (t_min + t_max) / 2
    return _bezier(c, t)


def _catmull_rom_cubics(points: Sequence[Sequence[float]]) -> list[Cubic]:
    """The Bézier segments rough.js ``curve()`` draws through ``points`` with no jitter."""
    ps = [points[0], points[0], *points[1:], points[-1]]
    out: list[Cubic] = []
    for i in range(1, len(ps) - 2):
        b1 = (ps[i][0] + (ps[i + 1][0] - ps[i - 1][0]) / 6, ps[i][1] + (ps[i + 1][1] - ps[i - 1][1]) / 6)
        b2 = (ps[i + 1][0] + (ps[i][0] - ps[i + 2][0]) / 6, ps[i + 1][1] + (ps[i][1] - ps[i + 2][1]) / 6)
        out.append(((ps[i][0], ps[i][1]), b1, b2, (ps[i + 1][0], ps[i + 1][1])))
    return out


def _path_segments(arrow: Element, geom: Geometry) -> tuple[list[tuple[Point, Point]], list[Cubic]]:
    """``deconstructLinearOrFreeDrawElement`` of the collision shape: straight segments
    (sharp arrows) or cubics (round ones), rotated about the arrow's centre, in scene coordinates."""
    points = arrow.get("points") or []
    ax, ay = arrow.get("x", 0), arrow.get("y", 0)
    angle = arrow.get("angle", 0) or 0
    x1, y1, x2, y2, _, _ = geom.abs_coords(arrow)
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2

    def place(p: Sequence[float]) -> Point:
        rx, ry = rotate(ax + p[0], ay + p[1], cx, cy, angle)
        # stored relative to (x, y), then added back: keep that rounding
        return ax + (rx - ax), ay + (ry - ay)

    if not arrow.get("roundness"):
        placed = [place(p) for p in points]
        return list(zip(placed, placed[1:], strict=False)), []
    cubics = [tuple(place(p) for p in seg) for seg in _catmull_rom_cubics(points)]
    return [], cubics  # type: ignore[return-value]


def _point_at_path_parameter(arrow: Element, parameter: float, geom: Geometry) -> Point | None:
    """``getPointAtPathParameter``: the point at ``parameter`` (0..1) of the path length."""
    if not math.isfinite(parameter):
        return None
    points = arrow.get("points") or []
    if arrow.get("elbowed"):
        ax, ay = arrow.get("x", 0), arrow.get("y", 0)
        lines = [((ax + a[0], ay + a[1]), (ax + b[0], ay + b[1])) for a, b in zip(points, points[1:], strict=False)]
        cubics: list[Cubic] = []
    else:
        lines, cubics = _path_segments(arrow, geom)
    lengths = [_length(c) for c in cubics] if cubics else [math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in lines]
    if not lengths:
        return None
    prefix = [0.0]
    for length in lengths:
        prefix.append(prefix[-1] + length)
    target = min(max(parameter, 0), 1) * prefix[-1]
    i = next((k for k in range(len(lengths)) if target <= prefix[k + 1]), len(lengths) - 1)
    fraction = 0 if lengths[i] == 0 else min(max((target - prefix[i]) / lengths[i], 0), 1)
    if cubics:
        return curve_point_at_length(cubics[i], fraction)
    a, b = lines[i]
    return a[0] + fraction * (b[0] - a[0]), a[1] + fraction * (b[1] - a[1])


def compute_label_position(arrow: Element, text: Element, geom: Geometry) -> tuple[float, float]:
    points = arrow.get("points") or []
    w, h = text.get("width", 0), text.get("height", 0)
    if len(points) < 2:
        return text.get("x", 0), text.get("y", 0)
    parameter = text.get("labelPosition")
    if arrow.get("type") == "arrow" and isinstance(parameter, (int, float)) and not isinstance(parameter, bool):
        point = _point_at_path_parameter(arrow, parameter, geom)
        if point is not None:
            return point[0] - w / 2, point[1] - h / 2
    n = len(points)
    if n % 2 == 1:
        ax, ay = arrow.get("x", 0), arrow.get("y", 0)
        x1, y1, x2, y2, _, _ = geom.abs_coords(arrow)
        p = points[n // 2]
        mx, my = rotate(ax + p[0], ay + p[1], (x1 + x2) / 2, (y1 + y2) / 2, arrow.get("angle", 0) or 0)
    else:
        i = n // 2 - 1
        if arrow.get("type") == "arrow" and arrow.get("elbowed"):
            a, b = points[i], points[i + 1]
            mx, my = arrow.get("x", 0) + (a[0] + b[0]) / 2, arrow.get("y", 0) + (a[1] + b[1]) / 2
        else:
            lines, cubics = _path_segments(arrow, geom)
            if cubics:
                mx, my = curve_point_at_length(cubics[i], 0.5)
            else:
                a, b = lines[i]
                mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    return mx - w / 2, my - h / 2
