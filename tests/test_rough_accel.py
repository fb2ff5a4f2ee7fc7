"""The C loops of the rough.js port (exporter/rough/_roughcore.c) equal the Python ones.

The Python code is the reference (tests/test_rough.py holds it to rough.js);
here each C loop is run beside it on generated inputs, the edge cases of
``toFixed`` among them.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exporter.jsnum import fixed2
from exporter.rough import renderer, svgpath
from exporter.rough.ops import OpSet
from exporter.rough.options import Options
from exporter.rough.prng import Random

pytestmark = pytest.mark.skipif(svgpath._C is None, reason="C accelerator not built (no compiler)")

EDGE = [0.0, -0.0, 0.125, -0.125, 0.625, 1.005, 2.675, 0.1 + 0.2, 1e-9, -1e-9, -0.004, 0.005, 0.015, 99.995,
        123456.785, 1e11 + 0.125, 999999999999.99, 1e12, -1e12, 1e15, 1e21, 5e-324, math.nan, math.inf, -math.inf]
number = st.one_of(st.floats(-1e6, 1e6), st.sampled_from(EDGE), st.floats(allow_nan=True, allow_infinity=True),
                   st.integers(-10**6, 10**6).map(lambda k: k / 8), st.integers(-10**6, 10**6).map(lambda k: k / 200))


def python_path(codes: list[str], nums: list[float]) -> str:
    saved, svgpath._C = svgpath._C, None
    try:
        return svgpath.ops_to_path(OpSet("path", codes, nums), 2)
    finally:
        svgpath._C = saved


@st.composite
def opsets(draw) -> tuple[list[str], list[float]]:
    codes = draw(st.lists(st.sampled_from("MCL"), min_size=0, max_size=12))
    nums = [draw(number) for code in codes for _ in range(6 if code == "C" else 2)]
    return codes, nums


@settings(max_examples=600, deadline=None)
@given(opsets())
def test_path_text_equals_python(case: tuple[list[str], list[float]]) -> None:
    codes, nums = case
    assert svgpath.ops_to_path(OpSet("path", codes, nums), 2) == python_path(codes, nums)


def test_each_edge_number_prints_like_to_fixed() -> None:
    for v in EDGE:
        assert svgpath._C.path2(["M"], [v, v], fixed2) == f"M{fixed2(v)} {fixed2(v)}"


def test_unknown_op_letters_are_left_to_python() -> None:
    assert svgpath._C.path2(["Q"], [1.0, 2.0], fixed2) is None
    assert svgpath._C.path2(["C"], [1.0, 2.0], fixed2) is None  # too few numbers


segment = st.tuples(*[st.one_of(st.floats(-5000, 5000), st.integers(-5000, 5000))] * 4)


@settings(max_examples=300, deadline=None)
@given(st.lists(segment, max_size=8), st.integers(1, 2**31 - 1), st.sampled_from([0, 0.5, 1, 2, 3]),
       st.sampled_from([0, 1, 2, 2.5]), st.booleans(), st.booleans(), st.booleans())
def test_double_lines_equal_python(segments, seed, roughness, bowing, single, preserve, filling) -> None:
    def run(accelerated: bool) -> tuple[list[str], list[float], int]:
        o = Options({"seed": seed, "roughness": roughness, "bowing": bowing,
                               "disableMultiStroke": single, "disableMultiStrokeFill": single,
                               "preserveVertices": preserve})
        out = OpSet("path")
        saved = renderer._C
        renderer._C = saved if accelerated else None
        try:
            renderer._double_lines(segments, o, out, filling)
        finally:
            renderer._C = saved
        return out.codes, out.nums, o.rng().state

    assert run(True) == run(False)


def test_unseeded_randomizer_stays_in_python() -> None:
    rng = Random(0)
    assert not rng.seeded  # Math.random: the C loop is only for seeded generators


def test_pure_environment_variable_disables_the_accelerator() -> None:
    code = "from exporter.rough import renderer, svgpath; print(renderer._C is None and svgpath._C is None)"
    env = {**os.environ, "EXCALIDRAW_EXPORTER_PURE": "1"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "True"


coordinate = st.floats(-1e5, 1e5)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("MCL"), st.lists(coordinate, min_size=6, max_size=6)), max_size=10),
       st.sampled_from([0, 0.3, 1.5707963267948966, math.pi, -2.2]), coordinate, coordinate)
def test_curve_bounds_equal_python(ops, angle, ex, ey) -> None:
    from exporter.render import bounds

    codes = [code for code, _ in ops]
    nums = [v for code, values in ops for v in values[: 6 if code == "C" else 2]]
    rotation = (ex, ey, 3.5, -7.25, math.cos(angle), math.sin(angle), True) if angle else \
        (ex, ey, 3.5, -7.25, 1.0, 0.0, False)
    raw = OpSet("path", codes, nums).raw
    expected = bounds.ops_min_max(raw, lambda x, y: bounds.rotate(ex + x, ey + y, 3.5, -7.25, angle))
    assert svgpath._C.ops_min_max(codes, nums, rotation) == expected
    assert svgpath._C.ops_min_max(codes, nums, None) == bounds.ops_min_max(raw)


# -- hachure scan lines (scan_line_hachure._straight_hachure_lines) ------------------------------

vertex = st.one_of(st.floats(-400, 400), st.integers(-400, 400), st.sampled_from([0.49999999999999994, -0.5, 0.5, 2.5]))
polygon = st.lists(st.lists(vertex, min_size=2, max_size=2), min_size=0, max_size=9)


def _python_rows(polygons, gap, step):
    from exporter.rough.fillers import scan_line_hachure as hachure

    saved, hachure._C = hachure._C, None
    try:
        return hachure._straight_hachure_lines(polygons, gap, step)
    finally:
        hachure._C = saved


@settings(max_examples=500, deadline=None)
@given(st.lists(polygon, max_size=3), st.sampled_from([0.1, 0.5, 1, 2, 4, 7.5, 8, 10, 13.3]),
       st.sampled_from([1, 1, 1, 2, 4, 8, 0.7]))
def test_hachure_rows_equal_python(polygons, gap, step) -> None:
    from exporter.rough.fillers import scan_line_hachure as hachure

    expected = _python_rows(polygons, gap, step)
    got = hachure._C.hachure_rows(polygons, gap, step)
    assert got is not None
    assert got == expected
    assert all(type(v) is float and not (v == 0 and math.copysign(1, v) < 0) for row in got for v in row[:2])


def test_hachure_rows_of_rotated_real_shapes() -> None:
    # The polygons fillers see: rotated by hachure_lines, so long float coordinates.
    from exporter.rough.fillers import scan_line_hachure as hachure

    for w, h, angle in [(120, 80, 49), (33.3, 250.7, 139), (640, 2, 49), (5, 5, 49)]:
        square = [[0.0, 0.0], [w, 0.0], [w, h], [0.0, h]]
        hachure._rotate_points(square, angle)
        for gap, step in [(8, 1), (10, 10), (2.5, 1), (4.4, 4.4)]:
            assert hachure._C.hachure_rows([square], gap, step) == _python_rows([square], gap, step)


def test_hachure_rows_leave_hostile_input_to_python() -> None:
    from exporter.rough.fillers import scan_line_hachure as hachure

    square = [[0, 0], [10, 0], [10, 1e12], [0, 1e12]]  # 1e12 iterations: the C declines
    assert hachure._C.hachure_rows([square], 8, 1) is None
    assert hachure._C.hachure_rows([[[0, 0], [1, "2"], [3, 4]]], 8, 1) is None
    assert hachure._C.hachure_rows([[[0, 0], [2**60, 5], [3, 9]]], 8, 1) is None
    assert hachure._C.hachure_rows([[[0, 0], [math.nan, 5], [3, 9], [math.inf, 3]]], 8, 1) == \
        _python_rows([[[0, 0], [math.nan, 5], [3, 9], [math.inf, 3]]], 8, 1)
    huge = [[[0, 0], [1e300, 5], [3, 1e-300]]]  # x sums overflow: declined or equal
    rows = hachure._C.hachure_rows(huge, 8, 1)
    assert rows is None or rows == _python_rows(huge, 8, 1)


# -- Bézier flattening and simplification (curve_points) ------------------------------------------

point = st.lists(st.floats(-2000, 2000), min_size=2, max_size=2)


def _pure_curve_points(fn, *args):
    from exporter.rough import curve_points

    saved, curve_points._C = curve_points._C, None
    try:
        return fn(*args)
    finally:
        curve_points._C = saved


@settings(max_examples=400, deadline=None)
@given(st.lists(point, min_size=0, max_size=13), st.sampled_from([0.15, 1, 10, 0.5]),
       st.sampled_from([None, 0, 0.5, 1, 1.5, 4]))
def test_bezier_points_equal_python(points, tolerance, distance) -> None:
    from exporter.rough import curve_points

    def outcome(fn):
        try:
            return fn()
        except IndexError as error:  # no points to simplify: the same error both ways
            return type(error)

    expected = outcome(lambda: _pure_curve_points(curve_points.points_on_bezier_curves, [list(p) for p in points],
                                                  tolerance, distance))
    assert outcome(lambda: curve_points.points_on_bezier_curves([list(p) for p in points], tolerance, distance)) \
        == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(point, min_size=1, max_size=40), st.sampled_from([0, 0.25, 1, 3.5]))
def test_simplify_equals_python_and_keeps_the_point_objects(points, epsilon) -> None:
    from exporter.rough import curve_points

    expected = _pure_curve_points(curve_points.simplify, points, epsilon)
    got = curve_points._C.simplify_points(points, epsilon)
    assert got == expected
    assert [id(p) for p in got] == [id(p) for p in expected]


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 400), st.integers(1, 400), st.integers(0, 60), st.sampled_from([0, 1, 2]))
def test_points_on_rounded_rectangle_paths_equal_python(w, h, r, roughness) -> None:
    from exporter.rough import curve_points

    d = (f"M {r} 0 L {w - r} 0 Q {w} 0, {w} {r} L {w} {h - r} Q {w} {h}, {w - r} {h} L {r} {h} "
         f"Q 0 {h}, 0 {h - r} L 0 {r} Q 0 0, {r} 0")
    distance = (1 + roughness) / 2
    assert curve_points.points_on_path(d, 1, distance) == \
        _pure_curve_points(curve_points.points_on_path, d, 1, distance)


def test_curve_points_leave_odd_input_to_python() -> None:
    from exporter.rough import curve_points

    assert curve_points._C.flatten_beziers([[0, 0], [1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], 1) is None  # an int
    assert curve_points._C.flatten_beziers([[0.0, 0.0], [math.nan, 2.0], [3.0, 4.0], [5.0, 6.0]], 1) is None
    assert curve_points._C.flatten_beziers([[0.0, 0.0], [1e300, 2.0], [-1e300, 4.0], [5.0, 6.0]], 1e-300) is None
    assert curve_points._C.simplify_points([], 1) is None
    assert curve_points._C.simplify_points([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]], -1) is None


# -- ellipses and Catmull-Rom curves (renderer) -----------------------------------------------------


def _both_ways(fn):
    """fn() with the renderer's C loops, then without: (accelerated, pure)."""
    accelerated = fn()
    saved, renderer._C = renderer._C, None
    try:
        return accelerated, fn()
    finally:
        renderer._C = saved


