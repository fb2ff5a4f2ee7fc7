"""LZ-String decode speed: our decoder next to the ``lzstring`` PyPI package.

Builds a synthetic 10,000-element scene (~8 MB of JSON, the size of a large
Obsidian drawing), compresses it with the ``lzstring`` package and times
``decompressFromBase64`` (best of a few runs).

    .venv/bin/python bench/bench_lzstring.py [--elements N] [--runs R]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lzstring import LZString  # noqa: E402

from exporter.load import lzstring as ours  # noqa: E402

WORDS = ("alpha", "beta", "gamma", "Δέλτα", "数据", "サーバー", "queue", "🚀 deploy", "cache", "worker")
TYPES = ("rectangle", "ellipse", "diamond", "arrow", "line", "text", "freedraw")


def synthetic_scene(n: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    elements = []
    for i in range(n):
        kind = TYPES[i % len(TYPES)]
        el = {
            "id": f"el{i:06d}{rng.randrange(36**4):x}", "type": kind,
            "x": rng.uniform(-5000, 5000), "y": rng.uniform(-5000, 5000),
            "width": rng.uniform(1, 400), "height": rng.uniform(1, 300), "angle": 0,
            "strokeColor": rng.choice(("#1e1e1e", "#e03131", "#2f9e44", "#1971c2")),
            "backgroundColor": rng.choice(("transparent", "#a5d8ff", "#ffec99")),
            "fillStyle": rng.choice(("solid", "hachure", "cross-hatch")), "strokeWidth": rng.choice((1, 2, 4)),
            "strokeStyle": "solid", "roughness": 1, "opacity": 100, "groupIds": [], "frameId": None,
            "index": f"a{i:05d}", "roundness": {"type": 3}, "seed": rng.randrange(2**31),
            "version": rng.randrange(1, 300), "versionNonce": rng.randrange(2**31), "isDeleted": False,
            "boundElements": [], "updated": 1700000000000 + i, "link": None, "locked": False,
        }
        if kind == "text":
            el.update(text=" ".join(rng.choice(WORDS) for _ in range(rng.randrange(1, 8))), fontSize=20,
                      fontFamily=5, textAlign="left", verticalAlign="top", containerId=None, lineHeight=1.25)
            el["originalText"] = el["text"]
        elif kind in ("arrow", "line", "freedraw"):
            k = 6 if kind == "freedraw" else 3
            el["points"] = [[0, 0]] + [[rng.uniform(-300, 300), rng.uniform(-300, 300)] for _ in range(k)]
        elements.append(el)
    scene = {"type": "excalidraw", "version": 2, "source": "https://excalidraw.com",
             "elements": elements, "appState": {"viewBackgroundColor": "#ffffff", "gridSize": 20}, "files": {}}
    return json.dumps(scene, indent="\t", ensure_ascii=False)


def utf16_units(text: str) -> str:
    """``text`` as JavaScript sees it: one char per UTF-16 code unit.

    The ``lzstring`` package compresses Python characters, so astral ones (emoji)
    must be split into their surrogate pairs first to match JS lz-string.
    """
    data = text.encode("utf-16-le", "surrogatepass")
    return "".join(chr(int.from_bytes(data[i:i + 2], "little")) for i in range(0, len(data), 2))


def best_of(runs: int, fn) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--elements", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    text = synthetic_scene(args.elements)
    packed = LZString().compressToBase64(utf16_units(text))
    print(f"scene: {args.elements} elements, {len(text.encode('utf-8')) / 1e6:.2f} MB JSON, "
          f"{len(packed) / 1e6:.2f} MB base64")
    assert ours.decompress_from_base64(packed) == text
    assert ours.decompress_from_base64_py(packed) == text
    backend = "C extension" if ours._C is not None else "pure Python (C extension not built)"
    t_ours = best_of(args.runs, lambda: ours.decompress_from_base64(packed))
    t_py = best_of(args.runs, lambda: ours.decompress_from_base64_py(packed))
    t_pkg = best_of(max(1, args.runs - 1), lambda: LZString().decompressFromBase64(packed))
    print(f"exporter.load.lzstring ({backend}): {t_ours:.3f} s")
    print(f"exporter.load.lzstring pure Python:  {t_py:.3f} s")
    print(f"lzstring package {'':17} {t_pkg:.3f} s")


if __name__ == "__main__":
    main()
