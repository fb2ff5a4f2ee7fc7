"""SVG speed: the seed template end to end (a fresh process, start-up included),
and a synthetic 10,000-element scene rendered in-process.

Targets: template < 0.3 s wall; 10,000 elements < 2 s.

Run: .venv/bin/python bench/bench_svg.py [--repeat N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TEMPLATE = ROOT / "samples" / "system-design-template.excalidraw.md"
PYTHON = ROOT / ".venv" / "bin" / "python"
CLI = ROOT / ".venv" / "bin" / "excalidraw-export"

_INLINE = (
    "import sys; from exporter.load import load; from exporter.render import render_svg; "
    "open(sys.argv[2], 'w', encoding='utf-8').write(render_svg(load(sys.argv[1])))"
)


def template_command(outdir: str) -> list[str]:
    """The CLI when it can render, else the same two calls in a bare interpreter."""
    if CLI.exists():
        probe = subprocess.run([str(CLI), "render", "--help"], capture_output=True)
        if probe.returncode == 0:
            return [str(CLI), "render", str(TEMPLATE), "-o", outdir, "-f", "svg"]
    return [str(PYTHON), "-c", _INLINE, str(TEMPLATE), str(Path(outdir) / "template.svg")]


def bench_template(repeat: int) -> list[float]:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        cmd = template_command(tmp)
        subprocess.run(cmd, check=True, capture_output=True)  # warm the OS file cache
        for _ in range(repeat):
            t0 = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            times.append(time.perf_counter() - t0)
    return times


def synthetic_scene(n: int, seed: int = 7):
    from exporter.scene.model import Scene

    rnd = random.Random(seed)
    elements = []
    kinds = ["rectangle", "ellipse", "diamond", "line", "arrow"]
    fills = ["solid", "hachure", "cross-hatch", "zigzag"]
    for i in range(n):
        kind = kinds[i % len(kinds)]
        x, y = rnd.uniform(0, 20000), rnd.uniform(0, 20000)
        w, h = rnd.uniform(20, 200), rnd.uniform(20, 200)
        el = {
            "id": f"el{i}", "type": kind, "x": x, "y": y, "width": w, "height": h, "angle": 0,
            "strokeColor": "#1e1e1e", "backgroundColor": "#a5d8ff" if i % 3 == 0 else "transparent",
            "fillStyle": fills[i % 4], "strokeWidth": 2, "strokeStyle": "solid", "roughness": 1,
            "opacity": 100, "groupIds": [], "frameId": None, "roundness": {"type": 3} if i % 4 == 0 else None,
            "seed": rnd.randrange(1, 2**31), "isDeleted": False, "boundElements": [], "link": None,
        }
        if kind in ("line", "arrow"):
            pts = [[0, 0], [w, h * 0.3], [w * 0.5, h]][: 2 + i % 2]
            el.update(points=pts, startArrowhead=None, endArrowhead="arrow" if kind == "arrow" else None,
                      elbowed=False)
        elements.append(el)
    return Scene(elements=elements, app_state={"viewBackgroundColor": "#ffffff"})


def bench_synthetic(n: int, repeat: int) -> list[float]:
    from exporter.render import render_svg

    times = []
    for _ in range(repeat):
        scene = synthetic_scene(n)
        t0 = time.perf_counter()
        render_svg(scene)
        times.append(time.perf_counter() - t0)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--elements", type=int, default=10_000)
    args = parser.parse_args()
    t = bench_template(args.repeat)
    print(f"template -> svg (new process): median {statistics.median(t):.3f} s, min {min(t):.3f} s "
          f"(target < 0.3 s)")
    s = bench_synthetic(args.elements, max(1, args.repeat // 2))
    print(f"{args.elements} elements -> svg (in process): median {statistics.median(s):.3f} s, "
          f"min {min(s):.3f} s (target < 2 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
