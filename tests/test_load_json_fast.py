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
