"""Batch and vault exports: a generated vault of N drawings exported cold, warm (nothing changed) and after one edit.

The drawings are Obsidian notes built from bench/synthetic.py scenes of 8-40
elements (a different seed each, so every drawing differs), in nested folders,
with notes embedding some of them. Each run is the real command line in a
subprocess, so process start-up and worker start-up are counted.

Run: .venv/bin/python bench/bench_vault.py [--drawings 500] [--jobs 2] [--verb vault|render]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import synthetic_scene  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def drawing_note(n: int, seed: int) -> str:
    data = synthetic_scene(n, seed)
    return (f"---\nexcalidraw-plugin: parsed\ntags: [bench]\n---\n# Drawing {seed}\n\n# Excalidraw Data\n"
            f"## Text Elements\n%%\n## Drawing\n```json\n{json.dumps(data)}\n```\n%%\n")


def make_vault(root: Path, count: int) -> list[Path]:
    (root / ".obsidian").mkdir(parents=True)
    drawings = []
    for i in range(count):
        folder = root / f"area-{i % 10}" / f"topic-{i % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"drawing-{i:04d}.excalidraw.md"
        path.write_text(drawing_note(8 + (i * 7) % 33, 1000 + i), encoding="utf-8")
        drawings.append(path)
    for k in range(count // 10):
        embeds = "\n".join(f"![[drawing-{j:04d}.excalidraw]]" for j in range(k * 10, k * 10 + 10, 3))
        (root / f"area-{k % 10}" / f"note-{k}.md").write_text(f"# Note {k}\n\n{embeds}\n", encoding="utf-8")
    return drawings


CPU: list[float] = []  # CPU seconds (user + sys) of each run, workers included


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(verb: str, vault: Path, out: Path, jobs: int) -> float:
    cmd = [sys.executable, "-m", "exporter", verb, str(vault), "-o", str(out), "-q", "-j", str(jobs)]
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    CPU.append(_children_cpu() - cpu)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drawings", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--verb", choices=("vault", "render"), default="vault")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        vault, out = Path(tmp) / "vault", Path(tmp) / "site"
        drawings = make_vault(vault, args.drawings)
        cold = run(args.verb, vault, out, args.jobs)
        warm = run(args.verb, vault, out, args.jobs)
        edited = drawings[len(drawings) // 2]
        edited.write_text(drawing_note(20, 99999), encoding="utf-8")
        one = run(args.verb, vault, out, args.jobs)
        single = Path(tmp) / "single"
        alone = run("render", edited, single, 1)
    n = args.drawings
    # Wall time depends on what else the machine runs; CPU time is the work done.
    print(f"{args.verb}: {n} drawings, -j {args.jobs}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    print(f"  cold      {cold:7.2f} s   {n / cold:7.1f} drawings/s   cpu {CPU[0]:6.2f} s")
    print(f"  warm      {warm:7.2f} s   cpu {CPU[1]:6.2f} s   (nothing changed; warm/cold = {warm / cold:.3f})")
    print(f"  one edit  {one:7.2f} s   cpu {CPU[2]:6.2f} s   (one drawing alone: {alone:.2f} s, cpu {CPU[3]:.2f} s)")


if __name__ == "__main__":
    main()
