"""Our SVG equals Excalidraw's for the scenes under tests/scenes/ (references in tests/scenes/ref/).

The references are the oracle's output (tools/make_references.py). Both
documents are parsed as XML and compared node by node: same tags in the same
order, same attribute names in the same order, same text; numbers inside
attribute values may differ by 0.01 (last-digit differences between V8 and
CPython maths), everything else must be identical. Font subsets are excluded.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from reference_svg import svg_differences as reference_differences

from exporter.render import RenderOptions, render_svg
from exporter.scene.model import Scene

SCENES = Path(__file__).parent / "scenes"
REF = SCENES / "ref"
def load_scene(path: Path) -> Scene:
    try:
        from exporter.load import load
    except ImportError:  # loader not available: the scenes are already in restored form
        data = json.loads(path.read_text(encoding="utf-8"))
        elements = [e for e in data["elements"] if not e.get("isDeleted")]
        return Scene(elements=elements, app_state=data.get("appState", {}), files=data.get("files", {}),
                     source=str(path), raw=data)
    return load(path)


def svg_differences(ours: str, ref: str) -> list[str]:
    problems = [] if "<!-- svg-source:excalidraw -->" in ours else ["missing the svg-source comment"]
    return problems + reference_differences(ours, ref)


CASES = sorted(p for p in SCENES.glob("*.excalidraw") if (REF / f"{p.stem}.svg").exists())


@pytest.mark.parametrize("scene_path", CASES, ids=[p.stem for p in CASES])
def test_matches_excalidraw(scene_path: Path) -> None:
    scene = load_scene(scene_path)
    ours = render_svg(scene, RenderOptions(embed_fonts=False))
    ref = (REF / f"{scene_path.stem}.svg").read_text(encoding="utf-8")
    problems = svg_differences(ours, ref)
    assert not problems, f"{len(problems)} differences, first ones:\n" + "\n".join(problems[:15])


def test_output_is_deterministic_xml() -> None:
    scene = load_scene(SCENES / "arrows.excalidraw")
    a = render_svg(scene)
    b = render_svg(load_scene(SCENES / "arrows.excalidraw"))
    assert a == b
    ET.fromstring(a)


def test_comparison_detects_a_moved_path() -> None:
    ref = (REF / "shapes_fill.svg").read_text(encoding="utf-8")
    moved = re.sub(r'd="M(-?[\d.]+)', lambda m: f'd="M{float(m.group(1)) + 0.5}', ref, count=1)
    assert svg_differences(moved, ref)
    assert not svg_differences(ref, ref)


def _root(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_export_one_frame_uses_the_frame_box_and_no_label() -> None:
    scene = load_scene(SCENES / "frames.excalidraw")
    svg = render_svg(scene, RenderOptions(frame="Main", embed_fonts=False))
    root = _root(svg)
    assert root.get("viewBox") == "0 0 400 300"  # frame size, padding 0
    ns = "{http://www.w3.org/2000/svg}"
    clip_rects = root.findall(f"{ns}defs/{ns}clipPath/{ns}rect")
    assert clip_rects and all(r.get("rx") is None for r in clip_rects)
    assert "Helvetica" not in svg  # no frame label
    # the second frame's children and the free rectangle do not overlap "Main"
    assert "frames-7" not in svg and 'url(#frames-5)' not in svg


def test_export_frame_by_id_equals_by_name() -> None:
    scene = load_scene(SCENES / "frames.excalidraw")
    assert render_svg(scene, RenderOptions(frame="frames-1")) == render_svg(scene, RenderOptions(frame="Main"))


def test_unknown_frame_lists_the_frames() -> None:
    from exporter.errors import RenderError

    scene = load_scene(SCENES / "frames.excalidraw")
    with pytest.raises(RenderError, match=r"'Main', 'Frame'"):
        render_svg(scene, RenderOptions(frame="Nope"))


def test_unknown_group_is_an_error() -> None:
    from exporter.errors import RenderError

    with pytest.raises(RenderError, match="no group"):
        render_svg(load_scene(SCENES / "links.excalidraw"), RenderOptions(group="missing"))


def test_element_ids_crop_to_those_elements() -> None:
    scene = load_scene(SCENES / "shapes_stroke.excalidraw")
    one = scene.elements[0]  # 140 x 90 rectangle, roughness 1: bounds = its box
    root = _root(render_svg(scene, RenderOptions(element_ids=frozenset({one["id"]}), padding=5, scale=2)))
    assert root.get("viewBox") == "0 0 150 100"
    assert (root.get("width"), root.get("height")) == ("300", "200")
    assert len([c for c in root if c.tag.endswith("}g")]) == 1


def test_group_export_keeps_only_members() -> None:
    scene = load_scene(SCENES / "shapes_fill.excalidraw")
    a, b = scene.elements[0], scene.elements[5]
    a["groupIds"] = ["g1"]
    b["groupIds"] = ["g1"]
    root = _root(render_svg(scene, RenderOptions(group="g1", background=False)))
    shapes = [c for c in root if c.tag.endswith("}g")]
    assert len(shapes) == 2
    assert not [c for c in root if c.tag.endswith("}rect")]  # transparent: no background


def test_links_are_filtered_and_escaped() -> None:
    from exporter.render.svg import link_href

    assert link_href("https://example.com/a?b=1&c=2") == "https://example.com/a?b=1&c=2"
    assert link_href("  mailto:x@example.com ") == "mailto:x@example.com"
    assert link_href("[[Some Note#Part|alias]]") == "obsidian://open?file=Some%20Note%23Part"
    assert link_href("javascript:alert(1)") is None
    assert link_href("notes/relative.md") is None
    scene = load_scene(SCENES / "links.excalidraw")
    scene.elements[0]["link"] = "javascript:alert(1)"
    svg = render_svg(scene)
    assert "javascript" not in svg
    assert any("dropped" in w for w in scene.warnings)


def test_cubic_extrema_bound_a_bulging_curve() -> None:
    from exporter.render.bounds import ops_min_max

    # a symmetric cubic from (0,0) to (100,0) with both controls at y=-40 peaks at y=-30
    box = ops_min_max([("M", 0, 0), ("C", 0, -40, 100, -40, 100, 0)])
    assert box == pytest.approx((0, -30, 100, 0))
    assert ops_min_max([("M", 0, 0), ("L", 50, 50)])[0] == float("inf")  # line ops are ignored, like Excalidraw


def test_arrow_label_sits_on_half_the_arc_length() -> None:
    from exporter.render.arrow_label import curve_point_at_length

    # straight cubic with uneven control spacing: the point at half length is the midpoint
    x, y = curve_point_at_length(((0, 0), (10, 0), (20, 0), (100, 0)), 0.5)
    assert x == pytest.approx(50, abs=0.01) and y == 0


def test_embedded_scene_round_trips() -> None:
    from exporter.load import load_bytes

    scene = load_scene(SCENES / "arrows.excalidraw")
    svg = render_svg(scene, RenderOptions(embed_scene=True))
    assert "<!-- payload-version:2 -->" in svg
    back = load_bytes(svg.encode("utf-8"), "arrows.svg")
    assert [e["id"] for e in back.elements] == [e["id"] for e in scene.elements]
    assert render_svg(back) == render_svg(scene)


def test_outer_html_escaping() -> None:
    from exporter.render import svgtext
    from exporter.render.svgtext import attrs, element, escape_attr, escape_text

    assert escape_attr('a&"b<>\u00a0') == "a&amp;&quot;b&lt;>&#160;"  # > stays raw; < is not valid XML there
    assert escape_text('a&"b<>\u00a0') == 'a&amp;"b&lt;&gt;&#160;'
    assert attrs([("x", "1"), ("href", "?a=1&b=2")]) == ' x="1" href="?a=1&amp;b=2"'
    # long values (images, fonts) take a byte-table check: same results
    for special in '&"<>\u00a0\x01\x0b\ud800\t\n':
        for value in ("x" * 300 + special, special + "é" * 300, "data:," + "A" * 300):
            assert escape_attr(value) == value.translate(svgtext._ATTR_TABLE)
            assert escape_text(value) == value.translate(svgtext._TEXT_TABLE)
    assert element("mask") == "<mask></mask>"


@pytest.mark.parametrize("name", ["arrows.excalidraw", "dark_mode.excalidraw", "frames.excalidraw"])
def test_svg_export_leaves_no_reference_cycles(name) -> None:
    """Exports pause the cycle collector (exporter/gcpause.py): what they build must be freed
    by reference counting alone."""
    import gc

    scene = load_scene(SCENES / name)
    render_svg(scene)  # module-level caches fill on the first export
    gc.collect()
    gc.disable()
    try:
        render_svg(load_scene(SCENES / name))
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_strokes_rough_js_leaves_to_math_random_are_the_same_every_time() -> None:
    """A seed of 0 and the dots filler make rough.js call Math.random(); we draw those from a
    fixed stream each shape starts afresh: the same bytes every time, whatever else is drawn."""
    import json as _json

    from exporter.load import load_bytes
    from exporter.render import render_svg as _render

    def scene(extra: list[dict]) -> object:
        shapes = [{"type": "rectangle", "id": "zero", "x": 0, "y": 0, "width": 80, "height": 50, "seed": 0,
                   "roughness": 2, "backgroundColor": "#a5d8ff", "fillStyle": "hachure"},
                  {"type": "ellipse", "id": "dots", "x": 100, "y": 0, "width": 80, "height": 50, "seed": 7,
                   "roughness": 1, "backgroundColor": "#ffc9c9", "fillStyle": "dots"}]
        return load_bytes(_json.dumps({"type": "excalidraw", "elements": extra + shapes}).encode(), "m.excalidraw")

    def marks(svg: str) -> list[str]:
        return [part for part in svg.split("<g") if "translate(" in part][-2:]

    alone = _render(scene([]))
    assert _render(scene([])) == alone
    before = [{"type": "diamond", "id": "d", "x": 0, "y": 200, "width": 40, "height": 40, "seed": 0,
               "backgroundColor": "#eee", "fillStyle": "dots"}]
    assert marks(_render(scene(before))) == marks(alone)
