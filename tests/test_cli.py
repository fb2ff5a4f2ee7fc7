"""The excalidraw-export command line, run as a subprocess like a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from exporter.cli.main import output_stem
from exporter.cli.output import output_path, write_atomic
from exporter.errors import OutputError

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "load"
NOTE = FIXTURES / "vault" / "Drawings" / "Architecture.md"
LEGACY = FIXTURES / "legacy-2020.excalidraw"
BROKEN = FIXTURES / "broken"


def run(*args: str, stdin: bytes | None = None, code: str | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "exporter", *args]
    return subprocess.run(cmd, input=stdin, capture_output=True, cwd=ROOT, timeout=300)


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_render_svg_names_and_warnings(tmp_path):
    out = tmp_path / "out"
    done = run("render", str(NOTE), str(LEGACY), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert files_in(out) == ["Architecture.svg", "legacy-2020.svg"]
    svg = (out / "Architecture.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "</svg>" in svg
    stderr = done.stderr.decode()
    assert f"warning: {NOTE}: image missing.png not found" in stderr.splitlines()
    assert f"warning: {LEGACY}: unknown element type 'hexagon' skipped (2 elements)" in stderr.splitlines()
    assert done.stdout.decode().splitlines() == [str(out / "Architecture.svg"), str(out / "legacy-2020.svg")]


def test_formats_repeated_and_comma_separated(tmp_path):
    done = run("render", str(LEGACY), "-o", str(tmp_path), "-f", "svg,png", "-f", "pdf", "-q")
    assert done.returncode == 0, done.stderr
    assert files_in(tmp_path) == ["legacy-2020.pdf", "legacy-2020.png", "legacy-2020.svg"]
    assert (tmp_path / "legacy-2020.png").read_bytes().startswith(b"\x89PNG")
    assert (tmp_path / "legacy-2020.pdf").read_bytes().startswith(b"%PDF")
    assert done.stdout == b""


def test_unknown_format_is_a_usage_error(tmp_path):
    done = run("render", str(LEGACY), "-o", str(tmp_path), "-f", "gif")
    assert done.returncode == 2 and b"unknown format 'gif'" in done.stderr
    assert files_in(tmp_path) == []


def test_embed_scene_round_trip(tmp_path):
    done = run("render", str(NOTE), "-o", str(tmp_path), "--embed-scene", "-f", "svg,png")
    assert done.returncode == 0, done.stderr
    for name in ("Architecture.svg", "Architecture.png"):
        info = run("info", "--json", str(tmp_path / name))
        assert info.returncode == 0, info.stderr
        summary = json.loads(info.stdout)
        assert summary["kind"] == name.rsplit(".", 1)[1]
        assert summary["types"] == {"image": 5, "arrow": 1, "rectangle": 1, "text": 1}


def test_stdin(tmp_path):
    done = run("render", "-", "-o", str(tmp_path), stdin=LEGACY.read_bytes())
    assert done.returncode == 0, done.stderr
    assert files_in(tmp_path) == ["stdin.svg"]


def test_info(tmp_path):
    done = run("info", str(NOTE))
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode()
    assert f"{NOTE}: obsidian/compressed-json, 8 elements" in text
    assert "types: image 5, arrow 1, rectangle 1, text 1" in text
    assert "fonts: 5 Excalifont (1 texts)" in text
    assert "files: 0 embedded, 2 from the vault, 3 missing" in text
    assert "| # Architecture" in text
    assert "warning: image missing.png not found" in text
    summary = json.loads(run("info", "--json", str(NOTE)).stdout)
    assert summary["bounds"] == {"x": 0, "y": 0, "width": 744, "height": 100}


@pytest.mark.parametrize("name, message", [
    ("empty.excalidraw", "empty file"),
    ("truncated.excalidraw.md", "compressed-json block is truncated"),
    ("not-base64.excalidraw.md", "invalid base64 in compressed-json block"),
    ("bad-json.excalidraw.md", "invalid JSON in json block: "),
    ("not-a-scene.json", "not an Excalidraw drawing: no elements"),
    ("plain-note.md", "not an Excalidraw drawing: "),
])
def test_bad_input_one_line_error_no_output(tmp_path, name, message):
    path = BROKEN / name
    done = run("render", str(path), "-o", str(tmp_path), "-f", "svg,png")
    assert done.returncode == 1
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}: {message}")
    assert b"Traceback" not in done.stderr
    assert files_in(tmp_path) == []


def test_missing_file_and_directory(tmp_path):
    out = tmp_path / "out"
    empty = tmp_path / "empty"  # a folder is searched for drawings (tests/test_batch.py)
    empty.mkdir()
    done = run("render", str(tmp_path / "nope.excalidraw"), str(empty), "-o", str(out))
    assert done.returncode == 1
    lines = done.stderr.decode().splitlines()
    assert f"error: {tmp_path / 'nope.excalidraw'}: file not found" in lines
    assert f"error: {empty}: directory has no drawings" in lines
    assert lines[-1].startswith("error: 2 of 2 inputs failed")
    assert files_in(out) == []


def test_batch_goes_on_past_a_bad_file(tmp_path):
    done = run("render", str(BROKEN / "empty.excalidraw"), str(LEGACY), "-o", str(tmp_path), "-q")
    assert done.returncode == 1
    assert files_in(tmp_path) == ["legacy-2020.svg"]
    assert done.stderr.decode().splitlines()[-1] == f"error: 1 of 2 inputs failed: {BROKEN / 'empty.excalidraw'}"


LEAN_IMPORTS = """
import sys
from exporter.cli.main import main
status = main(sys.argv[1:])
heavy = ("numpy", "importlib.metadata", "PIL", "cairo", "cairosvg", "uharfbuzz", "jinja2", "rich", "markdown_it")
print(" ".join(name for name in heavy if name in sys.modules))
sys.exit(status)
"""


def test_svg_export_imports_nothing_heavy(tmp_path):
    """Start-up is part of every export: the SVG path loads none of the raster, document or batch UI stack."""
    freedraw = ROOT / "tests" / "scenes" / "partb" / "dark.excalidraw"  # freedraw strokes, frames
    done = run("render", str(NOTE), str(LEGACY), str(freedraw), "-o", str(tmp_path), "-q", "-f", "svg",
               code=LEAN_IMPORTS)
    assert done.returncode == 0, done.stderr
    from exporter.accel import accelerator

    # Without the C freedraw outline (not built, or EXCALIDRAW_EXPORTER_PURE) its numpy fallback runs.
    allowed = [] if accelerator("exporter.render._freehand") else ["numpy"]
    assert [name for name in done.stdout.decode().split() if name not in allowed] == []


BUGGY = """
import sys
import exporter.render
def broken(scene, options=None, out=None):
    raise ZeroDivisionError("boom")
