"""cairosvg's drawing of a ``<g>``, a ``<path>`` or the background ``<rect>``, without the
work those nodes never need.

cairosvg's ``Surface.draw`` runs the same ~30 steps for every node: font
parsing, masks, filters, clip rectangles, a deep copy of the text cursor,
antialias and font options, colour and length parsing through regular
expressions. Our SVG is mostly groups and paths with a transform, a colour
and a width, and at 10,000 elements those steps cost more than cairo's own
drawing. :func:`draw_lean` makes the same cairo calls in the same order for
such a node and returns False for anything else (a mask, filter, clip, marker,
gradient, visibility or rendering hint, x/y/width/height, font shorthand...),
which cairosvg then draws as before. Pixel-identical output is checked on the
corpus and on hand-written and mutated cases by tests/test_raster_lean.py.
With the C accelerator, a plain path is drawn, filled and stroked by one C call
(:func:`_paint_in_c`), and a group's start (save, transform, stroke settings) is
one more (:func:`_open_in_c`); both call cairo's own functions in cairosvg's order.

The steps left out are no-ops for these nodes: antialias and font options are
reset to defaults by cairosvg on every node, and a node whose ancestors set
neither ``shape-rendering`` nor ``text-rendering`` (both inherited, so a node
under such an ancestor carries them and is not drawn here) already has them.
"""

from __future__ import annotations

import math
import re
import struct
from functools import cache
from typing import Any

__all__ = ["draw_lean"]

LEAN_TAGS = frozenset(("g", "path"))
CACHE_LIMIT = 4096  # distinct colours or lengths remembered (a drawing has a few dozen)
# Attributes whose handling in cairosvg's draw is not reproduced here.
OTHER_HANDLING = frozenset((
    "font", "width", "height", "x", "y", "mask", "filter", "clip", "clip-path", "transform-origin",
    "shape-rendering", "text-rendering", "display", "visibility", "marker", "marker-start",
    "marker-mid", "marker-end",
))


class _Helpers:
    """cairosvg and cairo names, imported once (after the font set-up)."""

    def __init__(self) -> None:
        import cairocffi as cairo
        from cairosvg import helpers
        from cairosvg.path import draw_markers
        from cairosvg.surface import TAGS

        self.cairo = cairo
        self.size = helpers.size
        self.normalize = helpers.normalize
        self.paint = helpers.paint
        self.transform = helpers.transform
        self.PointError = helpers.PointError
        self.draw_markers = draw_markers
        self.tags = TAGS
        self.colors: dict[tuple[str | None, float], tuple[float, ...]] = {}
        from exporter.raster.fastpath import group_opener, path_painter

        self.paint_path = path_painter()  # None without the C accelerator
        self.open_group = group_opener()  # None without it
        if self.paint_path is not None:
            from exporter.raster import _cairopath

            self.parse_path = _cairopath.parse
        self.sizes: dict[tuple[str, float], float] = {}


# Lengths whose value depends only on the DPI (cachable), and transform lists made of
# plain numbers, which cairosvg's normalize() leaves as they are.
FIXED_UNIT_LENGTH = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:mm|cm|in|pt|pc|px)")
# One way to read each string (numbers need a space between them): no backtracking blow-up.
_NUMBER = r"[-+]?\d+(?:\.\d+)?"
SIMPLE_TRANSFORMS = re.compile(rf"(?:translate|rotate|scale|matrix)\({_NUMBER}(?: {_NUMBER})*\)"
                               rf"(?: (?:translate|rotate|scale|matrix)\({_NUMBER}(?: {_NUMBER})*\))*")
ONE_TRANSFORM = re.compile(r"(translate|rotate|scale|matrix)\(([^)]*)\)")
ARITY = {"translate": (1, 2), "rotate": (1, 3), "scale": (1, 2), "matrix": (6,)}


@cache
def _helpers() -> _Helpers:
    return _Helpers()


