"""Benchmarks side by side: our export vs Excalidraw's own (headless browser).

Cases: the seed template, every drawing in ../shared/corpus (when present) and
a synthetic series of 100 / 1,000 / 10,000 / 50,000 elements (bench/synthetic.py).
Each case runs in its own subprocess (so memory high-water marks and caches do
not leak between cases) that times the stages load, svg, png, pdf, doc (wall
and CPU, median of --repeat runs) and then measures peak memory in one more
traced pass (tracemalloc peak per stage, RSS high-water via getrusage).

Side by side, in the same run: the oracle (~/.cache/oracle, real Excalidraw in
headless Chromium) on the same files, SVG and PNG batches, with and without
its browser start-up; our CLI on the same batch, start-up included; and our
LZ-String decoder vs the PyPI ``lzstring`` package on every compressed note.

Writes bench/results/run.json and docs/bench.png (needs matplotlib).

Run: .venv/bin/python bench/run.py [--quick] [--no-oracle] [--stages svg,png]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
CLI = [PYTHON, "-m", "exporter"]
SEED = ROOT / "samples" / "system-design-template.excalidraw.md"
CORPUS = ROOT.parent / "shared" / "corpus"
RESULTS = ROOT / "bench" / "results"
PLOT = ROOT / "docs" / "bench.png"
ORACLE = Path.home() / ".cache" / "oracle" / "oracle"
SYNTHETIC_SIZES = (100, 1_000, 10_000, 50_000)
ALL_STAGES = ("load", "svg", "png", "pdf", "doc")
TRACED_STAGES = ("load", "svg")
ORACLE_TIMEOUT_S = 300
CASE_TIMEOUT_S = 1200

# The corpus target is measured as a user runs a batch: by default one worker per CPU.
CORPUS_TARGET = "corpus SVG >= 20x faster than the official export, start-up included (batch, default workers)"
TARGETS = {
    CORPUS_TARGET: None,
    "10,000 elements to SVG < 2 s": None,
    "10,000 elements to PNG < 5 s": None,
    "time per element flat (<= 1.5x) from 1,000 to 50,000 elements (SVG)": None,
    "peak memory < 500 MB at 50,000 elements": None,
    "seed document (PNG sections) < 3 s": None,
    "seed template to SVG < 0.3 s wall, fresh process": None,
}


# --------------------------------------------------------------------------- worker

def _worker(path: str, stages: list[str], repeat: int, spawned: float) -> dict[str, Any]:
    """Runs inside the per-case subprocess; returns the case's measurements."""
    import tracemalloc

    from exporter.load import load
    from exporter.render import RenderOptions, write_svg

    scratch = tempfile.TemporaryDirectory()
    out: dict[str, Any] = {"stages": {}, "memory": {}}
    state: dict[str, Any] = {}

    def run_stage(stage: str) -> None:
        if stage == "load":
            state["scene"] = load(path)
        elif stage == "svg":
            # As the CLI writes it: streamed to a file (the string would hold 150 MB at 50,000 elements).
            with open(state.setdefault("svg_path", Path(scratch.name) / "out.svg"), "wb") as fh:
                write_svg(state["scene"], RenderOptions(), fh)
        elif stage == "png":
            # As the CLI draws it: from the scene, its SVG written region by region for a big
            # canvas (exporter/raster/banded.py), so this stage includes its own SVG; and
            # written to a file as its bands come, never held whole.
            from exporter import write_png

            with open(state.setdefault("png_path", Path(scratch.name) / "out.png"), "wb") as fh:
                write_png(state["scene"], fh)
        elif stage == "pdf":
            from exporter.raster import svg_to_pdf

            state["pdf"] = svg_to_pdf([state["svg_path"].read_text(encoding="utf-8")], warnings=[])
        elif stage == "doc":
            from exporter.document import export_document
            from exporter.document.options import DocumentOptions

            with tempfile.TemporaryDirectory() as tmp:
                state["doc"] = len(export_document(state["scene"], Path(tmp), "doc", DocumentOptions()))

    needed = ["load"] + [s for s in stages if s != "load"]
    if "png" in needed or "pdf" in needed:
        needed = ["load", "svg"] + [s for s in needed if s not in ("load", "svg")]
    times: dict[str, list[tuple[float, float]]] = {s: [] for s in needed}
    out["rss_stage_mb"] = {}
    for i in range(repeat):
        for stage in needed:
            _announce_stage(stage)
            _reset_rss_peak()
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                run_stage(stage)
            except Exception as exc:  # a failing stage is a result, not a crash of the bench
                out["stages"][stage] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
                needed = [s for s in needed if s != stage and not (stage in ("load", "svg") and s != "load")]
                break
            times[stage].append((time.perf_counter() - t0, time.process_time() - c0))
            peak = _rss_peak_mb()
            if peak is not None:
                out["rss_stage_mb"][stage] = max(peak, out["rss_stage_mb"].get(stage, 0.0))
            if i == 0 and stage == "svg":
                out["first_svg_since_spawn_s"] = time.time() - spawned
    for stage, runs in times.items():
        if runs and "error" not in out["stages"].get(stage, {}):
            out["stages"][stage] = {
                "wall_s": statistics.median(r[0] for r in runs), "cpu_s": statistics.median(r[1] for r in runs),
                "cold_wall_s": runs[0][0], "runs": len(runs),
            }
    scene = state.get("scene")
    if scene is not None:
        out["elements"] = len(scene.elements)
    if "svg_path" in state and state["svg_path"].exists():
        out["svg_bytes"] = state["svg_path"].stat().st_size
    if "png_path" in state and state["png_path"].exists():
        out["png_bytes"] = state["png_path"].stat().st_size
    state.clear()
    _announce_stage("traced")

    # One traced pass: peak Python heap of the Python stages (tracemalloc slows the code ~6x, so
    # no timing here; the raster stages' memory is native, which the RSS figures show).
    tracemalloc.start()
    for stage in [s for s in needed if s in TRACED_STAGES]:
        tracemalloc.reset_peak()
        try:
            run_stage(stage)
        except Exception:
            break
        out["memory"][stage] = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    out["tracemalloc_peak_mb"] = max(out["memory"].values(), default=0.0)
    out["rss_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    scratch.cleanup()
    return out


STAGE_FILE_ENV = "BENCH_STAGE_FILE"


def _announce_stage(stage: str) -> None:
    """Tell the sampling parent which stage runs now (see :class:`_TreeMemory`)."""
    target = os.environ.get(STAGE_FILE_ENV)
    if target:
        Path(target).write_text(stage, encoding="ascii")


class _TreeMemory:
    """Peak summed PSS (proportional set size: shared pages split between their users) of a
    case's process and its children, per stage, sampled every 25 ms from this (the parent)
    process: a big PNG is also drawn by helper processes, whose memory the case's own VmHWM
    does not see, and sampling from outside leaves the measured process' time alone."""

    def __init__(self, pid: int, stage_file: Path) -> None:
        import threading

        self.pid, self.stage_file = pid, stage_file
        self.peak_mb: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> _TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(0.025):
            try:
                stage = self.stage_file.read_text(encoding="ascii") or "start"
            except OSError:
                stage = "start"
            mb = sum(_pss_kb(pid) for pid in _process_tree(self.pid)) / 1024
            self.peak_mb[stage] = max(self.peak_mb.get(stage, 0.0), mb)


def _process_tree(pid: int) -> list[int]:
    pids = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            children = Path(f"/proc/{pid}/task/{task}/children").read_text().split()
            for child in children:
                pids += _process_tree(int(child))
    except OSError:
        pass
    return pids


def _pss_kb(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    found = re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)
    return int(found.group(1)) if found else 0


def _reset_rss_peak() -> None:
    """Linux: writing 5 to clear_refs resets the RSS high-water mark (VmHWM) of this process."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def _rss_peak_mb() -> float | None:
    """VmHWM since the last reset: the peak resident memory of one stage (the process's
    baseline, i.e. the interpreter, modules and the scene, is included)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(found.group(1)) / 1024 if found else None


def run_case(path: Path, stages: list[str], repeat: int, timeout: float) -> dict[str, Any]:
    cmd = [PYTHON, str(Path(__file__)), "--worker", str(path), "--stages", ",".join(stages),
           "--repeat", str(repeat), "--spawned", repr(time.time())]
    with tempfile.TemporaryDirectory() as tmp:
        stage_file = Path(tmp) / "stage"
        env = dict(os.environ, **{STAGE_FILE_ENV: str(stage_file)})
        with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                              env=env) as proc, _TreeMemory(proc.pid, stage_file) as tree:
            try:
                stdout, stderr = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()
                return {"error": f"timed out after {timeout:.0f} s"}
    if proc.returncode != 0:
        return {"error": (stderr.strip().splitlines() or ["failed"])[-1][:300]}
    result = json.loads(stdout.strip().splitlines()[-1])
    result["tree_pss_mb"] = tree.peak_mb
    if "png" in tree.peak_mb:
        result["png_tree_pss_mb"] = tree.peak_mb["png"]
    return result


