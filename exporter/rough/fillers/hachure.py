"""rough.js ``HachureFiller``: parallel sketchy lines across the polygons."""

from __future__ import annotations

from ..ops import OpSet
from ..options import Options
from ..renderer import double_lines_fill
from .scan_line_hachure import Line, polygon_hachure_lines


def render_lines(lines: list[Line], o: Options) -> OpSet:
    out = OpSet("fillSketch")
    double_lines_fill(lines, o, out)
    return out


class HachureFiller:
    def fill_polygons(self, polygons: list[list[list[float]]], o: Options) -> OpSet:
        return render_lines(polygon_hachure_lines(polygons, o), o)
