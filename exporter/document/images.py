"""Section images: one SVG per section, rendered once, written as PNG or SVG.

Work shared across sections: the fonts. Every section is rendered without
embedded fonts (subsetting them per section was most of the time); PNGs do
not need them (the raster stage finds fonts itself) and SVG images all get
the one ``@font-face`` block made for the whole drawing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from exporter.document.model import Document, Image, Section
from exporter.document.options import DocumentOptions
from exporter.errors import ExporterError
from exporter.scene.model import Scene

_ROOT_SIZE = re.compile(r'<svg[^>]*?\bwidth="([0-9.eE+-]+)"[^>]*?\bheight="([0-9.eE+-]+)"')
_FONT_STYLE = re.compile(r'<style class="style-fonts">.*?</style>', re.S)

Writer = Callable[[Path, bytes], None]


def svg_size(svg: str) -> tuple[float, float]:
    m = _ROOT_SIZE.search(svg[:2000])
    return (float(m.group(1)), float(m.group(2))) if m else (0.0, 0.0)


def section_svg(scene: Scene, section: Section, options: DocumentOptions, embed_fonts: bool = True) -> str | None:
    """The SVG of the part of the drawing a section covers (None when it shows nothing)."""
    from exporter.render import RenderOptions, render_svg

    if section.frame_id:
        render = RenderOptions(frame=section.frame_id, dark=options.dark, embed_fonts=embed_fonts)
    elif section.element_ids:
        render = RenderOptions(element_ids=frozenset(section.element_ids), padding=options.padding,
                               dark=options.dark, embed_fonts=embed_fonts)
    else:
        return None
    return render_svg(scene, render)


def overview_svg(scene: Scene, options: DocumentOptions, embed_fonts: bool = True) -> str:
    from exporter.render import RenderOptions, render_svg

    return render_svg(scene, RenderOptions(padding=options.padding, dark=options.dark, embed_fonts=embed_fonts))


def with_font_style(svg: str, style: str) -> str:
    """``svg`` with its (empty) font style block replaced by ``style``."""
    if not style:
        return svg
    return _FONT_STYLE.sub(lambda _m: style, svg, count=1)


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
        self.font_style = ""  # the whole drawing's @font-face block, for SVG images

    def _store(self, name: str, svg: str) -> Image:
        ext = self.options.images
        if ext == "svg":
            svg = with_font_style(svg, self.font_style)
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
        if not self.scene.elements:
            return
        svg_images = self.options.images == "svg"
        if svg_images or self.options.overview:
            overview = overview_svg(self.scene, self.options, embed_fonts=svg_images)
            m = _FONT_STYLE.search(overview)
            self.font_style = m.group(0) if m and svg_images else ""
            if self.options.overview:
                doc.overview = self._store("overview", overview)
        for section in doc.walk():
            if not section.wants_image:
                continue
            try:
                svg = section_svg(self.scene, section, self.options, embed_fonts=False)
            except ExporterError as exc:  # one unrenderable section must not sink the document
                self.warnings.append(f"section {section.heading!r}: no image ({exc.message})")
                continue
            if svg is not None:
                section.images.append(self._store(section.anchor, svg))
