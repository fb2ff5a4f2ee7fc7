"""``excalidraw-export vault``: a small vault of our own published to a site folder."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from exporter.cli.main import main
from exporter.vault.links import rewrite_wikilinks, wikilinks
from exporter.vault.parts import Part, parse_part

FILE_ID = "f" * 40


def el(el_id: str, kind: str = "rectangle", x: float = 0, y: float = 0, w: float = 100, h: float = 60,
       **fields: Any) -> dict[str, Any]:
    return {"id": el_id, "type": kind, "x": x, "y": y, "width": w, "height": h, "seed": 11, "angle": 0,
            "strokeColor": "#1e1e1e", "backgroundColor": "#ffc9c9", "fillStyle": "solid", "strokeWidth": 2,
            "roughness": 0, "opacity": 100, "groupIds": [], "frameId": None, "roundness": None,
            "boundElements": [], "isDeleted": False, **fields}


def drawing_note(elements: list[dict[str, Any]], notes: str = "", embedded: str = "", front: str = "") -> str:
    data = {"type": "excalidraw", "version": 2, "elements": elements, "appState": {}, "files": {}}
    return (f"---\nexcalidraw-plugin: parsed\ntags: [diagram]\n{front}---\n{notes}\n\n# Excalidraw Data\n"
            f"## Text Elements\n## Embedded Files\n{embedded}\n%%\n## Drawing\n```json\n{json.dumps(data)}\n```\n%%\n")


INDEX = """---
title: Index
---
# Every embed form