# --------------------------------------------------------------------------- batches

def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def ours_batch(files: list[Path], fmt: str, jobs: int | None = 1) -> dict[str, Any]:
    """Our CLI over the whole batch (``-j jobs`` workers; None: without -j, as a user runs it):
    wall and CPU, start-up included."""
    from exporter.cli.batch import worker_count

    flag = [] if jobs is None else ["-j", str(jobs)]
    with tempfile.TemporaryDirectory() as tmp:
        c0, t0 = _children_cpu(), time.perf_counter()
        proc = subprocess.run([*CLI, "render", "-q", *flag, "-o", tmp, "-f", fmt, *map(str, files)],
                              capture_output=True, text=True, cwd=ROOT)
        wall, cpu = time.perf_counter() - t0, _children_cpu() - c0
    jobs = worker_count(jobs, len(files))
    failed = sum(1 for line in proc.stderr.splitlines() if line.startswith(("error:", "internal error:")))
    return {"files": len(files), "failed": failed, "wall_s": wall, "cpu_s": cpu, "jobs": jobs,
            "per_file_s": wall / max(1, len(files))}


def corpus_svg_rounds(drawings: list[Path], rounds: int, with_oracle: bool) -> dict[str, Any]:
    """The corpus to SVG by our CLI (``-j 1`` and ``-j`` the cores) and by the official
    export, taking turns ``rounds`` times, so that both sides see the same minutes of a
    shared machine. Each side's figures are its median round (by wall time); every round's
    wall time and ratio are kept beside them."""
    sides: dict[str, list[dict[str, Any]]] = {"corpus_svg_ours": [], "corpus_svg_ours_parallel": [],
                                              "corpus_svg_oracle": []}
    from exporter.cli.batch import worker_count

    parallel = worker_count(None, len(drawings)) > 1  # the default on this machine is not -j 1
    for _ in range(max(1, rounds)):
        sides["corpus_svg_ours"].append(ours_batch(drawings, "svg"))
        if parallel:  # as a user runs a batch: without -j, one worker per CPU
            sides["corpus_svg_ours_parallel"].append(ours_batch(drawings, "svg", jobs=None))
        if with_oracle:
            theirs = oracle_batch(drawings, "svg")
            if theirs is not None and "error" not in theirs:
                sides["corpus_svg_oracle"].append(theirs)
    result: dict[str, Any] = {}
    for name, runs in sides.items():
        if not runs:
            continue
        key = "with_startup_per_file_s" if name == "corpus_svg_oracle" else "wall_s"
        ordered = sorted(runs, key=lambda run: run[key])
        result[name] = {**ordered[(len(ordered) - 1) // 2], "rounds": [round(run[key], 4) for run in runs]}
    oracle_runs = sides["corpus_svg_oracle"]
    for name in ("corpus_svg_ours", "corpus_svg_ours_parallel"):
        if name in result and len(oracle_runs) == len(sides[name]):
            result[name]["round_ratios"] = [round(theirs["with_startup_per_file_s"] / ours["per_file_s"], 1)
                                            for ours, theirs in zip(sides[name], oracle_runs, strict=True)]
    return result


def oracle_batch(files: list[Path], fmt: str) -> dict[str, Any] | None:
    """The official export of ``files`` (one browser for the batch), from the oracle's summary."""
    if not ORACLE.exists() or not files:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        summary = Path(tmp) / "summary.json"
        skip = "--no-png" if fmt == "svg" else "--no-svg"
        t0 = time.perf_counter()
        subprocess.run([str(ORACLE), "render", skip, "--timeout", str(ORACLE_TIMEOUT_S), "--summary", str(summary),
                        str(Path(tmp) / "out"), *map(str, files)], capture_output=True, text=True)
        wall = time.perf_counter() - t0
        if not summary.exists():
            return {"error": "oracle wrote no summary", "wall_s": wall}
        data = json.loads(summary.read_text(encoding="utf-8"))
    result = parse_oracle_summary(data, fmt, len(files))
    result["wall_s"] = wall
    return result


def parse_oracle_summary(data: dict[str, Any], fmt: str, count: int | None = None) -> dict[str, Any]:
    """The oracle's ``--summary`` JSON -> start-up, batch and per-file times (keyed by absolute path)."""
    per_file = {}
    for entry in data.get("files", []):
        per_file[str(Path(ROOT, entry["input"]))] = {
            "ok": bool(entry.get("ok")), "total_s": entry.get("totalMs", 0) / 1000,
            "export_s": entry.get(f"{fmt}Ms", 0) / 1000, "error": entry.get("error"),
        }
    count = len(per_file) if count is None else count
    startup = data.get("startupMs", 0) / 1000
    batch = data.get("batchMs", 0) / 1000
    return {"files": count, "startup_s": startup, "batch_s": batch,
            "with_startup_per_file_s": (startup + batch) / max(1, count),
            "per_file_s": batch / max(1, count), "per_file": per_file,
            "failed": sum(1 for v in per_file.values() if not v["ok"]) + count - len(per_file)}


def merge_oracle_summaries(report: dict[str, Any]) -> None:
    """Take the oracle's figures from summaries saved beside the results
    (``results/oracle-{corpus,synthetic}-{svg,png}.json``, written by ``oracle render
    --summary``), for runs made with --no-oracle while the oracle ran separately."""
    for fmt in ("svg", "png"):
        merged: dict[str, Any] = {}
        for series in ("corpus", "synthetic"):
            path = RESULTS / f"oracle-{series}-{fmt}.json"
            if not path.exists():
                continue
            parsed = parse_oracle_summary(json.loads(path.read_text(encoding="utf-8")), fmt)
            parsed["source"] = path.name
            report["batches"][f"{series}_{fmt}_oracle"] = parsed
            merged.update(parsed["per_file"])
        if merged:
            report["oracle"][fmt] = {"per_file": merged}


def seed_cold_svg(repeat: int) -> dict[str, Any]:
    """The seed template to SVG through the CLI in a fresh process, and what it imported."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [*CLI, "render", "-q", "-o", tmp, "-f", "svg", str(SEED)]
        subprocess.run(cmd, capture_output=True, cwd=ROOT)  # warm the OS file cache
        walls, cpus = [], []
        for _ in range(repeat):
            c0, t0 = _children_cpu(), time.perf_counter()
            subprocess.run(cmd, capture_output=True, cwd=ROOT, check=True)
            walls.append(time.perf_counter() - t0)
            cpus.append(_children_cpu() - c0)
        trace = subprocess.run([PYTHON, "-X", "importtime", *cmd[1:]], capture_output=True, text=True, cwd=ROOT)
    imported = {m.group(1).strip().split(".")[0] for m in re.finditer(r"\|\s*([\w.]+)\s*$", trace.stderr, re.M)}
    heavy = sorted(imported & {"numpy", "cairosvg", "cairocffi", "PIL", "jinja2", "fontTools", "markdown_it"})
    return {"wall_s": statistics.median(walls), "min_wall_s": min(walls), "cpu_s": statistics.median(cpus),
            "heavy_imports": heavy}


def lzstring_compare(notes: list[Path], repeat: int) -> dict[str, Any] | None:
    """Our LZ-String decoder vs the PyPI package on every compressed-json block."""
    try:
        from lzstring import LZString
    except ImportError:
        return None
    from exporter.load import lzstring as ours

    fence = re.compile(r"```compressed-json\s*\n(.*?)```", re.S)
    rows = []
    for note in notes:
        found = fence.findall(note.read_text(encoding="utf-8", errors="replace"))
        if not found:
            continue
        packed = re.sub(r"\s+", "", found[-1])
        theirs_s = min(_timed(LZString.decompressFromBase64, packed) for _ in range(repeat))
        ours_s = min(_timed(ours.decompress_from_base64, packed) for _ in range(repeat))
        rows.append({"file": note.name, "chars": len(packed), "ours_s": ours_s, "pypi_s": theirs_s,
                     "ratio": theirs_s / ours_s if ours_s else None})
    if not rows:
        return None
    total_ours = sum(r["ours_s"] for r in rows)
    total_theirs = sum(r["pypi_s"] for r in rows)
    return {"notes": rows, "ours_total_s": total_ours, "pypi_total_s": total_theirs,
            "ratio": total_theirs / total_ours if total_ours else None}


def _timed(fn, arg: str) -> float:
    t0 = time.perf_counter()
    fn(arg)
    return time.perf_counter() - t0


# --------------------------------------------------------------------------- report

def _fmt_s(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value * 1000:.0f}ms" if value < 1 else f"{value:.2f}s"


def _stage(case: dict[str, Any], stage: str, key: str = "wall_s") -> float | None:
    return case.get("result", {}).get("stages", {}).get(stage, {}).get(key)


TABLE_HEADER = ("case", "elements", "load", "svg", "svg CPU", "png", "pdf", "doc", "heap MB", "RSS MB",
                "Excalidraw svg", "Excalidraw png", "svg x", "png x")


def table_rows(cases: list[dict[str, Any]], oracle: dict[str, Any]) -> list[list[str]]:
    """One row per case; ours = load + stage (median wall), Excalidraw = the oracle's per-file time
    (no browser start-up); "x" = how many times faster we are."""
    rows = []
    for case in cases:
        res = case.get("result", {})
        if "error" in res:
            rows.append([case["name"], "error: " + res["error"]] + [""] * (len(TABLE_HEADER) - 2))
            continue
        osvg = (oracle.get("svg") or {}).get("per_file", {}).get(str(case["path"]))
        opng = (oracle.get("png") or {}).get("per_file", {}).get(str(case["path"]))
        ours_svg = (_stage(case, "load") or 0) + (_stage(case, "svg") or 0)
        # the PNG stage draws from the scene (its SVG included)
        ours_png = (_stage(case, "load") or 0) + _stage(case, "png") if _stage(case, "png") is not None else None
        ex_svg = osvg["total_s"] if osvg and osvg["ok"] else None
        ex_png = opng["total_s"] if opng and opng["ok"] else None
        case["ratios"] = {"svg": ex_svg / ours_svg if ex_svg and ours_svg else None,
                          "png": ex_png / ours_png if ex_png and ours_png else None}
        rows.append([
            case["name"], str(res.get("elements", 0)), _fmt_s(_stage(case, "load")), _fmt_s(_stage(case, "svg")),
            _fmt_s(_stage(case, "svg", "cpu_s")), _fmt_s(_stage(case, "png")), _fmt_s(_stage(case, "pdf")),
            _fmt_s(_stage(case, "doc")), f"{res.get('tracemalloc_peak_mb', 0):.0f}", f"{res.get('rss_peak_mb', 0):.0f}",
            _fmt_s(ex_svg) if osvg is None or osvg["ok"] else "FAILED",
            _fmt_s(ex_png) if opng is None or opng["ok"] else "FAILED",
            _ratio(case["ratios"]["svg"]), _ratio(case["ratios"]["png"]),
        ])
    return rows


def print_table(rows: list[list[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [list(TABLE_HEADER), *rows]) for i in range(len(TABLE_HEADER))]
    widths[0] = min(widths[0], 34)
    for row in [list(TABLE_HEADER), *rows]:
        cells = [row[0][:34].ljust(widths[0])] + [str(c).rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        print(" ".join(cells))


def markdown_table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(TABLE_HEADER) + " |", "|" + "---|" + "---:|" * (len(TABLE_HEADER) - 1)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}x" if value >= 10 else f"{value:.1f}x"


def check_targets(report: dict[str, Any]) -> dict[str, Any]:
    by_name = {c["name"]: c for c in report["cases"]}
    targets: dict[str, Any] = dict(TARGETS)
    batch = report.get("batches", {})
    if batch.get("corpus_svg_ours") and batch.get("corpus_svg_oracle"):
        theirs = batch["corpus_svg_oracle"]["with_startup_per_file_s"]
        serial = theirs / batch["corpus_svg_ours"]["per_file_s"]
        parallel = batch.get("corpus_svg_ours_parallel")
        default = theirs / parallel["per_file_s"] if parallel else serial  # one CPU: the default is -j 1
        targets[CORPUS_TARGET] = {"value": round(default, 1), "met": default >= 20}
        if parallel:  # one worker, for reference (met: None, not a target)
            targets["corpus SVG ratio with -j 1 (one drawing at a time)"] = {"value": round(serial, 1), "met": None}
    s10 = by_name.get("synthetic-10000")
    if s10:
        svg = (_stage(s10, "load") or 0) + (_stage(s10, "svg") or 0)
        targets["10,000 elements to SVG < 2 s"] = {"value": round(svg, 2), "met": svg < 2}
        if _stage(s10, "png") is not None:  # the PNG stage draws its own SVG
            png = (_stage(s10, "load") or 0) + _stage(s10, "png")
            targets["10,000 elements to PNG < 5 s"] = {"value": round(png, 2), "met": png < 5}
    s1, s50 = by_name.get("synthetic-1000"), by_name.get("synthetic-50000")
    if s1 and s50 and _stage(s1, "svg") and _stage(s50, "svg"):
        per1 = (_stage(s1, "load", "cpu_s") + _stage(s1, "svg", "cpu_s")) / 1000
        per50 = (_stage(s50, "load", "cpu_s") + _stage(s50, "svg", "cpu_s")) / 50000
        targets["time per element flat (<= 1.5x) from 1,000 to 50,000 elements (SVG)"] = {
            "value": round(per50 / per1, 2), "met": per50 / per1 <= 1.5}
    if s50 and "result" in s50 and s50["result"].get("rss_stage_mb", {}).get("svg"):
        stage_rss = s50["result"]["rss_stage_mb"]
        rss = max(stage_rss.get("load", 0), stage_rss["svg"])
        targets["peak memory < 500 MB at 50,000 elements (load + SVG export)"] = {"value": round(rss), "met": rss < 500}
        if stage_rss.get("png"):
            png_mb = max(stage_rss["png"], s50["result"].get("png_tree_pss_mb", 0.0))
            targets["peak memory < 500 MB at 50,000 elements (PNG, band helpers' memory added)"] = {
                "value": round(png_mb), "met": png_mb < 500}
    seed = by_name.get("seed")
    if seed and _stage(seed, "doc") is not None:
        doc = _stage(seed, "doc") + _stage(seed, "load")
        targets["seed document (PNG sections) < 3 s"] = {"value": round(doc, 2), "met": doc < 3}
    cold = report.get("seed_cold_svg")
    if cold:
        targets["seed template to SVG < 0.3 s wall, fresh process"] = {
            "value": round(cold["min_wall_s"], 3), "met": cold["min_wall_s"] < 0.3,
            "heavy_imports": cold["heavy_imports"]}
    return targets


def draw_plot(report: dict[str, Any], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib not installed: no plot")
        return False
    synth = [c for c in report["cases"] if c["kind"] == "synthetic" and "error" not in c.get("result", {"error": 1})]
    if not synth:
        return False
    oracle = report.get("oracle", {})
    n = [c["result"]["elements"] for c in synth]
    fig, (ax_t, ax_m) = plt.subplots(1, 2, figsize=(11, 4.2), dpi=110)
    series = [
        ("ours: SVG", lambda c: (_stage(c, "load") or 0) + (_stage(c, "svg") or 0), "C0", "-"),
        ("ours: SVG, CPU time", lambda c: (_stage(c, "load", "cpu_s") or 0) + (_stage(c, "svg", "cpu_s") or 0),
         "C2", ":"),
        ("ours: PNG", lambda c: (_stage(c, "load") or 0) + _stage(c, "png")
         if _stage(c, "png") is not None else None, "C0", "--"),
    ]
    for fmt, style in (("svg", "-"), ("png", "--")):
        per_file = (oracle.get(fmt) or {}).get("per_file", {})
        series.append((f"Excalidraw (browser): {fmt.upper()}",
                       lambda c, p=per_file: p[str(c["path"])]["total_s"] if str(c["path"]) in p and
                       p[str(c["path"])]["ok"] else None, "C3", style))
    for label, value, colour, style in series:
        points = [(x, value(c)) for x, c in zip(n, synth, strict=True)]
        points = [(x, y) for x, y in points if y]
        if points:
            ax_t.plot(*zip(*points, strict=True), style, marker="o", color=colour, label=label)
    ax_t.set(xscale="log", yscale="log", xlabel="elements", ylabel="seconds per drawing (no start-up)",
             title="Export time")
    ax_t.grid(True, which="both", alpha=0.3)
    ax_t.legend(fontsize=8)
    ax_m.plot(n, [c["result"]["rss_peak_mb"] for c in synth], "-o", color="C0",
              label="ours: RSS high-water, all stages (PDF is the largest)")
    svg_rss = [(x, c["result"].get("rss_stage_mb", {}).get("svg")) for x, c in zip(n, synth, strict=True)]
    svg_rss = [(x, y) for x, y in svg_rss if y]
    if svg_rss:
        ax_m.plot(*zip(*svg_rss, strict=True), "-s", color="C1", label="ours: RSS high-water, load + SVG")
    png_mem = [(x, c["result"].get("png_tree_pss_mb")) for x, c in zip(n, synth, strict=True)]
    png_mem = [(x, y) for x, y in png_mem if y]
    if png_mem:
        ax_m.plot(*zip(*png_mem, strict=True), "-^", color="C4",
                  label="ours: PNG, summed PSS of the process and its band helpers")
    ax_m.plot(n, [c["result"]["tracemalloc_peak_mb"] for c in synth], "--o", color="C2",
              label="ours: Python heap peak (tracemalloc)")
    ax_m.axhline(500, color="C3", alpha=0.5, linestyle=":", label="target 500 MB")
    ax_m.set(xscale="log", xlabel="elements", ylabel="MB", title="Peak memory")
    ax_m.grid(True, which="both", alpha=0.3)
    ax_m.legend(fontsize=8)
    fig.suptitle("excalidraw-exporter vs Excalidraw's own export in headless Chromium (synthetic drawings)",
                 fontsize=10)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    return True


# --------------------------------------------------------------------------- main

def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for sub in ("json", "obsidian") if (CORPUS / sub).is_dir()
                  for p in (CORPUS / sub).iterdir() if p.is_file())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="seed + 1,000 elements + 3 corpus drawings")
    parser.add_argument("--no-oracle", action="store_true", help="skip the official export")
    parser.add_argument("--stages", default=",".join(ALL_STAGES), help="comma-separated subset of " +
                        ",".join(ALL_STAGES))
    parser.add_argument("--corpus-stages", default=None, help="stages for corpus drawings (default: --stages)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per stage (1 above 10,000 elements)")
    parser.add_argument("--batch-rounds", type=int, default=3,
                        help="corpus SVG batches, ours and the official export taking turns (medians reported)")
    parser.add_argument("--sizes", default=None, help="synthetic sizes, e.g. 1000,10000")
    parser.add_argument("--oracle-max-elements", type=int, default=10_000,
                        help="synthetic drawings above this size are not exported by the oracle "
                             "(its 50,000-element PNG fails after minutes)")
    parser.add_argument("--from-json", action="store_true",
                        help="measure nothing: report and plot again from bench/results/run.json")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--spawned", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    stages = [s for s in args.stages.split(",") if s]
    if unknown := set(stages) - set(ALL_STAGES):
        parser.error(f"unknown stage(s): {', '.join(sorted(unknown))}")
    if args.worker:
        print(json.dumps(_worker(args.worker, stages, args.repeat, args.spawned or time.time())))
        return 0

    if args.from_json:
        report = json.loads((RESULTS / "run.json").read_text(encoding="utf-8"))
        if not report.get("oracle"):
            merge_oracle_summaries(report)
        publish(report)
        return 0

    from synthetic import write_synthetic  # noqa: PLC0415 - bench/ is the script's folder

    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else (
        [1_000] if args.quick else list(SYNTHETIC_SIZES))
    corpus = corpus_files()
    if args.quick:
        corpus = corpus[:: max(1, len(corpus) // 3)][:3]
    if not corpus:
        print(f"corpus not found at {CORPUS}: skipped")
    synth_dir = RESULTS / "synthetic"
    synthetic = [(n, write_synthetic(n, synth_dir / f"synthetic-{n}.excalidraw")) for n in sizes]

    cases = [{"name": "seed", "kind": "seed", "path": SEED}]
    cases += [{"name": p.name, "kind": "corpus", "path": p} for p in corpus]
    cases += [{"name": f"synthetic-{n}", "kind": "synthetic", "path": p} for n, p in synthetic]
    load_avg = os.getloadavg()
    print(f"{len(cases)} cases, stages {','.join(stages)}, repeat {args.repeat}; "
          f"{os.cpu_count()} CPUs, load average {load_avg[0]:.1f} (shared machine: compare CPU times too)")
    for case in cases:
        big = case["kind"] == "synthetic" and int(case["name"].split("-")[1]) > 10_000
        t0 = time.perf_counter()
        # The document of a 50,000-element scene is not a use case (one section image per region).
        case_stages = [s for s in stages if not (big and s == "doc")]
        if case["kind"] == "corpus" and args.corpus_stages:
            case_stages = [s for s in args.corpus_stages.split(",") if s in ALL_STAGES]
        case["result"] = run_case(case["path"], case_stages, 1 if big else args.repeat, timeout=CASE_TIMEOUT_S)
        print(f"  {case['name']}: {time.perf_counter() - t0:.1f} s", flush=True)
        RESULTS.mkdir(parents=True, exist_ok=True)  # kept as the run goes, in case it is stopped
        (RESULTS / "cases.partial.json").write_text(json.dumps(cases, indent=1, default=str), encoding="utf-8")

    report: dict[str, Any] = {"date": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "cpus": os.cpu_count(),
                              "load_average_start": load_avg, "stages": stages, "repeat": args.repeat,
                              "cases": cases, "batches": {}, "oracle": {}}
    drawings = [SEED, *corpus]
    with_oracle = not args.no_oracle and ORACLE.exists()
    if "svg" in stages:
        print(f"  corpus SVG batches, {args.batch_rounds} rounds ...", flush=True)
        report["batches"].update(corpus_svg_rounds(drawings, args.batch_rounds, with_oracle))
        report["seed_cold_svg"] = seed_cold_svg(max(3, args.repeat))
    if "png" in stages:
        report["batches"]["corpus_png_ours"] = ours_batch(drawings, "png")
    if with_oracle:
        for fmt in ("svg", "png"):
            if fmt not in stages:
                continue
            print(f"  oracle {fmt}: corpus batch ...", flush=True)
            corpus_run = report["batches"].get("corpus_svg_oracle") if fmt == "svg" else oracle_batch(drawings, fmt)
            report["batches"][f"corpus_{fmt}_oracle"] = corpus_run
            print(f"  oracle {fmt}: synthetic series ...", flush=True)
            synth_run = oracle_batch([p for n, p in synthetic if n <= args.oracle_max_elements], fmt)
            report["batches"][f"synthetic_{fmt}_oracle"] = synth_run
            merged = {**((corpus_run or {}).get("per_file") or {}), **((synth_run or {}).get("per_file") or {})}
            report["oracle"][fmt] = {"per_file": merged}
    elif not args.no_oracle:
        print(f"oracle not found at {ORACLE}: official export skipped")
    notes = [p for p in drawings if p.name.endswith(".md")]
    report["lzstring"] = lzstring_compare(notes, max(3, args.repeat))

    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "run.json").write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    publish(report)
    return 0


def publish(report: dict[str, Any]) -> None:
    """Print the table, batches and targets; write results/run.json, results/run.md and the plot."""
    rows = table_rows(report["cases"], report["oracle"])
    print()
    print_table(rows)
    print_batches(report)
    report["targets"] = check_targets(report)
    print("\ntargets:")
    target_lines = []
    for name, value in report["targets"].items():
        mark = "n/a" if value is None else "info" if value["met"] is None else ("MET" if value["met"] else "MISSED")
        line = f"[{mark}] {name}" + ("" if value is None else f": {value['value']}")
        target_lines.append(line)
        print("  " + line)
    out = RESULTS / "run.json"
    out.write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    md = RESULTS / "run.md"
    md.write_text(markdown_table(rows) + "\n" + "\n".join(f"- {t}" for t in target_lines) + "\n", encoding="utf-8")
    print(f"\nwrote {out.relative_to(ROOT)}, {md.relative_to(ROOT)}")
    if draw_plot(report, PLOT):
        print(f"wrote {PLOT.relative_to(ROOT)}")


def print_batches(report: dict[str, Any]) -> None:
    batches = report["batches"]
    print("\nbatches (one process / one browser for all seed + corpus drawings, start-up included):")
    for fmt in ("svg", "png"):
        theirs = batches.get(f"corpus_{fmt}_oracle")
        for ours in (batches.get(f"corpus_{fmt}_ours"), batches.get(f"corpus_{fmt}_ours_parallel")):
            if not ours:
                continue
            print(f"  ours {fmt} -j {ours.get('jobs', 1)}: {ours['files']} files in {_fmt_s(ours['wall_s'])} wall,"
                  f" {_fmt_s(ours['cpu_s'])} CPU = {_fmt_s(ours['per_file_s'])}/file ({ours['failed']} failed)")
            if theirs and "error" not in theirs:
                print(f"  ratio {fmt} per drawing, ours -j {ours.get('jobs', 1)}:"
                      f" {theirs['with_startup_per_file_s'] / ours['per_file_s']:.1f}x with start-up (both);"
                      f" {theirs['batch_s'] / ours['wall_s']:.1f}x Excalidraw without its start-up vs ours with ours")
            if ours.get("round_ratios"):
                print(f"  ratio per round, ours -j {ours.get('jobs', 1)}: "
                      f"{', '.join(f'{r:.1f}x' for r in ours['round_ratios'])}")
        if theirs and "error" not in theirs:
            print(f"  Excalidraw {fmt}: start-up {_fmt_s(theirs['startup_s'])} + batch {_fmt_s(theirs['batch_s'])}"
                  f" = {_fmt_s(theirs['with_startup_per_file_s'])}/file with start-up,"
                  f" {_fmt_s(theirs['per_file_s'])}/file without ({theirs['failed']} failed)")
    synth = batches.get("synthetic_svg_oracle")
    if synth and "error" not in synth:
        failed = [Path(k).name for k, v in synth["per_file"].items() if not v["ok"]]
        print(f"  Excalidraw synthetic SVG: start-up {_fmt_s(synth['startup_s'])}; failed: {failed or 'none'}")
    cold = report.get("seed_cold_svg")
    if cold:
        print(f"  seed -> SVG, fresh CLI process: {_fmt_s(cold['min_wall_s'])} min wall, {_fmt_s(cold['cpu_s'])}"
              f" CPU; heavy imports: {', '.join(cold['heavy_imports']) or 'none'}")
    lz = report.get("lzstring")
    if lz:
        print(f"  LZ-String decode, {len(lz['notes'])} notes: ours {_fmt_s(lz['ours_total_s'])}, PyPI lzstring"
              f" {_fmt_s(lz['pypi_total_s'])} -> {lz['ratio']:.1f}x")


if __name__ == "__main__":
    sys.exit(main())
