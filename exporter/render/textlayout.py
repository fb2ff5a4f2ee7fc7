"""Excalidraw's text measuring and wrapping (doc §6.4), with real font advance widths.

Most texts are drawn from their stored ``text``; this module is for the few
cases where Excalidraw lays text out at export time (frame labels, embeddable
placeholders) or where a drawing's stored text is missing and must be rebuilt
from ``originalText`` (``wrapText`` of ``XM:packages/element/src/textWrapping.ts``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import cache, lru_cache

from exporter.scene.model import Element

__all__ = ["measure_line_width", "measure_text_width", "measure_text", "wrap_text", "parse_tokens",
           "bound_text_max_width", "bound_text_max_height", "bound_text_position", "redraw_text_bounding_box",
           "BOUND_TEXT_PADDING"]

BOUND_TEXT_PADDING = 5
_EOL = re.compile(r"\r?\n|\r")


def normalize_text(text: str) -> str:
    """``normalizeText``: one kind of line break, tabs as 8 spaces."""
    return _EOL.sub("\n", text).replace("\t", "        ")


@lru_cache(maxsize=65536)
def measure_line_width(text: str, font_id: int, font_size: float) -> float:
    """Canvas ``measureText(text).width`` of one line."""
    from exporter.fonts.measure import text_width  # loaded on first measurement: fonts are heavy

    return text_width(text, font_id, font_size)


def measure_text_width(text: str, font_id: int, font_size: float) -> float:
    """``measureText().width``: widest line, empty lines measured as a space."""
    lines = [line or " " for line in normalize_text(text).split("\n")]
    return max(measure_line_width(line, font_id, font_size) for line in lines)


def measure_text(text: str, font_id: int, font_size: float, line_height: float) -> tuple[float, float]:
    """``measureText``: (width, height) of a text block."""
    lines = normalize_text(text).split("\n")
    return measure_text_width(text, font_id, font_size), font_size * line_height * len(lines)


def _legacy_wrap(container: Element) -> bool:
    custom = container.get("customData")
    return bool(custom.get("legacyTextWrap")) if isinstance(custom, dict) else False


def _js_round(x: float) -> float:
    return math.floor(x + 0.5)


def bound_text_max_width(container: Element, text: Element | None = None) -> float:
    """``getBoundTextMaxWidth`` of a container (ZF: ``customData.legacyTextWrap`` keeps the old box)."""
    w = container.get("width", 0)
    kind = container.get("type")
    if kind == "arrow":
        font_size = (text or {}).get("fontSize", 20)
        return max(0.7 * w, font_size * 11)
    legacy = _legacy_wrap(container)
    if kind == "ellipse" and not legacy:
        return _js_round(w / 2 * math.sqrt(2)) - BOUND_TEXT_PADDING * 2
    if kind == "diamond" and not legacy:
        return _js_round(w / 2) - BOUND_TEXT_PADDING * 2
    return w - BOUND_TEXT_PADDING * 2


def bound_text_max_height(container: Element, text: Element) -> float:
    """``getBoundTextMaxHeight`` of a container."""
    h = container.get("height", 0)
    kind = container.get("type")
    if kind == "arrow":
        return text.get("height", 0) if h - BOUND_TEXT_PADDING * 8 * 2 <= 0 else h
    legacy = _legacy_wrap(container)
    if kind == "ellipse" and not legacy:
        return _js_round(h / 2 * math.sqrt(2)) - BOUND_TEXT_PADDING * 2
    if kind == "diamond" and not legacy:
        return _js_round(h / 2) - BOUND_TEXT_PADDING * 2
    return h - BOUND_TEXT_PADDING * 2


def _container_dimension(dimension: float, kind: str, legacy: bool = False) -> float:
    """``computeContainerDimensionForBoundText``: the size a container grows to around its text."""
    dimension = math.ceil(dimension)
    padding = BOUND_TEXT_PADDING * 2
    if kind == "ellipse" and not legacy:
        return _js_round((dimension + padding) / math.sqrt(2) * 2)
    if kind == "arrow":
        return dimension + padding * 8
    if kind == "diamond" and not legacy:
        return 2 * (dimension + padding)
    return dimension + padding


def bound_text_position(container: Element, text: Element) -> tuple[float, float]:
    """``computeBoundTextPosition`` for a non-arrow container (text box top-left, scene coordinates)."""
    pad_x = pad_y = BOUND_TEXT_PADDING
    kind = container.get("type")
    w, h = container.get("width", 0), container.get("height", 0)
    if not _legacy_wrap(container):
        if kind == "ellipse":
            pad_x += w / 2 * (1 - math.sqrt(2) / 2)
            pad_y += h / 2 * (1 - math.sqrt(2) / 2)
        elif kind == "diamond":
            pad_x += w / 4
            pad_y += h / 4
    cx0, cy0 = container.get("x", 0) + pad_x, container.get("y", 0) + pad_y
    max_h = bound_text_max_height(container, text)
    max_w = bound_text_max_width(container, text)
    tw, th = text.get("width", 0), text.get("height", 0)
    valign, align = text.get("verticalAlign", "middle"), text.get("textAlign", "center")
    y = cy0 if valign == "top" else cy0 + (max_h - th) if valign == "bottom" else cy0 + (max_h / 2 - th / 2)
    x = cx0 if align == "left" else cx0 + (max_w - tw) if align == "right" else cx0 + (max_w / 2 - tw / 2)
    angle = container.get("angle", 0) or 0
    if angle:
        ccx, ccy = cx0 + max_w / 2, cy0 + max_h / 2
        tx, ty = x + tw / 2, y + th / 2
        cos, sin = math.cos(angle), math.sin(angle)
        rx = (tx - ccx) * cos - (ty - ccy) * sin + ccx
        ry = (tx - ccx) * sin + (ty - ccy) * cos + ccy
        return rx - tw / 2, ry - th / 2
    return x, y


def redraw_text_bounding_box(text: Element, container: Element | None) -> tuple[Element, Element | None]:
    """``redrawTextBoundingBox``: re-wrap ``originalText`` and re-place the text (and grow its container).

    For drawings whose stored ``text``/size disagree with ``originalText`` (e.g. an
    Obsidian note edited outside Excalidraw). Returns new dicts; arrow labels keep
    their stored position (the renderer places them on the arrow).
    """
    font_id, size = text.get("fontFamily", 5), text.get("fontSize", 20)
    line_height = text.get("lineHeight") or 1.25
    out = {**text, "angle": (0 if container.get("type") == "arrow" else container.get("angle", 0))
           if container is not None else text.get("angle", 0)}
    original = text.get("originalText") if isinstance(text.get("originalText"), str) else text.get("text") or ""
    if container is not None or text.get("autoResize", True) is False:
        max_width = bound_text_max_width(container, text) if container is not None else text.get("width", 0)
        out["text"] = wrap_text(original, font_id, size, max_width)
    width, height = measure_text(out.get("text") or "", font_id, size, line_height)
    if text.get("autoResize", True) is not False:
        out["width"] = width
    out["height"] = height
    if container is None:
        return out, None
    grown = dict(container)
    kind = container.get("type", "rectangle")
    if kind != "arrow" and height > bound_text_max_height(container, text):
        grown["height"] = _container_dimension(height, kind, _legacy_wrap(container))
    if width > bound_text_max_width(container, text):
        grown["width"] = _container_dimension(width, kind)
    if kind != "arrow":
        out["x"], out["y"] = bound_text_position(grown, out)
    return out, grown


# -- tokens (textWrapping.ts#parseTokens) -----------------------------------------------

def _cls(chars: str) -> str:
    return "".join("\\" + c if c in "\\]^-[" else c for c in chars)


_COMMON_OPENING = _cls("<([{")
_COMMON_CLOSING = _cls(">)]}.,:;!?…/")
_CJK_OPENING = _cls("（［｛〈《｟｢「『【〖〔〘〚＜〝")
_CJK_CLOSING = _cls("）］｝〉》｠｣」』】〗〕〙〛＞。．，、〟‥？！：；・〜〞")
_CJK_CURRENCY = _cls("￥￦￡￠＄")
# \p{Script=Han|Hiragana|Katakana|Hangul} as code point ranges, plus CJK.CHAR's listed symbols.
_CJK_CHAR = (
    "\u1100-\u11ff\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u3005\u3007\u3021-\u3029\u302e\u302f\u3038-\u303b"
    "\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fd-\u30ff\u3131-\u318e\u31f0-\u31ff\u3200-\u321e\u3260-\u327e"
    "\u32d0-\u32fe\u3300-\u3357\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97c\uac00-\ud7a3\ud7b0-\ud7c6\ud7cb-\ud7fb"
    "\uf900-\ufa6d\ufa70-\ufad9\uff66-\uff6f\uff71-\uff9d\uffa0-\uffbe\uffc2-\uffc7\uffca-\uffcf\uffd2-\uffd7"
    "\uffda-\uffdc\U0001b000-\U0001b122\U0001f200\U00020000-\U0003134a"
    + _cls("｀＇＾〃〰〆＃＆＊＋－ー／＼＝｜￤〒￢￣")
)
# Emoji sequences (approximating \p{Extended_Pictographic}, \p{Emoji_Presentation}, \p{RI}, modifiers).
_PICTO = ("\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a\u231b\u2328\u23cf\u23e9-\u23f3"
          "\u23f8-\u23fa\u24c2\u25aa\u25ab\u25b6\u25c0\u25fb-\u25fe\u2600-\u27bf\u2934\u2935\u2b05-\u2b07"
          "\u2b1b\u2b1c\u2b50\u2b55\u3030\u303d\u3297\u3299\U0001f000-\U0001faff\U0001fc00-\U0001fffd")
_RI = "\U0001f1e6-\U0001f1ff"
_JOINER = "(?:[\U0001f3fb-\U0001f3ff]|\ufe0f\u20e3?|[\U000e0020-\U000e007e]+\U000e007f)?"
_EMOJI_ANY = "#*0-9" + _PICTO
_EMOJI = (f"((?:[{_RI}][{_RI}])|(?:[{_PICTO}]{_JOINER}"
          f"(?:\u200d(?:[{_RI}][{_RI}]|[{_EMOJI_ANY}]{_JOINER}))*))")


# Compiled on first use: the two take ~9 ms, paid by every process, and most drawings
# never wrap a line.
@cache
def _line_break() -> re.Pattern[str]:
    return re.compile("|".join([
        _EMOJI,
        r"(?=[\s])",
        r"(?<=[\s\-])",
        f"(?<![{_COMMON_OPENING}{_CJK_OPENING}])(?=[{_CJK_CHAR}{_CJK_CURRENCY}])",
        f"(?<=[{_CJK_CHAR}])(?![\\-{_COMMON_CLOSING}{_CJK_CLOSING}])",
        f"(?<![{_COMMON_OPENING}])(?<![{_CJK_OPENING}])(?=[{_CJK_OPENING}])",
        f"(?<=[{_CJK_CLOSING}])(?![{_CJK_CLOSING}])(?![{_COMMON_CLOSING}])",
        f"(?<=[{_COMMON_CLOSING}])(?![{_COMMON_CLOSING}])(?=[{_COMMON_OPENING}])",
    ]))


@cache
def _emoji_test() -> re.Pattern[str]:
    return re.compile(_EMOJI)


_WS = re.compile(r"\s")
_TRAILING_WS = re.compile(r"^(.+?)(\s+)$", re.S)


def parse_tokens(line: str) -> list[str]:
    """A line split at Excalidraw's break opportunities (words, spaces, CJK characters, emoji)."""
    return [t for t in _line_break().split(unicodedata.normalize("NFC", line)) if t]


