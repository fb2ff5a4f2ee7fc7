"""Read any Excalidraw container into one restored :class:`~exporter.scene.model.Scene`.

The container is recognised by content, not by file name: PNG signature, SVG
markup, a JSON object, or an Obsidian Markdown note (front matter
``excalidraw-plugin:``; many such notes are plain ``.md`` files).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

from exporter.errors import ExporterError, LimitError, LoadError
from exporter.gcpause import no_cycle_collection
from exporter.load.embed import PNG_SIGNATURE, decode_png_scene, decode_svg_scene
from exporter.load.json_scene import UNPARSED, parse_json_bytes, parse_json_text, scene_from_json
from exporter.load.obsidian import load_obsidian
from exporter.scene.limits import sanitize_scene
from exporter.scene.model import Scene

__all__ = ["MAX_INPUT_BYTES", "load", "load_bytes", "load_scene", "read_input"]

#: Largest input file read.
MAX_INPUT_BYTES = 512 * 1024 * 1024
READ_CHUNK = 16 * 1024 * 1024
STDIN = "-"


def _read_limited(fh: BinaryIO) -> bytes:
    """Up to MAX_INPUT_BYTES + 1 bytes, in chunks: ``read(n)`` would allocate all n bytes up front."""
    chunks = []
    total = 0
    while total <= MAX_INPUT_BYTES:
        chunk = fh.read(min(READ_CHUNK, MAX_INPUT_BYTES + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_input(path: str | Path) -> bytes:
    """The bytes of ``path`` (``-``: standard input), with one-line errors."""
    name = str(path)
    if name == STDIN:
        data = _read_limited(sys.stdin.buffer)
    else:
        p = Path(path)
        try:
            if p.is_dir():
                raise LoadError("is a directory", path=name)
            with p.open("rb") as fh:
                data = _read_limited(fh)
        except FileNotFoundError:
            raise LoadError("file not found", path=name) from None
        except IsADirectoryError:
            raise LoadError("is a directory", path=name) from None
        except PermissionError:
            raise LoadError("permission denied", path=name) from None
        except OSError as exc:
            raise LoadError(f"cannot read: {exc.strerror or exc}", path=name) from None
    if len(data) > MAX_INPUT_BYTES:
        raise LimitError(f"larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB", path=name)
    return data


def _decode_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LoadError("not an Excalidraw drawing: not UTF-8 text") from None


def _load(data: bytes, name: str, note_path: Path | None, vault: Path | None) -> Scene:
    if not data.strip():
        raise LoadError("empty file")
    if data.startswith(PNG_SIGNATURE):
        scene = scene_from_json(decode_png_scene(data), name)
        scene.kind = "png"
        return scene
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        parsed = parse_json_bytes(data.lstrip(b"\xef\xbb\xbf \t\r\n"))  # no text copy of a large file
        if parsed is not UNPARSED:
            return scene_from_json(parsed, name)
    text = _decode_text(data)
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("{"):
        return scene_from_json(parse_json_text(head), name)
    if head.startswith("<") and "<svg" in head[:65536].lower():
        scene = scene_from_json(decode_svg_scene(text), name)
        scene.kind = "svg"
        return scene
    if head.startswith("<"):
        raise LoadError("not an Excalidraw drawing: markup that is not SVG")
    return load_obsidian(text, name, note_path=note_path, vault=vault)


def load_bytes(data: bytes, name: str = STDIN, *, vault: Path | None = None,
               note_path: Path | None = None) -> Scene:
    """Load a drawing from bytes; ``name`` is used in messages (and, for notes, ``note_path``
    or the current folder anchors vault links)."""
    if note_path is None and name != STDIN:
        note_path = Path(name)
    if note_path is None:
        note_path = Path.cwd() / "stdin.md"
    try:
        # Every consumer (render, doc, info) gets field types and ranges it can rely on.
        with no_cycle_collection():
            return sanitize_scene(_load(data, name, note_path, vault))
    except ExporterError as exc:
        if exc.path is None:
            exc.path = name
        raise
    except RecursionError:
        raise LoadError("input nested too deeply", path=name) from None
    except MemoryError:
        raise LimitError("out of memory while reading", path=name) from None


def load(path: str | Path, *, vault: Path | None = None) -> Scene:
    """Load the drawing at ``path`` (``-``: standard input) and restore it."""
    name = str(path)
    data = read_input(path)
    return load_bytes(data, name, vault=vault, note_path=None if name == STDIN else Path(path))


#: The name the benches look for.
load_scene = load
