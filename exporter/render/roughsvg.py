"""A rough.js drawable as SVG, like ``RoughSVG.draw`` with 2 decimals (doc §3.10).

``<g>`` holds one ``<path>`` per op set (rough.js ``toPaths`` at Excalidraw's
2-decimal precision, attributes in svg.js order); the caller gives the
``<g>``'s own attributes (opacity, linecap, transform...) in the order
Excalidraw sets them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from exporter.render.svgtext import attrs
from exporter.rough import to_paths

__all__ = ["draw", "draw_paths", "PRECISION"]

#: MAX_DECIMALS_FOR_SVG_EXPORT
PRECISION = 2


def draw_paths(drawable: Any) -> str:
    """The ``<path>`` elements of a drawable, in rough.js set order."""
    return "".join(f"<path{attrs(p.attributes())}></path>" for p in to_paths(drawable, PRECISION))


def draw(drawable: Any, group_attrs: Iterable[tuple[str, str]] = ()) -> str:
    """``<g group_attrs>paths</g>`` for one drawable."""
    return f"<g{attrs(group_attrs)}>{draw_paths(drawable)}</g>"
