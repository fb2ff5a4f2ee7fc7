"""excalidraw-exporter: Excalidraw and Obsidian Excalidraw drawings to SVG, PNG, PDF and Markdown, without a browser.

Python API (every name is imported on first use, so ``import exporter`` stays fast)::

    import exporter

    scene = exporter.load("Drawings/Architecture.excalidraw.md")   # -> Scene
    svg = exporter.render_svg(scene, padding=20, dark=True)        # -> str
    png = exporter.render_png(scene, scale=2)                      # -> bytes
    with open("big.png", "wb") as out:
        exporter.write_png(scene, out)                             # streamed, never held whole
    pdf = exporter.render_pdf(scene, frame="Intro")                # -> bytes
    doc = exporter.build_document(scene)                           # -> Document (sections model)
    paths = exporter.export("diagram.excalidraw", "out", formats=("svg", "png"), transparent=True)

``load(path, vault=None)`` reads any container (``.excalidraw`` JSON, Obsidian
``.excalidraw.md`` note, PNG/SVG with an embedded scene); ``vault`` is the
Obsidian vault root for ``[[image]]`` links (default: nearest folder holding
``.obsidian/``).

Render options (keyword arguments of ``render_*`` and ``export``): ``padding``
(px, default 10), ``scale`` (default 1), ``background`` (default True; or
``transparent=True``), ``dark`` (None: follow the drawing), ``frame`` (name or
id), ``group`` (group id), ``element_ids`` (only these elements),
``embed_scene``. Options left out follow the drawing's Obsidian front matter
(``excalidraw-export-padding``, ``-dark``, ``-transparent``, ``-pngscale``,
``-embed-scene``), as the command line does. ``render_png`` and ``write_png``
also take ``width`` (px) and ``dpi``.

``export(path, out_dir, formats=("svg",), **options)`` writes
``out_dir/<stem>.<format>`` for each format (svg, png, jpg, webp, pdf) and
returns the paths written. Errors raise :class:`exporter.errors.ExporterError`
subclasses with one-line messages.
"""

from __future__ import annotations

import dataclasses
import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    from exporter.document.model import Document
    from exporter.scene.model import Scene

__all__ = ["build_document", "export", "load", "render_pdf", "render_png", "render_svg", "write_png"]


class _CallableModule(types.ModuleType):
    """The ``exporter.load`` subpackage, callable as the API's :func:`load`."""

    def __call__(self, path: str | Path, *, vault: str | Path | None = None) -> Scene:
        return _load_scene(path, vault=vault)


class _Package(types.ModuleType):
    # Importing the subpackage exporter.load sets the attribute ``load`` of this package to
    # that module, which would hide the API function of the same name: keep the module
    # (``import exporter.load as m`` still gets it) and make it callable like the function.
    def __setattr__(self, name: str, value: Any) -> None:
        if name == "load" and isinstance(value, types.ModuleType) and type(value) is types.ModuleType:
            value.__class__ = _CallableModule
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

_RASTER_KEYS = ("width", "dpi")


def _load_scene(path: str | Path, *, vault: str | Path | None = None) -> Scene:
    from exporter.load import load as _load

    return _load(path, vault=Path(vault) if vault is not None else None)


def load(path: str | Path, *, vault: str | Path | None = None) -> Scene:
    """The restored drawing at ``path``."""
    return _load_scene(path, vault=vault)


def _options(scene: Scene, options: dict[str, Any], raster: bool = False) -> Any:
    """RenderOptions from keyword arguments, the note's front matter filling in what is left out."""
    from exporter.render.options import RenderOptions
    from exporter.vault.settings import front_number

    known = {f.name for f in dataclasses.fields(RenderOptions)}
    options = dict(options)
    if "transparent" in options:
        options["background"] = not options.pop("transparent")
    unknown = set(options) - known
    if unknown:
        raise TypeError(f"unknown render option(s): {', '.join(sorted(unknown))}")
    front = scene.front_matter or {}
    if "padding" not in options and (pad := front_number(front, "excalidraw-export-padding")) is not None:
        options["padding"] = pad
    if "background" not in options and front.get("excalidraw-export-transparent") is True:
        options["background"] = False
    if "dark" not in options and isinstance(front.get("excalidraw-export-dark"), bool):
        options["dark"] = front["excalidraw-export-dark"]
    if "embed_scene" not in options and front.get("excalidraw-export-embed-scene") is True:
        options["embed_scene"] = True
    if raster and "scale" not in options:
        scale = front_number(front, "excalidraw-export-pngscale", 0.01, 10)
        if scale:
            options["scale"] = scale
    if options.get("element_ids") is not None:
        options["element_ids"] = frozenset(options["element_ids"])
    return RenderOptions(**options)


