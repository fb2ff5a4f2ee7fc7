"""Which texts are headings: font-size tiers, region titles, sub-headings.

All rules compare texts with each other, never with fixed sizes: "body"
size is the character-weighted median font size of the drawing, a free
heading is much larger than that, and sizes within ``TIER_RATIO`` of each
other form one tier.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from exporter.document.model import Bounds
from exporter.document.regions import Region
from exporter.document.text import one_line
from exporter.scene.model import Element

TIER_RATIO = 1.2  # sizes closer than this are the same tier
FREE_HEADING_RATIO = 1.5  # a free-standing heading is at least this much larger than body text
MAX_HEADING_CHARS = 100
MAX_FREE_HEADING_CHARS = 160  # a drawing's title may be a long line
MAX_HEADING_LINES = 3
MAX_SUBHEADING_CHARS = 60
REGION_TITLE_DEPTH = 0.35  # a region's title starts in the top third of it
LONE_TITLE_DEPTH = 0.25  # ... the top quarter when the title is all the region holds
LONE_TITLE_ROOM = 2.5  # ... and the region is this many title-heights tall
TITLE_LINE_REACH = 40.0  # how far (in title font sizes) a title line may run on either side


def text_of(el: Element) -> str:
    """What the user typed: Obsidian's ``rawText`` (with its ``[[link|alias]]`` markup), else the
    unwrapped ``originalText``, else the displayed text."""
    for key in ("rawText", "originalText", "text"):
        raw = el.get(key)
        if isinstance(raw, str) and raw.strip():
            return raw
    return ""


def font_size(el: Element) -> float:
    try:
        return float(el.get("fontSize") or 20)
    except (TypeError, ValueError):
        return 20.0


def body_size(texts: Iterable[Element]) -> float:
    """Character-weighted median font size."""
    weighted = sorted((font_size(t), max(1, len(text_of(t).strip()))) for t in texts)
    if not weighted:
        return 20.0
    half = sum(w for _, w in weighted) / 2
    run = 0
    for size, w in weighted:
        run += w
        if run >= half:
            return size
    return weighted[-1][0]


def tiers(sizes: Iterable[float]) -> list[float]:
    """Distinct size tiers, largest first (each tier named by its largest size)."""
    out: list[float] = []
    for size in sorted(set(sizes), reverse=True):
        if not out or out[-1] / size >= TIER_RATIO:
            out.append(size)
    return out


def tier_of(size: float, tier_sizes: Sequence[float]) -> int:
    for i, top in enumerate(tier_sizes):
        if size * TIER_RATIO > top:
            return i
    return len(tier_sizes) - 1


def has_words(text: str) -> bool:
    """At least one letter or digit: ``}``, ``+`` or ``→`` alone never head anything."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in text)


CODE_SYMBOLS = frozenset("(){}[];=<>+*/&|^\\~`")  # not $ # @ %: prices, tags, handles
CODE_SYMBOL_SHARE = 0.25  # a line this much made of code punctuation is code
MONOSPACE_FONTS = (3, 8)  # Cascadia, Comic Shanns
MONOSPACE_CODE_SYMBOL_SHARE = 0.1  # ... in a monospace font, less is enough
_CALL = re.compile(r"^[\w.]+\(")  # `Single_Multi( )`, `list.sort(`


def _is_code_line(line: str, monospace: bool) -> bool:
    line = line.replace("[[", "").replace("]]", "").strip()  # an Obsidian link is not code
    if line.endswith(("{", "}", ";")) or line.startswith("}") or _CALL.match(line):
        return True
    chars = [ch for ch in line if not ch.isspace()]
    share = sum(ch in CODE_SYMBOLS for ch in chars) / max(len(chars), 1)
    return share >= (MONOSPACE_CODE_SYMBOL_SHARE if monospace else CODE_SYMBOL_SHARE)


def opens_block(el: Element) -> bool:
    """Some line of the text ends in ``{`` or ``;`` or starts with ``}``: a code block, not a title."""
    return any(ln.strip().endswith(("{", ";")) or ln.strip().startswith("}") for ln in text_of(el).split("\n"))


