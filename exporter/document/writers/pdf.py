"""Document -> one vector PDF: an SVG page per section, drawn by exporter.raster.svg_to_pdf.

Each page is composed as SVG: the heading as text, the section's own SVG
nested as an ``<svg>`` element (so the drawing stays vector and its text
stays text), then the body text wrapped to the page width. Sections without
an image (sub-headings, lone headings) continue the previous page.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from exporter.document.model import Document, Image, Paragraph, Section
from exporter.document.text import clean, one_line
from exporter.render.svgtext import escape_attr, escape_text

PAGE_WIDTH = 794.0  # A4 width in CSS px
MARGIN = 48.0
BODY_SIZE = 14.0
LINE_GAP = 1.4
HEADING_SIZES = {1: 28.0, 2: 22.0, 3: 18.0, 4: 16.0, 5: 15.0, 6: 14.0}
FONT = "Helvetica, Arial, 'Liberation Sans', 'Noto Sans', 'Noto Sans CJK SC', sans-serif"
_ROOT = re.compile(r"<svg\b[^>]*>")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def _char_width(ch: str, size: float) -> float:
    if unicodedata.east_asian_width(ch) in "WF":
        return size
    if ch in "il.,;:'|!":
        return 0.3 * size
    if ch.isupper() or ch in "mwMW":
        return 0.68 * size
    return 0.52 * size


def wrap(text: str, size: float, width: float) -> list[str]:
    """Lines of ``text`` no wider than ``width`` (estimated), breaking at spaces or anywhere in CJK."""
    lines: list[str] = []
    for raw in clean(text).split("\n"):
        line, used = "", 0.0
        for token in re.findall(r"\S+\s*|\s+", raw) or [""]:
            w = sum(_char_width(c, size) for c in token)
            if used + w <= width or not line:
                if w > width:  # a word longer than the line: break it anywhere
                    for ch in token:
                        cw = _char_width(ch, size)
                        if used + cw > width and line:
                            lines.append(line.rstrip())
                            line, used = "", 0.0
                        line += ch
                        used += cw
                    continue
                line += token
                used += w
            else:
                lines.append(line.rstrip())
                line, used = token.lstrip(), sum(_char_width(c, size) for c in token.lstrip())
        lines.append(line.rstrip())
    return lines


@dataclass
class Page:
    title: str
    parts: list[str] = field(default_factory=list)
    y: float = MARGIN

    def text(self, text: str, size: float, bold: bool = False) -> None:
        for line in wrap(text, size, PAGE_WIDTH - 2 * MARGIN):
            self.y += size
            if line:
                weight = ' font-weight="bold"' if bold else ""
                self.parts.append(f'<text x="{MARGIN:g}" y="{self.y:.2f}" font-size="{size:g}"{weight} '
                                  f'font-family="{escape_attr(FONT)}" fill="#1e1e1e">{escape_text(line)}</text>')
            self.y += size * (LINE_GAP - 1)
        self.y += size * 0.5

    def image(self, image: Image) -> None:
        if not image.svg or image.width <= 0 or image.height <= 0:
            return
        room = PAGE_WIDTH - 2 * MARGIN
        scale = min(1.0, room / image.width)
        w, h = image.width * scale, image.height * scale
        x = MARGIN + (room - w) / 2
        inner = _XML_DECL.sub("", image.svg)
        m = _ROOT.search(inner)
        if m is None:
            return
        root = m.group(0)
        root = re.sub(r'\s(width|height|x|y)="[^"]*"', "", root)
        root = root[:-1] + f' x="{x:.2f}" y="{self.y:.2f}" width="{w:.2f}" height="{h:.2f}">'
        self.parts.append(inner[:m.start()] + root + inner[m.end():])
        self.y += h + BODY_SIZE

    def svg(self) -> str:
        height = self.y + MARGIN
        return (f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{PAGE_WIDTH:g}" '
                f'height="{height:.2f}" viewBox="0 0 {PAGE_WIDTH:g} {height:.2f}">'
                f'<rect x="0" y="0" width="{PAGE_WIDTH:g}" height="{height:.2f}" fill="#ffffff"/>'
                + "".join(self.parts) + "</svg>")


def _paragraphs(page: Page, body: list[Paragraph]) -> None:
    for para in body:
        text = clean(para.text).strip()
        if para.link is not None:
            text = f"{one_line(text)} <{para.link.href}>"
        if text:
            page.text(text, BODY_SIZE)


def _notes_text(notes: str) -> str:
    """The user's Markdown notes as plain lines (markers kept: they read fine as text)."""
    return clean(notes).strip()


def document_pages(doc: Document) -> tuple[list[str], list[str]]:
    """Page SVGs and their bookmark titles."""
    pages: list[Page] = []
    first = Page(title=doc.title)
    first.text(doc.title, HEADING_SIZES[1], bold=True)
    if doc.notes.strip():
        first.text(_notes_text(doc.notes), BODY_SIZE)
    if doc.overview is not None:
        first.image(doc.overview)
    _paragraphs(first, doc.body)
    pages.append(first)
    for section in doc.walk():
        page = pages[-1]
        if section.images:
            page = Page(title=section.heading)
            pages.append(page)
        _section(page, section)
    return [p.svg() for p in pages], [p.title for p in pages]


def _section(page: Page, section: Section) -> None:
    page.text(section.heading, HEADING_SIZES.get(section.level, BODY_SIZE), bold=True)
    for image in section.images:
        page.image(image)
    _paragraphs(page, section.body)
    for link in section.links:
        page.text(f"{one_line(link.label)} <{link.href}>", BODY_SIZE)


def render_pdf(doc: Document, warnings: list[str] | None = None) -> bytes:
    from exporter.raster import svg_to_pdf

    pages, titles = document_pages(doc)
    return svg_to_pdf(pages, title=doc.title, page_titles=titles, warnings=warnings)
