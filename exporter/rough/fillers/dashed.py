"""rough.js ``DashedFiller``: hachure lines cut into dashes."""

from __future__ import annotations

import math

from ..geometry import js_div, line_length
from ..ops import OpSet
from ..options import Options
from ..renderer import double_lines_fill
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
        segments = []
        for x1, y1, x2, y2 in lines:
            length = line_length((x1, y1), (x2, y2))
            count = math.floor(length / (offset + gap))
            start_offset = (length + gap - (count * (offset + gap))) / 2
            p1, p2 = (x1, y1), (x2, y2)
            if p1[0] > p2[0]:
                p1, p2 = p2, p1
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
                segments.append((start[0], start[1], end[0], end[1]))
        double_lines_fill(segments, o, out)
        return out
