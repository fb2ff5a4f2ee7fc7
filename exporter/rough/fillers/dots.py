"""rough.js ``DotFiller``: small ellipses along horizontal scan lines.

rough.js places them with ``Math.random()``, so this fill can never be
reproduced (Excalidraw does not offer it).
"""

from __future__ import annotations

import math

from ..geometry import line_length
from ..ops import OpSet
from ..options import Options
from ..renderer import ellipse
from .scan_line_hachure import polygon_hachure_lines


class DotFiller:
    reproducible = False

    def fill_polygons(self, polygons: list[list[list[float]]], o: Options) -> OpSet:
        o = o.copy(hachure_angle=0)
        lines = polygon_hachure_lines(polygons, o)
        gap = o.hachure_gap
        if gap < 0:
            gap = o.stroke_width * 4
        gap = max(gap, 0.1)
        weight = o.fill_weight
        if weight < 0:
            weight = o.stroke_width / 2
        ro = gap / 4
        out = OpSet("fillSketch")
        for x1, y1, x2, y2 in lines:
            length = line_length((x1, y1), (x2, y2))
            count = math.ceil(length / gap) - 1
            offset = length - (count * gap)
            x = ((x1 + x2) / 2) - (gap / 4)
            min_y = min(y1, y2)
            for i in range(count):
                y = min_y + offset + (i * gap)
                cx = (x - ro) + o.math_random() * 2 * ro
                cy = (y - ro) + o.math_random() * 2 * ro
                out.extend(ellipse(cx, cy, weight, weight, o))
        return out
