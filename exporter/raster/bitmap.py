"""SVG -> JPEG / WebP: cairo draws, Pillow encodes, flattened onto a solid colour."""

from __future__ import annotations

import io

from PIL import Image

from exporter.errors import RenderError
from exporter.raster.budget import DEFAULT_MAX_PIXELS
from exporter.raster.png import draw_svg

DEFAULT_FLATTEN = "#ffffff"
WEBP_MAX_SIDE = 16383
JPEG_MAX_SIDE = 32767  # cairo's limit (JPEG itself allows 65535)


def _opaque_image(svg: str, *, scale: float, width: float | None, dpi: float | None,
                  background: str | None, max_pixels: int, warnings: list[str] | None,
                  max_side: int) -> Image.Image:
    raster = draw_svg(svg, scale=scale, width=width, dpi=dpi, background=background or DEFAULT_FLATTEN,
                      max_pixels=max_pixels, warnings=warnings, max_side=max_side)
    surface = raster.surface
    surface.flush()
    # The canvas is opaque, so cairo's premultiplied BGRA is plain BGR + padding.
    image = Image.frombuffer("RGB", (raster.width, raster.height), bytes(surface.get_data()), "raw",
                             "BGRX", surface.get_stride(), 1)
    surface.finish()
    return image


def _check_quality(quality: int) -> None:
    if not 1 <= quality <= 100:
        raise RenderError(f"--quality must be 1..100, got {quality}")


def svg_to_jpeg(svg: str, quality: int = 90, *, scale: float = 1.0, width: float | None = None,
                dpi: float | None = None, background: str | None = None,
                max_pixels: int = DEFAULT_MAX_PIXELS, warnings: list[str] | None = None) -> bytes:
    """JPEG bytes of ``svg`` over ``background`` (white when ``None``); sizing as svg_to_png."""
    _check_quality(quality)
    image = _opaque_image(svg, scale=scale, width=width, dpi=dpi, background=background,
                          max_pixels=max_pixels, warnings=warnings, max_side=JPEG_MAX_SIDE)
    out = io.BytesIO()
    extra = {"dpi": (dpi, dpi)} if dpi else {}
    image.save(out, "JPEG", quality=quality, optimize=True, subsampling=0 if quality >= 90 else 2, **extra)
    return out.getvalue()


def svg_to_webp(svg: str, quality: int = 90, *, scale: float = 1.0, width: float | None = None,
                dpi: float | None = None, background: str | None = None,
                max_pixels: int = DEFAULT_MAX_PIXELS, warnings: list[str] | None = None) -> bytes:
    """WebP bytes of ``svg`` over ``background`` (white when ``None``); quality 100 = lossless."""
    _check_quality(quality)
    image = _opaque_image(svg, scale=scale, width=width, dpi=dpi, background=background,
                          max_pixels=max_pixels, warnings=warnings, max_side=WEBP_MAX_SIDE)
    out = io.BytesIO()
    if quality == 100:
        image.save(out, "WEBP", lossless=True, method=4)
    else:
        image.save(out, "WEBP", quality=quality, method=4)
    return out.getvalue()
