"""Document -> Markdown through a Jinja2 template (templates/document.md.j2 by default).

Autoescape is off (the output is Markdown, not HTML), so every drawing text
reaches the template raw and must go through one of the filters registered
here; the default template does. See templates/README.md.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from urllib.parse import quote

import jinja2

from exporter.document.model import Document, Link, Paragraph
from exporter.document.text import (
    escape_line,
    md_block,
    md_inline,
    md_link,
    notes_wiki_links,
    one_line,
    wiki_links,
)
from exporter.errors import ExporterError

# The repository's templates/ in a checkout (editable install); the copy setup.py
# puts inside the package in a wheel.
_REPO_TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
TEMPLATES = _REPO_TEMPLATES if _REPO_TEMPLATES.is_dir() else Path(__file__).resolve().parents[1] / "templates"
DEFAULT_TEMPLATE = "document.md.j2"
NOTES_PLACEHOLDER = "\x00excalidraw-exporter-notes\x00"


def url(path: str) -> str:
    """A relative POSIX path as a link destination (percent-encoded, no spaces or parentheses)."""
    return quote(path, safe="/-._~")


def md_paragraph(para: Paragraph) -> str:
    """A drawing text as Markdown; a text that links somewhere becomes that link (unless it
    carries its own wiki links, which stay links of their own)."""
    if para.link is not None and not wiki_links(para.text):
        return md_link(one_line(para.text) or para.link.label, para.link.href)
    return md_block(para.text)


def md_link_filter(link: Link) -> str:
    return md_link(link.label, link.href)


def md_alt(text: str) -> str:
    """Image alt text: one escaped line."""
    return escape_line(one_line(text))


def environment(search_path: Path | None = None, autoescape: bool = False) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if search_path is not None:
        loaders.append(jinja2.FileSystemLoader(str(search_path)))
    loaders.append(jinja2.FileSystemLoader(str(TEMPLATES)))
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=autoescape,
                             keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.filters.update(md_inline=md_inline, md_block=md_block, md_paragraph=md_paragraph,
                       md_link=md_link_filter, md_alt=md_alt, url=url)
    return env


def load_template(env: jinja2.Environment, template: Path | None, default: str) -> jinja2.Template:
    try:
        if template is None:
            return env.get_template(default)
        return env.from_string(Path(template).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ExporterError(f"cannot read template: {exc.strerror or exc}", path=str(template)) from exc
    except jinja2.TemplateError as exc:
        raise ExporterError(f"bad template: {exc}", path=str(template or default)) from exc


def render_markdown(doc: Document, template: Path | None = None) -> str:
    env = environment(Path(template).parent if template else None)
    tmpl = load_template(env, template, DEFAULT_TEMPLATE)
    # The user's notes go through untouched (code blocks keep their blank lines): the template
    # sees a placeholder while the spacing is tidied.
    shown = dataclasses.replace(doc, notes=NOTES_PLACEHOLDER) if doc.notes.strip() else doc
    try:
        text = tmpl.render(doc=shown, sections=doc.walk())
    except jinja2.TemplateError as exc:
        raise ExporterError(f"template failed: {exc}", path=str(template or DEFAULT_TEMPLATE)) from exc
    # One blank line between blocks, one newline at the end, whatever the template's spacing.
    lines = text.replace("\r\n", "\n").split("\n")
    out: list[str] = []
    for line in lines:
        line = line.rstrip() if not line.endswith("\\") else line
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    text = "\n".join(out).strip("\n") + "\n"
    return text.replace(NOTES_PLACEHOLDER, notes_wiki_links(doc.notes.strip("\n"))) if shown is not doc else text
