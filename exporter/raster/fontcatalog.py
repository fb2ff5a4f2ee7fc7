"""Which font file draws a family, and what it covers, as fontconfig resolves it.

cairo's text API draws a string in one font, with no per-character fallback and
with advances rounded to whole pixels. :mod:`exporter.raster.textruns` lays text
out itself with these faces (cmap + advance widths, read with fontTools) so that
each character goes to the font a browser would pick and lands where a browser
puts it.

Faces come from the Excalidraw font folder(s) named in ``$FONTCONFIG_FILE``
(written by exporter.fonts.system) and, for generic and system families, from
``fc-match``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
GENERIC_FAMILIES = ("sans-serif", "serif", "monospace", "emoji", "cursive", "fantasy", "system-ui")
# Substitutes a browser accepts for a missing family (fontconfig's metric aliases).
METRIC_COMPATIBLE = {
    "helvetica": "liberation sans", "arial": "liberation sans",
    "times new roman": "liberation serif", "times": "liberation serif",
    "courier new": "liberation mono", "courier": "liberation mono",
}
# Where Debian puts the fonts fontconfig picks for the generic families, for machines without fc-match.
GENERIC_FILES = {
    "sans-serif": ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVu Sans"),
    "monospace": ("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", "DejaVu Sans Mono"),
    "serif": ("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", "DejaVu Serif"),
    "emoji": ("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf", "Noto Color Emoji"),
}
# Characters drawn with no glyph (they only select presentation / join emoji).
INVISIBLE_CODEPOINTS = frozenset({0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF} | set(range(0xFE00, 0xFE10)))


@dataclass
class FontFace:
    """One font file: the family name fontconfig knows it by, its cmap and advances."""

    path: Path
    family: str
    index: int = 0
    _font: TTFont | None = field(default=None, repr=False)

    @property
    def font(self) -> TTFont:
        if self._font is None:
            self._font = TTFont(self.path, lazy=True, fontNumber=self.index)
        return self._font

    @cached_property
    def cmap(self) -> dict[int, str]:
        return self.font.getBestCmap() or {}

    @cached_property
    def units_per_em(self) -> int:
        return self.font["head"].unitsPerEm

    @cached_property
    def _hmtx(self) -> object:
        return self.font["hmtx"]

    @cached_property
    def _pair_subtables(self) -> list[object]:
        """PairPos subtables of the GPOS 'kern' feature (what a browser applies by default)."""
        if "GPOS" not in self.font:
            return []
        table = self.font["GPOS"].table
        if table.FeatureList is None or table.LookupList is None:
            return []
        indices = sorted({i for rec in table.FeatureList.FeatureRecord if rec.FeatureTag == "kern"
                          for i in rec.Feature.LookupListIndex})
        subtables = []
        for index in indices:
            lookup = table.LookupList.Lookup[index]
            for sub in lookup.SubTable:
                if lookup.LookupType == 9:  # extension: unwrap
                    sub = sub.ExtSubTable
                if getattr(sub, "LookupType", 2) == 2 and sub.Format in (1, 2):
                    subtables.append(sub)
        return subtables

    def kerning(self, left: str, right: str, size: float) -> float:
        """Pair adjustment (px at ``size``) between two characters of this font."""
        if not self._pair_subtables:
            return 0.0
        g1, g2 = self.cmap.get(ord(left)), self.cmap.get(ord(right))
        if g1 is None or g2 is None:
            return 0.0
        units = 0
        for sub in self._pair_subtables:
            value = _pair_value(sub, g1, g2)
            if value is not None:
                units += value
                break  # the first subtable that has the pair decides
        return units * size / self.units_per_em

    @cached_property
    def blank_notdef(self) -> bool:
        """True when the missing-glyph glyph draws nothing (TrueType outlines only)."""
        try:
            return self.font["glyf"][self.font.getGlyphOrder()[0]].numberOfContours == 0
        except (KeyError, AttributeError):
            return False

    def covers(self, ch: str) -> bool:
        return ord(ch) in self.cmap

    def covers_all(self, text: str) -> bool:
        cmap = self.cmap
        return all(ord(ch) in cmap for ch in set(text))

    def advance(self, ch: str, size: float) -> float:
        """Advance width of ``ch`` at ``size`` px (of the .notdef box when the font lacks it)."""
        glyph = self.cmap.get(ord(ch))
        if glyph is None:
            glyph = self.font.getGlyphOrder()[0]
        return self._hmtx[glyph][0] * size / self.units_per_em  # type: ignore[index]


def _pair_value(sub: object, g1: str, g2: str) -> int | None:
    """XAdvance adjustment of the pair in one PairPos subtable, None when it does not cover it."""
    coverage = sub.Coverage.glyphs  # type: ignore[attr-defined]
    cache = getattr(sub, "_coverage_index", None)
    if cache is None:
        cache = {g: i for i, g in enumerate(coverage)}
        sub._coverage_index = cache  # type: ignore[attr-defined]
    index = cache.get(g1)
    if index is None:
        return None
    if sub.Format == 1:  # type: ignore[attr-defined]
        for record in sub.PairSet[index].PairValueRecord:  # type: ignore[attr-defined]
            if record.SecondGlyph == g2:
                return getattr(record.Value1, "XAdvance", 0) or 0 if record.Value1 else 0
        return None
    class1 = sub.ClassDef1.classDefs.get(g1, 0)  # type: ignore[attr-defined]
    class2 = sub.ClassDef2.classDefs.get(g2, 0)  # type: ignore[attr-defined]
    value = sub.Class1Record[class1].Class2Record[class2].Value1  # type: ignore[attr-defined]
    return (getattr(value, "XAdvance", 0) or 0) if value else 0


def _family_name(font: TTFont) -> str | None:
    name = font["name"]
    for name_id in (1, 16):
        record = name.getName(name_id, 3, 1) or name.getName(name_id, 1, 0)
        if record is not None:
            return record.toUnicode()
    return None


def _conf_dirs_and_aliases(conf: Path) -> tuple[list[Path], dict[str, str]]:
    """``<dir>`` entries and simple ``<alias>`` preferences of one fonts.conf (no includes)."""
    try:
        root = ET.parse(conf).getroot()
    except (OSError, ET.ParseError):
        return [], {}
    dirs = [Path(d.text.strip()).expanduser() for d in root.iter("dir") if d.text and d.text.strip()]
    dirs = [d if d.is_absolute() else conf.parent / d for d in dirs]
    aliases = {}
    for alias in root.iter("alias"):
        fam = alias.findtext("family")
        pref = alias.find("prefer")
        target = pref.findtext("family") if pref is not None else None
        if fam and target:
            aliases[fam.strip().lower()] = target.strip()
    return dirs, aliases


class FontCatalog:
    """Family name -> :class:`FontFace`, resolved once per process."""

    def __init__(self, conf: Path | None) -> None:
        self.dirs, self.aliases = _conf_dirs_and_aliases(conf) if conf else ([], {})
        self._local: dict[str, FontFace] | None = None
        self._resolved: dict[str, FontFace | None] = {}

    @property
    def local_faces(self) -> dict[str, FontFace]:
        if self._local is None:
            self._local = {}
            for folder in self.dirs:
                if not folder.is_dir():
                    continue
                for path in sorted(folder.rglob("*")):
                    if path.suffix.lower() not in FONT_SUFFIXES:
                        continue
                    try:
                        family = _family_name(TTFont(path, lazy=True))
                    except Exception:  # an unreadable file is simply not a candidate
                        continue
                    if family:
                        self._local.setdefault(family.lower(), FontFace(path, family))
        return self._local

    def face(self, family: str) -> FontFace | None:
        """The face a browser would use for ``family``, or None when it is not installed."""
        key = family.strip().strip("'\"").lower()
        if key not in self._resolved:
            self._resolved[key] = self._find(key)
        return self._resolved[key]

    def _find(self, key: str) -> FontFace | None:
        local = self.local_faces
        if key in local:
            return local[key]
        if key in self.aliases and self.aliases[key].lower() in local:
            return local[self.aliases[key].lower()]
        found = fc_match(key)
        if found is None:
            path, family = GENERIC_FILES.get(key, ("", ""))
            return FontFace(Path(path), family) if path and Path(path).is_file() else None
        path, index, family = found
        ours = any(path.is_relative_to(folder) for folder in self.dirs)  # resolved to an Excalidraw font
        accepted = (ours or family.lower() == key or key in GENERIC_FAMILIES
                    or METRIC_COMPATIBLE.get(key) == family.lower()
                    or self.aliases.get(key, "").lower() == family.lower())
        return FontFace(path, family, index) if accepted else None


@cache
def fc_match(pattern: str) -> tuple[Path, int, str] | None:
    """(file, face index, family) fontconfig picks for ``pattern``; None without fc-match."""
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, "-f", "%{file}\n%{index}\n%{family[0]}", pattern], capture_output=True,
                             text=True, timeout=20, env=os.environ.copy()).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    parts = out.split("\n")
    if len(parts) < 3 or not parts[0]:
        return None
    return Path(parts[0]), int(parts[1] or 0), parts[2]


@cache
def catalog() -> FontCatalog:
    conf = os.environ.get("FONTCONFIG_FILE")
    return FontCatalog(Path(conf) if conf else None)
