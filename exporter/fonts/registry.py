"""Excalidraw's font table: ids, CSS names, metrics, fallbacks and the faces of each family.

Values are those of the Obsidian fork (``common/src/constants.ts#FONT_FAMILY,
getFontFamilyFallbacks``, ``common/src/font-metadata.ts#FONT_METADATA``); the faces
and their ``unicode-range`` descriptors are each family's ``fonts/<Family>/index.ts``
in registration order (npm ``@excalidraw/excalidraw`` 0.18.1, identical in the fork).
Xiaolai's 209 ranges equal each file's cmap, so they are read from ``index.json``
(written by :mod:`exporter.fonts.fetch`) instead of being listed here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from exporter.fonts.paths import INDEX, fonts_dir

__all__ = [
    "FontInfo", "Face", "FONTS", "EXCALIFONT", "XIAOLAI", "HELVETICA", "font_info", "font_family_string",
    "vertical_metrics", "default_line_height", "faces", "parse_unicode_range", "css_family_name",
]

EXCALIFONT = 5
HELVETICA = 2
XIAOLAI = 100
EMOJI_FALLBACK = "Segoe UI Emoji"
CJK_FALLBACK = "Xiaolai"


@dataclass(frozen=True)
class FontInfo:
    """One ``FONT_METADATA`` entry plus its CSS name and generic fallback."""

    name: str
    units_per_em: int
    ascender: int
    descender: int
    line_height: float
    generic: str = "sans-serif"
    local: bool = False  # drawn with a system font, never embedded


# FONT_FAMILY ids (constants.ts). Id 4 is the Obsidian plugin's "Local Font": the fork
# keeps it in FONT_FAMILY (so it gets a font-family string) but registers no face and no
# metadata for it in an export, so it measures like Excalifont and embeds nothing.
_EXCALIFONT_METRICS = (1000, 886, -374, 1.25)
FONTS: dict[int, FontInfo] = {
    1: FontInfo("Virgil", 1000, 886, -374, 1.25),
    2: FontInfo("Helvetica", 2048, 1577, -471, 1.15, local=True),
    3: FontInfo("Cascadia", 2048, 1900, -480, 1.2, generic="monospace"),
    4: FontInfo("Local Font", *_EXCALIFONT_METRICS),
    5: FontInfo("Excalifont", *_EXCALIFONT_METRICS),
    6: FontInfo("Nunito", 1000, 1011, -353, 1.25),
    7: FontInfo("Lilita One", 1000, 923, -220, 1.15),
    8: FontInfo("Comic Shanns", 1000, 750, -250, 1.25, generic="monospace"),
    9: FontInfo("Liberation Sans", 2048, 1854, -434, 1.15),
    10: FontInfo("Assistant", 2048, 1021, -287, 1.25),
}
# FONT_FAMILY_FALLBACKS: metadata only, no font-family string of their own.
_FALLBACK_METRICS: dict[int, FontInfo] = {
    XIAOLAI: FontInfo("Xiaolai", 1000, 880, -144, 1.25),
    1000: FontInfo(EMOJI_FALLBACK, *_EXCALIFONT_METRICS, local=True),
}
_NO_METADATA = frozenset({4})  # registered at run time by the plugin only


def font_info(font_id: int) -> FontInfo:
    """Metadata of a font id; unknown ids (and 4) fall back to Excalifont's metrics."""
    if font_id in _NO_METADATA:
        return FONTS[EXCALIFONT]
    return FONTS.get(font_id) or _FALLBACK_METRICS.get(font_id) or FONTS[EXCALIFONT]


def font_family_string(font_id: int) -> str:
    """``getFontFamilyString``: e.g. ``Excalifont, Xiaolai, sans-serif, Segoe UI Emoji``."""
    info = FONTS.get(font_id)
    if info is None:
        return EMOJI_FALLBACK
    fallbacks = [CJK_FALLBACK] if font_id == EXCALIFONT else []
    fallbacks += [info.generic, EMOJI_FALLBACK]
    return ", ".join([info.name, *fallbacks])


def default_line_height(font_id: int) -> float:
    """``getLineHeight(fontFamily)`` (XM values)."""
    return font_info(font_id).line_height


