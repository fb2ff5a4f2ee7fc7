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

from exporter.render import RenderOptions, render_svg
from exporter.scene.model import Scene

SCENES = Path(__file__).parent / "scenes"
REF = SCENES / "ref"
NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?")
TOLERANCE = 0.01


def load_scene(path: Path) -> Scene:
    try:
        from exporter.load import load
    except ImportError:  # loader not available: the scenes are already in restored form
        data = json.loads(path.read_text(encoding="utf-8"))
        elements = [e for e in data["elements"] if not e.get("isDeleted")]
        return Scene(elements=elements, app_state=data.get("appState", {}), files=data.get("files", {}),
                     source=str(path), raw=data)
    return load(path)


def values_match(ours: str, ref: str) -> bool:
    if ours == ref:
        return True
    if NUMBER.sub("#", ours) != NUMBER.sub("#", ref):
        return False
    a = [float(v) for v in NUMBER.findall(ours)]
    b = [float(v) for v in NUMBER.findall(ref)]
    return len(a) == len(b) and all(abs(x - y) <= TOLERANCE for x, y in zip(a, b, strict=True))


def diff_nodes(ours: ET.Element, ref: ET.Element, path: str, out: list[str]) -> None:
    here = f"{path}/{ref.tag.split('}')[-1]}"
    if ours.tag != ref.tag:
        out.append(f"{here}: tag {ours.tag} != {ref.tag}")
        return
    if list(ours.attrib) != list(ref.attrib):
        out.append(f"{here}: attributes {list(ours.attrib)} != {list(ref.attrib)}")
    else:
        for name, ref_value in ref.attrib.items():
            if not values_match(ours.attrib[name], ref_value):
                out.append(f"{here}@{name}: {ours.attrib[name][:200]!r} != {ref_value[:200]!r}")
    is_font_style = ref.tag.endswith("style") and ref.attrib.get("class") == "style-fonts"
    if not is_font_style and (ours.text or "") != (ref.text or ""):
        out.append(f"{here}: text {ours.text!r} != {ref.text!r}")
    ours_children, ref_children = list(ours), list(ref)
    if len(ours_children) != len(ref_children):
        out.append(f"{here}: {len(ours_children)} children != {len(ref_children)}")
    for i, (a, b) in enumerate(zip(ours_children, ref_children, strict=False)):
        diff_nodes(a, b, f"{here}[{i}]", out)


def svg_differences(ours: str, ref: str) -> list[str]:
    out: list[str] = []
    prefix = '<!-- svg-source:excalidraw -->'
    if prefix not in ours:
        out.append("missing the svg-source comment")
    diff_nodes(ET.fromstring(ours), ET.fromstring(ref), "", out)
    return out


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
