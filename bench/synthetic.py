"""Deterministic synthetic drawings of any size, mixed like real ones.

The drawing is a grid of "cards"; each card holds about ten elements in the
proportions of the corpus: filled shapes with bound text, free text, arrows
(straight, curved, elbow; with heads, some with a label), lines (open and a
filled closed polygon), a freedraw stroke with a long point list. Some cards
are grouped, and a few frames each enclose a block of cards. Density is about
6,000 px² of canvas per element, the dense end of the corpus (corpus median
~18,000), so the canvas, and with it the raster, grows linearly with the count.

Run: .venv/bin/python bench/synthetic.py 10000 out.excalidraw
"""

from __future__ import annotations

import json
import math
import random
import sys
from pathlib import Path
from typing import Any

SEED = 20240611
CARD_W, CARD_H = 300, 210  # ~10 elements per card -> ~6,300 px² per element
FRAME_CARDS = 6  # a frame encloses FRAME_CARDS x FRAME_CARDS cards
FILLS = ("solid", "hachure", "cross-hatch", "zigzag")
COLORS = ("#1e1e1e", "#e03131", "#2f9e44", "#1971c2", "#f08c00")
BACKGROUNDS = ("#a5d8ff", "#b2f2bb", "#ffec99", "#ffc9c9", "transparent")
HEADS = ("arrow", "triangle", "dot", "bar", "circle", "diamond", None)
FONTS = (5, 5, 5, 1, 2, 3, 6, 8)  # Excalifont most often, like current drawings
WORDS = ("service", "queue", "cache", "client", "database", "worker", "gateway", "auth", "index",
         "replica", "shard", "stream", "batch", "metrics", "log", "api", "storage", "scheduler")


class _Builder:
    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd
        self.elements: list[dict[str, Any]] = []
        self.count = 0

    def base(self, kind: str, x: float, y: float, w: float, h: float, **extra: Any) -> dict[str, Any]:
        rnd = self.rnd
        self.count += 1
        el: dict[str, Any] = {
            "id": f"{kind[:2]}{self.count}", "type": kind, "x": round(x, 2), "y": round(y, 2),
            "width": round(w, 2), "height": round(h, 2), "angle": 0,
            "strokeColor": rnd.choice(COLORS), "backgroundColor": "transparent",
            "fillStyle": "solid", "strokeWidth": rnd.choice((1, 2, 2, 4)),
            "strokeStyle": rnd.choice(("solid", "solid", "solid", "dashed", "dotted")),
            "roughness": rnd.choice((0, 1, 1, 2)), "opacity": 100, "groupIds": [], "frameId": None,
            "roundness": None, "seed": rnd.randrange(1, 2**31), "version": 1,
            "versionNonce": rnd.randrange(1, 2**31), "isDeleted": False, "boundElements": None,
            "updated": 1700000000000, "link": None, "locked": False, "index": None,
        }
        el.update(extra)
        self.elements.append(el)
        return el

    def text(self, x: float, y: float, text: str, container: dict[str, Any] | None = None) -> dict[str, Any]:
        size = self.rnd.choice((16, 20, 20, 28))
        family = self.rnd.choice(FONTS)
        lines = text.split("\n")
        w = max(len(line) for line in lines) * size * 0.55
        h = len(lines) * size * 1.25
        if container is not None:
            x = container["x"] + (container["width"] - w) / 2
            y = container["y"] + (container["height"] - h) / 2
        el = self.base("text", x, y, w, h, text=text, originalText=text, fontSize=size, fontFamily=family,
                       textAlign="center" if container else "left",
                       verticalAlign="middle" if container else "top",
                       containerId=container["id"] if container else None, lineHeight=1.25,
                       autoResize=True, strokeColor="#1e1e1e", roughness=1, strokeStyle="solid")
        if container is not None:
            container["boundElements"] = [*(container["boundElements"] or []), {"type": "text", "id": el["id"]}]
        return el

    def words(self, n: int) -> str:
        return " ".join(self.rnd.choice(WORDS) for _ in range(n))


def _shape(b: _Builder, kind: str, x: float, y: float, w: float, h: float) -> dict[str, Any]:
    rnd = b.rnd
    return b.base(kind, x, y, w, h, backgroundColor=rnd.choice(BACKGROUNDS), fillStyle=rnd.choice(FILLS),
                  roundness={"type": 3} if kind == "rectangle" and rnd.random() < 0.5 else
                  ({"type": 2} if kind != "rectangle" and rnd.random() < 0.3 else None))


def _linear(b: _Builder, kind: str, x: float, y: float, points: list[list[float]], **extra: Any) -> dict[str, Any]:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return b.base(kind, x, y, max(xs) - min(xs), max(ys) - min(ys), points=points,
                  lastCommittedPoint=None, startBinding=None, endBinding=None, **extra)


