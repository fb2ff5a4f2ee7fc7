"""Obsidian links in Markdown: find ``[[...]]`` / ``![[...]]`` (outside code) and rewrite them.

Code blocks (``` and ~~~ fences), inline code spans and ``%% comments %%`` are
left alone: a link shown as code is not a link.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.|\n)*?(?<!`)\1(?!`)")
_COMMENT = re.compile(r"%%.*?%%", re.S)
_WIKI = re.compile(r"(!?)\[\[([^\[\]\n]+?)\]\]")
_MD_LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_SIZE = re.compile(r"^\s*(\d+)(?:\s*x\s*(\d+))?\s*$")


@dataclass(frozen=True)
class WikiLink:
    """``[[path#fragment|alias]]``, with ``!`` for an embed."""

    embed: bool
    path: str
    fragment: str
    alias: str

    @property
    def width(self) -> int | None:
        """``|400`` or ``|400x300`` on an embed: the display width."""
        match = _SIZE.match(self.alias)
        return int(match.group(1)) if match and self.embed else None

    @property
    def label(self) -> str:
        """The text to show: the alias (when it is not a size), else the file name."""
        if self.alias and self.width is None:
            return self.alias
        return posixpath.basename(self.path) or self.path


def parse_wikilink(inner: str, embed: bool = False) -> WikiLink:
    link, _, alias = inner.partition("|")
    link = link.removesuffix("\\")  # in a table the alias bar is written "\|"
    path, _, fragment = link.partition("#")
    return WikiLink(embed, path.strip(), fragment.strip(), alias.strip())


def _prose_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text outside fenced code blocks."""
    spans: list[tuple[int, int]] = []
    pos = 0
    start = 0
    fence: str | None = None
    for line in text.splitlines(keepends=True):
        match = _FENCE.match(line)
        if fence is None and match:
            spans.append((start, pos))
            fence = match.group(1)
        elif fence is not None and match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) \
                and not line.strip()[len(match.group(1)):].strip():
            fence = None
            start = pos + len(line)
        pos += len(line)
    if fence is None:
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if b > a]


def _rewrite_prose(text: str, replace: Callable[[re.Match[str]], str | None], pattern: re.Pattern[str]) -> str:
    """Apply ``replace`` to ``pattern`` matches outside inline code and comments."""
    protected = sorted([m.span() for m in _CODE_SPAN.finditer(text)] + [m.span() for m in _COMMENT.finditer(text)])

    def sub(match: re.Match[str]) -> str:
        for a, b in protected:
            if a <= match.start() < b:
                return match.group(0)
        new = replace(match)
        return match.group(0) if new is None else new

    return pattern.sub(sub, text)


def rewrite(text: str, replace: Callable[[re.Match[str]], str | None], pattern: re.Pattern[str] = _WIKI) -> str:
    """``text`` with each match of ``pattern`` outside code replaced by ``replace(match)`` (None: kept)."""
    out: list[str] = []
    pos = 0
    for start, end in _prose_spans(text):
        out.append(text[pos:start])
        out.append(_rewrite_prose(text[start:end], replace, pattern))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def rewrite_wikilinks(text: str, replace: Callable[[WikiLink], str | None]) -> str:
    """Replace each ``[[...]]``/``![[...]]`` outside code by ``replace(link)`` (None: kept as written)."""
    return rewrite(text, lambda m: replace(parse_wikilink(m.group(2), bool(m.group(1)))))


def wikilinks(text: str) -> list[WikiLink]:
    found: list[WikiLink] = []
    rewrite_wikilinks(text, lambda link: found.append(link))
    return found


def markdown_targets(text: str) -> list[str]:
    """The local targets of standard ``[text](path)`` / ``![alt](path)`` links outside code."""
    found: list[str] = []

    def collect(match: re.Match[str]) -> None:
        target = match.group(1)
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^#|^/", target):
            found.append(target)

    rewrite(text, collect, _MD_LINK)
    return found


def relative_url(from_dir: str, target: str) -> str:
    """URL of vault-relative ``target`` from a page in vault-relative folder ``from_dir`` (percent-encoded)."""
    rel = posixpath.relpath(target, from_dir or ".")
    return quote(rel, safe="/")


def heading_anchor(heading: str) -> str:
    """``#Some Heading`` -> ``#some-heading`` (the common GitHub/MkDocs/Hugo/Quartz slug)."""
    slug = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return re.sub(r" +", "-", slug)
