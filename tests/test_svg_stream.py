"""Large drawings: the streamed SVG equals the string one, and loading does not hold the drawing twice."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from exporter import load
from exporter.load import json_scene
from exporter.render import RenderOptions, render_svg, write_svg
from exporter.scene.restore import restore_scene

ROOT = Path(__file__).resolve().parent.parent
SCENES = sorted((ROOT / "tests" / "scenes").glob("*.excalidraw")) + sorted((ROOT / "tests" / "scenes" / "partb").glob("*.excalidraw"))


@pytest.mark.parametrize("path", SCENES[:12], ids=[p.stem for p in SCENES[:12]])
def test_streamed_svg_is_the_same_bytes(path: Path) -> None:
    for options in (RenderOptions(), RenderOptions(dark=True, scale=2, embed_scene=True)):
        out = io.BytesIO()
        write_svg(load(path), options, out)
        assert out.getvalue() == render_svg(load(path), options).encode("utf-8")


@pytest.mark.parametrize("chunk", [1, 500, 10**9])
def test_streamed_svg_with_and_without_the_spool(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Small documents stay in memory; past the chunk size the markup goes through the spool file."""
    from exporter.render import svg

    monkeypatch.setattr(svg, "_SPOOL_CHUNK", chunk)
    path = ROOT / "tests" / "scenes" / "arrows.excalidraw"
    out = io.BytesIO()
    write_svg(load(path), None, out)
    assert out.getvalue() == render_svg(load(path)).encode("utf-8")


def test_streamed_svg_of_a_seed_sample() -> None:
    sample = ROOT / "samples" / "system-design-template.excalidraw.md"
    out = io.BytesIO()
    write_svg(load(sample), None, out)
    assert out.getvalue() == render_svg(load(sample)).encode("utf-8")


def test_restore_can_release_the_parsed_elements() -> None:
    raw = json.loads((SCENES[0]).read_text(encoding="utf-8"))
    count = len(raw["elements"])
    kept = restore_scene(json.loads(json.dumps(raw)), "x")
    owned = json.loads(json.dumps(raw))
    released = restore_scene(owned, "x", release=True)
    assert owned["elements"] == [None] * count  # the parse is let go as it is restored
    assert released.elements == kept.elements
    assert "elements" not in released.raw  # the restored elements stand for them


def test_large_json_parses_with_json_not_orjson(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_scene, "ORJSON_MAX_BYTES", 0)
    data = json.dumps({"a": "\ud800x", "b": [1.5, 2**70], "c": "é"}).encode("utf-8")
    assert json_scene.parse_json_bytes(data) == {"a": "\ufffdx", "b": [1.5, 2**70], "c": "é"}
    assert json_scene.parse_json_bytes(b'{"a": 1') is json_scene.UNPARSED
