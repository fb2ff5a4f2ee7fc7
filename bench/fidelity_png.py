"""Raster fidelity: our PNG (SVG drawn by cairosvg) against Excalidraw's own PNG.

Modes (``--mode``):

* ``reference`` (default): cairosvg(reference/<stem>.svg) vs reference/<stem>.png,
  Excalidraw's canvas PNG. Includes the library's own SVG-vs-canvas differences
  (missing images are a grey placeholder on canvas only, frame borders...).
* ``reference-svg``: cairosvg(reference/<stem>.svg) vs the same SVG drawn by
  Chromium (``~/.cache/oracle/oracle rasterize``): the raster stage alone
  (fonts, text layout, masks, clipping).
* ``ours``: cairosvg(render_svg(scene)) vs reference/<stem>.png.
* ``chromium``: cairosvg(render_svg(scene)) vs our SVG drawn by Chromium.

Score: ink F1. Ink = pixels whose colour (composited over white) differs from the
image's background (its most common colour) by more than ``--threshold`` in some
channel. A pixel of one image counts as matched when the other image has ink within
2 px (Chebyshev distance). Precision = matched ink of ours / ink of ours, recall =
matched ink of the reference / ink of the reference, F1 their harmonic mean.

Run: ``.venv/bin/python bench/fidelity_png.py [--mode reference|ours|chromium] [stem ...]``
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpus"
REFERENCE = CORPUS / "reference"
ORACLE = Path.home() / ".cache" / "oracle" / "oracle"
MATCH_RADIUS = 2
# Images above this are compared block-averaged (like the oracle's compare) to bound memory.
MAX_COMPARE_PIXELS = 40_000_000
Image.MAX_IMAGE_PIXELS = None  # our own renders and the corpus references


def load_rgb(data: bytes | Path) -> np.ndarray:
    """RGB uint8 array of the image composited over white."""
    im = Image.open(io.BytesIO(data) if isinstance(data, bytes) else data)
    im.load()
    if im.mode != "RGBA":
        im = im.convert("RGBA")
    white = Image.new("RGBA", im.size, (255, 255, 255, 255))
    return np.asarray(Image.alpha_composite(white, im).convert("RGB"))


def ink_mask(rgb: np.ndarray, threshold: int) -> np.ndarray:
    flat = rgb.reshape(-1, 3)
    # Most common colour = background (sampled to keep it cheap on huge canvases).
    sample = flat[:: max(1, flat.shape[0] // 200_000)]
    keys = (sample[:, 0].astype(np.int32) << 16) | (sample[:, 1].astype(np.int32) << 8) | sample[:, 2]
    values, counts = np.unique(keys, return_counts=True)
    bg = int(values[counts.argmax()])
    bg_rgb = np.array([(bg >> 16) & 255, (bg >> 8) & 255, bg & 255], dtype=np.int16)
    return (np.abs(rgb.astype(np.int16) - bg_rgb).max(axis=2) > threshold)


def dilate(mask: np.ndarray, radius: int) -> np.ndarray:
    """Binary dilation by a (2r+1)^2 square, separably."""
    out = mask.copy()
    for axis in (0, 1):
        src = out.copy()
        for d in range(1, radius + 1):
            if axis == 0:
                out[d:, :] |= src[:-d, :]
                out[:-d, :] |= src[d:, :]
            else:
                out[:, d:] |= src[:, :-d]
                out[:, :-d] |= src[:, d:]
    return out


def pad_to(mask: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    out = np.zeros(shape, dtype=bool)
    out[: mask.shape[0], : mask.shape[1]] = mask
    return out


def block_reduce(mask: np.ndarray, factor: int) -> np.ndarray:
    h, w = (mask.shape[0] // factor) * factor, (mask.shape[1] // factor) * factor
    return mask[:h, :w].reshape(h // factor, factor, w // factor, factor).any(axis=(1, 3))


def ink_f1(ours: np.ndarray, ref: np.ndarray, threshold: int = 60) -> tuple[float, float, float]:
    """(f1, precision, recall) of the ink of ``ours`` against ``ref`` (RGB arrays, top-left aligned)."""
    a, b = ink_mask(ours, threshold), ink_mask(ref, threshold)
    shape = (max(a.shape[0], b.shape[0]), max(a.shape[1], b.shape[1]))
    a, b = pad_to(a, shape), pad_to(b, shape)
    factor = 1
    while shape[0] * shape[1] / factor**2 > MAX_COMPARE_PIXELS:
        factor += 1
    if factor > 1:
        a, b = block_reduce(a, factor), block_reduce(b, factor)
    radius = max(1, round(MATCH_RADIUS / factor))
    na, nb = int(a.sum()), int(b.sum())
    if na == 0 and nb == 0:
        return 1.0, 1.0, 1.0
    precision = float((a & dilate(b, radius)).sum()) / na if na else 0.0
    recall = float((b & dilate(a, radius)).sum()) / nb if nb else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


def minimal_scene(path: Path):  # noqa: ANN201 - a Scene
    """Stand-in loader until exporter.load lands: the scene JSON as stored, deleted elements dropped."""
    import re

    from lzstring import LZString

    from exporter.scene.model import Scene

    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        blocks = re.findall(r"```(compressed-json|json)\n(.*?)```", text, re.S)
        kind, body = blocks[-1]
        text = LZString().decompressFromBase64(re.sub(r"\s+", "", body)) if kind == "compressed-json" else body
    data = json.loads(text)
    elements = [e for e in data.get("elements", []) if not e.get("isDeleted")]
    return Scene(elements, data.get("appState") or {}, data.get("files") or {}, source=str(path))


def our_svg(stem: str) -> str:
    """Our renderer's SVG for the corpus drawing ``stem``."""
    from exporter.render import render_svg
    from exporter.render.options import RenderOptions

    try:
        from exporter.load import load_scene  # type: ignore[attr-defined]
    except ImportError:
        load_scene = minimal_scene
    for sub in ("json", "obsidian"):
        for path in sorted((CORPUS / sub).glob(stem + ".*")):
            return render_svg(load_scene(path), RenderOptions())
    raise FileNotFoundError(stem)