exporter.render.render_svg = broken
exporter.render.write_svg = broken
from exporter.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def test_internal_error_is_one_line_and_keeps_old_output(tmp_path):
    (tmp_path / "legacy-2020.svg").write_text("old", encoding="utf-8")
    done = run("render", str(LEGACY), "-o", str(tmp_path), code=BUGGY)
    assert done.returncode == 1
    lines = [line for line in done.stderr.decode().splitlines() if not line.startswith("warning: ")]
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {LEGACY}: internal error: ZeroDivisionError: boom")
    assert "--debug" in lines[0]
    assert files_in(tmp_path) == ["legacy-2020.svg"]  # no temp or staging files left
    assert (tmp_path / "legacy-2020.svg").read_text(encoding="utf-8") == "old"
    debug = run("render", str(LEGACY), "-o", str(tmp_path), "--debug", code=BUGGY)
    assert b"Traceback" in debug.stderr and debug.returncode == 1


def test_same_stem_twice_is_refused(tmp_path):
    other = tmp_path / "in" / "legacy-2020.excalidraw"
    other.parent.mkdir()
    other.write_bytes(LEGACY.read_bytes())
    out = tmp_path / "out"
    done = run("render", str(LEGACY), str(other), "-o", str(out), "-q")
    assert done.returncode == 1
    assert f"error: {other}: output name 'legacy-2020' already used by {LEGACY}" in done.stderr.decode()
    assert files_in(out) == ["legacy-2020.svg"]


