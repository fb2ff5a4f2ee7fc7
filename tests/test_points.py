"""PointList (exporter/scene/points.py): the flat points of lines, arrows and freedraw.

It must read as the list of [x, y] lists it replaces, write the same JSON (ints stay
ints), and come out of the loader, in C and in Python alike."""

from __future__ import annotations

import copy
import itertools
import json
import math
import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import exporter.load.json_scene as json_scene
from exporter.load import load, load_bytes
from exporter.scene import restore
from exporter.scene.points import PointList, coordinates, flat_points_py, json_default, pairs

SCENES = Path(__file__).parent / "scenes"

_coordinate = st.one_of(st.integers(-10**7, 10**7), st.floats(-1e7, 1e7, allow_nan=False),
                        st.sampled_from([0, 0.0, -0.0, 1.0, 5, 2.5]))
_rows = st.lists(st.lists(_coordinate, min_size=2, max_size=2), max_size=12)


def _typed(value):
    """JSON's view of a number: its text (``0`` and ``0.0`` differ, so do ``0.0`` and ``-0.0``)."""
    return json.dumps(value)


# -- the sequence ---------------------------------------------------------------------------

def test_reads_as_a_list_of_pairs() -> None:
    rows = [[0, 0], [1.5, 2], [3, -4.25], [7.0, 8]]
    pts = PointList(rows)
    assert len(pts) == 4 and pts and not PointList([]) and not PointList()
    assert pts[0] == [0, 0] and pts[-1] == [7, 8] and pts[-4] == [0, 0]
    x, y = pts[2]
    assert (x, y) == (3.0, -4.25) and pts[2][0] == 3 and pts[2][1] == -4.25
    assert list(pts) == rows and pts == rows and rows == pts and pts != rows[:3] and pts != [[0, 0]] * 4
    assert pts == PointList(rows) and pts != PointList(rows[1:])
    assert pts[1:] == rows[1:] and pts[:-1] == rows[:-1] and pts[::2] == rows[::2] and pts[::-1] == rows[::-1]
    assert pts[5:9] == [] and isinstance(pts[1:3], PointList)
    assert list(reversed(pts)) == rows[::-1]
    assert [p[0] for p in pts] == [0, 1.5, 3, 7] and [*pts[1:2], *pts[-1:]] == [[1.5, 2], [7, 8]]
    assert pts.pairs() == [(0, 0), (1.5, 2), (3, -4.25), (7, 8)] and pairs(pts) == pairs(rows)
    xs, ys = coordinates(pts)
    assert list(xs) == [0, 1.5, 3, 7] and list(ys) == [0, 2, -4.25, 8]
    assert [list(c) for c in coordinates(pts)] == [list(c) for c in coordinates(rows)]
    assert pts.max_abs() == 8 and PointList().max_abs() == 0
    with pytest.raises(IndexError):
        pts[4]
    with pytest.raises(IndexError):
        pts[-5]
    with pytest.raises(TypeError):
        pts["a"]
    with pytest.raises(TypeError):
        hash(pts)
    assert repr(pts) == "PointList([[0, 0], [1.5, 2], [3, -4.25], [7.0, 8]])"


def test_items_are_new_lists_and_the_points_cannot_be_changed() -> None:
    pts = PointList([[1, 2], [3, 4]])
    first = pts[0]
    first[0] = 99
    assert pts[0] == [1, 2] and pts[0] is not pts[0]
    with pytest.raises(TypeError):
        pts[0] = [5, 5]  # type: ignore[index]
    with pytest.raises(AttributeError):
        pts.extra = 1  # type: ignore[attr-defined]
    assert copy.copy(pts) is pts and copy.deepcopy({"p": pts})["p"] is pts


def test_pickles_with_its_ints() -> None:
    pts = PointList([[0, 0.0], [-0.0, 5]])
    back = pickle.loads(pickle.dumps(pts))
    assert _typed(back.to_json()) == _typed(pts.to_json()) == "[[0, 0.0], [-0.0, 5]]"


def test_other_sequences_of_pairs_and_bad_input() -> None:
    assert PointList(((1, 2), (3.5, 4))) == [[1, 2], [3.5, 4]]
    assert PointList(iter([[1, 2]])) == [[1, 2]]
    with pytest.raises(ValueError):
        PointList([[1, 2, 3]])
    with pytest.raises(TypeError):
        PointList([[1, "2"]])
    with pytest.raises(TypeError):
        PointList([[True, 2]])
    with pytest.raises(ValueError):
        PointList.from_flat(b"123")


