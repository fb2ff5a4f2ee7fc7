"""Text widths as a browser canvas ``measureText`` gives them, from the real font files.

Each character goes to the font a browser would draw it with: the first face of the
element's family whose ``unicode-range`` holds it, then (Excalifont) Xiaolai, then the
system font of the generic fallback, then any system font that has it. A run of
characters in one face is measured as advance widths plus GPOS pair kerning (the
``kern`` feature a browser applies by default). Helvetica is measured with Liberation
Sans, the font that stands in for it on Linux (fontconfig's metric alias).
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache, lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

from exporter.fonts.paths import fonts_installed
from exporter.fonts.registry import EXCALIFONT, FONTS, HELVETICA, XIAOLAI, faces
from exporter.fonts.sfnt import sfnt_path

__all__ = ["text_width", "FaceMetrics"]

LIBERATION_SANS = 9
AVERAGE_ADVANCE_EM = 0.55  # a missing font: roughly a sans-serif letter
# Zero-width characters a browser draws with no advance whichever font it picks.
_ZERO_WIDTH = frozenset({0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF} | set(range(0xFE00, 0xFE10)))


class FaceMetrics:
    """cmap, advance widths and kerning pairs of one font file, loaded on first use."""

    def __init__(self, path: Path, index: int = 0) -> None:
        font = TTFont(path, lazy=True, fontNumber=index)
        self.cmap: dict[int, str] = font.getBestCmap() or {}
        self.units_per_em: int = font["head"].unitsPerEm
        self._hmtx = font["hmtx"].metrics
        self._font = font
        self._kern: dict[tuple[str, str], int] | None = None

    def advance(self, codepoint: int) -> int:
        return self._hmtx[self.cmap[codepoint]][0]

    def kerning(self, left: int, right: int) -> int:
        if self._kern is None:
            self._kern = _kern_pairs(self._font)
        if not self._kern:
            return 0
        return self._kern.get((self.cmap[left], self.cmap[right]), 0)

    def run_width(self, codepoints: list[int]) -> float:
        """Width of a run in font units."""
        total = 0
        for i, cp in enumerate(codepoints):
            total += self.advance(cp)
            if i:
                total += self.kerning(codepoints[i - 1], cp)
        return total


def _kern_pairs(font: TTFont) -> dict[tuple[str, str], int]:
    """(left glyph, right glyph) -> x advance adjustment from the GPOS ``kern`` feature."""
    if "GPOS" not in font:
        return {}
    table = font["GPOS"].table
    if table.FeatureList is None or table.LookupList is None:
        return {}
    lookups = sorted({i for rec in table.FeatureList.FeatureRecord if rec.FeatureTag == "kern"
                      for i in rec.Feature.LookupListIndex})
    pairs: dict[tuple[str, str], int] = {}
    for index in lookups:
        lookup = table.LookupList.Lookup[index]
        for sub in lookup.SubTable:
            if lookup.LookupType == 9:
                sub = sub.ExtSubTable
            if getattr(sub, "LookupType", 2) != 2:
                continue
            for key, value in _pair_adjustments(sub):
                pairs.setdefault(key, value)  # the first subtable holding a pair decides
    return pairs


def _pair_adjustments(sub: object) -> list[tuple[tuple[str, str], int]]:
    out = []
    firsts = sub.Coverage.glyphs  # type: ignore[attr-defined]
    if sub.Format == 1:  # type: ignore[attr-defined]
        for first, pair_set in zip(firsts, sub.PairSet, strict=False):  # type: ignore[attr-defined]
            for rec in pair_set.PairValueRecord:
                value = getattr(rec.Value1, "XAdvance", 0) if rec.Value1 else 0
                out.append(((first, rec.SecondGlyph), value or 0))
    elif sub.Format == 2:  # type: ignore[attr-defined]
        class1 = sub.ClassDef1.classDefs  # type: ignore[attr-defined]
        class2 = sub.ClassDef2.classDefs  # type: ignore[attr-defined]
        seconds: dict[int, list[str]] = {}
        for glyph, cls in class2.items():
            seconds.setdefault(cls, []).append(glyph)
        for first in firsts:
            row = sub.Class1Record[class1.get(first, 0)].Class2Record  # type: ignore[attr-defined]
            for cls, glyphs in seconds.items():
                value = getattr(row[cls].Value1, "XAdvance", 0) if row[cls].Value1 else 0
                if value:
                    out.extend(((first, g), value) for g in glyphs)
    return out


@cache
def _face_metrics(file: str) -> FaceMetrics:
    return FaceMetrics(sfnt_path(file))


@cache
def _system_metrics(path: str, index: int) -> FaceMetrics | None:
    try:
        return FaceMetrics(Path(path), index)
    except Exception:  # an unreadable system font is just not a candidate
        return None


@lru_cache(maxsize=4096)
def _fc_match(pattern: str) -> tuple[str, int] | None:
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, "-f", "%{file}\n%{index}", pattern], capture_output=True, text=True,
                             timeout=20).stdout.split("\n")
    except (OSError, subprocess.SubprocessError):
        return None
    if len(out) < 2 or not out[0]:
        return None
    return out[0], int(out[1] or 0)


def _system_face(pattern: str) -> FaceMetrics | None:
    found = _fc_match(pattern)
    return _system_metrics(*found) if found else None


@lru_cache(maxsize=65536)
def _face_for(font_id: int, codepoint: int) -> FaceMetrics | None:
    """The font a browser picks for one character of a text in ``font_id``."""
    have_fonts = fonts_installed()
    family = LIBERATION_SANS if font_id == HELVETICA else font_id
    chain = [family, XIAOLAI] if font_id == EXCALIFONT else [family]
    if have_fonts:
        for fid in chain:
            for face in faces(fid):
                if face.covers(codepoint):
                    metrics = _face_metrics(face.file)
                    if codepoint in metrics.cmap:
                        return metrics
    generic = FONTS[font_id].generic if font_id in FONTS else "sans-serif"
    for pattern in (generic, f"{generic}:charset={codepoint:x}"):
        metrics = _system_face(pattern)
        if metrics is not None and codepoint in metrics.cmap:
            return metrics
    if have_fonts and font_id != EXCALIFONT:  # e.g. CJK in Helvetica: a 1-em CJK font beats a guess
        for face in faces(XIAOLAI):
            if face.covers(codepoint):
                return _face_metrics(face.file)
    return None


def text_width(text: str, font_id: int, font_size: float) -> float:
    """Canvas ``measureText(text).width`` for one line of text at ``font_size`` px."""
    total = 0.0
    run: list[int] = []
    run_face: FaceMetrics | None = None
    for ch in text:
        cp = ord(ch)
        if cp in _ZERO_WIDTH:
            continue
        face = _face_for(font_id, cp)
        if face is None:
            total += _flush(run_face, run, font_size) + AVERAGE_ADVANCE_EM * font_size
            run, run_face = [], None
            continue
        if face is not run_face:
            total += _flush(run_face, run, font_size)
            run, run_face = [], face
        run.append(cp)
    return total + _flush(run_face, run, font_size)


def _flush(face: FaceMetrics | None, run: list[int], font_size: float) -> float:
    if face is None or not run:
        return 0.0
    return face.run_width(run) * font_size / face.units_per_em
