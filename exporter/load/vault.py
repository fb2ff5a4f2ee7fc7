"""Obsidian vault lookups: resolve ``[[link]]`` targets and read images into data URLs.

Resolution order for a link written in a note: the note's folder, the vault
root, then Obsidian's shortest-path rule (a file with that name anywhere in the
vault; a partial path must match the end of the file's path). The vault root is
the nearest parent folder holding ``.obsidian/``, or the one given by the user;
without either, the note's folder stands in. Lookups never leave that root.
"""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path
from urllib.parse import unquote

from exporter.errors import LimitError

#: Largest image file read from a vault.
MAX_IMAGE_BYTES = 50 * 1024 * 1024
#: Files indexed per vault for name lookups.
MAX_INDEXED_FILES = 200_000
#: ... and under a note's folder when there is no vault (it may be a home folder).
MAX_INDEXED_FILES_NO_VAULT = 20_000

_INDEX_CACHE: dict[tuple[Path, int], dict[str, list[str]]] = {}


def find_vault_root(note_dir: Path) -> Path | None:
    """The nearest folder at or above ``note_dir`` that holds ``.obsidian/``."""
    for folder in (note_dir, *note_dir.parents):
        if (folder / ".obsidian").is_dir():
            return folder
    return None


def link_target(link: str) -> str:
    """The file part of a wiki link: ``a/b.png|alias`` / ``b.pdf#page=2`` -> ``a/b.png`` / ``b.pdf``."""
    target = link.split("|", 1)[0]
    target = re.split(r"#", target, maxsplit=1)[0]
    return target.strip()


def _index(root: Path, limit: int) -> dict[str, list[str]]:
    """Lower-case file name -> vault-relative paths (POSIX), dot folders skipped."""
    cached = _INDEX_CACHE.get((root, limit))
    if cached is not None:
        return cached
    index: dict[str, list[str]] = {}
    count = 0
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel = os.path.relpath(folder, root)
        for name in files:
            path = name if rel == "." else f"{rel}/{name}".replace(os.sep, "/")
            index.setdefault(name.lower(), []).append(path)
            count += 1
            if count >= limit:
                break
        if count >= limit:
            break
    _INDEX_CACHE[(root, limit)] = index
    return index


class Vault:
    """Link resolution for one note."""

    def __init__(self, note_path: Path, root: Path | None = None) -> None:
        self.note_dir = note_path.parent.absolute()
        found = root.absolute() if root is not None else find_vault_root(self.note_dir)
        self.root = found if found is not None else self.note_dir
        self.has_vault = found is not None

    def _inside(self, path: Path) -> bool:
        normal = Path(os.path.normpath(path))
        return normal == self.root or self.root in normal.parents or self.note_dir in normal.parents

    def resolve(self, link: str) -> Path | None:
        """The file a wiki link points to, or None."""
        target = link_target(link)
        if not target:
            return None
        candidates = [target, unquote(target)]
        # Links to notes leave out ".md" ([[Drawing.excalidraw]] -> Drawing.excalidraw.md).
        candidates += [c + ".md" for c in candidates if not c.lower().endswith(".md")]
        for candidate_text in dict.fromkeys(candidates):
            found = self._resolve(candidate_text)
            if found is not None:
                return found
        return None

    def _resolve(self, target: str) -> Path | None:
        rel = target.lstrip("/")
        for base in ((self.root,) if target.startswith("/") else (self.note_dir, self.root)):
            candidate = base / rel
            if self._inside(candidate) and candidate.is_file():
                return candidate
        name = rel.rsplit("/", 1)[-1].lower()
        limit = MAX_INDEXED_FILES if self.has_vault else MAX_INDEXED_FILES_NO_VAULT
        matches = _index(self.root, limit).get(name, [])
        suffix = "/" + rel.lower()
        matches = [m for m in matches if ("/" + m.lower()).endswith(suffix)]
        if not matches:
            return None
        note_rel = os.path.relpath(self.note_dir, self.root).replace(os.sep, "/")

        def rank(path: str) -> tuple[int, int, str]:
            folder = path.rsplit("/", 1)[0] if "/" in path else "."
            return (0 if folder == note_rel else 1, path.count("/"), path)

        return self.root / sorted(matches, key=rank)[0]


def sniff_mime(data: bytes) -> str | None:
    """Image MIME type from the file's first bytes (None: not an image we can draw)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[:4] in (b"\x00\x00\x01\x00",):
        return "image/x-icon"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in data[:65536].lower():
        return "image/svg+xml"
    return None


def recolor_svg(svg: str, color_map: dict[str, str]) -> str:
    """Apply an Obsidian SVG colour map: replace fill/stroke colours (attributes and styles)."""
    for old, new in color_map.items():
        if not isinstance(old, str) or not isinstance(new, str):
            continue
        pattern = re.compile(r"((?:fill|stroke)\s*[=:]\s*[\"']?)" + re.escape(old) + r"(?=[\"';\s>/]|$)",
                             re.IGNORECASE)
        svg = pattern.sub(lambda m, new=new: m.group(1) + new, svg)
    return svg


def read_image(path: Path, color_map: dict[str, str] | None = None) -> tuple[str, str]:
    """(mimeType, dataURL) of an image file; ValueError when it is not an image."""
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        raise LimitError(f"image {path.name} is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB")
    data = path.read_bytes()
    mime = sniff_mime(data)
    if mime is None:
        raise ValueError(f"image {path.name} is not a PNG, JPEG, GIF, WebP or SVG file")
    if mime == "image/svg+xml" and color_map:
        data = recolor_svg(data.decode("utf-8", "replace"), color_map).encode("utf-8")
    return mime, f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
