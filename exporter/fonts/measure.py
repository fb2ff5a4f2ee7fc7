"""Text widths as a browser canvas ``measureText`` gives them, from the real font files.

Each character goes to the font a browser would draw it with: the first face of the
element's family whose ``unicode-range`` holds it, then (Excalifont) Xiaolai, then the
system font of the generic fallback, then any system font that has it. A run of
characters in one face is measured as advance widths plus GPOS pair kerning (the
``kern`` feature a browser applies by default). Helvetica is measured with Liberation
Sans, the font that stands in for it on Linux (fontconfig's metric alias).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from exporter.fonts.paths import fonts_dir, fonts_installed
from exporter.fonts.registry import EXCALIFONT, FONTS, HELVETICA, XIAOLAI, faces
from exporter.fonts.sfnt import SFNT_DIR, sfnt_path

if TYPE_CHECKING:  # fontTools costs ~0.1 s to import: cached metrics of our faces do not need it
    from fontTools.ttLib import TTFont

__all__ = ["text_width", "FaceMetrics"]

LIBERATION_SANS = 9
AVERAGE_ADVANCE_EM = 0.55  # a missing font: roughly a sans-serif letter
# Zero-width characters a browser draws with no advance whichever font it picks.
_ZERO_WIDTH = frozenset({0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF} | set(range(0xFE00, 0xFE10)))
# Bump when the content of the cached metrics files changes.
METRICS_FORMAT = 1
KernPairs = dict[tuple[str, str], int]


class FaceMetrics:
    """cmap, advance widths and kerning pairs of one font file."""

    def __init__(self, cmap: dict[int, str], units_per_em: int, advances: dict[str, int],
                 kern: Callable[[], KernPairs]) -> None:
        self.cmap = cmap
        self.units_per_em = units_per_em
        self._advances = advances
        self._load_kern = kern
        self._kern: KernPairs | None = None

    @classmethod
    def from_file(cls, path: Path, index: int = 0) -> FaceMetrics:
        """Read with fontTools; kerning pairs are parsed on first use."""
        from fontTools.ttLib import TTFont

        font = TTFont(path, lazy=True, fontNumber=index)
        cmap: dict[int, str] = font.getBestCmap() or {}
        advances = {glyph: adv for glyph, (adv, _) in font["hmtx"].metrics.items()}
        return cls(cmap, font["head"].unitsPerEm, advances, lambda: _kern_pairs(font))

    def kern_pairs(self) -> KernPairs:
        if self._kern is None:
            self._kern = self._load_kern()
        return self._kern

    def advance(self, codepoint: int) -> int:
        return self._advances[self.cmap[codepoint]]

    def kerning(self, left: int, right: int) -> int:
        kern = self.kern_pairs()
        if not kern:
            return 0
        return kern.get((self.cmap[left], self.cmap[right]), 0)

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


def metrics_path(file: str) -> Path:
    """Where the measured metrics of the Excalidraw face ``file`` are kept, next to its TrueType copy."""
    return fonts_dir() / SFNT_DIR / (file.removesuffix(".woff2") + f".metrics-v{METRICS_FORMAT}.json")


def _read_metrics(path: Path) -> FaceMetrics | None:
    try:
        data = json.loads(path.read_bytes())
        cmap = {int(cp): glyph for cp, glyph in data["cmap"].items()}
        kern = {(left, right): value for left, right, value in data["kern"]}
        return FaceMetrics(cmap, int(data["upem"]), data["advances"], lambda: kern)
    except (OSError, ValueError, KeyError, TypeError):  # absent or damaged: measure the font again
        return None


def _write_metrics(path: Path, metrics: FaceMetrics) -> None:
    used = set(metrics.cmap.values())  # widths and pairs are only ever looked up through the cmap
    data = {
        "upem": metrics.units_per_em,
        "cmap": {str(cp): glyph for cp, glyph in sorted(metrics.cmap.items())},
        "advances": {glyph: adv for glyph, adv in sorted(metrics._advances.items()) if glyph in used},
        "kern": sorted([left, right, value] for (left, right), value in metrics.kern_pairs().items()
                       if left in used and right in used),
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, separators=(",", ":"))
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)  # atomic: parallel workers never read half a file
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        pass  # only costs speed next time


@cache
def _face_metrics(file: str) -> FaceMetrics:
    """An Excalidraw face's metrics, from the metrics file (no fontTools) or measured and saved."""
    path = metrics_path(file)
    metrics = _read_metrics(path)
    if metrics is None:
        metrics = FaceMetrics.from_file(sfnt_path(file))
        _write_metrics(path, metrics)
    return metrics


@cache
def _system_metrics(path: str, index: int) -> FaceMetrics | None:
    try:
        return FaceMetrics.from_file(Path(path), index)
    except Exception:  # an unreadable system font is just not a candidate
        return None


@lru_cache(maxsize=4096)
def _fc_match(pattern: str) -> tuple[str, int] | None:
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    import subprocess  # only here: most exports never ask fontconfig

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
