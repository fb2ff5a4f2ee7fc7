"""Big PNGs drawn band by band, each band from the elements that reach it.

A canvas over :data:`BAND_PIXELS` is cut into horizontal bands of equal height. Each
band is drawn on its own small surface (the canvas rows it covers, at their place)
from an SVG holding only the elements whose ink may reach it
(:class:`exporter.render.svg.RegionSvg`), then deflated as one piece of the PNG's
single IDAT stream (:mod:`exporter.raster.pngencode`). So memory holds one band's
canvas and node tree at a time instead of the whole. When the drawing has more elements
than one band should draw (:data:`BAND_ELEMENTS`) and the machine more than one core,
this process writes every band's SVG and helper processes
(:mod:`exporter.raster.bandworker`) draw some of them while it draws the others; a
canvas banded only for its size is drawn here, band after band.

The bands depend only on the canvas size and element count, never on the number of
cores, so the bytes are the same everywhere. A band's pixels equal the unbanded
drawing's but for a handful of anti-aliased edge pixels (about one in a million, by up
to a fifth of full scale at worst): with the band's offset subtracted, cairo rounds a
coordinate that falls between two sub-pixel steps the other way, or cuts an edge at
the band's top.
"""

from __future__ import annotations

import math
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol

from exporter.cpus import usable_cpus
from exporter.errors import RenderError
from exporter.gcpause import no_cycle_collection
from exporter.raster.bandworker import BandHelper, Reply
from exporter.raster.budget import DEFAULT_MAX_PIXELS
from exporter.raster.engine import font_setup_warning
from exporter.raster.png import density_chunk, draw_svg, note_warning, svg_to_png
from exporter.raster.pngencode import EncodedRows, MixedColorTypes, PngBuilder, encode_rows, with_trailer

# Pixels a band may have (80 MB of ARGB32 canvas). Each band redraws the elements that
# cross into it, so fewer, taller bands cost less in all; their count is even so that two
# cores share the work equally.
BAND_PIXELS = 20_000_000
# Elements a band may draw, on average. While a band is drawn, its SVG, parsed tree, canvas
# and deflate buffers take ~30 KB an element (the tree ~8 KB); with a helper drawing too,
# that is held twice. 1,700 keeps a 50,000-element PNG under 500 MB in all, at no cost in
# time against 2,500 (more, shorter bands redraw more of the elements crossing their edges).
BAND_ELEMENTS = 1_700
# A region no element reaches: the probe that sizes the canvas draws nothing.
_NOWHERE = (math.inf, math.inf, -math.inf, -math.inf)
# Room (px) added above and below a band's region when choosing its elements.
_REGION_MARGIN_PX = 2.0


class RegionDocument(Protocol):
    """An export that can be written for a region of its canvas (RegionSvg)."""

    warnings: list[str]
    element_count: int

    def svg(self, region: tuple[float, float, float, float] | None = None) -> str: ...


def png_in_bands(document: RegionDocument, *, scale: float = 1.0, width: float | None = None,
                 dpi: float | None = None, background: str | None = None,
                 max_pixels: int = DEFAULT_MAX_PIXELS, warnings: list[str] | None = None,
                 band_pixels: int = BAND_PIXELS, workers: int | None = None, out: BinaryIO | None = None,
                 trailer_chunks: bytes = b"") -> bytes | None:
    """PNG bytes of ``document``, the same size and picture as :func:`svg_to_png` of its
    whole SVG; drawn in bands when the canvas is over ``band_pixels`` or it has more than
    :data:`BAND_ELEMENTS` elements. ``workers``: processes drawing bands at once when the
    elements call for bands (default: the usable cores, 1 inside a batch's worker process).
    With ``out`` (a seekable binary file) the PNG is written there as its bands are drawn,
    never held whole, and None is returned. ``trailer_chunks``: whole PNG chunks to put just
    before IEND."""
    raster_kw: dict[str, Any] = {"scale": scale, "width": width, "dpi": dpi, "background": background,
                                 "max_pixels": max_pixels}
    if out is not None and not out.seekable():  # a pipe: the PNG's lengths cannot be filled in later
        png = png_in_bands(document, **raster_kw, warnings=warnings, band_pixels=band_pixels, workers=workers,
                           trailer_chunks=trailer_chunks)
        assert png is not None
        out.write(png)
        return None
    target = _Target(out, density_chunk(dpi) if dpi is not None else b"", trailer_chunks)
    # The fonts are set up (FONTCONFIG_FILE) before any helper starts, so that it inherits them.
    note_warning(warnings, font_setup_warning())
    by_elements = math.ceil(document.element_count / BAND_ELEMENTS)
    helpers = _Helpers()
    try:
        # Helpers only when the element count calls for bands, started now, while this process
        # measures the canvas (a helper takes a quarter of a second to be ready). A canvas
        # banded for its pixels alone is drawn here: its bands are quick (0.05-0.1 s for
        # 18 megapixels and a few hundred elements), and a helper would still be starting
        # when this process is done (the template: 0.25-0.29 s alone, 0.45-0.62 s with one).
        if by_elements > 1:
            helpers.start(_helper_count(workers, by_elements))
        return _png_measured(document, raster_kw, band_pixels, by_elements, warnings, workers, helpers, target)
    finally:
        helpers.kill()


