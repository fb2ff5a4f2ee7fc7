"""How far an element's ink can reach: generous scene-space boxes for drawing a canvas
region by region.

A big PNG is drawn in horizontal bands (exporter/raster/banded.py); each band's SVG
holds only the elements whose reach box meets the band. The box must never be too
small (a missing element would leave a hole), so it is the element's own box grown
by everything the renderer may add around it: stroke width, rough.js jitter and
bowing, arrowheads, freehand outlines, text that overflows a stale width, and any
rotation (the box is taken round its centre). Being too big only costs a little
work in a neighbouring band.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from exporter.scene.model import Element
from exporter.scene.points import coordinates

Box = tuple[float, float, float, float]

_LINEAR = ("line", "arrow", "freedraw")
# Room round every element (px): anti-aliasing, caps and joins, label padding, dashes.
_BASE_PAD = 16.0
# Arrowheads reach past the end points by at most their size (Excalidraw: 15-40 px,
# scaled with the stroke width for the heavier heads).
_ARROWHEAD_PAD = 48.0
# Widest glyph advance relative to the font size (CJK and emoji are about 1 em).
_GLYPH_EM = 1.5


def reach_box(el: Element, own: Box | None = None) -> Box | None:
    """A box (scene coordinates) that holds all the ink ``el`` draws; None when the
    element's geometry is unreadable (then it is drawn in every region). ``own``: the
    element's unrotated box when it is known already (Geometry.abs_coords), else it is
    read from the element."""
    try:
        if own is None:
            box = _own_box(el)
        else:
            a, b, c, d = own
            box = (a, b, c, d) if a <= c and b <= d else (min(a, c), min(b, d), max(a, c), max(b, d))
        kind = el.get("type")
        if kind == "text":
            box = _text_box(el, *box)
        x0, y0, x1, y1 = box
        width, height = x1 - x0, y1 - y0
        stroke = abs(float(el.get("strokeWidth") or 0))
        roughness = abs(float(el.get("roughness") or 0))
        # rough.js moves points by up to 2 px x roughness and bows lines by up to
        # length/100 x roughness; curves of ellipses and rounded shapes overshoot a little.
        pad = _BASE_PAD + 6 * stroke
        if roughness:
            pad += roughness * (8 + 0.06 * (width if width > height else height))
        if kind in _LINEAR:
            pad += _ARROWHEAD_PAD + 4 * stroke
        angle = float(el.get("angle") or 0)
        if angle % (2 * math.pi):
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            radius = math.hypot(width, height) / 2
            x0, y0, x1, y1 = cx - radius, cy - radius, cx + radius, cy + radius
        out = (x0 - pad, y0 - pad, x1 + pad, y1 + pad)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
    return out if math.isfinite(out[0] + out[1] + out[2] + out[3]) else None


def _own_box(el: Element) -> Box:
    x, y = float(el.get("x") or 0), float(el.get("y") or 0)
    if el.get("type") in _LINEAR:
        points = el.get("points") or ()
        if not points:
            return x, y, x, y
        xs, ys = coordinates(points)  # restored points are numbers (else: TypeError, drawn everywhere)
        return x + min(xs), y + min(ys), x + max(xs), y + max(ys)
    width, height = float(el.get("width") or 0), float(el.get("height") or 0)
    x0, x1 = sorted((x, x + width))
    y0, y1 = sorted((y, y + height))
    return x0, y0, x1, y1


def _text_box(el: Element, x0: float, y0: float, x1: float, y1: float) -> Box:
    """The stored box, grown on every side by what the longest line and the line count
    could need beyond it (the stored size can be stale, and alignment decides which
    side the overflow goes to)."""
    text = str(el.get("text") or el.get("originalText") or "")
    lines = text.split("\n")
    size = abs(float(el.get("fontSize") or 20))
    line_height = abs(float(el.get("lineHeight") or 1.25))
    wide = size * _GLYPH_EM * max(map(len, lines))
    tall = size * max(line_height, 1.0) * (len(lines) + 1)
    grow_x = max(0.0, wide - (x1 - x0))
    grow_y = max(0.0, tall - (y1 - y0))
    return x0 - grow_x, y0 - grow_y, x1 + grow_x, y1 + grow_y


def union(boxes: Sequence[Box | None]) -> Box | None:
    """The box holding all ``boxes``; None if any is None (unknown reach)."""
    if any(b is None for b in boxes):
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),  # type: ignore[index]
            max(b[2] for b in boxes), max(b[3] for b in boxes))  # type: ignore[index]


def grown(box: Box | None, dx: float, dy: float) -> Box | None:
    return None if box is None else (box[0] - dx, box[1] - dy, box[2] + dx, box[3] + dy)
