"""Shared helpers of the document tests: loading drawings, outlines, corpus paths."""

from __future__ import annotations

import json
import re
from pathlib import Path

from exporter.scene.model import Scene

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "document"
SEED = ROOT / "samples" / "system-design-template.excalidraw.md"
CORPUS = ROOT.parent / "shared" / "corpus"


def _fallback_load(path: Path) -> Scene:
    """Until exporter.load lands: plain JSON, or an Obsidian note's json/compressed-json block."""
    text = path.read_text(encoding="utf-8")
    notes = ""
    if path.suffix == ".md":
        m = re.search(r"```compressed-json\n(.*?)```", text, re.S)
        if m:
            from exporter.load.lzstring import decompress_from_base64

            data = json.loads(decompress_from_base64(re.sub(r"\s", "", m.group(1))))
        else:
            data = json.loads(re.search(r"```json\n(.*?)```", text, re.S).group(1))
        body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
        notes = body.split("# Excalidraw Data")[0].strip()
    else:
        data = json.loads(text)
    elements = [e for e in data["elements"] if not e.get("isDeleted")]
    return Scene(elements=elements, app_state=data.get("appState", {}), files=data.get("files", {}),
                 source=str(path), notes=notes, raw=data)


def load_scene(path: Path) -> Scene:
    try:
        from exporter.load import load
    except ImportError:
        return _fallback_load(path)
    return load(path)


def outline(path: Path) -> list[tuple[int, str]]:
    from exporter.document import build_document

    return build_document(load_scene(path), path.name.split(".")[0]).outline()
