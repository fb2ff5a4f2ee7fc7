"""The HTML page of a document: every image loads in a real browser (headless Chromium)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_document_support import FIXTURES, SEED, load_scene

from exporter.document import DocumentOptions, export_document

CHROMIUM = Path("/usr/bin/chromium")
CHECK = """<script>
window.addEventListener("load", () => {
  const imgs = Array.from(document.images);
  const ok = imgs.filter(i => i.complete && i.naturalWidth > 0).length;
  const marker = document.createElement("pre");
  marker.id = "image-check";
  marker.textContent = `IMAGES ${ok}/${imgs.length}`;
  document.body.appendChild(marker);
});
</script>"""


def _images_loaded(html_path: Path, tmp_path: Path) -> tuple[int, int]:
    """(loaded, total) images of ``html_path`` as Chromium sees them."""
    probe = html_path.with_name(f"probe-{html_path.name}")
    probe.write_text(html_path.read_text(encoding="utf-8").replace("</body>", CHECK + "</body>"), encoding="utf-8")
    profile = tmp_path / "chromium-profile"
    result = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
         "--allow-file-access-from-files", "--virtual-time-budget=10000", "--dump-dom", probe.as_uri()],
        capture_output=True, text=True, timeout=120)
    m = re.search(r"IMAGES (\d+)/(\d+)", result.stdout)
    assert m, f"no result from Chromium: {result.stderr[-500:]}"
    return int(m.group(1)), int(m.group(2))


needs_chromium = pytest.mark.skipif(not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None,
                                    reason="Chromium is not installed at /usr/bin/chromium")


@needs_chromium
def test_seed_html_images_load(tmp_path: Path) -> None:
    export_document(load_scene(SEED), tmp_path, "system-design-template",
                    DocumentOptions(html=True, scale=0.25))
    assert _images_loaded(tmp_path / "system-design-template.html", tmp_path) == (6, 6)


@needs_chromium
def test_inlined_images_load_without_the_folder(tmp_path: Path) -> None:
    export_document(load_scene(FIXTURES / "unicode.excalidraw"), tmp_path, "多语言",
                    DocumentOptions(html=True, inline_images=True, images="svg"))
    page = tmp_path / "多语言.html"
    shutil.rmtree(tmp_path / "多语言")  # the page must not need its image folder
    assert "data:image/svg+xml;base64," in page.read_text(encoding="utf-8")
    assert _images_loaded(page, tmp_path) == (6, 6)


@needs_chromium
def test_unicode_image_paths_load(tmp_path: Path) -> None:
    export_document(load_scene(FIXTURES / "unicode.excalidraw"), tmp_path, "多语言", DocumentOptions(html=True, scale=0.5))
    assert _images_loaded(tmp_path / "多语言.html", tmp_path) == (6, 6)


def test_html_page_structure(tmp_path: Path) -> None:
    export_document(load_scene(FIXTURES / "nesting.excalidraw"), tmp_path, "nesting",
                    DocumentOptions(html=True, images="svg"))
    page = (tmp_path / "nesting.html").read_text(encoding="utf-8")
    assert "<title>nesting</title>" in page
    ids = re.findall(r'<h([2-6]) id="([^"]+)">', page)
    assert ids == [("2", "system"), ("3", "frontend"), ("3", "backend"), ("4", "database"), ("4", "workers")]
