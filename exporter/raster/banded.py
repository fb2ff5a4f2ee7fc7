"""Big PNGs drawn band by band, each band from the elements that reach it.

A canvas over :data:`BAND_PIXELS` is cut into horizontal bands of equal height. Each
band is drawn on its own small surface (the canvas rows it covers, at their place)
from an SVG holding only the elements whose ink may reach it
(:class:`exporter.render.svg.RegionSvg`), then deflated as one piece of the PNG's
single IDAT stream (:mod:`exporter.raster.pngencode`). So memory holds one band's
canvas and node tree at a time instead of the whole, and on a machine with more than
one core the bands are drawn by this process and forked copies of it at once.

The bands depend only on the canvas size and element count, never on the number of
cores, so the bytes are the same everywhere. A band's pixels equal the unbanded
drawing's but for a handful of anti-aliased edge pixels (about one in a million, by up
to a fifth of full scale at worst): with the band's offset subtracted, cairo rounds a
coordinate that falls between two sub-pixel steps the other way, or cuts an edge at
the band's top.
"""

from __future__ import annotations

import math
import os
import pickle
from collections.abc import Callable
from typing import Any, Protocol

from exporter.errors import RenderError
from exporter.gcpause import no_cycle_collection
from exporter.raster.budget import DEFAULT_MAX_PIXELS
from exporter.raster.png import draw_svg, svg_to_png, with_density
from exporter.raster.pngencode import EncodedRows, PngBuilder, encode_rows, png_from_rows

# Pixels a band may have (80 MB of ARGB32 canvas). Each band redraws the elements that
# cross into it, so fewer, taller bands cost less in all; their count is even so that two
# cores share the work equally.
BAND_PIXELS = 20_000_000
# Elements a band may draw, on average: a band's node tree takes ~25 KB an element.
BAND_ELEMENTS = 2_500
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
                 band_pixels: int = BAND_PIXELS, workers: int | None = None) -> bytes:
    """PNG bytes of ``document``, the same size and picture as :func:`svg_to_png` of its
    whole SVG; drawn in bands when the canvas is over ``band_pixels`` or it has more than
    :data:`BAND_ELEMENTS` elements. ``workers``: processes drawing bands at once (default:
    the usable cores, 1 inside a worker process)."""
    raster_kw: dict[str, Any] = {"scale": scale, "width": width, "dpi": dpi, "background": background,
                                 "max_pixels": max_pixels}
    with no_cycle_collection():
        probe = draw_svg(document.svg(_NOWHERE), warnings=warnings, rows=(0, 1), **raster_kw)
    probe.surface.finish()
    canvas_w, canvas_h = probe.width, probe.full_height
    per_unit, origin = probe.px_per_unit, probe.px_origin
    count = max(math.ceil(canvas_w * canvas_h / max(1, band_pixels)),
                math.ceil(document.element_count / BAND_ELEMENTS))
    count = min(canvas_h, count + count % 2 if count > 1 else 1)
    if count <= 1 or not (per_unit > 0 and math.isfinite(per_unit) and math.isfinite(origin)):
        return svg_to_png(document.svg(), warnings=warnings, **raster_kw)
    step = math.ceil(canvas_h / count)
    bands = [(top, min(canvas_h, top + step)) for top in range(0, canvas_h, step)]

    def draw_band(band: tuple[int, int], rgba: bool = False) -> EncodedRows:
        top, bottom = band
        region = (-math.inf, (top - origin - _REGION_MARGIN_PX) / per_unit,
                  math.inf, (bottom - origin + _REGION_MARGIN_PX) / per_unit)
        with no_cycle_collection():
            raster = draw_svg(document.svg(region), rows=band, **raster_kw)
        try:
            return encode_rows(raster.surface, canvas_w, bottom - top, last=bottom == canvas_h,
                               rgba=rgba, canvas_height=canvas_h)
        finally:
            raster.surface.finish()

    workers = _worker_count(workers, len(bands))
    if workers == 1:
        png = _png_band_after_band(draw_band, bands, canvas_w, canvas_h)
    else:
        parts = _map_bands(draw_band, bands, document, workers)
        if len({part.color_type for part in parts}) > 1:  # some bands all opaque, some not
            parts = [part if part.color_type == 6 else draw_band(band, rgba=True)
                     for band, part in zip(bands, parts, strict=True)]
        png = png_from_rows(canvas_w, canvas_h, parts)
    return with_density(png, dpi) if dpi is not None else png


