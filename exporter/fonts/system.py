"""Excalidraw's fonts as system fonts for the raster path (cairo finds fonts via fontconfig).

cairosvg ignores ``@font-face``, so the woff2 faces are turned, once, into one TrueType
file per family (the split faces merged, named exactly as the CSS family, Nunito's
weight-500 faces declared regular so a normal-weight request picks them), and a
``fonts.conf`` is written that includes the system configuration, adds that folder and
aliases Helvetica to Liberation Sans and Segoe UI Emoji to Noto Color Emoji. Setting
``FONTCONFIG_FILE`` to it before cairo is first used makes
``font-family="Excalifont, Xiaolai, sans-serif, Segoe UI Emoji"`` draw in Excalifont.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from fontTools.ttLib import TTFont

from exporter.fonts.paths import FONTCONFIG_DIR, FONTCONFIG_STAMP, INTEGRITY, fonts_dir, fonts_installed
from exporter.fonts.registry import FONTS, XIAOLAI, faces
from exporter.fonts.sfnt import sfnt_path

__all__ = ["ensure_fontconfig", "fontconfig_env", "FONTCONFIG_DIR", "FAMILY_FILES"]

CONF_NAME = "fonts.conf"
LAYOUT_VERSION = "1"  # bump when the files written here change
SYSTEM_CONF = "/etc/fonts/fonts.conf"
ALIASES = {"Helvetica": "Liberation Sans", "Segoe UI Emoji": "Noto Color Emoji"}
# font id -> file name of the merged family
FAMILY_FILES = {1: "Virgil.ttf", 3: "Cascadia.ttf", 5: "Excalifont.ttf", 6: "Nunito.ttf", 7: "LilitaOne.ttf",
                8: "ComicShanns.ttf", 9: "LiberationSans.ttf", XIAOLAI: "Xiaolai.ttf"}


def _family_name(font_id: int) -> str:
    return "Xiaolai" if font_id == XIAOLAI else FONTS[font_id].name


def _rename(font: TTFont, family: str) -> None:
    """Name the font exactly as the CSS family, regular weight (fontconfig matches on these)."""
    name = font["name"]
    postscript = family.replace(" ", "") + "-Regular"
    for name_id in (16, 17, 21, 22):  # typographic names would override the family
        name.removeNames(nameID=name_id)
    for name_id, value in ((1, family), (2, "Regular"), (3, postscript), (4, family), (6, postscript)):
        name.removeNames(nameID=name_id)
        name.setName(value, name_id, 3, 1, 0x409)
        name.setName(value, name_id, 1, 0, 0)
    os2 = font["OS/2"]
    os2.usWeightClass = 400  # Nunito's faces are the 500 weight, drawn for normal-weight text
    os2.fsSelection = (os2.fsSelection & ~0b1100001) | 0b1000000  # REGULAR, not ITALIC/BOLD
    font["head"].macStyle = 0


def _write_atomic(target: Path, save: Callable[[BinaryIO], object]) -> None:
    """``target`` written by ``save`` to a temporary file then renamed: a process reading it
    meanwhile sees the old file or the new, whole."""
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=target.suffix, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            save(out)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600 files
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _build_family(font_id: int, folder: Path, target: Path) -> None:
    paths = [str(sfnt_path(face.file, folder)) for face in faces(font_id)]
    if len(paths) == 1:
        font = TTFont(paths[0])
    else:
        from fontTools.merge import Merger
        from fontTools.merge import Options as MergeOptions

        # Split faces of one font: merging gives fontconfig one file with the whole charset.
        font = Merger(MergeOptions(drop_tables=["vmtx", "vhea", "MATH"])).merge(paths)
    _rename(font, _family_name(font_id))
    _write_atomic(target, font.save)


def _conf_text(font_folder: Path) -> str:
    system = os.environ.get("EXCALIDRAW_SYSTEM_FONTCONFIG", SYSTEM_CONF)
    aliases = "\n".join(
        f'  <alias binding="same"><family>{escape(src)}</family><prefer><family>{escape(dst)}</family>'
        f"</prefer></alias>" for src, dst in ALIASES.items())
    return ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
            f'  <include ignore_missing="yes">{escape(system)}</include>\n'
            f"  <dir>{escape(str(font_folder))}</dir>\n"
            f"  <cachedir>{escape(str(font_folder / 'cache'))}</cachedir>\n"
            f"{aliases}\n{_SIZE_FREE_RENDERING}</fontconfig>\n")


# cairo asks fontconfig how to render a family once, at the size of the first text drawn in
# it, and keeps the answer for every later size. Rules that depend on the size (Debian's
# 20-unhint-small-*: no hinting for DejaVu and Vera below 7.5 px) then made a PNG's text
# depend on what the process drew before it. Hinting is therefore set for every size, as
# the system sets it for ordinary ones; and the set-up is not re-read during a run.
_SIZE_FREE_RENDERING = (
    '  <match target="font"><edit name="hinting" mode="assign"><bool>true</bool></edit></match>\n'
    "  <config><rescan><int>0</int></rescan></config>\n")


def ensure_fontconfig(folder: Path | None = None) -> Path | None:
    """The ``fonts.conf`` to put in ``FONTCONFIG_FILE`` (built on first use); None without fonts.

    Its name carries a digest of its text, so a file is never rewritten once written:
    processes that want different texts (another version, another system set-up) each get
    their own, and none changes under another's feet."""
    folder = folder or fonts_dir()
    if not fonts_installed(folder):
        return None
    out = folder / FONTCONFIG_DIR
    text = _conf_text(out)
    conf = out / f"fonts-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}.conf"
    stamp = out / FONTCONFIG_STAMP
    expected = f"{LAYOUT_VERSION} {INTEGRITY}"
    if stamp.is_file() and stamp.read_text(encoding="ascii").strip() == expected:
        if conf.is_file():
            return conf
        try:  # the fonts are built; only this text's fonts.conf is missing
            _write_atomic(conf, lambda file: file.write(text.encode("utf-8")))
            return conf
        except OSError:  # a read-only cache: the fonts.conf an older version wrote still serves
            if (out / CONF_NAME).is_file():
                return out / CONF_NAME
            raise
    out.mkdir(parents=True, exist_ok=True)
    if stamp.is_file():  # built by another layout version: start again
        for old in out.glob("*.ttf"):
            old.unlink()
    for stale in out.glob(".tmp-*"):  # left by an interrupted build (not one still running)
        if time.time() - stale.stat().st_mtime > 3600:
            stale.unlink(missing_ok=True)
    for font_id, file_name in FAMILY_FILES.items():
        target = out / file_name
        if not target.is_file():
            _build_family(font_id, folder, target)
    _write_atomic(conf, lambda file: file.write(text.encode("utf-8")))
    stamp.write_text(expected + "\n", encoding="ascii")
    return conf


def fontconfig_env() -> dict[str, str]:
    """``{"FONTCONFIG_FILE": ...}`` for a process that should see Excalidraw's fonts, or {}."""
    conf = ensure_fontconfig()
    return {"FONTCONFIG_FILE": str(conf)} if conf else {}
