"""Hachure scan lines: rough.js ``polygonHachureLines`` + hachure-fill 0.5.2 ``hachureLines``.

The polygons are rotated (in place, as in JS: a second pass such as
cross-hatch sees the rotated-and-back coordinates) so the hachure runs
horizontally, scanned from the lowest vertex upwards in steps of 1 (or of
``gap`` when a random draw > 0.7 says so), and the lines rotated back.

The JS loop visits every step, adds ``step * islope`` to each active edge's x
and emits lines on the steps that are multiples of ``gap``. We reproduce those
exact running sums with ``itertools.accumulate`` (C speed), find when each edge
joins and leaves by bisection, and only do Python work per emitted line: the
cost is O(edges log edges + lines) plus the C-speed sums.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from itertools import accumulate, pairwise, repeat

from ..options import Options
from ..prng import accelerator

_C = accelerator()

__all__ = ["polygon_hachure_lines", "hachure_lines", "js_round", "Line"]

#: A hachure line ``(x1, y1, x2, y2)``.
Line = tuple[float, float, float, float]

# floor(x + 0.5) is Math.round(x) for every |x| < 2**52 except this one value.
_ROUNDS_WRONG = 0.49999999999999994


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
        if (r or o.math_random()) > 0.7:
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
    """hachure-fill ``hachureLines``: lines ``(x1, y1, x2, y2)`` in the polygons' frame."""
    gap = max(gap, 0.1)
    if not angle:
        return [(x1, y, x2, y) for x1, x2, y in _straight_hachure_lines(polygons, gap, step)]
    if _C is not None and type(polygons) is list:
        lines = _C.hachure_lines(polygons, gap, angle, step, _python_rows)
        if lines is not None:  # None (nothing rotated): polygons left to this code
            return lines
    for polygon in polygons:
        _rotate_points(polygon, angle)
    rows = _straight_hachure_lines(polygons, gap, step)
    for polygon in polygons:
        _rotate_points(polygon, -angle)
    back = (math.pi / 180) * -angle
    c = math.cos(back)
    s = math.sin(back)
    return [
        (x1 * c - y * s + 0.0, x1 * s + y * c + 0.0, x2 * c - y * s + 0.0, x2 * s + y * c + 0.0)
        for x1, x2, y in rows
    ]


def _python_rows(polygons: list[list[list[float]]], gap: float, step: float) -> list[tuple[float, float, float]]:
    """:func:`_straight_hachure_lines` without the C (its fallback where the C declines)."""
    return _straight_hachure_lines(polygons, gap, step, False)


def _straight_hachure_lines(
    polygons: list[list[list[float]]], gap: float, step: float, accelerated: bool = True
) -> list[tuple[float, float, float]]:
    """Horizontal hachure rows ``(x_left, x_right, y)`` (x already ``Math.round``-ed)."""
    if accelerated and _C is not None and type(polygons) is list:
        rows = _C.hachure_rows(polygons, gap, step)
        if rows is not None:  # None: inputs the C leaves to this code (non-numbers, huge values)
            return rows
    # Edges (ymin, ymax, x at ymin, inverse slope); horizontal edges are skipped.
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
        for p1, p2 in pairwise(vertices):
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
    if not edges:
        return []
    if not all(map(math.isfinite, (v for e in edges for v in e))):
        # rough.js would print NaN lines (which browsers drop); draw none instead of failing.
        edges = [e for e in edges if all(map(math.isfinite, e))]
        if not edges:
            return []
    # The JS sorts edges by (ymin, x, ymax) and the active ones by x at every step; the
    # rows only depend on the lowest ymin and on the sorted x values, computed below.
    y0 = min(e[0] for e in edges)
    top = max(e[1] for e in edges)

    # ys[k] is the scan line of iteration k: y0 + step + step + ... (summed like the JS loop).
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
        return []
    spans.sort(key=lambda s: s[0])
    last_iteration = max(s[1] for s in spans)

    # Iterations that emit: all of them, or (step 1) those where `iteration % gap === 0`.
    stride = 0
    if step != 1:
        stride = 1
    elif float(gap).is_integer():
        stride = int(gap)
    emitting = None if stride else [k for k in range(last_iteration) if math.fmod(k, gap) == 0]

    # Cut the iterations into runs where the set of active edges does not change.
    cuts = sorted({0, last_iteration, *(s[0] for s in spans), *(s[1] for s in spans)})
    rows: list[tuple[float, float, float]] = []
    xs_of: dict[int, list[float]] = {}
    active: list[int] = []
    joined = 0
    for lo, hi in pairwise(cuts):
        active = [i for i in active if spans[i][1] > lo]
        while joined < len(spans) and spans[joined][0] <= lo:
            active.append(joined)
            joined += 1
        if len(active) < 2:
            continue
        if stride:
            first = -(-lo // stride) * stride
            if first >= hi:
                continue
            ks = range(first, hi, stride)
        else:
            ks = [k for k in emitting if lo <= k < hi]  # type: ignore[union-attr]
            if not ks:
                continue
        # x of an active edge at iteration k is its running sum after k - enter steps.
        columns = []
        for i in active:
            xs = xs_of.get(i)
            if xs is None:
                enter, leave, x, dx = spans[i]
                xs = xs_of[i] = list(accumulate(repeat(dx, leave - enter - 1), initial=x))
            enter = spans[i][0]
            if stride:
                columns.append(xs[ks.start - enter : ks.stop - enter : stride])  # type: ignore[union-attr]
            else:
                columns.append([xs[k - enter] for k in ks])
        y_values = ys[ks.start : ks.stop : stride] if stride else [ys[k] for k in ks]  # type: ignore[union-attr]
        if len(columns) == 2:
            a, b = columns
            lefts = list(map(min, a, b))
            rights = list(map(max, a, b))
            if _ROUNDS_WRONG in lefts or _ROUNDS_WRONG in rights:
                lefts = [float(js_round(v)) for v in lefts]
                rights = [float(js_round(v)) for v in rights]
            else:
                lefts = [math.floor(v + 0.5) for v in lefts]
                rights = [math.floor(v + 0.5) for v in rights]
            rows.extend(zip(lefts, rights, y_values, strict=True))
        else:
            for row, y in zip(zip(*columns, strict=True), y_values, strict=True):
                xs_sorted = sorted(row)
                for j in range(0, len(xs_sorted) - 1, 2):
                    rows.append((js_round(xs_sorted[j]), js_round(xs_sorted[j + 1]), y))
    return rows
