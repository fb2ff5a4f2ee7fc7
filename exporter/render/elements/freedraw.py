"""Freehand strokes (doc §5.4-5.5): perfect-freehand outline, optional rough loop fill.

``<g [opacities] transform=T stroke="none">`` holding the loop fill paths (when
the stroke closes on itself) and the filled outline ``<path fill=stroke d>``.
ZF pens with ``customData.strokeOptions.hasOutline`` add an outline path and
fill the stroke with the background colour.
"""

from __future__ import annotations

import math

from exporter.jsnum import js_str
from exporter.render import roughsvg
from exporter.render.context import RenderContext
from exporter.render.elements.shape import opacity_markup
from exporter.render.freehand import freedraw_svg_path, is_path_a_loop, simplify
from exporter.render.roughopts import generate_rough_options, stroke_width
from exporter.render.svgtext import attrs
from exporter.scene.model import Element
from exporter.scene.points import pairs

__all__ = ["draw"]

_SIMPLIFY_TOLERANCE = 0.75


def _loop_fill(el: Element, ctx: RenderContext) -> str:
    points = el.get("points") or []
    if not is_path_a_loop(points):
        return ""
    simplified = simplify(pairs(points), _SIMPLIFY_TOLERANCE)
    options = {**generate_rough_options(el, False, ctx.color), "stroke": "none"}
    return roughsvg.draw_paths(ctx.geometry.generator.curve([tuple(p[:2]) for p in simplified], options))


def _stroke_paths(el: Element, ctx: RenderContext) -> str:
    d = freedraw_svg_path(el)
    custom = el.get("customData")
    pen = custom.get("strokeOptions") if isinstance(custom, dict) else None
    if isinstance(pen, dict) and pen.get("hasOutline"):
        outline_width = pen.get("outlineWidth")
        width = stroke_width(el) * (1 if outline_width is None else outline_width)
        outline = [("fill", "none"), ("stroke", ctx.color(el.get("strokeColor", "#1e1e1e"))),
                   ("stroke-width", js_str(width)), ("d", d)]
        fill = ctx.color(el.get("backgroundColor", "transparent"))
        return f"<path{attrs(outline)}></path><path{attrs([('fill', fill), ('d', d)])}></path>"
    # d is numbers and path letters: nothing to escape (the colour is escaped, once per colour)
    return f'<path fill="{roughsvg.escape_cached(ctx.color(el.get("strokeColor", "#1e1e1e")))}" d="{d}"></path>'


def draw(el: Element, ctx: RenderContext) -> str:
    """The stroke's ``<g>``."""
    body = _loop_fill(el, ctx) + _stroke_paths(el, ctx)
    cx, cy = ctx.geometry.rotation_center(el)
    deg = 180 * (el.get("angle", 0) or 0) / math.pi
    tx, ty = el.get("x", 0) + ctx.offset_x, el.get("y", 0) + ctx.offset_y
    # [opacities, transform, stroke]: numbers and fixed words, nothing to escape
    return (f'<g{opacity_markup(ctx.opacity(el))} transform="translate({js_str(tx)} {js_str(ty)}) '
            f'rotate({js_str(deg)} {js_str(cx)} {js_str(cy)})" stroke="none">{body}</g>')
