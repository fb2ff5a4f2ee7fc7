"""cairosvg surfaces that size, scale and place the drawing the way we need.

cairosvg's own PNG surface rounds the canvas size and cannot shrink a drawing
that is too big; its PDF surface writes one file per SVG. These subclasses
(built lazily, after the font set-up in :mod:`exporter.raster.engine`):

* ``ImageSurface``: canvas ``floor(W*scale) x floor(H*scale)`` like Excalidraw's
  canvas export (the drawing is scaled, never stretched, the last partial pixel
  is cut), reduced by the pixel budget when needed; thin strokes drawn like
  Chrome's (``HairlineContext``).
* ``PageSurface``: draws one SVG as one page of a shared cairo PDF surface,
  scaled and offset by a :class:`exporter.raster.paper.PageLayout`; web links
  become PDF link annotations.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import cache
from typing import Any

from defusedxml.ElementTree import fromstring

from exporter.raster.adapt import adapt_tree
from exporter.raster.budget import budget_factor
from exporter.raster.engine import cairosvg_module
from exporter.raster.fastpath import subpath_stroker
from exporter.raster.leandraw import draw_lean
from exporter.raster.nodetree import build_tree
from exporter.raster.textruns import GLYPH_CLUSTERS, GLYPH_DY, GLYPHS, LAID_OUT, RTL_RUN

MIN_SIDE = 1


def parse_svg(svg: str) -> Any:
    """cairosvg's tree of ``svg``, adapted for it (external resources are never fetched)."""
    cairosvg_module()
    root = fromstring(svg.encode("utf-8"))
    adapt_tree(root)
    tree = build_tree(root)
    if tree is None:  # a stylesheet: cairosvg's own parser applies it
        from cairosvg.parser import Tree

        tree = Tree(bytestring=ET.tostring(root))
    return tree


LINK_SCHEMES = ("http://", "https://", "mailto:")


def link_uri(node: Any) -> str | None:
    """The web link of an ``<a>`` node (vault links like [[Note]] mean nothing in a PDF)."""
    href = (node.get_href() or "").strip()
    return href if href.lower().startswith(LINK_SCHEMES) else None


def _cairo_quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace("'", "\\'")


def draw_text_run(surface: Any, node: Any) -> None:
    """Draw a ``<text>`` that textruns laid out: each character at its own x, in one font.

    The same drawing calls cairosvg makes for such a node, without its per-letter
    measuring and the glyph-outline path it builds and throws away.
    """
    import cairocffi as cairo
    from cairosvg.helpers import paint, size

    text = node.text or ""
    xs = [float(v) for v in node.get("x", "0").split()]
    y = float(node.get("y", "0") or 0)
    _, color = paint(node.get("fill", "black"))
    if not text or color is None or node.get("display") == "none" or node.get("visibility") == "hidden":
        return
    opacity = float(node.get("fill-opacity", 1)) * float(node.get("opacity", 1))
    ctx = surface.context
    ctx.save()
    if node.get("transform"):
        from cairosvg.helpers import transform

        transform(surface, node.get("transform"))
    ctx.select_font_face(node.get("font-family", "sans-serif"), cairo.FONT_SLANT_NORMAL, cairo.FONT_WEIGHT_NORMAL)
    ctx.set_font_size(size(surface, node.get("font-size", "12pt")))
    ctx.set_source_rgba(*surface.map_color(color, opacity))
    if node.get(GLYPHS) is not None:
        _show_shaped(ctx, node, text, xs, y, cairo)
        ctx.restore()
        return
    for ch, x in zip(text, xs, strict=False):
        if not ch.isspace():
            ctx.move_to(x, y)
            ctx.show_text(ch)
    ctx.restore()


