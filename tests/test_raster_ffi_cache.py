"""cairocffi's declarations from the cache (exporter/raster/ffi_cache.py): the first process
parses them and writes the entry, the next ones build cairocffi from it and draw the same
pixels; a torn entry is parsed again and rewritten."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# A fresh process: cairo loaded through the engine, then a PNG and a PDF drawn with it (PDF
# bytes carry a creation date: their page count is compared).
_DRAW = r"""
import hashlib, json, re, sys
from exporter.raster import engine
engine.cairosvg_module()
from exporter.raster.png import svg_to_png
from exporter.raster.pdf import svg_to_pdf
svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30">'
       '<rect x="2" y="3" width="30" height="20" fill="#a5d8ff" stroke="#1e1e1e" stroke-width="2"/>'
       '<path d="M2 28 C 10 5, 30 5, 38 28" fill="none" stroke="#e03131"/></svg>')
png = svg_to_png(svg, scale=2)
pdf = svg_to_pdf([svg])
print(json.dumps({"cached": sys.modules["cairocffi.ffi"].__doc__.startswith("cairocffi's declarations, from"),
                  "png": hashlib.sha256(png).hexdigest(), "pdf_pages": len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))}))
"""


def _draw(cache: Path) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", _DRAW], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "EXCALIDRAW_EXPORTER_CACHE": str(cache)})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "cffi").glob("cairocffi-*.marshal"))


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    pytest.importorskip("cairocffi")
    try:
        import xcffib  # noqa: F401
    except ImportError:
        return tmp_path / "cache"
    pytest.skip("xcffib is installed: cairocffi then declares XCB too, which is never cached")


def test_the_second_process_takes_the_declarations_from_the_cache(cache: Path) -> None:
    first = _draw(cache)
    assert first["cached"] is False
    assert first["pdf_pages"] == 1
    [entry] = _entries(cache)
    check, _, payload = entry.read_bytes().partition(b"\n")
    assert hashlib.sha256(payload).hexdigest().encode() == check
    second = _draw(cache)
    assert second["cached"] is True
    assert second["png"] == first["png"]


def test_a_torn_entry_is_parsed_again_and_rewritten(cache: Path) -> None:
    first = _draw(cache)
    [entry] = _entries(cache)
    whole = entry.read_bytes()
    entry.write_bytes(whole[: len(whole) // 2])
    again = _draw(cache)
    assert again == first  # parsed, not cached: same pixels
    assert entry.read_bytes() == whole
    assert _draw(cache)["cached"] is True


def test_an_entry_that_is_not_marshal_data_is_a_miss(cache: Path) -> None:
    first = _draw(cache)
    [entry] = _entries(cache)
    payload = b"not marshal data"
    entry.write_bytes(hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    assert _draw(cache) == first


def test_an_unwritable_cache_only_costs_the_parse(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    result = _draw(blocker)
    assert result["cached"] is False
    assert blocker.read_text(encoding="utf-8").startswith("a file")
