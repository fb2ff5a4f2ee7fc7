"""Does one drawing always give the same PNG bytes? Renders it again and again in one
process (with its band helpers, as the CLI does) and counts the renders whose bytes differ
from the first.

    .venv/bin/python bench/png_repeat.py samples/system-design-template.excalidraw.md --seconds 90

A deflate library whose output depends on more than its input shows up here: ISA-L's
igzip, which the exporter used before zlib-ng, gave other bytes (the same pixels) in
about 1 render in 25 of the template at 72 dpi on a 2-core machine.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import exporter  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("drawing", type=Path)
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to keep rendering")
    parser.add_argument("--dpi", type=float, default=72.0)
    args = parser.parse_args()
    scene = exporter.load(args.drawing)
    first = hashlib.sha256(exporter.render_png(scene, dpi=args.dpi)).hexdigest()
    renders, differing = 1, 0
    end = time.monotonic() + args.seconds
    while time.monotonic() < end:
        renders += 1
        if hashlib.sha256(exporter.render_png(scene, dpi=args.dpi)).hexdigest() != first:
            differing += 1
    print(f"{args.drawing.name}: {renders} renders in {args.seconds:.0f} s, {differing} with other bytes than the first")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
