"""``export_document``: the files it writes, and that drawing text stays literal in them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from test_document_support import FIXTURES, SEED, load_scene

from exporter.document import DocumentOptions, export_document
from exporter.document.slug import UniqueNames, safe_stem, slugify
from exporter.document.text import md_block, md_inline

PNG = b"\x89PNG\r\n\x1a\n"
IMAGE_LINK = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")


def _headings(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("#")]


def _linked_images(md_path: Path) -> list[Path]:
    from urllib.parse import unquote

    return [md_path.parent / unquote(src) for src in IMAGE_LINK.findall(md_path.read_text(encoding="utf-8"))]


def test_seed_document(tmp_path: Path) -> None:
    written = export_document(load_scene(SEED), tmp_path, "system-design-template", DocumentOptions(scale=0.25))
    md = tmp_path / "system-design-template.md"
    assert written[0] == md
    text = md.read_text(encoding="utf-8")
    assert _headings(text) == [
        "# Systen Design Problem Statement", "## Problem Description", "## Requirements",
        "### Functional Requirements", "### Non Functional Requirements", "## Back of the Envelope Estimations",
        "### Daily Active Users(DAU)", "### Storage Requirements", "## API Routes", "## DataBase Schema",
        "## High Level Design"]
    images = _linked_images(md)
    names = [p.name for p in images]
    assert names == ["overview.png", "requirements.png", "back-of-the-envelope-estimations.png", "api-routes.png",
                     "database-schema.png", "high-level-design.png"]
    for path in images:
        assert path.read_bytes().startswith(PNG)
        assert path in written
    # each boxed section's image sits right under its heading
    assert text.index("## Requirements") < text.index("requirements.png") < text.index("### Functional")


def test_section_image_is_cropped_to_the_section(tmp_path: Path) -> None:
    export_document(load_scene(FIXTURES / "grid.excalidraw"), tmp_path, "grid", DocumentOptions(images="svg"))
    overview = ET.parse(tmp_path / "grid" / "overview.svg").getroot()
    goals = ET.parse(tmp_path / "grid" / "goals.svg").getroot()
    # the box is 500x300 (plus roughness and 10 px padding); the whole grid is about twice as big
    assert 500 <= float(goals.get("width")) <= 530 and 300 <= float(goals.get("height")) <= 330
    assert float(overview.get("width")) > 1000


def test_hostile_text_stays_literal_and_inside_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    written = export_document(load_scene(FIXTURES / "hostile.excalidraw"), out, "../../evil",
                              DocumentOptions(images="svg", html=True))
    for path in written:
        assert path.resolve().is_relative_to(out.resolve())
    assert sorted(p.name for p in (out / "evil").iterdir()) == sorted(
        ["overview.svg", "x.svg", "script-alert-1-script.svg", "link-javascript-alert-1.svg", "x-2.svg",
         "con-section.svg", "hidden.svg"])
    text = (out / "evil.md").read_text(encoding="utf-8")
    assert "## \\.\\./\\.\\./x" not in text and "## ../../x" in text
    assert "## \\<script\\>alert(1)\\</script\\>" in text
    assert "## \\[link\\](javascript:alert(1))" in text
    assert "## \\# x" in text
    assert "[the other](Other%20Note.md)" in text
    assert "[Homepage](https://example.com/a?b=1)" in text
    assert "[Wiki](Project%20Notes.md#goals)" in text
    assert "(javascript:" not in text.split("Click me")[1][:40]
    html = MarkdownIt("commonmark").render(text)
    assert "<script" not in html and "<img src=x" not in html and 'href="javascript' not in html
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", html)
    assert headings[:4] == ["../../x", "&lt;script&gt;alert(1)&lt;/script&gt;", "[link](javascript:alert(1))", "# x"]
    page = (out / "evil.html").read_text(encoding="utf-8")
    assert "<script" not in page and 'href="javascript' not in page


def test_unicode_file_names(tmp_path: Path) -> None:
    export_document(load_scene(FIXTURES / "unicode.excalidraw"), tmp_path, "多语言", DocumentOptions(images="svg"))
    assert sorted(p.name for p in (tmp_path / "多语言").iterdir()) == sorted(
        ["overview.svg", "系统架构.svg", "متطلبات-النظام.svg", "launch-plan.svg", "ünïcödé-strasse.svg", "系统架构-2.svg"])
    assert all(p.exists() for p in _linked_images(tmp_path / "多语言.md"))


def test_notes_open_the_document(tmp_path: Path) -> None:
    export_document(load_scene(FIXTURES / "notes.excalidraw.md"), tmp_path, "notes", DocumentOptions(images="svg"))
    text = (tmp_path / "notes.md").read_text(encoding="utf-8")
    assert text.startswith("# Release Checklist\n\nThese are **my notes** about the release, "
                           "see [Release Process](Release%20Process.md).")
    assert text.index("- owner: Ana") < text.index("overview.svg") < text.index("## Before")
    assert text.index("## After") < text.index("see [the process](Release%20Process.md)")
    assert "📍" not in text


def test_body_text_follows_its_image(tmp_path: Path) -> None:
    export_document(load_scene(FIXTURES / "nesting.excalidraw"), tmp_path, "nesting", DocumentOptions(images="svg"))
    text = (tmp_path / "nesting.md").read_text(encoding="utf-8")
    backend = text.index("### Backend")
    assert backend < text.index("nesting/backend.svg") < text.index("Python service") < text.index("#### Database")
    assert text.index("#### Workers") < text.index("Queue consumers")


def test_user_template(tmp_path: Path) -> None:
    template = tmp_path / "mine.md.j2"
    template.write_text("TITLE={{ doc.title | md_inline }}\n{% for s in sections %}{{ s.level }}:{{ s.heading | md_inline }}"
                        " [{{ s.anchor }}]\n{% endfor %}", encoding="utf-8")
    export_document(load_scene(FIXTURES / "parts.excalidraw"), tmp_path / "o", "parts",
                    DocumentOptions(images="svg", template=template))
    assert (tmp_path / "o" / "parts.md").read_text(encoding="utf-8").splitlines() == [
        "TITLE=Handbook", "2:Part One [part-one]", "3:Alpha [alpha]", "3:Beta [beta]", "2:Part Two [part-two]",
        "3:Gamma [gamma]"]


def test_pdf_has_a_page_per_pictured_section(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    export_document(load_scene(FIXTURES / "grid.excalidraw"), tmp_path, "grid", DocumentOptions(images="svg", pdf=True))
    reader = pypdf.PdfReader(tmp_path / "grid.pdf")
    assert len(reader.pages) == 5
    assert [o.title for o in reader.outline] == ["Quarterly Plan", "Goals", "Risks", "Budget", "Team"]
    text = reader.pages[2].extract_text()
    assert "Risks" in text and "Risks detail one" in text
    # the drawing stays vector: no raster images on the pages
    assert not any(page.images for page in reader.pages)


@pytest.mark.parametrize(("text", "expected"), [
    ("../../x", "x"), ("Ünïcödé Straße", "ünïcödé-strasse"), ("🚀", "section"), ("nul", "nul-section"),
    ("a\x00b/c\\d", "a-b-c-d"), ("...", "section"), ("Großes Ü", "grosses-ü")])
def test_slugify(text: str, expected: str) -> None:
    assert slugify(text) == expected


def test_slugs_are_capped_and_unique() -> None:
    names = UniqueNames(("overview",))
    long = "長" * 200
    first = names.take(long)
    assert len(first.encode("utf-8")) <= 120 and names.take(long) == f"{first}-2"
    assert names.take("Overview") == "overview-2"
    assert safe_stem("../../.hidden") == "hidden"
    assert safe_stem("My Drawing 2024") == "My Drawing 2024"
    assert safe_stem("CON") == "CON-drawing" and safe_stem("") == "drawing"


def test_markdown_escapes() -> None:
    assert md_inline("# not a heading") == "\\# not a heading"
    assert md_inline("1. item") == "1\\. item"
    assert md_block("- one\n+ two\n> three") == "\\- one\\\n\\+ two\\\n\\> three"
    assert md_inline("[[Note|alias]] and [[javascript:alert(1)]]") == "[alias](Note.md) and javascript:alert(1)"
    assert md_inline("C #") == "C \\#" and md_inline("<b>x</b> &amp;") == "\\<b\\>x\\</b\\> \\&amp;"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab #*_`[]()<>!&;=-+.1|~\\:/\"'^$\n ")), max_size=40))
def test_escaped_text_renders_literally(text: str) -> None:
    """Whatever a drawing text says, Markdown shows exactly that text (wiki links aside)."""
    assume("[[" not in text)
    expected = " ".join(text.split())
    html = MarkdownIt("commonmark").render(md_inline(text))
    rendered = re.sub(r"</?p>", "", html).strip()
    assert "<" not in rendered.replace("&lt;", "")  # no element of any kind
    assert unescape(rendered) == expected


def test_cli_doc_verb(tmp_path: Path) -> None:
    main = pytest.importorskip("exporter.cli.main").main
    code = main(["doc", str(FIXTURES / "grid.excalidraw"), "-o", str(tmp_path), "--images", "svg", "--html", "-q"])
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grid", "grid.html", "grid.md"]
    assert _headings((tmp_path / "grid.md").read_text(encoding="utf-8")) == [
        "# Quarterly Plan", "## Goals", "## Risks", "## Budget", "## Team"]
    assert all(p.exists() for p in _linked_images(tmp_path / "grid.md"))


def test_svg_images_share_the_drawing_fonts(tmp_path: Path) -> None:
    export_document(load_scene(FIXTURES / "grid.excalidraw"), tmp_path, "grid", DocumentOptions(images="svg"))
    style = re.compile(r'<style class="style-fonts">.*?</style>', re.S)
    overview = style.search((tmp_path / "grid" / "overview.svg").read_text(encoding="utf-8"))
    if overview is None or "@font-face" not in overview.group(0):
        pytest.skip("fonts are not installed (make fonts)")
    for name in ("goals", "risks", "budget", "team"):
        section = style.search((tmp_path / "grid" / f"{name}.svg").read_text(encoding="utf-8"))
        assert section is not None and section.group(0) == overview.group(0)


def test_empty_drawing(tmp_path: Path) -> None:
    from exporter.scene.model import Scene

    written = export_document(Scene(elements=[]), tmp_path, "empty", DocumentOptions(html=True, pdf=True))
    assert [p.name for p in written] == ["empty.md", "empty.html", "empty.pdf"]
    assert (tmp_path / "empty.md").read_text(encoding="utf-8") == "# empty\n"


def test_notes_pass_through_verbatim() -> None:
    from exporter.document.model import Document
    from exporter.document.writers.markdown import render_markdown

    notes = "Intro with <b>html</b>\n\n\n```python\nx = 1\n\n\ny = [[not a link]]\n```"
    assert render_markdown(Document(title="T # 1", notes=notes)) == f"# T \\# 1\n\n{notes}\n"
    # wiki links become Markdown links outside code; embeds stay Obsidian's
    notes = "See [[My Note|this]] and `[[code]]`, ![[pic.png]]"
    assert render_markdown(Document(title="T", notes=notes)) == (
        "# T\n\nSee [this](My%20Note.md) and `[[code]]`, ![[pic.png]]\n")
