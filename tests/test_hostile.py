"""Hostile and broken input through the real CLI (``python -m exporter`` as a subprocess).

For every case: the message (one ``error: <file>: ...`` line naming the input),
the exit status, what is left in the output folder (nothing for a fatal
error), and the SVG is safe to serve: it parses as XML, has no ``<script``, no
``javascript:``, no event attributes and no reference to anything outside the
file. The network test runs the CLI in-process with sockets disabled.
"""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import subprocess
import sys
import urllib.request
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "hostile"
PYTHON = ROOT / ".venv" / "bin" / "python"
if not PYTHON.exists():
    PYTHON = Path(sys.executable)
CLI_TIMEOUT = 120

# -- helpers ----------------------------------------------------------------------------------

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_ALLOWED_HREF = ("#", "data:image/", "http://", "https://", "mailto:", "obsidian://")


def lz_bomb(codes: int, char: str = "a") -> str:
    """An LZ-String base64 stream whose every code repeats the previous entry plus one
    character: ``codes`` codes (~2 bytes each) decode to ``codes**2 / 2`` characters."""
    bits: list[int] = []

    def put(value: int, n: int) -> None:
        for _ in range(n):
            bits.append(value & 1)
            value >>= 1

    put(0, 2)
    put(ord(char), 8)
    size, enlarge, num_bits = 4, 4, 3
    for _ in range(codes):
        put(size, num_bits)  # "the entry being built": w + w[0]
        size += 1
        enlarge -= 1
        if enlarge == 0:
            enlarge, num_bits = 1 << num_bits, num_bits + 1
    put(2, num_bits)
    bits += [0] * (-len(bits) % 6)
    return "".join(_ALPHABET[int("".join(map(str, bits[i:i + 6])), 2)] for i in range(0, len(bits), 6))


def note(block: str, kind: str = "compressed-json") -> str:
    return f"---\nexcalidraw-plugin: parsed\n---\n# Excalidraw Data\n## Drawing\n```{kind}\n{block}\n```\n%%\n"


def scene(*elements: dict[str, Any], files: dict[str, Any] | None = None, **app: Any) -> dict[str, Any]:
    return {"type": "excalidraw", "version": 2, "elements": list(elements),
            "appState": {"viewBackgroundColor": "#ffffff", **app}, "files": files or {}}


def rect(el_id: str = "r1", **fields: Any) -> dict[str, Any]:
    return {"id": el_id, "type": "rectangle", "x": 0, "y": 0, "width": 100, "height": 60, "seed": 7,
            "strokeWidth": 2, "roughness": 1, "fillStyle": "hachure", "backgroundColor": "#a5d8ff", **fields}


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([str(PYTHON), "-m", "exporter", *map(str, args)], capture_output=True, text=True,
                          timeout=CLI_TIMEOUT, cwd=cwd or ROOT, env=env)


def error_lines(proc: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in proc.stderr.splitlines() if line.startswith("error:")]


def assert_no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "internal error" not in proc.stderr, proc.stderr


def assert_fatal(proc: subprocess.CompletedProcess[str], name: Path, out: Path, *fragments: str) -> str:
    """Exit 1, exactly one error line naming the input, nothing written."""
    assert_no_traceback(proc)
    assert proc.returncode == 1, proc.stderr
    errors = error_lines(proc)
    assert len(errors) == 1, proc.stderr
    assert errors[0].startswith(f"error: {name}: "), errors[0]
    for fragment in fragments:
        assert fragment in errors[0], errors[0]
    assert not out.exists() or list(out.iterdir()) == [], sorted(p.name for p in out.iterdir())
    return errors[0]


_CSS_URL = re.compile(r"url\(\s*['\"]?([^)'\"]*)", re.I)


def _unsafe_url(value: str) -> bool:
    """A CSS ``url(...)`` that points anywhere but into this document."""
    return any(not target.strip().startswith("#") for target in _CSS_URL.findall(value))


