"""cairosvg's drawing of one ``<g>`` or ``<path>``, without the work those nodes never need.

cairosvg's ``Surface.draw`` runs the same ~30 steps for every node: font
parsing, masks, filters, clip rectangles, a deep copy of the text cursor,
antialias and font options, colour and length parsing through regular
expressions. Our SVG is mostly groups and paths with a transform, a colour
and a width, and at 10,000 elements those steps cost more than cairo's own
drawing. :func:`draw_lean` makes the same cairo calls in the same order for
such a node and returns False for anything else (a mask, filter, clip, marker,
gradient, visibility or rendering hint, x/y/width/height, font shorthand...),
which cairosvg then draws as before. Pixel-identical output is checked on the
corpus by tests/test_raster_fastpath.py.

The steps left out are no-ops for these nodes: antialias and font options are
reset to defaults by cairosvg on every node, and a node whose ancestors set
neither ``shape-rendering`` nor ``text-rendering`` (both inherited, so a node
under such an ancestor carries them and is not drawn here) already has them.
"""

from __future__ import annotations

from typing import Any

__all__ = ["draw_lean"]

LEAN_TAGS = frozenset(("g", "path"))
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
        self.paints: dict[str, tuple[Any, Any]] = {}


_helpers: _Helpers | None = None


def _paint(h: _Helpers, value: str | None) -> tuple[Any, Any]:
    key = value or ""
    found = h.paints.get(key)
    if found is None:
        found = h.paints[key] = h.paint(value)
    return found


def draw_lean(surface: Any, node: Any) -> bool:
    """Draw ``node`` (a plain group or path) as cairosvg would; False if it is not one."""
    global _helpers
    tag = node.tag
    if tag not in LEAN_TAGS or not OTHER_HANDLING.isdisjoint(node):
        return False
    fill_value = node.get("fill", "black")
    stroke_value = node.get("stroke")
    if "url(" in fill_value or (stroke_value is not None and "url(" in stroke_value):
        return False
    h = _helpers or _Helpers()
    _helpers = h
    size = h.size
    ctx = surface.context
    cairo = h.cairo

    old_parent_node = surface.parent_node
    old_font_size = surface.font_size
    old_context_size = surface.context_width, surface.context_height
    surface.parent_node = node
    surface.font_size = size(surface, node.get("font-size", "12pt"))
    ctx.save()
    transform = node.get("transform")
    if transform:
        h.transform(surface, transform)
    opacity = float(node.get("opacity", 1))
    children = node.children
    group = opacity < 1 and bool(children)
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
    dash = node.get("stroke-dasharray")
    if dash:
        dash_array = h.normalize(dash).split()
        if dash_array:
            dashes = [size(surface, value) for value in dash_array]
            if sum(dashes):
                ctx.set_dash(dashes, size(surface, node.get("stroke-dashoffset")))
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
            _, color = _paint(h, fill_value)
            if node.get("fill-rule") == "evenodd":
                ctx.set_fill_rule(cairo.FILL_RULE_EVEN_ODD)
            ctx.set_source_rgba(*surface.map_color(color, fill_opacity))
            ctx.fill_preserve()
            ctx.restore()
            ctx.save()
            ctx.set_line_width(size(surface, node.get("stroke-width", "1")))
            _, color = _paint(h, stroke_value)
            ctx.set_source_rgba(*surface.map_color(color, stroke_opacity))
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
