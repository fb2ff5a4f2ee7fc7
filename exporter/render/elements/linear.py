"""Lines and arrows: shaft, arrowheads and the label mask (doc §4.5-4.7, §9.3).

Markup: ``<g [mask] stroke-linecap="round">`` holding one rough ``<g>`` per
drawable (shaft, start head, end head), then a ``<mask>`` that is always
written (empty without a label; with one, ZF cuts the label box grown by
5 px on each side out of the shaft).
"""

from __future__ import annotations

import math
from typing import Any

from exporter.jsnum import js_str
from exporter.render import roughsvg
from exporter.render.bounds import curve_ops, rotate
from exporter.render.context import RenderContext
from exporter.render.elements.shape import opacity_markup, transform_attr
from exporter.render.roughopts import is_path_a_loop, stroke_width
from exporter.render.svgtext import attrs
from exporter.scene.model import Element

__all__ = ["draw", "arrowhead_drawables", "LEGACY_ARROWHEADS"]

BOUND_TEXT_PADDING = 5

#: restore() maps X18's names to XM's.
LEGACY_ARROWHEADS = {
    "dot": "circle",
    "crowfoot_one": "cardinality_one",
    "crowfoot_many": "cardinality_many",
    "crowfoot_one_or_many": "cardinality_one_or_many",
}


def _size(head: str) -> float:
    if head == "arrow":
        return 25
    if head in ("diamond", "diamond_outline"):
        return 12
    if head in ("cardinality_one", "cardinality_exactly_one", "cardinality_zero_or_one"):
        return 20
    return 15


def _angle(head: str) -> float:
    return 90 if head == "bar" else 20 if head == "arrow" else 25


def arrowhead_points(el: Element, ops: list[tuple], position: str, head: str,
                     offset_multiplier: float = 0) -> list[float] | None:
    """``getArrowheadPoints`` on the shaft's ops (element-local coordinates)."""
    if not ops:
        return None
    index = 1 if position == "start" else len(ops) - 1
    op = ops[index] if index < len(ops) else None
    if op is None or op[0] != "C":
        return None
    p1, p2, p3 = (op[1], op[2]), (op[3], op[4]), (op[5], op[6])
    prev = ops[index - 1]
    if prev[0] == "M":
        p0 = (prev[1], prev[2])
    elif prev[0] == "C":
        p0 = (prev[5], prev[6])
    else:
        p0 = (0, 0)

    def equation(t: float, i: int) -> float:
        return (math.pow(1 - t, 3) * p3[i] + 3 * t * math.pow(1 - t, 2) * p2[i]
                + 3 * math.pow(t, 2) * (1 - t) * p1[i] + p0[i] * math.pow(t, 3))

    x2, y2 = p0 if position == "start" else p3
    x1, y1 = equation(0.3, 0), equation(0.3, 1)
    dist = math.hypot(x2 - x1, y2 - y1)
    if dist == 0:
        nx = ny = math.nan
    else:
        nx, ny = (x2 - x1) / dist, (y2 - y1) / dist
    size = _size(head)
    points = el.get("points") or [(0, 0)]
    cx, cy = points[-1] if position == "end" else points[0]
    if len(points) > 1:
        px, py = points[-2] if position == "end" else points[1]
    else:
        px, py = 0, 0
    length = math.hypot(cx - px, cy - py)
    min_size = min(size, length * (0.25 if head in ("diamond", "diamond_outline") else 0.5))
    tx = x2 - nx * min_size * offset_multiplier
    ty = y2 - ny * min_size * offset_multiplier
    xs = tx - nx * min_size
    ys = ty - ny * min_size
    if head in ("circle", "circle_outline"):
        return [tx, ty, math.hypot(ys - ty, xs - tx) + stroke_width(el) - 2]
    angle = _angle(head)
    if head in ("cardinality_many", "cardinality_one_or_many"):
        x3, y3 = rotate(tx, ty, xs, ys, -angle * math.pi / 180)
        x4, y4 = rotate(tx, ty, xs, ys, angle * math.pi / 180)
        return [xs, ys, x3, y3, x4, y4]
    x3, y3 = rotate(xs, ys, tx, ty, -angle * math.pi / 180)
    x4, y4 = rotate(xs, ys, tx, ty, angle * math.pi / 180)
    if head in ("diamond", "diamond_outline"):
        if position == "start":
            qx, qy = points[1] if len(points) > 1 else (0, 0)
            ox, oy = rotate(tx + min_size * 2, ty, tx, ty, math.atan2(qy - ty, qx - tx))
        else:
            qx, qy = points[-2] if len(points) > 1 else (0, 0)
            ox, oy = rotate(tx - min_size * 2, ty, tx, ty, math.atan2(ty - qy, tx - qx))
        return [tx, ty, x3, y3, ox, oy, x4, y4]
    return [tx, ty, x3, y3, x4, y4]


def _line_options(el: Element, options: dict[str, Any]) -> dict[str, Any]:
    o = dict(options)
    if el.get("strokeStyle") == "dotted":
        sw = stroke_width(el) - 1
        o["strokeLineDash"] = [1.5, 6 + sw - 1]
    else:
        o.pop("strokeLineDash", None)
    o["roughness"] = min(1, o.get("roughness") or 0)
    return o


