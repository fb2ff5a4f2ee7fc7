"""rough.js ``ZigZagFiller``: each hachure line becomes two lines meeting at its far end."""

from __future__ import annotations

import math

from ..geometry import line_length
from ..ops import OpSet
from ..options import Options
from .hachure import render_lines
from .scan_line_hachure import polygon_hachure_lines


class ZigZagFiller:
    def fill_polygons(self, polygons: list[list[list[float]]], o: Options) -> OpSet:
        gap = o.hachure_gap
        if gap < 0:
            gap = o.stroke_width * 4
        gap = max(gap, 0.1)
        lines = polygon_hachure_lines(polygons, o.copy(hachure_gap=gap))
        angle = (math.pi / 180) * o.hachure_angle
        dgx = gap * 0.5 * math.cos(angle)
        dgy = gap * 0.5 * math.sin(angle)
        zigzag = []
        for x1, y1, x2, y2 in lines:
            if line_length((x1, y1), (x2, y2)):
                zigzag.append((x1 - dgx, y1 + dgy, x2, y2))
                zigzag.append((x1 + dgx, y1 - dgy, x2, y2))
        return render_lines(zigzag, o)