def vertical_metrics(font_id: int, font_size: float, line_height: float) -> tuple[float, float]:
    """(line height in px, y of the first baseline) - ``getLineHeightInPx``, ``getVerticalOffset``."""
    info = font_info(font_id)
    line_height_px = font_size * line_height
    em = font_size / info.units_per_em
    line_gap = (line_height_px - em * info.ascender + em * info.descender) / 2
    return line_height_px, em * info.ascender + line_gap


def css_family_name(name: str) -> str:
    """How Chromium serialises ``FontFace.family``: quoted when it is not one identifier."""
    return name if name.replace("-", "").isalnum() and not name[0].isdigit() else f'"{name}"'


# -- faces ------------------------------------------------------------------------


@dataclass(frozen=True)
class Face:
    """One registered ``@font-face``: its woff2 file (relative to the font folder) and range."""

    family: str
    file: str
    ranges: tuple[tuple[int, int], ...] | None  # None: no descriptor, i.e. U+0-10FFFF

    def covers(self, codepoint: int) -> bool:
        if self.ranges is None:
            return True
        return any(lo <= codepoint <= hi for lo, hi in self.ranges)


def parse_unicode_range(text: str) -> tuple[tuple[int, int], ...]:
    """``"U+20-7e,U+a1"`` -> ((0x20, 0x7e), (0xa1, 0xa1))."""
    out = []
    for part in text.split(","):
        lo, _, hi = part.strip().removeprefix("U+").partition("-")
        out.append((int(lo, 16), int(hi or lo, 16)))
    return tuple(out)


# GOOGLE_FONTS_RANGES (fonts/FontMetadata.ts)
_LATIN = ("U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, "
          "U+2000-206F, U+2074, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD")
_LATIN_EXT = ("U+0100-02AF, U+0304, U+0308, U+0329, U+1E00-1E9F, U+1EF2-1EFF, U+2020, U+20A0-20AB, U+20AD-20C0, "
              "U+2113, U+2C60-2C7F, U+A720-A7FF")
_CYRILLIC_EXT = "U+0460-052F, U+1C80-1C88, U+20B4, U+2DE0-2DFF, U+A640-A69F, U+FE2E-FE2F"
_CYRILLIC = "U+0301, U+0400-045F, U+0490-0491, U+04B0-04B1, U+2116"
_VIETNAMESE = ("U+0102-0103, U+0110-0111, U+0128-0129, U+0168-0169, U+01A0-01A1, U+01AF-01B0, U+0300-0301, "
               "U+0303-0304, U+0308-0309, U+0323, U+0329, U+1EA0-1EF9, U+20AB")

