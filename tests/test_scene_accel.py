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


# -- whole element lists: the C restore_list and plain_kind against the Python --------------

def _exact(a, b, path="") -> None:
    """``a`` and ``b`` equal with the same key order, the same types (ints apart from floats,
    the sign of zeros) and PointLists of the same doubles and int flags."""
    assert type(a) is type(b), (path, a, b)
    if isinstance(a, PointList):
        assert a.data == b.data and a._ints == b._ints, path
    elif isinstance(a, dict):
        assert list(a) == list(b), (path, list(a), list(b))
        for k in a:
            _exact(a[k], b[k], f"{path}/{k}")
    elif isinstance(a, list):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _exact(x, y, f"{path}[{i}]")
    elif isinstance(a, float):
        assert (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b)), \
            (path, a, b)
    else:
        assert a == b, (path, a, b)


def _shared(restored, sources) -> list[tuple[str, str]]:
    """Which containers of each restored element are a stored element's own objects."""
    stored = {(id(value), key) for src in sources if isinstance(src, dict) for key, value in src.items()
              if isinstance(value, (list, dict, PointList))}
    return [(el["id"], key) for el in restored for key, value in el.items() if (id(value), key) in stored]


def _restore_list(elements, pure: bool):
    """``elements`` (stored dicts, not copied: their objects can be compared) restored and
    sanitized with the C or the pure Python: (elements, warnings) or the error's text."""
    from exporter.scene.model import Scene

    with pytest.MonkeyPatch.context() as m:
        if pure:
            m.setattr(restore, "_C", None)
            m.setattr(limits, "scene_accelerator", lambda: None)
        else:
            restore.scene_accelerator()
        scene = Scene(elements=[])
        try:
            scene.elements = restore.restore_elements(list(elements), scene.warn)
            restored = copy.deepcopy(scene.elements)
            before = [dict(el) for el in scene.elements]  # the restored containers, kept alive
            shared = _shared(scene.elements, elements)
            limits.sanitize_scene(scene)
            shared += _shared(scene.elements, before)
        except Exception as exc:  # compare failures too
            return f"{type(exc).__name__}: {exc}"
    return restored, shared, scene.elements, scene.warnings


def _check_same(elements) -> None:
    got = _restore_list(copy.deepcopy(elements), False)
    want = _restore_list(copy.deepcopy(elements), True)
    if isinstance(want, str) or isinstance(got, str):
        assert got == want
        return
    # restored elements (before sanitize, which changes them), the containers kept as they are
    # (by restore from the stored element, by sanitize from the restored one), sanitized, warnings
    _exact(got[0], want[0])
    assert got[1] == want[1]
    _exact(got[2], want[2])
    assert got[3] == want[3]


def _fallbacks(elements) -> tuple[int, int]:
    """How many of ``elements`` the C restore and sanitize left to the Python."""
    calls = {"restore": 0, "fix_kind": 0}

    def counted(name, fn):
        def wrapper(*args):
            calls[name] += 1
            return fn(*args)
        return wrapper

    with pytest.MonkeyPatch.context() as m:
        m.setattr(restore, "restore_element", counted("restore", restore.restore_element))
        m.setattr(limits, "_fix_kind_py", counted("fix_kind", limits._fix_kind_py))
        _restore_list(copy.deepcopy(elements), False)
    return calls["restore"], calls["fix_kind"]


@needs_c
@pytest.mark.skipif(not CORPUS, reason="no corpus")
def test_restore_list_c_matches_python_on_corpus(monkeypatch):
    import exporter.load.json_scene as json_scene
    import exporter.load.obsidian as obsidian
    from exporter.load import load

    drawings = []
    saved = (json_scene.restore_scene, obsidian.restore_scene)

    def capture(raw, source, release=False):
        drawings.append(pickle.loads(pickle.dumps(raw.get("elements") or [])))
        return saved[0](raw, source, release=release)

    monkeypatch.setattr(json_scene, "restore_scene", capture)
    monkeypatch.setattr(obsidian, "restore_scene", capture)
    for path in CORPUS:
        load(path)
    total = restored_by_python = fixed_by_python = 0
    for elements in drawings:
        _check_same(elements)
        in_python = _fallbacks(elements)
        total += len(elements)
        restored_by_python += in_python[0]
        fixed_by_python += in_python[1]
    # the C decides the common elements (left to the Python: images, and for restore the
    # legacy strokeSharpness ones)
    assert total > 5000 and restored_by_python < total // 8 and fixed_by_python < total // 20