![[Architecture.excalidraw]]
![[Architecture.excalidraw|400]]
![[Architecture.excalidraw.md]]
![[Sketch]]
![[Architecture.excalidraw#^frame=Intro]]
![[Architecture.excalidraw#^frame=F1|300]]
![[Architecture.excalidraw#^group=g1a]]
![[Architecture.excalidraw#^area=big]]
![[Drawings/Deep/Flow.excalidraw]]
![[Flow.excalidraw|Flow chart]]
![[Broken.excalidraw]]

A link to [[Other note]] and [[Other note#Some Heading|the heading]], and an image ![[pic.png]].

```markdown
![[Architecture.excalidraw]] stays as code
```
Inline `![[Architecture.excalidraw]]` too.
"""


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    from PIL import Image

    root = tmp_path / "My Vault"
    for folder in (".obsidian", "attachments", "Drawings/Deep", "Notes/Sub", "Other"):
        (root / folder).mkdir(parents=True)
    (root / ".obsidian" / "app.json").write_text("{}", encoding="utf-8")
    Image.new("RGB", (40, 30), (200, 30, 30)).save(root / "attachments" / "pic.png")
    Image.new("RGB", (10, 10), (0, 0, 200)).save(root / "attachments" / "unused.png")
    architecture = [
        el("F1", "frame", x=-20, y=-20, w=400, h=200, name="Intro"),
        el("a1", x=0, y=0, frameId="F1", groupIds=["g1"]),
        el("g1a", x=150, y=0, frameId="F1", groupIds=["g1"]),
        el("big", x=600, y=0, w=300, h=300),
        el("inside", "ellipse", x=650, y=50, w=50, h=50),
        el("img", "image", x=1000, y=0, w=40, h=30, fileId=FILE_ID, status="saved", scale=[1, 1]),
    ]
    (root / "Drawings" / "Architecture.excalidraw.md").write_text(
        drawing_note(architecture, notes="# Architecture\nSee [[Other note]]. ![[Flow.excalidraw]]",
                     embedded=f"{FILE_ID}: [[pic.png]]\n", front="excalidraw-export-padding: 5\n"),
        encoding="utf-8")
    (root / "Drawings" / "Deep" / "Flow.excalidraw").write_text(
        json.dumps({"type": "excalidraw", "elements": [el("fl", "diamond")], "appState": {}, "files": {}}),
        encoding="utf-8")
    (root / "Other" / "Sketch.md").write_text(drawing_note([el("s1", "ellipse")]), encoding="utf-8")
    (root / "Other" / "Broken.excalidraw.md").write_text(
        "---\nexcalidraw-plugin: parsed\n---\n%%\n## Drawing\n```json\n{\"elements\": [\n```\n%%\n", encoding="utf-8")
    (root / "Notes" / "Index.md").write_text(INDEX, encoding="utf-8")
    (root / "Notes" / "Sub" / "Other note.md").write_text("# Some Heading\nText.\n", encoding="utf-8")
    return root


def images_in(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    return re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text) + re.findall(r'<img src="([^"]+)"', text)


def svg_width(path: Path) -> float:
    return float(re.search(r'<svg[^>]*\swidth="([\d.]+)"', path.read_text(encoding="utf-8")[:1000]).group(1))


def test_vault_site(vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    assert main(["vault", str(vault), "-o", str(site), "-q"]) == 1  # the broken drawing
    err = capsys.readouterr().err
    assert f"error: {vault / 'Other' / 'Broken.excalidraw.md'}: " in err
    index = site / "Notes" / "Index.md"
    text = index.read_text(encoding="utf-8")
    targets = images_in(index)
    assert len(targets) == 10  # every drawing embed but the broken one
    for target in targets:
        assert (index.parent / unquote(target)).is_file(), target
    assert "![[Broken.excalidraw]]" in text  # kept, and said
    assert "![[Architecture.excalidraw]] stays as code" in text and "`![[Architecture.excalidraw]]`" in text
    assert "![[pic.png]]" in text and "[[Other note]]" in text  # --wikilinks keep (default)
    assert '<img src="../Drawings/Architecture.excalidraw.svg" alt="Architecture" width="400">' in text
    assert "![Flow chart](../Drawings/Deep/Flow.excalidraw.svg)" in text
    assert "![Sketch](../Other/Sketch.svg)" in text

    drawings = site / "Drawings"
    whole = svg_width(drawings / "Architecture.excalidraw.svg")
    frame = drawings / "Architecture.excalidraw.frame-Intro.svg"
    assert svg_width(frame) == pytest.approx(400)  # a frame exports at its own size
    assert (drawings / "Architecture.excalidraw.frame-F1.svg").is_file()
    group = svg_width(drawings / "Architecture.excalidraw.group-g1a.svg")
    area = svg_width(drawings / "Architecture.excalidraw.area-big.svg")
    assert group == pytest.approx(250 + 2 * 5, abs=2)  # a1 + g1a, the note's padding 5
    assert area == pytest.approx(300 + 2 * 5, abs=2)  # "big" and the ellipse inside it
    assert whole > area > group

    page = drawings / "Architecture.excalidraw.md"
    page_text = page.read_text(encoding="utf-8")
    assert page_text.startswith("---\ntags: [diagram]\ntitle: \"Architecture\"\n---\n")
    assert "excalidraw-plugin" not in page_text and "compressed" not in page_text and "```json" not in page_text
    assert "![Architecture](Architecture.excalidraw.svg)" in page_text and "# Architecture" in page_text
    assert "![Flow](Deep/Flow.excalidraw.svg)" in page_text
    assert (site / "Other" / "Sketch.md").is_file() and not (site / "Other" / "Broken.excalidraw.svg").exists()
    assert (site / "attachments" / "pic.png").read_bytes() == (vault / "attachments" / "pic.png").read_bytes()
    assert not (site / "attachments" / "unused.png").exists() and not (site / ".obsidian").exists()
    assert (site / "Notes" / "Sub" / "Other note.md").is_file()
    # the drawing's vault image is drawn into its export
    assert "data:image/png;base64," in (drawings / "Architecture.excalidraw.svg").read_text(encoding="utf-8")


def test_vault_incremental_and_parallel(vault: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (vault / "Other" / "Broken.excalidraw.md").unlink()
    site = tmp_path / "site"
    assert main(["vault", str(vault), "-o", str(site), "-q"]) == 0
    capsys.readouterr()
    assert main(["vault", str(vault), "-o", str(site)]) == 0
    captured = capsys.readouterr()
    assert "summary: 0 exported, 3 up to date, 0 failed" in captured.err
    assert captured.out == ""  # nothing rewritten
    index = vault / "Notes" / "Index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n![[Architecture.excalidraw#^area=inside]]\n",
                     encoding="utf-8")
    assert main(["vault", str(vault), "-o", str(site)]) == 0  # a new part: that drawing again
    captured = capsys.readouterr()
    assert "summary: 1 exported, 2 up to date, 0 failed" in captured.err
    assert (site / "Drawings" / "Architecture.excalidraw.area-inside.svg").is_file()
    parallel = tmp_path / "parallel"
    assert main(["vault", str(vault), "-o", str(parallel), "-q", "-j", "2"]) == 0
    serial_files = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    parallel_files = {p.relative_to(parallel): p.read_bytes() for p in parallel.rglob("*") if p.is_file()}
    assert serial_files.keys() == parallel_files.keys()
    for name, data in serial_files.items():
        if name.name != ".excalidraw-export.json":
            assert parallel_files[name] == data, name


def test_markdown_links_png_and_width_attr(vault: Path, tmp_path: Path) -> None:
    (vault / "Other" / "Broken.excalidraw.md").unlink()
    site = tmp_path / "site"
    assert main(["vault", str(vault), "-o", str(site), "-q", "--wikilinks", "markdown", "--image-format", "png",
                 "--image-width", "attr"]) == 0
    text = (site / "Notes" / "Index.md").read_text(encoding="utf-8")
    assert "[Other note](Sub/Other%20note.md)" in text
    assert "[the heading](Sub/Other%20note.md#some-heading)" in text
    assert "![pic.png](../attachments/pic.png)" in text
    assert "![Architecture](../Drawings/Architecture.excalidraw.png){width=400}" in text
    for target in images_in(site / "Notes" / "Index.md"):
        assert (site / "Notes" / unquote(target)).is_file(), target
    assert (site / "Drawings" / "Architecture.excalidraw.png").read_bytes().startswith(b"\x89PNG")
    page = (site / "Drawings" / "Architecture.excalidraw.md").read_text(encoding="utf-8")
    assert "[Other note](../Notes/Sub/Other%20note.md)" in page


def test_site_inside_the_vault_is_refused(vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["vault", str(vault), "-o", str(vault / "site")]) == 1
    assert "must not be inside the vault" in capsys.readouterr().err


def test_link_parsing() -> None:
    links = wikilinks("![[a/b.excalidraw#^frame=X,padding=4|400]] [[n|alias]] `[[code]]`\n```\n[[fenced]]\n```\n")
    assert [(x.embed, x.path, x.fragment, x.alias, x.width) for x in links] == [
        (True, "a/b.excalidraw", "^frame=X,padding=4", "400", 400), (False, "n", "", "alias", None)]
    assert parse_part("^frame=X,padding=4") == Part("frame", "X", 4.0)
    assert parse_part("^clippedframe=X") == Part("frame", "X")
    assert parse_part("^group=abc") == Part("group", "abc") and parse_part("Heading") == Part()
    assert rewrite_wikilinks("[[a]] %%[[b]]%%", lambda link: "A") == "A %%[[b]]%%"
    in_table = wikilinks("| ![[d.excalidraw\\|200]] |")[0]  # the bar escaped inside a table
    assert (in_table.path, in_table.width) == ("d.excalidraw", 200)


def test_removed_notes_and_drawings_leave_the_site(vault: Path, tmp_path: Path) -> None:
    (vault / "Other" / "Broken.excalidraw.md").unlink()
    site = tmp_path / "site"
    assert main(["vault", str(vault), "-o", str(site), "-q"]) == 0
    (site / "Notes" / "mine.txt").write_text("not ours", encoding="utf-8")
    assert (site / "Other" / "Sketch.svg").is_file()
    (vault / "Other" / "Sketch.md").unlink()
    (vault / "Notes" / "Sub" / "Other note.md").unlink()
    assert main(["vault", str(vault), "-o", str(site), "-q"]) == 0
    assert not (site / "Other").exists()  # Sketch.md, Sketch.svg and the folder left empty
    assert not (site / "Notes" / "Sub").exists()
    assert (site / "Notes" / "mine.txt").is_file() and (site / "Notes" / "Index.md").is_file()
    manifest = json.loads((site / ".excalidraw-export.json").read_text(encoding="utf-8"))
    assert sorted(manifest["entries"]) == ["Drawings/Architecture.excalidraw", "Drawings/Deep/Flow.excalidraw"]
    assert "Notes/Index.md" in manifest["published"]
