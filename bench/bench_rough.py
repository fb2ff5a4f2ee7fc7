"""Speed of exporter.rough: shapes per second with Excalidraw's options.

Prints, for each shape kind, how many drawables per CPU-second the generator makes
and how many it makes *and* prints as 2-decimal SVG path data (what an export
does). Run: .venv/bin/python bench/bench_rough.py [--n 2000]
"""

from __future__ import annotations

import argparse
import random
import time

from exporter.rough import RoughGenerator, to_paths


def excalidraw_options(seed: int, sw: float = 2, fill: str | None = None, style: str = "hachure") -> dict:
    """What generateRoughOptions gives a solid-stroke shape with roughness 1."""
    o = {
        "seed": seed,
        "disableMultiStroke": False,
        "strokeWidth": sw,
        "fillWeight": sw / 2,
        "hachureGap": sw * 4,
        "roughness": 1,
        "stroke": "#1e1e1e",
        "preserveVertices": True,
    }
    if fill:
        o["fill"] = fill
        o["fillStyle"] = style
    return o


def cases(n: int) -> dict:
    rnd = random.Random(7)
    sizes = [(rnd.uniform(40, 300), rnd.uniform(30, 200), rnd.randrange(1, 2**31)) for _ in range(n)]
    rounded = "M 32 0 L {a} 0 Q {w} 0, {w} 32 L {w} {b} Q {w} {h}, {a} {h} L 32 {h} Q 0 {h}, 0 {b} L 0 32 Q 0 0, 32 0"
    return {
        "rectangle": lambda g, w, h, s: g.rectangle(0, 0, w, h, excalidraw_options(s)),
        "ellipse": lambda g, w, h, s: g.ellipse(w / 2, h / 2, w, h, {**excalidraw_options(s), "curveFitting": 1}),
        "rectangle+hachure": lambda g, w, h, s: g.rectangle(0, 0, w, h, excalidraw_options(s, fill="#a5d8ff")),
        "rectangle+solid": lambda g, w, h, s: g.rectangle(
            0, 0, w, h, excalidraw_options(s, fill="#a5d8ff", style="solid")
        ),
        "ellipse+hachure": lambda g, w, h, s: g.ellipse(
            w / 2, h / 2, w, h, {**excalidraw_options(s, fill="#ffec99"), "curveFitting": 1}
        ),
        "rounded rect path": lambda g, w, h, s: g.path(
            rounded.format(a=w - 32, b=h - 32, w=w, h=h), excalidraw_options(s)
        ),
        "rounded rect+solid": lambda g, w, h, s: g.path(
            rounded.format(a=w - 32, b=h - 32, w=w, h=h), excalidraw_options(s, fill="#a5d8ff", style="solid")
        ),
        "arrow curve": lambda g, w, h, s: g.curve([[0, 0], [w / 2, h / 3], [w, h]], excalidraw_options(s)),
    }, sizes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs (CPU time: the machine may be shared)")
    args = parser.parse_args()
    makers, sizes = cases(args.n)
    gen = RoughGenerator()
    print(f"{'shape':20} {'generate/s':>12} {'+ 2-dec paths/s':>16} {'us/shape':>9}")
    for name, make in makers.items():
        best_gen = best_total = float("inf")
        for _ in range(args.repeat):
            t0 = time.process_time()
            drawables = [make(gen, w, h, s) for w, h, s in sizes]
            t1 = time.process_time()
            for d in drawables:
                to_paths(d, 2)
            t2 = time.process_time()
            best_gen = min(best_gen, t1 - t0)
            best_total = min(best_total, t2 - t0)
        n = args.n
        print(f"{name:20} {n / best_gen:12.0f} {n / best_total:16.0f} {1e6 * best_total / n:9.1f}")


if __name__ == "__main__":
    main()
