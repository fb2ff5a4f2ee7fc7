"""Big PNGs drawn in bands (exporter/raster/banded.py) are the picture drawn whole.

* A band's SVG holds only the elements whose reach box meets the band
  (exporter/render/reach.py). Drawing the band from it must give exactly the pixels
  of drawing that band from the whole SVG: a box that is too small would leave a hole.
  Checked on every corpus drawing, the sample, and hypothesis-mutated real scenes,
  with small bands so that most elements cross a band edge.
* The assembled PNG decodes to the bands' pixels, and matches the drawing made in one
  piece up to a few anti-aliased pixels on band edges.
* Bands and bytes do not depend on the number of worker processes.
"""

from __future__ import annotations

import io
import json
import math
import os
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from test_fuzz_scenes import mutated_scene

import exporter
from exporter.errors import ExporterError, RenderError
from exporter.load import load_bytes
from exporter.raster import bandworker
from exporter.raster.banded import _helper_count, png_in_bands
from exporter.raster.png import draw_svg, svg_to_png
from exporter.render import region_svg
from exporter.render.options import RenderOptions

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
CORPUS_FILES = sorted(p for sub in ("json", "obsidian") for p in (CORPUS / sub).glob("*")) if CORPUS.is_dir() else []
SAMPLES = sorted((ROOT / "samples").glob("*.excalidraw*"))
# Small canvases keep the suite quick; the culling is in scene units, so the scale does not matter.
TEST_PIXELS = 800_000
BANDS = 7


def pixels(surface, height: int) -> np.ndarray:
    surface.flush()
    stride = surface.get_stride()
    return np.frombuffer(surface.get_data(), np.uint8)[:stride * height].reshape(height, stride).copy()


def band_rows(height: int, count: int) -> list[tuple[int, int]]:
    step = math.ceil(height / count)
    return [(top, min(height, top + step)) for top in range(0, height, step)]


def check_bands_complete(scene, options: RenderOptions | None = None) -> None:
    """Every band drawn from its culled SVG equals the band drawn from the whole SVG."""
    document = region_svg(scene, options or RenderOptions())
    whole = document.svg()
    probe = draw_svg(whole, max_pixels=TEST_PIXELS, rows=(0, 1))
    per_unit, origin = probe.px_per_unit, probe.px_origin
    for top, bottom in band_rows(probe.full_height, BANDS):
        region = (-math.inf, (top - origin - 2) / per_unit, math.inf, (bottom - origin + 2) / per_unit)
        culled = draw_svg(document.svg(region), max_pixels=TEST_PIXELS, rows=(top, bottom))
        full = draw_svg(whole, max_pixels=TEST_PIXELS, rows=(top, bottom))
        a, b = pixels(culled.surface, bottom - top), pixels(full.surface, bottom - top)
        diff = np.argwhere(a != b)
        assert not len(diff), f"band {top}-{bottom}: {len(diff)} bytes differ, first at row {top + diff[0][0]}"


@pytest.mark.skipif(not CORPUS_FILES, reason="../shared/corpus is not present")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_culled_bands_draw_every_element_of_the_corpus(path: Path) -> None:
    check_bands_complete(exporter.load(path))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_culled_bands_draw_every_element_of_the_samples(path: Path) -> None:
    check_bands_complete(exporter.load(path))
    check_bands_complete(exporter.load(path), RenderOptions(dark=True, padding=0, scale=2))


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_culled_bands_draw_every_element_of_mutated_scenes(data: st.DataObject) -> None:
    try:
        scene = load_bytes(json.dumps(mutated_scene(data), allow_nan=True).encode("utf-8", "surrogatepass"),
                           "fuzz.excalidraw")
        check_bands_complete(scene)
    except ExporterError:
        pass  # a clean refusal is the other allowed outcome (test_fuzz_scenes covers it)


def decode(png: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(png)) as image:
        image.load()
        return np.asarray(image.convert("RGBA"))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("transparent", [False, True])
