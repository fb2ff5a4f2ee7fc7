"""JSON scenes through restore and the SVG renderer: a safe SVG or one clean ExporterError."""

from __future__ import annotations

import atheris  # noqa: F401  (imported first: common instruments the exporter)
from common import check_svg, main

from exporter.errors import ExporterError
from exporter.load import load_bytes
from exporter.render import RenderOptions, render_svg

_OPTIONS = [RenderOptions(embed_fonts=False), RenderOptions(embed_fonts=False, dark=True, embed_scene=True)]


def test_one_input(data: bytes) -> None:
    options = _OPTIONS[data[0] & 1] if data else _OPTIONS[0]
    try:
        scene = load_bytes(data[1:], "fuzz.excalidraw")
        svg = render_svg(scene, options)
    except ExporterError as exc:
        assert "\n" not in str(exc), repr(str(exc))
        return
    check_svg(svg)


if __name__ == "__main__":
    main(test_one_input)