@settings(max_examples=300, deadline=None)
@given(st.floats(-3000, 3000), st.floats(-3000, 3000), st.floats(0, 4000), st.floats(0, 4000),
       st.integers(1, 2**31 - 1), st.sampled_from([0, 0.5, 1, 2, 3.5]), st.sampled_from([0.95, 1, 0.5]),
       st.sampled_from(["hachure", "solid", "cross-hatch", "zigzag"]), st.booleans())
def test_ellipse_drawables_equal_python(x, y, w, h, seed, roughness, fitting, fill_style, single) -> None:
    from exporter.rough import RoughGenerator

    def run():
        d = RoughGenerator().ellipse(x, y, w, h, {"seed": seed, "roughness": roughness, "curveFitting": fitting,
                                                  "fill": "#f00", "fillStyle": fill_style,
                                                  "disableMultiStroke": single})
        return [(s.type, s.codes, s.nums) for s in d.sets], d.options.rng().state

    accelerated, pure = _both_ways(run)
    assert accelerated == pure


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.floats(-5000, 5000), st.integers(-5000, 5000)), min_size=1, max_size=12),
       st.integers(1, 2**31 - 1), st.sampled_from([0, 1, 2]), st.sampled_from([0, 0.5, -1]), st.booleans())
def test_curve_drawables_equal_python(points, seed, roughness, tightness, filled) -> None:
    from exporter.rough import RoughGenerator

    def run():
        options = {"seed": seed, "roughness": roughness, "curveTightness": tightness}
        if filled:
            options.update(fill="#0f0", fillStyle="solid")
        d = RoughGenerator().curve(points, options)
        return [(s.type, s.codes, s.nums) for s in d.sets]

    accelerated, pure = _both_ways(run)
    assert accelerated == pure


