"""rough.js ``ZigZagLineFiller``: hachure lines drawn as zig-zags."""

from __future__ import annotations

import math

from ..geometry import js_div, line_length
from ..ops import OpSet
from ..options import Options
from ..renderer import double_lines_fill
from .scan_line_hachure import js_round, polygon_hachure_lines


class ZigZagLineFiller:
    def fill_polygons(self, polygons: list[list[list[float]]], o: Options) -> OpSet:
        gap = o.stroke_width * 4 if o.hachure_gap < 0 else o.hachure_gap
        zo = gap if o.zigzag_offset < 0 else o.zigzag_offset
        o = o.copy(hachure_gap=gap + zo)
        lines = polygon_hachure_lines(polygons, o)
        return self._zigzag_lines(lines, zo, o)

    def _zigzag_lines(self, lines: list, zo: float, o: Options) -> OpSet:
        out = OpSet("fillSketch")
        segments = []
        for x1, y1, x2, y2 in lines:
            length = line_length((x1, y1), (x2, y2))
            count = int(js_round(length / (2 * zo)))
            p1, p2 = (x1, y1), (x2, y2)
            if p1[0] > p2[0]:
                p1, p2 = p2, p1
            alpha = math.atan(js_div(p2[1] - p1[1], p2[0] - p1[0]))
            for i in range(count):
                lstart = i * 2 * zo
                lend = (i + 1) * 2 * zo
                dz = math.sqrt(2 * (zo * zo))
                start = [p1[0] + (lstart * math.cos(alpha)), p1[1] + lstart * math.sin(alpha)]
                end = [p1[0] + (lend * math.cos(alpha)), p1[1] + (lend * math.sin(alpha))]
                middle = [
                    start[0] + dz * math.cos(alpha + math.pi / 4),
                    start[1] + dz * math.sin(alpha + math.pi / 4),
                ]
                segments.append((start[0], start[1], middle[0], middle[1]))
                segments.append((middle[0], middle[1], end[0], end[1]))
        double_lines_fill(segments, o, out)
        return out