def _show_shaped(ctx: Any, node: Any, text: str, xs: list[float], y: float, cairo: Any) -> None:
    """Draw a HarfBuzz-shaped run by glyph id, with the text mapped to it (extractable in PDF)."""
    glyph_ids = [int(v) for v in node.get(GLYPHS, "").split()]
    dys = [float(v) for v in node.get(GLYPH_DY, "").split()]
    starts = [int(v) for v in node.get(GLYPH_CLUSTERS, "").split()]
    if not (len(glyph_ids) == len(xs) == len(dys) == len(starts)):
        return
    glyphs = [(g, x, y + dy) for g, x, dy in zip(glyph_ids, xs, dys, strict=True)]
    backward = node.get(RTL_RUN) is not None
    # Clusters: glyphs sharing a first character, in text order (reversed glyph order when backward).
    groups: list[list[int]] = []  # [first character, glyph count]
    for start in (reversed(starts) if backward else starts):
        if groups and groups[-1][0] == start:
            groups[-1][1] += 1
        else:
            groups.append([start, 1])
    bounds = [g[0] for g in groups] + [len(text)]
    if bounds != sorted(bounds) or bounds[0] != 0:  # not a monotone mapping: draw without text
        ctx.show_glyphs(glyphs)
        return
    clusters = [(len(text[a:b].encode("utf-8")), count)
                for (a, count), b in zip(groups, bounds[1:], strict=True)]
    flags = cairo.TEXT_CLUSTER_FLAG_BACKWARD if backward else 0
    ctx.show_text_glyphs(text, glyphs, clusters, flags)


@cache
def hairline_context_class() -> type:
    """A cairo context that strokes sub-pixel lines the way Chrome's Skia does.

    Skia draws an anti-aliased stroke thinner than one device pixel as a
    one-pixel hairline whose alpha is scaled by the width, segment by segment, so
    overlapping sub-paths (rough.js draws every line twice) add up; cairo covers
    the union of the exact stroke area once, so hachure fills and 0.5 px
    outlines come out fainter than in a browser.
    """
    cairosvg_module()
    import cairocffi as cairo

    subpath_stroke = subpath_stroker()

    class HairlineContext(cairo.Context):
        hairlines = True  # leandraw's C painter strokes thin lines the same way
        _rgba: tuple[float, ...] | None = None

        def set_source_rgba(self, red: float, green: float, blue: float, alpha: float = 1) -> None:
            self._rgba = (red, green, blue, alpha)
            super().set_source_rgba(red, green, blue, alpha)

        def set_source(self, source: Any) -> None:
            self._rgba = None
            super().set_source(source)

        def stroke(self) -> None:
            width = self.get_line_width()
            device = math.hypot(*self.user_to_device_distance(width, 0))
            if not (0 < device < 1) or self._rgba is None:
                super().stroke()
                return
            red, green, blue, alpha = self._rgba
            self.set_line_width(width / device)
            super().set_source_rgba(red, green, blue, alpha * device)
            if subpath_stroke is not None:
                subpath_stroke(self)
            else:
                subpaths: list[list[Any]] = []
                for op in self.copy_path():
                    if op[0] == cairo.PATH_MOVE_TO or not subpaths:
                        subpaths.append([])
                    subpaths[-1].append(op)
                for subpath in subpaths:
                    self.new_path()
                    self.append_path(subpath)
                    super().stroke()
            self.set_line_width(width)
            super().set_source_rgba(red, green, blue, alpha)

    return HairlineContext


