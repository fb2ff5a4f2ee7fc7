"""Small geometry helpers with JavaScript arithmetic (rough.js ``geometry.js``)."""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["line_length", "js_div"]


def line_length(p1: Sequence[float], p2: Sequence[float]) -> float:
    dx = p1[0] - p2[0]
    dy = p1[1] - p2[1]
    return math.sqrt(dx * dx + dy * dy)


def js_div(a: float, b: float) -> float:
    """``a / b`` with JS results for a zero divisor (±Infinity, NaN)."""
    try:
        return a / b
    except ZeroDivisionError:
        if a != a or a == 0:
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1.0, b)