def is_code_like(el: Element) -> bool:
    """Code written in a big font (``Single_Multi( ) {``) shows code, it heads nothing: most of its
    lines end in a brace or semicolon, open with a call, or are dense with code punctuation.

    Applied to free headings and sub-headings; a box's title only when it opens or ends a
    block (``sum{``), as a box headed ``main()`` is about ``main()``."""
    lines = [ln for ln in text_of(el).split("\n") if ln.strip()]
    monospace = el.get("fontFamily") in MONOSPACE_FONTS
    return bool(lines) and 2 * sum(_is_code_line(ln, monospace) for ln in lines) > len(lines)


def is_heading_like(el: Element, max_chars: int = MAX_HEADING_CHARS, max_lines: int = MAX_HEADING_LINES) -> bool:
    text = text_of(el).strip()
    if not text or len(one_line(text)) > max_chars or not has_words(text):
        return False
    return len([ln for ln in text.split("\n") if ln.strip()]) <= max_lines


def is_free_heading(el: Element, body: float) -> bool:
    """A free-standing text much larger than the body text."""
    return (el["type"] == "text" and not el.get("containerId") and is_heading_like(el, MAX_FREE_HEADING_CHARS)
            and font_size(el) >= body * FREE_HEADING_RATIO and not is_single_char(el)
            and not is_code_like(el))


def is_single_char(el: Element) -> bool:
    """A lone ``4`` or ``X`` drawn big is a figure in a sum or a mark, not a heading."""
    return len(text_of(el).strip()) < 2


def _is_title_candidate(el: Element, region: Region) -> bool:
    if el["type"] != "text" or not is_heading_like(el):
        return False
    cid = el.get("containerId")
    return not cid or (region.shape is not None and cid == region.shape["id"])


def is_sentence(text: str) -> bool:
    """A full sentence (several words and a final period) describes; it does not title."""
    text = text.strip()
    return len(text.split()) > 3 and text.endswith((".", "。"))


def is_echo(el: Element, others: Iterable[Element], boxes: dict[str, Bounds]) -> bool:
    """The same words drawn again over themselves (a shadow or outline effect)."""
    text = one_line(text_of(el))
    b = boxes[el["id"]]
    for other in others:
        if other is el or one_line(text_of(other)) != text:
            continue
        o = boxes[other["id"]]
        if b[0] < o[2] and o[0] < b[2] and b[1] < o[3] and o[1] < b[3]:
            return True
    return False


def title_line(title: Element, candidates: Iterable[Element], boxes: dict[str, Bounds]) -> list[Element]:
    """``title`` plus the texts that continue it on the same line (``package API`` + ``-> Server layer``)."""
    tb = boxes[title["id"]]
    size = font_size(title)
    line = [title]
    for el in candidates:
        if el is title or el["type"] != "text" or el.get("containerId") or "\n" in text_of(el).strip():
            continue
        b = boxes[el["id"]]
        if max(font_size(el), size) / max(min(font_size(el), size), 1e-6) >= TIER_RATIO:
            continue
        same_line = abs((b[1] + b[3]) / 2 - (tb[1] + tb[3]) / 2) <= 0.5 * max(b[3] - b[1], tb[3] - tb[1])
        if same_line and not is_echo(el, line, boxes):
            line.append(el)
    line.sort(key=lambda e: boxes[e["id"]][0])
    # keep only the run of texts that touch each other (gaps under two letters' width) around the title
    # Texts that overlap are two labels side by side, not one line read on.
    runs: list[list[Element]] = [[line[0]]]
    for el in line[1:]:
        gap = boxes[el["id"]][0] - boxes[runs[-1][-1]["id"]][2]
        if -0.25 * size <= gap <= 1.5 * size:
            runs[-1].append(el)
        else:
            runs.append([el])
    return next(run for run in runs if title in run)