def assert_safe_svg(svg: str) -> ET.Element:
    """Parses; no script, event handlers, javascript: or outside references (nested SVG images too)."""
    root = ET.fromstring(svg)
    lowered = svg.lower()
    assert "<script" not in lowered
    # "javascript:" may be drawn as text (or sit inside an https URL); as a link it fails the href check below.
    assert "<!entity" not in lowered and "<!doctype" not in lowered
    for node in root.iter():
        tag = node.tag.rsplit("}", 1)[-1].lower()
        assert tag not in ("script", "foreignobject", "iframe", "embed", "object"), tag
        for name, value in node.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            assert not local.startswith("on"), (name, value)
            if local in ("href", "src"):
                # "" (this document) and about:blank are what Excalidraw writes for missing / unsafe links.
                assert value in ("", "about:blank") or value.strip().lower().startswith(_ALLOWED_HREF), value
                if tag in ("image", "use", "feimage") and not value.startswith(("#", "data:image/")):
                    raise AssertionError(f"external resource {value!r}")
                if value.startswith("data:image/svg+xml"):
                    assert_safe_svg(_data_url_text(value))
            assert not _unsafe_url(value), (name, value)
        if tag == "style" and node.text:
            assert "@import" not in node.text.lower()
            assert not _unsafe_url(node.text.replace("url(data:", "url(#data:"))
    return root


def _data_url_text(url: str) -> str:
    head, _, payload = url.partition(",")
    data = base64.b64decode(payload) if ";base64" in head else urllib.request.unquote(payload).encode()
    return data.decode("utf-8")


def render(tmp_path: Path, data: Any, name: str = "drawing.excalidraw", *extra: str) -> tuple[
        subprocess.CompletedProcess[str], Path, Path]:
    src = tmp_path / name
    if isinstance(data, bytes):
        src.write_bytes(data)
    elif isinstance(data, str):
        src.write_text(data, encoding="utf-8")
    else:
        write_json(src, data)
    out = tmp_path / "out"
    return run_cli("render", src, "-o", out, *extra), src, out


def render_warnings(data: dict[str, Any]) -> list[str]:
    """The warnings of loading and rendering ``data`` in-process."""
    from exporter.load import load_bytes
    from exporter.render import RenderOptions, render_svg

    loaded = load_bytes(json.dumps(data).encode("utf-8"), "hostile.excalidraw")
    render_svg(loaded, RenderOptions(embed_fonts=False))
    return loaded.warnings


def only_svg(out: Path) -> str:
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == 1 and files[0].endswith(".svg"), files
    return (out / files[0]).read_text(encoding="utf-8")


# -- fatal input errors: one line, exit 1, nothing written -------------------------------------

@pytest.mark.parametrize(("content", "fragment"), [
    (b"", "empty"),
    (b"\x00\xff\xfe garbage \x80", "not"),
    (b'{"type": "excalidraw", "elements": [', "invalid JSON"),
    (b"[" * 200_000 + b"]" * 200_000, "not"),
    (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "nested too deeply"),
    (b'{"type": "excalidraw", "elements": 5}', "no elements"),
    (b"<html><script>alert(1)</script></html>", "not an Excalidraw drawing"),
])
def test_unreadable_inputs_fail_cleanly(tmp_path: Path, content: bytes, fragment: str) -> None:
    proc, src, out = render(tmp_path, content)
    assert_fatal(proc, src, out, fragment)


def test_nested_json_inside_compressed_block(tmp_path: Path) -> None:
    import lzstring

    packed = lzstring.LZString().compressToBase64('{"elements":' + "[" * 50_000 + "]" * 50_000 + "}")
    proc, src, out = render(tmp_path, note(packed), "deep.excalidraw.md")
    assert_fatal(proc, src, out, "nested too deeply")