def test_banded_png_is_the_drawing(path: Path, transparent: bool) -> None:
    scene = exporter.load(path)
    options = RenderOptions(background=not transparent)
    document = region_svg(scene, options)
    one_piece = decode(svg_to_png(document.svg(), max_pixels=TEST_PIXELS))
    banded = png_in_bands(document, max_pixels=TEST_PIXELS, band_pixels=TEST_PIXELS // BANDS, workers=1)
    in_bands = decode(banded)
    assert in_bands.shape == one_piece.shape
    diff = np.abs(in_bands.astype(int) - one_piece.astype(int))
    # Only a few anti-aliased edge pixels may differ (band offsets change cairo's rounding).
    assert diff.max() <= 32 and (diff > 0).sum() <= 0.0005 * diff.size
    # The same bytes whatever the number of processes drawing the bands.
    assert png_in_bands(document, max_pixels=TEST_PIXELS, band_pixels=TEST_PIXELS // BANDS, workers=2) == banded


@pytest.mark.parametrize("raster", [{"width": 1500}, {"dpi": 30}, {"scale": 0.2}], ids=str)
def test_banded_png_is_sized_like_the_drawing(raster: dict) -> None:
    document = region_svg(exporter.load(SAMPLES[0]), RenderOptions(padding=40))
    one_piece = decode(svg_to_png(document.svg(), **raster))
    in_bands = decode(png_in_bands(document, band_pixels=one_piece.shape[0] * one_piece.shape[1] // 6, **raster))
    assert in_bands.shape == one_piece.shape
    diff = np.abs(in_bands.astype(int) - one_piece.astype(int))
    assert diff.max() <= 32 and (diff > 0).sum() <= 0.0005 * diff.size


def test_small_canvases_are_drawn_in_one_piece() -> None:
    scene = exporter.load(SAMPLES[0])
    document = region_svg(scene, RenderOptions())
    assert png_in_bands(document, max_pixels=TEST_PIXELS) == svg_to_png(document.svg(), max_pixels=TEST_PIXELS)


@pytest.mark.parametrize("workers", [1, 2])
def test_bands_mixing_opaque_and_transparent_rows_are_one_rgba_image(workers: int, tmp_path: Path) -> None:
    """No background and no padding: a band filled by a shape is opaque, others are not."""
    elements = [{"type": "rectangle", "id": "big", "x": 0, "y": 0, "width": 400, "height": 300,
                 "backgroundColor": "#1971c2", "fillStyle": "solid", "roughness": 0, "strokeWidth": 1,
                 "seed": 1},
                {"type": "ellipse", "id": "small", "x": 100, "y": 300, "width": 60, "height": 500,
                 "backgroundColor": "transparent", "roughness": 0, "strokeWidth": 2, "seed": 2}]
    scene = load_bytes(json.dumps({"type": "excalidraw", "elements": elements}).encode(), "opaque.excalidraw")
    document = region_svg(scene, RenderOptions(background=False, padding=0))
    png = png_in_bands(document, band_pixels=40_000, workers=workers)
    with Image.open(io.BytesIO(png)) as image:
        assert image.mode == "RGBA"
    one_piece = decode(svg_to_png(document.svg()))
    assert np.abs(decode(png).astype(int) - one_piece.astype(int)).max() <= 32
    # Written to a file, the RGB start is dropped the same way.
    with open(tmp_path / "mixed.png", "w+b") as out:
        assert png_in_bands(document, band_pixels=40_000, workers=workers, out=out) is None
    assert (tmp_path / "mixed.png").read_bytes() == png


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("banded", [True, False], ids=["banded", "one piece"])
def test_a_png_written_to_a_file_is_the_png_made_in_memory(tmp_path: Path, workers: int, banded: bool) -> None:
    """Streamed as its bands come (the CLI), a PNG has the bytes it has when built in memory
    (the API), its pHYs chunk and embedded scene included."""
    from exporter.load.embed import encode_png_scene, png_scene_chunk
    from exporter.raster.cliargs import scene_json

    scene = exporter.load(SAMPLES[0])
    document = region_svg(scene, RenderOptions())
    kw = {"max_pixels": TEST_PIXELS, "band_pixels": TEST_PIXELS // BANDS if banded else 10**9, "dpi": 48,
          "workers": workers}
    trailer = png_scene_chunk(scene_json(scene))
    in_memory = png_in_bands(document, trailer_chunks=trailer, **kw)
    assert in_memory == encode_png_scene(png_in_bands(document, **kw), scene_json(scene))
    with open(tmp_path / "streamed.png", "w+b") as out:
        out.write(b"left alone")
        assert png_in_bands(document, out=out, trailer_chunks=trailer, **kw) is None
    assert (tmp_path / "streamed.png").read_bytes() == b"left alone" + in_memory
    with Image.open(io.BytesIO(in_memory)) as image:
        assert image.info["dpi"] == pytest.approx((48, 48), abs=0.01)


def test_a_png_that_fails_half_written_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from exporter.raster import banded
    from exporter.raster.cliargs import _write_drawing_png

    real, drawn = banded.draw_band_svg, []

    def fails_on_the_third(*args):
        drawn.append(1)
        if len(drawn) == 3:
            raise RenderError("cannot draw SVG: broken")
        return real(*args)

    monkeypatch.setattr(banded, "draw_band_svg", fails_on_the_third)
    monkeypatch.setattr(banded, "BAND_ELEMENTS", 1)  # every element count calls for bands
    target = tmp_path / "drawing.png"
    target.write_bytes(b"the old file")
    with pytest.raises(RenderError, match="broken"):
        _write_drawing_png(target, exporter.load(SAMPLES[0]), RenderOptions(), {"workers": 1, "max_pixels": TEST_PIXELS},
                           b"")
    assert len(drawn) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["drawing.png"] and target.read_bytes() == b"the old file"


@pytest.fixture
def elements_call_for_bands(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample's 16 elements call for bands (as 1,700 do), so helpers draw some: its
    canvas alone (banded for its pixels) is drawn in this process."""
    from exporter.raster import banded

    monkeypatch.setattr(banded, "BAND_ELEMENTS", 3)


def _banded_sample(**kw) -> bytes:
    document = region_svg(exporter.load(SAMPLES[0]), RenderOptions())
    return png_in_bands(document, max_pixels=TEST_PIXELS, band_pixels=TEST_PIXELS // BANDS, **kw)


def _helper_running(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_bands_a_helper_never_answers_are_drawn_here(monkeypatch: pytest.MonkeyPatch,
                                                     elements_call_for_bands: None) -> None:
    drawn_here = _banded_sample(workers=1)
    # Dies the moment its first band arrives.
    monkeypatch.setattr(bandworker, "helper_command",
                        lambda: _helper_running("import os, sys; sys.stdin.buffer.read(1); os._exit(3)"))
    assert _banded_sample(workers=2) == drawn_here


def test_a_helper_that_cannot_start_leaves_the_bands_to_this_process(monkeypatch: pytest.MonkeyPatch,
                                                                     elements_call_for_bands: None) -> None:
    drawn_here = _banded_sample(workers=1)
    monkeypatch.setattr(bandworker, "helper_command", lambda: [str(ROOT / "no-such-python")])
    assert _banded_sample(workers=3) == drawn_here


def test_an_application_embedding_python_draws_its_bands_itself(monkeypatch: pytest.MonkeyPatch,
                                                                elements_call_for_bands: None) -> None:
    drawn_here = _banded_sample(workers=1)
    monkeypatch.setattr(sys, "executable", "/usr/bin/uwsgi")
    assert bandworker.helper_command() == []
    assert _banded_sample(workers=2) == drawn_here


def test_an_error_in_a_helper_is_the_exports_error(monkeypatch: pytest.MonkeyPatch,
                                                   elements_call_for_bands: None) -> None:
    code = ("import sys\n"
            f"sys.path.insert(0, {str(ROOT)!r})\n"
            "from exporter.errors import RenderError\n"
            "from exporter.raster import bandworker\n"
            "def broken(*args):\n"
            "    raise RenderError('cannot draw SVG: broken')\n"
            "bandworker.serve(sys.stdin.buffer, sys.stdout.buffer, broken)\n")
    monkeypatch.setattr(bandworker, "helper_command", lambda: _helper_running(code))
    with pytest.raises(RenderError, match="cannot draw SVG: broken"):
        _banded_sample(workers=2)  # the first band always goes to the helper


def test_a_helper_whose_warm_up_fails_still_draws_its_bands(monkeypatch: pytest.MonkeyPatch,
                                                            elements_call_for_bands: None) -> None:
    """The warm-up drawing (cairo, fontconfig, fallback faces) runs before the first job; its
    failure is left for the bands to meet, and here they do not."""
    from exporter.raster import banded

    code = ("import sys\n"
            f"sys.path.insert(0, {str(ROOT)!r})\n"
            "from exporter.raster import banded, bandworker, png\n"
            "def broken(*args, **kw):\n"
            "    raise OSError('no warm-up today')\n"
            "png.draw_svg = broken\n"
            "bandworker.main()\n")
    monkeypatch.setattr(bandworker, "helper_command", lambda: _helper_running(code))
    real, drawn_here = banded.draw_band_svg, []
    monkeypatch.setattr(banded, "draw_band_svg", lambda *args: drawn_here.append(args[1]) or real(*args))
    with_helper = _banded_sample(workers=2)
    here_with_helper = len(drawn_here)
    assert with_helper == _banded_sample(workers=1)
    assert 0 < here_with_helper < len(drawn_here) - here_with_helper  # the helper drew the others


def test_a_helper_imports_nothing_from_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          elements_call_for_bands: None) -> None:
    """``python -m`` would put the working folder first on the helper's path: a folder holding
    its own ``exporter`` would then run instead of ours."""
    from exporter.raster import banded

    marker = tmp_path / "imported"
    (tmp_path / "exporter").mkdir()
    (tmp_path / "exporter" / "__init__.py").write_text(f"open({str(marker)!r}, 'w').close()\nraise SystemExit(3)\n")
    monkeypatch.chdir(tmp_path)
    real, drawn_here = banded.draw_band_svg, []
    monkeypatch.setattr(banded, "draw_band_svg", lambda *args: drawn_here.append(args[1]) or real(*args))
    with_helper = _banded_sample(workers=2)
    here_with_helper = len(drawn_here)
    assert with_helper == _banded_sample(workers=1)
    all_bands = len(drawn_here) - here_with_helper
    assert not marker.exists()
    assert 0 < here_with_helper < all_bands  # the helper drew the others


def test_a_canvas_banded_for_its_size_alone_is_drawn_without_helpers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Few elements on a big canvas: quick bands, drawn here before a helper could start."""
    from exporter.raster import banded

    started: list[object] = []
    monkeypatch.setattr(banded, "BandHelper", lambda *args: started.append(args) or pytest.fail("a helper"))
    real, drawn_here = banded.draw_band_svg, []
    monkeypatch.setattr(banded, "draw_band_svg", lambda *args: drawn_here.append(args[1]) or real(*args))
    assert _banded_sample(workers=4) == _banded_sample(workers=1)
    assert not started and len(drawn_here) == 2 * 8  # 7 bands by pixels, made even


def test_helpers_draw_bands_in_a_program_running_threads(elements_call_for_bands: None) -> None:
    """Helpers are fresh processes, not forks: another thread's locks cannot hang them."""
    import threading

    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        assert _helper_count(None, 4) >= min(4, len(os.sched_getaffinity(0))) - 1
        assert _banded_sample(workers=2) == _banded_sample(workers=1)
    finally:
        stop.set()
        other.join()


def test_a_batch_worker_draws_its_bands_alone() -> None:
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        assert pool.apply(_helper_count, (None, 8)) == 0
    assert _helper_count(3, 8) == 2 and _helper_count(3, 2) == 1 and _helper_count(1, 8) == 0


@pytest.mark.parametrize("deflate", ["zlib-ng", "zlib"])
def test_big_canvases_deflate_with_either_library(monkeypatch: pytest.MonkeyPatch, deflate: str) -> None:
    """Big canvases go through zlib-ng, or zlib where it is not installed: the same pixels."""
    from exporter.raster import pngencode

    if deflate == "zlib-ng" and pngencode._zlib_ng() is None:
        pytest.skip("zlib-ng is not installed")
    if deflate == "zlib":
        monkeypatch.setattr(pngencode, "_zlib_ng", lambda: None)
    monkeypatch.setattr(pngencode, "FAST_ABOVE_PIXELS", 10_000)  # this small canvas counts as big
    document = region_svg(exporter.load(SAMPLES[0]), RenderOptions())
    png = png_in_bands(document, max_pixels=TEST_PIXELS, band_pixels=TEST_PIXELS // 4)
    monkeypatch.setattr(pngencode, "FAST_ABOVE_PIXELS", 10**12)
    assert np.array_equal(decode(png), decode(png_in_bands(document, max_pixels=TEST_PIXELS,
                                                           band_pixels=TEST_PIXELS // 4)))


def test_a_png_written_to_a_pipe_is_whole(tmp_path: Path) -> None:
    """A stream that cannot seek (a pipe) gets the PNG built in memory, then written."""

    class Pipe(io.BytesIO):
        def seekable(self) -> bool:
            return False

        def seek(self, *args):
            raise io.UnsupportedOperation("seek")

    document = region_svg(exporter.load(SAMPLES[0]), RenderOptions())
    kw = {"max_pixels": TEST_PIXELS, "band_pixels": TEST_PIXELS // BANDS, "workers": 1}
    pipe = Pipe()
    assert png_in_bands(document, out=pipe, **kw) is None
    assert pipe.getvalue() == png_in_bands(document, **kw)


def test_helpers_running_at_once_are_one_fewer_than_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """However many threads export PNGs, a process starts no more helpers than its spare cores."""
    import threading

    from exporter.raster import banded

    monkeypatch.setattr(banded._Helpers, "_slots", threading.BoundedSemaphore(1))
    first, second, third = banded._Helpers(), banded._Helpers(), banded._Helpers()
    first.start(3)
    try:
        assert len(first.processes) == 1
        second.start(3)
        assert second.processes == []
        second.kill()
    finally:
        first.kill()
    third.start(3)
    try:
        assert len(third.processes) == 1  # the slot came back
    finally:
        third.kill()
