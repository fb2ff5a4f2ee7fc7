"""``@font-face`` rules that embed subset Excalidraw fonts in an SVG (doc §6.5).

Mirrors ``Fonts.generateFontFaceDeclarations`` / ``ExcalidrawFontFace.toCSS``: families in
first-appearance order, Xiaolai first when Excalifont text has CJK, local families
skipped; every registered face whose ``unicode-range`` meets the family's characters is
subset to those characters (fontTools instead of HarfBuzz-WASM: not byte-identical, but
the same glyphs), re-compressed to woff2 and inlined as base64.
"""

from __future__ import annotations

import base64
import importlib.util
import io
import re
import threading
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from exporter.fonts.paths import INTEGRITY, fonts_installed, subset_cache_dir
from exporter.fonts.registry import EXCALIFONT, FONTS, XIAOLAI, Face, css_family_name, faces
from exporter.fonts.sfnt import sfnt_path
from exporter.fonts.subsetcache import SubsetCache

if TYPE_CHECKING:  # fontTools costs ~0.2 s to import: only a cache miss loads it
    from fontTools import subset as ftsubset

__all__ = ["FONT_DELIMITER", "font_face_css", "font_face_rules", "contains_cjk", "subset_base64", "subset_woff2"]

FONT_DELIMITER = "\n      "
# Brotli quality of the embedded woff2: 6 is ~50x faster than 11 for ~4% more bytes.
BROTLI_QUALITY = 6
# Bump whenever a change here alters the bytes of a subset: cached subsets then go stale.
SUBSET_FORMAT = 2

# containsCJK: CJK.CHAR (\p{Script=Han|Hiragana|Katakana|Hangul} + symbols), OPENING, CLOSING, CURRENCY.
# Below U+2E80 its only characters are Hangul Jamo (U+1100-U+11FF) and the two dot leader
# U+2025, so most text (typographic quotes and dashes included) is told apart without it;
# compiled on first use (~4 ms).
_JAMO_FIRST, _JAMO_LAST, _TWO_DOT_LEADER, _CJK_FROM = "\u1100", "\u11ff", "\u2025", "\u2e80"


@cache
def _cjk() -> re.Pattern[str]:
    return re.compile(
        "[\u1100-\u11ff\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u3005\u3007\u3021-\u3029\u302e\u302f\u3038-\u303b"
        "\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fd-\u30ff\u3131-\u318e\u31f0-\u31ff\u3200-\u321e\u3260-\u327e"
        "\u32d0-\u32fe\u3300-\u3357\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97c\uac00-\ud7a3\ud7b0-\ud7c6\ud7cb-\ud7fb"
        "\uf900-\ufa6d\ufa70-\ufad9\uff66-\uff6f\uff71-\uff9d\uffa0-\uffbe\uffc2-\uffc7\uffca-\uffcf\uffd2-\uffd7"
        "\uffda-\uffdc\U0001b000-\U0001b122\U0001f200\U00020000-\U0003134a"
        "｀＇＾〃〰〆＃＆＊＋－ー／＼＝｜￤〒￢￣"
        "（［｛〈《｟｢「『【〖〔〘〚＜〝）］｝〉》｠｣」』】〗〕〙〛＞。．，、〟‥？！：；・〜〞￥￦￡￠＄]"
    )


def contains_cjk(text: str) -> bool:
    if not text:
        return False
    top = max(text)
    if top < _JAMO_FIRST:
        return False
    if top < _CJK_FROM and not any(_JAMO_FIRST <= c <= _JAMO_LAST or c == _TWO_DOT_LEADER for c in text):
        return False
    return _cjk().search(text) is not None


@cache
def _sfnt_bytes(path: Path) -> bytes:
    """A face's TrueType bytes, read once per process."""
    return path.read_bytes()


def _subset_options() -> ftsubset.Options:
    from fontTools import subset as ftsubset

    options = ftsubset.Options()
    # fontTools' default layout features (kern, liga, calt, mark, ...) are what a browser applies
    # by default, like hb-subset's defaults; optional ones (ss01, zero, frac) would only add bytes.
    options.notdef_outline = True
    return options


@lru_cache(maxsize=1024)
def subset_woff2(file: str, codepoints: frozenset[int]) -> bytes:
    """The face ``file`` reduced to the glyphs of ``codepoints`` it has, as woff2."""
    from fontTools import subset as ftsubset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.woff2 import WOFF2FlavorData

    font = TTFont(io.BytesIO(_sfnt_bytes(sfnt_path(file))), lazy=True)
    subsetter = ftsubset.Subsetter(_subset_options())
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    # fontTools also maps glyphs kept only as components ("less" inside "greater"); hb-subset
    # maps exactly the requested characters, and so do we.
    for table in font["cmap"].tables:
        if table.format != 14:
            table.cmap = {cp: glyph for cp, glyph in table.cmap.items() if cp in codepoints}
    font.flavor = "woff2"
    font.recalcTimestamp = False  # keep head.modified: the same subset must give the same bytes
    # Untransformed tables: fontTools' glyf transform is pure Python and slow; this costs ~5% size.
    font.flavorData = WOFF2FlavorData(transformedTables=())
    out = io.BytesIO()
    with _brotli_quality(BROTLI_QUALITY):
        font.save(out)
    return out.getvalue()