def wrap_text(text: str, font_id: int, font_size: float, max_width: float) -> str:
    """``wrapText(text, font, maxWidth)``: hard lines kept, long lines broken greedily."""
    if not math.isfinite(max_width) or max_width < 0:
        return text
    out: list[str] = []
    for line in text.split("\n"):
        if measure_line_width(line, font_id, font_size) <= max_width:
            out.append(line)
        else:
            out.extend(_wrap_line(line, font_id, font_size, max_width))
    return "\n".join(out)


def _wrap_line(line: str, font_id: int, size: float, max_width: float) -> list[str]:
    def width(s: str) -> float:
        return measure_line_width(s, font_id, size)

    lines: list[str] = []
    current = ""
    current_width = 0.0
    tokens = parse_tokens(line)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        test = current + token
        test_width = current_width + width(token) if len(token) == 1 else width(test)
        if _WS.search(token) or test_width <= max_width:
            current, current_width = test, test_width
            i += 1
            continue
        if not current:
            pieces = _wrap_word(token, width, max_width)
            lines.extend(pieces[:-1])
            current = pieces[-1] if pieces else ""
            current_width = width(current)
            i += 1
        else:
            lines.append(current.rstrip())
            current, current_width = "", 0.0
    if current:
        lines.append(_trim_line(current, width, max_width))
    return lines


def _wrap_word(word: str, width, max_width: float) -> list[str]:
    if _emoji_test().search(word):
        return [word]
    lines: list[str] = []
    current = ""
    current_width = 0.0
    for ch in word:
        w = width(ch)
        if current_width + w <= max_width:
            current += ch
            current_width += w
            continue
        if current:
            lines.append(current)
        current, current_width = ch, w
    if current:
        lines.append(current)
    return lines


def _trim_line(line: str, width, max_width: float) -> str:
    if width(line) <= max_width:
        return line
    m = _TRAILING_WS.match(line)
    trimmed, spaces = (m.group(1), m.group(2)) if m else (line.rstrip(), "")
    trimmed_width = width(trimmed)
    for ch in spaces:
        w = trimmed_width + width(ch)
        if w > max_width:
            break
        trimmed += ch
        trimmed_width = w
    return trimmed
