"""SVG -> PNG through cairosvg, sized like Excalidraw's PNG export."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from typing import Any

from exporter.errors import RenderError
from exporter.gcpause import no_cycle_collection
from exporter.raster.budget import CAIRO_MAX_SIDE, DEFAULT_MAX_PIXELS, budget_warning
from exporter.raster.engine import font_setup_warning
from exporter.raster.pngencode import encode_surface
from exporter.raster.surfaces import image_surface_class, parse_svg

CSS_DPI = 96.0


@dataclass
class Raster:
    """A drawn canvas (cairo ARGB32 image surface) and how it was sized."""

    surface: Any
    width: int
    height: int
    scale: float  # effective px per SVG user unit, after the budget
    full_height: int = 0  # the whole canvas' height when only some rows were drawn
    px_per_unit: float = 1.0  # viewBox units -> canvas rows: y * px_per_unit + px_origin
    px_origin: float = 0.0


def effective_scale(scale: float, dpi: float | None) -> float:
    if dpi is not None:
        if dpi <= 0:
            raise RenderError(f"--dpi must be positive, got {dpi:g}")
        return dpi / CSS_DPI
    if scale <= 0:
        raise RenderError(f"scale must be positive, got {scale:g}")
    return scale


def draw_svg(svg: str, *, scale: float = 1.0, width: float | None = None, dpi: float | None = None,
             background: str | None = None, max_pixels: int = DEFAULT_MAX_PIXELS,
             warnings: list[str] | None = None, max_side: int = CAIRO_MAX_SIDE,
             rows: tuple[int, int] | None = None) -> Raster:
    """Draw ``svg`` on an image surface; see :func:`svg_to_png` for the options. With ``rows``
    (top, bottom) only those canvas rows are drawn (``Raster.height`` is then theirs)."""
    factor = effective_scale(scale, dpi)
    if width is not None and width <= 0:
        raise RenderError(f"--width must be positive, got {width:g}")
    note_warning(warnings, font_setup_warning())
    try:
        # The node tree is tens of thousands of dicts: collector passes over it while it is
        # built and drawn find nothing (0.4 s at 10,000 elements).
        with no_cycle_collection():
            tree = parse_svg(svg)
            surface = image_surface_class()(tree, scale=factor, output_width=width,
                                            background=background, max_pixels=max_pixels,
                                            max_side=max_side, rows=rows)
    except RenderError:
        raise
    except Exception as exc:  # cairosvg raises bare ValueError/ParseError/...
        raise RenderError(f"cannot draw SVG: {exc}") from exc
    req_w, req_h = surface.requested_size
    if surface.budget != 1.0:
        note_warning(warnings, budget_warning(req_w, req_h, surface.budget, max_pixels, max_side))
    svg_w = req_w / factor if width is None else width
    effective = (req_w / svg_w if svg_w else factor) * surface.budget
    return Raster(surface.cairo, surface.width, surface.height, effective, surface.full_height,
                  surface.px_per_unit, surface.px_origin)


def svg_to_png(svg: str, *, scale: float = 1.0, width: float | None = None, dpi: float | None = None,
               background: str | None = None, max_pixels: int = DEFAULT_MAX_PIXELS,
               warnings: list[str] | None = None) -> bytes:
    """PNG bytes of ``svg``.

    Size: the SVG's own ``width``/``height`` times ``scale`` (``dpi`` sets the
    scale to dpi/96; ``width`` fits that many pixels across, keeping the aspect),
    truncated to whole pixels like Excalidraw's canvas. ``background`` (any SVG
    colour) is painted under the drawing; ``None`` keeps transparency. A canvas
    over ``max_pixels`` (or cairo's 32767 px side limit) is drawn smaller and a
    one-line message is appended to ``warnings``.
    """
    raster = draw_svg(svg, scale=scale, width=width, dpi=dpi, background=background,
                      max_pixels=max_pixels, warnings=warnings)
    png = encode_surface(raster.surface, raster.width, raster.height)
    raster.surface.finish()
    return with_density(png, dpi) if dpi is not None else png


def with_density(png: bytes, dpi: float) -> bytes:
    """``png`` with a pHYs chunk so print tools know its resolution."""
    ihdr_end = 8 + 4 + 4 + 13 + 4  # signature + IHDR length, type, data, crc
    return png[:ihdr_end] + density_chunk(dpi) + png[ihdr_end:]


def density_chunk(dpi: float) -> bytes:
    """The pHYs chunk (pixels per metre) of ``dpi``."""
    ppm = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", ppm, ppm, 1)
    return struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body))


def note_warning(warnings: list[str] | None, message: str | None) -> None:
    if warnings is not None and message and message not in warnings:
        warnings.append(message)
