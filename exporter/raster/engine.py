"""Loads cairo and cairosvg once, after pointing fontconfig at Excalidraw's fonts.

fontconfig reads ``FONTCONFIG_FILE`` when cairo first resolves a font, so the
environment must be set before the first drawing; everything that draws goes
through :func:`cairosvg_module`. cairocffi is imported with its C declarations from
the cache when they are there (:mod:`exporter.raster.ffi_cache`).
"""

from __future__ import annotations

import os
import sys
import threading
from types import ModuleType

_state: dict[str, object] = {}
_cairocffi_lock = threading.Lock()


def font_setup_warning() -> str | None:
    """One-line warning when the Excalidraw fonts could not be made available."""
    _prepare_fonts()
    return _state.get("font_warning")  # type: ignore[return-value]


def _prepare_fonts() -> None:
    if "fonts_ready" in _state:
        return
    _state["fonts_ready"] = True
    try:
        from exporter.fonts.system import ensure_fontconfig
    except ImportError:
        if not os.environ.get("FONTCONFIG_FILE"):  # else the caller chose its own fonts
            _state["font_warning"] = "raster: exporter.fonts is unavailable; text is drawn with system fonts"
        return
    try:
        conf = ensure_fontconfig()
    except Exception as exc:  # a font cache problem must not stop the export
        _state["font_warning"] = f"raster: Excalidraw fonts unavailable ({exc}); text is drawn with system fonts"
        return
    if conf is None:
        _state["font_warning"] = "raster: Excalidraw fonts not installed (make fonts); text is drawn with system fonts"
        return
    os.environ["FONTCONFIG_FILE"] = str(conf)


def cairosvg_module() -> ModuleType:
    """The ``cairosvg`` package, imported after the font set-up."""
    _prepare_fonts()
    _import_cairocffi()
    import cairosvg

    if "fast_path" not in _state:
        from exporter.raster.fastpath import install

        _state["fast_path"] = install(cairosvg)
    return cairosvg


def cairo_module() -> ModuleType:
    """The ``cairocffi`` package cairosvg draws with, after the font set-up."""
    _prepare_fonts()
    return _import_cairocffi()


def _import_cairocffi() -> ModuleType:
    """cairocffi, with its declarations from the cache when they are there (see ffi_cache)."""
    if "cairocffi" in sys.modules:
        return sys.modules["cairocffi"]
    from exporter.raster import ffi_cache

    with _cairocffi_lock:  # threads drawing at once: one of them looks in the cache
        ffi_cache.prepare()
        import cairocffi

        ffi_cache.remember()
    return cairocffi
