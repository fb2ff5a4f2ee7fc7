"""Write the loader test fixtures under tests/fixtures/load/ (small drawings made for the tests).

    .venv/bin/python tools/make_load_fixtures.py

The files are committed; rerun only to change them.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from lzstring import LZString
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "load"


def base(el_id: str, kind: str, x: float, y: float, w: float, h: float, **extra) -> dict:
    el = {"id": el_id, "type": kind, "x": x, "y": y, "width": w, "height": h, "angle": 0,
          "strokeColor": "#1e1e1e", "backgroundColor": "transparent", "fillStyle": "solid",
          "strokeWidth": 2, "strokeStyle": "solid", "roughness": 1, "opacity": 100, "groupIds": [],
          "frameId": None, "roundness": None, "seed": 1000 + len(el_id), "version": 3, "versionNonce": 7,
          "isDeleted": False, "boundElements": [], "updated": 1700000000000, "link": None, "locked": False}
    el.update(extra)
    return el


def modern_scene() -> dict:
    return {
        "type": "excalidraw", "version": 2, "source": "https://github.com/zsviczian/obsidian-excalidraw-plugin",
        "elements": [
            base("Rect0001", "rectangle", 0, 0, 200, 100, roundness={"type": 3},
                 boundElements=[{"type": "text", "id": "Text0001"}]),
            base("Text0001", "text", 40, 38, 120, 25, text="Service A", originalText="Service A",
                 rawText="[[Service A]]", fontSize=20, fontFamily=5, textAlign="center", verticalAlign="middle",
                 containerId="Rect0001", lineHeight=1.25, autoResize=True),
            base("Arrow001", "arrow", 200, 50, 150, 0, points=[[0, 0], [150, 0]], startArrowhead=None,
                 endArrowhead="arrow", startBinding=None, endBinding=None, roundness={"type": 2}),
            base("Image001", "image", 360, 0, 64, 64, fileId="a" * 40, status="saved", scale=[1, 1], crop=None),
            base("Image002", "image", 440, 0, 64, 64, fileId="b" * 40, status="saved", scale=[1, 1], crop=None),
            base("Image003", "image", 520, 0, 64, 64, fileId="c" * 40, status="saved", scale=[1, 1], crop=None),
            base("Image004", "image", 600, 0, 64, 64, fileId="d" * 40, status="saved", scale=[1, 1], crop=None),
            base("Image005", "image", 680, 0, 64, 64, fileId="e" * 40, status="saved", scale=[1, 1], crop=None),
            base("Ellip001", "ellipse", 0, 150, 80, 60, backgroundColor="#a5d8ff", isDeleted=True),
        ],
        "appState": {"theme": "light", "viewBackgroundColor": "#fffce8", "gridSize": None},
        "files": {},
    }


def legacy_scene() -> dict:
    """A 2020-style scene: fields that restore() migrates."""
    def old(el_id, kind, x, y, w, h, **extra):
        el = {"id": el_id, "type": kind, "x": x, "y": y, "width": w, "height": h, "angle": 0,
              "strokeColor": "#000000", "backgroundColor": "transparent", "fillStyle": "hachure",
              "strokeWidth": 1, "strokeStyle": "solid", "roughness": 1, "opacity": 100, "seed": 42,
              "version": 5, "versionNonce": 1, "isDeleted": False, "groupIds": [], "strokeSharpness": "sharp",
              "boundElementIds": None}
        el.update(extra)
        return el

    return {
        "type": "excalidraw", "version": 2, "source": "https://excalidraw.com",
        "elements": [
            old("box", "rectangle", 100, 100, -80, -40, strokeSharpness="round", boundElementIds=["arr"]),
            old("txt", "text", 10, 10, 90, 50, text="two\nlines", font="20px Virgil", textAlign="left"),
            old("arr", "arrow", 0, 0, 100, 50, points=[[10, 10], [110, 60]], endArrowhead="dot",
                startArrowhead="crowfoot_many", strokeSharpness="round"),
            old("pen", "draw", 5, 5, 30, 30, points=[[0, 0], [10, 20], [30, 30]]),
            old("gone", "rectangle", 0, 0, 10, 10, isDeleted=True),
            old("sel", "selection", 0, 0, 10, 10),
            old("tiny", "ellipse", 3, 3, 0, 0),
            old("dot1", "line", 3, 3, 0, 0, points=[[0, 0]]),
            old("star", "hexagon", 0, 0, 10, 10),
            old("star2", "hexagon", 0, 0, 10, 10),
            old("huge", "rectangle", 1e12, 0, 10, 10),
            old("badw", "rectangle", 0, 0, "wide", 10),
        ],
        "appState": {"viewBackgroundColor": "#ffffff", "gridSize": None},
    }


TEXT_SECTION = "[[Service A]] ^Text0001\n\n"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def js_units(text: str) -> str:
    data = text.encode("utf-16-le", "surrogatepass")
    return "".join(chr(int.from_bytes(data[i:i + 2], "little")) for i in range(0, len(data), 2))


def compressed_block(scene: dict, width: int = 64) -> str:
    packed = LZString().compressToBase64(js_units(json.dumps(scene, indent="\t", ensure_ascii=False)))
    return "\n\n".join(packed[i:i + width] for i in range(0, len(packed), width))


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    # A vault: .obsidian/, an attachments folder, a note that is a plain .md file.
    vault = OUT / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    write(vault / ".obsidian" / "app.json", "{}\n")
    buf = io.BytesIO()
    Image.new("RGB", (4, 3), (255, 0, 0)).save(buf, "PNG")
    (vault / "attachments").mkdir()
    (vault / "attachments" / "pic.png").write_bytes(buf.getvalue())
    write(vault / "attachments" / "icons" / "logo.svg",
          '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
          '<rect width="10" height="10" fill="#000000" stroke="#000000"/></svg>\n')
    write(vault / "attachments" / "notes.txt", "not an image\n")
    note = (
        "---\n\nexcalidraw-plugin: parsed\ntags: [excalidraw]\nexcalidraw-export-padding: 20\n"
        "aliases:\n  - Architecture\n\n---\n"
        "==⚠  Switch to EXCALIDRAW VIEW in the MORE OPTIONS menu of this document. ⚠== You can decompress "
        "Drawing data with the command palette: 'Decompress current Excalidraw file'. For more info check in "
        "plugin settings under 'Saving'\n\n"
        "# Architecture\nThe user's own notes %%hidden comment%% stay.\n\n"
        "# Excalidraw Data\n\n## Text Elements\n" + TEXT_SECTION +
        "## Element Links\nRect0001: [[Service A]]\n\n"
        "## Embedded Files\n"
        + "a" * 40 + ": [[pic.png]]\n\n"
        + "b" * 40 + ': ![[icons/logo.svg|Logo]] {"#000000":"#ff0000"}\n\n'
        + "c" * 40 + ": [[missing.png]]\n\n"
        + "d" * 40 + ": https://example.com/remote.png\n\n"
        + "e" * 40 + ": $$\\frac{a}{b}\n+ c$$\n\n"
        "%%\n## Drawing\n```compressed-json\n" + compressed_block(modern_scene()) + "\n```\n%%"
    )
    write(vault / "Drawings" / "Architecture.md", note)

    # Drawings embedded in drawings: rendered as SVG images; a cycle and a plain note are reported.
    def host(links: dict[str, str]) -> str:
        images = [base(f"Embed{n:03d}", "image", 100 * n, 0, 80, 60, fileId=file_id, status="saved",
                       scale=[1, 1], crop=None) for n, file_id in enumerate(links)]
        scene = {"type": "excalidraw", "version": 2, "elements": images, "appState": {}, "files": {}}
        entries = "".join(f"{file_id}: [[{target}]]\n\n" for file_id, target in links.items())
        return ("---\nexcalidraw-plugin: parsed\n---\n# Excalidraw Data\n## Text Elements\n"
                "## Embedded Files\n" + entries + "%%\n## Drawing\n```json\n" + json.dumps(scene) + "\n```\n%%")

    write(vault / "Nested" / "Host.md", host({"1" * 40: "Inner.excalidraw", "2" * 40: "Plain note"}))
    write(vault / "Nested" / "Inner.excalidraw.md", host({"3" * 40: "Host"}))
    write(vault / "Nested" / "Plain note.md", "# Just text\n")

    # Old layout: "# Text Elements" / "# Drawing" with a json block and the &#91; escape.
    scene = modern_scene()
    scene["elements"][1]["text"] = "Service [A]"
    old = ("---\n\nexcalidraw-plugin: raw\n\n---\n\n# Text Elements\n" + TEXT_SECTION +
           "%%\n# Drawing\n```json\n" + json.dumps(scene, indent="\t").replace("[A]", "&#91;A]") + "\n```\n%%")
    write(OUT / "old-layout.excalidraw.md", old)
    # Very old notes: bare JSON after "# Drawing".
    write(OUT / "very-old.excalidraw.md", "---\nexcalidraw-plugin: parsed\n---\n# Drawing\n"
          + json.dumps(legacy_scene()) + "\n")
    write(OUT / "legacy-2020.excalidraw", json.dumps(legacy_scene(), indent=2) + "\n")
    clip = {"type": "excalidraw/clipboard", "elements": modern_scene()["elements"][:3], "files": {}}
    write(OUT / "clipboard.json", json.dumps(clip) + "\n")
    lib = {"type": "excalidrawlib", "version": 2, "source": "tests", "libraryItems": [
        {"id": "one", "status": "published", "elements": [base("L1", "rectangle", 500, 500, 40, 40)]},
        {"id": "two", "status": "published", "elements": [base("L2", "ellipse", -50, 20, 30, 30),
                                                           base("L3", "diamond", -10, 20, 30, 30)]},
    ]}
    write(OUT / "shapes.excalidrawlib", json.dumps(lib) + "\n")
    # Broken inputs.
    write(OUT / "broken" / "empty.excalidraw", "")
    block = compressed_block(modern_scene())
    write(OUT / "broken" / "truncated.excalidraw.md", "---\nexcalidraw-plugin: parsed\n---\n## Drawing\n"
          "```compressed-json\n" + block[: len(block) // 2] + "\n```\n")
    write(OUT / "broken" / "not-base64.excalidraw.md", "---\nexcalidraw-plugin: parsed\n---\n## Drawing\n"
          "```compressed-json\nN4Ig*this is not base64!\n```\n")
    write(OUT / "broken" / "bad-json.excalidraw.md", "---\nexcalidraw-plugin: parsed\n---\n## Drawing\n"
          '```json\n{"type": "excalidraw", "elements": [1, 2,, }\n```\n')
    write(OUT / "broken" / "not-a-scene.json", '{"name": "package.json", "version": "1.0.0"}\n')
    write(OUT / "broken" / "plain-note.md", "# Shopping\n\n- milk\n")
    print("wrote", *sorted(str(p.relative_to(ROOT)) for p in OUT.rglob("*") if p.is_file()), sep="\n  ")


if __name__ == "__main__":
    main()
