"""Embeddables and iframes (doc §9.3): placeholder rectangle, label, and a link.

Excalidraw's export (``renderEmbeddables`` false) draws the rough placeholder
rectangle, a centred Helvetica label (the link, "Empty Web-Embed" or "IFrame
element") and an empty ``<a target="_blank">`` in a ``scale(sx, sy)`` group
(ZF). Nothing is fetched.
"""

from __future__ import annotations

import math

from exporter.jsnum import js_str
from exporter.render import roughsvg
from exporter.render.context import RenderContext
from exporter.render.elements import text as text_renderer
from exporter.render.elements.shape import corner_radius, shape_drawable
from exporter.render.svgtext import attrs
from exporter.render.textlayout import measure_text, wrap_text
from exporter.scene.model import Element

__all__ = ["draw", "placeholder_label"]

_HELVETICA = 2
_HELVETICA_LINE_HEIGHT = 1.15
_LABEL_PADDING = 20


def placeholder_label(el: Element) -> Element:
    """``createPlaceholderEmbeddableLabel``: the text shown in place of the embedded page."""
    if el.get("type") == "iframe":
        label = "IFrame element"
    else:
        link = el.get("link")
        label = link if link else "Empty Web-Embed"
    w, h = el.get("width", 0), el.get("height", 0)
    font_size = max(min(w / 2, w / len(label)), w / 30)
    wrapped = wrap_text(label, _HELVETICA, font_size, w - _LABEL_PADDING)
    text_w, text_h = measure_text(wrapped, _HELVETICA, font_size, _HELVETICA_LINE_HEIGHT)
    stroke = el.get("strokeColor", "#1e1e1e")
    return {
        "id": f"{el['id']}-placeholder", "type": "text", "text": wrapped, "originalText": label,
        "x": el.get("x", 0) + w / 2 - text_w * 0.5, "y": el.get("y", 0) + h / 2 - text_h * 0.5,
        "width": text_w, "height": text_h, "angle": el.get("angle", 0) or 0,
        "fontSize": font_size, "fontFamily": _HELVETICA, "lineHeight": _HELVETICA_LINE_HEIGHT,
        "textAlign": "center", "verticalAlign": "middle", "strokeColor": stroke if stroke != "transparent" else "black",
        "backgroundColor": "transparent", "opacity": 100, "containerId": None, "frameId": None,
        "groupIds": [], "isDeleted": False, "link": None, "autoResize": True,
    }


def _transform(el: Element, ctx: RenderContext) -> str:
    cx, cy = ctx.geometry.rotation_center(el)
    deg = 180 * (el.get("angle", 0) or 0) / math.pi
    tx, ty = el.get("x", 0) + ctx.offset_x, el.get("y", 0) + ctx.offset_y
    return f"translate({js_str(tx)} {js_str(ty)}) rotate({js_str(deg)} {js_str(cx)} {js_str(cy)})"


def _inner_href(link: str) -> str:
    """``normalizeLink`` for the placeholder anchor (unsafe schemes become about:blank)."""
    from exporter.render.svg import link_href

    link = link.strip()
    if not link:
        return ""
    return link_href(link) or "about:blank"


def draw(el: Element, ctx: RenderContext) -> str:
    """Placeholder ``<g>``, label ``<g>``, and the ``<g><a target=_blank></a></g>`` link box."""
    transform = _transform(el, ctx)
    group: list[tuple[str, str]] = []
    opacity = (el.get("opacity", 100)) / 100
    if opacity != 1:
        group += [("stroke-opacity", js_str(opacity)), ("fill-opacity", js_str(opacity))]
    group += [("stroke-linecap", "round"), ("transform", transform)]
    placeholder = roughsvg.draw(shape_drawable(el, ctx), group)

    label = text_renderer.draw(placeholder_label(el), ctx)

    scale = el.get("scale") or [1, 1]
    sx, sy = scale[0] or 1, scale[1] or 1
    radius = corner_radius(min(el.get("width", 0), el.get("height", 0)), el)
    anchor = [("href", _inner_href(el.get("link") or "")), ("target", "_blank"), ("rel", "noopener noreferrer"),
              ("style", f"border-radius: {js_str(radius)}px;")]
    box = (f'<g{attrs([("stroke-linecap", "round"), ("transform", f"{transform} scale({js_str(sx)}, {js_str(sy)})")])}>'
           f"<a{attrs(anchor)}></a></g>")
    return placeholder + label + box