def render_svg(scene: Scene, **options: Any) -> str:
    """The SVG document of ``scene`` as Excalidraw exports it."""
    from exporter.render import render_svg as _render_svg

    return _render_svg(scene, _options(scene, options))


def _split_raster(options: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    raster = {k: options.pop(k) for k in _RASTER_KEYS if k in options}
    return options, raster


def render_png(scene: Scene, **options: Any) -> bytes:
    """PNG bytes of ``scene`` (``width``/``dpi`` size it; ``embed_scene`` keeps the scene in it)."""
    png = _png(scene, None, options)
    assert png is not None  # built in memory
    return png


def write_png(scene: Scene, out: BinaryIO, **options: Any) -> None:
    """:func:`render_png` written to ``out`` (a seekable binary file) as the drawing's bands
    are drawn, without holding the PNG in memory (a 50,000-element drawing's is 50 MB)."""
    _png(scene, out, options)


def _png(scene: Scene, out: BinaryIO | None, options: dict[str, Any]) -> bytes | None:
    from exporter.raster.banded import png_in_bands
    from exporter.render import region_svg

    options, raster = _split_raster(dict(options))
    render_options = _options(scene, options, raster=True)
    trailer = b""
    if render_options.embed_scene:
        from exporter.load.embed import png_scene_chunk
        from exporter.raster.cliargs import scene_json

        trailer = png_scene_chunk(scene_json(scene))
    return png_in_bands(region_svg(scene, render_options), out=out, trailer_chunks=trailer, **raster)


def render_pdf(scene: Scene, **options: Any) -> bytes:
    """A one-page vector PDF of ``scene``."""
    from exporter.raster.pdf import svg_to_pdf
    from exporter.render import render_svg as _render_svg

    return svg_to_pdf([_render_svg(scene, _options(scene, options))], title=Path(scene.source).name)


def build_document(scene: Scene, stem: str | None = None) -> Document:
    """The document model (titled sections) that ``excalidraw-export doc`` writes as Markdown."""
    from exporter.cli.main import output_stem
    from exporter.document import build_document as _build

    return _build(scene, stem or output_stem(scene.source))


def export(path: str | Path, out_dir: str | Path, formats: tuple[str, ...] | list[str] = ("svg",),
           **options: Any) -> list[Path]:
    """Write ``out_dir/<stem>.<format>`` for each of ``formats``; the paths written."""
    from exporter.cli.main import output_stem
    from exporter.cli.output import ensure_out_dir, write_atomic, write_atomic_with

    scene = load(path, vault=options.pop("vault", None))
    out = ensure_out_dir(Path(out_dir))
    stem = output_stem(str(path))
    written: list[Path] = []
    for fmt in dict.fromkeys(f.lower() for f in formats):
        target = out / f"{stem}.{fmt}"
        if fmt == "svg":
            data: str | bytes = render_svg(scene, **{k: v for k, v in options.items() if k not in _RASTER_KEYS})
        elif fmt == "png":  # written as its bands are drawn, never held whole
            write_atomic_with(target, lambda file: write_png(scene, file, **options))
            written.append(target)
            continue
        elif fmt == "pdf":
            data = render_pdf(scene, **{k: v for k, v in options.items() if k not in _RASTER_KEYS})
        elif fmt in ("jpg", "jpeg", "webp"):
            from exporter.raster.bitmap import svg_to_jpeg, svg_to_webp
            from exporter.render import render_svg as _render_svg

            rest, raster = _split_raster(dict(options))
            svg = _render_svg(scene, _options(scene, rest, raster=True))
            data = svg_to_webp(svg, **raster) if fmt == "webp" else svg_to_jpeg(svg, **raster)
        else:
            raise ValueError(f"unknown format {fmt!r} (svg, png, jpg, webp, pdf)")
        write_atomic(target, data)
        written.append(target)
    return written
