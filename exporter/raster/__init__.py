"""Raster and print outputs (PNG, JPEG, WebP, PDF) of our SVG, drawn by cairosvg.

Text is drawn by cairo as real text (selectable in PDF) with the Excalidraw
fonts that exporter.fonts installs for fontconfig; :mod:`exporter.raster.adapt`
lays each line out first (per-character font fallback like a browser, exact
advances and kerning, colour emoji) and rewrites the few SVG constructs
cairosvg gets wrong (luminance masks, #RRGGBBAA colours, CSS filters).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# Loaded on first use (PEP 562): importing a submodule such as exporter.raster.cliargs
# must not pull in cairosvg and PIL for an SVG-only run.
_EXPORTS = {
    "DEFAULT_MAX_PIXELS": "exporter.raster.budget",
    "frame_svgs": "exporter.raster.frames",
    "svg_to_jpeg": "exporter.raster.bitmap",
    "svg_to_pdf": "exporter.raster.pdf",
    "svg_to_png": "exporter.raster.png",
    "svg_to_webp": "exporter.raster.bitmap",
}

__all__ = ["DEFAULT_MAX_PIXELS", "frame_svgs", "svg_to_jpeg", "svg_to_pdf", "svg_to_png", "svg_to_webp"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
