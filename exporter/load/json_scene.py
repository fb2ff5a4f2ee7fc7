"""Plain JSON containers: ``.excalidraw`` scenes, clipboard data and ``.excalidrawlib`` libraries."""

from __future__ import annotations

import json
import math
import re
from typing import Any

try:  # optional: the standard json module gives the same result, only slower
    import orjson as _orjson
except ImportError:  # pragma: no cover - orjson is a dependency, but has no wheel everywhere
    _orjson = None

from exporter.errors import LoadError
from exporter.scene.model import Scene
from exporter.scene.restore import points_from_rows, restore_scene, scene_accelerator

#: Space between library items laid out side by side.
LIBRARY_GAP = 40


def _short(exc: Exception) -> str:
    return str(exc).split("\n")[0][:120] or type(exc).__name__


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _scrub(value: Any) -> Any:
    """Lone UTF-16 surrogates -> U+FFFD in every string (they cannot be written as UTF-8)."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    if isinstance(value, dict):
        return {_scrub(k): _scrub(v) for k, v in value.items()}
    return value


UNPARSED = object()


def fast_loads(text: str | bytes) -> Any:
    """orjson's parse (about 2.5x faster), else UNPARSED: orjson rejects NaN/Infinity, lone
    surrogates and deep nesting, which json.loads then handles (or reports) as before.
    The one other difference: an integer beyond 64 bits becomes the nearest float, as
    JSON.parse makes it in Excalidraw (json.loads would keep it exact)."""
    if _orjson is None:
        return UNPARSED
    try:
        return _orjson.loads(text)
    except (ValueError, RecursionError):
        return UNPARSED


# orjson holds a transient copy of the whole document while it parses (about 150 MB
# more than json for a 46 MB file), so large files go to json, which peaks lower.
ORJSON_MAX_BYTES = 16 * 1024 * 1024
_SURROGATE_ESCAPE_BYTES = re.compile(rb"\\u[dD][89a-fA-F]")
_POINT_TYPES = frozenset({"line", "arrow", "draw", "freedraw"})


def flat_element_points(obj: dict[str, Any]) -> dict[str, Any]:
    """``json.loads`` object hook: an element's points made a PointList as soon as the
    element is parsed, so a large drawing's million point lists never exist all at once
    (rows that are not all plain ``[x, y]`` numbers stay lists, for restore to judge)."""
    kind = obj.get("type")
    if type(kind) is str and kind in _POINT_TYPES:
        rows = obj.get("points")
        if type(rows) is list:
            points = points_from_rows(rows)
            if points is not None:
                obj["points"] = points
    return obj


#: Bytes of elements parsed at once by :func:`parse_in_slices`.
SLICE_BYTES = 4 * 1024 * 1024


def parse_in_slices(data: bytes) -> Any:
    """A large scene document parsed by orjson with its element list a slice of
    SLICE_BYTES at a time (each element's points made a PointList as the slice is
    parsed), so neither orjson's transient copy of the whole document nor all the point
    lists exist at once; else UNPARSED (no C helper, not one object with an ``elements``
    array, elements under half the document, or anything orjson refuses:
    :func:`parse_json_bytes` then uses json)."""
    accel = scene_accelerator()
    spans = accel.json_array_items(data, b"elements") if accel is not None and _orjson is not None else None
    if spans is None:
        return UNPARSED
    start, end, starts, ends = spans
    if (end - start) * 2 < len(data):
        # Mostly images (``files``): orjson's working copy of them would raise the peak
        # (45 MB, 3 images: 198 MB against json's 153), and few elements gain little.
        return UNPARSED
    try:
        view = memoryview(data)  # each part below copied once, by join
        document = _orjson.loads(b"".join((view[:start], b"[]", view[end:])))
        elements: list[Any] = []
        first = 0
        while first < len(starts):
            last = first + 1
            while last < len(starts) and ends[last] - starts[first] <= SLICE_BYTES:
                last += 1
            part = _orjson.loads(b"".join((b"[", view[starts[first]:ends[last - 1]], b"]")))
            elements += [flat_element_points(el) if type(el) is dict else el for el in part]
            first = last
    except (ValueError, RecursionError):
        return UNPARSED
    document["elements"] = elements  # the same key, so the document keeps its key order
    return document


def parse_json_bytes(data: bytes) -> Any:
    """A UTF-8 JSON document parsed without first decoding it to text, else UNPARSED (the
    caller then goes through :func:`parse_json_text` for its checks and messages)."""
    if len(data) <= ORJSON_MAX_BYTES:
        return fast_loads(data)
    parsed = parse_in_slices(data)
    if parsed is not UNPARSED:
        return parsed
    try:
        value = json.loads(data, object_hook=flat_element_points)
    except (ValueError, RecursionError):
        return UNPARSED
    return _scrub(value) if _SURROGATE_ESCAPE_BYTES.search(data) else value


def parse_json_text(text: str, what: str = "") -> Any:
    """``json.loads`` with one-line errors; lone surrogates (raw or escaped) become U+FFFD.
    orjson parses it unless it is large (then json does, as in :func:`parse_json_bytes`: a
    lower peak, and elements' points made flat as they are parsed)."""
    where = f" in {what}" if what else ""
    data = fast_loads(text) if len(text) <= ORJSON_MAX_BYTES else UNPARSED
    if data is not UNPARSED:
        return data
    try:
        data = json.loads(text, object_hook=flat_element_points)
    except RecursionError:
        raise LoadError(f"invalid JSON{where}: nested too deeply") from None
    except ValueError as exc:
        raise LoadError(f"invalid JSON{where}: {_short(exc)}") from None
    if _LONE_SURROGATE.search(text) or _SURROGATE_ESCAPE.search(text):
        data = _scrub(data)
    return data


def _item_box(elements: list[dict[str, Any]]) -> tuple[float, float, float, float]:
    """Rough (x1, y1, x2, y2) of a library item, for laying items out."""
    boxes = []
    for el in elements:
        try:
            x, y = float(el.get("x") or 0), float(el.get("y") or 0)
            w, h = float(el.get("width") or 0), float(el.get("height") or 0)
        except (TypeError, ValueError):
            continue
        if all(math.isfinite(v) for v in (x, y, w, h)):
            boxes.append((min(x, x + w), min(y, y + h), max(x, x + w), max(y, y + h)))
    if not boxes:
        return 0.0, 0.0, 0.0, 0.0
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


def library_scene(data: dict[str, Any]) -> dict[str, Any]:
    """All items of a library as one scene: items in a grid, left to right, top to bottom."""
    items = data.get("libraryItems")
    if items is None:
        items = data.get("library")  # version 1: a list of element lists
    if not isinstance(items, list):
        raise LoadError("not an Excalidraw library: no libraryItems")
    groups: list[list[dict[str, Any]]] = []
    for item in items:
        elements = item.get("elements") if isinstance(item, dict) else item
        if isinstance(elements, list):
            live = [e for e in elements if isinstance(e, dict) and not e.get("isDeleted")]
            if live:
                groups.append(live)
    columns = max(1, math.ceil(math.sqrt(len(groups))))
    boxes = [_item_box(g) for g in groups]
    cell_w = max((b[2] - b[0] for b in boxes), default=0) + LIBRARY_GAP
    cell_h = max((b[3] - b[1] for b in boxes), default=0) + LIBRARY_GAP
    out: list[dict[str, Any]] = []
    for n, (group, box) in enumerate(zip(groups, boxes, strict=True)):
        dx = (n % columns) * cell_w - box[0]
        dy = (n // columns) * cell_h - box[1]
        for el in group:
            moved = dict(el)
            if isinstance(moved.get("x"), (int, float)):
                moved["x"] = moved["x"] + dx
            if isinstance(moved.get("y"), (int, float)):
                moved["y"] = moved["y"] + dy
            out.append(moved)
    return {"type": "excalidraw", "version": 2, "elements": out, "appState": {}, "files": {}}


def scene_from_json(data: Any, source: str) -> Scene:
    """A parsed JSON document (the loader's own: its element list is emptied) -> restored scene, by its ``type``."""
    if not isinstance(data, dict):
        raise LoadError("not an Excalidraw drawing: expected a JSON object")
    kind = data.get("type")
    if kind == "excalidrawlib":
        scene = restore_scene(library_scene(data), source, release=True)
        scene.kind = "library"
        return scene
    if not isinstance(data.get("elements"), list):
        raise LoadError("not an Excalidraw drawing: no elements")
    scene = restore_scene(data, source, release=True)
    scene.kind = "clipboard" if kind == "excalidraw/clipboard" else "excalidraw"
    if kind not in (None, "excalidraw", "excalidraw/clipboard"):
        scene.warn(f"unexpected document type {kind!r}; read as a scene")
    return scene
