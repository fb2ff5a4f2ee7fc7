"""A rough.js drawable as SVG, like ``RoughSVG.draw`` with 2 decimals (doc §3.10).

``<g>`` holds one ``<path>`` per op set (rough.js ``toPaths`` at Excalidraw's
2-decimal precision, attributes in svg.js order); the caller gives the
``<g>``'s own attributes (opacity, linecap, transform...) in the order
Excalidraw sets them.

The markup is written here directly rather than through
:func:`exporter.rough.to_paths` and :func:`exporter.render.svgtext.attrs`
(it is the bulk of an export's attributes): the same attributes in the same
order, with the few distinct colour/width/dash strings escaped once each.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from exporter.jsnum import js_str
from exporter.render.svgtext import attrs, escape_attr
from exporter.rough.svgpath import dasharray_text, dashoffset_text, ops_to_path

__all__ = ["draw", "draw_paths", "open_group", "escape_cached", "PRECISION"]

#: MAX_DECIMALS_FOR_SVG_EXPORT
PRECISION = 2

_NONE = "none"
_EVENODD_SHAPES = ("curve", "polygon")
# escape_attr of the strings that repeat from path to path (colours, widths, dashes).
_escaped: dict[Any, str] = {}


def escape_cached(value: Any) -> str:
    """``escape_attr(value)`` of a string that repeats (a colour, a width), remembered."""
    text = _escaped.get(value)
    if text is None:
        text = escape_attr(value)
        if len(_escaped) < 4096:
            _escaped[value] = text
    return text


def _width(value: Any) -> str:
    return escape_cached(js_str(value))


def draw_paths(drawable: Any) -> str:
    """The ``<path>`` elements of a drawable, in rough.js set order (``toPaths`` + svg.js)."""
    o = drawable.options
    parts = []
    for opset in drawable.sets:
        kind = opset.type
        # d holds only digits, letters, '.', '-', '+', ',' and spaces: nothing to escape.
        d = ops_to_path(opset, PRECISION)
        if kind == "path":
            dash = dasharray_text(o.stroke_line_dash)
            offset = dashoffset_text(o.stroke_line_dash_offset)
            tail = ""
            if dash is not None:
                tail = f' stroke-dasharray="{escape_cached(dash)}"'
            if offset is not None:
                tail += f' stroke-dashoffset="{escape_cached(offset)}"'
            parts.append(f'<path d="{d}" stroke="{escape_cached(o.stroke)}" stroke-width="{_width(o.stroke_width)}" '
                         f'fill="none"{tail}></path>')
        elif kind == "fillPath":
            rule = ' fill-rule="evenodd"' if drawable.shape in _EVENODD_SHAPES else ""
            parts.append(f'<path d="{d}" stroke="none" stroke-width="0" fill="{escape_cached(o.fill or _NONE)}"{rule}></path>')
        elif kind == "fillSketch":
            weight = o.fill_weight
            if weight < 0:
                weight = o.stroke_width / 2
            dash = dasharray_text(o.fill_line_dash)
            offset = dashoffset_text(o.fill_line_dash_offset)
            tail = ""
            if dash is not None:
                tail = f' stroke-dasharray="{escape_cached(dash)}"'
            if offset is not None:
                tail += f' stroke-dashoffset="{escape_cached(offset)}"'
            parts.append(f'<path d="{d}" stroke="{escape_cached(o.fill or _NONE)}" stroke-width="{_width(weight)}" '
                         f'fill="none"{tail}></path>')
    return "".join(parts)


def open_group(group_attrs: Iterable[tuple[str, str]] = ()) -> str:
    """``<g group_attrs>``, for callers that draw several drawables with the same attributes."""
    return f"<g{attrs(group_attrs)}>"


def draw(drawable: Any, group_attrs: Iterable[tuple[str, str]] = (), open_tag: str | None = None) -> str:
    """``<g group_attrs>paths</g>`` for one drawable (``open_tag``: that ``<g ...>`` already written)."""
    if open_tag is None:
        open_tag = f"<g{attrs(group_attrs)}>"
    return f"{open_tag}{draw_paths(drawable)}</g>"