def test_output_names():
    assert output_stem("a/My Note.excalidraw.md") == "My Note"
    assert output_stem("x.excalidraw") == "x"
    assert output_stem("plain.md") == "plain"
    assert output_stem("scene.excalidraw.png") == "scene"
    assert output_stem("pic.svg") == "pic"
    assert output_stem("data.json") == "data"
    assert output_stem("-") == "stdin"
    assert output_stem(".md") == ".md"


def test_output_paths_stay_in_the_folder(tmp_path):
    for bad in ("../x.svg", "a/b.svg", "..", "", "x\0.svg"):
        with pytest.raises(OutputError):
            output_path(tmp_path, bad)
    assert output_path(tmp_path, "ok.svg") == tmp_path / "ok.svg"


def test_write_atomic_replaces_only_complete_files(tmp_path):
    target = tmp_path / "f.txt"
    write_atomic(target, "one")
    write_atomic(target, b"two")
    assert target.read_text() == "two"
    assert files_in(tmp_path) == ["f.txt"]
    blocker = tmp_path / "dir.txt"
    blocker.mkdir()
    with pytest.raises(OutputError):
        write_atomic(blocker, "x")  # cannot replace a folder: error, no temp file left
    assert files_in(tmp_path) == ["dir.txt", "f.txt"]


def test_only_a_file_that_replaces_another_is_synced(tmp_path, monkeypatch):
    """A replaced output is on the disk before the old one goes; a new one is not synced."""
    import os

    from exporter.cli.output import staging

    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    target = tmp_path / "f.txt"
    write_atomic(target, "one")
    assert synced == []
    write_atomic(target, "two")
    assert len(synced) == 1 and target.read_text() == "two"
    for expected_syncs, text in ((1, "new"), (2, "newer")):
        with staging(tmp_path) as stage:
            write_atomic(stage.path / "g.txt", text)
            stage.publish()
        assert len(synced) == expected_syncs  # the first publish made g.txt, the second replaced it
    assert (tmp_path / "g.txt").read_text() == "newer" and files_in(tmp_path) == ["f.txt", "g.txt"]


def test_stdin_obsidian_note_with_vault(tmp_path):
    done = run("info", "--json", "-", "--vault", str(FIXTURES / "vault"), stdin=NOTE.read_bytes())
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["source"] == "-" and summary["kind"] == "obsidian/compressed-json"
    assert len(summary["files"]["resolved"]) == 2  # [[pic.png]] found by name in the vault


def test_doc_verb_writes_markdown_and_refuses_bad_input(tmp_path):
    done = run("doc", str(LEGACY), str(BROKEN / "truncated.excalidraw.md"), "-o", str(tmp_path), "-q")
    assert done.returncode == 1
    assert f"error: {BROKEN / 'truncated.excalidraw.md'}: compressed-json block is truncated" in done.stderr.decode()
    assert (tmp_path / "legacy-2020.md").is_file()
    assert not any(p.name.startswith(("truncated", ".")) for p in tmp_path.iterdir())


def test_output_never_replaces_the_input(tmp_path):
    svg = tmp_path / "scene.svg"
    done = run("render", str(LEGACY), "-o", str(tmp_path), "--embed-scene", "-q")
    assert done.returncode == 0, done.stderr
    (tmp_path / "legacy-2020.svg").rename(svg)
    before = svg.read_bytes()
    again = run("render", str(svg), "-o", str(tmp_path), "-q")
    assert again.returncode == 1
    assert f"error: {svg}: output would overwrite the input file" in again.stderr.decode()
    assert svg.read_bytes() == before and files_in(tmp_path) == ["scene.svg"]


def test_the_cli_png_is_the_apis(tmp_path):
    """The CLI streams a big PNG to its file band by band; the bytes are render_png's."""
    import exporter

    sample = ROOT / "samples" / "system-design-template.excalidraw.md"
    done = run("render", str(sample), "-o", str(tmp_path), "-f", "png", "--embed-scene", "--dpi", "72")
    assert done.returncode == 0, done.stderr
    written = tmp_path / "system-design-template.png"
    expected = exporter.render_png(exporter.load(sample), embed_scene=True, dpi=72)
    assert written.read_bytes() == expected
    assert [p.name for p in tmp_path.iterdir()] == [written.name]