# (file, unicode-range or None) per family, in registration order.
_FACES: dict[int, tuple[tuple[str, str | None], ...]] = {
    1: (("Virgil/Virgil-Regular.woff2", None),),
    3: (("Cascadia/CascadiaCode-Regular.woff2", None),),
    5: (
        ("Excalifont/Excalifont-Regular-a88b72a24fb54c9f94e3b5fdaa7481c9.woff2",
         "U+20-7e,U+a0-a3,U+a5-a6,U+a8-ab,U+ad-b1,U+b4,U+b6-b8,U+ba-ff,U+131,U+152-153,U+2bc,U+2c6,U+2da,U+2dc,"
         "U+304,U+308,U+2013-2014,U+2018-201a,U+201c-201e,U+2020,U+2022,U+2024-2026,U+2030,U+2039-203a,U+20ac,"
         "U+2122,U+2212"),
        ("Excalifont/Excalifont-Regular-be310b9bcd4f1a43f571c46df7809174.woff2",
         "U+100-130,U+132-137,U+139-149,U+14c-151,U+154-17e,U+192,U+1fc-1ff,U+218-21b,U+237,U+1e80-1e85,"
         "U+1ef2-1ef3,U+2113"),
        ("Excalifont/Excalifont-Regular-b9dcf9d2e50a1eaf42fc664b50a3fd0d.woff2", "U+400-45f,U+490-491,U+2116"),
        ("Excalifont/Excalifont-Regular-41b173a47b57366892116a575a43e2b6.woff2",
         "U+37e,U+384-38a,U+38c,U+38e-393,U+395-3a1,U+3a3-3a8,U+3aa-3cf,U+3d7"),
        ("Excalifont/Excalifont-Regular-3f2c5db56cc93c5a6873b1361d730c16.woff2",
         "U+2c7,U+2d8-2d9,U+2db,U+2dd,U+302,U+306-307,U+30a-30c,U+326-328,U+212e,U+2211,U+fb01-fb02"),
        ("Excalifont/Excalifont-Regular-349fac6ca4700ffec595a7150a0d1e1d.woff2",
         "U+462-463,U+472-475,U+4d8-4d9,U+4e2-4e3,U+4e6-4e9,U+4ee-4ef"),
        ("Excalifont/Excalifont-Regular-623ccf21b21ef6b3a0d87738f77eb071.woff2", "U+300-301,U+303"),
    ),
    6: tuple((f"Nunito/Nunito-Regular-XRXI3I6Li01BKofiOc5wtlZ2di8HDIkhd{key}.woff2", rng) for key, rng in (
        ("Tk3j6zbXWjgevT5", _CYRILLIC_EXT),
        ("TA3j6zbXWjgevT5", _CYRILLIC),
        ("Ts3j6zbXWjgevT5", _VIETNAMESE),
        ("To3j6zbXWjgevT5", _LATIN_EXT),
        ("TQ3j6zbXWjgeg", _LATIN),
    )),
    7: (
        ("Lilita/Lilita-Regular-i7dPIFZ9Zz-WBtRtedDbYE98RXi4EwSsbg.woff2", _LATIN_EXT),
        ("Lilita/Lilita-Regular-i7dPIFZ9Zz-WBtRtedDbYEF8RXi4EwQ.woff2", _LATIN),
    ),
    8: (
        ("ComicShanns/ComicShanns-Regular-279a7b317d12eb88de06167bd672b4b4.woff2",
         "U+20-7e,U+a1-a6,U+a8,U+ab-ac,U+af-b1,U+b4,U+b8,U+bb-bc,U+bf-cf,U+d1-d7,U+d9-de,U+e0-ef,U+f1-f7,"
         "U+f9-ff,U+131,U+152-153,U+2c6,U+2da,U+2dc,U+2013-2014,U+2018-201a,U+201c-201d,U+2020-2022,U+2026,"
         "U+2039-203a,U+2044,U+20ac,U+2191,U+2193,U+2212"),
        ("ComicShanns/ComicShanns-Regular-fcb0fc02dcbee4c9846b3e2508668039.woff2",
         "U+100-10f,U+112-125,U+128-130,U+134-137,U+139-13c,U+141-148,U+14c-151,U+154-161,U+164-165,"
         "U+168-17f,U+1bf,U+1f7,U+218-21b,U+237,U+1e80-1e85,U+1ef2-1ef3,U+a75b"),
        ("ComicShanns/ComicShanns-Regular-dc6a8806fa96795d7b3be5026f989a17.woff2",
         "U+2c7,U+2d8-2d9,U+2db,U+2dd,U+315,U+2190,U+2192,U+2200,U+2203-2204,U+2264-2265,U+f6c3"),
        ("ComicShanns/ComicShanns-Regular-6e066e8de2ac57ea9283adb9c24d7f0c.woff2", "U+3bb"),
    ),
    9: (("Liberation/LiberationSans-Regular.woff2", None),),
}