def _rgba(h: _Helpers, surface: Any, paint: str | None, opacity: float) -> tuple[float, ...]:
    """``surface.map_color`` of a paint's colour, remembered per paint and opacity while the
    surface maps colours with no function of its own."""
    if surface.map_rgba is not None:
        return surface.map_color(h.paint(paint)[1], opacity)
    key = (paint, opacity)
    found = h.colors.get(key)
    if found is None:
        found = surface.map_color(h.paint(paint)[1], opacity)
        if len(h.colors) < CACHE_LIMIT:
            h.colors[key] = found
    return found


def _size(h: _Helpers, surface: Any, value: str | None) -> float:
    """cairosvg.helpers.size(surface, value), remembered for DPI-only units like ``12pt``."""
    if not value:
        return 0
    try:
        return float(value)
    except ValueError:
        pass
    if not FIXED_UNIT_LENGTH.fullmatch(value):
        return h.size(surface, value)
    key = (value, surface.dpi)
    found = h.sizes.get(key)
    if found is None:
        found = h.size(surface, value)
        if len(h.sizes) < CACHE_LIMIT:
            h.sizes[key] = found
    return found


def _transform_operations(value: str) -> list[tuple[str, list[float]]] | None:
    """(kind, numbers) of a list of plain-number transforms; None for anything else."""
    if not SIMPLE_TRANSFORMS.fullmatch(value):
        return None
    operations = []
    for kind, numbers in ONE_TRANSFORM.findall(value):
        values = [float(v) for v in numbers.split()]
        if len(values) not in ARITY[kind]:
            return None
        operations.append((kind, values))
    return operations


# The packed transforms of _cairopath.open_group: a kind byte, then its doubles.
_PACKED_KIND = {"translate": 1, "rotate": 2, "scale": 3, "matrix": 4}


def _packed_transforms(operations: list[tuple[str, list[float]]]) -> bytes:
    """``operations`` for _cairopath.open_group, with the numbers _transform gives cairo."""
    parts = []
    for kind, values in operations:
        if kind == "translate":
            numbers = (values[0], values[1] if len(values) > 1 else 0.0)
        elif kind == "rotate":
            x, y = values[1:] or (0.0, 0.0)
            numbers = (math.radians(values[0]), x, y)
        elif kind == "scale":
            numbers = (values[0], values[-1])
        else:
            numbers = tuple(values)
        parts.append(struct.pack(f"=B{len(numbers)}d", _PACKED_KIND[kind], *numbers))
    return b"".join(parts)


def _transform(h: _Helpers, surface: Any, value: str) -> None:
    """cairosvg.helpers.transform for a list of plain-number transforms (the same matrix
    operations in the same order); anything else goes to cairosvg's own parser."""
    operations = _transform_operations(value)
    if operations is None:
        h.transform(surface, value)
        return
    matrix = h.cairo.Matrix()
    for kind, values in operations:
        if kind == "translate":
            matrix.translate(values[0], values[1] if len(values) > 1 else 0)
        elif kind == "rotate":
            x, y = values[1:] or (0, 0)
            matrix.translate(x, y)
            matrix.rotate(math.radians(values[0]))
            matrix.translate(-x, -y)
        elif kind == "scale":
            matrix.scale(values[0], values[-1])
        else:
            matrix = h.cairo.Matrix(*values).multiply(matrix)
    try:
        matrix.invert()
    except h.cairo.Error:  # not invertible: cairosvg's own handling (an empty clip)
        h.transform(surface, value)
        return
    matrix.invert()
    surface.context.transform(matrix)


def _dash(h: _Helpers, surface: Any, node: Any) -> tuple[list[float], float] | None:
    """(lengths, offset) cairosvg sets as the node's dash pattern; None when it sets none."""
    dash = node.get("stroke-dasharray")
    if not dash:
        return None
    lengths = [_size(h, surface, value) for value in h.normalize(dash).split()]
    if not (lengths and sum(lengths)):
        return None
    return lengths, _size(h, surface, node.get("stroke-dashoffset"))