class _QualityBrotli:
    """``brotli`` as fontTools' woff2 writer sees it, compressing at a given quality."""

    def __init__(self, quality: int) -> None:
        self.quality = quality

    def __getattr__(self, name: str) -> object:
        import brotli

        return getattr(brotli, name)

    def compress(self, data: bytes, **kwargs: object) -> bytes:
        import brotli

        return brotli.compress(data, quality=self.quality, **kwargs)  # type: ignore[arg-type]


_brotli_lock = threading.Lock()


@contextmanager
def _brotli_quality(quality: int) -> Iterator[None]:
    """fontTools always compresses at quality 11 (about 100 ms for a Latin subset)."""
    import fontTools.ttLib.woff2

    with _brotli_lock:
        saved = fontTools.ttLib.woff2.brotli
        fontTools.ttLib.woff2.brotli = _QualityBrotli(quality)
        try:
            yield
        finally:
            fontTools.ttLib.woff2.brotli = saved


def _characters(texts: str | Iterable[str]) -> str:
    """The family's characters in first-appearance order (``getCharsPerFamily``)."""
    joined = texts if isinstance(texts, str) else "".join(texts)
    return "".join(dict.fromkeys(joined))


@cache
def _fonttools_version() -> str:
    """fontTools' version without importing it (its subsets are what the cache holds)."""
    spec = importlib.util.find_spec("fontTools")
    try:
        text = Path(spec.origin).read_text(encoding="utf-8") if spec and spec.origin else ""
    except OSError:
        text = ""
    found = re.search(r'__version__\s*=\s*"([^"]+)"', text)
    return found.group(1) if found else "unknown"


def subset_cache_key(file: str, codepoints: Iterable[int]) -> str:
    """Everything a subset's bytes depend on: the pinned font files, the face, the subsetter
    (fontTools version, our options and brotli quality) and the code points."""
    cps = ",".join(f"{cp:x}" for cp in sorted(set(codepoints)))
    return (f"subset-v{SUBSET_FORMAT} brotli-{BROTLI_QUALITY} fonttools-{_fonttools_version()} "
            f"{INTEGRITY} {file} {cps}")


@cache
def _store(folder: Path) -> SubsetCache:
    return SubsetCache(folder)


@lru_cache(maxsize=1024)
def subset_base64(file: str, codepoints: frozenset[int]) -> str:
    """:func:`subset_woff2` as base64, through the on-disk subset cache."""
    store = _store(subset_cache_dir())
    key = subset_cache_key(file, codepoints)
    data = store.get(key)
    if data is None:
        data = base64.b64encode(subset_woff2(file, codepoints)).decode("ascii")
        store.put(key, data)
    return data


@cache
def _merged_ranges(ranges: tuple[tuple[int, int], ...]) -> tuple[list[int], list[int]]:
    """A face's ``unicode-range`` as sorted, disjoint (starts, ends) for bisection."""
    starts: list[int] = []
    ends: list[int] = []
    for lo, hi in sorted(ranges):
        if ends and lo <= ends[-1] + 1:
            ends[-1] = max(ends[-1], hi)
        else:
            starts.append(lo)
            ends.append(hi)
    return starts, ends


def _meets(face: Face, codepoints: Iterable[int]) -> bool:
    """``any(face.covers(cp) ...)`` in log time per character (Xiaolai has 209 faces)."""
    if face.ranges is None:
        return True
    starts, ends = _merged_ranges(face.ranges)
    for cp in codepoints:
        i = bisect_right(starts, cp) - 1
        if i >= 0 and cp <= ends[i]:
            return True
    return False


def _face_css(face: Face, characters: str) -> str | None:
    codepoints = frozenset(ord(ch) for ch in characters)
    if not _meets(face, codepoints):
        return None
    data = subset_base64(face.file, codepoints)
    return f"@font-face {{ font-family: {css_family_name(face.family)}; src: url(data:font/woff2;base64,{data}); }}"


def font_face_rules(texts_by_family: Mapping[int, str | Iterable[str]]) -> list[str] | None:
    """The ``@font-face`` rules in Excalidraw's order; None when fonts are needed but not installed."""
    chars = {fid: _characters(texts) for fid, texts in texts_by_family.items()}
    families = list(chars)
    if EXCALIFONT in chars and contains_cjk(chars[EXCALIFONT]):
        chars[XIAOLAI] = chars[EXCALIFONT]
        families.insert(0, XIAOLAI)
    wanted = [(fid, face) for fid in families if chars[fid] and not (fid in FONTS and FONTS[fid].local)
              for face in faces(fid)]
    if not wanted:
        return []
    if not fonts_installed():
        return None
    rules: list[str] = []
    for fid, face in wanted:
        css = _face_css(face, chars[fid])
        if css is not None and css not in rules:
            rules.append(css)
    return rules


def font_face_css(texts_by_family: Mapping[int, str | Iterable[str]]) -> str | None:
    """Content of ``<style class="style-fonts">`` after its leading delimiter: the rules joined by
    ``"\\n      "``; "" when nothing is embedded; None when the fonts are not installed."""
    rules = font_face_rules(texts_by_family)
    return None if rules is None else FONT_DELIMITER.join(rules)
