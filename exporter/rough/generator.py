"""rough.js ``RoughGenerator`` (generator.js): shapes -> drawables.

Each public call builds fresh options (defaults + the caller's mapping), so its
random numbers restart at ``seed``; the outline is always computed first (it
consumes randoms even with ``stroke: "none"``), but the fill set comes first in
the drawable.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from . import renderer
from .curve_points import curve_to_bezier, points_on_bezier_curves, points_on_path
from .ops import Drawable, OpSet
from .options import Options
from .pathdata import normalized_segments

__all__ = ["RoughGenerator"]

_NONE = "none"
_DASH_SPACE = re.compile(r"-\s")

Point = Sequence[float]


def _fresh_points(points: Sequence[Point]) -> list[list[float]]:
    """A private copy for the fillers, which rotate polygons in place."""
    return [[p[0], p[1]] for p in points]


def _bumped_roughness(o: Options) -> float:
    return o.roughness + o.fill_shape_roughness_gain if o.roughness else 0


class RoughGenerator:
    """Python counterpart of rough.js's ``RoughGenerator`` (same methods, snake_case names)."""

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        # rough.js ``config.options``: defaults for every call of this generator.
        self._defaults = dict(options) if options else {}
        self._shared: Options | None = None

    def _o(self, options: Mapping[str, Any] | None) -> Options:
        if options is None:
            # rough.js then uses its defaults object itself, so its randomizer (and the
            # random sequence) carries over from call to call.
            if self._shared is None:
                self._shared = Options(self._defaults)
            return self._shared
        if self._defaults:
            return Options({**self._defaults, **options})
        return Options(options)

    def line(
        self, x1: float, y1: float, x2: float, y2: float, options: Mapping[str, Any] | None = None
    ) -> Drawable:
        o = self._o(options)
        return Drawable("line", o, [renderer.line(x1, y1, x2, y2, o)])

    def rectangle(
        self, x: float, y: float, width: float, height: float, options: Mapping[str, Any] | None = None
    ) -> Drawable:
        o = self._o(options)
        sets = []
        outline = renderer.rectangle(x, y, width, height, o)
        if o.fill:
            points = [[x, y], [x + width, y], [x + width, y + height], [x, y + height]]
            if o.fill_style == "solid":
                sets.append(renderer.solid_fill_polygon([points], o))
            else:
                sets.append(renderer.pattern_fill_polygons([points], o))
        if o.stroke != _NONE:
            sets.append(outline)
        return Drawable("rectangle", o, sets)

    def ellipse(
        self, x: float, y: float, width: float, height: float, options: Mapping[str, Any] | None = None
    ) -> Drawable:
        o = self._o(options)
        sets = []
        params = renderer.generate_ellipse_params(width, height, o)
        outline, estimated_points = renderer.ellipse_with_params(x, y, o, params)
        if o.fill:
            if o.fill_style == "solid":
                shape, _ = renderer.ellipse_with_params(x, y, o, params)
                shape.type = "fillPath"
                sets.append(shape)
            else:
                sets.append(renderer.pattern_fill_polygons([estimated_points], o))
        if o.stroke != _NONE:
            sets.append(outline)
        return Drawable("ellipse", o, sets)

    def circle(
        self, x: float, y: float, diameter: float, options: Mapping[str, Any] | None = None
    ) -> Drawable:
        drawable = self.ellipse(x, y, diameter, diameter, options)
        drawable.shape = "circle"
        return drawable

    def linear_path(self, points: Sequence[Point], options: Mapping[str, Any] | None = None) -> Drawable:
        o = self._o(options)
        return Drawable("linearPath", o, [renderer.linear_path(points, False, o)])

    def curve(self, points: Sequence[Point], options: Mapping[str, Any] | None = None) -> Drawable:
        o = self._o(options)
        sets = []
        outline = renderer.curve(points, o)
        if o.fill and o.fill != _NONE and len(points) >= 3:
            if o.fill_style == "solid":
                fill_shape = renderer.curve(
                    points, o.copy(disable_multi_stroke=True, roughness=_bumped_roughness(o))
                )
                sets.append(fill_shape.merged("fillPath"))
            else:
                bezier = curve_to_bezier(points)
                poly = points_on_bezier_curves(bezier, 10, (1 + o.roughness) / 2)
                sets.append(renderer.pattern_fill_polygons([poly], o))
        if o.stroke != _NONE:
            sets.append(outline)
        return Drawable("curve", o, sets)

    def polygon(self, points: Sequence[Point], options: Mapping[str, Any] | None = None) -> Drawable:
        o = self._o(options)
        sets = []
        outline = renderer.linear_path(points, True, o)
        if o.fill:
            if o.fill_style == "solid":
                sets.append(renderer.solid_fill_polygon([points], o))
            else:
                sets.append(renderer.pattern_fill_polygons([_fresh_points(points)], o))
        if o.stroke != _NONE:
            sets.append(outline)
        return Drawable("polygon", o, sets)

    def path(self, d: str, options: Mapping[str, Any] | None = None) -> Drawable:
        o = self._o(options)
        sets: list[OpSet] = []
        if not d:
            return Drawable("path", o, sets)
        # rough.js: .replace(/\n/g, ' ').replace(/(-\s)/g, '-').replace('/(\s\s)/g', ' ');
        # the last one replaces the literal text "/(ss)/g", i.e. nothing in practice.
        d = _DASH_SPACE.sub("-", d.replace("\n", " ")).replace("/(ss)/g", " ", 1)
        has_fill = bool(o.fill) and o.fill not in ("transparent", _NONE)
        has_stroke = o.stroke != _NONE
        simplified = bool(o.simplification and o.simplification < 1)
        distance = (4 - 4 * (o.simplification or 1)) if simplified else (1 + o.roughness) / 2
        # rough.js always computes the fill polygons (pointsOnPath); they draw no randoms, so
        # we only do when a pattern fill or a simplified outline uses them. A solid fill only
        # asks how many there are: one per subpath, i.e. per M.
        solid = o.fill_style == "solid"
        if (has_fill and not solid) or (simplified and has_stroke):
            polygons = points_on_path(d, 1, distance)
            subpaths = len(polygons)
        else:
            polygons = []
            subpaths = sum(1 for key, _ in normalized_segments(d) if key == "M")
        shape = renderer.svg_path(d, o)
        if has_fill:
            if solid:
                if subpaths == 1:
                    fill_shape = renderer.svg_path(
                        d, o.copy(disable_multi_stroke=True, roughness=_bumped_roughness(o))
                    )
                    sets.append(fill_shape.merged("fillPath"))
                else:
                    sets.append(renderer.solid_fill_polygon(polygons or points_on_path(d, 1, distance), o))
            else:
                sets.append(renderer.pattern_fill_polygons(polygons, o))
        if has_stroke:
            if simplified:
                for polygon in polygons:
                    sets.append(renderer.linear_path(polygon, False, o))
            else:
                sets.append(shape)
        return Drawable("path", o, sets)