# Xiaolai/Xiaolai-Regular-<hash>.woff2 in registration order (fonts/Xiaolai/index.ts).
XIAOLAI_HASHES = (
    "09850c4077f3fffe707905872e0e2460", "7eb9fffd1aa890d07d0f88cc82e6cfe4", "60a3089806700d379f11827ee9843b6b",
    "6fe5c5973cc06f74b2387a631ea36b88", "b96d9226ce77ec94ceca043d712182e6", "6ae5b42180ad70b971c91e7eefb8eba2",
    "a4c34be6d42152e64b0df90bc4607f64", "c69f61a4ab18d0488c8d1fc12e7028e8", "e3fcf5180fd466c8915c4e8069491054",
    "c1f94158256bb1f3bf665b053d895af9", "544fc28abe2c5c30e62383fd4dac255f", "7197d6fda6cba7c3874c53d6381ca239",
    "70c2eb8d64e71a42a834eb857ea9df51", "069e77aac84590e2e991d0a0176d34f2", "41521fade99856108931b4768b1b2648",
    "a004ddfcb26e67bd6e678c8ed19e25ce", "04b718e5623574919c8b0dea5f301444", "7e4bde7e9c7f84cd34d8a845e384c746",
    "23686f7f29da6e8008c36dd3a80c83d6", "69c09cc5fa3e55c74fc4821f76909cc3", "25b7f38e18f035f96cb5e547bd2bd08c",
    "ba3de316d63c7e339987b16f41a0b879", "12b52b58eb3df36804b9a654ec9ee194", "b1220a3c61f85cc0408deedb4c5f57a2",
    "4535823663ad81405188a528d8f2b1a2", "3eaa538115d76932653c21d8dc28f207", "7e929f262f30c8ee78bf398150b1a7cd",
    "73e309718fd16cea44b4d54a33581811", "9eb5a99df4e76ac3363453ac9ca288b1", "3e63ed8162808a9e425ed80a8bc79114",
    "cb17fc3db95f6d139afc9d31a8e93293", "c8b71798409ccc126ee264a00aadcf21", "11c345711937f0ba4b8f7b6b919c8440",
    "e480d9c614742d05f0e78f274f1e69e6", "95429962233afd82db1c27df1500a28c", "2cf96d082d35ea3d8106851223ad0d16",
    "2d43040e86ff03ba677f6f9c04cd0805", "2a26d20a23b00898ce82f09d2ee47c3f", "a365e82ed54697a52f27adcea1315fe8",
    "f5d079153c99a25b9be5b8583c4cc8a7", "10a7ae9a371830a80c3d844acf1c02d7", "e4bca6cfa53e499cae0a6be4894a90e9",
    "60a41c7e1c68f22424e6d22df544bc82", "7ab2bed91166a9dca83a5ebfbe2a7f38", "670ba603758d94268e8606f240a42e12",
    "e656f091b9dc4709722c9f4b84d3c797", "15dc6d811c9cd078f9086a740d5a1038", "f0f13b5c60e0af5553bd359f5513be1b",
    "8c2f33cee3993174f7e87c28e4bf42ee", "761d05e3cd968cf574166867998ef06a", "642b26e2e5f5fb780b51b593dbc8c851",
    "5572b3513ba8df57a3d5d7303ee6b11b", "3c9de2ae0ea4bc91a510942dfa4be8d2", "671a2c20b1eb9e4ef8a192833940e319",
    "4dc6d5f188d5c96d44815cd1e81aa885", "ce4884f96f11589608b76b726a755803", "8f476c4c99813d57cbe6eca4727388ad",
    "5935a5775af3d5c6307ac667bd9ae74e", "79f007c1c6d07557120982951ea67998", "bafff7a14c27403dcc6cf1432e8ea836",
    "543fa46ace099a7099dad69123399400", "4ddc14ed3eb0c3e46364317dfc0144a3", "0fa55a080fcd0f9dc2e0b0058b793df8",
    "66493ba5a8367f2928812f446f47b56a", "57862b464a55b18c7bf234ce22907d73", "8d3bcabb847b56243b16afe62adaaf21",
    "2b77e8ebfb2367ab2662396a60e7d320", "0b5d723fdc4e249c140f0909e87d03b4", "cdbce89e82cc1ab53a2decbf5819278f",
    "739bc1a567439c7cffcd1614644593d2", "72252d73220fa3cd856677888cee1635", "08e0dc436ad0ad61ba5558db0674d762",
    "cf6ff4e0f491ca0cf3038187a997b9b4", "9cfb2a77a4e45025105ad29a1748b90d", "450da755d5bcb70906e1295e559b9602",
    "0986d134c05864f5025962eef9f994a0", "1ee544f0f1dac422545c505baa788992", "4806e761d750087c2d734fc64596eaff",
    "33432927cd87d40cfe393c7482bf221f", "be549ab72f0719d606a5c01e2c0219b6", "019d66dcad46dc156b162d267f981c20",
    "b5c1596551c256e0e9cf02028595b092", "e5f453bb04da18eed01675eeebd88bf8", "cf2cc71752631e579e35b0e423bf2638",
    "6f3256af8454371776bc46670d33cc65", "23f228f3999c01983860012330e4be08", "21430ee05a1248901da8d0de08744d47",
    "5330a2119a716e4e7224ed108b085dac", "cd145ce4a0ea18469358df53c207bc1b", "36925dfe329a45086cbb7fc5c20d45ac",
    "4bfaa8ffa64c5ee560aa2daba7c9cbd3", "112c051027b2d766c19a519f6ee1f4f7", "5b0ed6971aaab9c8ad563230bd5471a7",
    "98f2ad84457de7f3740d9920b8fa8667", "733171b4ffcd17ea1fe1c0ba627173bf", "684d65f1793cac449dde5d59cb3c47fb",
    "cbaaefaaf326668277aa24dfa93c4d28", "58fd02350d0bc52cf1ca3bb32ce9766e", "7ccce86603f80a099ddb0cb21d4ae3e3",
    "3717077e38f98d89eae729b6c14e56dc", "dbea1af6dcd9860be40c3d18254338f5", "4a0fdb40036e87b40aa08dd30584cb85",
    "0f626226ba1272e832aea87bafd9720e", "938d90c10ff8c20386af7f242c05d6b0", "b6d128682ee29e471486354d486a1b90",
    "e51ef413167c6e14e0c0fdcc585f2fc9", "9d81066dd2b337c938df6e90380a00dc", "20e7bf72fa05de9adf7dbcc7bf51dde6",
    "4095eb84ef3874e2600247bee0b04026", "4ee10ae43505e2e0bc62656ced49c0fa", "7494dc504ae00ee9cd0505f990f88c5d",
    "8de5b863cb50dfefdd07cb11c774d579", "3e1f8f654357353bf0e04ba5c34b5f7f", "2e33e8dc771ef5e1d9127d60a6b73679",
    "173945821411c09f70c95f98d590e697", "b358f7a51ece39a3247942b1feabdb29", "23ad2d71b280f00b1363b95b7bea94eb",
    "5882ffa04f32584d26109137e2da4352", "a203b91dad570bf05a58c3c3ddb529bf", "bd77e3c7f9e0b072d96af37f73d1aa32",
    "5a45d991244d4c7140217e1e5f5ca4f4", "f56414bf9bced67990def8660e306759", "583d166e56ba0de4b77eabb47ef67839",
    "7f855356ab893b0d2b9c1c83b8116f0e", "b57aaedfd8ebdf3931f25119dc6a5eb2", "b6fd38ca30869792244804b04bc058da",
    "452225341522a7942f0f6aab1a5c91a3", "866fa7613df6b3fd272bcfd4530c0bb9", "52a84a22fd1369bffeaf21da2d6158dc",
    "829615148e6357d826b9242eb7fbbd1e", "c99eda15fc26a2941579560f76c3a5cf", "395c35dd584b56b0789f58a0559beaf1",
    "203b0e569e3b14aac86a003dc3fa523e", "51a0e808bbc8361236ac521a119758a3", "6e092f71c1e634059ada0e52abadce67",
    "0f7fb1e0d5015bb1371343153ecf7ce3", "d0cf73942fea1c74edbdf0b3011f4656", "968cffdc8ee679da094e77ebf50f58ef",
    "7a07ddc0f0c0f5f4a9bad6ee3dda66b5", "ec181b795ac1fb5a50d700b6e996d745", "cfb211578629b7e8153b37240de6a9d5",
    "59e9ff77b0efaf684bc09274fb6908c9", "2adbc89c11e65905393d3dfc468b9d5b", "70e811fd7994e61f408c923de6ddd078",
    "c4a687ac4f0c2766eefc9f77ed99cddf", "51502f1206be09c565f1547c406e9558", "1fdc0c67ed57263a80fd108c1f6ccf24",
    "e11567fd2accf9957cd0d3c2be937d87", "20cc1bbf50e7efb442756cb605672c1f", "5d2898fbc097a7e24c6f38d80587621e",
    "ac9ceb44437becc3e9c4dbfebab7fc2d", "c16ed9740b85badf16e86ea782a3062f", "aa0d470430e6391eca720c7cfa44446f",
    "f2b54d4e7be0eaefe1c2c56836fa5368", "99a16ef6a64934d5781933dbd9c46b2e", "c40533fdf4cc57177b12803598af7e59",
    "91ddb2969bf2d31ba02ad82998d1314c", "774d4f764a1299da5d28ec2f2ffe0d69", "7718fe60986d8b42b1be9c5ace5ccf25",
    "aa5c9ca6cf4fba00433b7aa3fa10671a", "4f50e5136e136527280bc902c5817561", "093b9ef39a46ceae95a1df18a0a3a326",
    "a0ca5df4258213d7fc9fce80f65ce760", "d2666cbed13462c5dc36fa2f15c202ca", "1e6fd68f1f3902ce48ce8c69df385622",
    "87599f94b6cc129d505b375798d0d751", "06c77b8c66e51ed6c63ccb502dd8b8af", "13ae07ed2e272d26d59bc0691cd7117a",
    "353f33792a8f60dc69323ddf635a269e", "0facdf1ea213ba40261022f5d5ed4493", "f8ee5d36068a42b51d0e4a1116cfcec1",
    "79d494361ae093b69e74ee9dbe65bfd4", "74e2263a91439c25b91d5132ce9f4d62", "ee8bae97908d5147b423f77ad0d3c1bb",
    "56467a5c8840c4d23a60b2f935114848", "145aa02cdd91946e67dc934e1acffe75", "54acdfc2166ad7fcbd074f75fd4a56ba",
    "29cec36cd205b211da97acabaa62f055", "3756e81d3e149cf6099163ee79944fec", "8e9f97f01034820170065b2921b4fb5e",
    "13d2887ec8ee73c43acdabc52a05af7b", "72536a3d71b694a0d53dd90ddceae41e", "603aefd23e350ba7eb124273e3c9bcf1",
    "095c169f3314805276f603a362766abd", "9544732d2e62d1a429674f8ee41b5d3a", "d3716376641d615e2995605b29bca7b6",
    "5a1ce3117cfe90c48e8fb4a9a00f694d", "b7d203b051eff504ff59ddca7576b6a9", "4a38cc3e9cf104e69ba246d37f8cf135",
    "982b630266d87db93d2539affb1275c6", "9592bfc861f07bcb8d75c196b370e548", "a7accba310e821da5505f71c03b76bdb",
    "dac48066b5883d8b4551fc584f0c2a3e", "a1f916d6039285c4ffb900cd654e418f", "95bfd249da4902577b4b7d76ebdd0b44",
    "93fc8f28a33234bcadf1527cafabd502", "903bb6865f3452e2fda42e3a25547bc5", "4aca6a43e59aceee2166b0c7e4e85ef1",
    "24476a126f129212beb33f66853ea151", "1b611157cd46bb184d4fa4dae2d6a2b8", "56a32a7689abd0326e57c10c6c069bb4",
    "3cc70dbb64df5b21f1326cc24dee2195", "f6032fc06eb20480f096199713f70885", "e2ead7ea7da0437f085f42ffc05f8d13",
    "97f7f48ce90c9429bf32ae51469db74d", "24a21c1e4449222e8d1898d69ff3a404", "726303e0774b4e678bff8c2deb6ca603",
    "5a7fac4b8b23a6e4e5ba0c9bf1756c91", "2b7441d46298788ac94e610ffcc709b6",
)


