"""The fast path of freedraw restore gives exactly what the per-point loop gives."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

import exporter.scene.restore as restore
from exporter.scene.points import PointList

_number = st.one_of(st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True),
                    st.just(1e308), st.just(-1e308), st.booleans(), st.just("3"), st.none())
_point = st.one_of(st.lists(_number, min_size=2, max_size=2), st.lists(_number, max_size=3),
                   st.tuples(_number, _number), st.just("ab"))
_good_point = st.lists(st.floats(-1e5, 1e5, allow_nan=False), min_size=2, max_size=2)


def _restore_element(src, fast_path: str, fast: bool, declined):
    """``src`` restored, with restore's ``fast_path`` function as it is or made to return ``declined``."""
    saved = getattr(restore, fast_path)
    if not fast:
        setattr(restore, fast_path, lambda *_: declined)
    try:
        return restore.restore_element(src)
    except Exception as exc:  # compare failures too
        return type(exc).__name__
    finally:
        setattr(restore, fast_path, saved)


def _restore(points, pressures, fast: bool):
    src = {"id": "f", "type": "freedraw", "x": 0, "y": 0, "width": 10, "height": 10,
           "points": points, "pressures": pressures, "simulatePressure": False}
    return _restore_element(src, "_clean_freedraw_points", fast, None)


def _same(a, b) -> bool:
    if isinstance(a, PointList) and isinstance(b, PointList):  # the numbers as stored, ints apart
        return _same(a.to_json(), b.to_json())
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.lists(_point, max_size=12), st.lists(_good_point, max_size=40)),
       st.lists(st.one_of(_number, st.floats(0, 1)), max_size=40))
def test_fast_path_matches_loop(points, pressures):
    assert _same(_restore(points, pressures, fast=True), _restore(points, pressures, fast=False))


def test_fast_path_taken_for_clean_strokes():
    points = [[float(i), i * 0.5] for i in range(500)]
    pressures = [0.5] * 400
    got = restore._clean_freedraw_points(points, pressures)
    # the stored rows become flat doubles: the parsed element is let go after restore
    assert got is not None and type(got[0]) is PointList and got[0] == points and got[1] == pressures


def test_bool_huge_and_non_finite_points_leave_the_fast_path():
    assert restore._clean_freedraw_points([[0, 0], [True, 1]], []) is None
    assert restore._clean_freedraw_points([[0, 0], [2**53 + 1, 0]], []) is None  # not exact in a double
    assert restore._clean_freedraw_points([[0, 0], [math.inf, 1]], []) is None
    assert restore._clean_freedraw_points([[0, 0], [1, 1]], [0.5, math.nan]) is None
    # finite but absurd: taken, then skipped as the loop's points would be
    assert restore._clean_freedraw_points([[0, 0], [1e308, 1e308], [1e308, 0]], []) is not None
    assert _restore([[0, 0], [1e308, 1e308], [1e308, 0]], [], fast=True) == "_SkipElement"


def _restore_linear(points, kind: str, fast: bool):
    src = {"id": "l", "type": kind, "x": 3, "y": -2, "width": 10, "height": 10, "points": points}
    return _restore_element(src, "points_from_rows", fast, None)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.lists(_point, max_size=12), st.lists(_good_point, max_size=40)),
       st.sampled_from(["line", "arrow"]))
def test_linear_fast_path_matches_loop(points, kind):
    assert _same(_restore_linear(points, kind, fast=True), _restore_linear(points, kind, fast=False))


def test_linear_points_are_made_flat():
    points = [[0, 0], [5.5, 2]]
    got = restore.restore_element({"id": "l", "type": "line", "x": 0, "y": 0, "points": points})
    assert type(got["points"]) is PointList and got["points"] == points and got["points"].to_json() == points
