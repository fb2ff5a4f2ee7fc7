"""The fast paths of restore and sanitize give exactly what their general Python gives:
the C ``restore_common`` (exporter/load/_lzdecode.c) against ``_restore_common_py``, and
sanitize's ``_plain_common`` against the field-by-field checks."""

import copy
import glob
import math
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import exporter.scene.limits as limits
import exporter.scene.restore as restore
from exporter.accel import accelerator
from exporter.scene.points import PointList, flat_points_py

C = accelerator("exporter.load._lzdecode")
needs_c = pytest.mark.skipif(C is None or not hasattr(C, "restore_common"), reason="C accelerator not built")

CORPUS = sorted(glob.glob("/work/shared/corpus/json/*") + glob.glob("/work/shared/corpus/obsidian/*"))

_number = st.one_of(st.integers(-10**8, 10**8), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                    st.just(1e7), st.just(-1e7), st.just(10_000_001), st.booleans(), st.just("3"), st.just(""),
                    st.none())
_value = st.one_of(_number, st.text(max_size=5), st.lists(st.text(max_size=3), max_size=3),
                   st.dictionaries(st.sampled_from(["type", "value", "id"]), _number, max_size=2))
_KEYS = ["type", "x", "y", "width", "height", "angle", "version", "versionNonce", "index", "isDeleted", "fillStyle",
         "strokeWidth", "strokeStyle", "roughness", "opacity", "strokeColor", "backgroundColor", "seed", "groupIds",
         "frameId", "roundness", "boundElements", "updated", "created", "link", "hasTextLink", "locked",
         "strokeSharpness", "boundElementIds", "customData", "id", "points"]


def _same(a, b) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


def _both(src, kind):
    """(C result, Python result); a skip or error is compared by its type and message."""
    def run(fn):
        try:
            return fn(copy.deepcopy(src), kind)
        except Exception as exc:
            return f"{type(exc).__name__}: {exc}"

    def c(s, k):
        el = C.restore_common(s, k, restore.normalize_link, restore.MAX_GROUP_DEPTH, restore.MAX_COORDINATE)
        return restore._restore_common_py(s, k) if el is None else el

    return run(c), run(restore._restore_common_py)


@needs_c
@settings(max_examples=500, deadline=None)
@given(st.dictionaries(st.sampled_from(_KEYS), _value, max_size=14),
       st.sampled_from(["rectangle", "image", "text", "line", "freedraw"]))
def test_restore_common_c_matches_python(src, kind):
    got, want = _both(src, kind)
    assert _same(got, want)


@needs_c
@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({k: st.one_of(st.integers(-10**7, 10**7), st.floats(-1e7, 1e7))
                              for k in ("x", "y", "width", "height", "angle")}),
       st.dictionaries(st.sampled_from(_KEYS[6:]), _value, max_size=8))
def test_restore_common_c_plain_numbers(numbers, rest):
    src = {**rest, **numbers}
    assert C.restore_common(copy.deepcopy(src), "rectangle", restore.normalize_link,
                            restore.MAX_GROUP_DEPTH, restore.MAX_COORDINATE) is not None or \
        "strokeSharpness" in src or "boundElementIds" in src or \
        (isinstance(src.get("groupIds"), list) and len(src["groupIds"]) > 1000)
    got, want = _both(src, "rectangle")
    assert _same(got, want)


def _stored_elements():
    import exporter.load.json_scene as json_scene
    import exporter.load.obsidian as obsidian
    from exporter.load import load

    found = []
    saved = (json_scene.restore_scene, obsidian.restore_scene)

    def capture(raw, source, release=False):
        found.extend(pickle.loads(pickle.dumps(raw.get("elements") or [])))
        return saved[0](raw, source, release=release)

    json_scene.restore_scene = obsidian.restore_scene = capture
    try:
        for path in CORPUS:
            load(path)
    finally:
        json_scene.restore_scene, obsidian.restore_scene = saved
    return found


@needs_c
@pytest.mark.skipif(not CORPUS, reason="no corpus")
def test_restore_common_c_matches_python_on_corpus():
    taken = 0
    for src in _stored_elements():
        if not isinstance(src, dict) or not isinstance(src.get("type"), str):
            continue
        got, want = _both(src, src["type"])
        assert _same(got, want), src.get("id")
        taken += C.restore_common(copy.deepcopy(src), src["type"], restore.normalize_link,
                                    restore.MAX_GROUP_DEPTH, restore.MAX_COORDINATE) is not None
    assert taken > 1000


def test_restore_elements_pure(monkeypatch):
    """Without the accelerator the Python restores alone (EXCALIDRAW_EXPORTER_PURE=1)."""
    monkeypatch.setenv("EXCALIDRAW_EXPORTER_PURE", "1")
    monkeypatch.setattr(restore, "_c_looked_up", False)
    monkeypatch.setattr(restore, "_C", None)
    out = restore.restore_elements([{"type": "rectangle", "id": "a", "x": 1, "y": 2, "width": 3, "height": 4}],
                                   lambda m: None)
    assert restore._C is None and out[0]["width"] == 3
    monkeypatch.setattr(restore, "_c_looked_up", False)
    monkeypatch.delenv("EXCALIDRAW_EXPORTER_PURE")
    restore.restore_elements([], lambda m: None)
    assert restore._C is accelerator("exporter.load._lzdecode")


# -- sanitize -------------------------------------------------------------------------------

