"""Section images: one SVG per section, rendered once, written as PNG or SVG."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from exporter.document.model import Document, Image, Section
from exporter.document.options import DocumentOptions
from exporter.errors import ExporterError
from exporter.scene.model import Scene

_ROOT_SIZE = re.compile(r'<svg[^>]*?\bwidth="([0-9.eE+-]+)"[^>]*?\bheight="([0-9.eE+-]+)"')

Writer = Callable[[Path, bytes], None]


def svg_size(svg: str) -> tuple[float, float]:
    m = _ROOT_SIZE.search(svg[:2000])
    return (float(m.group(1)), float(m.group(2))) if m else (0.0, 0.0)


def section_svg(scene: Scene, section: Section, options: DocumentOptions) -> str | None:
    """The SVG of the part of the drawing a section covers (None when it shows nothing)."""
    from exporter.render import RenderOptions, render_svg

    if section.frame_id:
        render = RenderOptions(frame=section.frame_id, dark=options.dark)
    elif section.element_ids:
        render = RenderOptions(element_ids=frozenset(section.element_ids), padding=options.padding, dark=options.dark)
    else:
        return None
    return render_svg(scene, render)


def overview_svg(scene: Scene, options: DocumentOptions) -> str:
    from exporter.render import RenderOptions, render_svg

    return render_svg(scene, RenderOptions(padding=options.padding, dark=options.dark))


class ImageWriter:
    """Writes every image of a document under ``out_dir/folder`` and records them in the model."""

    def __init__(self, scene: Scene, out_dir: Path, folder: str, options: DocumentOptions, write: Writer) -> None:
        self.scene = scene
        self.out_dir = out_dir
        self.folder = folder
        self.options = options
        self.write = write
        self.written: list[Path] = []
        self.warnings: list[str] = []

    def _store(self, name: str, svg: str) -> Image:
        ext = self.options.images
        if ext == "svg":
            data = svg.encode("utf-8")
        else:
            from exporter.raster import svg_to_png

            data = svg_to_png(svg, scale=self.png_scale(svg), warnings=self.warnings)
        target = self.out_dir / self.folder / f"{name}.{ext}"
        self.write(target, data)
        self.written.append(target)
        width, height = svg_size(svg)
        return Image(path=f"{self.folder}/{name}.{ext}", file=target, width=width, height=height, svg=svg)

    def png_scale(self, svg: str) -> float:
        """The asked scale, reduced so that no side exceeds ``max_side`` pixels (a page, not a poster)."""
        width, height = svg_size(svg)
        longest = max(width, height, 1.0)
        return min(self.options.scale, self.options.max_side / longest)

    def render(self, doc: Document) -> None:
        if self.options.overview and self.scene.elements:
            doc.overview = self._store("overview", overview_svg(self.scene, self.options))
        for section in doc.walk():
            if not section.wants_image:
                continue
            try:
                svg = section_svg(self.scene, section, self.options)
            except ExporterError as exc:  # one unrenderable section must not sink the document
                self.warnings.append(f"section {section.heading!r}: no image ({exc.message})")
                continue
            if svg is not None:
                section.images.append(self._store(section.anchor, svg))
