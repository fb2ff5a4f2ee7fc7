"""The rough.js options Excalidraw passes for an element (doc §3.3).

``XM:packages/element/src/shape.ts#generateRoughOptions``, ``adjustRoughness``
and ``XM:packages/element/src/utils.ts#isPathALoop``. Colours go through the
caller's ``color`` function (the dark-mode filter when exporting dark).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from exporter.scene.model import Element

__all__ = ["generate_rough_options", "adjust_roughness", "is_path_a_loop", "is_transparent", "stroke_width"]

# LINE_CONFIRM_THRESHOLD (zoom 1 when exporting).
_LOOP_THRESHOLD = 8
# canChangeRoundness(): types whose "round" edges keep their roughness when small.
_ROUNDABLE = frozenset({"rectangle", "iframe", "embeddable", "line", "diamond", "stickynote", "image"})
_LINEAR = frozenset({"line", "arrow"})


# is_transparent per colour string: a drawing repeats a handful of colours thousands of times.
_transparent: dict[str, bool] = {}


def is_transparent(color: Any) -> bool:
    """Excalidraw's ``isTransparent`` (XM: any colour whose alpha is 0)."""
    if type(color) is str:
        known = _transparent.get(color)
        if known is None:
            known = _is_transparent(color)
            if len(_transparent) < 4096:
                _transparent[color] = known
        return known
    return _is_transparent(color)


def _is_transparent(color: Any) -> bool:
    try:
        from exporter.render.colors import is_transparent as colors_is_transparent
    except ImportError:  # colours module not there yet: the literal forms
        if not isinstance(color, str):
            return True
        c = color.strip().lower()
        return c == "transparent" or (c.startswith("#") and len(c) in (5, 9) and c[-1 if len(c) == 5 else -2:] in ("0", "00"))
    return colors_is_transparent(color)


def is_path_a_loop(points: Sequence[Sequence[float]]) -> bool:
    """At least 3 points and the last within 8 px of the first."""
    if len(points) >= 3:
        first, last = points[0], points[-1]
        return math.hypot(last[0] - first[0], last[1] - first[1]) <= _LOOP_THRESHOLD
    return False


def adjust_roughness(el: Element) -> float:
    """Small shapes are drawn less rough (``adjustRoughness``)."""
    roughness = el.get("roughness", 1)
    w, h = el.get("width", 0), el.get("height", 0)
    max_size, min_size = max(w, h), min(w, h)
    if (
        (min_size >= 20 and max_size >= 50)
        or (min_size >= 15 and bool(el.get("roundness")) and el["type"] in _ROUNDABLE)
        or (el["type"] in _LINEAR and max_size >= 50)
    ):
        return roughness
    return min(roughness / (3 if max_size < 10 else 2), 2.5)


def stroke_width(el: Element) -> float:
    """``strokeWidth`` as a number (some old Obsidian files store it as a string, e.g. ``"6"``)."""
    sw = el.get("strokeWidth", 2)
    if isinstance(sw, str):
        try:
            value = float(sw)
        except ValueError:
            return 2
        return int(value) if value.is_integer() else value
    return sw


def _identity(color: str) -> str:
    return color


def generate_rough_options(
    el: Element, continuous_path: bool = False, color: Callable[[str], str] = _identity
) -> dict[str, Any]:
    """Options for the element's rough.js generator call (rough.js option names)."""
    sw = stroke_width(el)
    style = el.get("strokeStyle", "solid")
    if style == "dashed":
        dash: list[float] | None = [8, 8 + sw]
    elif style == "dotted":
        dash = [1.5, 6 + sw]
    else:
        dash = None
    opts: dict[str, Any] = {
        "seed": el.get("seed", 1),
        "strokeLineDash": dash,
        "disableMultiStroke": style != "solid",
        "strokeWidth": sw + 0.5 if style != "solid" else sw,
        "fillWeight": sw / 2,
        "hachureGap": sw * 4,
        "roughness": adjust_roughness(el),
        "stroke": color(el.get("strokeColor", "#1e1e1e")),
        "preserveVertices": continuous_path or el.get("roughness", 1) < 2,
    }
    kind = el["type"]
    bg = el.get("backgroundColor", "transparent")
    if kind in ("rectangle", "iframe", "embeddable", "diamond", "ellipse"):
        opts["fillStyle"] = el.get("fillStyle", "solid")
        opts["fill"] = None if is_transparent(bg) else color(bg)
        if kind == "ellipse":
            opts["curveFitting"] = 1
    elif kind in ("line", "freedraw"):
        if is_path_a_loop(el.get("points") or ()):
            opts["fillStyle"] = el.get("fillStyle", "solid")
            opts["fill"] = None if bg == "transparent" else color(bg)
    return opts
