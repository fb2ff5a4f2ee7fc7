"""Document -> one HTML page: the Markdown rendered by markdown-it-py, in templates/document.html.j2.

Raw HTML in the Markdown is disabled (drawing text is escaped anyway, and the
user's notes cannot smuggle scripts either). Two core rules run on the token
stream: headings get the sections' anchors as ids, and with
``inline_images`` every local image becomes a ``data:`` URI.
"""

from __future__ import annotations

import base64
import mimetypes
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from exporter.document.model import Document
from exporter.document.writers.markdown import environment, load_template

DEFAULT_TEMPLATE = "document.html.j2"


def _anchor_rule(anchors: list[str]) -> Callable[[StateCore], None]:
    def rule(state: StateCore) -> None:
        # The sections' headings are the last ones: notes and escaped body text come first.
        opens = [t for t in state.tokens if t.type == "heading_open"]
        for token, anchor in zip(opens[len(opens) - len(anchors):] if anchors else [], anchors, strict=False):
            token.attrSet("id", anchor)

    return rule


def _inline_rule(base: Path) -> Callable[[StateCore], None]:
    root = base.resolve()

    def rule(state: StateCore) -> None:
        for token in state.tokens:
            for child in token.children or ():
                if child.type != "image":
                    continue
                src = str(child.attrGet("src") or "")
                if ":" in src.split("/")[0]:
                    continue  # not a local path
                path = (root / unquote(src)).resolve()
                if not path.is_relative_to(root) or not path.is_file():
                    continue
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                data = base64.b64encode(path.read_bytes()).decode("ascii")
                child.attrSet("src", f"data:{mime};base64,{data}")

    return rule


def markdown_to_html(markdown: str, anchors: list[str], image_base: Path | None = None) -> str:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    md.core.ruler.push("section_anchors", _anchor_rule(anchors))
    if image_base is not None:
        md.core.ruler.push("inline_images", _inline_rule(image_base))
    return md.render(markdown)


def render_html(doc: Document, markdown: str, out_dir: Path, inline_images: bool,
                template: Path | None = None) -> str:
    anchors = [s.anchor for s in doc.walk()]
    body = markdown_to_html(markdown, anchors, out_dir if inline_images else None)
    env = environment(Path(template).parent if template else None, autoescape=True)
    tmpl = load_template(env, template, DEFAULT_TEMPLATE)
    lang = str(doc_lang(doc))
    return tmpl.render(doc=doc, sections=doc.walk(), body=body, lang=lang)


def doc_lang(doc: Document) -> str:
    """A rough page language for screen readers: "und" unless the text is plain ASCII English."""
    text = doc.title + " ".join(s.heading for s in doc.walk())
    return "en" if text.isascii() else "und"
