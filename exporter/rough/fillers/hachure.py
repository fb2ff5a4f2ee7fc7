"""rough.js ``HachureFiller``: parallel sketchy lines across the polygons."""

from __future__ import annotations

from ..ops import OpSet
from ..options import Options
from ..renderer import double_line_fill_ops
from .scan_line_hachure import Line, polygon_hachure_lines


def render_lines(lines: list[Line], o: Options) -> OpSet:
    out = OpSet("fillSketch")
    for (x1, y1), (x2, y2) in lines:
        double_line_fill_ops(x1, y1, x2, y2, o, out)
    return out


class HachureFiller:
    def fill_polygons(self, polygons: list[list[list[float]]], o: Options) -> OpSet:
        return render_lines(polygon_hachure_lines(polygons, o), o)
