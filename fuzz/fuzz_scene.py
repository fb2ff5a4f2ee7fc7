"""JSON scenes through restore and the SVG renderer: a safe SVG or one clean ExporterError."""

from __future__ import annotations

import atheris  # noqa: F401  (imported first: common instruments the exporter)
from common import main, render_checked

from exporter.render import RenderOptions

_OPTIONS = [RenderOptions(embed_fonts=False), RenderOptions(embed_fonts=False, dark=True, embed_scene=True)]


def test_one_input(data: bytes) -> None:
    options = _OPTIONS[data[0] & 1] if data else _OPTIONS[0]
    render_checked(data[1:], options)


if __name__ == "__main__":
    main(test_one_input)