def _packed_dash(h: _Helpers, surface: Any, node: Any) -> tuple[bytes, float]:
    """:func:`_dash` for the C calls: the lengths as packed doubles (none: ``b""``) and the offset."""
    dash = _dash(h, surface, node)
    if dash is None:
        return b"", 0.0
    return struct.pack(f"{len(dash[0])}d", *dash[0]), dash[1]


CAPS = {"round": 1, "square": 2}  # cairo_line_cap_t
JOINS = {"round": 1, "bevel": 2}  # cairo_line_join_t


def _paint_in_c(h: _Helpers, surface: Any, node: Any, fill_value: str, stroke_value: str | None) -> bool:
    """The path node below in one C call (fastpath.path_painter): the same cairo calls
    for a path with no transform or children, read by the C path reader."""
    if not surface.stroke_and_fill or node.children or "transform" in node:
        return False
    ops = h.parse_path(node.get("d", ""))
    if ops is None:
        return False
    dashes, dash_offset = _packed_dash(h, surface, node)
    opacity = float(node.get("opacity", 1))
    fill_opacity = float(node.get("fill-opacity", 1)) * opacity
    stroke_opacity = float(node.get("stroke-opacity", 1)) * opacity
    context = surface.context
    h.paint_path(
        context, ops, node.get("fill") == "none" and stroke_value not in (None, "none"),
        _rgba(h, surface, fill_value, fill_opacity), node.get("fill-rule") == "evenodd",
        _size(h, surface, node.get("stroke-width", "1")),
        _rgba(h, surface, stroke_value, stroke_opacity),
        CAPS.get(node.get("stroke-linecap"), -1), JOINS.get(node.get("stroke-linejoin"), -1),
        float(node.get("stroke-miterlimit", 4)), getattr(context, "hairlines", False), dashes, dash_offset)
    return True


def _open_in_c(h: _Helpers, surface: Any, node: Any, transform: str | None) -> bool:
    """The start of draw_lean's node below (save, transform, move to the origin, caps, joins,
    dashes, miter limit) in one C call (fastpath.group_opener), the matrix made by cairo's
    own functions in _transform's order; False (nothing done) when the transform is not a
    plain-number list or not invertible, for the Python path to handle."""
    packed = b""
    if transform:
        operations = _transform_operations(transform)
        if operations is None:
            return False
        packed = _packed_transforms(operations)
    dashes, dash_offset = _packed_dash(h, surface, node)
    return h.open_group(surface.context, packed, CAPS.get(node.get("stroke-linecap"), -1),
                        JOINS.get(node.get("stroke-linejoin"), -1), float(node.get("stroke-miterlimit", 4)),
                        dashes, dash_offset)


# What a rect may carry to be painted as the whole canvas (the rest is inherited and inert).
CANVAS_RECT_SKIPS = frozenset((
    "rx", "ry", "transform", "stroke", "opacity", "fill-opacity", "mask", "filter", "clip", "clip-path",
    "display", "visibility", "shape-rendering", "transform-origin",
))


def _paint_canvas_rect(surface: Any, node: Any) -> bool:
    """An opaque plain rect that covers the whole image (the export's background) painted
    with ``paint()``, not filled: every pixel is fully covered either way, so the pixels are
    the same, but cairo fills a box with fractional edges span by span (0.1 s for 10 Mpx; a
    quarter of the corpus' PNG drawing time) where it paints with a fill of memory."""
    h = _helpers()
    cairo = h.cairo
    target = surface.cairo
    if (not isinstance(target, cairo.ImageSurface) or node.children or not surface.stroke_and_fill
            or not CANVAS_RECT_SKIPS.isdisjoint(node) or node.get("stroke") not in (None, "none")):
        return False
    fill_value = node.get("fill", "black")
    if "url(" in fill_value:
        return False
    try:
        x, y = _size(h, surface, node.get("x")), _size(h, surface, node.get("y"))
        width, height = _size(h, surface, node.get("width")), _size(h, surface, node.get("height"))
    except ValueError:
        return False
    rgba = _rgba(h, surface, fill_value, 1)
    ctx = surface.context
    xx, yx, xy, yy, _, _ = ctx.get_matrix().as_tuple()
    if rgba[3] != 1 or yx != 0 or xy != 0 or xx <= 0 or yy <= 0 or not (width > 0 and height > 0):
        return False
    left, top = ctx.user_to_device(x, y)
    right, bottom = ctx.user_to_device(x + width, y + height)
    if not (left <= 0 and top <= 0 and right >= target.get_width() and bottom >= target.get_height()):
        return False
    ctx.save()
    ctx.set_source_rgba(*rgba)
    ctx.paint()
    ctx.restore()
    return True