def _sanitized(elements, plain_path: bool | str):
    """Sanitized ``elements`` with the plain path (C when built), the plain path's Python
    (``"py"``) or the general checks only (False)."""
    from exporter.scene.model import Scene

    scene = Scene(elements=copy.deepcopy(elements))
    saved = limits._plain_common
    if not plain_path:
        limits._plain_common = lambda fx, el: False
    elif plain_path == "py":
        limits._plain_common = limits._plain_common_py
    try:
        limits.sanitize_scene(scene)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    finally:
        limits._plain_common = saved
    return scene.elements, scene.warnings


_field = st.one_of(_value, st.sampled_from(["solid", "hachure", "dashed", "#fff", "url(x)", "a b", "x" * 201]))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.fixed_dictionaries(
    {"type": st.sampled_from(["rectangle", "text", "line", "freedraw", "image", "frame"]),
     "id": st.one_of(st.sampled_from(["a", "b", "c d", ""]), _value)},
    optional={k: _field for k in ["strokeWidth", "roughness", "opacity", "seed", "strokeColor", "backgroundColor",
                                  "fillStyle", "strokeStyle", "frameId", "groupIds", "boundElements", "roundness",
                                  "link", "customData", "text", "fontSize", "fontFamily"]}), max_size=4))
def test_sanitize_plain_path_matches_general(elements):
    general = _sanitized(elements, False)
    assert _same(_sanitized(elements, True), general)
    assert _same(_sanitized(elements, "py"), general)


def test_sanitize_plain_path_matches_general_on_restored():
    el = {"type": "rectangle", "id": "r1", "x": 0, "y": 0, "width": 5, "height": 5, "strokeWidth": 2,
          "roughness": 1, "opacity": 100, "seed": 3, "strokeColor": "#000", "backgroundColor": "transparent",
          "fillStyle": "solid", "strokeStyle": "solid", "frameId": None, "groupIds": ["g"],
          "boundElements": [{"type": "text", "id": "t"}], "roundness": {"type": 3}, "link": None}
    text = {**el, "id": "t", "type": "text", "text": "hi", "fontSize": 20, "fontFamily": 5, "containerId": "r1"}
    assert _same(_sanitized([el, text], True), _sanitized([el, text], False))
    assert limits._plain_common_py(limits._Fixer(None), copy.deepcopy(el))


@needs_c
@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries(
    {"strokeWidth": st.one_of(st.just(2), _number), "roughness": st.one_of(st.just(1), _number),
     "opacity": st.one_of(st.just(100), _number), "seed": st.one_of(st.just(7), _number),
     "strokeColor": st.sampled_from(["#000", "url(x)", 5]), "backgroundColor": st.sampled_from(["#000", None]),
     "fillStyle": st.sampled_from(["solid", "bogus"]), "strokeStyle": st.sampled_from(["solid", 1]),
     "id": st.sampled_from(["a", "b c", "", "x" * 201, None]), "frameId": st.sampled_from([None, "a", "", 3]),
     "groupIds": st.sampled_from([[], ["g"], ["g", "h h"], "g", None]),
     "boundElements": st.sampled_from([None, [], [{"id": "t", "type": "text"}], [{"type": "text"}], ["t"], {}]),
     "roundness": st.one_of(st.none(), st.fixed_dictionaries({"type": _number}, optional={"value": _number})),
     "link": st.sampled_from([None, "http://x", 3])}))
def test_plain_common_c_matches_python(el):
    limits.safe_color("#000", "#000")  # a known colour
    fx_c, fx_py = limits._Fixer(None), limits._Fixer(None)
    el_c, el_py = copy.deepcopy(el), copy.deepcopy(el)

    def run(fn, *args):
        try:
            return fn(*args)
        except Exception as exc:
            return type(exc).__name__

    got = run(C.plain_common, el_c, fx_c.kept, limits._safe_colors, limits.FILL_STYLES, limits.STROKE_STYLES,
              limits.MAX_STROKE_WIDTH, limits.MAX_ROUGHNESS)
    want = run(limits._plain_common_py, fx_py, el_py)
    # C also declines (False) what the Python would raise on: the general checks then decide
    assert got == want or (got is False and want == "OverflowError")
    if got is True:
        assert _same(el_c, el_py) and fx_c.kept == fx_py.kept


_coordinate = st.one_of(st.integers(-10**6, 10**6), st.integers(), st.floats(), st.booleans(), st.just("1"),
                        st.just(1e308), st.none(), st.sampled_from([2**53, 2**53 + 1, -2**53, -2**53 - 1]))
_point_rows = st.one_of(st.lists(st.lists(_coordinate, min_size=2, max_size=2), max_size=6),
                        st.lists(st.one_of(st.lists(_coordinate, max_size=3), st.tuples(_coordinate, _coordinate),
                                           st.just("ab")), max_size=6))


@needs_c
@settings(max_examples=400, deadline=None)
@given(_point_rows)
def test_flat_points_c_matches_python(points):
    assert C.flat_points(points) == flat_points_py(points)


@needs_c
@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.one_of(st.floats(allow_nan=False), st.integers(-2**53, 2**53)), min_size=2, max_size=2),
                max_size=8))
def test_points_max_abs_c_matches_python(rows):
    points = PointList(rows)
    assert C.points_max_abs(points.data) == points.max_abs()


@needs_c
def test_flat_points_c_declines_what_python_does():
    for rows in ("ab", ((1, 2),), [(1, 2)], [[1, 2], 3], [[1, 2, 3]], [[True, 0]], [[float("nan"), 0]]):
        assert C.flat_points(rows) is None and flat_points_py(rows) is None
    assert C.flat_points([]) == flat_points_py([]) == (b"", None)