@dataclass
class _Target:
    """Where the PNG goes (``out``, or memory when None) and the chunks added to it."""

    out: BinaryIO | None
    header_chunks: bytes
    trailer_chunks: bytes

    def whole(self, png: bytes) -> bytes | None:
        """A PNG drawn in one piece (with its header chunks), finished like the banded ones."""
        png = with_trailer(png, self.trailer_chunks)
        if self.out is None:
            return png
        self.out.write(png)
        return None


def _png_measured(document: RegionDocument, raster_kw: dict[str, Any], band_pixels: int, by_elements: int,
                  warnings: list[str] | None, workers: int | None, helpers: _Helpers,
                  target: _Target) -> bytes | None:
    with no_cycle_collection():
        probe = draw_svg(document.svg(_NOWHERE), warnings=warnings, rows=(0, 1), **raster_kw)
    probe.surface.finish()
    canvas_w, canvas_h = probe.width, probe.full_height
    per_unit, origin = probe.px_per_unit, probe.px_origin
    count = max(math.ceil(canvas_w * canvas_h / max(1, band_pixels)), by_elements)
    count = min(canvas_h, count + count % 2 if count > 1 else 1)
    if count <= 1 or not (per_unit > 0 and math.isfinite(per_unit) and math.isfinite(origin)):
        return target.whole(svg_to_png(document.svg(), warnings=warnings, **raster_kw))
    step = math.ceil(canvas_h / count)
    bands = [(top, min(canvas_h, top + step)) for top in range(0, canvas_h, step)]
    canvas = (canvas_w, canvas_h)

    def band_svg(band: tuple[int, int]) -> str:
        top, bottom = band
        region = (-math.inf, (top - origin - _REGION_MARGIN_PX) / per_unit,
                  math.inf, (bottom - origin + _REGION_MARGIN_PX) / per_unit)
        with no_cycle_collection():
            return document.svg(region)

    png = PngBuilder(canvas_w, canvas_h, target.out, target.header_chunks)

    def draw_all(rgba: bool) -> None:
        if helpers.processes:
            _png_with_helpers(band_svg, bands, canvas, raster_kw, helpers, png, rgba)
        else:
            _png_band_after_band(band_svg, bands, canvas, raster_kw, png, rgba)

    started = len(helpers.processes)
    try:
        draw_all(rgba=False)
    except MixedColorTypes:  # an opaque band came first, then one that is not: all again as RGBA
        helpers.kill()
        helpers.start(started)
        png.restart()
        draw_all(rgba=True)
    return png.finish(target.trailer_chunks)


def draw_band_svg(svg: str, band: tuple[int, int], canvas: tuple[int, int], rgba: bool,
                  raster_kw: dict[str, Any]) -> EncodedRows:
    """The canvas rows ``band`` (top, bottom) of the PNG, drawn from ``svg`` and deflated."""
    top, bottom = band
    with no_cycle_collection():
        raster = draw_svg(svg, rows=band, **raster_kw)
    try:
        return encode_rows(raster.surface, canvas[0], bottom - top, last=bottom == canvas[1],
                           rgba=rgba, canvas_height=canvas[1])
    finally:
        raster.surface.finish()