def draw_lean(surface: Any, node: Any) -> bool:
    """Draw ``node`` (a plain group or path, or the background rect) as cairosvg would;
    False if it is not one."""
    tag = node.tag
    if tag == "rect":
        return _paint_canvas_rect(surface, node)
    if tag not in LEAN_TAGS or not OTHER_HANDLING.isdisjoint(node):
        return False
    fill_value = node.get("fill", "black")
    stroke_value = node.get("stroke")
    if "url(" in fill_value or (stroke_value is not None and "url(" in stroke_value):
        return False
    h = _helpers()
    ctx = surface.context
    cairo = h.cairo
    if tag == "path" and h.paint_path is not None and _paint_in_c(h, surface, node, fill_value, stroke_value):
        return True

    old_parent_node = surface.parent_node
    old_font_size = surface.font_size
    old_context_size = surface.context_width, surface.context_height
    surface.parent_node = node
    surface.font_size = _size(h, surface, node.get("font-size", "12pt"))
    transform = node.get("transform")
    opacity = float(node.get("opacity", 1))
    children = node.children
    group = opacity < 1 and bool(children)
    if group or h.open_group is None or not _open_in_c(h, surface, node, transform):
        ctx.save()
        if transform:
            _transform(h, surface, transform)
        if group:
            ctx.push_group()
        ctx.move_to(0, 0)  # cairosvg moves to (x, y); neither is set here
        line_cap = node.get("stroke-linecap")
        if line_cap == "square":
            ctx.set_line_cap(cairo.LINE_CAP_SQUARE)
        elif line_cap == "round":
            ctx.set_line_cap(cairo.LINE_CAP_ROUND)
        line_join = node.get("stroke-linejoin")
        if line_join == "round":
            ctx.set_line_join(cairo.LINE_JOIN_ROUND)
        elif line_join == "bevel":
            ctx.set_line_join(cairo.LINE_JOIN_BEVEL)
        dash = _dash(h, surface, node)
        if dash is not None:
            ctx.set_dash(*dash)
        ctx.set_miter_limit(float(node.get("stroke-miterlimit", 4)))

    drawer = h.tags.get(tag)
    if drawer is not None:
        try:
            drawer(surface, node)
        except h.PointError:
            pass
        stroke_opacity = float(node.get("stroke-opacity", 1))
        fill_opacity = float(node.get("fill-opacity", 1))
        if opacity < 1 and not children:
            stroke_opacity *= opacity
            fill_opacity *= opacity
        if surface.stroke_and_fill:
            ctx.save()
            if node.get("fill-rule") == "evenodd":
                ctx.set_fill_rule(cairo.FILL_RULE_EVEN_ODD)
            ctx.set_source_rgba(*_rgba(h, surface, fill_value, fill_opacity))
            ctx.fill_preserve()
            ctx.restore()
            ctx.save()
            ctx.set_line_width(_size(h, surface, node.get("stroke-width", "1")))
            ctx.set_source_rgba(*_rgba(h, surface, stroke_value, stroke_opacity))
            ctx.stroke()
            ctx.restore()
        if getattr(node, "vertices", None):
            h.draw_markers(surface, node)

    for child in children:
        surface.draw(child)
    if group:
        ctx.pop_group_to_source()
        ctx.paint_with_alpha(opacity)
    ctx.restore()
    surface.parent_node = old_parent_node
    surface.font_size = old_font_size
    surface.context_width, surface.context_height = old_context_size
    return True
