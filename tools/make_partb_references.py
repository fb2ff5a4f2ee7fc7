"""Render the part-B element scenes with the Excalidraw oracle and store trimmed reference SVGs.

Usage: .venv/bin/python tools/make_partb_references.py [--oracle PATH]

Renders tests/scenes/partb/*.excalidraw with ``oracle render --no-png`` (scenes
whose appState.theme is "dark" with ``--dark``) and writes
tests/scenes/partb/ref/<name>.svg with the ``<style class="style-fonts">``
contents removed (the inlined font subsets are large and not compared).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENES = ROOT / "tests" / "scenes" / "partb"
REF = SCENES / "ref"
FONT_STYLE = re.compile(r'(<style class="style-fonts">)(.*?)(</style>)', re.S)


def strip_fonts(svg: str) -> str:
    return FONT_STYLE.sub(r"\1\3", svg)


def render(oracle: str, scenes: list[Path], dark: bool) -> None:
    if not scenes:
        return
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [oracle, "render", "--no-png", *(["--dark"] if dark else []), tmp, *map(str, scenes)]
        subprocess.run(cmd, check=True)
        for scene in scenes:
            out = Path(tmp) / (scene.name.removesuffix(".excalidraw") + ".svg")
            (REF / out.name).write_text(strip_fonts(out.read_text(encoding="utf-8")), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--oracle", default=str(Path.home() / ".cache" / "oracle" / "oracle"))
    args = parser.parse_args()
    REF.mkdir(exist_ok=True)
    scenes = sorted(SCENES.glob("*.excalidraw"))
    dark = [s for s in scenes if json.loads(s.read_text(encoding="utf-8")).get("appState", {}).get("theme") == "dark"]
    render(args.oracle, [s for s in scenes if s not in dark], dark=False)
    render(args.oracle, dark, dark=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