def _line(**fields):
    return {"id": "l", "type": "line", "x": 10, "y": 20, "width": 30, "height": 40, "seed": 1,
            "points": [[0, 0], [30, 40]], **fields}


def _arrow(**fields):
    return {**_line(), "id": "a", "type": "arrow", **fields}


def _text(**fields):
    return {"id": "t", "type": "text", "x": 1, "y": 2, "width": 50, "height": 25, "text": "hi", "fontSize": 20,
            "fontFamily": 5, "lineHeight": 1.25, **fields}


def _freedraw(**fields):
    return {"id": "f", "type": "freedraw", "x": 0, "y": 0, "width": 3, "height": 4,
            "points": [[0, 0], [1, 2], [3, 4]], "pressures": [0.5, 0.6, 0.7], **fields}


_NAN, _INF = float("nan"), float("inf")
_UNUSUAL = [
    # lines and arrows: ints and floats, points off 0,0, negative sizes, limits, arrowheads
    _line(), _line(points=[[0.0, 0.0], [30.5, 40.25]]), _line(x=1.5, points=[[2, 3], [5, 7], [-1, 0.5]]),
    _line(points=[[2.5, -3], [5, 7]]), _line(points=[[-0.0, 0.0], [1, 1]]), _line(width=-30, height=-40),
    _line(points=[[0, 0], [True, 1]]), _line(points=[[0, 0], [1, _NAN]]), _line(points=[[0, 0], [1, _INF]]),
    _line(points=[[0, 0], [2e7, 1]]), _line(points=[[0, 0], [80_000, 1]]), _line(points=[[0, 0]]),
    _line(points=[[0, 0], [1, 2, 3]]), _line(points=[(0, 0), (1, 2)]), _line(points="ab"), _line(points=None),
    _line(points=[[0, 0], [2**53 + 1, 1]]), _line(points=[[1, 1], [1, 1], [1, 1], [1, 1]]),
    _line(points=PointList([[0, 0], [5, 5]])), _line(points=PointList([[1, 2.5], [5, 5]])),
    _line(points=PointList([[0, 0], [float("nan"), 1]])), _line(x="3", y=None), _line(x=True),
    _line(x=_NAN), _line(x=1e8), _line(x=10**30), _line(type="draw"),
    _line(points=[[0, 0], [10, 0], [10, 10], [0, 0]], polygon=True),
    _line(points=[[0, 0], [10, 0], [10, 10], [0, 0.00001]], polygon=1),
    _line(points=[[0, 0], [10, 0], [10, 10], [0, 1]], polygon=True), _line(polygon="yes"),
    _line(startArrowhead="dot", endArrowhead="crowfoot_many"), _line(startArrowhead=3, endArrowhead=""),
    _line(startArrowhead="bogus"), _line(startBinding={"elementId": "r"}, endBinding=[1]),
    _arrow(), _arrow(endArrowhead=None), _arrow(startArrowhead="arrow", endArrowhead="dot"),
    _arrow(points=[[0, 0], [0.05, 0.05]]), _arrow(points=[[0, 0], [0.05, 5]]), _arrow(points=[[0, 0], ["a", 1]]),
    _arrow(elbowed=True, points=[[0, 0], [10, 0], [10, 10], [20, 10]], fixedSegments=[{"index": 1}]),
    _arrow(elbowed=True, fixedSegments=[{"index": 1}]), _arrow(elbowed=True, fixedSegments=[]),
    _arrow(elbowed=1, fixedSegments="x"), _arrow(elbowed=False, fixedSegments=[{"index": 1}]),
    _arrow(startBinding={"elementId": "t", "focus": 0.1}, endBinding={"elementId": "no such id!"}),
    _arrow(startBinding={"elementId": None}, endBinding={"focus": 1}), _arrow(startBinding="t"),
    # texts: legacy font, lineHeight from the height, clamps, wrong types
    _text(), _text(lineHeight=None), _text(lineHeight=None, text="a\nb\r\nc\rd"), _text(lineHeight=0),
    _text(lineHeight=None, height=-25), _text(lineHeight=None, height=True), _text(lineHeight=None, fontSize=True),
    _text(lineHeight=None, height=None), _text(lineHeight=None, fontSize=None, fontFamily=1),
    _text(lineHeight=None, fontFamily=3, height=0), _text(lineHeight=None, height=10**20),
    _text(lineHeight="1.5"), _text(lineHeight=200), _text(lineHeight=_NAN), _text(font="24px Virgil"),
    _text(font="oops Nope"), _text(font=5), _text(fontSize=0), _text(fontSize=-3), _text(fontSize=1e8),
    _text(fontSize="20"), _text(fontSize=20.5), _text(fontSize=10**400), _text(fontFamily=2.0),
    _text(fontFamily=True), _text(fontFamily=None), _text(fontFamily="Virgil"), _text(text=""), _text(text=5),
    _text(text=None), _text(originalText=""), _text(originalText="other"), _text(textAlign=""),
    _text(textAlign="middle"), _text(verticalAlign=7), _text(containerId="r"), _text(containerId=""),
    _text(containerId="bad id"), _text(autoResize=None), _text(autoResize=False), _text(rawText=None),
    _text(rawText="raw"), _text(labelPosition=0.5), _text(labelPosition=-0.0), _text(labelPosition=-1),
    _text(labelPosition=3), _text(labelPosition=1), _text(labelPosition=True), _text(labelPosition=_NAN),
    _text(labelPosition="0.5"), _text(labelPosition=10**400), _text(baseFontSize=16), _text(baseFontSize=0),
    _text(baseFontSize=True), _text(baseFontSize=2e7), _text(width=0, height=0), _text(height=0),
    # freedraw: pressures and strokeOptions
    _freedraw(), _freedraw(pressures=[]), _freedraw(pressures=None), _freedraw(pressures="x"),
    _freedraw(pressures=[0.5, _NAN, 0.7]), _freedraw(pressures=[0.5, True, 1]), _freedraw(pressures=[1, 2, 3, 4, 5]),
    _freedraw(pressures=[0.5, "0.6"]), _freedraw(pressures=[10**400]), _freedraw(points=[[1, 1], [2, 2]]),
    _freedraw(points=[[0, 0], [1, "2"]]), _freedraw(points=PointList([[0, 0], [1, 2]])), _freedraw(points=[]),
    _freedraw(points=[[0, 0]]), _freedraw(simulatePressure=True),
    _freedraw(strokeOptions={"variability": "constant", "streamline": 0.2}),
    _freedraw(strokeOptions={"variability": "odd", "streamline": True}),
    _freedraw(strokeOptions={"streamline": _INF}), _freedraw(strokeOptions={"streamline": 10**400}),
    _freedraw(strokeOptions=[1]),
    # the other kinds, the loop's drops and ids
    {"id": "r", "type": "rectangle", "x": 0, "y": 0, "width": 10, "height": 5, "fillStyle": "hachure"},
    {"id": "r", "type": "rectangle", "x": 0, "y": 0, "width": 10, "height": 5},
    {"id": "r", "type": "rectangle", "x": 0, "y": 0, "width": 10, "height": 5},
    {"id": "r-dup1", "type": "ellipse", "width": 1, "height": 0},
    {"id": "e", "type": "ellipse", "width": 0, "height": 0}, {"type": "diamond", "width": 3, "height": 3},
    {"id": "", "type": "diamond", "width": 3, "height": 3}, {"id": 7, "type": "diamond", "width": 3, "height": 3},
    {"id": "big", "type": "rectangle", "width": 1e6, "height": 1e6, "fillStyle": "cross-hatch", "strokeWidth": 0.5},
    {"id": "dots", "type": "ellipse", "width": 500, "height": 500, "fillStyle": "dots", "strokeWidth": 1},
    {"id": "i", "type": "image", "width": 5, "height": 5, "fileId": "file1", "status": "saved", "scale": [1, -1],
     "crop": {"x": 0}},
    {"id": "i2", "type": "image", "width": 5, "height": 5, "fileId": None, "scale": [0, 1], "crop": 3},
    {"id": "i3", "type": "image", "width": 5, "height": 5, "fileId": "bad file", "scale": "x"},
    {"id": "fr", "type": "frame", "width": 50, "height": 50, "name": "Frame 1"},
    {"id": "fr2", "type": "magicframe", "width": 50, "height": 50, "name": 3},
    {"id": "em", "type": "embeddable", "width": 50, "height": 50},
    {"id": "st", "type": "stickynote", "width": 50, "height": 50},
    {"id": "x", "type": "rectangle", "width": 5, "height": 5, "isDeleted": True},
    {"id": "x", "type": "rectangle", "width": 5, "height": 5, "isDeleted": 0},
    {"id": "s", "type": "selection", "width": 5, "height": 5}, {"id": "u", "type": "hexagon", "width": 5},
    {"id": "u2", "type": 5, "width": 5}, {"type": None}, "not an element", None, 5,
    {"id": "old", "type": "rectangle", "width": 5, "height": 5, "strokeSharpness": "round",
     "boundElementIds": ["a"]},
    {"id": "grp", "type": "rectangle", "width": 5, "height": 5, "groupIds": ["g", "h"]},
    {"id": "grp2", "type": "line", "points": [[0, 0], [1, 1]], "groupIds": ["g"], "link": "javascript:x"},
]


