"""Axis-aligned element boxes for layout analysis (not for drawing: no rough shafts)."""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

from exporter.document.model import Bounds
from exporter.scene.model import Element

_LINEAR = ("line", "arrow", "freedraw", "draw")
T = TypeVar("T")


def _num(value: object, default: float = 0.0) -> float:
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default
    return v if math.isfinite(v) else default


def element_box(el: Element) -> Bounds:
    """The element's box in scene coordinates: rotated corners, or its points for linear elements."""
    x, y = _num(el.get("x")), _num(el.get("y"))
    angle = _num(el.get("angle"))
    if el.get("type") in _LINEAR and el.get("points"):
        pts = [(x + _num(p[0]), y + _num(p[1])) for p in el["points"]
               if isinstance(p, (list, tuple)) and len(p) >= 2]
        if pts:
            if angle:
                xs0, ys0 = [p[0] for p in pts], [p[1] for p in pts]
                cx, cy = (min(xs0) + max(xs0)) / 2, (min(ys0) + max(ys0)) / 2
                pts = [_rotate(px, py, cx, cy, angle) for px, py in pts]
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            return min(xs), min(ys), max(xs), max(ys)
    w, h = _num(el.get("width")), _num(el.get("height"))
    x0, y0, x1, y1 = min(x, x + w), min(y, y + h), max(x, x + w), max(y, y + h)
    if not angle:
        return x0, y0, x1, y1
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    corners = [_rotate(px, py, cx, cy, angle) for px, py in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _rotate(x: float, y: float, cx: float, cy: float, angle: float) -> tuple[float, float]:
    c, s = math.cos(angle), math.sin(angle)
    return (x - cx) * c - (y - cy) * s + cx, (x - cx) * s + (y - cy) * c + cy


def union(boxes: Iterable[Bounds]) -> Bounds | None:
    boxes = list(boxes)
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def area(b: Bounds) -> float:
    return max(0.0, b[2] - b[0]) * max(0.0, b[3] - b[1])


def contains(outer: Bounds, inner: Bounds, tolerance: float = 0.0) -> bool:
    """``inner`` lies inside ``outer`` (grown by ``tolerance`` on every side)."""
    return (inner[0] >= outer[0] - tolerance and inner[1] >= outer[1] - tolerance
            and inner[2] <= outer[2] + tolerance and inner[3] <= outer[3] + tolerance)


def contains_point(outer: Bounds, x: float, y: float) -> bool:
    return outer[0] <= x <= outer[2] and outer[1] <= y <= outer[3]


class GridIndex(Generic[T]):
    """Boxes bucketed on a uniform grid: "which items may contain or overlap this box?" without scanning all.

    The cell is the median item size; an item spanning more than ``MAX_CELLS``
    cells is kept in a short list that every query returns.
    """

    MAX_CELLS = 1024

    def __init__(self, items: Iterable[tuple[Bounds, T]]) -> None:
        self.items = list(items)
        sizes = sorted(max(b[2] - b[0], b[3] - b[1]) for b, _ in self.items) or [1.0]
        self.cell = max(sizes[len(sizes) // 2], 1.0)
        self.cells: dict[tuple[int, int], list[int]] = {}
        self.big: list[int] = []
        for i, (b, _) in enumerate(self.items):
            span = self._span(b)
            if span is None:
                self.big.append(i)
                continue
            x0, y0, x1, y1 = span
            for ix in range(x0, x1 + 1):
                for iy in range(y0, y1 + 1):
                    self.cells.setdefault((ix, iy), []).append(i)

    def _span(self, b: Bounds) -> tuple[int, int, int, int] | None:
        c = self.cell
        x0, y0, x1, y1 = (math.floor(b[0] / c), math.floor(b[1] / c), math.floor(b[2] / c), math.floor(b[3] / c))
        if (x1 - x0 + 1) * (y1 - y0 + 1) > self.MAX_CELLS:
            return None
        return x0, y0, x1, y1

    def iter_query(self, box: Bounds) -> Iterator[T]:
        """Like :meth:`query`, lazily, in insertion order: cheap when the caller stops at the first hit."""
        span = self._span(box)
        if span is None:
            yield from (item for _, item in self.items)
            return
        x0, y0, x1, y1 = span
        lists = [self.big] + [self.cells.get((ix, iy), []) for ix in range(x0, x1 + 1) for iy in range(y0, y1 + 1)]
        last = -1
        for i in heapq.merge(*[lst for lst in lists if lst]):
            if i != last:
                last = i
                yield self.items[i][1]

    def query(self, box: Bounds) -> list[T]:
        """Items whose cells meet ``box`` (a superset of those that overlap it), in insertion order."""
        span = self._span(box)
        if span is None:
            return [item for _, item in self.items]
        found: set[int] = set(self.big)
        x0, y0, x1, y1 = span
        for ix in range(x0, x1 + 1):
            for iy in range(y0, y1 + 1):
                found.update(self.cells.get((ix, iy), ()))
        return [self.items[i][1] for i in sorted(found)]
