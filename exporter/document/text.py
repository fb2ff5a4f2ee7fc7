"""Drawing text -> safe Markdown: escaping, Obsidian wiki links, element links.

Everything a drawing says is untrusted: the filters here make it literal
Markdown text (no headings, lists, HTML, links or images can be injected) and
turn only well-formed wiki links and http(s)/mailto URLs into links.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit

from exporter.document.model import Link

# Punctuation that can make inline Markdown anywhere in a line: emphasis, code, links (with
# "[" and "]" escaped, parentheses are plain text), HTML and entities, a closing "#" of a
# heading, GFM tables/strikethrough, Obsidian math, highlights and block ids.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&$^=])")
# Constructs that only matter at the start of a line: list items, quotes (">" is escaped above).
_ORDERED_ITEM = re.compile(r"^(\d{1,9})([.)])")
_LINE_START = re.compile(r"^([-+:])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_WIKI = re.compile(r"(!?)\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]*))?\]\]")
_SAFE_SCHEMES = ("http", "https", "mailto")


def clean(text: str) -> str:
    """NFC text without control characters or bidi overrides; newlines kept as ``\\n``."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", text.replace("\t", " "))


def one_line(text: str) -> str:
    """A heading's text on one line, whitespace collapsed."""
    return " ".join(clean(text).split())


def escape_line(line: str) -> str:
    """One line of literal text as Markdown inline content."""
    return _escape(line.strip(), at_line_start=True)


def _escape(text: str, at_line_start: bool) -> str:
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    if at_line_start:
        text = _LINE_START.sub(r"\\\1", _ORDERED_ITEM.sub(r"\1\\\2", text))
    return text


def safe_url(url: str) -> str | None:
    """``url`` when it is an absolute http(s)/mailto URL, else None."""
    url = clean(url).strip()
    if not url or any(ch.isspace() for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES:
        return None
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        return None
    return quote(url, safe=":/?#@!$&'*+,;=%-._~")


def note_href(target: str) -> str | None:
    """A wiki-link target ``note#heading`` -> ``note.md#heading`` (relative, percent-encoded)."""
    target = clean(target).strip()
    note, _, fragment = target.partition("#")
    note = note.strip()
    if not note:
        return None
    if safe_url(note) is not None:
        return safe_url(target)
    # A vault path: never absolute, never a scheme, never climbing out.
    parts = [p for p in note.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    if not parts or ":" in parts[0]:
        return None
    path = "/".join(parts)
    if not re.search(r"\.[A-Za-z0-9]{1,5}$", path):
        path += ".md"
    href = quote(path, safe="/")
    if fragment.strip():
        href += "#" + quote(fragment.strip().lstrip("^").replace(" ", "-").lower(), safe="-")
    return href


def link_for(raw: str) -> Link | None:
    """An element's ``link`` (URL or ``[[wiki link]]``) as a safe Link, or None."""
    raw = clean(raw or "").strip()
    m = _WIKI.fullmatch(raw)
    if m:
        href = note_href(m.group(2))
        label = (m.group(3) or m.group(2)).strip()
        return Link(label=label, href=href) if href else None
    url = safe_url(raw)
    return Link(label=raw, href=url) if url else None


def md_link(label: str, href: str) -> str:
    """``[label](href)`` with the label escaped; ``href`` must come from this module."""
    return f"[{escape_line(one_line(label)) or escape_line(href)}]({_destination(href)})"


def _destination(href: str) -> str:
    # Percent-encoded already; only the characters that end a destination remain to escape.
    return href.replace("(", "%28").replace(")", "%29").replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")


def md_inline(text: str) -> str:
    """Literal drawing text on one line (headings, labels); wiki links become links."""
    return _with_wiki_links(one_line(text))


def md_block(text: str) -> str:
    """A multi-line drawing text as one Markdown paragraph with hard line breaks."""
    lines = [line for line in clean(text).split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    rendered = [_with_wiki_links(line) for line in lines if line.strip()]
    return "\\\n".join(rendered)


def _with_wiki_links(line: str) -> str:
    line = line.strip()
    out: list[str] = []
    pos = 0
    for m in _WIKI.finditer(line):
        out.append(_escape(line[pos:m.start()], at_line_start=pos == 0))
        href = note_href(m.group(2))
        label = (m.group(3) or m.group(2)).strip()
        out.append(md_link(label, href) if href and not m.group(1) else _escape(label, at_line_start=False))
        pos = m.end()
    out.append(_escape(line[pos:], at_line_start=pos == 0))
    return "".join(out)


def wiki_links(text: str) -> list[Link]:
    """Every well-formed wiki link in ``text``."""
    out = []
    for m in _WIKI.finditer(clean(text)):
        href = note_href(m.group(2))
        if href and not m.group(1):
            out.append(Link(label=(m.group(3) or m.group(2)).strip(), href=href))
    return out


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.|\n)*?\1")


def notes_wiki_links(markdown: str) -> str:
    """The user's notes with ``[[note|alias]]`` as ``[alias](note.md)``, code and embeds left alone."""
    out: list[str] = []
    fence: str | None = None
    for line in markdown.split("\n"):
        m = _FENCE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            out.append(line)
            continue
        if m:
            fence = m.group(1)
            out.append(line)
            continue
        out.append(_outside_code(line))
    return "\n".join(out)


def _outside_code(line: str) -> str:
    parts: list[str] = []
    pos = 0
    for m in _CODE_SPAN.finditer(line):
        parts.append(_convert_wiki(line[pos:m.start()]))
        parts.append(m.group(0))
        pos = m.end()
    parts.append(_convert_wiki(line[pos:]))
    return "".join(parts)


def _convert_wiki(text: str) -> str:
    def replace(m: re.Match[str]) -> str:
        if m.group(1):  # ![[embed]]: Obsidian-only, kept as written
            return m.group(0)
        href = note_href(m.group(2))
        return md_link((m.group(3) or m.group(2)).strip(), href) if href else m.group(0)

    return _WIKI.sub(replace, text)
