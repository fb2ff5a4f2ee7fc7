"""SVGs -> one vector PDF, one page per SVG, drawn on a single cairo PDF surface."""

from __future__ import annotations

import io
from collections.abc import Sequence

from exporter.errors import RenderError
from exporter.gcpause import no_cycle_collection
from exporter.raster.engine import cairo_module, font_setup_warning
from exporter.raster.paper import MAX_PAGE_PT, PageLayout, layout_page
from exporter.raster.surfaces import page_surface_class, parse_svg

# Fixed so that the same input gives the same bytes (cairo would write "now").
FIXED_DATE = "2000-01-01T00:00:00Z"
CREATOR = "excalidraw-exporter"


def svg_to_pdf(svgs: Sequence[str], *, page_size: str | None = None, margin_mm: float | None = None,
               orientation: str = "auto", title: str | None = None,
               page_titles: Sequence[str] | None = None, warnings: list[str] | None = None) -> bytes:
    """A vector PDF with one page per SVG.

    ``page_size`` None: each page is its drawing's size (1 SVG px = 0.75 pt);
    else one of A3/A4/A5/Letter/Legal/Tabloid with the drawing scaled to fit
    inside ``margin_mm`` and centred (see :func:`exporter.raster.paper.layout_page`).
    Text stays text (selectable, searchable), fonts are embedded as subsets,
    web links of elements become clickable; ``page_titles`` (e.g. frame names)
    become the PDF outline (bookmarks).
    """
    if not svgs:
        raise RenderError("no pages to write")
    message = font_setup_warning()
    if warnings is not None and message and message not in warnings:
        warnings.append(message)
    cairo = cairo_module()
    out = io.BytesIO()
    pdf = cairo.PDFSurface(out, 1, 1)
    for key, value in ((cairo.PDF_METADATA_CREATE_DATE, FIXED_DATE), (cairo.PDF_METADATA_MOD_DATE, FIXED_DATE),
                       (cairo.PDF_METADATA_CREATOR, CREATOR)):
        pdf.set_metadata(key, value)
    if title:
        pdf.set_metadata(cairo.PDF_METADATA_TITLE, title)
    page_class = page_surface_class()

    def layout(width: float, height: float) -> PageLayout:
        page = layout_page(width, height, page_size, margin_mm, orientation)
        if page_size is None and page.scale < 1 and warnings is not None:
            warnings.append(f"pdf: a {width:.0f}x{height:.0f} pt drawing exceeds the {MAX_PAGE_PT:.0f} pt "
                            f"page limit; scaled x{page.scale:.3g}")
        return page

    for number, svg in enumerate(svgs, 1):
        try:
            with no_cycle_collection():  # as for PNG (png.py)
                page_class(parse_svg(svg), pdf, layout).finish()
        except RenderError:
            raise
        except Exception as exc:  # cairosvg raises bare ValueError/ParseError/...
            raise RenderError(f"cannot draw page {number}: {exc}") from exc
        if page_titles and number <= len(page_titles):
            pdf.add_outline(cairo.PDF_OUTLINE_ROOT, page_titles[number - 1], f"page={number}", 0)
    pdf.finish()
    return out.getvalue()