def test_truncated_and_corrupt_compressed_blocks(tmp_path: Path) -> None:
    good = lz_bomb(40)
    for name, block, fragment in [("cut.excalidraw.md", good[: len(good) // 2], "truncated"),
                                  ("bad.excalidraw.md", "!!!!not base64!!!!", "base64"),
                                  ("empty.excalidraw.md", "", "empty")]:
        proc, src, out = render(tmp_path, note(block), name)
        assert_fatal(proc, src, out, fragment)


def test_lz_bomb_stops_at_the_limit_without_decoding_everything(tmp_path: Path) -> None:
    """~47 KB of base64 that would expand to 220 M characters: refused with a clear message."""
    bomb = lz_bomb(21_000)
    assert len(bomb) < 60_000
    proc, src, out = render(tmp_path, note(bomb), "bomb.excalidraw.md")
    assert_fatal(proc, src, out, "expands past 200 MB")
    # Peak memory of a fresh CLI process on the bomb (the decoder holds at most the bound's worth of text).
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    peak_kb = int(subprocess.run([str(PYTHON), "-c", probe, str(PYTHON), "-m", "exporter", "info", str(src)],
                                 capture_output=True, text=True, timeout=CLI_TIMEOUT, cwd=ROOT).stdout)
    assert peak_kb < 1_500_000, f"peak RSS {peak_kb // 1024} MB"


def test_lz_decoder_stops_early() -> None:
    """The decoder gives up as soon as the output passes the bound (here 1 M of a 220 M stream)."""
    import time

    from exporter.errors import LimitError
    from exporter.load.lzstring import decompress_from_base64, decompress_from_base64_py

    bomb = lz_bomb(21_000)
    for decoder in (decompress_from_base64, decompress_from_base64_py):
        start = time.process_time()
        with pytest.raises(LimitError):
            decoder(bomb, max_output=1_000_000)
        # Decoding all 220 M characters takes seconds; stopping at 1 M takes milliseconds.
        assert time.process_time() - start < 1.0


def test_png_zlib_bomb_is_refused(tmp_path: Path) -> None:
    from exporter.load.embed import MIME_EXCALIDRAW, PNG_SIGNATURE, _chunk

    deflate = zlib.compressobj(1)
    parts = [deflate.compress(b'{"type":"excalidraw","elements":[],"x":"')]
    block = b" " * (16 * 1024 * 1024)
    parts += [deflate.compress(block) for _ in range(14)]  # 224 MB of JSON
    parts.append(deflate.flush())
    payload = json.dumps({"version": "1", "encoding": "bstring", "compressed": True,
                          "encoded": b"".join(parts).decode("latin-1")}, ensure_ascii=False)
    png = PNG_SIGNATURE + _chunk(b"IHDR", bytes(13)) + _chunk(
        b"tEXt", MIME_EXCALIDRAW.encode() + b"\0" + payload.encode("latin-1")) + _chunk(b"IEND", b"")
    proc, src, out = render(tmp_path, png, "bomb.png")
    assert_fatal(proc, src, out, "expands past 200 MB")


def test_too_many_elements_is_a_limit_error(tmp_path: Path) -> None:
    from exporter.scene.restore import MAX_ELEMENTS

    text = '{"type":"excalidraw","elements":[' + ",".join(['{"type":"x"}'] * (MAX_ELEMENTS + 1)) + "]}"
    proc, src, out = render(tmp_path, text)
    assert_fatal(proc, src, out, "more than")


def test_too_many_frames_is_a_limit_error(tmp_path: Path) -> None:
    from exporter.scene.limits import MAX_FRAMES

    frames = [{"id": f"f{i}", "type": "frame", "x": i * 10, "y": 0, "width": 5, "height": 5}
              for i in range(MAX_FRAMES + 1)]
    proc, src, out = render(tmp_path, scene(*frames))
    assert_fatal(proc, src, out, "frames")


def test_missing_file_and_folder_inputs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for target, fragment in [(tmp_path / "nope.excalidraw", "not found"), (tmp_path, "directory")]:
        proc = run_cli("render", target, "-o", out)
        assert_fatal(proc, target, out, fragment)


# -- recoverable problems: warnings, the rest is drawn ------------------------------------------

def test_bad_numbers_skip_the_element_and_draw_the_rest(tmp_path: Path) -> None:
    text = json.dumps(scene(rect("good"), rect("nan", x=float("nan")), rect("inf", width=float("inf")),
                            rect("huge", y=1e300), rect("str", height="tall")))
    proc, _, out = render(tmp_path, text)
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert "skipped" in proc.stderr
    root = assert_safe_svg(only_svg(out))
    assert len([g for g in root.iter("{http://www.w3.org/2000/svg}g")]) >= 1


def test_unknown_types_and_fields_from_a_newer_excalidraw(tmp_path: Path) -> None:
    proc, _, out = render(tmp_path, (FIXTURES / "newer-excalidraw.excalidraw").read_bytes())
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if "unknown element type" in line]
    assert len(warnings) == 2, proc.stderr  # one per unknown type, not one per element
    assert "hologram" in proc.stderr and "sticky-note-3d" in proc.stderr
    svg = only_svg(out)
    assert_safe_svg(svg)
    assert svg.count("<path") >= 2  # the rectangle and the arrow are drawn


ABSURD_FIELDS = [
    {"strokeWidth": 1e300}, {"strokeWidth": 1e-300}, {"strokeWidth": "wide"}, {"roughness": 1e300},
    {"roughness": -5}, {"seed": "abc"}, {"seed": [1, 2]}, {"seed": {"a": 1}}, {"seed": None}, {"seed": 2 ** 70},
    {"seed": 1.5}, {"opacity": "half"}, {"fillStyle": ["hachure"]}, {"strokeStyle": 3}, {"groupIds": "g"},
    {"groupIds": [f"g{i}" for i in range(5000)]}, {"roundness": "round"}, {"customData": 7},
    {"width": 1e6, "height": 1e6, "strokeWidth": 0.01}, {"fillStyle": "dots", "width": 5e4, "height": 5e4},
]


def test_absurd_fields_do_not_hang_or_crash(tmp_path: Path) -> None:
    """One batch: every drawing has one odd rectangle and one normal one; all export (SVG and PNG)."""
    inputs = []
    for n, fields in enumerate(ABSURD_FIELDS):
        fill = fields.get("fillStyle") if isinstance(fields.get("fillStyle"), str) else "hachure"
        inputs.append(write_json(tmp_path / f"d{n}.excalidraw",
                                 scene(rect("odd", **{"fillStyle": fill, **fields}), rect("ok", x=200))))
    out = tmp_path / "out"
    proc = run_cli("render", *inputs, "-o", out, "-f", "svg", "-q")
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    # PNG costs ~1 s a drawing: only the sizes and widths that stress the raster stage.
    proc = run_cli("render", inputs[0], inputs[3], inputs[-2], "-o", out, "-f", "png", "-q")
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"d{n}.svg" for n in range(len(ABSURD_FIELDS))] + [p.name.replace(".excalidraw", ".png")
                                                          for p in (inputs[0], inputs[3], inputs[-2])])
    for n in range(len(ABSURD_FIELDS)):
        svg = (out / f"d{n}.svg").read_text(encoding="utf-8")
        assert_safe_svg(svg)
        assert svg.count("<path") >= 2, ABSURD_FIELDS[n]  # the normal rectangle is drawn too


