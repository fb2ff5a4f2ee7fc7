"""The C path reader (exporter/raster/_cairopath.c) draws exactly what cairosvg's own handler draws."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from exporter.raster import engine, svg_to_png

engine.cairosvg_module()
from cairosvg import surface as cairosvg_surface  # noqa: E402  (after the font set-up)

from exporter.raster import fastpath  # noqa: E402

pytestmark = pytest.mark.skipif(not fastpath.active(), reason="C accelerator not built (no compiler)")

PATHS = [
    "M10 10 L90 90 L10 90 Z",
    "M10 10 C40 0, 60 100, 90 90 M20 80 C30 10, 70 10, 80 80",
    "M10,10 Q50,90 90,10 50,50 10,90 L 10,10 Z",  # freedraw style: implicit Q repeats, commas
    "M1e1 1E1 L9e1 9.0e+1 L.5 50 L-0 50",
    "M10 10 L20 20 30 10 40 20",  # implicit L repeats
    "M10 10 20 20 30 10",  # implicit lines after M
    "M10.5.5 L50-2 90.25.75",  # numbers run together
    "M10 10 Z L50 50",  # Z right after a move closes nothing
    "L50 50 L90 10",  # no initial move
    "M5 95 C35 94.8, 65 95.2, 95 95",  # flat: straightened when stroked
]
FALLBACK = ["m10 10 l50 50", "M10 10 A30 30 0 0 1 90 90", "M10 10 H90 V90", "M10 10 S50 90 90 10",
            "M10 10 T90 90", "M10 10 L", "M10 10 Lx", "M10 10 Z 5 5", "M nan nan", "junk", ""]


def _png(d: str, fill: str = "none", stroke: str = "#000", width: int = 2) -> np.ndarray:
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">'
           f'<path d="{d}" fill="{fill}" stroke="{stroke}" stroke-width="{width}"></path></svg>')
    return np.asarray(Image.open(io.BytesIO(svg_to_png(svg))))


def _stock_png(monkeypatch: pytest.MonkeyPatch, d: str, **kw: object) -> np.ndarray:
    with monkeypatch.context() as m:
        from cairosvg import path as cairosvg_path

        m.setitem(cairosvg_surface.TAGS, "path", cairosvg_path.path)
        m.setattr("exporter.raster.adapt.fast_path_active", lambda: False)  # adapt straightens in Python
        return _png(d, **kw)


@pytest.mark.parametrize("d", PATHS)
@pytest.mark.parametrize("paint", [{"fill": "none"}, {"fill": "#c00", "stroke": "none"}, {"fill": "#0c0"}])
def test_same_pixels_as_cairosvg(monkeypatch: pytest.MonkeyPatch, d: str, paint: dict) -> None:
    ours = _png(d, **paint)
    assert ours.any() or paint.get("stroke") == "none"  # a fill of lines alone draws nothing
    assert np.array_equal(ours, _stock_png(monkeypatch, d, **paint))


@pytest.mark.parametrize("d", FALLBACK)
def test_other_path_data_goes_to_cairosvg(d: str) -> None:
    from exporter.raster import _cairopath

    assert _cairopath.parse(d) is None or d == ""


def test_parse_reads_numbers_like_float() -> None:
    from exporter.raster import _cairopath

    ops = _cairopath.parse("M1e1 .5 L-2.25,3e-2")
    values = np.frombuffer(ops[1:17], dtype=np.float64).tolist() + np.frombuffer(ops[18:34], dtype=np.float64).tolist()
    assert values == [10.0, 0.5, -2.25, 0.03]


def test_hostile_path_data_never_crashes() -> None:
    from exporter.raster import _cairopath

    huge = "M0 0 " + "L1e308 -1e308 " * 20000 + "Z"
    assert _png(huge).shape == (100, 100, 4)
    assert _cairopath.parse("M" + "9" * 100 + " 1") is None  # too long a number: cairosvg decides
    assert _cairopath.parse("M1 2 C3") is None
    with pytest.raises(TypeError):
        _cairopath.parse(b"M1 2")
    with pytest.raises(ValueError):
        _cairopath.draw(_cairopath.parse("M1 2"), 0, 0.0, 0.0)  # no context


def test_pure_environment_variable_keeps_cairosvg_handler() -> None:
    code = ("from exporter.raster import engine; engine.cairosvg_module(); "
            "from exporter.raster import fastpath; print(fastpath.active())")
    env = {**os.environ, "EXCALIDRAW_EXPORTER_PURE": "1"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "False"


NUMBERS = ["0", "-0", "5.", ".5", "-.25", "+3.75", "0012.50", "123456789012345678.5", "9007199254740993",
           "9007199254740992", "0.1", "0.3", "2.675", "1e-5", "1E22", "0.0000000000000000000000001",
           "-1234.5678", "999999999999999999", "4503599627370497.5"]


@pytest.mark.parametrize("text", NUMBERS)
def test_numbers_read_exactly_like_float(text: str) -> None:
    from exporter.raster import _cairopath

    ops = _cairopath.parse(f"M{text} {text}")
    if ops is None:  # too long for the reader: cairosvg reads it
        assert len(text) > 60
        return
    x, y = np.frombuffer(ops[1:17], dtype=np.float64).tolist()
    assert x == y == float(text)
    assert np.signbit(x) == np.signbit(float(text))


def test_random_decimals_read_exactly_like_float() -> None:
    from exporter.raster import _cairopath

    rng = np.random.default_rng(7)
    values = np.concatenate([rng.uniform(-1e5, 1e5, 3000), rng.uniform(-2, 2, 3000), rng.normal(0, 1e12, 1000)])
    texts = [f"{v:.{int(rng.integers(0, 12))}f}" for v in values]
    ops = _cairopath.parse("M" + " ".join(texts[: len(texts) // 2 * 2]))
    read = np.frombuffer(ops, dtype=np.uint8)
    assert read[0] == 1
    numbers = [float(t) for t in texts[: len(texts) // 2 * 2]]
    got = np.frombuffer(ops[1:17], dtype=np.float64).tolist()
    assert got == numbers[:2]
    # implicit lines after M: opcode byte + two doubles each
    step = 17
    for k in range(1, len(numbers) // 2):
        chunk = ops[k * step: (k + 1) * step]
        assert chunk[0] == 2
        assert np.frombuffer(chunk[1:], dtype=np.float64).tolist() == numbers[2 * k: 2 * k + 2]


def test_hairlines_stroked_subpath_by_subpath_in_c_as_in_python(monkeypatch: pytest.MonkeyPatch) -> None:
    from exporter.raster import surfaces

    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">'
           '<path d="M10 10 L90 12 M10 12 L90 10 Z M50 50 L60 90 C70 10, 20 20, 10 90" fill="none"'
           ' stroke="#000" stroke-width="0.4"/></svg>')
    fast = np.asarray(Image.open(io.BytesIO(svg_to_png(svg, scale=2))))
    assert fast[..., 3].any()
    try:
        with monkeypatch.context() as m:
            m.setattr(surfaces, "subpath_stroker", lambda: None)
            surfaces.hairline_context_class.cache_clear()
            surfaces.image_surface_class.cache_clear()
            slow = np.asarray(Image.open(io.BytesIO(svg_to_png(svg, scale=2))))
    finally:
        surfaces.hairline_context_class.cache_clear()
        surfaces.image_surface_class.cache_clear()
    assert np.array_equal(fast, slow)


def test_painter_arguments_are_checked() -> None:
    from exporter.raster import _cairopath

    with pytest.raises(TypeError):
        _cairopath.bind((1, 2, 3))
    with pytest.raises(ValueError):
        _cairopath.bind((0,) * 22)
    with pytest.raises(ValueError):  # no context
        _cairopath.paint_path(0, b"", False, (0, 0, 0, 1), False, 1.0, (0, 0, 0, 1), -1, -1, 4.0, False)
    with pytest.raises(ValueError):
        _cairopath.stroke_subpaths(0)
    import cairocffi

    context = cairocffi.Context(cairocffi.ImageSurface(cairocffi.FORMAT_ARGB32, 4, 4))
    address = int(cairocffi.ffi.cast("uintptr_t", context._pointer))
    with pytest.raises(ValueError):  # dashes not a whole number of doubles
        _cairopath.paint_path(address, b"", False, (0, 0, 0, 1), False, 1.0, (0, 0, 0, 1), -1, -1, 4.0, False,
                              b"\0" * 9, 0.0)
