"""Scenes embedded in PNG and SVG files, both ways (doc §1.3, §1.4).

Excalidraw wraps the scene JSON in ``{"version":"1","encoding":"bstring",
"compressed":true,"encoded":<zlib bytes as U+0000..U+00FF chars>}`` and puts it
in a PNG ``tEXt`` chunk, or base64-encoded between ``<!-- payload-start -->``
comments in an SVG's ``<metadata>``. The encoders write exactly what Excalidraw
writes; the decoders also accept the legacy forms (raw scene, version-1 SVG
payload, uncompressed byte strings).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import struct
import zlib
from typing import Any

from exporter.errors import LimitError, LoadError

MIME_EXCALIDRAW = "application/vnd.excalidraw+json"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: Largest scene JSON a decoder will inflate.
MAX_SCENE_BYTES = 200 * 1024 * 1024

_SVG_PAYLOAD = re.compile(r"<!-- payload-start -->\s*(.+?)\s*<!-- payload-end -->", re.S)
_SVG_VERSION = re.compile(r"<!-- payload-version:(\d+) -->")


def _byte_string(data: bytes) -> str:
    return data.decode("latin-1")


def encode_payload(scene_json: str) -> str:
    """``JSON.stringify(await encode({text: scene_json}))`` (compressed byte string)."""
    deflated = zlib.compress(scene_json.encode("utf-8"), 6)
    wrapper = {"version": "1", "encoding": "bstring", "compressed": True, "encoded": _byte_string(deflated)}
    # JSON.stringify escapes the same characters as json.dumps(ensure_ascii=False)
    # (", \\, control characters as \b \f \n \r \t or lower-case \u00xx).
    return json.dumps(wrapper, ensure_ascii=False, separators=(",", ":"))


def _inflate(data: bytes) -> bytes:
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, MAX_SCENE_BYTES + 1)
    except zlib.error as exc:
        raise LoadError(f"embedded scene is corrupt ({exc})") from None
    if len(out) > MAX_SCENE_BYTES:
        raise LimitError(f"embedded scene expands past {MAX_SCENE_BYTES // (1024 * 1024)} MB")
    return out


def decode_payload(text: str) -> dict[str, Any]:
    """The scene dict inside an encoded payload (or a legacy raw scene)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise LoadError(f"embedded scene is not valid JSON ({_short(exc)})") from None
    if not isinstance(data, dict):
        raise LoadError("embedded scene is not a JSON object")
    if "encoded" not in data:
        if data.get("type") == "excalidraw":
            return data
        raise LoadError("embedded data is not an Excalidraw scene")
    encoded = data["encoded"]
    if not isinstance(encoded, str):
        raise LoadError("embedded scene has no encoded data")
    try:
        raw = encoded.encode("latin-1")
    except UnicodeEncodeError:
        raise LoadError("embedded scene is not a byte string") from None
    if data.get("compressed"):
        raw = _inflate(raw)
    try:
        scene_text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise LoadError("embedded scene is not UTF-8") from None
    from exporter.load.json_scene import parse_json_text

    scene = parse_json_text(scene_text, "embedded scene")
    if not isinstance(scene, dict):
        raise LoadError("embedded scene is not a JSON object")
    return scene


def _short(exc: Exception) -> str:
    return str(exc).split("\n")[0][:120] or type(exc).__name__


# --- PNG -------------------------------------------------------------------

def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """(type, payload) of every chunk; raises LoadError on a damaged file."""
    if not data.startswith(PNG_SIGNATURE):
        raise LoadError("not a PNG file")
    chunks = []
    pos = len(PNG_SIGNATURE)
    while pos < len(data):
        if pos + 8 > len(data):
            raise LoadError("PNG file is truncated")
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        end = pos + 12 + length
        if end > len(data):
            raise LoadError("PNG file is truncated")
        chunks.append((kind, data[pos + 8:pos + 8 + length]))
        pos = end
        if kind == b"IEND":
            break
    return chunks


def _chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def encode_png_scene(png_bytes: bytes, scene_json: str) -> bytes:
    """``png_bytes`` with the scene in a ``tEXt`` chunk just before IEND, as Excalidraw writes it."""
    chunks = png_chunks(png_bytes)
    if not chunks or chunks[-1][0] != b"IEND":
        raise LoadError("PNG file has no IEND chunk")
    out = [PNG_SIGNATURE] + [_chunk(k, p) for k, p in chunks[:-1]] + [png_scene_chunk(scene_json), _chunk(*chunks[-1])]
    return b"".join(out)


def png_scene_chunk(scene_json: str) -> bytes:
    """The ``tEXt`` chunk that carries the scene in a PNG, as Excalidraw writes it."""
    return _chunk(b"tEXt", MIME_EXCALIDRAW.encode("latin-1") + b"\0" + encode_payload(scene_json).encode("latin-1"))


def decode_png_scene(png_bytes: bytes) -> dict[str, Any]:
    """The scene embedded in a PNG (first matching ``tEXt`` chunk)."""
    for kind, payload in png_chunks(png_bytes):
        if kind != b"tEXt":
            continue
        keyword, _, text = payload.partition(b"\0")
        if keyword.decode("latin-1") == MIME_EXCALIDRAW:
            return decode_payload(text.decode("latin-1"))
    raise LoadError("PNG has no embedded Excalidraw scene")


# --- SVG -------------------------------------------------------------------

def encode_svg_payload(scene_json: str) -> str:
    """The inner text of ``<metadata>`` that Excalidraw writes for an embedded scene."""
    b64 = base64.b64encode(encode_payload(scene_json).encode("latin-1")).decode("ascii")
    return (f"<!-- payload-type:{MIME_EXCALIDRAW} --><!-- payload-version:2 -->"
            f"<!-- payload-start -->{b64}<!-- payload-end -->")


def decode_svg_scene(svg_text: str) -> dict[str, Any]:
    """The scene embedded in an SVG's metadata (payload versions 1 and 2)."""
    match = _SVG_PAYLOAD.search(svg_text)
    if match is None:
        raise LoadError("SVG has no embedded Excalidraw scene")
    version_match = _SVG_VERSION.search(svg_text)
    version = int(version_match.group(1)) if version_match else 1
    try:
        raw = base64.b64decode(re.sub(r"\s+", "", match.group(1)), validate=True)
    except (binascii.Error, ValueError):
        raise LoadError("invalid base64 in SVG scene payload") from None
    try:
        text = raw.decode("latin-1") if version >= 2 else raw.decode("utf-8")
    except UnicodeDecodeError:
        raise LoadError("SVG scene payload is not UTF-8") from None
    return decode_payload(text)
