"""The C freedraw path (exporter/render/_freehand.c) gives the same text as the Python one.

freehand.py is the reference (its own tests hold it to perfect-freehand and to
Excalidraw's SVGs); here the C accelerator is held to freehand.py on the
goldens, on every freedraw element of the corpus and on generated strokes.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporter.render import freehand
from exporter.scene.points import PointList

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
GOLDENS = json.loads((ROOT / "tests" / "data" / "freehand_goldens.json").read_text())

pytestmark = pytest.mark.skipif(freehand._C is None, reason="C accelerator not built (no compiler)")


def python_path(element: dict[str, Any]) -> str:
    return freehand.svg_path_from_stroke(freehand.freedraw_outline(element))


def test_goldens_take_the_c_path_and_agree() -> None:
    cases = GOLDENS["elements"] + [c["element"] for c in GOLDENS.get("oracle") or []]
    c_paths = [freehand._c_svg_path(el) for el in cases]
    assert sum(p is not None for p in c_paths) >= len(cases) * 0.8  # fork pens stay in Python
    for el, c_path in zip(cases, c_paths, strict=True):
        if c_path is not None:
            assert c_path == python_path(el)


def test_every_corpus_freedraw_agrees() -> None:
    from exporter import load

    files = sorted((CORPUS / "json").glob("*")) + sorted((CORPUS / "obsidian").glob("*"))
    if not files:
        pytest.skip("shared corpus not available")
    compared = 0
    for path in files:
        for el in load(path).elements:
            if el.get("type") == "freedraw":
                c_path = freehand._c_svg_path(el)
                if c_path is not None:
                    assert c_path == python_path(el), f"{path.name} {el.get('id')}"
                    compared += 1
    assert compared > 2000


coordinate = st.one_of(
    st.floats(-1e4, 1e4, allow_nan=False),
    st.integers(-5000, 5000),
    st.sampled_from([0.0, -0.0, 0.005, 1e-7, 123456.789, 1e6 + 0.5]),
)
row = st.lists(coordinate, min_size=2, max_size=2)
pressure = st.one_of(st.floats(-1, 2), st.just(math.nan), st.none(), st.booleans(), st.just("x"))


@st.composite
def strokes(draw: Any) -> dict[str, Any]:
    points = draw(st.lists(row, min_size=0, max_size=60))
    if draw(st.booleans()) and points:  # repeated points and back-and-forth zigzags
        points = points + points[::-1] + [points[0]] * draw(st.integers(0, 3))
    el: dict[str, Any] = {
        "type": "freedraw",
        "points": points,
        "strokeWidth": draw(st.sampled_from([0.5, 1, 2, 4, 16, "6"])),
        "simulatePressure": draw(st.sampled_from([True, False, None])),
    }
    if not el["simulatePressure"]:
        el["pressures"] = draw(st.lists(pressure, max_size=len(points) + 2))
    if draw(st.booleans()):
        el["strokeOptions"] = {"streamline": draw(st.floats(0, 1))}
    return el


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strokes())
def test_generated_strokes_agree(el: dict[str, Any]) -> None:
    c_path = freehand._c_svg_path(el)
    assert c_path is not None
    assert c_path == python_path(el)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strokes())
def test_flat_points_agree_with_their_rows(el: dict[str, Any]) -> None:
    """The C reads a PointList's doubles directly; the same text as from its rows, and as Python's."""
    flat = {**el, "points": PointList(el["points"])}
    c_path = freehand._c_svg_path(flat)
    assert c_path is not None
    assert c_path == freehand._c_svg_path(el) == python_path(flat)


extreme_coordinate = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(-1e-300, 1e-300),
    st.sampled_from([1e15, -1e15, 2.0**53, 5e-324, 1e300, -1.7976931348623157e308, 0.0]),
)
extreme_pressure = st.one_of(st.floats(allow_nan=False), st.sampled_from([1e300, -1e300, 5e-324, 0.0, 1.0]))


@st.composite
def extreme_strokes(draw: Any) -> dict[str, Any]:
    """1-8 points at any magnitude (overflowing differences, x + 1 == x), repeats, wild pressures."""
    points = draw(st.lists(st.lists(extreme_coordinate, min_size=2, max_size=2), min_size=1, max_size=8))
    if draw(st.booleans()):
        points = points + [points[-1]] * draw(st.integers(1, 3))
    el: dict[str, Any] = {
        "type": "freedraw",
        "points": points,
        "strokeWidth": draw(st.sampled_from([0.1, 1, 4, 1e6])),
        "simulatePressure": draw(st.booleans()),
    }
    if not el["simulatePressure"]:
        el["pressures"] = draw(st.lists(extreme_pressure, max_size=len(points)))
    if draw(st.booleans()):
        el["strokeOptions"] = {"streamline": draw(st.floats(0, 1))}
    return el


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(extreme_strokes())
def test_extreme_strokes_agree(el: dict[str, Any]) -> None:
    c_path = freehand._c_svg_path(el)
    assert c_path is not None
    assert c_path == python_path(el)


@pytest.mark.parametrize("points", [
    [[2.0**53, 2.0**53]],  # a dot where x + 1 == x: JS divides 0 by 0
    [[1e300, 0.0], [-1.797693124862316e308, 0.0]],  # the interpolated points overflow, then NaN
    [[0.0, 0.0], [1.7976931348623157e308, 1.7976931348623157e308], [-1e308, 5.0]],
])
def test_overflowing_strokes_give_js_nan_text_in_both_paths(points: list[list[float]]) -> None:
    el = {"type": "freedraw", "points": points, "strokeWidth": 0.1, "simulatePressure": False, "pressures": []}
    assert freehand._c_svg_path(el) == python_path(el)


def test_v8_hypot_infinity_beats_nan_and_nan_beats_zero() -> None:
    assert freehand.v8_hypot(math.nan, math.inf) == math.inf
    assert freehand.v8_hypot(-math.inf, math.nan) == math.inf
    assert math.isnan(freehand.v8_hypot(0.0, math.nan))
    assert math.isnan(freehand.v8_hypot(math.nan, 0.0))
    assert freehand.v8_hypot(3.0, 4.0) == 5.0


def test_unusual_rows_go_to_python_and_hostile_values_do_not_crash() -> None:
    assert freehand._c_svg_path({"type": "freedraw", "points": [{"x": 1, "y": 2}], "simulatePressure": True}) is None
    assert freehand._c_svg_path({"type": "freedraw", "points": [[1, "2"], [3, 4]]}) is None
    assert freehand._c_svg_path({"type": "freedraw", "points": [[1]]}) is None
    for value in (math.inf, -math.inf, math.nan, 1e308, -1e308, 10**400):
        el = {"type": "freedraw", "points": [[0, 0], [value, 1], [2, value], [3, 3]], "simulatePressure": True}
        c_path = freehand._c_svg_path(el)
        if c_path is not None:  # an int too large for a float is left to Python
            assert c_path == python_path(el)


def test_fork_pens_and_constant_width_stay_in_python() -> None:
    pen = {"type": "freedraw", "points": [[0, 0], [5, 5], [9, 2]], "customData": {"strokeOptions": {
        "options": {"thinning": 0.2, "start": {"taper": 5}}}}}
    assert freehand._c_svg_path(pen) is None
    laser = {"type": "freedraw", "points": [[0, 0], [5, 5]], "strokeOptions": {"variability": "constant"}}
    assert freehand._c_svg_path(laser) is None


def test_pure_environment_variable_disables_the_accelerator() -> None:
    code = "from exporter.render import freehand; print(freehand._C is None)"
    env = {**os.environ, "EXCALIDRAW_EXPORTER_PURE": "1"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "True"
