"""Pixel budget: how much a raster must shrink to stay drawable in memory."""

from __future__ import annotations

import math

DEFAULT_MAX_PIXELS = 100_000_000
# cairo image surfaces are limited to 32767 pixels per side.
CAIRO_MAX_SIDE = 32767


def budget_factor(width: float, height: float, max_pixels: int = DEFAULT_MAX_PIXELS,
                  max_side: int = CAIRO_MAX_SIDE) -> float:
    """Factor (<= 1) that brings a ``width`` x ``height`` raster within the budget.

    Both the pixel count (``max_pixels``) and a side limit (cairo's, or the
    output format's) are honoured.
    """
    factor = 1.0
    if max_pixels > 0 and width * height > max_pixels:
        factor = math.sqrt(max_pixels / (width * height))
    longest = max(width, height) * factor
    if longest > max_side:
        factor *= max_side / longest
    return factor


def budget_warning(width: float, height: float, factor: float, max_pixels: int,
                   max_side: int = CAIRO_MAX_SIDE) -> str:
    new_w, new_h = int(width * factor), int(height * factor)
    return (
        f"raster: {int(width)}x{int(height)} px exceeds the pixel budget "
        f"({max_pixels:,} px, {max_side} px per side); drawn at {new_w}x{new_h} "
        f"(scale x{factor:.3g}); raise --max-pixels to keep the full size"
    )
