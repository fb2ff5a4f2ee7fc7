"""Lays out ``<text>`` lines for cairosvg: per-character font fallback, shaping, exact positions.

A browser draws each character with the first family of the ``font-family``
list that has it (then the system's fallback: sans-serif, colour emoji for
emoji), puts right-to-left runs in bidi order and shapes each run with
HarfBuzz, anchored by the advance width of the whole line. cairosvg uses only
the first family, has no fallback (CJK after Excalifont vanishes), no bidi or
shaping, rounds advances to whole pixels, anchors on ink extents and collapses
spaces. So each line is rewritten into one ``<text>`` per run (one font, one
bidi level), start-anchored, with the shaped glyph ids and an x for every
glyph (:mod:`exporter.raster.shaping`); text stays text (searchable in PDF).
Without uharfbuzz/python-bidi, a per-character layout (advances plus pair
kerning, no bidi) is used instead.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET

from exporter.raster.fontcatalog import GENERIC_FAMILIES, INVISIBLE_CODEPOINTS, FontCatalog, FontFace

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Marks a <text> laid out here: one font, one x per character (see exporter.raster.surfaces).
LAID_OUT = "data-raster-run"
# After the listed families: the system's sans-serif, then colour emoji (only for what no text font has).
SYSTEM_FALLBACK = ("sans-serif", "emoji")
# A browser's default font when no listed family is installed: its generic, else the standard serif.
DEFAULT_FAMILIES = {"sans-serif": ("sans-serif",), "monospace": ("monospace",), "serif": ("Times New Roman", "serif")}
# A character no installed font has: Chromium draws the box of its default sans-serif,
# "Arial" (Liberation Sans here), except after a single family whose own .notdef is
# blank (Virgil: CJK in Virgil comes out blank, not as boxes). Measured with the
# oracle: tests/test_raster_text.py.
LAST_RESORT_FAMILIES = ("Arial", "sans-serif")
GLYPHS = "data-raster-glyphs"  # shaped run: glyph ids of the face, display order (see exporter.raster.shaping)
GLYPH_DY = "data-raster-dy"
GLYPH_CLUSTERS = "data-raster-clusters"
RTL_RUN = "data-raster-rtl"
EMOJI_FAMILY = "emoji"
VS16 = "\ufe0f"  # emoji presentation selector
# Code points whose default presentation is emoji (Unicode Emoji_Presentation=Yes):
# a browser draws them with the colour emoji font even when a text font has them.
EMOJI_PRESENTATION_RANGES = (
    (0x231A, 0x231B), (0x23E9, 0x23EC), (0x23F0, 0x23F0), (0x23F3, 0x23F3), (0x25FD, 0x25FE),
    (0x2614, 0x2615), (0x2648, 0x2653), (0x267F, 0x267F), (0x2693, 0x2693), (0x26A1, 0x26A1),
    (0x26AA, 0x26AB), (0x26BD, 0x26BE), (0x26C4, 0x26C5), (0x26CE, 0x26CE), (0x26D4, 0x26D4),
    (0x26EA, 0x26EA), (0x26F2, 0x26F3), (0x26F5, 0x26F5), (0x26FA, 0x26FA), (0x26FD, 0x26FD),
    (0x2705, 0x2705), (0x270A, 0x270B), (0x2728, 0x2728), (0x274C, 0x274C), (0x274E, 0x274E),
    (0x2753, 0x2755), (0x2757, 0x2757), (0x2795, 0x2797), (0x27B0, 0x27B0), (0x27BF, 0x27BF),
    (0x2B1B, 0x2B1C), (0x2B50, 0x2B50), (0x2B55, 0x2B55), (0x1F004, 0x1F004), (0x1F0CF, 0x1F0CF),
    (0x1F18E, 0x1F18E), (0x1F191, 0x1F19A), (0x1F1E6, 0x1F1FF), (0x1F201, 0x1F201), (0x1F21A, 0x1F21A),
    (0x1F22F, 0x1F22F), (0x1F232, 0x1F236), (0x1F238, 0x1F23A), (0x1F250, 0x1F251), (0x1F300, 0x1F320),
    (0x1F32D, 0x1F335), (0x1F337, 0x1F37C), (0x1F37E, 0x1F393), (0x1F3A0, 0x1F3CA), (0x1F3CF, 0x1F3D3),
    (0x1F3E0, 0x1F3F0), (0x1F3F4, 0x1F3F4), (0x1F3F8, 0x1F43E), (0x1F440, 0x1F440), (0x1F442, 0x1F4FC),
    (0x1F4FF, 0x1F53D), (0x1F54B, 0x1F54E), (0x1F550, 0x1F567), (0x1F57A, 0x1F57A), (0x1F595, 0x1F596),
    (0x1F5A4, 0x1F5A4), (0x1F5FB, 0x1F64F), (0x1F680, 0x1F6C5), (0x1F6CC, 0x1F6CC), (0x1F6D0, 0x1F6D2),
    (0x1F6D5, 0x1F6D7), (0x1F6DC, 0x1F6DF), (0x1F6EB, 0x1F6EC), (0x1F6F4, 0x1F6FC), (0x1F7E0, 0x1F7EB),
    (0x1F7F0, 0x1F7F0), (0x1F90C, 0x1F93A), (0x1F93C, 0x1F945), (0x1F947, 0x1F9FF), (0x1FA70, 0x1FAFF),
)


def wants_emoji(ch: str, following: str) -> bool:
    """True when a browser would draw ``ch`` as a colour emoji."""
    if following == VS16:
        return True
    code = ord(ch)
    return code >= 0x231A and any(lo <= code <= hi for lo, hi in EMOJI_PRESENTATION_RANGES)
PX = re.compile(r"^\s*([0-9.eE+-]+)\s*(px)?\s*$")


def split_families(value: str | None) -> list[str]:
    return [f.strip().strip("'\"") for f in (value or "").split(",") if f.strip().strip("'\"")]


def _number(value: str | None) -> float | None:
    if value is None:
        return 0.0
    match = PX.match(value)
    return float(match.group(1)) if match else None


def _fmt(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def pick_face(text: str, i: int, faces: list[FontFace], fallback: list[FontFace],
              emoji: FontFace | None, previous: FontFace | None = None,
              last_resort: FontFace | None = None) -> FontFace:
    """The face a browser draws ``text[i]`` with.

    Emoji-presentation characters try ``emoji`` first; a combining mark stays with
    its base character's face when that face has it.
    """
    ch = text[i]
    following = text[i + 1] if i + 1 < len(text) else ""
    if emoji is not None and wants_emoji(ch, following) and emoji.covers(ch):
        return emoji
    if previous is not None and (ord(ch) in INVISIBLE_CODEPOINTS
                                 or (unicodedata.combining(ch) and previous.covers(ch))):
        return previous
    return next((f for f in faces if f.covers(ch)), None) \
        or next((f for f in fallback if f.covers(ch)), None) or last_resort or faces[0]


def layout_runs(text: str, faces: list[FontFace], fallback: list[FontFace], size: float,
                emoji: FontFace | None = None, last_resort: FontFace | None = None,
                ) -> tuple[list[tuple[FontFace, list[tuple[str, float]]]], float]:
    """Runs of (face, [(char, x)]) and the total advance of ``text`` at ``size`` px.

    Each character takes the first face of the list that has it (emoji-presentation
    characters try ``emoji`` first), then ``fallback``.
    """
    runs: list[tuple[FontFace, list[tuple[str, float]]]] = []
    pen = 0.0
    previous: str | None = None
    for i, ch in enumerate(text):
        if ord(ch) in INVISIBLE_CODEPOINTS:
            continue
        current = runs[-1][0] if runs else None
        face = pick_face(text, i, faces, fallback, emoji, last_resort=last_resort)
        if face is not current:
            runs.append((face, []))
        elif previous is not None:
            pen += face.kerning(previous, ch, size)
        runs[-1][1].append((ch, pen))
        pen += face.advance(ch, size)
        previous = ch
    return runs, pen


def _faces(el: ET.Element, catalog: FontCatalog) -> tuple[list[FontFace], list[FontFace]]:
    """The installed text faces of the ``font-family`` list (else the browser default) and the fallback.

    A colour emoji font named in the list (Excalidraw ends every list with
    "Segoe UI Emoji") draws only emoji-presentation characters, which
    :func:`pick_face` sends to it anyway; digits and spaces, which it also has,
    go to the browser's default font.
    """
    names = split_families(el.get("font-family"))
    emoji = catalog.face(EMOJI_FAMILY)
    faces = [f for f in (catalog.face(name) for name in names) if f and (emoji is None or f.path != emoji.path)]
    fallback = [f for f in (catalog.face(name) for name in SYSTEM_FALLBACK) if f]
    if not faces:
        generic = next((n.lower() for n in names if n.lower() in DEFAULT_FAMILIES), "serif")
        default = next((f for f in map(catalog.face, DEFAULT_FAMILIES[generic]) if f), None)
        faces = [default] if default else []
    return faces or fallback, fallback


def rewrite_text(el: ET.Element, catalog: FontCatalog) -> list[ET.Element]:
    """The elements that replace ``el`` (``[el]`` itself when it is left alone)."""
    el.set(XML_SPACE, "preserve")  # Excalidraw writes style="white-space: pre"
    text = el.text or ""
    size, x0 = _number(el.get("font-size")), _number(el.get("x"))
    if len(el) or not text or size is None or x0 is None:
        return [el]
    faces, fallback = _faces(el, catalog)
    if not faces:
        return [el]
    emoji = catalog.face(EMOJI_FAMILY)
    named = [n for n in split_families(el.get("font-family"))
             if n.lower() not in GENERIC_FAMILIES and "emoji" not in n.lower()]
    last_resort = None if len(named) == 1 and faces[0].blank_notdef else \
        next((f for f in map(catalog.face, LAST_RESORT_FAMILIES) if f), None)
    rtl = el.get("direction") == "rtl"
    from exporter.raster import shaping

    if shaping.available():
        return _shaped_texts(el, text, faces, fallback, (emoji, last_resort), size, x0, rtl)
    if rtl:  # without bidi, cairosvg's own drawing is no worse
        return [el]
    runs, width = layout_runs(text, faces, fallback, size, emoji, last_resort)
    shift = {"middle": -width / 2, "end": -width}.get(el.get("text-anchor", "start"), 0.0)
    out = []
    for face, chars in runs:
        run = _run_element(el, face)
        run.set("x", " ".join(_fmt(x0 + shift + x) for _, x in chars))
        run.text = "".join(ch for ch, _ in chars)
        out.append(run)
    if out:
        out[-1].tail = el.tail
    return out or [el]


def _run_element(el: ET.Element, face: FontFace) -> ET.Element:
    run = ET.Element(el.tag, dict(el.attrib))
    run.attrib.pop("direction", None)
    run.set("font-family", face.family)
    run.set("text-anchor", "start")
    run.set(LAID_OUT, "1")
    return run


def _shaped_texts(el: ET.Element, text: str, faces: list[FontFace], fallback: list[FontFace],
                  specials: tuple[FontFace | None, FontFace | None], size: float, x0: float,
                  rtl: bool) -> list[ET.Element]:
    """One ``<text>`` per shaped run (bidi order, HarfBuzz glyphs), placed like a browser does."""
    from exporter.raster.shaping import shape_line

    chosen: list[FontFace] = []
    if text.isascii() and faces[0].covers_all(text):
        # What pick_face gives each character here: ASCII has no emoji presentation,
        # invisible or combining characters, so every one goes to the first face that has it.
        chosen = [faces[0]] * len(text)
    for i in range(len(chosen), len(text)):
        chosen.append(pick_face(text, i, faces, fallback, specials[0], chosen[-1] if chosen else None, specials[1]))
    runs, width = shape_line(text, rtl, chosen.__getitem__, size)
    anchor = el.get("text-anchor", "start")
    if rtl:  # start is the right end of a right-to-left line
        anchor = {"start": "end", "end": "start"}.get(anchor, anchor)
    shift = {"middle": -width / 2, "end": -width}.get(anchor, 0.0)
    out = []
    for shaped in runs:
        run = _run_element(el, shaped.face)
        run.set("x", " ".join(_fmt(x0 + shift + x) for x in shaped.xs))
        run.set(GLYPHS, " ".join(map(str, shaped.glyphs)))
        run.set(GLYPH_DY, " ".join(_fmt(dy) for dy in shaped.dys))
        run.set(GLYPH_CLUSTERS, " ".join(map(str, shaped.clusters)))
        if shaped.rtl:
            run.set(RTL_RUN, "1")
        run.text = shaped.text
        out.append(run)
    if out:
        out[-1].tail = el.tail
    return out or [el]
