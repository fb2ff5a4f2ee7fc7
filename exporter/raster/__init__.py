"""Raster and print outputs (PNG, JPEG, WebP, PDF) of our SVG, drawn by cairosvg."""

from exporter.raster.bitmap import svg_to_jpeg, svg_to_webp
from exporter.raster.budget import DEFAULT_MAX_PIXELS
from exporter.raster.pdf import svg_to_pdf
from exporter.raster.png import svg_to_png

__all__ = ["DEFAULT_MAX_PIXELS", "svg_to_jpeg", "svg_to_pdf", "svg_to_png", "svg_to_webp"]
