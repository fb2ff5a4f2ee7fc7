"""Options of ``excalidraw-export doc``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

IMAGE_FORMATS = ("png", "svg")


@dataclass(frozen=True)
class DocumentOptions:
    images: str = "png"  # "png" | "svg": the format of section images
    template: Path | None = None  # a Jinja2 Markdown template instead of templates/document.md.j2
    html_template: Path | None = None  # ... and for the HTML page
    pdf: bool = False  # also write <stem>.pdf (vector)
    html: bool = False  # also write <stem>.html
    inline_images: bool = False  # HTML: images as data: URIs, no files needed beside it
    scale: float = 2.0  # PNG scale of section images
    dark: bool | None = None  # None: follow the drawing's theme
    padding: float = 10.0  # around each section's image, like Excalidraw's export
    max_side: int = 2400  # PNG pixels on the longest side of any image
    overview: bool = True  # an image of the whole drawing first
