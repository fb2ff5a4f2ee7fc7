"""The document model every reader fills and every writer reads (pandoc-style AST).

A :class:`Document` is a title, the user's notes, an optional image of the
whole drawing, free body text before the first heading, and a tree of
:class:`Section` objects in reading order. Texts taken from the drawing are
stored raw (``heading``, ``Paragraph.text``); writers escape them through the
filters in :mod:`exporter.document.text` (``md_inline``, ``md_block``), so a
drawing text such as ``# x`` or ``<script>`` stays literal in every output.
See ``templates/README.md`` for the fields as template authors see them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

Bounds = tuple[float, float, float, float]  # min_x, min_y, max_x, max_y in scene units


@dataclass
class Link:
    """A link found in the drawing: a wiki link ``[[note|alias]]`` or an element link."""

    label: str
    href: str  # already safe: http(s)/mailto URL or a relative ``note.md`` path


@dataclass
class Paragraph:
    """One text of the drawing (or one line-run of it), in reading order.

    ``text`` is the raw drawing text; ``link`` is set when the whole text
    element links somewhere (``el["link"]``).
    """

    text: str
    element_id: str = ""
    link: Link | None = None
    font_size: float = 0.0


@dataclass
class Image:
    """One rendered picture of a section: ``path`` relative to the Markdown file."""

    path: str  # POSIX, relative to the output folder, percent-encoding left to writers
    file: Path  # where it was written
    width: float = 0.0  # SVG user units (CSS px)
    height: float = 0.0
    svg: str = ""  # the section's SVG (kept for PDF/HTML writers; not serialised)


@dataclass
class Section:
    """A heading of the drawing and everything that belongs to it.

    ``kind`` says why it is a section: ``"frame"``, ``"region"`` (a titled
    box or group), ``"heading"`` (a free-standing large text) or
    ``"subheading"`` (a short line at a section's left edge).
    ``level`` is the Markdown heading level (2..6; the document title is 1).
    ``element_ids`` are the elements drawn in the section's image (the box,
    everything inside it, bound texts, arrows with both ends inside).
    """

    heading: str
    level: int
    kind: str
    element_ids: list[str] = field(default_factory=list)
    bounds: Bounds | None = None
    body: list[Paragraph] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    anchor: str = ""  # unique slug for #anchors, also the image file stem
    heading_id: str = ""  # element id of the heading text ("" for frames)
    frame_id: str = ""  # the frame's element id, for frame sections
    wants_image: bool = True

    def walk(self) -> list[Section]:
        """This section and all its descendants, depth first (document order)."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


@dataclass
class Document:
    """A drawing read as a document."""

    title: str
    notes: str = ""  # Markdown the user wrote above the drawing; trusted, passed through
    body: list[Paragraph] = field(default_factory=list)  # free text before the first heading
    links: list[Link] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    overview: Image | None = None  # the whole drawing
    title_id: str = ""  # element id of the title text, "" when the title is the file name
    source: str = ""

    def walk(self) -> list[Section]:
        """All sections in document order."""
        out: list[Section] = []
        for s in self.sections:
            out.extend(s.walk())
        return out

    def outline(self) -> list[tuple[int, str]]:
        """``(level, heading)`` pairs, the title first at level 1."""
        return [(1, self.title)] + [(s.level, s.heading) for s in self.walk()]
