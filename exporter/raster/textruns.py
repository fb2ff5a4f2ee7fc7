"""Lays out ``<text>`` lines for cairosvg: per-character font fallback, exact positions.

A browser draws each character with the first family of the ``font-family``
list that has it (then the system's fallback: colour emoji, then sans-serif),
at the font's unhinted advances plus its pair kerning, anchored by the advance width of the whole
line. cairosvg uses only the first family, has no fallback (CJK after
Excalifont vanishes), rounds advances to whole pixels, anchors on ink extents
and collapses spaces. So each line is rewritten into one ``<text>`` per font
run, start-anchored, with an explicit x for every character; text stays text
(searchable in PDF).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from exporter.raster.fontcatalog import INVISIBLE_CODEPOINTS, FontCatalog, FontFace

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
SYSTEM_FALLBACK = ("emoji", "sans-serif")
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


def layout_runs(text: str, faces: list[FontFace], fallback: list[FontFace], size: float
                ) -> tuple[list[tuple[FontFace, list[tuple[str, float]]]], float]:
    """Runs of (face, [(char, x)]) and the total advance of ``text`` at ``size`` px."""
    runs: list[tuple[FontFace, list[tuple[str, float]]]] = []
    pen = 0.0
    previous: str | None = None
    for ch in text:
        if ord(ch) in INVISIBLE_CODEPOINTS:
            continue
        current = runs[-1][0] if runs else None
        if ch.isspace() and current is not None and current.covers(ch):
            face = current
        else:
            face = next((f for f in faces if f.covers(ch)), None) \
                or next((f for f in fallback if f.covers(ch)), None) or faces[0]
        if face is not current:
            runs.append((face, []))
        elif previous is not None:
            pen += face.kerning(previous, ch, size)
        runs[-1][1].append((ch, pen))
        pen += face.advance(ch, size)
        previous = ch
    return runs, pen


def rewrite_text(el: ET.Element, catalog: FontCatalog) -> list[ET.Element]:
    """The elements that replace ``el`` (``[el]`` itself when it is left alone)."""
    el.set(XML_SPACE, "preserve")  # Excalidraw writes style="white-space: pre"
    text = el.text or ""
    size, x0 = _number(el.get("font-size")), _number(el.get("x"))
    if len(el) or not text or size is None or x0 is None or el.get("direction") == "rtl":
        return [el]
    faces = [f for f in (catalog.face(name) for name in split_families(el.get("font-family"))) if f]
    fallback = [f for f in (catalog.face(name) for name in SYSTEM_FALLBACK) if f]
    if not faces:
        faces = fallback
    if not faces:
        return [el]
    runs, width = layout_runs(text, faces, fallback, size)
    shift = {"middle": -width / 2, "end": -width}.get(el.get("text-anchor", "start"), 0.0)
    out = []
    for face, chars in runs:
        run = ET.Element(el.tag, dict(el.attrib))
        run.attrib.pop("direction", None)
        run.set("font-family", face.family)
        run.set("text-anchor", "start")
        run.set("x", " ".join(_fmt(x0 + shift + x) for _, x in chars))
        run.text = "".join(ch for ch, _ in chars)
        out.append(run)
    if out:
        out[-1].tail = el.tail
    return out or [el]