def _png_band_after_band(draw_band: Callable[..., EncodedRows], bands: list[tuple[int, int]],
                         width: int, height: int) -> bytes:
    """The PNG grown as each band is drawn, so only one band's rows are held apart from it.
    Once a band is not all opaque the rest are RGBA; if an opaque band came first, the
    bands are drawn again as RGBA."""
    png = PngBuilder(width, height)
    for band in bands:
        part = draw_band(band, rgba=png.color_type == 6)
        if png.color_type == 2 and part.color_type == 6:
            png = PngBuilder(width, height)
            for again in bands:
                png.add(draw_band(again, rgba=True))
            break
        png.add(part)
    return png.finish()


def _worker_count(requested: int | None, bands: int) -> int:
    if not hasattr(os, "fork"):  # the copies are forked
        return 1
    if requested is not None:
        return max(1, min(requested, bands))
    import multiprocessing

    if multiprocessing.parent_process() is not None:  # a batch's worker: the batch uses the cores
        return 1
    import threading

    # A fork copies only the calling thread: a lock another thread held at that moment (in
    # fontconfig, cairo, logging) would stay locked in the copy for ever. A program that
    # runs threads (a server drawing PNGs in several) gets its bands drawn in-process.
    if threading.active_count() > 1:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, bands))


def _map_bands(draw_band: Callable[[tuple[int, int]], EncodedRows], bands: list[tuple[int, int]],
               document: RegionDocument, workers: int) -> list[EncodedRows]:
    """Each band drawn and encoded, in order. This process and ``workers - 1`` (at least
    one) forked copies of it (which share the measured export) take bands from
    one shared counter until none is left; a copy sends each band back through a pipe
    with the messages drawing added to ``document.warnings``. A band whose copy died
    is drawn here."""
    import multiprocessing
    import threading

    next_band = multiprocessing.get_context("fork").Value("i", 0)

    def take() -> int | None:
        with next_band.get_lock():
            index = next_band.value
            next_band.value = index + 1
        return index if index < len(bands) else None

    children = [_fork_band_worker(draw_band, bands, document, take) for _ in range(workers - 1)]
    results: dict[int, EncodedRows] = {}
    errors: list[str] = []

    def receive(fd: int) -> None:
        with os.fdopen(fd, "rb") as pipe:
            while True:
                try:
                    index, part, messages = pickle.load(pipe)
                except Exception:  # EOF: the copy is done (or died; its bands are drawn here)
                    return
                if part is None:
                    errors.append(messages[0])
                    continue
                results[index] = part
                for message in messages:
                    if message not in document.warnings:
                        document.warnings.append(message)

    readers = [threading.Thread(target=receive, args=(fd,), daemon=True) for _, fd in children]
    for reader in readers:
        reader.start()
    try:
        while (index := take()) is not None:
            results[index] = draw_band(bands[index])
    except BaseException:
        for pid, _ in children:
            _kill(pid)
        raise
    finally:
        for reader in readers:
            reader.join()
        for pid, _ in children:
            os.waitpid(pid, 0)
    if errors:
        raise RenderError(errors[0])
    return [results[index] if index in results else draw_band(band) for index, band in enumerate(bands)]


def _fork_band_worker(draw_band: Callable[[tuple[int, int]], EncodedRows], bands: list[tuple[int, int]],
                      document: RegionDocument, take: Callable[[], int | None]) -> tuple[int, int]:
    """(pid, read end of its pipe) of a forked copy that draws bands until none is left."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_fd)
        return pid, read_fd
    os.close(read_fd)  # the copy: it never returns from here
    code = 0
    try:
        with os.fdopen(write_fd, "wb") as pipe:
            while (index := take()) is not None:
                try:
                    reply = (index, draw_band(bands[index]), list(document.warnings))
                except Exception as exc:  # reported by the parent as its own error
                    text = str(exc) if isinstance(exc, RenderError) else f"cannot draw part of the PNG: {exc}"
                    reply = (index, None, [text])
                pickle.dump(reply, pipe, protocol=pickle.HIGHEST_PROTOCOL)
                pipe.flush()
                if reply[1] is None:
                    break
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _kill(pid: int) -> None:
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
