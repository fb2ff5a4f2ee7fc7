"""Safe, unique file names and anchors made from headings in any script."""

from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 60
MAX_BYTES = 120  # UTF-8; leaves room for "-NN.png" under every filesystem's 255-byte limit
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_HYPHENS = re.compile(r"-{2,}")


def slugify(text: str, fallback: str = "section") -> str:
    """Lowercase letters, digits and marks of any script joined by hyphens.

    Everything else (punctuation, path separators, dots, symbols, emoji,
    control characters) becomes a hyphen; the result is NFC, at most
    ``MAX_CHARS`` characters / ``MAX_BYTES`` bytes, never a Windows device name
    and never empty (``fallback``).
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    chars = []
    for ch in text:
        cat = unicodedata.category(ch)
        chars.append(ch if cat[0] in "LNM" else "-")
    slug = _HYPHENS.sub("-", "".join(chars)).strip("-")
    slug = unicodedata.normalize("NFC", slug)
    slug = _cap(slug)
    if not slug:
        slug = fallback
    if slug.split("-")[0] in _WINDOWS_RESERVED or slug in _WINDOWS_RESERVED:
        slug = f"{slug}-{fallback}"
    return slug


def _cap(slug: str) -> str:
    slug = slug[:MAX_CHARS]
    while len(slug.encode("utf-8")) > MAX_BYTES:
        slug = slug[:-1]
    # Do not leave a combining mark without its base, nor a trailing hyphen.
    while slug and unicodedata.category(slug[-1])[0] == "M" and len(slug) > 1 and \
            unicodedata.category(slug[-2])[0] not in "LN":
        slug = slug[:-1]
    return slug.strip("-")


class UniqueNames:
    """Hands out slugs, adding -2, -3, ... to repeats (case-insensitively)."""

    def __init__(self, reserved: tuple[str, ...] = ()) -> None:
        self._used: set[str] = {r.casefold() for r in reserved}

    def take(self, text: str, fallback: str = "section") -> str:
        base = slugify(text, fallback)
        name, n = base, 1
        while name.casefold() in self._used:
            n += 1
            name = f"{base}-{n}"
        self._used.add(name.casefold())
        return name


def safe_stem(stem: str, fallback: str = "drawing") -> str:
    """A file-name stem as the user wrote it, minus what could leave the folder or break a filesystem."""
    stem = unicodedata.normalize("NFC", stem)
    stem = "".join("-" if unicodedata.category(ch)[0] == "C" or ch in '/\\:*?"<>|' else ch for ch in stem)
    stem = stem.strip().lstrip(".-").strip()
    while len(stem.encode("utf-8")) > MAX_BYTES:
        stem = stem[:-1]
    stem = stem.rstrip(". ")
    if not stem:
        return fallback
    if stem.split(".")[0].casefold() in _WINDOWS_RESERVED:
        stem = f"{stem}-{fallback}"
    return stem
