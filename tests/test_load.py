"""Loaders: every container into one restored Scene."""

from __future__ import annotations

import base64
import io
import json
import math
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lzstring import LZString
from PIL import Image

from exporter.errors import ExporterError, LimitError, LoadError
from exporter.load import load, load_bytes
from exporter.load.embed import (
    decode_png_scene,
    decode_svg_scene,
    encode_png_scene,
    encode_svg_payload,
)
from exporter.load.obsidian import parse_front_matter

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "load"
VAULT = FIXTURES / "vault"
NOTE = VAULT / "Drawings" / "Architecture.md"
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLE = ROOT / "samples" / "system-design-template.excalidraw.md"


def _manifest() -> dict[str, tuple[int, dict[str, int], list[str]]]:
    if not (CORPUS / "MANIFEST.tsv").is_file():
        return {}
    out = {}
    for line in (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        cols = line.split("\t")
        types = {} if cols[6] == "-" else {k: int(v) for k, v in (t.split(":") for t in cols[6].split(";"))}
        out[cols[0]] = (int(cols[5]), types, cols[7].split())
    return out


MANIFEST = _manifest()


def direct_decode(path: Path) -> dict:
    """The corpus README's decode: last fenced block, lzstring package, json.loads."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".excalidraw":
        return json.loads(text)
    kind, body = re.findall(r"```(compressed-json|json)\n(.*?)```", text, re.S)[-1]
    if kind == "compressed-json":
        body = LZString().decompressFromBase64(re.sub(r"\s+", "", body))
    return json.loads(body[: body.rfind("}") + 1])


def expected_counts(data: dict) -> Counter:
    """Live elements by type after the documented restore effects (doc §1.5, ZF export): legacy
    ``draw`` is a ``line``; dropped are invisibly small elements (no size; linear with < 2 points),
    empty texts and lines/arrows larger than 75,000 px."""
    counts: Counter = Counter()
    for el in data["elements"]:
        if el.get("isDeleted"):
            continue
        kind = "line" if el["type"] == "draw" else el["type"]
        points = el.get("points")
        if kind in ("line", "arrow", "freedraw"):
            if not isinstance(points, list) or len(points) < 2:
                continue
            if kind != "freedraw":
                xs, ys = [p[0] for p in points], [p[1] for p in points]
                if max(xs) - min(xs) > 75_000 or max(ys) - min(ys) > 75_000:
                    continue
        elif not el.get("width") and not el.get("height"):
            continue
        if kind == "text" and not el.get("text"):
            continue
        counts[kind] += 1
    return counts


@pytest.mark.skipif(not MANIFEST, reason="corpus not available")
@pytest.mark.parametrize("rel", sorted(MANIFEST))
def test_corpus_file_loads_with_the_direct_decode_counts(rel):
    path = CORPUS / rel
    scene = load(path)
    data = direct_decode(path)
    assert Counter(scene.counts_by_type()) == expected_counts(data)
    total, types, _ = MANIFEST[rel]
    # The manifest counts non-deleted elements as stored.
    stored = Counter(e["type"] for e in data["elements"] if not e.get("isDeleted"))
    assert dict(stored) == types and sum(stored.values()) == total
    assert scene.kind.startswith("obsidian/") == rel.startswith("obsidian/")
    ids = [e["id"] for e in scene.elements]
    assert len(ids) == len(set(ids))


@pytest.mark.skipif(not MANIFEST, reason="corpus not available")
@pytest.mark.parametrize("rel", sorted(r for r in MANIFEST if r.startswith("obsidian/")))
def test_corpus_note_sections_match_the_manifest_features(rel):
    scene = load(CORPUS / rel)
    features = MANIFEST[rel][2]
    assert bool(scene.notes) == ("notes-above" in features)
    assert bool(scene.element_links) == ("element-links" in features)
    if any(f.startswith("embedded-files=") for f in features):
        assert scene.embedded
    block = next(f for f in features if f.startswith("block="))
    assert scene.kind == "obsidian/" + block.split("=")[1]


@pytest.mark.skipif(not MANIFEST, reason="corpus not available")
def test_corpus_restore_differences_are_the_documented_ones():
    robot = load(CORPUS / "json" / "robot-2020-diagram.excalidraw")
    assert "draw" not in robot.counts_by_type() and robot.counts_by_type()["line"] == 14
    dva = load(CORPUS / "json" / "dva-architecture.excalidraw")
    assert dva.counts_by_type()["image"] == 6  # one 0x0 image is invisibly small


def test_sample_loads():
    scene = load(SAMPLE)
    assert scene.kind == "obsidian/compressed-json"
    assert scene.front_matter["excalidraw-plugin"] in ("parsed", "raw")
    assert scene.elements and all(not e["isDeleted"] for e in scene.elements)


def test_vault_note_new_layout_compressed():
    scene = load(NOTE)
    assert scene.kind == "obsidian/compressed-json"
    assert scene.front_matter == {"excalidraw-plugin": "parsed", "tags": ["excalidraw"],
                                  "excalidraw-export-padding": 20, "aliases": ["Architecture"]}
    assert scene.notes.startswith("# Architecture\nThe user's own notes")
    assert "hidden comment" not in scene.notes and "EXCALIDRAW VIEW" not in scene.notes
    assert "Ellip001" not in scene.by_id  # deleted
    assert scene.app_state["viewBackgroundColor"] == "#fffce8"
    assert scene.app_state["gridSize"] == 20
    assert scene.text_elements == {"Text0001": "[[Service A]]"}
    assert scene.by_id["Text0001"]["rawText"] == "[[Service A]]"  # the fork keeps Obsidian's field
    assert scene.by_id["Text0001"]["text"] == "Service A"  # rendered text comes from the JSON
    assert scene.by_id["Rect0001"]["link"] == "[[Service A]]"


def test_vault_images_resolved_and_missing_reported():
    scene = load(NOTE)
    png = scene.files["a" * 40]
    assert png["mimeType"] == "image/png"
    assert base64.b64decode(png["dataURL"].split(",", 1)[1]) == (VAULT / "attachments" / "pic.png").read_bytes()
    svg = scene.files["b" * 40]
    assert svg["mimeType"] == "image/svg+xml"
    svg_text = base64.b64decode(svg["dataURL"].split(",", 1)[1]).decode()
    assert 'fill="#ff0000"' in svg_text and "#000000" not in svg_text  # colour map applied
    for missing in ("c", "d", "e"):
        assert missing * 40 not in scene.files
    assert "image missing.png not found" in scene.warnings
    assert any("remote image" in w and "example.com" in w for w in scene.warnings)
    assert any("LaTeX" in w and "frac{a}{b}" in w for w in scene.warnings)
    assert scene.embedded["e" * 40].kind == "latex" and "+ c" in scene.embedded["e" * 40].target


def test_vault_argument_and_fallback_without_obsidian_folder(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "media").mkdir()
    note = tmp_path / "notes" / "n.md"
    note.write_bytes(NOTE.read_bytes())
    (tmp_path / "media" / "pic.png").write_bytes((VAULT / "attachments" / "pic.png").read_bytes())
    without = load(note)  # no .obsidian/: only the note's folder is searched
    assert "a" * 40 not in without.files
    with_vault = load(note, vault=tmp_path)
    assert with_vault.files["a" * 40]["mimeType"] == "image/png"


def test_links_never_leave_the_vault(tmp_path):
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (tmp_path / "secret.png").write_bytes((VAULT / "attachments" / "pic.png").read_bytes())
    text = NOTE.read_text(encoding="utf-8").replace("[[pic.png]]", "[[../secret.png]]")
    (vault / "n.md").write_text(text, encoding="utf-8")
    scene = load(vault / "n.md")
    assert "a" * 40 not in scene.files
    assert "image ../secret.png not found" in scene.warnings


def test_old_layout_json_block_with_legacy_escape():
    scene = load(FIXTURES / "old-layout.excalidraw.md")
    assert scene.kind == "obsidian/json"
    assert scene.by_id["Text0001"]["text"] == "Service [A]"
    assert scene.text_elements == {"Text0001": "[[Service A]]"}


def test_very_old_unfenced_json_and_legacy_migrations():
    for path in (FIXTURES / "very-old.excalidraw.md", FIXTURES / "legacy-2020.excalidraw"):
        scene = load(path)
        assert [e["id"] for e in scene.elements] == ["box", "txt", "arr", "pen"]  # array order kept
        box, txt, arr, pen = scene.elements
        assert (box["x"], box["y"], box["width"], box["height"]) == (20, 60, 80, 40)
        assert box["roundness"] == {"type": 1}
        assert box["boundElements"] == [{"type": "arrow", "id": "arr"}]
        assert "strokeSharpness" not in box and "boundElementIds" not in box
        assert (txt["fontSize"], txt["fontFamily"], txt["lineHeight"]) == (20, 1, 1.25)
        assert txt["originalText"] == "two\nlines" and txt["verticalAlign"] == "top"
        assert (arr["x"], arr["y"], arr["points"]) == (10, 10, [[0, 0], [100, 50]])
        assert (arr["startArrowhead"], arr["endArrowhead"]) == ("cardinality_many", "circle")
        assert arr["roundness"] == {"type": 2}
        assert pen["type"] == "line" and pen["points"][0] == [0, 0]
        assert scene.warnings == ["unknown element type 'hexagon' skipped (2 elements)",
                                  "1 element skipped: non-finite or absurd x",
                                  "1 element skipped: non-numeric width"]


def test_clipboard_and_library():
    clip = load(FIXTURES / "clipboard.json")
    assert clip.kind == "clipboard" and len(clip.elements) == 3
    lib = load(FIXTURES / "shapes.excalidrawlib")
    assert lib.kind == "library"
    assert [e["id"] for e in lib.elements] == ["L1", "L2", "L3"]
    l1, l2, l3 = lib.elements
    assert (l1["x"], l1["y"]) == (0, 0)
    assert l2["x"] > l1["x"] + l1["width"]  # items side by side, not on top of each other
    assert l3["x"] - l2["x"] == 40  # an item keeps its own layout


def _scene_json() -> str:
    return (FIXTURES / "clipboard.json").read_text(encoding="utf-8").replace(
        '"excalidraw/clipboard"', '"excalidraw"')


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGBA", (3, 2), (0, 0, 255, 128)).save(buf, "PNG")
    return buf.getvalue()


def test_png_round_trip():
    scene_json = _scene_json()
    png = encode_png_scene(_png(), scene_json)
    assert Image.open(io.BytesIO(png)).size == (3, 2)  # still a valid PNG
    assert decode_png_scene(png) == json.loads(scene_json)
    scene = load_bytes(png, "x.png")
    assert scene.kind == "png" and len(scene.elements) == 3
    assert png.index(b"tEXtapplication/vnd.excalidraw+json\0") < png.index(b"IEND")


def test_svg_round_trip_v2_and_legacy_v1():
    scene_json = _scene_json()
    payload = encode_svg_payload(scene_json)
    assert payload.startswith("<!-- payload-type:application/vnd.excalidraw+json --><!-- payload-version:2 -->"
                              "<!-- payload-start -->")
    svg = f'<svg xmlns="http://www.w3.org/2000/svg"><metadata>{payload}</metadata></svg>'
    assert decode_svg_scene(svg) == json.loads(scene_json)
    assert load_bytes(svg.encode(), "x.svg").kind == "svg"
    legacy = base64.b64encode(scene_json.encode("utf-8")).decode()  # v1: raw scene, UTF-8
    svg1 = f"<svg><metadata><!-- payload-start -->{legacy}<!-- payload-end --></metadata></svg>"
    assert decode_svg_scene(svg1) == json.loads(scene_json)


def test_png_and_svg_without_scene():
    with pytest.raises(LoadError, match="PNG has no embedded Excalidraw scene"):
        load_bytes(_png(), "plain.png")
    with pytest.raises(LoadError, match="SVG has no embedded Excalidraw scene"):
        load_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "plain.svg")


def test_stdin_like_bytes_use_the_same_dispatch():
    data = NOTE.read_bytes()
    scene = load_bytes(data, "-", note_path=NOTE)
    assert scene.source == "-" and scene.files["a" * 40]["mimeType"] == "image/png"


@pytest.mark.parametrize("name, message", [
    ("empty.excalidraw", "empty file"),
    ("truncated.excalidraw.md", "compressed-json block is truncated"),
    ("not-base64.excalidraw.md", "invalid base64 in compressed-json block"),
    ("bad-json.excalidraw.md", "invalid JSON in json block: Expecting value"),
    ("not-a-scene.json", "not an Excalidraw drawing: no elements"),
    ("plain-note.md", "not an Excalidraw drawing: Markdown note without excalidraw-plugin front matter"),
])
def test_broken_inputs(name, message):
    path = FIXTURES / "broken" / name
    with pytest.raises(LoadError) as info:
        load(path)
    assert info.value.message.startswith(message)
    assert info.value.path == str(path)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(LoadError, match="file not found"):
        load(tmp_path / "nope.excalidraw")
    with pytest.raises(LoadError, match="is a directory"):
        load(tmp_path)


def test_compressed_bomb_is_refused(monkeypatch):
    from exporter.load import lzstring

    packed = LZString().compressToBase64('{"elements": [' + " " * 50_000 + "]}")
    note = f"---\nexcalidraw-plugin: parsed\n---\n## Drawing\n```compressed-json\n{packed}\n```\n"
    assert load_bytes(note.encode(), "ok.md").elements == []
    monkeypatch.setattr(lzstring, "DEFAULT_MAX_OUTPUT", 10_000)
    monkeypatch.setattr(lzstring.decompress_from_base64, "__defaults__", (10_000,))
    with pytest.raises(LimitError, match="expands past"):
        load_bytes(note.encode(), "bomb.md")


def test_deeply_nested_json_is_an_error_not_a_crash():
    with pytest.raises(LoadError, match="nested too deeply"):
        load_bytes(b'{"elements": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "deep.json")


def test_front_matter_parser():
    front, end = parse_front_matter("---\na: 1\nb: 'x: y'\nc:\n  - p\n  - q\nd: [e, f]\ne: true\n---\nbody")
    assert front == {"a": 1, "b": "x: y", "c": ["p", "q"], "d": ["e", "f"], "e": True}
    assert "---\na: 1\nb: 'x: y'\nc:\n  - p\n  - q\nd: [e, f]\ne: true\n---\nbody"[end:] == "body"


def test_lone_surrogates_become_replacement_characters():
    scene_json = '{"type":"excalidraw","elements":[{"id":"t","type":"text","x":0,"y":0,"width":10,' \
                 '"height":25,"text":"a\\ud800b \\ud83d\\ude00","fontSize":20,"fontFamily":5}]}'
    text = load_bytes(scene_json.encode(), "s.excalidraw").elements[0]["text"]
    assert text == "a\ufffdb 😀"
    text.encode("utf-8")  # writable


_FRAGMENTS = st.sampled_from([
    "---\n", "excalidraw-plugin: parsed\n", "# Excalidraw Data\n", "## Text Elements\n", "hello ^abcdefgh\n\n",
    "## Element Links\n", "abcdefgh: [[x]]\n", "## Embedded Files\n", "a1: [[p.png]] {\"#000\":\"#fff\"}\n",
    "b2: $$x\n", "c3: https://e.com/i.png\n", "%%\n", "## Drawing\n", "# Drawing\n", "```compressed-json\n",
    "```json\n", "```\n", "N4KAkARALgngDgUwgLgAQQQDwMYEMA2AlgCYBOuA7hADTgQBuCpAzoQPYB2KqATLZMzYBXUtiRoIACyhQ4zZAH\n",
    '{"type":"excalidraw","elements":[', '{"type":"rectangle","x":1,"y":2,"width":3,"height":4}', "]}", "&#91;",
    "\ud800", "😀", "\n", "{", "}", "[", "]", ",", '"', "NaN", "1e999",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=30))
def test_hostile_notes_fail_cleanly(parts):
    data = "".join(parts).encode("utf-8", "surrogatepass")
    try:
        scene = load_bytes(data, "fuzz.md", note_path=FIXTURES / "fuzz.md")
    except ExporterError as exc:
        assert exc.message and "\n" not in exc.message
    else:
        assert all(not e["isDeleted"] for e in scene.elements)


_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-10**9, 10**9), st.floats(allow_nan=True),
                    st.text(max_size=5), st.lists(st.lists(st.floats(), max_size=3), max_size=4),
                    st.dictionaries(st.sampled_from(["type", "id", "value"]), st.integers(0, 3), max_size=2))
_KEYS = st.sampled_from(["id", "type", "x", "y", "width", "height", "angle", "points", "pressures", "text",
                         "fontSize", "fontFamily", "font", "lineHeight", "roundness", "strokeSharpness",
                         "boundElementIds", "boundElements", "groupIds", "link", "scale", "crop",
                         "startArrowhead", "endArrowhead", "isDeleted", "strokeWidth", "opacity"])
_TYPES = st.one_of(st.sampled_from(["rectangle", "ellipse", "diamond", "text", "line", "arrow", "draw", "freedraw",
                                     "image", "frame", "embeddable", "selection", "stickynote", "unknown"]), _VALUES)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_TYPES, st.dictionaries(_KEYS, _VALUES, max_size=8)), max_size=8))
def test_restore_random_elements_gives_well_typed_scenes(raw):
    elements = [{**fields, "type": kind} for kind, fields in raw]
    scene = load_bytes(json.dumps({"type": "excalidraw", "elements": elements}).encode(), "r.excalidraw")
    for el in scene.elements:
        for key in ("x", "y", "width", "height", "angle"):
            assert isinstance(el[key], (int, float)) and math.isfinite(el[key]), (key, el)
        assert el["width"] >= 0 and el["height"] >= 0
        assert isinstance(el["groupIds"], list) and isinstance(el["boundElements"], list)
        if el["type"] in ("line", "arrow"):
            assert len(el["points"]) >= 2 and el["points"][0] == [0, 0]
        if el["type"] == "text":
            assert isinstance(el["text"], str) and el["lineHeight"]
        if el["type"] == "text":
            assert isinstance(el["fontSize"], (int, float)) and el["fontSize"] > 0
            assert isinstance(el["fontFamily"], int)


def test_shortest_path_rule(tmp_path):
    from exporter.load.vault import Vault

    (tmp_path / ".obsidian").mkdir()
    for rel in ("a/b/c/pic.png", "x/pic.png", "notes/pic2.png", "notes/deep/pic2.png", "y/z/logo.svg"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"\x89PNG\r\n\x1a\n")
    vault = Vault(tmp_path / "notes" / "n.md")
    assert vault.root == tmp_path
    assert vault.resolve("pic.png") == tmp_path / "x" / "pic.png"  # fewest folders
    assert vault.resolve("pic2.png|alias") == tmp_path / "notes" / "pic2.png"  # the note's folder first
    assert vault.resolve("deep/pic2.png") == tmp_path / "notes" / "deep" / "pic2.png"
    assert vault.resolve("z/logo.svg") == tmp_path / "y" / "z" / "logo.svg"  # partial path matches the end
    assert vault.resolve("b/pic.png") is None  # a partial path must match whole folder names at the end
    assert vault.resolve("c/pic.png#page=2") == tmp_path / "a" / "b" / "c" / "pic.png"
    assert vault.resolve("PIC.PNG") == tmp_path / "x" / "pic.png"  # names match case-insensitively
    assert vault.resolve("nothing.png") is None


def test_restore_follows_the_obsidian_fork_export():
    from exporter.scene.restore import restore_scene

    def el(el_id, kind, **extra):
        return {"id": el_id, "type": kind, "x": 0, "y": 0, "width": 10, "height": 10, **extra}

    raw = {"elements": [
        el("empty", "text", text=""),
        el("huge", "line", points=[[0, 0], [80_000, 5]]),
        el("long", "arrow", points=[[0, 0], [70_000, 5]]),
        el("tiny", "arrow", points=[[0, 0], [0.05, -0.05]]),
        el("pen", "freedraw", points=[[0, 0], [1, "x"], [2, 2], [3, 3, 3], [4, 4]], pressures=[0.1, 0.2, None, 0.4],
           strokeOptions={"variability": "wild", "streamline": 0.2, "extra": 1}),
        el("a", "rectangle", groupIds=["solo", "pair"]),
        el("b", "ellipse", groupIds=["pair"]),
        el("img", "image", strokeSharpness="round"),
        el("web", "embeddable", link="  javascript:alert(1) "),
        el("note", "stickynote", width=20, height=30),
    ]}
    scene = restore_scene(raw, "t")
    assert [e["id"] for e in scene.elements] == ["long", "pen", "a", "b", "img", "web", "note"]
    assert scene.warnings == ["1 line/arrow larger than 75,000 px dropped (as Excalidraw does)"]
    pen = scene.by_id["pen"]
    assert pen["points"] == [[0, 0], [2, 2], [4, 4]]
    assert pen["pressures"] == [0.1, 0.5]  # aligned with the kept points; bad values -> 0.5
    assert pen["strokeOptions"] == {"variability": "variable", "streamline": 0.2}
    assert scene.by_id["a"]["groupIds"] == ["pair"]  # a group of one is pruned
    assert scene.by_id["img"]["roundness"] is None
    assert scene.by_id["web"]["link"] == "about:blank" and scene.by_id["web"]["scale"] == [1, 1]
    note = scene.by_id["note"]
    assert (note["width"], note["height"], note["baseHeight"], note["fillStyle"]) == (75, 75, 75, "solid")


def test_sanity_limits(monkeypatch):
    from exporter.scene import restore

    rect = {"type": "rectangle", "x": 0, "y": 0, "width": 5, "height": 5}
    monkeypatch.setattr(restore, "MAX_ELEMENTS", 3)
    with pytest.raises(LimitError, match="more than 3 elements"):
        restore.restore_scene({"elements": [rect] * 4}, "many")
    monkeypatch.setattr(restore, "MAX_POINTS", 3)
    monkeypatch.setattr(restore, "MAX_GROUP_DEPTH", 2)
    scene = restore.restore_scene({"elements": [
        {**rect, "id": "ok", "groupIds": ["g1", "g2"]},
        {**rect, "id": "deep", "groupIds": ["g1", "g2", "g3"]},
        {"type": "line", "id": "long", "x": 0, "y": 0, "points": [[0, 0], [1, 1], [2, 2], [3, 3]]},
    ]}, "limits")
    assert [e["id"] for e in scene.elements] == ["ok"]
    assert scene.warnings == ["1 element skipped: groups nested deeper than 2",
                              "1 element skipped: more than 3 points"]


def test_drawings_embedded_in_drawings_are_rendered_as_svg():
    host = load(VAULT / "Nested" / "Host.md")
    inner = host.files["1" * 40]
    assert inner["mimeType"] == "image/svg+xml"
    svg = base64.b64decode(inner["dataURL"].split(",", 1)[1]).decode("utf-8")
    assert svg.startswith("<svg") and "</svg>" in svg
    assert "2" * 40 not in host.files
    assert "embedded note Plain note not rendered (only Excalidraw drawings are)" in host.warnings
    # Inner embeds Host, which embeds Inner again: the cycle stops at the repeated note.
    inner_scene = load(VAULT / "Nested" / "Inner.excalidraw.md")
    assert inner_scene.files["3" * 40]["mimeType"] == "image/svg+xml"
    assert inner_scene.warnings == [
        "in embedded drawing Host: embedded drawing Inner.excalidraw not rendered (nested too deeply or in a cycle)",
        "in embedded drawing Host: embedded note Plain note not rendered (only Excalidraw drawings are)",
    ]
