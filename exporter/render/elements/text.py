"""Text elements (doc §6.3): one ``<text>`` per line inside a transformed ``<g>``.

The stored ``text`` (already wrapped by Excalidraw) is drawn as is. Labels of
arrows are placed by :func:`exporter.render.arrow_label.label_position` and
rotate about the arrow's centre, as ``renderElementToSvg`` does.
"""

from __future__ import annotations

import math
import re

from exporter.fonts.registry import default_line_height, font_family_string, vertical_metrics
from exporter.jsnum import js_str
from exporter.render.arrow_label import label_position
from exporter.render.context import RenderContext
from exporter.render.elements.shape import opacity_markup
from exporter.render.svgtext import attrs, escape_text
from exporter.scene.model import Element

__all__ = ["draw", "is_rtl", "text_lines", "element_text"]

# common/src/utils.ts#isRTL. JS regexes without the u flag see UTF-16 code
# units, so characters beyond the BMP (surrogates U+D800-DFFF) count as LTR.
_LTR = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02b8\u0300-\u0590\u0800-\u1fff\u2c00-\ufb1c\ufdfe-\ufe6f\ufefd-\uffff"
_LTR += "\U00010000-\U0010ffff"
_RTL = "\u0591-\u07ff\ufb1d-\ufdfd\ufe70-\ufefc"
_RTL_CHECK = re.compile(f"^[^{_LTR}]*[{_RTL}]")
_EOL = re.compile(r"\r\n?")
# The attributes every line of a text repeats, by (font, size, colour, anchor, direction):
# a drawing repeats a handful of these.
_tails: dict[tuple, str] = {}


def is_rtl(text: str) -> bool:
    """Whether Excalidraw writes the text right-to-left (decided once for the whole text)."""
    return _RTL_CHECK.match(text) is not None


def element_text(el: Element, ctx: RenderContext | None = None) -> str:
    """The text Excalidraw draws: ``text``, or the re-wrapped ``originalText`` when ``text`` is missing."""
    text = el.get("text")
    if isinstance(text, str):
        return text
    original = el.get("originalText")
    if not isinstance(original, str):
        return ""
    container = ctx.geometry.container_of(el) if ctx is not None and ctx.geometry is not None else None
    if container is None and el.get("autoResize", True) is not False:
        return original
    from exporter.render.textlayout import bound_text_max_width, wrap_text

    max_width = bound_text_max_width(container, el) if container is not None else el.get("width", 0)
    return wrap_text(original, el.get("fontFamily", 5), el.get("fontSize", 20), max_width)


def text_lines(text: str) -> list[str]:
    return _EOL.sub("\n", text).split("\n")


def _line_height(el: Element) -> float:
    lh = el.get("lineHeight")
    if isinstance(lh, (int, float)) and not isinstance(lh, bool) and lh > 0:
        return lh
    return default_line_height(el.get("fontFamily", 5))


def _position(el: Element, ctx: RenderContext) -> tuple[float, float, float, float]:
    """Scene x, y of the box and the rotation centre relative to it."""
    geometry = ctx.geometry
    container = geometry.container_of(el) if el.get("containerId") else None
    if container is not None and container.get("type") == "arrow":
        x, y = label_position(container, el, ctx)
        ax1, ay1, ax2, ay2 = geometry.abs_coords(container)[:4]
        return x, y, (ax2 - ax1) / 2 - (x - ax1), (ay2 - ay1) / 2 - (y - ay1)
    w, h = el.get("width", 0), el.get("height", 0)
    return el.get("x", 0), el.get("y", 0), w / 2, h / 2


def draw(el: Element, ctx: RenderContext) -> str:
    """``<g [opacity] transform>`` with the element's lines."""
    x, y, cx, cy = _position(el, ctx)
    font_id = el.get("fontFamily", 5)
    font_size = el.get("fontSize", 20)
    text = element_text(el, ctx)
    ctx.use_font(font_id, el.get("originalText") if isinstance(el.get("originalText"), str) else text)

    line_height_px, baseline = vertical_metrics(font_id, font_size, _line_height(el))
    align = el.get("textAlign", "left")
    width = el.get("width", 0)
    hx = width / 2 if align == "center" else width if align == "right" else 0
    direction = "rtl" if is_rtl(text) else "ltr"
    anchor = "middle" if align == "center" else "end" if align == "right" or direction == "rtl" else "start"
    fill = ctx.color(el.get("strokeColor", "#1e1e1e"))
    key = (font_id, font_size, fill, anchor, direction)
    tail = _tails.get(key)
    if tail is None:
        common = [("font-family", font_family_string(font_id)), ("font-size", f"{js_str(font_size)}px"),
                  ("fill", fill), ("text-anchor", anchor),
                  ("style", "white-space: pre;"), ("direction", direction), ("dominant-baseline", "alphabetic")]
        tail = attrs(common)
        if len(_tails) < 4096:
            _tails[key] = tail
    hx_s = js_str(hx)
    lines = "".join(
        f'<text x="{hx_s}" y="{js_str(i * line_height_px + baseline)}"{tail}>{escape_text(line)}</text>'
        for i, line in enumerate(text_lines(text)))

    deg = 180 * (el.get("angle", 0) or 0) / math.pi
    # [opacities, transform]: numbers, nothing to escape
    return (f'<g{opacity_markup(ctx.opacity(el))} transform="translate({js_str(x + ctx.offset_x)} '
            f'{js_str(y + ctx.offset_y)}) rotate({js_str(deg)} {js_str(cx)} {js_str(cy)})">{lines}</g>')