def arrowhead_drawables(el: Element, shaft: Any, position: str, head: str, options: dict[str, Any],
                        ctx: RenderContext) -> list[Any]:
    """``getArrowheadShapes``: the drawables of one arrowhead."""
    head = LEGACY_ARROWHEADS.get(head, head)
    gen = ctx.geometry.generator
    ops = curve_ops(shaft)
    stroke = ctx.color(el.get("strokeColor", "#1e1e1e"))
    canvas = ctx.color(ctx.canvas_background)

    def pts(kind: str, offset: float = 0) -> list[float] | None:
        return arrowhead_points(el, ops, position, kind, offset)

    def lines_to_tip(p: list[float] | None, lo: dict[str, Any]) -> list[Any]:
        if p is None:
            return []
        x2, y2, x3, y3, x4, y4 = p
        return [gen.line(x3, y3, x2, y2, lo), gen.line(x4, y4, x2, y2, lo)]

    def cardinality_one(p: list[float] | None, lo: dict[str, Any]) -> list[Any]:
        if p is None:
            return []
        return [gen.line(p[2], p[3], p[4], p[5], lo)]

    def outline_circle(p: list[float] | None, fill: str, scale: float = 1) -> list[Any]:
        if p is None:
            return []
        o = {**options, "fill": fill, "fillStyle": "solid", "stroke": stroke,
             "roughness": min(0.5, options.get("roughness") or 0)}
        o.pop("strokeLineDash", None)
        return [gen.circle(p[0], p[1], p[2] * scale, o)]

    def solid_polygon(p: list[float] | None, fill: str, order: list[int]) -> list[Any]:
        if p is None:
            return []
        o = {**options, "fill": fill, "fillStyle": "solid", "roughness": min(1, options.get("roughness") or 0)}
        o.pop("strokeLineDash", None)
        return [gen.polygon([(p[2 * i], p[2 * i + 1]) for i in order], o)]

    if head in ("circle", "circle_outline"):
        return outline_circle(pts(head), canvas if head == "circle_outline" else stroke)
    if head in ("triangle", "triangle_outline"):
        return solid_polygon(pts(head), canvas if head == "triangle_outline" else stroke, [0, 1, 2, 0])
    if head in ("diamond", "diamond_outline"):
        return solid_polygon(pts(head), canvas if head == "diamond_outline" else stroke, [0, 1, 2, 3, 0])
    lo = _line_options(el, options)
    if head == "cardinality_one":
        return cardinality_one(pts(head), lo)
    if head == "cardinality_many":
        return lines_to_tip(pts(head), lo)
    if head == "cardinality_one_or_many":
        return lines_to_tip(pts("cardinality_many"), lo) + cardinality_one(pts("cardinality_one", -0.25), lo)
    if head == "cardinality_exactly_one":
        return cardinality_one(pts("cardinality_one", -0.5), lo) + cardinality_one(pts("cardinality_one"), lo)
    if head == "cardinality_zero_or_one":
        return outline_circle(pts("circle_outline", 1.5), canvas, 0.8) + cardinality_one(
            pts("cardinality_one", -0.5), lo)
    if head == "cardinality_zero_or_many":
        return lines_to_tip(pts("cardinality_many"), lo) + outline_circle(pts("circle_outline", 1.5), canvas, 0.8)
    return lines_to_tip(pts(head), lo)  # arrow, bar and unknown names


def _mask(el: Element, text: Element, ctx: RenderContext) -> str:
    x = el.get("x", 0) + ctx.offset_x
    y = el.get("y", 0) + ctx.offset_y
    w = js_str(el.get("width", 0) + 100 + x)
    h = js_str(el.get("height", 0) + 100 + y)
    lx, ly = ctx.geometry.label_position(el, text)
    mx = x + lx - el.get("x", 0) - BOUND_TEXT_PADDING
    my = y + ly - el.get("y", 0) - BOUND_TEXT_PADDING
    visible = f'<rect x="0" y="0" fill="#fff" width="{w}" height="{h}"></rect>'
    hole = (f'<rect x="{js_str(mx)}" y="{js_str(my)}" fill="#000" '
            f'width="{js_str(text.get("width", 0) + BOUND_TEXT_PADDING * 2)}" '
            f'height="{js_str(text.get("height", 0) + BOUND_TEXT_PADDING * 2)}" opacity="1"></rect>')
    mask_attrs = attrs([("id", f"mask-{el['id']}"), ("maskUnits", "userSpaceOnUse"), ("x", "0"), ("y", "0"),
                        ("width", w), ("height", h)])
    return f"<mask{mask_attrs}>{visible}{hole}</mask>"


def draw(el: Element, ctx: RenderContext) -> str:
    """The line/arrow group followed by its mask."""
    geom = ctx.geometry
    text = geom.bound_text_of(el)
    shaft = geom.shaft(el)
    drawables = [shaft] if shaft is not None else []
    if el["type"] == "arrow" and shaft is not None:
        options = geom.linear_options(el, ctx.color)
        start = el.get("startArrowhead")
        end = el.get("endArrowhead", "arrow")
        if start is not None:
            drawables += arrowhead_drawables(el, shaft, "start", start, options, ctx)
        if end is not None:
            drawables += arrowhead_drawables(el, shaft, "end", end, options, ctx)
    # attrs() of [*opacity_attrs, transform, fill-rule]: numbers and fixed words, nothing to escape
    rule = ' fill-rule="evenodd"' if (el["type"] == "line" and is_path_a_loop(el.get("points") or ())
                                      and el.get("backgroundColor", "transparent") != "transparent") else ""
    open_tag = f'<g{opacity_markup(ctx.opacity(el))} transform="{transform_attr(el, ctx)}"{rule}>'
    inner = "".join([roughsvg.draw(d, open_tag=open_tag) for d in drawables])
    group = [("mask", f"url(#mask-{el['id']})")] if text is not None else []
    group.append(("stroke-linecap", "round"))
    mask = _mask(el, text, ctx) if text is not None else "<mask></mask>"
    return f"<g{attrs(group)}>{inner}</g>{mask}"
