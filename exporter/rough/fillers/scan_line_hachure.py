"""Hachure scan lines: rough.js ``polygonHachureLines`` + hachure-fill 0.5.2 ``hachureLines``.

The polygons are rotated (in place, as in JS) so the hachure runs horizontally,
scanned from the lowest edge upwards in steps of 1 (or of ``gap`` when a random
draw > 0.7 says so), and the lines rotated back. The JS loop visits every step
and adds ``step * islope`` to each active edge's x; we reproduce those exact
sums with ``itertools.accumulate`` and only look at the steps that emit lines,
so the work is O(edges log edges + lines) plus C-speed sums.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from itertools import accumulate, repeat

from ..options import Options
from ..prng import math_random

__all__ = ["polygon_hachure_lines", "hachure_lines", "js_round"]

Line = list[list[float]]


def js_round(x: float) -> float:
    """``Math.round``: nearest integer, halves towards +infinity."""
    r = math.floor(x)
    return float(r + 1) if x - r >= 0.5 else float(r)


def polygon_hachure_lines(polygons: list[list[list[float]]], o: Options) -> list[Line]:
    angle = o.hachure_angle + 90
    gap = o.hachure_gap
    if gap < 0:
        gap = o.stroke_width * 4
    gap = max(gap, 0.1)
    skip_offset = 1
    if o.roughness >= 1:
        # `o.randomizer?.next() || Math.random()`: reads the shape's randomizer if it exists.
        r = o.randomizer.next() if o.randomizer is not None else 0
        if (r or math_random()) > 0.7:
            skip_offset = gap
    return hachure_lines(polygons, gap, angle, skip_offset or 1)


def _rotate_points(points: list[list[float]], degrees: float) -> None:
    angle = (math.pi / 180) * degrees
    c = math.cos(angle)
    s = math.sin(angle)
    for p in points:
        x, y = p[0], p[1]
        p[0] = x * c - y * s + 0.0
        p[1] = x * s + y * c + 0.0


def hachure_lines(polygons: list[list[list[float]]], gap: float, angle: float, step: float = 1) -> list[Line]:
    gap = max(gap, 0.1)
    if angle:
        for polygon in polygons:
            _rotate_points(polygon, angle)
    lines = _straight_hachure_lines(polygons, gap, step)
    if angle:
        for polygon in polygons:
            _rotate_points(polygon, -angle)
        _rotate_points([p for line in lines for p in line], -angle)
    return lines


def _straight_hachure_lines(polygons: list[list[list[float]]], gap: float, step: float) -> list[Line]:
    # Edges as [ymin, ymax, x at ymin, inverse slope]; horizontal edges are skipped.
    edges: list[tuple[float, float, float, float]] = []
    for polygon in polygons:
        if not polygon:
            continue  # rough.js would throw here
        vertices = list(polygon)
        first, last = vertices[0], vertices[-1]
        if not (first[0] == last[0] and first[1] == last[1]):
            vertices.append([first[0], first[1]])
        if len(vertices) <= 2:
            continue
        for i in range(len(vertices) - 1):
            p1 = vertices[i]
            p2 = vertices[i + 1]
            if p1[1] != p2[1]:
                ymin = min(p1[1], p2[1])
                edges.append(
                    (
                        ymin,
                        max(p1[1], p2[1]),
                        p1[0] if ymin == p1[1] else p2[0],
                        (p2[0] - p1[0]) / (p2[1] - p1[1]),
                    )
                )
    lines: list[Line] = []
    if not edges:
        return lines
    # The JS sorts edges by (ymin, x, ymax) and the active ones by x at every step; the
    # lines only depend on the lowest ymin and on the sorted x values, computed below.
    y0 = min(e[0] for e in edges)

    # ys[k] is the scan line of iteration k: y0 + step + step + ... (summed like the JS loop).
    top = max(e[1] for e in edges)
    count = int((top - y0) / step) + 3
    ys = list(accumulate(repeat(step, count), initial=y0))
    while ys[-1] < top:
        ys.extend(accumulate(repeat(step, count), initial=ys[-1] + step))

    # Iteration at which each edge joins (first y >= ymin) and leaves (first y >= ymax).
    spans = []
    for ymin, ymax, x, islope in edges:
        enter = bisect_left(ys, ymin)
        leave = bisect_left(ys, ymax, enter)
        if leave > enter:
            spans.append((enter, leave, x, step * islope))
    if not spans:
        return lines
    spans.sort(key=lambda s: s[0])
    last_iteration = max(s[1] for s in spans)

    if step != 1:
        emitting = range(0, last_iteration)
    elif float(gap).is_integer():
        emitting = range(0, last_iteration, int(gap))
    else:
        emitting = [k for k in range(last_iteration) if math.fmod(k, gap) == 0]

    # x of an active edge at iteration k is xs[k - enter] (the JS running sum).
    active: list[tuple[int, int, list[float]]] = []
    nxt = 0
    total = len(spans)
    for k in emitting:
        while nxt < total and spans[nxt][0] <= k:
            enter, leave, x, dx = spans[nxt]
            active.append((enter, leave, list(accumulate(repeat(dx, leave - enter - 1), initial=x))))
            nxt += 1
        if not active:
            continue
        active = [a for a in active if a[1] > k]
        if len(active) < 2:
            continue
        xs = sorted(a[2][k - a[0]] for a in active)
        y = ys[k]
        for i in range(0, len(xs) - 1, 2):
            lines.append([[js_round(xs[i]), y], [js_round(xs[i + 1]), y]])
    return lines