@settings(max_examples=300, deadline=None)
@given(_rows)
def test_json_keeps_every_number_as_it_was(rows) -> None:
    pts = PointList(rows)
    assert _typed(pts.to_json()) == _typed(rows)
    assert _typed(json.loads(json.dumps({"points": pts}, default=json_default))) == _typed({"points": rows})
    start, stop = len(rows) // 3, len(rows) - 1
    assert _typed(pts[start:stop].to_json()) == _typed(rows[start:stop])
    assert _typed(pts[::2].to_json()) == _typed(rows[::2])


def test_json_default_refuses_other_objects() -> None:
    with pytest.raises(TypeError):
        json.dumps({"x": object()}, default=json_default)


# -- restore's arithmetic on the numbers as stored ------------------------------------------

@settings(max_examples=300, deadline=None)
@given(_rows.filter(bool), _coordinate, _coordinate)
def test_translated_is_python_subtraction(rows, dx, dy) -> None:
    want = [[x - dx, y - dy] for x, y in rows]
    assert _typed(PointList(rows).translated(dx, dy).to_json()) == _typed(want)


@settings(max_examples=300, deadline=None)
@given(_rows.filter(bool))
def test_extent_is_max_minus_min_of_the_stored_numbers(rows) -> None:
    xs = [p[0] for p in rows]
    ys = [p[1] for p in rows]
    want = (max(xs) - min(xs), max(ys) - min(ys))
    got = PointList(rows).extent()
    assert _typed(got) == _typed(want)


def test_number_gives_the_stored_type() -> None:
    pts = PointList([[0, 1.0], [-0.0, 3]])
    assert [_typed(pts.number(k)) for k in range(4)] == ["0", "1.0", "-0.0", "3"]


# -- C and Python -----------------------------------------------------------------------------

def test_flat_points_py_decides_what_is_plain() -> None:
    assert flat_points_py([]) == (b"", None)
    assert flat_points_py([[1, 2]])[1] is True and flat_points_py([[1.0, 2.0]])[1] is None
    assert flat_points_py([[1, 2.0]])[1] == b"\x01\x00"
    for rows in ([[True, 1]], [[1, 2, 3]], [(1, 2)], [[1, math.inf]], [[math.nan, 0]], [[2**53 + 1, 0]],
                 [[1, "2"]], [[1, None]], "ab", ((1, 2),), [[1, 2], 3]):
        assert flat_points_py(rows) is None, rows
    assert flat_points_py([[2**53, -2**53]]) is not None


def test_restore_makes_lines_arrows_and_strokes_flat() -> None:
    scene = load(SCENES / "arrows.excalidraw")
    linear = [e for e in scene.elements if e["type"] in ("line", "arrow", "freedraw")]
    assert linear and all(type(e["points"]) is PointList for e in linear)


def _drawing(elements) -> bytes:
    return json.dumps({"type": "excalidraw", "version": 2, "elements": elements}).encode()


_STORED = [
    {"id": "l", "type": "line", "x": 1, "y": 2, "points": [[0, 0], [10, 5.5], [3.0, -2]]},
    {"id": "a", "type": "arrow", "x": 1.5, "y": 2, "points": [[2, 1], [12.5, 1], [12, 9.0]]},
    {"id": "f", "type": "freedraw", "x": 0, "y": 0, "points": [[0, 0], [1.0, 2], [-0.0, 3.25]],
     "pressures": [0.5, 1, 0.25], "simulatePressure": False},
    {"id": "d", "type": "draw", "x": 0, "y": 0, "points": [[0, 0], [4, 4]]},
]


@pytest.mark.parametrize("parser", ["orjson", "json"])
def test_loader_gives_flat_points_and_writes_the_same_json(monkeypatch, parser: str) -> None:
    """Through orjson (restore makes them flat) and through json (its object hook does)."""
    if parser == "json":
        monkeypatch.setattr(json_scene, "ORJSON_MAX_BYTES", 0)
        seen = []
        hook = json_scene.flat_element_points
        monkeypatch.setattr(json_scene, "flat_element_points", lambda obj: seen.append(obj) or hook(obj))
    scene = load_bytes(_drawing(copy.deepcopy(_STORED)), "s.excalidraw")
    if parser == "json":
        assert sum(type(o.get("points")) is PointList for o in seen) == len(_STORED)
    got = {e["id"]: e for e in scene.elements}
    assert all(type(e["points"]) is PointList for e in got.values())
    dumped = json.loads(json.dumps(scene.elements, default=json_default))
    assert [e["points"] for e in dumped] == [e["points"] for e in scene.elements]
    as_text = {e["id"]: json.dumps(e["points"], default=json_default) for e in scene.elements}
    # unmoved points are written exactly as they were stored
    assert as_text["l"] == json.dumps(_STORED[0]["points"]) and as_text["f"] == json.dumps(_STORED[2]["points"])
    assert as_text["d"] == json.dumps(_STORED[3]["points"])
    # the arrow's first point was [2, 1]: moved to [0, 0], with x/y moved and int-ness kept
    assert as_text["a"] == "[[0, 0], [10.5, 0], [10, 8.0]]"
    assert _typed([got["a"]["x"], got["a"]["y"], got["a"]["width"], got["a"]["height"]]) == "[3.5, 3, 10.5, 8.0]"
    assert _typed([got["l"]["width"], got["l"]["height"]]) == "[10, 7.5]"


