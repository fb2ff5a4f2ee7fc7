"""Raster and print outputs (PNG, JPEG, WebP, PDF) of our SVG, drawn by cairosvg.

Text is drawn by cairo as real text (selectable in PDF) with the Excalidraw
fonts that exporter.fonts installs for fontconfig; :mod:`exporter.raster.adapt`
lays each line out first (per-character font fallback like a browser, exact
advances and kerning, colour emoji) and rewrites the few SVG constructs
cairosvg gets wrong (luminance masks, #RRGGBBAA colours, CSS filters).
"""

from exporter.raster.bitmap import svg_to_jpeg, svg_to_webp
from exporter.raster.budget import DEFAULT_MAX_PIXELS
from exporter.raster.frames import frame_svgs
from exporter.raster.pdf import svg_to_pdf
from exporter.raster.png import svg_to_png

__all__ = ["DEFAULT_MAX_PIXELS", "frame_svgs", "svg_to_jpeg", "svg_to_pdf", "svg_to_png", "svg_to_webp"]