def test_ellipse_points_keep_the_core_point_objects() -> None:
    pts, core, _ = renderer._C.ellipse_points(0.3, 10.0, 20.0, 50.0, 30.0, 1.0, 0.05, 1.0, 12345)
    assert len(pts) == len(core) + 4
    assert all(a is b for a, b in zip(pts[1:-3], core, strict=True))
    assert renderer._C.ellipse_points(0.3, 0.0, 0.0, 1.0, 1.0, 1.0, math.inf, 1.0, 7) is None  # cos(inf) raises
    assert renderer._C.ellipse_points(1e-9, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 1.0, 7) is None  # too many points
    assert renderer._C.curve_nums([[0.0, 0.0], [1, 2.0], [3.0, 4.0], [5.0, 6.0]], 1.0, []) is False


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.floats(1e-2, 10), st.sampled_from([0.0, -1.0, math.nan, math.inf, 2 * math.pi, 7.0])),
       number, number, number, st.one_of(number, st.integers(-10**6, 10**6)))
def test_smooth_ellipse_points_equal_python(increment, cx, cy, rx, ry) -> None:
    o = Options({"roughness": 0, "seed": 1})

    def run():
        try:
            pts, core = renderer._compute_ellipse_points(increment, cx, cy, rx, ry, 1, 0, o)
        except ValueError as exc:  # math.cos of an infinite angle
            return type(exc)
        return repr(pts), repr(core), all(a is b for a, b in zip(pts[1:-2], core, strict=True))

    accelerated, pure = _both_ways(run)
    assert accelerated == pure