def region_title(region: Region, boxes: dict[str, Bounds]) -> Element | None:
    """The topmost of the largest texts directly inside ``region``, when it titles it."""
    texts = [e for e in region.direct if e["type"] == "text" and text_of(e).strip()]
    candidates = [e for e in texts if _is_title_candidate(e, region) and not is_sentence(text_of(e))
                  and not opens_block(e) and not is_single_char(e)]
    if not candidates:
        return None
    largest = max(font_size(e) for e in candidates)
    top_tier = [e for e in candidates if font_size(e) * TIER_RATIO > largest]
    title = min(top_tier, key=lambda e: (boxes[e["id"]][1], boxes[e["id"]][0]))
    tb, rb = boxes[title["id"]], region.box
    height = rb[3] - rb[1]
    if height <= 0:
        return None
    depth = (tb[1] - rb[1]) / height
    others = [e for e in region.direct if e is not title and e is not region.shape
              and e["type"] not in ("line", "arrow")]
    lone = not others and not region.children
    if lone and (depth > LONE_TITLE_DEPTH or height < LONE_TITLE_ROOM * (tb[3] - tb[1])):
        return None  # a label in a shape, not a titled box
    if depth > REGION_TITLE_DEPTH:
        return None
    if region.kind == "group":
        rest = [font_size(e) for e in texts if e is not title]
        if not region.children and (not rest or font_size(title) < TIER_RATIO * max(rest)):
            return None  # a group of equals (icon + label, a row of items) is not a titled region
    return title


def is_subheading(el: Element, title: Element | None, left_edge: float, body: float,
                  gap_above: float, boxes: dict[str, Bounds]) -> bool:
    """A short single line at the section's left edge, standing apart from what is above it.

    It must be at least as large as the section's body text and either as large
    as the title or clearly larger than the body.
    """
    if el["type"] != "text" or el.get("containerId") or el.get("textAlign") in ("center", "right"):
        return False
    text = one_line(text_of(el))
    if not text or not has_words(text) or "\n" in text_of(el).strip() or len(text) > MAX_SUBHEADING_CHARS:
        return False
    if text[-1] in ".,;!?…。，；" or is_code_like(el):
        return False
    size = font_size(el)
    box = boxes[el["id"]]
    if abs(box[0] - left_edge) > max(8.0, 0.6 * size):
        return False
    if title is not None and size * TIER_RATIO > font_size(title):
        large = True
    else:
        large = size >= body * TIER_RATIO
    return large and gap_above >= 0.5 * (box[3] - box[1])


MAX_SHORT_TITLE_CHARS = 80  # a sentence standing in for a title is cut to this, at a word boundary


def shorten(text: str, limit: int = MAX_SHORT_TITLE_CHARS) -> str:
    """The first line of ``text``, cut at a word boundary with ``…`` when longer than ``limit``."""
    line = next((ln.strip() for ln in text.split("\n") if ln.strip()), "")
    line = " ".join(line.split())
    if len(line) <= limit:
        return line
    cut = line[:limit + 1].rsplit(" ", 1)[0] if " " in line[:limit + 1] else line[:limit]
    return cut.rstrip(" ,;:-–—") + "…"


def frame_title(region: Region, boxes: dict[str, Bounds]) -> Element | None:
    """An unnamed frame's most prominent text: the topmost of its largest texts, when it stands
    alone at the top (nothing beside it, a gap below) or is clearly larger than the rest.

    The caller decides whether it is short enough to head the frame as it is."""
    texts = [e for e in region.direct if e["type"] == "text" and has_words(text_of(e))]
    if not texts:
        return None
    largest = max(font_size(e) for e in texts)
    top_tier = [e for e in texts if font_size(e) * TIER_RATIO > largest]
    title = min(top_tier, key=lambda e: (boxes[e["id"]][1], boxes[e["id"]][0]))
    rest = [e for e in texts if e is not title]
    if not rest or largest >= TIER_RATIO * body_size(rest):
        return title
    tb = boxes[title["id"]]
    below = [boxes[e["id"]][1] for e in rest if boxes[e["id"]][1] >= tb[3]]
    beside = [e for e in rest if boxes[e["id"]][1] < tb[3]]
    if not beside and below and min(below) - tb[3] >= 0.5 * (tb[3] - tb[1]):
        return title
    return None
