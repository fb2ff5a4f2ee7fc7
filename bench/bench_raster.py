"""Speed and memory of SVG -> PNG (and PDF) on the seed template (~10,500 x 6,800 px at scale 1).

Each measurement runs in a fresh Python process so that its peak RSS
(``ru_maxrss``) is the conversion's own, interpreter and libraries included.
Targets: PNG < 2 s and < 800 MB. The machine is shared: wall time rises with the
load average (printed), CPU time much less.

The SVG comes from our renderer when the loader is there
(``exporter.load.load_scene``), else from the oracle
(``~/.cache/oracle/oracle render --no-png``), else from ``--svg FILE``.

Run: ``.venv/bin/python bench/bench_raster.py [--svg FILE] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "system-design-template.excalidraw.md"
ORACLE = Path.home() / ".cache" / "oracle" / "oracle"
TARGET_SECONDS, TARGET_MB = 2.0, 800


def seed_svg(workdir: Path) -> tuple[Path, str]:
    """(path of the seed's SVG, where it came from)."""
    sys.path.insert(0, str(ROOT))
    try:
        from exporter.load import load_scene  # type: ignore[attr-defined]
        from exporter.render import render_svg

        out = workdir / "seed.svg"
        out.write_text(render_svg(load_scene(SEED)), encoding="utf-8")
        return out, "exporter.render"
    except ImportError:
        pass
    subprocess.run([str(ORACLE), "render", "--no-png", str(workdir), str(SEED)], check=True,
                   capture_output=True)
    return workdir / "system-design-template.svg", "oracle (Excalidraw's own SVG)"


def child(svg_path: Path, fmt: str) -> None:
    sys.path.insert(0, str(ROOT))
    from exporter.raster import svg_to_pdf, svg_to_png

    svg = svg_path.read_text(encoding="utf-8")
    warnings: list[str] = []
    start = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = start.ru_utime + start.ru_stime
    t0 = time.perf_counter()
    if fmt == "png":
        data = svg_to_png(svg, warnings=warnings)
    else:
        data = svg_to_pdf([svg], warnings=warnings)
    seconds = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - cpu0
    print(json.dumps({"seconds": seconds, "cpu": cpu, "rss_mb": usage.ru_maxrss / 1024, "bytes": len(data),
                      "warnings": warnings}))


def measure(svg_path: Path, fmt: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", fmt, "--svg", str(svg_path)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--svg", type=Path, help="SVG to convert (default: the seed template)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", choices=("png", "pdf"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.svg, args.child)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        svg_path, origin = (args.svg, "--svg") if args.svg else seed_svg(Path(tmp))
        head = svg_path.read_text(encoding="utf-8")[:400]
        print(f"input: {svg_path.name} from {origin}; {head[head.find('width='):head.find('width=') + 60]}")
        print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
        for fmt in ("png", "pdf"):
            runs = [measure(svg_path, fmt) for _ in range(args.repeat)]
            secs = statistics.median(r["seconds"] for r in runs)
            cpu = statistics.median(r["cpu"] for r in runs)
            rss = max(r["rss_mb"] for r in runs)
            verdict = ""
            if fmt == "png":
                ok = secs < TARGET_SECONDS and rss < TARGET_MB
                verdict = f"  target <{TARGET_SECONDS:g} s, <{TARGET_MB} MB: {'OK' if ok else 'MISSED'}"
            print(f"{fmt}: median {secs:.2f} s wall ({cpu:.2f} s CPU, all threads) over {len(runs)} runs, "
                  f"peak RSS {rss:.0f} MB, "
                  f"{runs[0]['bytes'] / 1e6:.2f} MB output{verdict}")
            for w in runs[0]["warnings"]:
                print(f"  warning: {w}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
