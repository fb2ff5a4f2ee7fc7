"""SVG fidelity on the real corpus: our SVG, drawn by Chromium, against Excalidraw's own PNG.

For every drawing in ../shared/corpus/{json,obsidian}/ (skipped cleanly when
absent): render our SVG, rasterise it in headless Chromium (the oracle's
``rasterize``, which draws an SVG as an ``<img>`` at its own size, so only what
the SVG embeds is used), and score it against ``reference/<stem>.png``
(Excalidraw's canvas render, scale 1, padding 10). Two drawings have no PNG
(their canvas is too large for the browser): for those both SVGs, ours and
Excalidraw's, are rasterised and compared.

Scores (images composited over white, aligned top-left, padded with the
reference's background colour):

* ``ssim``: mean structural similarity of the grayscale images (7x7 uniform
  window, the usual constants); downscaled by an integer factor above 25 M px.
* ``ink F1``: ink = pixels whose colour differs from the image's background
  (its most common colour; light ink on dark backgrounds works the same) by
  more than 60 in some channel. Precision = our ink with reference ink within
  2 px; recall = reference ink with our ink within 2 px.

Writes bench/results/fidelity.json and, for the worst drawings, side-by-side
pictures out/fidelity/diff/<stem>.png (reference | ours | overlay: gray both,
red reference only, blue ours only).

Run: .venv/bin/python bench/fidelity.py [stem ...] [--worst N]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from reference_svg import as_we_write_it  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
REFERENCE = CORPUS / "reference"
ORACLE = Path.home() / ".cache" / "oracle" / "oracle"
OUT = ROOT / "out" / "fidelity"
RESULTS = ROOT / "bench" / "results"
INK_THRESHOLD = 60
MATCH_RADIUS = 2
MAX_PIXELS = 25_000_000
Image.MAX_IMAGE_PIXELS = None


def stem_of(path: Path) -> str:
    name = path.name
    for suffix in (".excalidraw.md", ".excalidraw", ".json", ".md"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def drawings(wanted: list[str]) -> list[Path]:
    files = sorted([*CORPUS.glob("json/*"), *CORPUS.glob("obsidian/*")])
    files = [f for f in files if f.suffix in (".excalidraw", ".md", ".json")]
    return [f for f in files if not wanted or stem_of(f) in wanted]


def load_rgb(path: Path) -> np.ndarray:
    im = Image.open(path)
    im.load()
    im = im.convert("RGBA")
    white = Image.new("RGBA", im.size, (255, 255, 255, 255))
    return np.asarray(Image.alpha_composite(white, im).convert("RGB"))


def background(rgb: np.ndarray) -> np.ndarray:
    flat = rgb.reshape(-1, 3)[:: max(1, rgb.shape[0] * rgb.shape[1] // 200_000)]
    keys = (flat[:, 0].astype(np.int32) << 16) | (flat[:, 1].astype(np.int32) << 8) | flat[:, 2]
    values, counts = np.unique(keys, return_counts=True)
    k = int(values[np.argmax(counts)])
    return np.array([(k >> 16) & 255, (k >> 8) & 255, k & 255], dtype=np.int16)


def pad(rgb: np.ndarray, shape: tuple[int, int], fill: np.ndarray) -> np.ndarray:
    out = np.empty((*shape, 3), dtype=np.uint8)
    out[:] = fill.astype(np.uint8)
    h, w = min(shape[0], rgb.shape[0]), min(shape[1], rgb.shape[1])
    out[:h, :w] = rgb[:h, :w]
    return out


def downscale(a: np.ndarray, f: int) -> np.ndarray:
    if f == 1:
        return a
    h, w = a.shape[0] // f * f, a.shape[1] // f * f
    a = a[:h, :w].astype(np.float32)
    return a.reshape(h // f, f, w // f, f, *a.shape[2:]).mean(axis=(1, 3))


def box_mean(a: np.ndarray, r: int) -> np.ndarray:
    """Mean over a (2r+1)^2 window ('valid' region), via summed-area tables."""
    s = np.pad(a, ((1, 0), (1, 0))).cumsum(0).cumsum(1)
    k = 2 * r + 1
    return (s[k:, k:] - s[:-k, k:] - s[k:, :-k] + s[:-k, :-k]) / (k * k)


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    a = a.astype(np.float64) / 255
    b = b.astype(np.float64) / 255
    if min(a.shape) < 8:
        return float(a.shape == b.shape and np.allclose(a, b))
    c1, c2 = 0.01**2, 0.03**2
    ma, mb = box_mean(a, 3), box_mean(b, 3)
    va = box_mean(a * a, 3) - ma * ma
    vb = box_mean(b * b, 3) - mb * mb
    cov = box_mean(a * b, 3) - ma * mb
    n = 49
    va, vb, cov = va * n / (n - 1), vb * n / (n - 1), cov * n / (n - 1)
    s = ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2))
    return float(s.mean())


def dilate(mask: np.ndarray, r: int) -> np.ndarray:
    out = mask.copy()
    h, w = mask.shape
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            if dx == 0 and dy == 0:
                continue
            ys, yd = (slice(0, h - dy), slice(dy, h)) if dy >= 0 else (slice(-dy, h), slice(0, h + dy))
            xs, xd = (slice(0, w - dx), slice(dx, w)) if dx >= 0 else (slice(-dx, w), slice(0, w + dx))
            out[yd, xd] |= mask[ys, xs]
    return out


def score(ours_png: Path, ref_png: Path, diff_png: Path | None = None) -> dict[str, float]:
    ref = load_rgb(ref_png)
    ours = load_rgb(ours_png)
    bg = background(ref)
    shape = (max(ref.shape[0], ours.shape[0]), max(ref.shape[1], ours.shape[1]))
    ref, ours = pad(ref, shape, bg), pad(ours, shape, bg)
    f = 1
    while shape[0] * shape[1] / (f * f) > MAX_PIXELS:
        f += 1
    ink_ref = (np.abs(ref.astype(np.int16) - bg).max(axis=2) > INK_THRESHOLD)
    ink_ours = (np.abs(ours.astype(np.int16) - background(ours)).max(axis=2) > INK_THRESHOLD)
    if f > 1:
        ink_ref = downscale(ink_ref, f) > 0.25
        ink_ours = downscale(ink_ours, f) > 0.25
    near_ref, near_ours = dilate(ink_ref, MATCH_RADIUS), dilate(ink_ours, MATCH_RADIUS)
    n_ours, n_ref = int(ink_ours.sum()), int(ink_ref.sum())
    precision = float((ink_ours & near_ref).sum() / n_ours) if n_ours else float(n_ref == 0)
    recall = float((ink_ref & near_ours).sum() / n_ref) if n_ref else float(n_ours == 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    gray = np.array([0.299, 0.587, 0.114])
    s = ssim(downscale(ref @ gray, f), downscale(ours @ gray, f))
    if diff_png is not None:
        write_diff(ref, ours, ink_ref if f == 1 else None, ink_ours if f == 1 else None, diff_png)
    return {"ssim": round(s, 4), "ink_f1": round(f1, 4), "precision": round(precision, 4),
            "recall": round(recall, 4), "size_ours": list(load_size(ours_png)), "size_ref": list(load_size(ref_png))}


def load_size(path: Path) -> tuple[int, int]:
    with Image.open(path) as im:
        return im.size


def write_diff(ref: np.ndarray, ours: np.ndarray, ink_ref: np.ndarray | None, ink_ours: np.ndarray | None,
               path: Path) -> None:
    if ink_ref is None or ink_ours is None:
        return
    overlay = np.full((*ink_ref.shape, 3), 255, dtype=np.uint8)
    overlay[ink_ref & ink_ours] = (128, 128, 128)
    overlay[ink_ref & ~ink_ours] = (220, 0, 0)
    overlay[ink_ours & ~ink_ref] = (0, 0, 220)
    sep = np.zeros((ref.shape[0], 4, 3), dtype=np.uint8)
    im = Image.fromarray(np.concatenate([ref, sep, ours, sep, overlay], axis=1))
    if im.width > 3000:
        im = im.resize((3000, max(1, im.height * 3000 // im.width)))
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path)


def svg_size(path: Path) -> tuple[float, float]:
    head = path.read_text(encoding="utf-8", errors="replace")[:600]
    w = re.search(r'width="([\d.]+)"', head)
    h = re.search(r'height="([\d.]+)"', head)
    return (float(w.group(1)) if w else 0, float(h.group(1)) if h else 0)


def fit_scale(path: Path, budget: float = 40_000_000) -> float:
    """A scale at which Chromium can draw the SVG (its canvas limit is ~268 M px)."""
    w, h = svg_size(path)
    if w * h <= budget:
        return 1
    return round(math.sqrt(budget / (w * h)), 3)


def rasterize(outdir: Path, svgs: list[Path], scale: float = 1) -> None:
    if not svgs:
        return
    extra = ["--scale", str(scale)] if scale != 1 else []
    # A file Chromium cannot draw (e.g. over its canvas limit) fails alone; the others are written.
    done = subprocess.run([str(ORACLE), "rasterize", *extra, str(outdir), *map(str, svgs)],
                          capture_output=True, text=True)
    for line in (done.stdout + done.stderr).splitlines():
        if "FAIL" in line or "rror" in line:
            print(f"rasterize: {line.strip()[:200]}")


def main() -> int:
    parser = argparse.ArgumentParser(description="SVG fidelity against Excalidraw's renders")
    parser.add_argument("stems", nargs="*")
    parser.add_argument("--worst", type=int, default=6, help="diff pictures for the N worst drawings")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}; nothing to do")
        return 0
    if not ORACLE.exists():
        print(f"oracle not found at {ORACLE}; nothing to do")
        return 0
    from exporter.load import load
    from exporter.render import RenderOptions, render_svg

    svg_dir, png_dir, ref_dir = OUT / "svg", OUT / "png", OUT / "ref-png"
    for d in (svg_dir, png_dir, ref_dir):
        d.mkdir(parents=True, exist_ok=True)
    rows: list[dict] = []
    svgs: list[Path] = []
    no_png: list[Path] = []
    for path in drawings(args.stems):
        stem = stem_of(path)
        t0 = time.perf_counter()
        try:
            scene = load(path)
            svg = render_svg(scene, RenderOptions())
        except Exception as exc:  # a crash is a result too: scored 0
            rows.append({"stem": stem, "error": f"{type(exc).__name__}: {exc}", "ink_f1": 0.0, "ssim": 0.0})
            continue
        ms = (time.perf_counter() - t0) * 1000
        out = svg_dir / f"{stem}.svg"
        out.write_text(svg, encoding="utf-8")
        svgs.append(out)
        rows.append({"stem": stem, "render_ms": round(ms, 1), "warnings": len(scene.warnings)})
        if not (REFERENCE / f"{stem}.png").exists():
            no_png.append(REFERENCE / f"{stem}.svg")
    no_png_stems = {p.stem for p in no_png}
    rasterize(png_dir, [p for p in svgs if p.stem not in no_png_stems])
    for ref_svg in no_png:  # too large for a PNG at scale 1: draw both SVGs at a common smaller scale
        scale = fit_scale(ref_svg)
        # Stand in for Excalidraw's PNG, which strokes frame outlines 2 px wide where
        # its SVG carries the Obsidian build's invalid colour-as-width (1 px in Chromium).
        canvas_like = ref_dir / "svg" / ref_svg.name
        canvas_like.parent.mkdir(parents=True, exist_ok=True)
        canvas_like.write_text(as_we_write_it(ref_svg.read_text(encoding="utf-8")), encoding="utf-8")
        rasterize(ref_dir, [canvas_like], scale)
        rasterize(png_dir, [svg_dir / ref_svg.name], scale)
    for row in rows:
        if "error" in row:
            continue
        stem = row["stem"]
        ref_png = REFERENCE / f"{stem}.png"
        if not ref_png.exists():
            ref_png = ref_dir / f"{stem}.png"
            row["reference"] = "svg rasterised"
        ours_png = png_dir / f"{stem}.png"
        if not ours_png.exists() or not ref_png.exists():
            row.update(error="not rasterised", ink_f1=0.0, ssim=0.0)
            continue
        row.update(score(ours_png, ref_png))
    rows.sort(key=lambda r: r["ink_f1"])
    for row in rows[: args.worst]:
        ours_png = png_dir / f"{row['stem']}.png"
        ref_png = REFERENCE / f"{row['stem']}.png"
        if "error" not in row and ref_png.exists() and ours_png.exists():
            score(ours_png, ref_png, OUT / "diff" / f"{row['stem']}.png")
    print(f"{'drawing':34} {'ink F1':>7} {'prec':>6} {'recall':>6} {'ssim':>6} {'ms':>7}")
    for row in sorted(rows, key=lambda r: r["stem"]):
        if "error" in row:
            print(f"{row['stem']:34} {'ERROR':>7} {row['error'][:60]}")
            continue
        note = " (svg vs svg)" if row.get("reference") else ""
        print(f"{row['stem']:34} {row['ink_f1']:7.4f} {row['precision']:6.3f} {row['recall']:6.3f} "
              f"{row['ssim']:6.4f} {row['render_ms']:7.1f}{note}")
    f1s = [r["ink_f1"] for r in rows]
    ssims = [r["ssim"] for r in rows]
    summary = {"drawings": len(rows), "median_ink_f1": statistics.median(f1s) if f1s else None,
               "worst_ink_f1": min(f1s) if f1s else None, "median_ssim": statistics.median(ssims) if ssims else None,
               "worst": rows[0]["stem"] if rows else None}
    print(f"median ink F1 {summary['median_ink_f1']:.4f}, worst {summary['worst_ink_f1']:.4f} ({summary['worst']}), "
          f"median ssim {summary['median_ssim']:.4f}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "fidelity.json").write_text(json.dumps({"summary": summary, "rows": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
