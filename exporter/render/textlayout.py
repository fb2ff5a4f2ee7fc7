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
from functools import lru_cache

from exporter.scene.model import Element

__all__ = ["measure_line_width", "measure_text_width", "measure_text", "wrap_text", "parse_tokens",
           "bound_text_max_width", "BOUND_TEXT_PADDING"]

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


def bound_text_max_width(container: Element, text: Element | None = None) -> float:
    """``getBoundTextMaxWidth`` of a container."""
    w = container.get("width", 0)
    kind = container.get("type")
    if kind == "arrow":
        font_size = (text or {}).get("fontSize", 20)
        return max(0.7 * w, font_size * 11)
    if kind == "ellipse":
        return math.floor(w / 2 * math.sqrt(2) + 0.5) - BOUND_TEXT_PADDING * 2
    if kind == "diamond":
        return math.floor(w / 2 + 0.5) - BOUND_TEXT_PADDING * 2
    return w - BOUND_TEXT_PADDING * 2


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
_LINE_BREAK = re.compile("|".join([
    _EMOJI,
    r"(?=[\s])",
    r"(?<=[\s\-])",
    f"(?<![{_COMMON_OPENING}{_CJK_OPENING}])(?=[{_CJK_CHAR}{_CJK_CURRENCY}])",
    f"(?<=[{_CJK_CHAR}])(?![\\-{_COMMON_CLOSING}{_CJK_CLOSING}])",
    f"(?<![{_COMMON_OPENING}])(?<![{_CJK_OPENING}])(?=[{_CJK_OPENING}])",
    f"(?<=[{_CJK_CLOSING}])(?![{_CJK_CLOSING}])(?![{_COMMON_CLOSING}])",
    f"(?<=[{_COMMON_CLOSING}])(?![{_COMMON_CLOSING}])(?=[{_COMMON_OPENING}])",
]))
_EMOJI_TEST = re.compile(_EMOJI)
_WS = re.compile(r"\s")
_TRAILING_WS = re.compile(r"^(.+?)(\s+)$", re.S)


def parse_tokens(line: str) -> list[str]:
    """A line split at Excalidraw's break opportunities (words, spaces, CJK characters, emoji)."""
    return [t for t in _LINE_BREAK.split(unicodedata.normalize("NFC", line)) if t]


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
    if _EMOJI_TEST.search(word):
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
