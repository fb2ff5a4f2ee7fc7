"""exporter.rough against the real rough.js 4.6.4.

The goldens (tests/data/rough_goldens.json, made by tools/rough_goldens/) hold
what rough.js drew for 700+ calls in Chromium: every set's path data at full
precision (``toPaths``) and with 2 decimals (Excalidraw's SVG export), the
``toPaths`` colours and the ``RoughSVG.draw`` attributes. Each must match
character for character.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exporter.jsnum import fixed2, js_str
from exporter.rough import DEFAULTS, Op, OpSet, RoughGenerator, ops_to_path, to_paths
from exporter.rough.pathdata import PathDataError, absolutize, normalize, parse_path
from exporter.rough.prng import Random

GOLDENS = Path(__file__).parent / "data" / "rough_goldens.json"
METHODS = {"linearPath": "linear_path"}

_data = json.loads(GOLDENS.read_text())
CASES = _data["cases"]

# Excalidraw defaults used by the doc's vectors (§3.12).
EXCALIDRAW = {
    "seed": 1,
    "strokeWidth": 2,
    "roughness": 1,
    "preserveVertices": True,
    "stroke": "#1e1e1e",
    "fillWeight": 1,
    "hachureGap": 8,
    "disableMultiStroke": False,
}


def _draw(case: dict):
    method = getattr(RoughGenerator(), METHODS.get(case["method"], case["method"]))
    return method(*case["args"], case["options"])


def _first_difference(ours: str, theirs: str) -> str:
    i = next(
        (k for k, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b), min(len(ours), len(theirs))
    )
    return f"at char {i}: ours ...{ours[max(0, i - 40) : i + 40]!r} vs rough.js ...{theirs[max(0, i - 40) : i + 40]!r}"


def test_goldens_cover_every_method_and_fill_style():
    methods = {c["method"] for c in CASES}
    assert methods == {"line", "rectangle", "ellipse", "circle", "linearPath", "polygon", "curve", "path"}
    styles = {c["options"].get("fillStyle") for c in CASES if c["options"].get("fill")}
    assert {"hachure", "cross-hatch", "zigzag", "solid", "dashed", "zigzag-line"} <= styles
    commands = set("".join(c["args"][0] for c in CASES if c["method"] == "path"))
    assert set("MLCQHVSTAZmlcqhvstaz") <= commands
    assert len(CASES) >= 600


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_matches_roughjs(case: dict):
    drawable = _draw(case)
    assert drawable.shape == case["shape"]
    assert [s.type for s in drawable.sets] == [s["type"] for s in case["sets"]]
    for k, (ours, expected) in enumerate(zip(drawable.sets, case["sets"], strict=True)):
        full = ops_to_path(ours)
        assert full == expected["d"], f"set {k} full precision {_first_difference(full, expected['d'])}"
        fixed = ops_to_path(ours, 2)
        assert fixed == expected["d2"], f"set {k} 2 decimals {_first_difference(fixed, expected['d2'])}"
    paths = to_paths(drawable)
    assert [[p.stroke, p.stroke_width, p.fill] for p in paths] == case["paths"]
    svg = [[list(a) for a in p.attributes()[1:]] for p in to_paths(drawable, 2)]
    assert svg == case["svg"]


# --- doc §3.12 vectors (roughjs 4.6.4 + Excalidraw 0.18.1) ------------------------------------


def test_prng_seed_1():
    r = Random(1)
    assert [r.next() for _ in range(5)] == [
        2.2477935999631882e-05,
        0.08503244863823056,
        0.6013282160274684,
        0.714315861929208,
        0.7409711848013103,
    ]


def test_doc_rectangle():
    d = to_paths(RoughGenerator().rectangle(0, 0, 100, 50, EXCALIDRAW), 2)[0].d
    assert d == (
        "M0 0 C20.86 0.76, 39.68 0.96, 100 0 M0 0 C27.4 -0.39, 54.17 0.83, 100 0 "
        "M100 0 C101.76 11.93, 100.62 22.35, 100 50 M100 0 C99.82 19.53, 98.71 38.08, 100 50 "
        "M100 50 C65.24 48.31, 27.07 49.81, 0 50 M100 50 C76.15 48.34, 51.08 49.23, 0 50 "
        "M0 50 C0.35 34.94, 0.88 15.72, 0 0 M0 50 C-0.32 33.34, -0.15 15.61, 0 0"
    )


def test_doc_ellipse():
    d = to_paths(RoughGenerator().ellipse(50, 25, 100, 50, {**EXCALIDRAW, "curveFitting": 1}), 2)[0].d
    assert d.startswith("M61.65 -0.14 C70.09 0.47, 79.78 4.62, 85.89 8 C92.01 11.37, ")
    assert " M35.8 -0.21 C43.53 -1.58, " in d


def test_doc_curve():
    d = to_paths(RoughGenerator().curve([[0, 0], [50, 30], [100, 0]], EXCALIDRAW), 2)[0].d
    assert d == (
        "M0.24 0.51 C8.87 5.65, 33.84 29.95, 50.58 29.81 C67.32 29.67, 92.63 4.71, 100.7 -0.34 "
        "M-1.09 -0.26 C7.54 5.15, 33.04 31.07, 49.93 31.24 C66.83 31.42, 92.18 5.95, 100.3 0.8"
    )


def test_doc_hachure_fill():
    opts = {**EXCALIDRAW, "fill": "#a5d8ff", "fillStyle": "hachure"}
    fill = to_paths(RoughGenerator().rectangle(0, 0, 100, 50, opts), 2)[0]
    assert fill.kind == "fillSketch" and fill.stroke == "#a5d8ff" and fill.stroke_width == 1
    assert fill.d.startswith(
        "M0 0 C0 0, 0 0, 0 0 M0 0 C0 0, 0 0, 0 0 M0.13 12.04 C4.18 8.16, 6.88 4.32, 10.63 -0.03 "
        "M0.13 12.04 C4.81 7.03, 7.28 3.07, 10.63 -0.03 M0.27 24.08 "
    )


def test_doc_rounded_rectangle_solid():
    d = "M 15 0 L 85 0 Q 100 0, 100 15 L 100 45 Q 100 60, 85 60 L 15 60 Q 0 60, 0 45 L 0 15 Q 0 0, 15 0"
    opts = {**EXCALIDRAW, "seed": 8, "fill": "#a5d8ff", "fillStyle": "solid"}
    fill, stroke = to_paths(RoughGenerator().path(d, opts), 2)
    assert fill.kind == "fillPath" and fill.fill_rule is None
    assert fill.d.startswith("M15 0 C41.07 1.08, 65.15 3.56, 85 0 C91.87 3.48, 99.82 8.24, 100 15 ")
    assert stroke.d.startswith(
        "M15 0 C29.86 1.28, 42.45 -1.13, 85 0 M15 0 C41.89 0.83, 66.81 0.58, 85 0 M85 0 C94.62 -1.77, 101.03 4.02, 100 15 "
    )


def test_doc_arrow_with_head():
    gen = RoughGenerator()
    opts = {**EXCALIDRAW, "seed": 3}
    shaft = to_paths(gen.curve([[0, 0], [100, 0]], opts), 2)[0].d
    assert shaft == (
        "M0.73 -0.86 C17.49 -0.85, 82.84 -0.55, 99.33 -0.58 M-0.35 1.31 C16.91 1.52, 85.18 0.91, 101.7 0.66"
    )


# --- API details ---------------------------------------------------------------------------------


def test_defaults_are_roughjs_defaults():
    o = RoughGenerator().line(0, 0, 1, 1, {}).options
    assert o.to_dict() == DEFAULTS
    assert o["hachureAngle"] == -41 and o["fillShapeRoughnessGain"] == 0.8


def test_ops_view_and_svg_attributes():
    drawable = RoughGenerator().polygon(
        [[0, 0], [40, 0], [20, 30]],
        {"seed": 5, "fill": "red", "fillStyle": "solid", "strokeLineDash": [8, 10]},
    )
    fill, outline = drawable.sets
    assert fill.ops[0].op == "move" and {op.op for op in fill.ops[1:]} == {"lineTo"}
    assert outline.ops[1] == Op("bcurveTo", outline.nums[2:8])
    attrs = [p.attributes()[1:] for p in to_paths(drawable, 2)]
    assert attrs == [
        [("stroke", "none"), ("stroke-width", "0"), ("fill", "red"), ("fill-rule", "evenodd")],
        [("stroke", "#000"), ("stroke-width", "1"), ("fill", "none"), ("stroke-dasharray", "8 10")],
    ]


def test_seed_zero_is_not_reproducible_but_works():
    d = RoughGenerator().rectangle(0, 0, 10, 10, {"seed": 0})
    assert len(d.sets[0].codes) == 16


def test_bad_path_data_raises():
    with pytest.raises(PathDataError):
        RoughGenerator().path("M 0 0 L 10 # 5", {"seed": 1})
    with pytest.raises(PathDataError):
        parse_path("M 0 0 Z 5 5")


def test_path_normalization():
    segs = normalize(absolutize(parse_path("m10 10 h5 v5 q 5 5 10 0 t 10 0 s 5 5 10 0 z")))
    assert [k for k, _ in segs] == ["M", "L", "L", "C", "C", "C", "Z"]
    assert segs[1][1] == [15, 10] and segs[2][1] == [15, 15]


# --- number formatting ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, text",
    [
        (0.125, "0.13"),
        (-0.125, "-0.13"),
        (0.375, "0.38"),
        (2.625, "2.63"),
        (-0.001, "0"),
        (1.005, "1"),
        (12.3, "12.3"),
        (100.0, "100"),
        (1e-7, "0"),
        (123456789012.5, "123456789012.5"),
    ],
)
def test_two_decimal_numbers(value: float, text: str):
    assert ops_to_path(OpSet("path", ["M"], [value, 0.0]), 2) == f"M{text} 0"


_coordinates = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e13, max_value=1e13)


@given(st.lists(_coordinates, min_size=2, max_size=12).filter(lambda v: len(v) % 2 == 0))
def test_fast_formatting_equals_to_fixed(values: list[float]):
    codes = ["M"] + ["L"] * (len(values) // 2 - 1)
    opset = OpSet("path", codes, values)
    expected_2 = " ".join(
        f"{c}{fixed2(x)} {fixed2(y)}" for c, x, y in zip(codes, values[::2], values[1::2], strict=True)
    )
    assert ops_to_path(opset, 2) == expected_2
    expected_full = " ".join(
        f"{c}{js_str(x)} {js_str(y)}" for c, x, y in zip(codes, values[::2], values[1::2], strict=True)
    )
    assert ops_to_path(opset) == expected_full


def test_special_values_print_like_js():
    opset = OpSet("path", ["M"], [math.nan, math.inf])
    assert ops_to_path(opset, 2) == "MNaN Infinity"
    assert ops_to_path(opset) == "MNaN Infinity"


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_non_finite_sizes_do_not_crash(bad: float):
    gen = RoughGenerator()
    for style in ("hachure", "cross-hatch", "zigzag", "solid"):
        opts = {"seed": 3, "fill": "red", "fillStyle": style}
        for drawable in (
            gen.rectangle(0, 0, bad, 10, opts),
            gen.ellipse(0, 0, bad, 10, opts),
            gen.polygon([(0, 0), (bad, 1), (5, 5)], opts),
        ):
            assert [p.kind for p in to_paths(drawable, 2)][-1] == "path"


def test_calls_without_options_share_the_defaults_randomizer():
    # rough.js: `_o(undefined)` returns the generator's defaults object itself.
    gen = RoughGenerator({"seed": 42})
    first, second = gen.line(0, 0, 10, 10), gen.line(0, 0, 10, 10)
    assert ops_to_path(first.sets[0]) != ops_to_path(second.sets[0])
    fresh = RoughGenerator().line(0, 0, 10, 10, {"seed": 42})
    assert ops_to_path(first.sets[0]) == ops_to_path(fresh.sets[0])
    again = RoughGenerator({"seed": 42}).line(0, 0, 10, 10, {})
    assert ops_to_path(again.sets[0]) == ops_to_path(fresh.sets[0])
