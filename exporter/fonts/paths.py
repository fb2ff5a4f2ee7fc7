"""Where the Excalidraw font files live on this machine (never in the repository).

``make fonts`` (:mod:`exporter.fonts.fetch`) fills
``${EXCALIDRAW_EXPORTER_CACHE:-~/.cache/excalidraw-exporter}/fonts/<version>/`` with the
``dist/prod/fonts/**`` tree of the pinned npm package, an ``index.json`` (cmap of
every face) and, last, a ``COMPLETE`` marker holding the package integrity.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

PACKAGE = "@excalidraw/excalidraw"
VERSION = "0.18.1"
# `npm view @excalidraw/excalidraw@0.18.1 dist.integrity`
INTEGRITY = "sha512-6i5Gt7IDTOH//qa0Z315Ly5iVRhjWpu2whrlQFqkuwrkKUWgRsMk0P5qdE7bpyDpai7jeLeWYkyj1eVAfni1lw=="
TARBALL_PREFIX = "package/dist/prod/fonts/"
MARKER = "COMPLETE"
INDEX = "index.json"
FONTCONFIG_DIR = "fontconfig"  # merged TrueType files + fonts.conf (exporter.fonts.system)
FONTCONFIG_STAMP = "VERSION"
SUBSETS_DIR = "subsets"  # exporter.fonts.subsetcache


def cache_root() -> Path:
    """``$EXCALIDRAW_EXPORTER_CACHE`` or ``~/.cache/excalidraw-exporter``."""
    return _cache_root(os.environ.get("EXCALIDRAW_EXPORTER_CACHE"), os.environ.get("HOME"))


def fonts_dir() -> Path:
    """The folder of this version's font files (may not exist yet)."""
    return _fonts_dir(cache_root())


# Built once per setting (the variables are the key): every text and font lookup asks.
@lru_cache(maxsize=16)
def _cache_root(env: str | None, home: str | None) -> Path:
    return Path(env).expanduser() if env else Path.home() / ".cache" / "excalidraw-exporter"


@lru_cache(maxsize=16)
def _fonts_dir(root: Path) -> Path:
    return root / "fonts" / VERSION


def fonts_installed(folder: Path | None = None) -> bool:
    """True when a complete, verified font set is present."""
    folder = folder or fonts_dir()
    try:
        return (folder / MARKER).read_text(encoding="ascii").strip() == INTEGRITY
    except OSError:
        return False


def subset_cache_dir() -> Path:
    """The on-disk cache of embedded font subsets (``$EXCALIDRAW_EXPORTER_SUBSET_CACHE`` overrides)."""
    env = os.environ.get("EXCALIDRAW_EXPORTER_SUBSET_CACHE")
    return Path(env).expanduser() if env else fonts_dir() / SUBSETS_DIR