@cache
def image_surface_class() -> type:
    cairosvg_module()
    import cairocffi as cairo
    from cairosvg.surface import PNGSurface

    hairline_context = hairline_context_class()

    class ImageSurface(PNGSurface):
        """An ARGB32 canvas of the (scaled, budgeted) SVG size; nothing is written."""

        def __init__(self, tree: Any, *, scale: float, output_width: float | None,
                     background: str | None, max_pixels: int, max_side: int,
                     rows: tuple[int, int] | None = None) -> None:
            self.rows = rows
            self.full_height = 0
            self.px_per_unit, self.px_origin = 1.0, 0.0
            self.max_pixels = max_pixels
            self.max_side = max_side
            self.budget = 1.0
            self.requested_size = (0.0, 0.0)
            self._root_placed = False
            super().__init__(tree, None, 96, scale=scale, output_width=output_width,
                             background_color=background)

        def _create_surface(self, width: float, height: float) -> tuple[Any, int, int]:
            self.requested_size = (width, height)
            self.budget = budget_factor(width, height, self.max_pixels, self.max_side)
            # Truncate like a canvas does with a fractional size.
            w = max(MIN_SIDE, int(width * self.budget))
            h = self.full_height = max(MIN_SIDE, int(height * self.budget))
            if self.rows is None:
                return cairo.ImageSurface(cairo.FORMAT_ARGB32, w, h), w, h
            # Only canvas rows [top, bottom): the same pixels, on a surface that starts at ``top``.
            top, bottom = max(0, self.rows[0]), min(h, self.rows[1])
            canvas = cairo.ImageSurface(cairo.FORMAT_ARGB32, w, max(MIN_SIDE, bottom - top))
            canvas.set_device_offset(0, -top)
            return canvas, w, max(MIN_SIDE, bottom - top)

        def draw(self, node: Any) -> None:
            if node.tag == "text" and node.get(LAID_OUT):
                draw_text_run(self, node)
            elif not draw_lean(self, node):
                super().draw(node)

        def set_context_size(self, width: float, height: float, viewbox: Any, tree: Any) -> None:
            root = not self._root_placed
            if root:
                self._root_placed = True
                # Same cairo_t, drawn through the hairline-aware class from here on.
                self.context = hairline_context._from_pointer(self.context._pointer, incref=True)
                if self.budget != 1.0:
                    self.context.scale(self.budget, self.budget)
            super().set_context_size(width, height, viewbox, tree)
            if root:  # viewBox units -> canvas rows: y px = y * px_per_unit + px_origin
                matrix = self.context.get_matrix().as_tuple()
                self.px_per_unit, self.px_origin = matrix[3], matrix[5]

    return ImageSurface


@cache
def page_surface_class() -> type:
    cairosvg_module()
    from cairosvg.surface import PDFSurface

    class PageSurface(PDFSurface):
        """One SVG drawn as the current page of an existing cairo PDF surface."""

        def __init__(self, tree: Any, pdf: Any, layout: Callable[[float, float], Any]) -> None:
            self.pdf = pdf
            self.layout_for = layout
            self.layout = None
            self._root_placed = False
            super().__init__(tree, None, 96)

        def _create_surface(self, width: float, height: float) -> tuple[Any, float, float]:
            # width/height: the drawing in points
            self.layout = self.layout_for(width, height)
            self.pdf.set_size(self.layout.width, self.layout.height)
            return self.pdf, self.layout.width, self.layout.height

        def set_context_size(self, width: float, height: float, viewbox: Any, tree: Any) -> None:
            if not self._root_placed:
                self._root_placed = True
                # The context already maps px to pt; offsets are in pt.
                unit = self.device_units_per_user_units
                self.context.translate(self.layout.offset_x / unit, self.layout.offset_y / unit)
                self.context.scale(self.layout.scale, self.layout.scale)
            super().set_context_size(width, height, viewbox, tree)

        def draw(self, node: Any) -> None:
            # <a href> around an element becomes a clickable PDF link over what it draws.
            uri = link_uri(node) if node.tag == "a" else None
            if uri:
                self.context.tag_begin("Link", f"uri='{_cairo_quote(uri)}'")
            if node.tag == "text" and node.get(LAID_OUT):
                draw_text_run(self, node)
            elif not draw_lean(self, node):
                super().draw(node)
            if uri:
                self.context.tag_end("Link")

        def finish(self) -> None:
            self.pdf.show_page()

    return PageSurface
