"""State shared by the element renderers while one SVG is being written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from exporter.render.options import RenderOptions
from exporter.scene.model import Element, Scene


def _same_color(value: str) -> str:
    return value


def _dark_color(value: str) -> str:
    from exporter.render.colors import apply_dark_mode_filter

    return apply_dark_mode_filter(value)


@dataclass
class RenderContext:
    """What an element renderer needs besides the element itself.

    Element renderers are functions ``draw(el, ctx) -> str`` (one module per
    element type under ``exporter/render/elements/``) returning the element's
    markup. The pipeline (``exporter/render/svg.py``) wraps that markup in the
    element's ``<a href>`` and frame ``clip-path`` groups; renderers only add
    what belongs to the element itself.
    """

    scene: Scene
    options: RenderOptions
    dark: bool
    # Scene -> SVG user space: X = el.x + offset_x (Excalidraw's offX/offY).
    offset_x: float
    offset_y: float
    # appState.viewBackgroundColor as stored (outline arrowheads fill with it).
    canvas_background: str = "#ffffff"
    # Markup that goes into <defs>: ``defs_head`` before everything (image
    # symbols are prepended there by Excalidraw), ``defs`` after the frame clips.
    defs_head: list[str] = field(default_factory=list)
    defs: list[str] = field(default_factory=list)
    image_symbols: set[str] = field(default_factory=set)
    # Characters drawn per fontFamily id, for the embedded @font-face subsets.
    font_text: dict[int, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # exporter.render.bounds.Geometry of this export: element coordinates,
    # rotation centres, arrow label positions and the cached rough shafts.
    geometry: Any = None
    # Frame rendering of this export (Excalidraw's frameRendering):
    # {"enabled", "name", "outline", "clip"} booleans.
    frame_rendering: dict[str, bool] = field(
        default_factory=lambda: {"enabled": True, "name": True, "outline": True, "clip": True}
    )
    # True when one frame is exported (--frame): no rx/ry on its clip path.
    exporting_frame: bool = False

    # ``color(value)``: a colour as written to the SVG, dark-mode transformed when exporting
    # dark. A plain function rather than a method: the same object on every access (the
    # geometry's caches compare it with ``is``), and no reference back to this context, so
    # the geometry that keeps it forms no cycle that only the collector could free.
    color: Callable[[str], str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.color = _dark_color if self.dark else _same_color

    def frame_of(self, el: Element) -> Element | None:
        fid = el.get("frameId")
        if not fid:
            return None
        frame = self.scene.by_id.get(fid)
        return frame if frame is not None and frame["type"] in ("frame", "magicframe") else None

    def opacity(self, el: Element) -> float:
        """Element opacity times its frame's, as a 0..1 fraction."""
        frame = self.frame_of(el)
        frame_opacity = frame.get("opacity", 100) if frame is not None else 100
        return frame_opacity * el.get("opacity", 100) / 10000

    def use_font(self, font_id: int, text: str) -> None:
        self.font_text.setdefault(font_id, []).append(text)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)
