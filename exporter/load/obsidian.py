"""Obsidian Excalidraw notes (``.excalidraw.md``; doc §1.2).

A note is a drawing when its front matter has ``excalidraw-plugin:``. The scene
is the last fenced ``compressed-json`` or ``json`` block after the last
``##? Drawing`` heading (very old notes: bare JSON after ``# Drawing``). The
``Text Elements``, ``Element Links`` and ``Embedded Files`` sections before it
add the raw Markdown of texts, links, and the vault images the JSON only
refers to by file id.
"""

from __future__ import annotations

import base64
import contextvars
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from exporter.errors import LimitError, LoadError
from exporter.load import lzstring
from exporter.load.json_scene import parse_json_text
from exporter.load.vault import Vault, read_image
from exporter.scene.model import EmbeddedFile, Scene
from exporter.scene.restore import normalize_link, restore_scene

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)(?:^---[ \t]*$\n?)", re.S | re.M)
_DRAWING_HEADING = re.compile(r"^##? Drawing[ \t]*$", re.M)
_FENCE_OPEN = re.compile(r"^```(compressed-json|json)[ \t]*$\n?", re.M)
_FENCE_CLOSE = re.compile(r"^```[ \t]*$", re.M)
_SECTION = re.compile(r"^(?:##? (Text Elements|Element Links|Embedded [Ff]iles)|# Excalidraw Data)[ \t]*$", re.M)
_SECTION_END = re.compile(r"^(?:%%[ \t]*|##? Drawing[ \t]*|##? (?:Text Elements|Element Links|Embedded [Ff]iles)[ \t]*)$",
                          re.M)
_TEXT_ENTRY = re.compile(r"\s\^(.{8})\n+")
_TEXT_LINK_PREFIX = re.compile(r"^%%\*\*\*>>>text element-link:(\[\[[^<*\]]+\]\])<<<\*\*\*%%")
_ELEMENT_LINK = re.compile(r"^(.{8}):\s*(.*)$", re.M)
_EMBED_ENTRY = re.compile(r"([\w\d]+):[ \t]*(.*)")
_EMBED_WIKI = re.compile(r"!?\[\[([^\]]*)\]\][ \t]*(\{[^}]*\})?[ \t]*")
_EMBED_URL = re.compile(r"(?:https?|file|ftps?)://\S*")
#: Lines a ``$$`` formula may span (the section is scanned once, line by line).
_MAX_LATEX_LINES = 200
_BANNER = re.compile(r"^==⚠.*$\n?", re.M)
_COMMENT = re.compile(r"%%.*?%%", re.S)
_BASE64_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
#: Drawings embedded in drawings are rendered to SVG images, this many levels deep.
MAX_NESTED_DRAWINGS = 3
# The notes being loaded right now (outermost first): stops cycles and deep nesting.
_LOADING: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar("loading_notes", default=())


