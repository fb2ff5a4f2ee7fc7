"""Frames (doc §8): outline ``<rect>``, synthetic name labels and clip paths.

ZF flavour: the outline stroke comes from ``customData.frameColor.stroke`` or
the app state's ``frameColor.stroke``. The fork writes the frame *fill* colour
into ``stroke-width`` (a bug: browsers then draw 1 px, cairo and other SVG
readers nothing); we write upstream's ``2``, the width Excalidraw's editor and
PNG export draw frame outlines with.
"""

from __future__ import annotations

import math
import re
from typing import Any

from exporter.jsnum import js_str
from exporter.render.context import RenderContext
from exporter.render.svgtext import attrs
from exporter.scene.model import Element

__all__ = ["draw", "frame_label_element", "frame_label", "frame_title", "clip_path_defs"]

# FRAME_STYLE
_STROKE = "#bbb"
_STROKE_WIDTH = "2"
_RADIUS = "8"
_NAME_OFFSET_Y = 3
_NAME_FONT_SIZE = 14
_NAME_LINE_HEIGHT = 1.25
_NAME_COLOR_LIGHT = "#999999"
_NAME_COLOR_DARK = "#7a7a7a"
_HELVETICA = 2
# The app state's frameColor default (ZF getDefaultAppState), which restore keeps when absent.
_DEFAULT_FRAME_COLOR = {"stroke": "#bbb", "fill": "rgba(0, 0, 200, 0.04)", "nameColor": "#999999"}
_EOL = re.compile(r"\r?\n|\r")


def frame_title(frame: Element) -> str:
    """``getFrameLikeTitle``: the name, or "Frame" / "AI Frame" when it is null."""
    name = frame.get("name")
    if name is None:
        return "AI Frame" if frame.get("type") == "magicframe" else "Frame"
    return str(name)


def _custom_color(frame: Element, key: str) -> Any:
    custom = frame.get("customData")
    colors = custom.get("frameColor") if isinstance(custom, dict) else None
    return colors.get(key) if isinstance(colors, dict) else None


def _app_color(ctx: RenderContext, key: str) -> Any:
    stored = ctx.scene.app_state.get("frameColor", _DEFAULT_FRAME_COLOR)
    return stored.get(key) if isinstance(stored, dict) else None


def _attr_string(value: Any) -> str:
    """``setAttribute`` stringification of a JSON value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return js_str(value)
    return str(value)


def _first(*values: Any) -> Any:
    for v in values:
        if v is not None:
            return v
    return None


def _label_width(text: str) -> float:
    from exporter.render.textlayout import measure_text_width

    return measure_text_width(text, _HELVETICA, _NAME_FONT_SIZE)


def frame_label(frame: Element, dark: bool) -> Element:
    """``addFrameLabelsAsTextElements``: the Helvetica 14 px name placed 3 px above the frame."""
    text = _EOL.sub("\n", frame_title(frame).replace("\t", "        "))
    lines = text.split("\n")
    height = _NAME_FONT_SIZE * _NAME_LINE_HEIGHT * len(lines)
    width = _label_width(text)
    max_width = frame.get("width", 0)
    if width > max_width:  # truncateText
        from exporter.render.textlayout import measure_line_width

        for i in range(len(text), 0, -1):
            candidate = text[:i] + "..."
            if measure_line_width(candidate, _HELVETICA, _NAME_FONT_SIZE) <= max_width:
                text = candidate
                break
        width = max_width
    color = _first(_custom_color(frame, "nameColor"), _NAME_COLOR_DARK if dark else _NAME_COLOR_LIGHT)
    return {
        "id": f"{frame['id']}-label", "type": "text", "x": frame.get("x", 0),
        "y": frame.get("y", 0) - _NAME_OFFSET_Y - height, "width": width, "height": height, "angle": 0,
        "text": text, "originalText": text, "fontSize": _NAME_FONT_SIZE, "fontFamily": _HELVETICA,
        "lineHeight": _NAME_LINE_HEIGHT, "textAlign": "left", "verticalAlign": "top", "strokeColor": color,
        "backgroundColor": "transparent", "opacity": 100, "containerId": None, "frameId": None,
        "groupIds": [], "isDeleted": False, "link": None, "autoResize": True, "boundElements": None,
    }


def frame_label_element(frame: Element, ctx: RenderContext) -> Element:
    """The label element of ``frame`` for this export (light or dark name colour)."""
    return frame_label(frame, ctx.dark)


def draw(el: Element, ctx: RenderContext) -> str:
    """The frame outline, when frame rendering and outlines are on."""
    fr = ctx.frame_rendering
    if not (fr.get("enabled", True) and fr.get("outline", True)):
        return ""
    w, h = el.get("width", 0), el.get("height", 0)
    deg = 180 * (el.get("angle", 0) or 0) / math.pi
    x, y = el.get("x", 0) + ctx.offset_x, el.get("y", 0) + ctx.offset_y
    stroke = _first(_custom_color(el, "stroke"), _app_color(ctx, "stroke"), _STROKE)
    pairs = [("transform", f"translate({js_str(x)} {js_str(y)}) rotate({js_str(deg)} {js_str(w / 2)} {js_str(h / 2)})"),
             ("width", f"{js_str(w)}px"), ("height", f"{js_str(h)}px"), ("rx", _RADIUS), ("ry", _RADIUS),
             ("fill", "none"), ("stroke", ctx.color(_attr_string(stroke))), ("stroke-width", _STROKE_WIDTH)]
    return f"<rect{attrs(pairs)}></rect>"


def clip_path_defs(frames: list[Element], ctx: RenderContext) -> str:
    """One ``<clipPath id=frameId>`` per frame (upstream writes the angle in radians into ``rotate``)."""
    out = []
    for frame in frames:
        w, h = frame.get("width", 0), frame.get("height", 0)
        x, y = frame.get("x", 0) + ctx.offset_x, frame.get("y", 0) + ctx.offset_y
        rect = [("transform", f"translate({js_str(x)} {js_str(y)}) "
                              f"rotate({js_str(frame.get('angle', 0) or 0)} {js_str(w / 2)} {js_str(h / 2)})"),
                ("width", js_str(w)), ("height", js_str(h))]
        if not ctx.exporting_frame:
            rect += [("rx", _RADIUS), ("ry", _RADIUS)]
        out.append(f"<clipPath{attrs([('id', frame['id'])])}><rect{attrs(rect)}></rect></clipPath>")
    return "".join(out)
