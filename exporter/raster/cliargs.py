"""Command-line options of the raster outputs, and writing those outputs.

The ``render`` verb calls :func:`add_raster_arguments` on its parser and
:func:`write_raster_outputs` with the parsed arguments.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exporter.errors import RenderError
from exporter.raster.atomic import write_bytes_atomic, write_stream_atomic
from exporter.raster.budget import DEFAULT_MAX_PIXELS
from exporter.raster.frames import frame_label, frame_svgs, ordered_frames
from exporter.raster.paper import ORIENTATIONS, PAPER_MM, paper_name
from exporter.scene.points import json_default

if TYPE_CHECKING:
    from exporter.render.options import RenderOptions
    from exporter.scene.model import Scene

RASTER_FORMATS = ("png", "jpg", "jpeg", "webp", "pdf")
# With --each-frame this module also writes the per-frame SVGs.
FRAME_FORMATS = (*RASTER_FORMATS, "svg")


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {text}")
    return value


def _quality(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 100:
        raise argparse.ArgumentTypeError(f"must be 1..100, got {text}")
    return value


def _page_size(text: str) -> str:
    try:
        return paper_name(text)
    except RenderError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def add_raster_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("PNG / JPEG / WebP / PDF")
    group.add_argument("--width", type=_positive_float, metavar="PX",
                       help="raster width in pixels, keeping the aspect (e.g. 1920 for slides)")
    group.add_argument("--dpi", type=_positive_float,
                       help="raster resolution: scale = DPI/96 (also written into the PNG/JPEG)")
    group.add_argument("--quality", type=_quality, default=90, help="JPEG/WebP quality 1-100 (default 90)")
    group.add_argument("--each-frame", action="store_true",
                       help="one file per frame: <stem>-<NN>-<frame name>.<ext>")
    group.add_argument("--pages", choices=("drawing", "frames"), default="drawing",
                       help="PDF pages: the whole drawing, or one page per frame")
    group.add_argument("--page-size", type=_page_size, metavar="|".join(PAPER_MM),
                       help="PDF paper size; default: each page fits its drawing")
    group.add_argument("--margin", type=float, metavar="MM",
                       help="PDF page margin in mm (default 10 on paper, 0 otherwise)")
    group.add_argument("--orientation", choices=ORIENTATIONS, default="auto",
                       help="PDF paper orientation (auto: follow the drawing)")
    group.add_argument("--max-pixels", type=int, default=DEFAULT_MAX_PIXELS, metavar="N",
                       help=f"pixel budget of a raster; larger ones are scaled down (default {DEFAULT_MAX_PIXELS:,}; 0: no budget)")


@dataclass
class RasterOutputs:
    paths: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def scene_json(scene: Scene) -> str:
    """The scene as Excalidraw JSON, for --embed-scene."""
    data: dict[str, Any] = {
        "type": "excalidraw", "version": 2, "source": "excalidraw-exporter", **(scene.raw or {}),
        "elements": scene.elements, "appState": scene.app_state, "files": scene.files,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=json_default)


def _scene_chunk(scene: Scene, warnings: list[str]) -> bytes:
    """The PNG chunk that embeds ``scene`` (--embed-scene), or none if that cannot be made."""
    try:
        from exporter.load.embed import png_scene_chunk  # type: ignore[import-not-found]
    except ImportError:
        warnings.append("png: --embed-scene is unavailable (exporter.load.embed missing); PNG written without it")
        return b""
    return png_scene_chunk(scene_json(scene))


def _write_drawing_png(path: Path, scene: Scene, options: RenderOptions, raster_kw: dict,
                       trailer_chunks: bytes) -> None:
    """The whole drawing as PNG, drawn band by band when its canvas is big and written to
    ``path`` as the bands come, so that a big PNG is never held whole."""
    from exporter.raster.banded import png_in_bands
    from exporter.render import region_svg

    document = region_svg(scene, options)
    write_stream_atomic(path, lambda out: png_in_bands(document, out=out, trailer_chunks=trailer_chunks,
                                                       **raster_kw))


def write_raster_outputs(args: argparse.Namespace, scene: Scene, stem: str, out_dir: Path,
                         formats: list[str], options: RenderOptions) -> RasterOutputs:
    """Write the raster/PDF outputs among ``formats`` for ``scene`` into ``out_dir``.

    Formats handled: png, jpg/jpeg, webp, pdf; with ``--each-frame`` also svg
    (one file per frame). Other formats are left to the caller. ``options`` are
    the SVG render options (scale, padding, background, dark...).
    """
    from exporter.render import render_svg  # type: ignore[attr-defined]

    result = RasterOutputs()
    # The drawing engines (cairosvg, PIL, fontconfig setup) load only when a raster is written:
    # the CLI imports this module for its arguments on every run, SVG-only runs included.
    from exporter.raster.bitmap import svg_to_jpeg, svg_to_webp
    from exporter.raster.pdf import svg_to_pdf
    from exporter.raster.png import svg_to_png
    from exporter.raster.pngencode import with_trailer

    each_frame = getattr(args, "each_frame", False)
    handled = FRAME_FORMATS if each_frame else RASTER_FORMATS
    wanted = [f.lower() for f in formats if f.lower() in handled]
    if not wanted:
        return result
    pages = getattr(args, "pages", "drawing")
    need_frames = each_frame or ("pdf" in wanted and pages == "frames")
    frames = frame_svgs(scene, options) if need_frames else []
    # The whole drawing's SVG, unless only a PNG is wanted: that is drawn from a RegionSvg.
    drawing = render_svg(scene, options) if not each_frame and set(wanted) - {"png"} else None
    raster_kw = {"width": getattr(args, "width", None), "dpi": getattr(args, "dpi", None),
                 "max_pixels": getattr(args, "max_pixels", DEFAULT_MAX_PIXELS), "warnings": result.warnings}
    quality = getattr(args, "quality", 90)

    def emit(name: str, data: bytes) -> None:
        path = Path(out_dir) / name
        write_bytes_atomic(path, data)
        result.paths.append(path)

    targets = [(f"{stem}-{slug}", svg) for slug, svg in frames] if each_frame else [(stem, drawing)]
    # The scene's chunk is made once, however many frame PNGs carry it.
    trailer = _scene_chunk(scene, result.warnings) if options.embed_scene and "png" in wanted else b""
    for fmt in wanted:
        if fmt == "pdf":
            continue
        for base, svg in targets:
            if fmt == "png" and each_frame:
                emit(f"{base}.png", with_trailer(svg_to_png(svg, **raster_kw), trailer))
            elif fmt == "png":
                path = Path(out_dir) / f"{base}.png"
                _write_drawing_png(path, scene, options, raster_kw, trailer)
                result.paths.append(path)
            elif fmt in ("jpg", "jpeg"):
                emit(f"{base}.{fmt}", svg_to_jpeg(svg, quality, **raster_kw))
            elif fmt == "webp":
                emit(f"{base}.webp", svg_to_webp(svg, quality, **raster_kw))
            elif fmt == "svg":
                emit(f"{base}.svg", svg.encode("utf-8"))
    if "pdf" in wanted:
        pdf_kw = {"page_size": getattr(args, "page_size", None), "margin_mm": getattr(args, "margin", None),
                  "orientation": getattr(args, "orientation", "auto"), "warnings": result.warnings}
        if pages == "frames":
            titles = [frame_label(f) for f in ordered_frames(scene)]
            emit(f"{stem}.pdf", svg_to_pdf([svg for _, svg in frames], title=stem, page_titles=titles, **pdf_kw))
        elif each_frame:
            for base, svg in targets:
                emit(f"{base}.pdf", svg_to_pdf([svg], title=base, **pdf_kw))
        else:
            emit(f"{stem}.pdf", svg_to_pdf([drawing], title=stem, **pdf_kw))
    return result