def _card(b: _Builder, cx: float, cy: float, index: int) -> list[dict[str, Any]]:
    """About ten elements inside the CARD_W x CARD_H cell at (cx, cy)."""
    rnd = b.rnd
    start = len(b.elements)
    box = _shape(b, "rectangle", cx + 10, cy + 10, 120, 60)
    b.text(0, 0, b.words(2), container=box)
    other = _shape(b, rnd.choice(("ellipse", "diamond")), cx + 170, cy + 10, 110, 70)
    b.text(0, 0, b.words(1) + "\n" + b.words(1), container=other)
    b.text(cx + 10, cy + 150, b.words(rnd.randint(1, 4)))

    # Arrows: straight, curved (round), elbow; each with heads.
    style = index % 3
    if style == 0:
        arrow = _linear(b, "arrow", cx + 130, cy + 40, [[0, 0], [40, 5]], elbowed=False)
    elif style == 1:
        arrow = _linear(b, "arrow", cx + 130, cy + 45, [[0, 0], [20, 25], [40, 0]], elbowed=False,
                        roundness={"type": 2})
    else:
        arrow = _linear(b, "arrow", cx + 70, cy + 70, [[0, 0], [0, 30], [150, 30], [150, 10]], elbowed=True,
                        fixedSegments=None, startIsSpecial=None, endIsSpecial=None, roughness=0)
    arrow.update(startArrowhead=rnd.choice(HEADS[3:]), endArrowhead=rnd.choice(HEADS[:-1]))
    if index % 4 == 0:
        b.text(0, 0, rnd.choice(WORDS), container=arrow)
    down = _linear(b, "arrow", cx + 225, cy + 80, [[0, 0], [10, 60]], elbowed=False,
                   startArrowhead=None, endArrowhead="arrow")

    # Lines: an open polyline and, every other card, a filled closed polygon.
    _linear(b, "line", cx + 140, cy + 120, [[0, 0], [30, 20], [60, -5], [80, 15]],
            startArrowhead=None, endArrowhead=None)
    if index % 2 == 0:
        _linear(b, "line", cx + 240, cy + 150, [[0, 0], [40, 10], [20, 45], [0, 0]],
                backgroundColor=rnd.choice(BACKGROUNDS[:-1]), fillStyle=rnd.choice(FILLS),
                startArrowhead=None, endArrowhead=None)

    # Freedraw: a long wobbly stroke with pressures.
    n = rnd.randint(60, 400)
    phase = rnd.uniform(0, math.tau)
    pts = [[round(i * 0.4, 2), round(12 * math.sin(phase + i / 9) + rnd.uniform(-1.5, 1.5), 2)] for i in range(n)]
    pressures = [round(0.3 + 0.5 * abs(math.sin(i / 17)), 3) for i in range(n)] if index % 3 == 0 else []
    _linear(b, "freedraw", cx + 150, cy + 185, pts, pressures=pressures, simulatePressure=not pressures)

    card = b.elements[start:]
    if index % 5 == 0:  # group the first shape with its text, like a user would
        group = f"g{index}"
        for el in card[:2]:
            el["groupIds"] = [group]
    down["boundElements"] = None
    return card


def synthetic_scene(n: int, seed: int = SEED) -> dict[str, Any]:
    """An Excalidraw scene (file JSON) with exactly ``n`` elements."""
    rnd = random.Random(seed * 1_000_003 + n)
    b = _Builder(rnd)
    cards = max(1, math.ceil(n / 10))
    cols = max(1, math.ceil(math.sqrt(cards * CARD_H / CARD_W)))
    frames: list[tuple[int, int]] = []
    index = 0
    while len(b.elements) < n:
        row, col = divmod(index, cols)
        for el in _card(b, col * CARD_W, row * CARD_H, index):
            fr = (row // FRAME_CARDS, col // FRAME_CARDS)
            # A few frames: one block of cards out of every ~7.
            if (fr[0] * 3 + fr[1] * 2) % 7 == 0:
                el["frameId"] = f"frame-{fr[0]}-{fr[1]}"
                if fr not in frames:
                    frames.append(fr)
        index += 1
    elements = b.elements[: max(0, n - len(frames))]
    # Elements cut off at the end may have been referenced as containers.
    kept = {e["id"] for e in elements}
    for el in elements:
        if el["boundElements"]:
            el["boundElements"] = [r for r in el["boundElements"] if r["id"] in kept] or None
    frame_elements = []
    for fr_row, fr_col in frames:
        fid = f"frame-{fr_row}-{fr_col}"
        if not any(e["frameId"] == fid for e in elements):
            continue
        frame_elements.append(b.base("frame", fr_col * FRAME_CARDS * CARD_W - 5, fr_row * FRAME_CARDS * CARD_H - 5,
                                     FRAME_CARDS * CARD_W + 10, FRAME_CARDS * CARD_H + 10, name=f"Frame {fid[6:]}",
                                     strokeColor="#bbb", roughness=0, strokeWidth=2, strokeStyle="solid"))
    for el in elements:
        if el["frameId"] and not any(f["id"] == el["frameId"] for f in frame_elements):
            el["frameId"] = None
    # Frames come first in z-order, as Excalidraw keeps them below their children.
    all_elements = frame_elements + elements
    while len(all_elements) < n:  # frames dropped for lack of children: pad with free text
        all_elements.append(b.text(0, -100 - 30 * len(all_elements), b.words(2)))
    return {"type": "excalidraw", "version": 2, "source": "https://excalidraw.com",
            "elements": all_elements[:n],
            "appState": {"viewBackgroundColor": "#ffffff", "gridSize": None}, "files": {}}


def write_synthetic(n: int, path: Path) -> Path:
    """Write the ``n``-element scene to ``path`` (only when missing or stale) and return it."""
    data = json.dumps(synthetic_scene(n), separators=(",", ":"))
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != data:
        path.write_text(data, encoding="utf-8")
    return path


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: synthetic.py N OUT.excalidraw")
    print(write_synthetic(int(sys.argv[1]), Path(sys.argv[2])))
