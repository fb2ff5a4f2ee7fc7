"""``excalidraw-export doc``: a drawing -> Markdown (+ images, HTML, PDF) in one folder."""

from __future__ import annotations

from pathlib import Path

from exporter.document.images import ImageWriter
from exporter.document.model import Document
from exporter.document.options import IMAGE_FORMATS, DocumentOptions
from exporter.document.sections import analyse
from exporter.document.slug import safe_stem
from exporter.errors import ExporterError
from exporter.scene.model import Scene


def write_atomic(path: Path, data: bytes) -> None:
    """The CLI's atomic writer when present (exporter.cli.output), else the raster stage's."""
    try:
        from exporter.cli.output import write_atomic as cli_write  # type: ignore[attr-defined]
    except ImportError:
        cli_write = None
    if cli_write is not None:
        cli_write(path, data)
        return
    from exporter.raster.atomic import write_bytes_atomic

    write_bytes_atomic(path, data)


def build_document(scene: Scene, stem: str) -> Document:
    """The section model of ``scene`` (no files written)."""
    title = str(scene.front_matter.get("title") or "").strip() if isinstance(scene.front_matter, dict) else ""
    return analyse(scene, title or stem)


def export_document(scene: Scene, out_dir: Path, stem: str, options: DocumentOptions | None = None) -> list[Path]:
    """Write ``out_dir/<stem>.md`` and its images under ``out_dir/<stem>/`` (plus .html/.pdf when asked).

    Returns the written paths, the Markdown file first. Nothing is written
    outside ``out_dir``: the stem and every image name are sanitised.
    """
    from exporter.document.writers.markdown import render_markdown

    options = options or DocumentOptions()
    if options.images not in IMAGE_FORMATS:
        raise ExporterError(f"unknown image format {options.images!r} (use {' or '.join(IMAGE_FORMATS)})")
    out_dir = Path(out_dir)
    stem = safe_stem(stem)
    doc = build_document(scene, stem)
    images = ImageWriter(scene, out_dir, stem, options, write_atomic)
    images.render(doc)
    for message in images.warnings:
        scene.warn(message)

    markdown = render_markdown(doc, options.template)
    md_path = out_dir / f"{stem}.md"
    write_atomic(md_path, markdown.encode("utf-8"))
    written = [md_path, *images.written]

    if options.html:
        from exporter.document.writers.html import render_html

        html = render_html(doc, markdown, out_dir, options.inline_images, options.html_template)
        html_path = out_dir / f"{stem}.html"
        write_atomic(html_path, html.encode("utf-8"))
        written.append(html_path)
    if options.pdf:
        from exporter.document.writers.pdf import render_pdf

        warnings: list[str] = []
        pdf = render_pdf(doc, warnings)
        for message in warnings:
            scene.warn(message)
        pdf_path = out_dir / f"{stem}.pdf"
        write_atomic(pdf_path, pdf)
        written.append(pdf_path)
    return written