def test_tiny_hachure_gap_on_a_huge_shape_is_capped_and_said(tmp_path: Path) -> None:
    proc, _, out = render(tmp_path, scene(rect(width=2e5, height=2e5, strokeWidth=0.1)))
    assert proc.returncode == 0, proc.stderr
    assert_safe_svg(only_svg(out))
    assert "hachure lines; drawn solid" in " ".join(render_warnings(scene(rect(width=2e5, height=2e5, strokeWidth=0.1))))


def test_huge_text_is_cut(tmp_path: Path) -> None:
    from exporter.scene.limits import MAX_TEXT_CHARS

    text = {"id": "t", "type": "text", "x": 0, "y": 0, "width": 100, "height": 25, "fontSize": 1e300,
            "fontFamily": "x;}</style><script>alert(1)</script>", "text": "A" * (MAX_TEXT_CHARS + 10)}
    proc, _, out = render(tmp_path, scene(text))
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert "characters cut" in " ".join(render_warnings(scene(text)))
    svg = only_svg(out)
    assert_safe_svg(svg)
    assert "A" * (MAX_TEXT_CHARS + 1) not in svg


# -- safe SVG -----------------------------------------------------------------------------------

def test_script_injection_attempts_are_neutralised(tmp_path: Path) -> None:
    proc, _, out = render(tmp_path, (FIXTURES / "xss.excalidraw").read_bytes(), "xss.excalidraw", "--embed-scene")
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    svg = only_svg(out)
    root = assert_safe_svg(svg)
    hrefs = [v for n in root.iter() for k, v in n.attrib.items() if k.endswith("href")]
    assert "https://example.org/ok" in hrefs  # the good link is kept
    assert "mailto:someone@example.org" in hrefs
    for bad in ("vbscript:", "file:", "evil.example"):
        assert bad not in svg.lower().split("<metadata>")[0] + svg.lower().split("</metadata>")[-1]
    for scheme in ("javascript", "data", "vbscript", "file"):
        assert f"{scheme}:" not in " ".join(hrefs)
    warnings = " ".join(render_warnings(json.loads((FIXTURES / "xss.excalidraw").read_text(encoding="utf-8"))))
    assert warnings.count("dropped") >= 6, warnings  # javascript: (3), data:, vbscript: (2), file:, relative
    ids = [n.attrib["id"] for n in root.iter() if "id" in n.attrib]
    assert all(set(i) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") for i in ids), ids
    refs = [v for n in root.iter() for v in n.attrib.values() if v.startswith("url(#")]
    assert refs and all(r[5:-1] in ids for r in refs), (refs, ids)
    texts = "".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "</style><script>alert(1)</script>" in texts  # shown as text, not markup


def test_embedded_svg_images_are_sanitised(tmp_path: Path) -> None:
    hostile = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
               b'onload="alert(1)" width="10" height="10"><script>alert(2)</script>'
               b'<image href="https://evil.example/track.png" width="5" height="5"/>'
               b'<use xlink:href="https://evil.example/x.svg#a"/>'
               b'<rect width="5" height="5" style="fill:url(https://evil.example/p.svg#q)" onclick="x()"/>'
               b'<foreignObject><iframe src="https://evil.example"/></foreignObject>'
               b'<style>@import url(https://evil.example/a.css);</style><circle r="3"/></svg>')
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">'
              b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]><svg xmlns="http://www.w3.org/2000/svg">'
              b'<text>&lol3;</text></svg>')
    external = b'<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">' \
               b'<text>&xxe;</text></svg>'

    def image(el_id: str, file_id: str, x: int) -> dict[str, Any]:
        return {"id": el_id, "type": "image", "x": x, "y": 0, "width": 50, "height": 50, "fileId": file_id,
                "status": "saved"}

    files = {
        "svg1": {"id": "svg1", "mimeType": "image/svg+xml",
                 "dataURL": "data:image/svg+xml;base64," + base64.b64encode(hostile).decode()},
        "lol": {"id": "lol", "mimeType": "image/svg+xml",
                "dataURL": "data:image/svg+xml;base64," + base64.b64encode(laughs).decode()},
        "xxe": {"id": "xxe", "mimeType": "image/svg+xml",
                "dataURL": "data:image/svg+xml;base64," + base64.b64encode(external).decode()},
        "html": {"id": "html", "mimeType": "text/html", "dataURL": "data:text/html,<script>alert(1)</script>"},
        "js": {"id": "js", "mimeType": "image/png", "dataURL": "javascript:alert(1)"},
        "web": {"id": "web", "mimeType": "image/png", "dataURL": "https://evil.example/pixel.png"},
    }
    elements = [image(f"i{n}", fid, n * 60) for n, fid in enumerate(files)]
    proc, _, out = render(tmp_path, scene(*elements, rect("r", x=0, y=100), files=files), "img.excalidraw",
                          "-f", "svg,png")
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    svg = (out / "img.svg").read_text(encoding="utf-8")
    assert_safe_svg(svg)
    assert "evil.example" not in svg
    assert "/etc/passwd" not in svg and "root:" not in svg
    assert "lollol" not in svg
    warnings = render_warnings(scene(*elements, files=files))
    assert len([w for w in warnings if "placeholder" in w]) >= 3, warnings  # html, javascript: and web address