def chromium_pngs(svgs: dict[str, str], cache: Path) -> dict[str, Path]:
    """Chromium's PNG of each SVG (one browser for the batch), cached by content hash."""
    cache.mkdir(parents=True, exist_ok=True)
    paths = {stem: cache / f"{hashlib.sha256(svg.encode()).hexdigest()[:24]}.png" for stem, svg in svgs.items()}
    todo = {stem: svg for stem, svg in svgs.items() if not paths[stem].exists()}
    if todo:
        with tempfile.TemporaryDirectory() as tmp:
            for stem, svg in todo.items():
                (Path(tmp) / f"{stem}.svg").write_text(svg, encoding="utf-8")
            out = Path(tmp) / "out"
            subprocess.run([str(ORACLE), "rasterize", str(out), *sorted(str(p) for p in Path(tmp).glob("*.svg"))],
                           check=False, capture_output=True)
            for stem in todo:
                if (out / f"{stem}.png").exists():
                    (out / f"{stem}.png").replace(paths[stem])
    return paths


def main() -> int:
    from exporter.raster import svg_to_png

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stems", nargs="*", help="corpus stems (default: every reference PNG)")
    parser.add_argument("--mode", choices=("reference", "reference-svg", "ours", "chromium"), default="reference")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "fidelity-png-chromium",
                        help="where Chromium renders are cached")
    parser.add_argument("--threshold", type=int, default=60, help="ink threshold (0-255 per channel)")
    parser.add_argument("--save", type=Path, help="write our PNGs into this folder")
    parser.add_argument("--no-text-layout", action="store_true",
                        help="draw text with cairosvg's own layout (first family only) for comparison")
    args = parser.parse_args()
    if args.no_text_layout:
        import exporter.raster.adapt as adapt

        adapt._layout_texts = lambda root, fonts: False
    if not REFERENCE.is_dir():
        print(f"no reference renders at {REFERENCE}")
        return 0
    pattern = "*.svg" if args.mode == "reference-svg" else "*.png"
    stems = args.stems or sorted(p.stem for p in REFERENCE.glob(pattern))
    rows = []
    from_reference = args.mode.startswith("reference")
    svgs = {}
    for stem in stems:
        try:
            svgs[stem] = (REFERENCE / f"{stem}.svg").read_text(encoding="utf-8") if from_reference else our_svg(stem)
        except Exception as exc:  # a renderer failure is reported, not fatal for the table
            print(f"{stem:32} (our renderer failed: {type(exc).__name__}: {exc})")
    stems = [s for s in stems if s in svgs]
    chromium = chromium_pngs(svgs, args.cache) if args.mode in ("reference-svg", "chromium") else {}
    print(f"mode {args.mode}, threshold {args.threshold}")
    print(f"{'stem':32} {'size':>12} {'f1':>7} {'prec':>7} {'recall':>7} {'secs':>6}")
    for stem in stems:
        svg = svgs[stem]
        if chromium and not chromium[stem].exists():
            print(f"{stem:32} (Chromium could not draw it)")
            continue
        t0 = time.perf_counter()
        png = svg_to_png(svg, max_pixels=400_000_000)
        secs = time.perf_counter() - t0
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            (args.save / f"{stem}.png").write_bytes(png)
        target = chromium[stem].read_bytes() if chromium else (REFERENCE / f"{stem}.png").read_bytes()
        ours, ref = load_rgb(png), load_rgb(target)
        f1, p, r = ink_f1(ours, ref, args.threshold)
        rows.append((stem, f1))
        size = f"{ours.shape[1]}x{ours.shape[0]}"
        print(f"{stem:32} {size:>12} {f1:7.4f} {p:7.4f} {r:7.4f} {secs:6.2f}", flush=True)
    scores = [f for _, f in rows]
    worst = min(rows, key=lambda r: r[1])
    print(f"median ink F1 {statistics.median(scores):.4f}, worst {worst[1]:.4f} ({worst[0]}), n={len(rows)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