def test_smooth_ellipse_points_leave_the_rest_to_python() -> None:
    assert renderer._C.smooth_ellipse_points(math.inf, 0.0, 0.0, 1.0, 1.0) is None  # cos(inf) raises
    assert renderer._C.smooth_ellipse_points(1e-9, 0.0, 0.0, 1.0, 1.0) is None  # too many points
    pts, core = renderer._C.smooth_ellipse_points(0.5, 10.0, 20.0, 50.0, 30.0)
    assert len(pts) == len(core) + 3
    assert all(a is b for a, b in zip(pts[1:-2], core, strict=True))


# -- whole shapes: every C loop on vs all off ------------------------------------------------------


def _all_pure(fn):
    from exporter.rough import curve_points
    from exporter.rough.fillers import scan_line_hachure

    modules = (renderer, svgpath, curve_points, scan_line_hachure)
    saved = [m._C for m in modules]
    for m in modules:
        m._C = None
    try:
        return fn()
    finally:
        for m, c in zip(modules, saved, strict=True):
            m._C = c


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.floats(-300, 300), st.integers(-300, 300)), min_size=3, max_size=9),
       st.integers(1, 2**31 - 1), st.sampled_from([0, 0.5, 1, 2]),
       st.sampled_from(["hachure", "cross-hatch", "zigzag", "dashed", "zigzag-line"]),
       st.sampled_from([-1, 4, 7.5]), st.sampled_from([-41, 0, 90, 13.7]), st.booleans())
def test_filled_shapes_equal_python(points, seed, roughness, fill_style, gap, angle, curved) -> None:
    from exporter.rough import RoughGenerator

    def run():
        options = {"seed": seed, "roughness": roughness, "fill": "#00f", "fillStyle": fill_style,
                   "hachureGap": gap, "hachureAngle": angle, "strokeWidth": 2}
        gen = RoughGenerator()
        shapes = [gen.curve(points, options) if curved else gen.polygon(points, options),
                  gen.rectangle(points[0][0], points[0][1], points[1][0], points[1][1], options),
                  gen.ellipse(points[0][0], points[0][1], points[1][0], points[1][1], options)]
        return [[(s.type, s.codes, s.nums) for s in d.sets] for d in shapes], svgpath.to_paths(shapes[0], 2)

    assert run() == _all_pure(run)


def test_hachure_lines_rotate_the_polygons_like_python() -> None:
    from exporter.rough.fillers import scan_line_hachure as hachure

    def run():
        polygons = [[[0, 0], [120.5, 3], [97, 80.25], [-4, 60]], [[10.0, 10.0], [30.0, 12.0], [20.0, 40.0]]]
        lines = hachure.hachure_lines(polygons, 6, 49, 1)
        again = hachure.hachure_lines(polygons, 6, 139, 6)  # the second pass of cross-hatch
        return lines, again, polygons

    assert run() == _all_pure(run)
    assert hachure._C.hachure_lines([[[0, 0], [1, "x"], [2, 2]]], 8, 49, 1, hachure._python_rows) is None
