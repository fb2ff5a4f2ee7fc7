"""exporter.render.freehand against the real perfect-freehand / Excalidraw output.

Goldens come from tools/freehand_goldens (perfect-freehand@1.2.0 and
points-on-curve@1.0.1 run in Chromium, plus paths the real Obsidian-fork
Excalidraw wrote through the oracle). The corpus check compares our paths with
the freedraw ``<path d>`` of the Obsidian fork's reference SVGs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from exporter.render import freehand
from exporter.render.freehand import (
    EASINGS,
    freedraw_svg_path,
    get_stroke,
    get_stroke_points,
    is_path_a_loop,
    simplify,
    svg_path_from_stroke,
)

ROOT = Path(__file__).resolve().parent.parent
GOLDENS = json.loads((ROOT / "tests" / "data" / "freehand_goldens.json").read_text())
CORPUS = ROOT.parent / "shared" / "corpus"


def _easing(name: Any) -> Any:
    if name == "excalidraw":  # Excalidraw's inline Math.sin((t * Math.PI) / 2)
        return freehand._ease_out_sine
    return EASINGS[name]


def _part(p: Any) -> Any:
    return {**p, "easing": _easing(p["easing"])} if isinstance(p, dict) and p.get("easing") else p


def _options(o: dict[str, Any]) -> dict[str, Any]:
    r = dict(o)
    if isinstance(o.get("easing"), str):
        r["easing"] = _easing(o["easing"])
    for key in ("start", "end"):
        if key in o:
            r[key] = _part(o[key])
    return r


STROKES = GOLDENS["strokes"]
ELEMENTS = GOLDENS["elements"]
ORACLE = GOLDENS.get("oracle") or []


def test_goldens_cover_the_brief():
    assert len(STROKES) >= 200
    sizes = {len(c["points"]) for c in STROKES}
    assert {1, 2, 3, 10, 100, 1000} <= sizes
    tags = " ".join(c["tag"] for c in STROKES)
    for word in ("reversals", "zigzag", "pen-finetip", "pen-fountain", "easing-easeInOutElastic", "open"):
        assert word in tags


@pytest.mark.parametrize("case", STROKES, ids=[c["id"] for c in STROKES])
def test_stroke_matches_perfect_freehand(case):
    options = _options(case["options"])
    outline = get_stroke(case["points"], options)
    if "outline" in case:
        assert [list(p) for p in outline] == case["outline"]
    assert svg_path_from_stroke(outline) == case["path"]
    if "strokePoints" in case:
        assert [list(p) for p in get_stroke_points(case["points"], options)] == case["strokePoints"]


@pytest.mark.parametrize("case", ELEMENTS, ids=[c["source"] for c in ELEMENTS])
def test_corpus_element_outline_and_simplify(case):
    assert freedraw_svg_path(case) == case["path"]
    assert [list(p) for p in simplify(case["points"], 0.75)] == case["simplified"]


@pytest.mark.parametrize("case", ORACLE, ids=[c["element"]["id"] for c in ORACLE])
def test_element_matches_obsidian_excalidraw_svg(case):
    el = case["element"]
    assert freedraw_svg_path(el) == case["paths"][-1]
    if (el.get("customData") or {}).get("strokeOptions", {}).get("hasOutline"):
        assert case["paths"][0] == case["paths"][-1]


def test_path_string_truncates_like_the_regex():
    # integers stay, decimals are cut (not rounded) to 2 places keeping zeros, exponents drop
    pts = [(1.0, -0.5), (2.129, 3.1), (1.5e-7, 7.0)]
    assert svg_path_from_stroke(pts) == (
        "M 1,-0.5 Q 1,-0.5 1.56,1.3 2.12,3.1 1.06,5.05 1.5,7 0.50,3.25 L 1,-0.5 Z"
    )
    assert svg_path_from_stroke([]) == ""


def test_vectorised_path_formatting_equals_the_literal_one():
    # numbers at the edges of the fast formatter: integers, 1-2 decimals, ties, tiny
    # exponent forms (JS "1.5e-7" keeps "1.5"), -0, large values, rounding-sensitive sums
    edge = [0.0, -0.0, 5.0, -5.0, 0.29, -0.29, 3.5, 1.05, 1.005, 0.1 + 0.2, 1.5e-7, -2.5e-7, 1e-6,
            9.99999e-7, 3e-5, 123456.789, -98765.4321, 1e7 + 0.5, 4.9999999999, 0.004999999999, 12.999999999999998]
    pts = [(edge[i], edge[(i * 7 + 3) % len(edge)]) for i in range(len(edge))]
    many = [pts[:k] for k in range(1, len(pts) + 1)]
    many += [[(x * 1.37 - 50, y / 3) for x, y in c["outline"]] for c in STROKES if "outline" in c][:60]
    expected = [freehand.svg_path_text(o) for o in many]
    assert freehand.svg_paths_from_strokes(many) == expected
    assert [svg_path_from_stroke(o) for o in many] == expected
    assert freehand.svg_paths_from_strokes([[], pts, []]) == ["", freehand.svg_path_text(pts), ""]


def test_is_path_a_loop():
    assert is_path_a_loop([[0, 0], [10, 10], [5, 6.2]])
    assert not is_path_a_loop([[0, 0], [10, 10], [6, 6]])
    assert not is_path_a_loop([[0, 0], [0, 1]])


def test_options_for_elements():
    xm = freehand.freedraw_options({"strokeWidth": 2, "simulatePressure": True, "strokeOptions": {"streamline": 0.2}})
    assert (xm["size"], xm["thinning"], xm["smoothing"], xm["streamline"], xm["last"]) == (8.5, 0.6, 0.5, 0.2, True)
    pen = {"options": {"thinning": -0.5, "easing": "linear", "start": {"taper": 5, "cap": False, "easing": "easeInQuad"}}}
    zf = freehand.freedraw_options({"strokeWidth": "4", "simulatePressure": False, "customData": {"strokeOptions": pen},
                                    "strokeOptions": {"streamline": 0.2}})
    assert zf["size"] == 17 and zf["thinning"] == -0.5 and "streamline" not in zf and zf["simulatePressure"] is False
    assert zf["start"]["easing"](0.5) == 0.25 and zf["start"]["taper"] == 5
    bare = freehand.freedraw_options({"strokeWidth": 1, "customData": {"strokeOptions": {}}, "strokeOptions": {"streamline": 0.2}})
    assert bare["streamline"] == 0.5  # the fork's pen branch ignores strokeOptions.streamline


# --------------------------------------------------------------------------- corpus reference SVGs

def _load_scene(path: Path) -> dict[str, Any] | None:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".excalidraw":
        return json.loads(text)
    import lzstring

    blocks = re.findall(r"```compressed-json\n(.*?)```", text, re.S)
    if blocks:
        return json.loads(lzstring.LZString().decompressFromBase64("".join(blocks[-1].split())))
    plain = re.findall(r"```json\n(.*?)```", text, re.S)
    return json.loads(plain[-1]) if plain else None


def _reference_freedraw_paths(svg: str) -> list[str]:
    # freedraw: <g ... stroke="none"> with the filled outline as its last <path fill=... d=...>
    groups = re.findall(r"<g[^>]*stroke=\"none\"[^>]*>(.*?)</g>", svg, re.S)
    return [re.findall(r"<path fill=\"[^\"]*\" d=\"([^\"]*)\"", g)[-1] for g in groups]


CORPUS_FREEDRAW = [  # every corpus drawing with freedraw elements
    "json/async-test-talk.excalidraw",
    "json/final-project-ru.excalidraw",
    "json/uni-notes-dynamics-dark.excalidraw",
    "obsidian/appunti-red-black-tree.md",
    "obsidian/beto-smart-notes.md",
    "obsidian/elte-brainstorming.md",
    "obsidian/joeyshi-2022-02.excalidraw.md",
    "obsidian/notesold-two-charges.excalidraw.md",
    "obsidian/notesold-ultrasonic.excalidraw.md",
    "obsidian/prepa-denombrement.excalidraw.md",
    "obsidian/schule-dr-fr-21.excalidraw.md",
    "obsidian/schule-dr04-greek.excalidraw.md",
    "obsidian/schule-literatur.excalidraw.md",
    "obsidian/ydh-cn-frames.md",
]


@pytest.mark.parametrize("name", CORPUS_FREEDRAW)
def test_reference_svg_freedraw_paths(name):
    path = CORPUS / name
    stem = path.name.removesuffix(".md").removesuffix(".excalidraw")
    if not (path.exists() and (CORPUS / "reference" / f"{stem}.svg").exists()):
        pytest.skip("shared corpus not available")
    scene = _load_scene(path)
    elements = [e for e in scene["elements"] if e.get("type") == "freedraw" and not e.get("isDeleted")]
    svg = (CORPUS / "reference" / f"{stem}.svg").read_text(encoding="utf-8")
    expected = _reference_freedraw_paths(svg)
    ours = freehand.freedraw_svg_paths(elements)
    assert ours[:20] == [freedraw_svg_path(e) for e in elements[:20]]
    assert len(expected) == len(ours)
    matches = sum(a == b for a, b in zip(ours, expected, strict=True))
    assert matches == len(ours), f"{name}: {matches}/{len(ours)} freedraw paths identical"
