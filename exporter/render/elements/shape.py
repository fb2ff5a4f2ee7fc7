"""Rectangles, diamonds and ellipses (doc §4.1-4.4, markup §9.3).

``<g [stroke-opacity fill-opacity] stroke-linecap="round" transform=T>`` with
the rough.js paths. :func:`shape_drawable` also serves the embeddable/iframe
placeholder rectangle.
"""

from __future__ import annotations

import math
from typing import Any

from exporter.jsnum import js_str
from exporter.render import roughsvg
from exporter.render.context import RenderContext
from exporter.render.roughopts import generate_rough_options, is_transparent
from exporter.scene.model import Element

__all__ = ["draw", "shape_drawable", "corner_radius", "transform_attr", "opacity_attrs", "opacity_markup"]


def corner_radius(x: float, el: Element) -> float:
    """``getCornerRadius``: proportional (types 1, 2) or adaptive (type 3) radius."""
    roundness = el.get("roundness") or {}
    kind = roundness.get("type") if isinstance(roundness, dict) else None
    if kind in (1, 2):
        return x * 0.25
    if kind == 3:
        value = roundness.get("value")
        fixed = 32 if value is None else value
        if x <= fixed / 0.25:
            return x * 0.25
        return fixed
    return 0


def _iframe_like_for_rough(el: Element) -> Element:
    """``modifyIframeLikeForRoughOptions`` when exporting."""
    if el["type"] in ("iframe", "embeddable") and is_transparent(el.get("backgroundColor")) and is_transparent(
        el.get("strokeColor")
    ):
        return {**el, "roughness": 0, "backgroundColor": "#d3d3d3", "fillStyle": "solid"}
    if el["type"] == "iframe":
        return {
            **el,
            "strokeColor": "#000000" if is_transparent(el.get("strokeColor")) else el.get("strokeColor"),
            "backgroundColor": "#f4f4f6" if is_transparent(el.get("backgroundColor")) else el.get("backgroundColor"),
        }
    return el


def _diamond_points(w: float, h: float) -> tuple[float, ...]:
    top_x = math.floor(w / 2) + 1
    right_y = math.floor(h / 2) + 1
    return top_x, 0, w, right_y, top_x, h, 0, right_y


def shape_drawable(el: Element, ctx: RenderContext) -> Any:
    """The rough drawable of a rectangle/diamond/ellipse/iframe/embeddable, element-local."""
    gen = ctx.geometry.generator
    kind = el["type"]
    w, h = el.get("width", 0), el.get("height", 0)
    s = js_str
    if kind in ("rectangle", "iframe", "embeddable"):
        src = _iframe_like_for_rough(el)
        if el.get("roundness"):
            r = corner_radius(min(w, h), el)
            d = (f"M {s(r)} 0 L {s(w - r)} 0 Q {s(w)} 0, {s(w)} {s(r)} L {s(w)} {s(h - r)} "
                 f"Q {s(w)} {s(h)}, {s(w - r)} {s(h)} L {s(r)} {s(h)} Q 0 {s(h)}, 0 {s(h - r)} "
                 f"L 0 {s(r)} Q 0 0, {s(r)} 0")
            return gen.path(d, generate_rough_options(src, True, ctx.color))
        return gen.rectangle(0, 0, w, h, generate_rough_options(src, False, ctx.color))
    if kind == "diamond":
        tx, ty, rx, ry, bx, by, lx, ly = _diamond_points(w, h)
        if el.get("roundness"):
            vr = corner_radius(abs(tx - lx), el)
            hr = corner_radius(abs(ry - ty), el)
            d = (f"M {s(tx + vr)} {s(ty + hr)} L {s(rx - vr)} {s(ry - hr)} "
                 f"C {s(rx)} {s(ry)}, {s(rx)} {s(ry)}, {s(rx - vr)} {s(ry + hr)} "
                 f"L {s(bx + vr)} {s(by - hr)} "
                 f"C {s(bx)} {s(by)}, {s(bx)} {s(by)}, {s(bx - vr)} {s(by - hr)} "
                 f"L {s(lx + vr)} {s(ly + hr)} "
                 f"C {s(lx)} {s(ly)}, {s(lx)} {s(ly)}, {s(lx + vr)} {s(ly - hr)} "
                 f"L {s(tx - vr)} {s(ty + hr)} "
                 f"C {s(tx)} {s(ty)}, {s(tx)} {s(ty)}, {s(tx + vr)} {s(ty + hr)}")
            return gen.path(d, generate_rough_options(el, True, ctx.color))
        return gen.polygon([(tx, ty), (rx, ry), (bx, by), (lx, ly)], generate_rough_options(el, False, ctx.color))
    if kind == "ellipse":
        return gen.ellipse(w / 2, h / 2, w, h, generate_rough_options(el, False, ctx.color))
    raise ValueError(f"not a shape element: {kind}")


def transform_attr(el: Element, ctx: RenderContext, x: float | None = None, y: float | None = None) -> str:
    """``translate(X Y) rotate(deg cx cy)`` of an element (doc §9.3)."""
    tx = (el.get("x", 0) if x is None else x) + ctx.offset_x
    ty = (el.get("y", 0) if y is None else y) + ctx.offset_y
    cx, cy = ctx.geometry.rotation_center(el)
    deg = 180 * (el.get("angle", 0) or 0) / math.pi
    return f"translate({js_str(tx or 0)} {js_str(ty or 0)}) rotate({js_str(deg)} {js_str(cx)} {js_str(cy)})"


def opacity_attrs(opacity: float) -> list[tuple[str, str]]:
    """``stroke-opacity``/``fill-opacity`` only when the opacity is not 1."""
    if opacity != 1:
        o = js_str(opacity)
        return [("stroke-opacity", o), ("fill-opacity", o)]
    return []


def opacity_markup(opacity: float) -> str:
    """:func:`opacity_attrs` as markup (a number: nothing to escape)."""
    if opacity != 1:
        o = js_str(opacity)
        return f' stroke-opacity="{o}" fill-opacity="{o}"'
    return ""


def draw(el: Element, ctx: RenderContext) -> str:
    """The element's rough ``<g>``."""
    drawable = shape_drawable(el, ctx)
    # attrs() of [*opacity_attrs, stroke-linecap, transform]: numbers and fixed words, nothing to escape
    open_tag = (f'<g{opacity_markup(ctx.opacity(el))} stroke-linecap="round" '
                f'transform="{transform_attr(el, ctx)}">')
    return roughsvg.draw(drawable, open_tag=open_tag)
