"""Stroked cubics that a browser draws as straight lines, rewritten as those lines.

Chromium strokes with Skia, whose stroker treats a cubic whose inner control
points lie close to the line through its outer points as a line
(``SkPathStroker::CheckCubicLinear``: squared distance at most 1e-5 times the
square of the largest coordinate span). It then strokes lines through the
curve's points of maximum curvature strictly inside it, or the plain chord. A
long rough.js edge (a 3,600 px side with a 7 px bow) is such a cubic: Excalidraw's
PNG and our SVG in Chromium show it straight, cairo draws the bow (elte-
brainstorming: two strokes 4 px apart where the browser has one). Fills are
not affected. Our own code, from the algorithm's description in Skia's
SkStroke.cpp and SkGeometry.cpp.
"""

from __future__ import annotations

import math
import re

__all__ = ["straighten_stroke_path"]

_LINE_SLOP = 0.00001
_TOKEN = re.compile(r"[MCL]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_ONLY_MCL = re.compile(r"^[MCL0-9eE.,\s+-]*$")

Point = tuple[float, float]


def _dist_to_line_sq(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    denom = dx * dx + dy * dy
    if denom == 0 or not math.isfinite(denom):
        return (p[0] - a[0]) ** 2 + (p[1] - a[1]) ** 2
    t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / denom
    hx, hy = a[0] * (1 - t) + b[0] * t, a[1] * (1 - t) + b[1] * t
    return (hx - p[0]) ** 2 + (hy - p[1]) ** 2


def cubic_in_line(c: tuple[Point, Point, Point, Point]) -> bool:
    """The two points not farthest apart lie within the slop of the line through the other two."""
    best = -1.0
    outer = (0, 3)
    for i in range(3):
        for j in range(i + 1, 4):
            span = max(abs(c[j][0] - c[i][0]), abs(c[j][1] - c[i][1]))
            if best < span:
                best, outer = span, (i, j)
    o1, o2 = outer
    mid1 = (1 + (2 >> o2)) >> o1
    mid2 = o1 ^ o2 ^ mid1
    slop = best * best * _LINE_SLOP
    return (_dist_to_line_sq(c[mid1], c[o1], c[o2]) <= slop
            and _dist_to_line_sq(c[mid2], c[o1], c[o2]) <= slop)


def _unit_quad_roots(a: float, b: float, c: float) -> list[float]:
    if a == 0:
        return [-c / b] if b != 0 and 0 < -c / b < 1 else []
    disc = b * b - 4 * a * c
    if disc < 0:
        return []
    r = math.sqrt(disc)
    q = -(b - r) / 2 if b < 0 else -(b + r) / 2
    roots = [x for x in ((q / a), (c / q) if q != 0 else math.nan) if 0 < x < 1]
    return sorted(set(roots))


def max_curvature_ts(c: tuple[Point, Point, Point, Point]) -> list[float]:
    """t in [0, 1] where F'(t) . F''(t) = 0 (SkFindCubicMaxCurvature), duplicates merged."""
    coeff = [0.0, 0.0, 0.0, 0.0]
    for k in (0, 1):
        a = c[1][k] - c[0][k]
        b = c[2][k] - 2 * c[1][k] + c[0][k]
        cc = c[3][k] + 3 * (c[1][k] - c[2][k]) - c[0][k]
        coeff[0] += cc * cc
        coeff[1] += 3 * b * cc
        coeff[2] += 2 * b * b + cc * a
        coeff[3] += a * b
    if abs(coeff[0]) <= 1 / 4096:  # SkScalarNearlyZero: a quadratic
        return _unit_quad_roots(coeff[1], coeff[2], coeff[3])
    inv = 1 / coeff[0]
    a, b, cc = coeff[1] * inv, coeff[2] * inv, coeff[3] * inv
    q = (a * a - b * 3) / 9
    r = (2 * a * a * a - 9 * a * b + 27 * cc) / 54
    q3 = q * q * q
    adiv3 = a / 3
    if r * r - q3 < 0:  # three real roots
        theta = math.acos(min(1.0, max(-1.0, r / math.sqrt(q3))))
        neg2 = -2 * math.sqrt(q)
        roots = [min(1.0, max(0.0, neg2 * math.cos((theta + k * 2 * math.pi) / 3) - adiv3)) for k in (0, 1, -1)]
        return sorted(set(roots))
    big = abs(r) + math.sqrt(r * r - q3)
    big = math.copysign(abs(big) ** (1 / 3), big)
    if r > 0:
        big = -big
    if big != 0:
        big += q / big
    return [min(1.0, max(0.0, big - adiv3))]


def _at(c: tuple[Point, Point, Point, Point], t: float) -> Point:
    u = 1 - t
    return (u * u * u * c[0][0] + 3 * u * u * t * c[1][0] + 3 * u * t * t * c[2][0] + t * t * t * c[3][0],
            u * u * u * c[0][1] + 3 * u * u * t * c[1][1] + 3 * u * t * t * c[2][1] + t * t * t * c[3][1])


def _fmt(v: float) -> str:
    return repr(v)  # exact: the C path (exporter/raster/_cairopath.c) draws the same doubles


def straighten_stroke_path(d: str) -> str | None:
    """``d`` with the cubics Skia strokes as lines replaced by those lines; None when nothing
    changes or ``d`` is not made of absolute M/C/L commands only (rough.js paths are)."""
    if "C" not in d or not _ONLY_MCL.match(d):
        return None
    tokens = _TOKEN.findall(d)
    out: list[str] = []
    changed = False
    i = 0
    cur: Point = (0.0, 0.0)
    try:
        while i < len(tokens):
            command = tokens[i]
            if command in ("M", "L"):
                cur = (float(tokens[i + 1]), float(tokens[i + 2]))
                out.append(f"{command}{tokens[i + 1]} {tokens[i + 2]}")
                i += 3
            elif command == "C":
                nums = [float(v) for v in tokens[i + 1:i + 7]]
                if len(nums) != 6:
                    return None
                cubic = (cur, (nums[0], nums[1]), (nums[2], nums[3]), (nums[4], nums[5]))
                end = cubic[3]
                if all(map(math.isfinite, nums)) and cubic_in_line(cubic):
                    for t in max_curvature_ts(cubic):
                        if 0 < t < 1:
                            p = _at(cubic, t)
                            if p != cubic[0] and p != end:
                                out.append(f"L{_fmt(p[0])} {_fmt(p[1])}")
                    out.append(f"L{tokens[i + 5]} {tokens[i + 6]}")
                    changed = True
                else:
                    out.append("C" + " ".join(tokens[i + 1:i + 7]))
                cur = end
                i += 7
            else:
                return None
    except (IndexError, ValueError):
        return None
    return " ".join(out) if changed else None
