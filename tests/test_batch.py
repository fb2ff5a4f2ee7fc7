"""Batches: folders and globs, output structure, -j, incremental runs, config files, --watch, the Python API."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from exporter.cli.main import main
from exporter.cli.manifest import MANIFEST_NAME

ROOT = Path(__file__).resolve().parents[1]


def rect(el_id: str, x: float = 0, y: float = 0, **fields: Any) -> dict[str, Any]:
    return {"id": el_id, "type": "rectangle", "x": x, "y": y, "width": 100, "height": 60, "seed": 7,
            "strokeWidth": 2, "roughness": 1, "fillStyle": "solid", "backgroundColor": "#a5d8ff", **fields}


def scene(*elements: dict[str, Any]) -> dict[str, Any]:
    return {"type": "excalidraw", "version": 2, "elements": list(elements),
            "appState": {"viewBackgroundColor": "#ffffff"}, "files": {}}


def note(data: dict[str, Any], front: str = "", notes: str = "") -> str:
    return (f"---\nexcalidraw-plugin: parsed\n{front}---\n{notes}\n# Excalidraw Data\n## Text Elements\n"
            f"%%\n## Drawing\n```json\n{json.dumps(data)}\n```\n%%\n")


def svg_size(path: Path) -> tuple[float, float]:
    head = path.read_text(encoding="utf-8")[:2000]
    width = re.search(r'<svg[^>]*\swidth="([\d.]+)"', head)
    height = re.search(r'<svg[^>]*\sheight="([\d.]+)"', head)
    assert width and height, head
    return float(width.group(1)), float(height.group(1))


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def drawings(tmp_path: Path) -> Path:
    """A folder of drawings in every container, nested, with one broken file."""
    src = tmp_path / "src"
    (src / "one").mkdir(parents=True)
    (src / "two" / "deep").mkdir(parents=True)
    (src / ".obsidian").mkdir()
    (src / "one" / "a.excalidraw.md").write_text(note(scene(rect("r1"))), encoding="utf-8")
    (src / "two" / "a.excalidraw.md").write_text(note(scene(rect("r1"), rect("r2", x=200))), encoding="utf-8")
    (src / "two" / "deep" / "flow.excalidraw").write_text(json.dumps(scene(rect("r3", y=100))), encoding="utf-8")
    (src / "plain drawing.md").write_text(note(scene(rect("r4"))), encoding="utf-8")
    (src / "just a note.md").write_text("# Not a drawing\n", encoding="utf-8")
    (src / "one" / "a.excalidraw.svg").write_text("<svg/>", encoding="utf-8")  # the plugin's auto-export of a
    (src / ".obsidian" / "hidden.excalidraw").write_text(json.dumps(scene(rect("h"))), encoding="utf-8")
    (src / "two" / "broken.excalidraw").write_text('{"elements": [', encoding="utf-8")
    return src


def test_folder_keeps_structure_and_reports_the_broken_file(drawings: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["render", str(drawings), "-o", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert sorted(tree(out)) == [MANIFEST_NAME, "one/a.svg", "plain drawing.svg", "two/a.svg", "two/deep/flow.svg"]
    assert svg_size(out / "two" / "a.svg")[0] > svg_size(out / "one" / "a.svg")[0]  # two different drawings
    broken = drawings / "two" / "broken.excalidraw"
    assert any(line.startswith(f"error: {broken}: ") for line in err)
    assert "summary: 4 exported, 0 up to date, 1 failed" in err
    assert err[-1] == f"error: 1 of 5 inputs failed: {broken}"


def test_single_file_goes_into_the_output_folder(drawings: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["render", str(drawings / "two" / "deep" / "flow.excalidraw"), "-o", str(out), "-q"]) == 0
    assert sorted(tree(out)) == ["flow.svg"]  # named files: no manifest, always exported


def test_glob_pattern(drawings: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["render", str(drawings / "**" / "a.excalidraw.md"), "-o", str(out), "-q"]) == 0
    assert sorted(tree(out)) == [MANIFEST_NAME, "one/a.svg", "two/a.svg"]
    assert main(["render", str(drawings / "*.nothing"), "-o", str(out), "-q"]) == 1


def test_incremental_skip_force_and_changed_options(drawings: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    (drawings / "two" / "broken.excalidraw").unlink()
    assert main(["render", str(drawings), "-o", str(out)]) == 0
    capsys.readouterr()
    first = {p: (out / p).stat().st_mtime_ns for p in tree(out) if p != MANIFEST_NAME}

    assert main(["render", str(drawings), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert "summary: 0 exported, 4 up to date, 0 failed" in captured.err
    assert captured.out == ""
    assert {p: (out / p).stat().st_mtime_ns for p in first} == first

    edited = drawings / "two" / "deep" / "flow.excalidraw"
    time.sleep(0.01)
    edited.write_text(json.dumps(scene(rect("r3", y=100), rect("r5", x=300))), encoding="utf-8")
    assert main(["render", str(drawings), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [str(out / "two" / "deep" / "flow.svg")]
    assert "summary: 1 exported, 3 up to date, 0 failed" in captured.err

    assert main(["render", str(drawings), "-o", str(out), "--padding", "30"]) == 0  # options changed: all redone
    assert "summary: 4 exported, 0 up to date" in capsys.readouterr().err
    assert main(["render", str(drawings), "-o", str(out), "--padding", "30", "--force"]) == 0
    assert "summary: 4 exported, 0 up to date" in capsys.readouterr().err
    (out / "one" / "a.svg").unlink()  # a missing output is written again
    assert main(["render", str(drawings), "-o", str(out), "--padding", "30"]) == 0
    assert "summary: 1 exported, 3 up to date" in capsys.readouterr().err


def test_parallel_gives_the_same_outputs(drawings: Path, tmp_path: Path) -> None:
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    assert main(["render", str(drawings), "-o", str(serial), "-f", "svg,png", "-q", "-j", "1"]) == 1
    assert main(["render", str(drawings), "-o", str(parallel), "-f", "svg,png", "-q", "-j", "2"]) == 1
    assert tree(serial).keys() == tree(parallel).keys()
    for name, data in tree(serial).items():
        if name != MANIFEST_NAME:
            assert tree(parallel)[name] == data, name
    assert json.loads(tree(serial)[MANIFEST_NAME]) == json.loads(tree(parallel)[MANIFEST_NAME])


def test_a_batch_uses_the_cores_by_default(drawings: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from exporter.cli import batch

    monkeypatch.setattr(batch, "usable_cpus", lambda: 16)
    assert [batch.worker_count(None, n) for n in (1, 3, 100)] == [1, 3, batch.DEFAULT_MAX_WORKERS]
    assert [batch.worker_count(0, 100), batch.worker_count(1, 100), batch.worker_count(12, 5)] == [16, 1, 5]
    # The CLI without -j: as many workers as there are drawings, up to the cores.
    seen = []
    real_run_jobs = batch.run_jobs
    monkeypatch.setattr(batch, "run_jobs", lambda jobs, work, workers, *a: seen.append(workers)
                        or real_run_jobs(jobs, work, 1, *a))
    assert main(["render", str(drawings), "-o", str(tmp_path / "out"), "-q"]) == 1  # one of them is broken
    assert seen == [5]  # a.excalidraw.md twice, flow, plain drawing, broken


def test_doc_verb_takes_folders(drawings: Path, tmp_path: Path) -> None:
    out = tmp_path / "doc"
    assert main(["doc", str(drawings / "two"), "-o", str(out), "-q", "--images", "svg"]) == 1  # broken.excalidraw
    assert (out / "a.md").is_file() and (out / "deep" / "flow.md").is_file()


def test_front_matter_export_settings(tmp_path: Path) -> None:
    from PIL import Image

    src = tmp_path / "d.excalidraw.md"
    front = ("excalidraw-export-padding: 50\nexcalidraw-export-pngscale: 2\nexcalidraw-export-dark: true\n"
             "excalidraw-export-transparent: true\n")
    src.write_text(note(scene(rect("r1")), front=front), encoding="utf-8")
    plain = tmp_path / "p.excalidraw.md"
    plain.write_text(note(scene(rect("r1"))), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["render", str(src), str(plain), "-o", str(out), "-f", "svg,png", "-q"]) == 0
    width, _ = svg_size(out / "d.svg")
    plain_width, _ = svg_size(out / "p.svg")
    assert width == pytest.approx(plain_width + 80)  # padding 50 instead of 10
    assert Image.open(out / "d.png").size[0] == pytest.approx(2 * width, abs=2)  # pngscale 2
    assert Image.open(out / "d.png").mode == "RGBA" and Image.open(out / "d.png").getpixel((0, 0))[3] == 0
    assert 'stroke="#1e1e1e"' in (out / "p.svg").read_text(encoding="utf-8")  # dark: strokes turned light
    assert 'stroke="#1e1e1e"' not in (out / "d.svg").read_text(encoding="utf-8")
    assert main(["render", str(src), "-o", str(out / "flag"), "--padding", "0", "-q"]) == 0  # flags win
    assert svg_size(out / "flag" / "d.svg")[0] == pytest.approx(plain_width - 20)


def test_config_file(drawings: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    (project / "sub").mkdir(parents=True)
    (project / "pyproject.toml").write_text(
        '[tool.excalidraw-export]\nformat = ["svg", "png"]\npadding = 40\n\n'
        '[tool.excalidraw-export.render]\nout = "exported"\n', encoding="utf-8")
    monkeypatch.chdir(project / "sub")  # found from a subfolder, paths relative to the file
    flow = str(drawings / "two" / "deep" / "flow.excalidraw")
    assert main(["render", flow, "-q"]) == 0
    assert sorted(tree(project / "exported")) == ["flow.png", "flow.svg"]
    padded = svg_size(project / "exported" / "flow.svg")[0]
    assert main(["render", flow, "-q", "-o", str(tmp_path / "flags"), "-f", "svg", "--padding", "10"]) == 0
    assert sorted(tree(tmp_path / "flags")) == ["flow.svg"]  # the command line wins
    assert svg_size(tmp_path / "flags" / "flow.svg")[0] == pytest.approx(padded - 60)
    (project / "excalidraw-export.toml").write_text('format = "pdf"\nout = "own"\n', encoding="utf-8")
    assert main(["render", flow, "-q"]) == 0  # excalidraw-export.toml is preferred in the same folder
    assert sorted(tree(project / "own")) == ["flow.pdf"]
    # Another tool's pyproject.toml on the way up (even one TOML cannot read) is passed by.
    (project / "sub" / "pyproject.toml").write_text("[tool.other\nname = 'x'\n", encoding="utf-8")
    (project / "own" / "flow.pdf").unlink()
    assert main(["render", flow, "-q"]) == 0
    assert sorted(tree(project / "own")) == ["flow.pdf"]


def test_watch_handler_re_exports_changed_drawings(drawings: Path, tmp_path: Path) -> None:
    import argparse

    import watchfiles

    from exporter.cli.main import build_parser
    from exporter.cli.watch import handle_changes

    out = tmp_path / "out"
    args: argparse.Namespace = build_parser().parse_args(["render", str(drawings / "two"), "-o", str(out), "-q"])
    flow = drawings / "two" / "deep" / "flow.excalidraw"
    assert handle_changes({(watchfiles.Change.modified, str(drawings / "just a note.md"))}, args, "render",
                          ["svg"]) is None
    result = handle_changes({(watchfiles.Change.modified, str(flow))}, args, "render", ["svg"])
    assert result is not None and [o.status for o in result.outcomes] == ["done"]
    assert sorted(tree(out)) == [MANIFEST_NAME, "deep/flow.svg"]


def test_watch_re_exports_on_change(drawings: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    folder = drawings / "two" / "deep"
    proc = subprocess.Popen([sys.executable, "-m", "exporter", "render", str(folder), "-o", str(out),
                             "--watch", "--watch-timeout", "6"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 5
    while not (out / "flow.svg").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)
    (folder / "new.excalidraw").write_text(json.dumps(scene(rect("n"))), encoding="utf-8")
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr
    assert stdout.splitlines() == [str(out / "flow.svg"), str(out / "new.svg")]


def test_exit_status_and_summary_with_j(drawings: Path, tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "exporter", "render", str(drawings), "-o", str(tmp_path / "o"),
                           "-j", "2"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [str(tmp_path / "o" / p) for p in
                                        ("plain drawing.svg", "one/a.svg", "two/a.svg", "two/deep/flow.svg")]
    assert "Traceback" not in done.stderr


def test_python_api(drawings: Path, tmp_path: Path) -> None:
    import exporter
    from exporter.document.model import Document

    path = drawings / "two" / "a.excalidraw.md"
    loaded = exporter.load(path)
    assert [e["id"] for e in loaded.elements] == ["r1", "r2"]
    svg = exporter.render_svg(loaded, padding=0)
    assert svg.startswith("<svg") and 'width="300' in svg[:500]
    png = exporter.render_png(loaded, scale=2)
    assert png.startswith(b"\x89PNG")
    import io

    from PIL import Image

    assert Image.open(io.BytesIO(png)).size[0] == 2 * round(float(re.search(r'width="([\d.]+)"',
                                                                              exporter.render_svg(loaded)).group(1)))
    with open(tmp_path / "written.png", "wb") as out:
        exporter.write_png(loaded, out, scale=2, embed_scene=True)
    assert (tmp_path / "written.png").read_bytes() == exporter.render_png(loaded, scale=2, embed_scene=True)
    assert exporter.render_pdf(loaded, frame=None).startswith(b"%PDF")
    assert isinstance(exporter.build_document(loaded), Document)
    written = exporter.export(path, tmp_path / "api", formats=("svg", "png"), transparent=True)
    assert written == [tmp_path / "api" / "a.svg", tmp_path / "api" / "a.png"]
    assert all(p.stat().st_size > 0 for p in written)
    with pytest.raises(TypeError):
        exporter.render_svg(loaded, colour="red")
    import exporter.load as load_package  # the subpackage stays importable next to the function

    assert hasattr(load_package, "load_bytes") and callable(exporter.load)


def test_import_exporter_is_light() -> None:
    code = "import sys, exporter; print(sorted(m for m in sys.modules if m.startswith(('exporter.', 'cairosvg', 'PIL'))))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.strip() == "[]"


def _crash_on_purpose(job: Any) -> Any:
    """A job function that kills its worker process for the job named "crash"."""
    from exporter.cli.batch import Outcome

    if job.source == "crash":
        os._exit(3)
    return Outcome(job)


def test_a_dying_worker_fails_only_its_own_drawing() -> None:
    from exporter.cli.batch import run_jobs
    from exporter.cli.discover import Job

    jobs = [Job(name) for name in ("a", "b", "crash", "c", "d", "e")]
    seen: list[Any] = []
    outcomes = run_jobs(jobs, _crash_on_purpose, 2, seen.append)
    assert [o.job.source for o in outcomes] == [j.source for j in jobs] == [o.job.source for o in seen]
    assert [o.status for o in outcomes] == ["done", "done", "failed", "done", "done", "done"]
    assert "worker process died" in outcomes[2].error


def test_progress_bar_on_a_terminal(drawings: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stdout, stderr = Terminal(), Terminal()
    monkeypatch.setattr(sys, "stdout", stdout)
    monkeypatch.setattr(sys, "stderr", stderr)
    assert main(["render", str(drawings), "-o", str(tmp_path / "out")]) == 1
    assert stdout.getvalue() == ""  # the bar stands for the list of files on a terminal
    err = stderr.getvalue()
    assert "exporting" in err and "summary: 4 exported, 0 up to date, 1 failed" in err
    assert f"error: {drawings / 'two' / 'broken.excalidraw'}: " in err


def test_incremental_flag_for_named_files(drawings: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    flow = str(drawings / "two" / "deep" / "flow.excalidraw")
    for _ in range(2):
        assert main(["render", flow, "-o", str(out), "--incremental"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [str(out / "flow.svg")]  # written once, then up to date
    assert "summary: 0 exported, 1 up to date, 0 failed" in captured.err


def _echo(job: Any) -> Any:
    from exporter.cli.batch import Outcome

    return Outcome(job)


def test_outcomes_come_in_job_order_though_big_files_start_first(tmp_path: Path) -> None:
    from exporter.cli.batch import run_jobs
    from exporter.cli.discover import Job

    jobs = []
    for index, size in enumerate([10, 5000, 1, 90000, 300, 0, 7000]):
        path = tmp_path / f"d{index}.excalidraw"
        path.write_bytes(b"x" * size)
        jobs.append(Job(str(path)))
    jobs.append(Job(str(tmp_path / "missing.excalidraw")))
    seen: list[Any] = []
    outcomes = run_jobs(jobs, _echo, 2, seen.append)
    assert [o.job.source for o in outcomes] == [j.source for j in jobs] == [o.job.source for o in seen]
