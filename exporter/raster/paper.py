"""Page geometry for PDF output: paper sizes, orientation, fit and centring."""

from __future__ import annotations

from dataclasses import dataclass

from exporter.errors import RenderError

PT_PER_MM = 72 / 25.4
# Width x height in mm, portrait.
PAPER_MM: dict[str, tuple[float, float]] = {
    "A3": (297, 420),
    "A4": (210, 297),
    "A5": (148, 210),
    "Letter": (215.9, 279.4),
    "Legal": (215.9, 355.6),
    "Tabloid": (279.4, 431.8),
}
ORIENTATIONS = ("auto", "portrait", "landscape")
DEFAULT_PAPER_MARGIN_MM = 10.0
# Acrobat and most viewers refuse pages beyond 200 in (PDF 1.x implementation limit).
MAX_PAGE_PT = 14400.0


@dataclass(frozen=True)
class PageLayout:
    """A page (pt) and where the drawing goes: ``offset + scale * drawing``."""

    width: float
    height: float
    scale: float
    offset_x: float
    offset_y: float


def paper_name(value: str) -> str:
    """The canonical paper name for ``value`` (case-insensitive), or RenderError."""
    for name in PAPER_MM:
        if name.lower() == value.strip().lower():
            return name
    raise RenderError(f"unknown page size {value!r} (choose from {', '.join(PAPER_MM)})")


def layout_page(drawing_w: float, drawing_h: float, page_size: str | None = None,
                margin_mm: float | None = None, orientation: str = "auto") -> PageLayout:
    """Place a ``drawing_w`` x ``drawing_h`` pt drawing on a page.

    Without ``page_size`` the page is the drawing plus the margin (default 0:
    the SVG has its own padding). With a paper size the drawing is scaled to
    fill the area inside the margin (default 10 mm) and centred; orientation
    ``auto`` turns the paper to match the drawing's aspect.
    """
    if orientation not in ORIENTATIONS:
        raise RenderError(f"unknown orientation {orientation!r} (choose from {', '.join(ORIENTATIONS)})")
    if margin_mm is not None and margin_mm < 0:
        raise RenderError(f"--margin must not be negative, got {margin_mm:g}")
    drawing_w, drawing_h = max(drawing_w, 1e-6), max(drawing_h, 1e-6)
    if page_size is None:
        margin = (margin_mm or 0.0) * PT_PER_MM
        scale = min(1.0, (MAX_PAGE_PT - 2 * margin) / drawing_w, (MAX_PAGE_PT - 2 * margin) / drawing_h)
        return PageLayout(drawing_w * scale + 2 * margin, drawing_h * scale + 2 * margin, scale, margin, margin)
    short, long = (v * PT_PER_MM for v in PAPER_MM[paper_name(page_size)])
    landscape = orientation == "landscape" or (orientation == "auto" and drawing_w > drawing_h)
    page_w, page_h = (long, short) if landscape else (short, long)
    margin = (DEFAULT_PAPER_MARGIN_MM if margin_mm is None else margin_mm) * PT_PER_MM
    avail_w, avail_h = page_w - 2 * margin, page_h - 2 * margin
    if avail_w <= 0 or avail_h <= 0:
        raise RenderError(f"--margin {margin / PT_PER_MM:g} mm leaves no room on {page_size}")
    scale = min(avail_w / drawing_w, avail_h / drawing_h)
    return PageLayout(page_w, page_h, scale, (page_w - drawing_w * scale) / 2, (page_h - drawing_h * scale) / 2)
