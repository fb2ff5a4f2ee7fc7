"""The orjson fast path of parse_json_text gives exactly what json.loads gives (or falls back)."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exporter.errors import LoadError
from exporter.load import json_scene
from exporter.load.json_scene import parse_json_text

values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=5), children, max_size=5),
    max_leaves=30,
)


def _same(a: object, b: object) -> bool:
    return json.dumps(a, sort_keys=False) == json.dumps(b, sort_keys=False) and type(a) is type(b)


@settings(max_examples=500, deadline=None)
@given(values)
def test_parses_like_json(value: object) -> None:
    text = json.dumps(value, ensure_ascii=False)
    assert _same(parse_json_text(text), json.loads(text))
    text = json.dumps(value)  # \\u escapes
    assert _same(parse_json_text(text), json.loads(text))


def test_what_orjson_refuses_goes_to_json() -> None:
    assert math.isnan(parse_json_text("[NaN]")[0])
    assert parse_json_text("[1e999]") == [math.inf]
    # beyond 64 bits: the nearest float, as JSON.parse gives it (json.loads: the exact int)
    assert float(parse_json_text("[123456789012345678901234567890]")[0]) == 1.2345678901234568e29
    assert parse_json_text('{"a": 1, "a": 2}') == {"a": 2}
    assert parse_json_text('["\\ud800"]') == ["\ufffd"]  # lone surrogate escape scrubbed
    with pytest.raises(LoadError, match="invalid JSON"):
        parse_json_text("{")


def test_uses_orjson_when_installed() -> None:
    pytest.importorskip("orjson")
    assert json_scene.fast_loads('{"x": [1, 2.5]}') == {"x": [1, 2.5]}


# -- a large document's elements parsed by orjson a slice at a time ----------------------------

needs_scan = pytest.mark.skipif(json_scene.scene_accelerator() is None, reason="the C helpers are not built")
TRICKY = {  # strings holding brackets, quotes, escapes and commas; nested arrays and objects
    "type": "excalidraw", "appState": {"name": "a ] } , \" \\"},
    "elements": [
        {"type": "text", "id": "t]", "text": "[{\"x\": 1}], \\ \u00e9 \U0001F600", "x": 1.5},
        {"type": "line", "id": "l", "points": [[0, 0], [10.25, -3]], "customData": {"a": [[1, [2]], {}]}},
        {"type": "freedraw", "id": "f", "points": [[0, 0], [1, 1], [2, 1e-7]], "pressures": [0.5, 1, 0]},
        [1, 2], "not an element", None, 3.25, {},
    ] * 3,
    "files": {"x": {"dataURL": "data:image/png;base64,AAAA"}},
}


def _by_json(data: bytes) -> object:
    return json.loads(data, object_hook=json_scene.flat_element_points)


@needs_scan
@pytest.mark.parametrize("slice_bytes", [1, 60, 1 << 22])
@pytest.mark.parametrize("indent", [None, 2])
def test_slices_give_what_json_gives(slice_bytes: int, indent: int | None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_scene, "SLICE_BYTES", slice_bytes)
    for document in (TRICKY, {"elements": [{"type": "line", "points": [[0, 0], [1, 1]], "text": "]"}]}):
        data = json.dumps(document, indent=indent, ensure_ascii=indent is None).encode("utf-8")
        got, want = json_scene.parse_in_slices(data), _by_json(data)
        assert got == want and list(got) == list(want)
        assert [type(e) for e in got["elements"]] == [type(e) for e in want["elements"]]  # PointLists too


@needs_scan
def test_what_slices_cannot_take_goes_to_json() -> None:
    declined = [
        b'[{"elements": []}]', b'{"elements": {}}', b'{"a": 1}', b'{"elements": [1], "elements": [2]}',
        b'{"\\u0065lements": [1], "elements": [2]}',  # the key spelled another way
        b'{"elements": [1, NaN]}', b'{"elements": [1,]}', b'{"elements": [1 2]}', b'{"elements": [1]} x',
        b'{"elements": ["\\ud800"]}', b'{"elements": [1], "b": [}', b'{"elements": [{"a": "x]}',
        b'{"elements": [1], "files": {"f": "' + b"A" * 100 + b'"}}',  # mostly images: json keeps the peak lower
    ]
    for data in declined:
        assert json_scene.parse_in_slices(data) is json_scene.UNPARSED, data


@needs_scan
def test_a_large_document_loads_the_same_scene_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    from exporter.load import load_bytes

    monkeypatch.setattr(json_scene, "ORJSON_MAX_BYTES", 0)  # every document counts as large
    monkeypatch.setattr(json_scene, "SLICE_BYTES", 100)
    data = json.dumps(TRICKY).encode("utf-8")
    sliced = load_bytes(data, "big.excalidraw")
    monkeypatch.setattr(json_scene, "parse_in_slices", lambda data: json_scene.UNPARSED)
    by_json = load_bytes(data, "big.excalidraw")
    assert sliced.elements == by_json.elements and sliced.warnings == by_json.warnings
    assert [list(e) for e in sliced.elements] == [list(e) for e in by_json.elements]
