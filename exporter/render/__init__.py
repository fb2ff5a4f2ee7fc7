"""Scene -> SVG, as Excalidraw's ``exportToSvg`` draws it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, BinaryIO

from exporter.gcpause import no_cycle_collection
from exporter.render.options import RenderOptions

if TYPE_CHECKING:
    from exporter.scene.model import Scene

__all__ = ["render_svg", "write_svg", "region_svg", "RenderOptions"]


def render_svg(scene: Scene, options: RenderOptions | None = None) -> str:
    """The SVG document of ``scene`` (see :mod:`exporter.render.svg`)."""
    from exporter.render.svg import render_svg as _render_svg
    from exporter.scene.limits import sanitize_scene

    with no_cycle_collection():
        return _render_svg(sanitize_scene(scene), options or RenderOptions())


def write_svg(scene: Scene, options: RenderOptions | None, out: BinaryIO) -> None:
    """:func:`render_svg` streamed to a binary file (the same bytes, a fraction of the memory)."""
    from exporter.render.svg import write_svg as _write_svg
    from exporter.scene.limits import sanitize_scene

    with no_cycle_collection():
        _write_svg(sanitize_scene(scene), options or RenderOptions(), out)


def region_svg(scene: Scene, options: RenderOptions | None = None) -> Any:
    """A :class:`exporter.render.svg.RegionSvg` of ``scene``: measured once, then its SVG
    for any region of the canvas (``.svg(region)``), for drawing a big canvas in bands."""
    from exporter.render.svg import RegionSvg
    from exporter.scene.limits import sanitize_scene

    with no_cycle_collection():
        return RegionSvg(sanitize_scene(scene), options or RenderOptions())