def parse_front_matter(text: str) -> tuple[dict[str, Any], int]:
    """Simple YAML front matter (``key: value``, ``- item`` lists, ``[a, b]``) and where the body starts."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, 0
    data: dict[str, Any] = {}
    last_key: str | None = None
    for line in match.group(1).split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = re.match(r"^\s+-\s*(.*)$", line) or re.match(r"^-\s+(.*)$", line)
        if item and last_key is not None:
            if not isinstance(data.get(last_key), list):
                data[last_key] = []
            data[last_key].append(_yaml_scalar(item.group(1)))
            continue
        pair = re.match(r"^([^\s:][^:]*):(?:\s+(.*)|\s*)$", line)
        if pair:
            last_key = pair.group(1).strip()
            value = (pair.group(2) or "").strip()
            data[last_key] = _yaml_scalar(value) if value else None
    return data, match.end()


def _yaml_scalar(value: str) -> Any:
    value = value.strip()
    if value.startswith("[") and value.endswith("]"):
        return [_yaml_scalar(v) for v in value[1:-1].split(",") if v.strip()]
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    lowered = value.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered in ("null", "~"):
        return None
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    if re.fullmatch(r"-?\d+\.\d*", value):
        return float(value)
    return value


def is_obsidian_drawing(text: str) -> bool:
    front, _ = parse_front_matter(text)
    return "excalidraw-plugin" in front


def _parse_json(text: str, what: str) -> dict[str, Any]:
    end = text.rfind("}")
    start = text.find("{")
    if start < 0 or end < start:
        raise LoadError(f"not an Excalidraw drawing: no JSON object in {what}")
    data = parse_json_text(text[start:end + 1].replace("&#91;", "["), what)
    if not isinstance(data, dict):
        raise LoadError(f"not an Excalidraw drawing: {what} is not a JSON object")
    return data


def _line_starts(text: str, marker: str, start: int = 0, *, reverse: bool = False) -> Iterator[int]:
    """Offsets of the lines of ``text`` (from ``start`` on) that begin with ``marker``, in order or
    last first. Matching a line-anchored pattern only there finds what ``finditer``/``search``
    find without trying every position of a note whose drawing is megabytes of base64."""
    first = start if text.startswith(marker, start) and (start == 0 or text[start - 1] == "\n") else None
    needle = "\n" + marker
    if reverse:
        end = len(text)
        while (i := text.rfind(needle, start, end)) >= 0:
            yield i + 1
            end = i
        if first is not None:
            yield first
        return
    if first is not None:
        yield first
    i = start
    while (i := text.find(needle, i)) >= 0:
        i += 1
        yield i


def _line_match(pattern: re.Pattern[str], text: str, marker: str, start: int = 0, *,
                last: bool = False) -> re.Match[str] | None:
    """The first (or last) match of the line-anchored ``pattern`` in ``text`` at or after
    ``start``; each match begins a line with ``marker``."""
    for at in _line_starts(text, marker, start, reverse=last):
        match = pattern.match(text, at)
        if match is not None:
            return match
    return None


def _is_base64(text: str) -> bool:
    """``[A-Za-z0-9+/]*=*``, checked with a byte table (re takes ~10 ms a megabyte)."""
    body = text.rstrip("=")
    return body.isascii() and not body.encode("ascii").translate(None, _BASE64_ALPHABET)


def _drawing_json(text: str) -> tuple[dict[str, Any], str, int]:
    """(scene dict, block kind, offset of the drawing heading)."""
    heading = _line_match(_DRAWING_HEADING, text, "#", last=True)
    if heading is None:
        raise LoadError("not an Excalidraw drawing: no ## Drawing section")
    after = text[heading.end():]
    fence = _line_match(_FENCE_OPEN, after, "```", last=True)
    if fence is None:  # very old notes: bare JSON right after "# Drawing"
        return _parse_json(after, "drawing section"), "obsidian/json", heading.start()
    kind = fence.group(1)
    body_start = fence.end()
    close = _line_match(_FENCE_CLOSE, after, "```", body_start)
    body = after[body_start:close.start() if close else len(after)]
    if kind == "json":
        return _parse_json(body, "json block"), "obsidian/json", heading.start()
    packed = "".join(body.split())  # no whitespace (str.split's is re's \s)
    if not packed:
        raise LoadError("compressed-json block is empty")
    if not _is_base64(packed):
        raise LoadError("invalid base64 in compressed-json block")
    try:
        decoded = lzstring.decompress_from_base64(packed)
    except lzstring.LZStringTruncated:
        raise LoadError("compressed-json block is truncated") from None
    except lzstring.LZStringError as exc:
        raise LoadError(f"compressed-json block is corrupt ({exc})") from None
    except LimitError as exc:
        raise LimitError(f"compressed-json block: {exc.message}") from None
    return _parse_json(decoded, "compressed-json block"), "obsidian/compressed-json", heading.start()


def _sections(text: str) -> tuple[dict[str, str], int | None]:
    """Section name -> body, and where the drawing data starts (end of the user's notes)."""
    sections: dict[str, str] = {}
    data_start: int | None = None
    for match in _SECTION.finditer(text):
        if data_start is None:
            data_start = match.start()
        name = match.group(1)
        if name is None:  # "# Excalidraw Data"
            continue
        end = _SECTION_END.search(text, match.end() + 1)
        body = text[match.end() + 1:end.start() if end else len(text)]
        sections.setdefault(name.lower(), body)
    return sections, data_start


def _notes(text: str, body_start: int, data_start: int) -> str:
    notes = text[body_start:data_start]
    notes = _BANNER.sub("", notes)
    notes = _COMMENT.sub("", notes)
    if "%%" in notes:  # an opening comment marker that the drawing data closes
        notes = notes[: notes.index("%%")]
    opener = notes.rfind("<!--")
    if opener >= 0 and "-->" not in notes[opener:]:  # an HTML comment hiding the drawing data
        notes = notes[:opener]
    return notes.strip("\n").rstrip()


def _text_elements(body: str) -> tuple[dict[str, str], dict[str, str]]:
    """(element id -> raw Markdown, element id -> legacy text link)."""
    texts: dict[str, str] = {}
    links: dict[str, str] = {}
    body = body.rstrip("\n") + "\n"
    pos = 0
    for match in _TEXT_ENTRY.finditer(body):
        raw = body[pos:match.start()]
        pos = match.end()
        el_id = match.group(1)
        if el_id == "_dummy!_":
            continue
        link = _TEXT_LINK_PREFIX.match(raw.lstrip("\n"))
        if link:
            links[el_id] = link.group(1)
            raw = raw.lstrip("\n")[link.end():]
        texts[el_id] = raw.strip("\n")
    return texts, links


def _color_map(text: str | None) -> dict[str, str] | None:
    if not text:
        return None
    try:
        parsed = json.loads(text)
    except ValueError:
        return None
    return {str(k): str(v) for k, v in parsed.items()} if isinstance(parsed, dict) else None


def _embedded_files(body: str) -> dict[str, EmbeddedFile]:
    """``## Embedded Files`` entries by file id (the first entry of an id wins)."""
    found: dict[str, EmbeddedFile] = {}
    lines = body.split("\n")
    i = 0
    while i < len(lines):
        match = _EMBED_ENTRY.fullmatch(lines[i])
        i += 1
        if match is None:
            continue
        file_id, rest = match.group(1), match.group(2).strip()
        if rest.startswith("$$"):  # LaTeX, possibly over several lines, up to the closing $$
            formula = rest[2:]
            extra = 0
            while "$$" not in formula and i < len(lines) and extra < _MAX_LATEX_LINES:
                formula += "\n" + lines[i]
                i += 1
                extra += 1
            entry = EmbeddedFile(file_id, "latex", formula.split("$$", 1)[0].strip())
        elif wiki := _EMBED_WIKI.fullmatch(rest):
            entry = EmbeddedFile(file_id, "vault", wiki.group(1), color_map=_color_map(wiki.group(2)))
        elif _EMBED_URL.fullmatch(rest):
            entry = EmbeddedFile(file_id, "url", rest)
        elif rest == "markdown-image":
            entry = EmbeddedFile(file_id, "markdown", rest)
        elif rest:
            entry = EmbeddedFile(file_id, "other", rest)
        else:
            continue
        found.setdefault(file_id, entry)
    return found


def _element_links(body: str) -> dict[str, str]:
    return {m.group(1): m.group(2).strip() for m in _ELEMENT_LINK.finditer(body) if m.group(2).strip()}


def _short_target(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _attach_files(scene: Scene, note_path: Path | None, vault_root: Path | None) -> None:
    """Read the vault images that live image elements use into ``scene.files``."""
    used = []
    for el in scene.elements:
        file_id = el.get("fileId") if el["type"] == "image" else None
        if isinstance(file_id, str) and file_id not in used:
            used.append(file_id)
    vault = Vault(note_path, vault_root) if note_path is not None else None
    remote: list[str] = []
    latex: list[str] = []
    for file_id in used:
        entry = scene.embedded.get(file_id)
        if entry is None:
            if file_id not in scene.files:
                scene.warn(f"image {file_id} not found (no file data and no Embedded Files entry)")
            continue
        if entry.kind == "vault":
            path = vault.resolve(entry.target) if vault is not None else None
            if path is None:
                if file_id not in scene.files:
                    scene.warn(f"image {entry.target} not found")
                continue
            if path.suffix.lower() == ".md":
                rendered = _nested_drawing(scene, path, entry.target, vault_root)
                if rendered is not None:
                    entry.path = str(path)
                    scene.files[file_id] = {"id": file_id, "mimeType": "image/svg+xml", "dataURL": rendered}
                continue
            try:
                mime, data_url = read_image(path, entry.color_map)
            except LimitError as exc:
                scene.warn(exc.message)
                continue
            except ValueError as exc:
                scene.warn(str(exc))
                continue
            except OSError:
                scene.warn(f"image {entry.target} cannot be read")
                continue
            entry.path = str(path)
            scene.files[file_id] = {"id": file_id, "mimeType": mime, "dataURL": data_url}
        elif file_id in scene.files:
            continue
        elif entry.kind == "url":
            remote.append(entry.target)
        elif entry.kind == "latex":
            latex.append(entry.target)
        elif entry.kind == "markdown":
            scene.warn(f"markdown-image {file_id} not rendered")
        else:
            scene.warn(f"image {_short_target(entry.target)} not found")
    if remote:
        scene.warn(f"{len(remote)} remote image{'s' if len(remote) > 1 else ''} not fetched "
                   f"(never downloaded), e.g. {_short_target(remote[0])}")
    if latex:
        scene.warn(f"{len(latex)} LaTeX image{'s' if len(latex) > 1 else ''} not rendered, "
                   f"e.g. $${_short_target(latex[0])}$$")


def _nested_drawing(scene: Scene, path: Path, target: str, vault_root: Path | None) -> str | None:
    """An embedded Excalidraw note rendered to an SVG data URL (as the plugin shows it), or None."""
    loading = _LOADING.get()
    key = str(path.resolve())
    if key in loading or len(loading) >= MAX_NESTED_DRAWINGS:
        scene.warn(f"embedded drawing {target} not rendered (nested too deeply or in a cycle)")
        return None
    try:
        head = path.read_bytes()[:65536].decode("utf-8", "replace")
    except OSError:
        scene.warn(f"image {target} cannot be read")
        return None
    if not is_obsidian_drawing(head.lstrip("\ufeff").replace("\r\n", "\n")):
        scene.warn(f"embedded note {target} not rendered (only Excalidraw drawings are)")
        return None
    from exporter.errors import ExporterError
    from exporter.load import load

    token = _LOADING.set((*loading, key))
    try:
        nested = load(path, vault=vault_root)
        for message in nested.warnings:
            scene.warn(f"in embedded drawing {target}: {message}")
        from exporter.render import render_svg

        svg = render_svg(nested)
    except ExporterError as exc:
        scene.warn(f"embedded drawing {target} not rendered: {exc.message}")
        return None
    except Exception as exc:  # a renderer bug must not lose the outer drawing
        scene.warn(f"embedded drawing {target} not rendered: internal error: {type(exc).__name__}")
        return None
    finally:
        _LOADING.reset(token)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def load_obsidian(text: str, source: str, note_path: Path | None = None, vault: Path | None = None) -> Scene:
    """Parse an Obsidian Excalidraw note into a restored :class:`Scene`."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    if note_path is not None and not _LOADING.get():
        token = _LOADING.set((str(note_path.absolute().resolve()),))
        try:
            return _load_obsidian(text, source, note_path, vault)
        finally:
            _LOADING.reset(token)
    return _load_obsidian(text, source, note_path, vault)


def _load_obsidian(text: str, source: str, note_path: Path | None, vault: Path | None) -> Scene:
    front, body_start = parse_front_matter(text)
    if "excalidraw-plugin" not in front and _line_match(_DRAWING_HEADING, text, "#") is None:
        raise LoadError("not an Excalidraw drawing: Markdown note without excalidraw-plugin front matter")
    data, kind, drawing_at = _drawing_json(text)
    sections, data_start = _sections(text[:drawing_at])
    scene = restore_scene(data, source, release=True)
    scene.kind = kind
    scene.front_matter = front
    if "excalidraw-plugin" not in front:
        scene.warn("Markdown note without excalidraw-plugin front matter; read as a drawing anyway")
    scene.notes = _notes(text, body_start, data_start if data_start is not None else drawing_at)
    texts, text_links = _text_elements(sections.get("text elements", ""))
    scene.text_elements = texts
    scene.element_links = _element_links(sections.get("element links", ""))
    scene.embedded = _embedded_files(sections.get("embedded files", ""))
    for el in scene.elements:
        el_id = el["id"]
        if el["type"] == "text":
            if el_id in text_links and not el.get("link"):
                el["link"] = normalize_link(text_links[el_id])
        elif el_id in scene.element_links:
            el["link"] = normalize_link(scene.element_links[el_id])
    _attach_files(scene, note_path, vault)
    return scene
