"""rough.js ``HatchFiller`` (cross-hatch): hachure, then hachure again at +90 degrees."""

from __future__ import annotations

from ..ops import OpSet
from ..options import Options
from .hachure import HachureFiller


class HatchFiller(HachureFiller):
    def fill_polygons(self, polygons: list[list[list[float]]], o: Options) -> OpSet:
        first = super().fill_polygons(polygons, o)
        # The second pass sees the polygons as the first left them (rotated there and back).
        second = super().fill_polygons(polygons, o.copy(hachure_angle=o.hachure_angle + 90))
        first.extend(second)
        return first
