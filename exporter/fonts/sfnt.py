"""Plain TrueType copies of the woff2 faces, made once and kept in the font cache.

fontTools rebuilds a woff2 ``glyf`` table in pure Python (about 50 ms for a Latin face,
300 ms for a Xiaolai face); subsetting and measuring start from these copies instead.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from exporter.fonts.paths import fonts_dir

__all__ = ["sfnt_path", "SFNT_DIR"]

SFNT_DIR = "sfnt"

logging.getLogger("fontTools").setLevel(logging.ERROR)  # "FFTM NOT subset" and similar chatter


def sfnt_path(file: str, folder: Path | None = None) -> Path:
    """The ``.ttf`` copy of the face ``file`` (relative woff2 path), converting it on first use."""
    folder = folder or fonts_dir()
    target = folder / SFNT_DIR / (file.removesuffix(".woff2") + ".ttf")
    if target.is_file():
        return target
    from fontTools.ttLib import TTFont  # slow to import; only the first use of a face needs it

    font = TTFont(folder / file)
    font.flavor = None
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".ttf", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            font.save(out)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600 files
        os.replace(tmp, target)  # atomic: concurrent exports never see half a file
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target
