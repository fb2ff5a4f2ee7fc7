"""rough.js ``DashedFiller``: hachure lines cut into dashes."""

from __future__ import annotations

import math

from ..geometry import js_div, line_length
from ..ops import OpSet
from ..options import Options
from ..renderer import double_line_fill_ops
from .scan_line_hachure import polygon_hachure_lines


class DashedFiller:
    def fill_polygons(self, polygons: list[list[list[float]]], o: Options) -> OpSet:
        lines = polygon_hachure_lines(polygons, o)
        return self._dashed_lines(lines, o)

    def _dashed_lines(self, lines: list, o: Options) -> OpSet:
        base = o.stroke_width * 4 if o.hachure_gap < 0 else o.hachure_gap
        offset = base if o.dash_offset < 0 else o.dash_offset
        gap = base if o.dash_gap < 0 else o.dash_gap
        out = OpSet("fillSketch")
        for line in lines:
            length = line_length(line[0], line[1])
            count = math.floor(length / (offset + gap))
            start_offset = (length + gap - (count * (offset + gap))) / 2
            p1, p2 = line[0], line[1]
            if p1[0] > p2[0]:
                p1, p2 = line[1], line[0]
            alpha = math.atan(js_div(p2[1] - p1[1], p2[0] - p1[0]))
            for i in range(count):
                lstart = i * (offset + gap)
                lend = lstart + offset
                start = [
                    p1[0] + (lstart * math.cos(alpha)) + (start_offset * math.cos(alpha)),
                    p1[1] + lstart * math.sin(alpha) + (start_offset * math.sin(alpha)),
                ]
                end = [
                    p1[0] + (lend * math.cos(alpha)) + (start_offset * math.cos(alpha)),
                    p1[1] + (lend * math.sin(alpha)) + (start_offset * math.sin(alpha)),
                ]
                double_line_fill_ops(start[0], start[1], end[0], end[1], o, out)
        return out