def xiaolai_file(digest: str) -> str:
    return f"Xiaolai/Xiaolai-Regular-{digest}.woff2"


def all_face_files() -> list[str]:
    """Every woff2 file the exporter uses (relative to the font folder)."""
    files = [file for family in _FACES.values() for file, _ in family]
    return files + [xiaolai_file(d) for d in XIAOLAI_HASHES]


@cache
def _index(folder: Path) -> dict[str, list[list[int]]]:
    """file -> cmap as [[lo, hi], ...] from a fetched ``index.json``; {} without fonts."""
    try:
        data = json.loads((folder / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("cmap", {})


def cmap_ranges(file: str) -> tuple[tuple[int, int], ...]:
    """A face's cmap as ranges, from the index (empty when fonts are not installed)."""
    return tuple((lo, hi) for lo, hi in _index(fonts_dir()).get(file, ()))


@cache
def _faces(font_id: int, folder: Path) -> tuple[Face, ...]:
    if font_id == XIAOLAI:
        return tuple(Face("Xiaolai", xiaolai_file(d), cmap_ranges(xiaolai_file(d))) for d in XIAOLAI_HASHES)
    name = FONTS[font_id].name if font_id in FONTS else ""
    return tuple(Face(name, file, parse_unicode_range(rng) if rng else None)
                 for file, rng in _FACES.get(font_id, ()))


def faces(font_id: int) -> tuple[Face, ...]:
    """The registered faces of a font id in registration order; () for local/unregistered ids."""
    return _faces(font_id, fonts_dir())
