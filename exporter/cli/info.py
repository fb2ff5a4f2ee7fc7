"""``excalidraw-export info``: what a drawing contains, as text or JSON."""

from __future__ import annotations

import json
import math
from typing import Any

from exporter.scene.model import Scene
from exporter.scene.points import PointList, coordinates

FONT_NAMES = {
    1: "Virgil", 2: "Helvetica", 3: "Cascadia", 4: "Local Font", 5: "Excalifont", 6: "Nunito",
    7: "Lilita One", 8: "Comic Shanns", 9: "Liberation Sans", 10: "Assistant", 100: "Xiaolai",
}
NOTE_LINES = 5


def simple_bounds(scene: Scene) -> dict[str, float] | None:
    """Unrotated min/max box of all elements (points included for linear and freedraw)."""
    xs: list[float] = []
    ys: list[float] = []
    for el in scene.elements:
        x, y = float(el.get("x", 0)), float(el.get("y", 0))
        points = el.get("points")
        if isinstance(points, (list, PointList)) and points:
            point_xs, point_ys = coordinates(points)
            xs += [x + v for v in point_xs]
            ys += [y + v for v in point_ys]
        else:
            w, h = float(el.get("width", 0)), float(el.get("height", 0))
            xs += [x, x + w]
            ys += [y, y + h]
    xs = [v for v in xs if math.isfinite(v)]
    ys = [v for v in ys if math.isfinite(v)]
    if not xs or not ys:
        return None
    return {"x": min(xs), "y": min(ys), "width": max(xs) - min(xs), "height": max(ys) - min(ys)}


def _fonts(scene: Scene) -> dict[str, int]:
    counts: dict[Any, int] = {}
    for el in scene.elements:
        if el["type"] == "text":
            family = el.get("fontFamily")
            counts[family] = counts.get(family, 0) + 1
    return {f"{fid} {FONT_NAMES.get(fid, 'unknown')}": n
            for fid, n in sorted(counts.items(), key=lambda kv: str(kv[0]))}


def _files(scene: Scene) -> dict[str, list[str]]:
    used = [el.get("fileId") for el in scene.elements if el["type"] == "image"]
    embedded, resolved, missing = [], [], []
    for file_id in dict.fromkeys(used):
        entry = scene.embedded.get(file_id) if isinstance(file_id, str) else None
        if entry is not None and entry.path:
            resolved.append(f"{entry.target} -> {entry.path}")
        elif isinstance(file_id, str) and file_id in scene.files:
            embedded.append(f"{file_id} ({scene.files[file_id].get('mimeType', '?')})")
        else:
            missing.append(" ".join(entry.target.split()) if entry is not None else str(file_id))
    return {"embedded": embedded, "resolved": resolved, "missing": missing}


def summary(scene: Scene) -> dict[str, Any]:
    notes = scene.notes.splitlines()
    return {
        "source": scene.source,
        "kind": scene.kind,
        "elements": len(scene.elements),
        "types": scene.counts_by_type(),
        "bounds": simple_bounds(scene),
        "theme": scene.app_state.get("theme"),
        "background": scene.app_state.get("viewBackgroundColor"),
        "frames": [f.get("name") or f["id"] for f in scene.frames],
        "fonts": _fonts(scene),
        "files": _files(scene),
        "notes": notes[:NOTE_LINES],
        "notes_lines": len(notes),
        "warnings": list(scene.warnings),
    }


def info_json(scene: Scene) -> str:
    return json.dumps(summary(scene), ensure_ascii=False, indent=2)


def _num(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def format_info(scene: Scene) -> str:
    s = summary(scene)
    lines = [f"{s['source']}: {s['kind']}, {s['elements']} elements"]
    if s["types"]:
        lines.append("  types: " + ", ".join(f"{k} {v}" for k, v in s["types"].items()))
    b = s["bounds"]
    if b:
        lines.append(f"  bounds: x {_num(b['x'])} y {_num(b['y'])} width {_num(b['width'])} height {_num(b['height'])}")
    lines.append(f"  theme: {s['theme']}, background {s['background']}")
    if s["frames"]:
        lines.append(f"  frames: {', '.join(str(f) for f in s['frames'])}")
    if s["fonts"]:
        lines.append("  fonts: " + ", ".join(f"{k} ({v} texts)" for k, v in s["fonts"].items()))
    files = s["files"]
    if any(files.values()):
        lines.append(f"  files: {len(files['embedded'])} embedded, {len(files['resolved'])} from the vault, "
                     f"{len(files['missing'])} missing")
        lines += [f"    vault: {f}" for f in files["resolved"]]
        lines += [f"    missing: {f}" for f in files["missing"]]
    if s["notes"]:
        more = s["notes_lines"] - len(s["notes"])
        lines.append("  notes:")
        lines += [f"    | {line}" for line in s["notes"]]
        if more > 0:
            lines.append(f"    | ... ({more} more lines)")
    for w in s["warnings"]:
        lines.append(f"  warning: {w}")
    return "\n".join(lines)
