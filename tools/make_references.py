"""Write the test scenes and their golden SVGs (Excalidraw's own output).

    .venv/bin/python tools/make_references.py            # scenes + references
    .venv/bin/python tools/make_references.py --scenes   # only tests/scenes/*.excalidraw

The scenes under tests/scenes/ are built here, element by element, to cover
every shape, fill, stroke, roughness, roundness, arrowhead, label, frame, link
and dark-mode case of the SVG renderer. The references are rendered by the
oracle (~/.cache/oracle/oracle: the real @zsviczian/excalidraw in headless
Chromium) into tests/scenes/ref/, scenes whose appState.theme is "dark" with
--dark. The embedded font subsets are stripped from the references (they are
large and not reproducible byte for byte outside the browser).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCENES = ROOT / "tests" / "scenes"
REF = SCENES / "ref"
ORACLE = Path.home() / ".cache" / "oracle" / "oracle"

_FONT_STYLE = re.compile(r'(<style class="style-fonts">)(.*?)(</style>)', re.S)


class SceneBuilder:
    """Elements with every field restore() would fill, ids and seeds in creation order."""

    def __init__(self, name: str, **app_state: Any) -> None:
        self.name = name
        self.elements: list[dict[str, Any]] = []
        self.app_state = {"viewBackgroundColor": "#ffffff", "gridSize": 20, **app_state}
        self._n = 0

    def add(self, type_: str, x: float, y: float, w: float = 100, h: float = 60, **fields: Any) -> dict[str, Any]:
        self._n += 1
        el: dict[str, Any] = {
            "id": fields.pop("id", f"{self.name[:6]}-{self._n}"),
            "type": type_, "x": x, "y": y, "width": w, "height": h, "angle": 0,
            "strokeColor": "#1e1e1e", "backgroundColor": "transparent", "fillStyle": "solid",
            "strokeWidth": 2, "strokeStyle": "solid", "roughness": 1, "opacity": 100,
            "groupIds": [], "frameId": None, "index": f"a{self._n:04d}", "roundness": None,
            "seed": 1000 + 7919 * self._n, "version": 1, "versionNonce": self._n, "isDeleted": False,
            "boundElements": [], "updated": 1700000000000, "link": None, "locked": False,
        }
        el.update(fields)
        self.elements.append(el)
        return el

    def linear(self, type_: str, x: float, y: float, points: list[list[float]], **fields: Any) -> dict[str, Any]:
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        extra: dict[str, Any] = {"points": points, "lastCommittedPoint": None, "startBinding": None,
                                 "endBinding": None}
        if type_ == "arrow":
            extra.update(startArrowhead=None, endArrowhead="arrow", elbowed=False)
        else:
            extra.update(startArrowhead=None, endArrowhead=None)
        extra.update(fields)
        return self.add(type_, x, y, max(xs) - min(xs), max(ys) - min(ys), **extra)

    def label(self, container: dict[str, Any], text: str, w: float, font_size: float = 20) -> dict[str, Any]:
        h = font_size * 1.25 * (text.count("\n") + 1)
        el = self.add("text", container["x"], container["y"], w, h, text=text, originalText=text,
                      fontSize=font_size, fontFamily=5, textAlign="center", verticalAlign="middle",
                      containerId=container["id"], autoResize=True, lineHeight=1.25)
        container["boundElements"].append({"type": "text", "id": el["id"]})
        return el

    def write(self) -> Path:
        path = SCENES / f"{self.name}.excalidraw"
        data = {"type": "excalidraw", "version": 2, "source": "excalidraw-exporter tests",
                "elements": self.elements, "appState": self.app_state, "files": {}}
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        return path


def shapes_fill() -> SceneBuilder:
    s = SceneBuilder("shapes_fill")
    colors = ["#a5d8ff", "#ffc9c9", "#b2f2bb", "#ffec99"]
    for row, kind in enumerate(["rectangle", "diamond", "ellipse"]):
        for col, fill in enumerate(["hachure", "cross-hatch", "solid", "zigzag"]):
            for r, roughness in enumerate([0, 1, 2]):
                roundness = None
                if r == 1:
                    roundness = {"type": 3} if kind == "rectangle" else {"type": 2}
                s.add(kind, col * 520 + r * 170, row * 130, 140, 90, fillStyle=fill,
                      backgroundColor=colors[col], roughness=roughness, roundness=roundness)
    # legacy/proportional roundness, adaptive with a value, large adaptive rectangle
    s.add("rectangle", 0, 420, 300, 200, roundness={"type": 1}, backgroundColor="#e9ecef", fillStyle="hachure")
    s.add("rectangle", 340, 420, 300, 200, roundness={"type": 3, "value": 12}, backgroundColor="#d0bfff")
    s.add("rectangle", 680, 420, 300, 200, roundness={"type": 2}, fillStyle="cross-hatch",
          backgroundColor="#99e9f2")
    return s


def shapes_stroke() -> SceneBuilder:
    s = SceneBuilder("shapes_stroke")
    for row, style in enumerate(["solid", "dashed", "dotted"]):
        for col, width in enumerate([1, 2, 4]):
            kind = ["rectangle", "diamond", "ellipse"][(row + col) % 3]
            s.add(kind, col * 170, row * 120, 140, 90, strokeStyle=style, strokeWidth=width,
                  strokeColor=["#1e1e1e", "#e03131", "#1971c2"][col])
    # opacity, rotation, small shapes (adjustRoughness), zero-size-ish
    s.add("rectangle", 0, 400, 120, 80, opacity=40, backgroundColor="#ffc9c9", fillStyle="solid")
    s.add("diamond", 160, 400, 120, 80, angle=0.6, backgroundColor="#b2f2bb", fillStyle="hachure")
    s.add("ellipse", 320, 400, 120, 60, angle=2.4, opacity=70, backgroundColor="#a5d8ff", fillStyle="cross-hatch")
    s.add("rectangle", 480, 400, 8, 6, roughness=2)
    s.add("ellipse", 510, 400, 30, 12, roughness=2)
    s.add("diamond", 560, 400, 18, 40, roughness=1, roundness={"type": 2})
    s.add("rectangle", 600, 400, 40, 17, roughness=2, roundness={"type": 3})
    s.add("rectangle", 660, 400, 100, 80, angle=-1.1, roundness={"type": 3}, strokeStyle="dashed")
    return s


def lines() -> SceneBuilder:
    s = SceneBuilder("lines")
    s.linear("line", 0, 0, [[0, 0], [200, 0]])
    s.linear("line", 0, 40, [[0, 0], [80, 60], [160, -10], [240, 50]])
    s.linear("line", 0, 140, [[0, 0], [80, 60], [160, -10], [240, 50]], roundness={"type": 2})
    s.linear("line", 300, 0, [[0, 0], [120, 20], [60, 110], [2, 3]], backgroundColor="#ffec99",
             fillStyle="hachure")
    s.linear("line", 460, 0, [[0, 0], [120, 20], [60, 110], [0, 0]], backgroundColor="#a5d8ff",
             fillStyle="solid")
    s.linear("line", 620, 0, [[0, 0], [120, 20], [60, 110], [0, 0]], backgroundColor="#b2f2bb",
             fillStyle="cross-hatch", roundness={"type": 2})
    s.linear("line", 780, 0, [[0, 0], [120, 20], [60, 110], [0, 0]], backgroundColor="#ffc9c9",
             fillStyle="solid", roundness={"type": 2}, roughness=2)
    s.linear("line", 300, 180, [[0, 0], [150, 40]], strokeStyle="dashed", strokeWidth=4)
    s.linear("line", 300, 240, [[0, 0], [150, 40], [200, -20]], strokeStyle="dotted", roundness={"type": 2})
    s.linear("line", 560, 180, [[0, 0], [160, 0], [160, 80]], angle=0.8, roughness=0)
    s.linear("line", 760, 180, [[0, 0], [30, 5]], roughness=2)
    s.linear("line", 820, 200, [[0, 0], [90, 40], [20, 90], [0, 0]], backgroundColor="#eebefa",
             fillStyle="zigzag", opacity=60, angle=0.3)
    return s


HEADS = ["arrow", "bar", "circle", "circle_outline", "triangle", "triangle_outline", "diamond",
         "diamond_outline", "cardinality_one", "cardinality_many", "cardinality_one_or_many",
         "cardinality_exactly_one", "cardinality_zero_or_one", "cardinality_zero_or_many"]


def arrows() -> SceneBuilder:
    s = SceneBuilder("arrows", viewBackgroundColor="#fffce8")
    for i, head in enumerate(HEADS):
        y = i * 50
        s.linear("arrow", 0, y, [[0, 0], [220, 10]], startArrowhead=head, endArrowhead=head)
        s.linear("arrow", 280, y, [[0, 0], [110, 25], [220, 0]], roundness={"type": 2}, endArrowhead=head,
                 strokeColor="#1971c2")
        s.linear("arrow", 560, y, [[0, 0], [30, 4]], endArrowhead=head, roughness=2)
    y = len(HEADS) * 50
    s.linear("arrow", 0, y, [[0, 0], [200, 40]], strokeStyle="dotted", startArrowhead="arrow")
    s.linear("arrow", 280, y, [[0, 0], [200, 40]], strokeStyle="dashed", strokeWidth=4, endArrowhead="triangle")
    s.linear("arrow", 560, y, [[0, 0], [120, 0], [120, 80], [220, 80]], elbowed=True, roughness=0,
             roundness=None, endArrowhead="arrow")
    s.linear("arrow", 0, y + 120, [[0, 0], [0, 60], [180, 60], [180, 120], [260, 120]], elbowed=True, roughness=0,
             endArrowhead="triangle", startArrowhead="circle")
    s.linear("arrow", 320, y + 120, [[0, 0], [90, 60], [180, 0], [260, 80]], roundness={"type": 2}, angle=0.4,
             startArrowhead="diamond")
    s.linear("arrow", 640, y + 120, [[0, 0], [60, 60]], opacity=50, strokeWidth=1)
    s.linear("arrow", 740, y + 120, [[0, 0], [80, 30]], startArrowhead="dot", endArrowhead="crowfoot_many")
    s.linear("arrow", 740, y + 180, [[0, 0], [80, 30]], startArrowhead="crowfoot_one",
             endArrowhead="crowfoot_one_or_many")
    return s


def arrow_labels() -> SceneBuilder:
    s = SceneBuilder("arrow_labels")
    a = s.linear("arrow", 0, 0, [[0, 0], [300, 0]])
    s.label(a, "two", 40)
    a = s.linear("arrow", 0, 100, [[0, 0], [150, 80], [300, 0]], roundness={"type": 2})
    s.label(a, "three", 52)
    a = s.linear("arrow", 0, 260, [[0, 0], [100, 80], [200, -20], [300, 60]], roundness={"type": 2})
    s.label(a, "four curved", 110)
    a = s.linear("arrow", 380, 0, [[0, 0], [100, 80], [200, -20], [300, 60]])
    s.label(a, "four sharp", 100)
    a = s.linear("arrow", 380, 200, [[0, 0], [150, 0], [150, 120], [300, 120]], elbowed=True, roughness=0)
    s.label(a, "elbow", 52)
    a = s.linear("arrow", 380, 380, [[0, 0], [200, 60]], angle=0.5)
    s.label(a, "rotated", 70)
    a = s.linear("line", 0, 420, [[0, 0], [250, 30]])
    s.label(a, "line label", 96)
    # ZF: labels moved along the path (text.labelPosition = fraction of the path length)
    a = s.linear("arrow", 0, 520, [[0, 0], [100, 80], [200, -20], [300, 60]], roundness={"type": 2})
    s.label(a, "at 0.2", 60)["labelPosition"] = 0.2
    a = s.linear("arrow", 380, 560, [[0, 0], [120, 0], [120, 90], [300, 90]])
    s.label(a, "at 0.8", 60)["labelPosition"] = 0.8
    return s


def dark() -> SceneBuilder:
    s = SceneBuilder("dark_mode", theme="dark", viewBackgroundColor="#f5faff")
    s.add("rectangle", 0, 0, 160, 100, backgroundColor="#a5d8ff", fillStyle="hachure")
    s.add("ellipse", 200, 0, 160, 100, backgroundColor="#ffc9c9", fillStyle="solid", strokeColor="#e03131")
    s.add("diamond", 400, 0, 160, 100, backgroundColor="#b2f2bb", fillStyle="cross-hatch", roundness={"type": 2})
    s.linear("arrow", 0, 160, [[0, 0], [240, 20]], startArrowhead="circle_outline", endArrowhead="triangle_outline")
    s.linear("arrow", 300, 160, [[0, 0], [240, 20]], endArrowhead="cardinality_zero_or_many",
             strokeColor="#2f9e44")
    s.linear("line", 0, 220, [[0, 0], [100, 10], [50, 90], [0, 0]], backgroundColor="#ffec99")
    return s


def frames() -> SceneBuilder:
    s = SceneBuilder("frames")
    f = s.add("frame", 0, 0, 400, 300, name="Main", roughness=0, strokeColor="#bbb")
    s.add("rectangle", 40, 40, 160, 100, frameId=f["id"], backgroundColor="#a5d8ff")
    s.add("ellipse", 300, 200, 180, 140, frameId=f["id"], backgroundColor="#ffc9c9", fillStyle="hachure")
    s.linear("arrow", 100, 160, [[0, 0], [380, 120]], frameId=f["id"])
    g = s.add("frame", 500, 0, 300, 200, name=None, opacity=50)
    s.add("diamond", 520, 20, 120, 100, frameId=g["id"], opacity=80)
    s.add("rectangle", 850, 40, 120, 80)
    return s


def links() -> SceneBuilder:
    s = SceneBuilder("links")
    s.add("rectangle", 0, 0, 160, 80, link="https://example.com/path?a=1&b=2")
    s.add("ellipse", 200, 0, 160, 80, link="mailto:someone@example.com")
    s.linear("arrow", 0, 120, [[0, 0], [300, 20]], link="https://example.com/\"quoted\"")
    s.add("diamond", 400, 0, 120, 80, link="  https://example.org/trimmed  ")
    return s


BUILDERS = [shapes_fill, shapes_stroke, lines, arrows, arrow_labels, dark, frames, links]


def write_scenes() -> list[Path]:
    SCENES.mkdir(parents=True, exist_ok=True)
    return [b().write() for b in BUILDERS]


def strip_fonts(svg: str) -> str:
    """Drop the @font-face data (keep the rules' families, so the structure stays comparable)."""
    def repl(m: re.Match[str]) -> str:
        body = re.sub(r"src: url\(data:[^)]*\)", "src: url(data:stripped)", m.group(2))
        return m.group(1) + body + m.group(3)

    return _FONT_STYLE.sub(repl, svg)


def render_references(scenes: list[Path]) -> None:
    if not ORACLE.exists():
        sys.exit(f"oracle not found at {ORACLE}; see ../shared/oracle/README.md")
    REF.mkdir(parents=True, exist_ok=True)
    light = [p for p in scenes if json.loads(p.read_text())["appState"].get("theme") != "dark"]
    darkened = [p for p in scenes if p not in light]
    for batch, extra in ((light, []), (darkened, ["--dark"])):
        if batch:
            subprocess.run([str(ORACLE), "render", "--no-png", *extra, str(REF), *map(str, batch)], check=True)
    for svg in REF.glob("*.svg"):
        svg.write_text(strip_fonts(svg.read_text(encoding="utf-8")), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenes", action="store_true", help="only write the scenes")
    args = parser.parse_args()
    scenes = write_scenes()
    if not args.scenes:
        render_references(scenes)
    print(f"{len(scenes)} scenes in {SCENES}")


if __name__ == "__main__":
    main()
