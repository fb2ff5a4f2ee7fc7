"""Make the README's side-by-side pictures: our PNG beside Excalidraw's own.

Run by hand (needs the oracle, see ../shared/oracle/README.md):

    .venv/bin/python tools/make_readme_images.py [--oracle ~/.cache/oracle/oracle]

For each scene it renders our PNG (SVG through cairosvg, no browser) and
Excalidraw's PNG (the Obsidian plugin's build in headless Chromium), and
writes ``docs/compare-<name>.png``: ours on the left, Excalidraw's on the right.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
SCENES = {
    "shapes": ROOT / "tests/scenes/shapes_fill.excalidraw",
    "arrows": ROOT / "tests/scenes/arrows.excalidraw",
    "text": ROOT / "tests/scenes/partb/text.excalidraw",
    "freedraw": ROOT / "tests/scenes/partb/freedraw.excalidraw",
    "frames": ROOT / "tests/scenes/partb/frames.excalidraw",
}
MAX_SIDE = 900


def stem(path: Path) -> str:
    name = path.name
    for suffix in (".excalidraw.md", ".excalidraw", ".md"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def fit(im: Image.Image) -> Image.Image:
    im = im.convert("RGBA")
    bg = Image.new("RGBA", im.size, "white")
    bg.alpha_composite(im)
    im = bg.convert("RGB")
    scale = min(1.0, MAX_SIDE / max(im.size))
    if scale < 1:
        im = im.resize((round(im.width * scale), round(im.height * scale)), Image.LANCZOS)
    return im


def side_by_side(ours: Image.Image, theirs: Image.Image) -> Image.Image:
    ours, theirs = fit(ours), fit(theirs)
    label_h, gap = 28, 16
    w = ours.width + theirs.width + gap
    h = max(ours.height, theirs.height) + label_h
    out = Image.new("RGB", (w, h), "white")
    out.paste(ours, (0, label_h))
    out.paste(theirs, (ours.width + gap, label_h))
    draw = ImageDraw.Draw(out)
    draw.text((4, 6), "excalidraw-exporter (cairosvg, no browser)", fill="#1971c2")
    draw.text((ours.width + gap + 4, 6), "Excalidraw (official export)", fill="#e03131")
    draw.line([(ours.width + gap // 2, 0), (ours.width + gap // 2, h)], fill="#ced4da", width=1)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--oracle", default=str(Path.home() / ".cache/oracle/oracle"))
    args = parser.parse_args()
    out_dir = ROOT / "docs"
    out_dir.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        ours_dir, ref_dir = Path(tmp, "ours"), Path(tmp, "ref")
        inputs = [str(p) for p in SCENES.values()]
        subprocess.run([sys.executable, "-m", "exporter", "render", *inputs, "-o", str(ours_dir), "-f", "png", "-q"], check=True)
        subprocess.run([args.oracle, "render", "--no-svg", str(ref_dir), *inputs], check=True, stdout=subprocess.DEVNULL)
        for name, path in SCENES.items():
            ours = Image.open(ours_dir / f"{stem(path)}.png")
            theirs = Image.open(ref_dir / f"{stem(path)}.png")
            side_by_side(ours, theirs).save(out_dir / f"compare-{name}.png", optimize=True)
            print(out_dir / f"compare-{name}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