def test_large_obsidian_notes_are_parsed_by_json_with_the_hook(monkeypatch) -> None:
    """A note's drawing text past ORJSON_MAX_BYTES goes to json, as a large file does."""
    monkeypatch.setattr(json_scene, "ORJSON_MAX_BYTES", 0)
    seen = []
    hook = json_scene.flat_element_points
    monkeypatch.setattr(json_scene, "flat_element_points", lambda obj: seen.append(obj) or hook(obj))
    note = "---\nexcalidraw-plugin: parsed\n---\n%%\n# Drawing\n```json\n" + _drawing(_STORED).decode() + "\n```\n%%\n"
    scene = load_bytes(note.encode(), "n.excalidraw.md")
    assert scene.kind == "obsidian/json" and sum(type(o.get("points")) is PointList for o in seen) == len(_STORED)
    assert [json.dumps(e["points"], default=json_default) for e in scene.elements if e["id"] in "lfd"] == \
        [json.dumps(e["points"]) for e in _STORED if e["id"] in "lfd"]


def _restored(src, hooked: bool):
    src = copy.deepcopy(src)
    if hooked:
        src = json_scene.flat_element_points(src)
    try:
        el = restore.restore_element(src)
    except Exception as exc:  # compare skips too
        return f"{type(exc).__name__}: {exc}"
    return json.dumps(el, default=json_default, sort_keys=True)


_point = st.one_of(st.lists(_coordinate, min_size=2, max_size=2),
                   st.lists(st.one_of(_coordinate, st.booleans(), st.none(), st.just(1e300)), max_size=3),
                   st.just([2**53 + 1, 0]), st.just([1e8, 0]))


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["line", "arrow", "freedraw"]), st.one_of(st.lists(_point, max_size=8), _rows),
       st.lists(st.one_of(st.floats(0, 1), st.none()), max_size=8), _coordinate, _coordinate)
def test_points_the_parser_made_flat_restore_as_their_rows(kind, points, pressures, x, y) -> None:
    src = {"id": "e", "type": kind, "x": x, "y": y, "width": 10, "height": 20, "points": points,
           "pressures": pressures}
    assert _restored(src, hooked=True) == _restored(src, hooked=False)


def test_c_and_python_restore_alike(monkeypatch) -> None:
    rows = [[[0, 0], [1, 2.5]], [[3, 4], [5.0, 6], [7, -0.0]], [[0, 0], [True, 1], [2, 2]], [[1e300, 0], [0, 0]]]
    srcs = [{"id": f"e{n}", "type": kind, "x": 1, "y": 2, "points": r}
            for n, (kind, r) in enumerate(itertools.product(["line", "arrow", "freedraw"], rows))]
    c_made = [_restored(s, hooked=False) for s in srcs]
    monkeypatch.setattr(restore, "_C", None)
    assert [_restored(s, hooked=False) for s in srcs] == c_made


def test_a_png_with_the_scene_embedded_keeps_every_point():
    """--embed-scene writes the PointLists back as the [x, y] lists they were read from."""
    import exporter

    elements = [
        {"type": "arrow", "id": "a", "x": 10, "y": 10, "width": 100, "height": 40, "seed": 1,
         "points": [[0, 0], [50.5, 20], [100, 40]]},
        {"type": "line", "id": "l", "x": 0, "y": 80, "width": 60, "height": 0, "seed": 2,
         "points": [[0, 0], [60, -0.0]]},
        {"type": "freedraw", "id": "f", "x": 5, "y": 120, "width": 30, "height": 10, "seed": 3,
         "points": [[0, 0], [10.25, 5], [30, 10]], "pressures": [], "simulatePressure": True},
    ]
    scene = load_bytes(json.dumps({"type": "excalidraw", "elements": elements}).encode(), "lines.excalidraw")
    again = load_bytes(exporter.render_png(scene, embed_scene=True), "embedded.png")
    before = {e["id"]: e["points"] for e in scene.elements}
    after = {e["id"]: e["points"] for e in again.elements}
    assert after == before and len(after) == 3
    assert all(type(p) is PointList for p in after.values())
    assert json.dumps(after["a"], default=json_default) == "[[0, 0], [50.5, 20], [100, 40]]"
