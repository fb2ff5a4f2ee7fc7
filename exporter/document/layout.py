"""Reading order of boxes on a page: a recursive XY-cut.

At each step the boxes are split at the widest empty band across the whole
group: a horizontal band splits them into rows (read top to bottom), a
vertical band into columns (read left to right, each column top to bottom
before the next). When both exist, the wider gap wins and rows win ties, so a
regular grid reads row by row while columns with a wide gutter read as
columns. Boxes that no band separates are read top to bottom, then left to
right.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from exporter.document.model import Bounds

T = TypeVar("T")

# A cut must beat the other direction's gap by this factor to win against rows.
_COLUMN_ADVANTAGE = 1.1


def _groups(items: list[tuple[Bounds, T]], axis: int) -> tuple[list[list[tuple[Bounds, T]]], float]:
    """Split along ``axis`` (0 = x, 1 = y) at empty bands; also return the widest band."""
    lo, hi = axis, axis + 2
    ordered = sorted(items, key=lambda it: (it[0][lo], it[0][hi]))
    groups: list[list[tuple[Bounds, T]]] = [[ordered[0]]]
    reach = ordered[0][0][hi]
    widest = 0.0
    for it in ordered[1:]:
        gap = it[0][lo] - reach
        if gap > 0:
            groups.append([it])
            widest = max(widest, gap)
        else:
            groups[-1].append(it)
        reach = max(reach, it[0][hi])
    return groups, widest


def reading_order(items: Sequence[T], box: Callable[[T], Bounds]) -> list[T]:
    """``items`` in the order a person reads the page they sit on."""
    boxed = [(box(it), it) for it in items]
    return [it for _, it in _cut(boxed)]


def _cut(items: list[tuple[Bounds, T]]) -> list[tuple[Bounds, T]]:
    if len(items) <= 1:
        return items
    rows, row_gap = _groups(items, 1)
    cols, col_gap = _groups(items, 0)
    if len(rows) > 1 and (len(cols) == 1 or row_gap * _COLUMN_ADVANTAGE >= col_gap):
        parts = rows
    elif len(cols) > 1:
        parts = cols
    else:
        return sorted(items, key=lambda it: (it[0][1], it[0][0]))
    out: list[tuple[Bounds, T]] = []
    for part in parts:
        out.extend(_cut(part))
    return out