def test_no_network_access_during_a_full_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A drawing full of web addresses (links, embeds, image URLs, SVG references) never opens a socket."""
    calls: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        calls.append(repr(args)[:80])
        raise OSError("network access attempted during export")

    real_urlopen = urllib.request.urlopen

    def urlopen(url: Any, *args: Any, **kwargs: Any) -> Any:
        target = url.full_url if isinstance(url, urllib.request.Request) else str(url)
        if target.startswith("data:"):  # decoded in memory by urllib's DataHandler
            return real_urlopen(url, *args, **kwargs)
        return refuse(target)

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    src = tmp_path / "web.excalidraw.md"
    src.write_text((FIXTURES / "web-references.excalidraw.md").read_text(encoding="utf-8"), encoding="utf-8")
    from exporter.cli.main import main

    code = main(["render", str(src), "-o", str(tmp_path / "out"), "-f", "svg,png,pdf", "-q"])
    assert calls == []
    assert code == 0
    assert_safe_svg((tmp_path / "out" / "web.svg").read_text(encoding="utf-8"))
    code = main(["doc", str(src), "-o", str(tmp_path / "doc"), "-q"])
    assert calls == []
    assert code == 0


# -- safe files ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["..excalidraw", "-.excalidraw", ".excalidraw", "ünïcødé 日本語 ✓.excalidraw",
                                  "é" * 100 + ".excalidraw",
                                  "a" * 240 + ".excalidraw.md"])
def test_odd_input_names_stay_in_the_output_folder(tmp_path: Path, name: str) -> None:
    src_dir = tmp_path / "in"
    src_dir.mkdir()
    src = src_dir / name
    text = json.dumps(scene(rect()))
    src.write_text(note(text, "json") if name.endswith(".md") else text, encoding="utf-8")
    out = tmp_path / "out"
    proc = run_cli("render", src, "-o", out, "-f", "svg,png", cwd=src_dir)
    assert_no_traceback(proc)
    assert sorted(p.name for p in tmp_path.iterdir()) in (["in"], ["in", "out"])
    assert not out.exists() or all(p.parent == out for p in out.iterdir())  # even when failing
    assert proc.returncode == 0, proc.stderr
    written = sorted(out.iterdir())
    assert len(written) == 2 and all(p.parent == out and p.is_file() for p in written), written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]
    assert sorted(p.name for p in src_dir.iterdir()) == [name]


def test_frame_names_cannot_leave_the_output_folder(tmp_path: Path) -> None:
    frames = [{"id": f"f{i}", "type": "frame", "x": i * 300, "y": 0, "width": 200, "height": 200, "name": name}
              for i, name in enumerate(["../../escape", "/etc/passwd", "..", "x" * 1000, "日本" * 200,
                                        "a\x00b", "CON", "", None])]
    proc, _, out = render(tmp_path, scene(*frames, rect(x=10, y=10, frameId="f0")), "frames.excalidraw",
                          "-f", "svg", "--each-frame")
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    written = list(out.rglob("*"))
    assert written and all(out in p.parents for p in written)
    assert all(len(p.name.encode("utf-8")) <= 255 for p in written)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["frames.excalidraw", "out"]
    proc = run_cli("doc", tmp_path / "frames.excalidraw", "-o", tmp_path / "doc")
    assert_no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert all((tmp_path / "doc") in p.parents for p in (tmp_path / "doc").rglob("*"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc", "frames.excalidraw", "out"]


def test_failed_render_keeps_the_old_output_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The PNG stage fails after the SVG was rendered: the old files stay as they were, no temp files."""
    from exporter.cli.main import main

    src = write_json(tmp_path / "d.excalidraw", scene(rect()))
    out = tmp_path / "out"
    assert main(["render", str(src), "-o", str(out), "-f", "svg,png", "-q"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    write_json(src, scene(rect(), rect("second", x=300)))

    import exporter.raster.cliargs as raster_cli

    real = raster_cli.write_raster_outputs

    def fail_midway(args: Any, scene_: Any, stem: str, folder: Path, *rest: Any, **kw: Any) -> Any:
        (Path(folder) / f"{stem}.png").write_bytes(b"\x89PNG half-written")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(raster_cli, "write_raster_outputs", fail_midway)
    assert main(["render", str(src), "-o", str(out), "-f", "svg,png", "-q"]) == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing new, nothing left over

    def crash(*args: Any, **kw: Any) -> Any:
        yield "<g>half of the drawing</g>"  # the SVG is streamed: fail after some of it is written
        raise RuntimeError("renderer bug")

    monkeypatch.setattr(raster_cli, "write_raster_outputs", real)
    monkeypatch.setattr("exporter.render.svg._render_elements", crash)
    assert main(["render", str(src), "-o", str(out), "-f", "svg", "-q"]) == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_batch_reports_bad_files_at_the_end_and_exports_the_good_ones(tmp_path: Path) -> None:
    good1 = write_json(tmp_path / "one.excalidraw", scene(rect()))
    bad = tmp_path / "broken.excalidraw"
    bad.write_text('{"elements": [', encoding="utf-8")
    bomb = tmp_path / "bomb.excalidraw.md"
    bomb.write_text(note(lz_bomb(21_000)), encoding="utf-8")
    good2 = write_json(tmp_path / "two.excalidraw", scene(rect(), rect("x", x=200)))
    out = tmp_path / "out"
    proc = run_cli("render", good1, bad, bomb, good2, "-o", out)
    assert_no_traceback(proc)
    assert proc.returncode == 1
    errors = error_lines(proc)
    assert errors[0].startswith(f"error: {bad}: ")
    assert errors[1].startswith(f"error: {bomb}: ")
    assert errors[-1].startswith("error: 2 of 4 inputs failed") and str(bad) in errors[-1]
    assert proc.stderr.rstrip().splitlines()[-1] == errors[-1]  # the summary comes last
    assert sorted(p.name for p in out.iterdir()) == ["one.svg", "two.svg"]
    for p in out.iterdir():
        assert_safe_svg(p.read_text(encoding="utf-8"))


def test_info_on_hostile_input_prints_one_line(tmp_path: Path) -> None:
    src = tmp_path / "x.excalidraw.md"
    src.write_text(note(lz_bomb(21_000)), encoding="utf-8")
    proc = run_cli("info", src)
    assert_no_traceback(proc)
    assert proc.returncode == 1
    assert error_lines(proc) == [line for line in proc.stderr.splitlines() if line.strip()]


def test_render_time_warnings_reach_stderr(tmp_path: Path) -> None:
    """Warnings made while rendering (dropped links, capped fills) reach stderr, one line each, naming the file."""
    proc, src, _ = render(tmp_path, scene(rect(link="javascript:alert(1)"),
                                          rect("big", width=2e5, height=2e5, strokeWidth=0.1)))
    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if line.startswith(f"warning: {src}: ")]
    assert any("dropped" in w for w in warnings), proc.stderr
    assert any("drawn solid" in w for w in warnings), proc.stderr


# -- the sanitising pass itself -------------------------------------------------------------------

def test_safe_color_keeps_css_colours_and_refuses_references() -> None:
    from exporter.scene.limits import safe_color

    for kept in ("#1e1e1e", "#abc8", "transparent", "rgb(1, 2, 3)", "rgba(0,0,0,0.5)", "hsl(120 50% 50%)", "red"):
        assert safe_color(kept, "#000") == kept
    for refused in ("url(#a)", "URL(https://x)", 'red" onload="x', "</style>", "a:b", "x/y", None, 5,
                    ["#fff"], "#" + "f" * 100):
        assert safe_color(refused, "#000") == "#000"


def test_sanitize_renames_unsafe_ids_consistently() -> None:
    from exporter.load import load_bytes
    from exporter.scene.limits import safe_id, sanitize_scene

    frame_id, text_id = 'f" onload="x', "t)"
    data = scene({"id": frame_id, "type": "frame", "x": 0, "y": 0, "width": 200, "height": 200},
                 rect("box", frameId=frame_id, boundElements=[{"type": "text", "id": text_id}]),
                 {"id": text_id, "type": "text", "x": 5, "y": 5, "width": 50, "height": 25, "text": "hi",
                  "containerId": "box", "frameId": frame_id})
    loaded = load_bytes(json.dumps(data).encode(), "ids.excalidraw")
    new_frame, new_text = safe_id(frame_id), safe_id(text_id)
    assert new_frame != frame_id and new_frame == safe_id(frame_id)  # stable
    assert safe_id("abc_DEF-123") == "abc_DEF-123"  # ordinary ids are left alone
    by_id = {e["id"]: e for e in loaded.elements}
    assert set(by_id) == {new_frame, "box", new_text}
    assert by_id["box"]["frameId"] == new_frame and by_id[new_text]["frameId"] == new_frame
    assert by_id["box"]["boundElements"] == [{"type": "text", "id": new_text}]
    assert loaded.bound_text["box"]["id"] == new_text
    before = json.dumps(loaded.elements)
    assert sanitize_scene(loaded) is loaded and json.dumps(loaded.elements) == before  # idempotent


def test_sanitize_clamps_and_defaults_with_one_warning_per_problem() -> None:
    from exporter.load import load_bytes
    from exporter.scene.limits import MAX_ROUGHNESS, MAX_STROKE_WIDTH

    data = scene(*(rect(f"r{i}", strokeWidth=1e300, roughness=1e9, seed="x", opacity=-5) for i in range(3)))
    loaded = load_bytes(json.dumps(data).encode(), "clamp.excalidraw")
    for el in loaded.elements:
        assert (el["strokeWidth"], el["roughness"], el["seed"], el["opacity"]) == (MAX_STROKE_WIDTH, MAX_ROUGHNESS,
                                                                                   1, 0)
    assert len([w for w in loaded.warnings if "strokeWidth" in w]) == 1
    assert any(w.startswith("3 elements: invalid seed") for w in loaded.warnings), loaded.warnings
