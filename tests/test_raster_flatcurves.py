"""Stroked near-straight cubics are drawn straight, as Chromium's stroker draws them."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from exporter.raster import svg_to_png
from exporter.raster.flatcurves import cubic_in_line, straighten_stroke_path

# The right edge of elte-brainstorming's 5,240 x 3,684 rectangle (rough.js, roughness 1):
# a 3,620 px cubic bowing 6 px. Chromium (the oracle, and Excalidraw's PNG) strokes it
# as a straight line at x = 5250.4 on every row.
EDGE = "M5240.42 32 C5247.82 972.15, 5248.49 1912.37, 5240.42 3652.48"


def test_long_flat_cubic_is_a_line_and_a_bowed_one_is_not() -> None:
    assert cubic_in_line(((5240.42, 32), (5247.82, 972.15), (5248.49, 1912.37), (5240.42, 3652.48)))
    assert not cubic_in_line(((0, 0), (10, 40), (20, 40), (30, 0)))
    assert straighten_stroke_path(EDGE) == "M5240.42 32 L5240.42 3652.48"
    assert straighten_stroke_path("M0 0 C10 40, 20 40, 30 0") is None  # a real curve stays
    assert straighten_stroke_path("M0 0 Q1 1 2 2") is None  # not a rough.js path: left alone
    assert straighten_stroke_path("M0 0 C1 2") is None  # truncated: left alone


def test_png_draws_the_edge_where_chromium_does() -> None:
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="5200 0 60 3704" width="60" height="3704">'
           '<rect x="5200" y="0" width="60" height="3704" fill="#ffffff"></rect><g transform="translate(10 10)">'
           f'<path d="{EDGE}" stroke="#1e1e1e" stroke-width="2" fill="none"></path></g></svg>')
    image = np.asarray(Image.open(io.BytesIO(svg_to_png(svg))).convert("L"))
    for row in (100, 1515, 3500):
        ink = np.flatnonzero(image[row] < 250).tolist()
        assert ink == [49, 50, 51], (row, ink)  # Chromium: columns 49-51 on every row; cairo's bow reached 57


def test_fills_keep_their_curves() -> None:
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="100" height="100">'
           '<path d="M0 0 C40 1, 60 1, 100 0 L100 100 L0 100 Z" fill="#000000"></path></svg>')
    from exporter.raster.adapt import adapt_svg

    assert adapt_svg(svg) == svg