def _png_band_after_band(band_svg: Callable[[tuple[int, int]], str], bands: list[tuple[int, int]],
                         canvas: tuple[int, int], raster_kw: dict[str, Any], png: PngBuilder, rgba: bool) -> None:
    """``png`` grown as each band is drawn here, so only one band's rows are held apart from
    it. Once a band is not all opaque the rest are RGBA (an opaque band before it raises
    MixedColorTypes in ``png.add``)."""
    for band in bands:
        png.add(draw_band_svg(band_svg(band), band, canvas, rgba or png.color_type == 6, raster_kw))


def _helper_count(requested: int | None, bands: int) -> int:
    """Helper processes to start beside this one: one fewer than the cores (or than the
    ``requested`` workers), none inside a batch's worker, whose batch uses the cores."""
    if requested is None:
        import multiprocessing

        if multiprocessing.parent_process() is not None:
            return 0
        requested = usable_cpus()
    return max(0, min(requested, bands) - 1)


class _Helpers:
    """Helper processes drawing bands, and the one queue their replies arrive on.

    Helpers running at once in this process are at most one fewer than its cores, however
    many threads export PNGs: a server drawing in eight threads gets helpers for the first
    exports and draws the others' bands in-process, instead of starting 8 x 7 of them."""

    _slots: threading.BoundedSemaphore | None = None
    _slots_lock = threading.Lock()

    def __init__(self) -> None:
        self.processes: list[BandHelper] = []
        self.replies: queue.SimpleQueue[Reply] = queue.SimpleQueue()
        self._held = 0

    def start(self, count: int) -> None:
        """Up to ``count`` more helpers, as many as are free and can be started (none: the
        bands are then drawn here). Started afresh, they reply on a new queue, where nothing a
        killed helper sent can arrive."""
        if not self.processes:
            self.replies = queue.SimpleQueue()
        slots = self._free_slots()
        while self._held < count and slots.acquire(blocking=False):
            self._held += 1
        try:
            while len(self.processes) < self._held:
                self.processes.append(BandHelper(self.replies.put))
        except OSError:
            self.kill()

    @classmethod
    def _free_slots(cls) -> threading.BoundedSemaphore:
        with cls._slots_lock:
            if cls._slots is None:
                cls._slots = threading.BoundedSemaphore(max(1, usable_cpus() - 1))
            return cls._slots

    def kill(self) -> None:
        for helper in self.processes:
            helper.kill()
        self.processes = []
        slots, self._held = self._held, 0
        for _ in range(slots):
            self._free_slots().release()


def _png_with_helpers(band_svg: Callable[[tuple[int, int]], str], bands: list[tuple[int, int]],
                      canvas: tuple[int, int], raster_kw: dict[str, Any], helpers: _Helpers, png: PngBuilder,
                      rgba: bool) -> None:
    """``png``, its bands' SVG written here and drawn here and by ``helpers``: a band goes
    to a helper with room in its queue, else it is drawn here; so does the last band unless
    a helper is idle, as this process has nothing else left to do. Parts are added to the
    PNG in order as they come. A helper's error is the export's; bands a helper never
    answered (it died) are drawn here."""
    results: dict[int, EncodedRows] = {}
    errors: list[str] = []
    added = 0

    def add_ready() -> None:
        nonlocal added
        while True:
            try:
                index, part, error = helpers.replies.get_nowait()
            except queue.Empty:
                break
            if part is not None:
                results[index] = part
            else:
                errors.append(error or "cannot draw part of the PNG")
        while added in results:
            png.add(results.pop(added))
            added += 1

    last = len(bands) - 1
    try:
        for index, band in enumerate(bands):
            if errors:
                break
            svg = band_svg(band)
            helper = next((h for h in helpers.processes if h.has_room and (index < last or h.idle)), None)
            if helper is not None:
                helper.send((index, svg, band, canvas, rgba, raster_kw))
            else:
                results[index] = draw_band_svg(svg, band, canvas, rgba, raster_kw)
            del svg
            add_ready()
        unanswered: set[int] = set()
        for helper in helpers.processes:
            unanswered |= helper.close()
        add_ready()
        if errors:
            raise RenderError(errors[0])
        for index in sorted(unanswered):
            results[index] = draw_band_svg(band_svg(bands[index]), bands[index], canvas, rgba, raster_kw)
        add_ready()
    except BaseException:
        helpers.kill()
        raise
