"""Element renderers: one module per element type, each with ``draw(el, ctx) -> str``.

Modules are imported on first use, so the SVG path only loads what a drawing
needs; a module that is missing (or broken) costs that element type, with one
warning, not the whole export.

What the pipeline (exporter/render/svg.py) gives renderers through ``ctx``:

* ``ctx.geometry`` (exporter.render.bounds.Geometry): ``abs_coords(el)``
  (Excalidraw's getElementAbsoluteCoords), ``rotation_center(el)`` (the cx, cy
  of ``rotate(deg cx cy)``), ``element_bounds(el)``, ``bound_text_of(el)``,
  ``label_position(arrow, text)`` (also exporter.render.arrow_label.label_position
  (arrow, text, ctx)): the top-left of an arrow's label, to use for the text's
  ``translate`` and, with the arrow's abs_coords, its rotate centre.
* ``exporter.render.elements.shape``: ``transform_attr(el, ctx)``,
  ``opacity_attrs(o)``, ``shape_drawable(el, ctx)`` (also for the
  embeddable/iframe placeholder rectangle), ``corner_radius(x, el)``.
* ``ctx.frame_rendering`` / ``ctx.exporting_frame``; frame labels are synthetic
  text elements made by ``exporter.render.svg.frame_label``, which defers to
  ``exporter.render.elements.frame.frame_label(frame, dark) -> Element`` when
  that exists, and measures with ``exporter.render.textlayout.measure_line_width
  (text, font_family, font_size) -> float`` when that exists.
* The pipeline adds the ``<a href>`` and frame ``clip-path`` wrappers (frames
  and embeddables are never clipped, see FRAME_CLIPPED).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from exporter.render.context import RenderContext
from exporter.scene.model import Element

__all__ = ["MODULES", "renderer_for", "draw_element", "FRAME_CLIPPED"]

#: element type -> module under exporter.render.elements
MODULES = {
    "rectangle": "shape",
    "diamond": "shape",
    "ellipse": "shape",
    "line": "linear",
    "arrow": "linear",
    "text": "text",
    "image": "image",
    "frame": "frame",
    "magicframe": "frame",
    "freedraw": "freedraw",
    "embeddable": "embeddable",
    "iframe": "embeddable",
}

#: Types Excalidraw wraps in their frame's clip-path group (frames and embeddables are not).
FRAME_CLIPPED = frozenset({"rectangle", "diamond", "ellipse", "line", "arrow", "text", "image", "freedraw"})

_cache: dict[str, Callable[[Element, RenderContext], str] | None] = {}


def renderer_for(kind: str, ctx: RenderContext | None = None) -> Callable[[Element, RenderContext], str] | None:
    """The ``draw`` function for an element type, or None (with a warning) if unavailable."""
    name = MODULES.get(kind)
    if name is None:
        if ctx is not None:
            ctx.warn(f"element type {kind!r} is not supported; skipped")
        return None
    if name not in _cache:
        try:
            module = importlib.import_module(f"exporter.render.elements.{name}")
            _cache[name] = module.draw
        except (ImportError, AttributeError):
            _cache[name] = None
    fn = _cache[name]
    if fn is None and ctx is not None:
        ctx.warn(f"no renderer for {kind} elements yet; skipped")
    return fn


def draw_element(el: Element, ctx: RenderContext) -> str:
    """The element's own markup ('' when its type cannot be drawn)."""
    fn = renderer_for(el.get("type", ""), ctx)
    return fn(el, ctx) if fn is not None else ""