@needs_c
@pytest.mark.parametrize("index", range(len(_UNUSUAL)))
def test_restore_list_c_matches_python_unusual(index):
    _check_same([_UNUSUAL[index]])


@needs_c
def test_restore_list_c_matches_python_unusual_together():
    """All in one drawing: duplicate ids, the warnings' counts and order, orphan groups."""
    _check_same(_UNUSUAL)
    _check_same(_UNUSUAL[::-1])


@needs_c
def test_restore_list_c_takes_the_common_elements():
    common = [_line(), _line(id="l2", points=[[2.5, -3], [5, 7]]), _arrow(), _text(id="t2", lineHeight=None),
              _freedraw(), {"id": "r", "type": "rectangle", "width": 1, "height": 1}]
    assert _fallbacks(common) == (0, 0)


_maybe_number = st.one_of(st.integers(-50, 50), st.floats(-50, 50), st.sampled_from([0, 0.0, -0.0, 1, True, None,
                                                                                    "1", _NAN, 10**20]))
_maybe_point = st.one_of(st.lists(st.one_of(st.integers(-50, 50), st.floats(-50, 50)), min_size=2, max_size=2),
                         st.lists(_maybe_number, min_size=2, max_size=2))


@needs_c
@settings(max_examples=300, deadline=None)
@given(st.lists(st.fixed_dictionaries(
    {"type": st.sampled_from(["line", "arrow", "freedraw", "text", "rectangle", "draw"]),
     "id": st.sampled_from(["a", "b", "", None])},
    optional={"x": _maybe_number, "y": _maybe_number, "width": _maybe_number, "height": _maybe_number,
              "points": st.one_of(st.lists(_maybe_point, max_size=5), st.lists(_maybe_point, max_size=5).map(
                  lambda rows: PointList(rows) if all(type(v) in (int, float) and v == v and abs(v) < 2**53
                                                      for row in rows for v in row) else rows)),
              "pressures": st.lists(_maybe_number, max_size=5), "elbowed": st.booleans(),
              "fixedSegments": st.sampled_from([None, [], [1]]), "polygon": st.booleans(),
              "startArrowhead": st.sampled_from([None, "dot", "arrow", 3]), "endArrowhead": st.sampled_from([None, "bar"]),
              "text": st.sampled_from(["", "a", "a\nb", "a\r\n\rb", 5]), "fontSize": _maybe_number,
              "fontFamily": _maybe_number, "lineHeight": _maybe_number, "labelPosition": _maybe_number,
              "baseFontSize": _maybe_number, "isDeleted": st.booleans(), "fillStyle": st.sampled_from(["solid",
                                                                                                      "hachure", "dots"]),
              "strokeOptions": st.fixed_dictionaries({}, optional={"variability": st.sampled_from(["constant", 1]),
                                                                   "streamline": _maybe_number})}),
    max_size=4))
def test_restore_list_c_matches_python_generated(elements):
    _check_same(elements)
