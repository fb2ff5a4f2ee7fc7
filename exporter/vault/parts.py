"""The part of a drawing an Obsidian embed shows: ``#^frame=``, ``#^group=``, ``#^area=`` (plugin semantics).

- ``frame=NAME_OR_ID`` (also ``clippedframe=``): that frame, as Excalidraw exports a frame.
- ``group=ID``: the element ``ID`` with every element sharing one of its groups
  (a text's container comes along; a frame brings its children).
- ``area=ID``: every element whose bounding box overlaps the box of element ``ID``.
- ``,padding=N`` after the id sets the padding of that image.

An id that is not in the drawing falls back to the whole drawing, with a warning,
as the plugin shows the whole drawing then.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass
from typing import Any

_FRAGMENT = re.compile(r"^\^?(group=|area=|frame=|clippedframe=)(.*)$")
_PADDING = re.compile(r",padding=(\d+(?:\.\d+)?|\.\d+)$")
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True, order=True)
class Part:
    """Which part of a drawing an image shows; ``kind`` "" is the whole drawing."""

    kind: str = ""  # "", "frame", "group", "area"
    ref: str = ""
    padding: float | None = None

    @property
    def suffix(self) -> str:
        """File-name suffix of this part's image: "" or ``.frame-<ref>`` (made safe, hashed when changed)."""
        if not self.kind:
            return ""
        safe = _UNSAFE.sub("_", self.ref).strip("_")[:60] or "x"
        if safe != self.ref or self.padding is not None:
            key = f"{self.ref},{self.padding}".encode()
            safe = f"{safe}-{hashlib.sha1(key).hexdigest()[:8]}"
        return f".{self.kind}-{safe}"


WHOLE = Part()


def parse_part(fragment: str) -> Part:
    """The part named by a link's fragment (after ``#``); anything else is the whole drawing."""
    match = _FRAGMENT.match(fragment.strip())
    if match is None:
        return WHOLE
    kind = match.group(1)[:-1]
    ref = match.group(2).strip()
    padding = None
    pad = _PADDING.search(ref)
    if pad is not None:
        padding = float(pad.group(1))
        ref = ref[: pad.start()]
    if kind == "clippedframe":
        kind = "frame"
    return Part(kind, ref, padding) if ref else WHOLE


def _group_ids(scene: Any, anchor: dict[str, Any]) -> set[str]:
    """``getElementsInTheSameGroupWithElement(anchor, elements, includeFrameElements=true)``."""
    elements = scene.elements
    container = scene.by_id.get(anchor.get("containerId")) if anchor.get("type") == "text" else None
    groups = set(anchor.get("groupIds") or ())

    def frame_members(frame: dict[str, Any]) -> set[str]:
        return {e["id"] for e in elements if e.get("frameId") == frame["id"]} | {frame["id"]}

    if not groups:
        if anchor.get("type") == "frame":
            return frame_members(anchor)
        return {anchor["id"]} | ({container["id"]} if container else set())
    ids: set[str] = set()
    for el in elements:
        if groups.intersection(el.get("groupIds") or ()) or (container is not None and el is container):
            ids |= frame_members(el) if el.get("type") == "frame" else {el["id"]}
    return ids


def _area_ids(scene: Any, anchor: dict[str, Any]) -> set[str]:
    """``getElementsInArea``: elements whose bounds overlap the anchor's x/y/width/height box."""
    from exporter.render.bounds import Geometry

    geometry = Geometry(scene.by_id)
    x, y = float(anchor.get("x", 0)), float(anchor.get("y", 0))
    right, bottom = x + float(anchor.get("width", 0)), y + float(anchor.get("height", 0))
    ids: set[str] = set()
    for el in scene.elements:
        if el.get("type") == "frame" and el.get("frameRole") == "marker":
            continue
        if el["id"] == anchor["id"]:
            ids.add(el["id"])
            continue
        try:
            left, top, el_right, el_bottom = geometry.element_bounds(el)[:4]
        except Exception:  # an element whose geometry cannot be computed is not in any area
            continue
        if not (left >= right or el_right <= x or top >= bottom or el_bottom <= y):
            ids.add(el["id"])
    return ids


def part_options(scene: Any, part: Part, options: Any) -> tuple[Any, str | None]:
    """Render options for ``part`` of ``scene`` based on ``options``, and a warning when it falls back."""
    if part.padding is not None:
        options = dataclasses.replace(options, padding=part.padding)
    if not part.kind:
        return options, None
    if part.kind == "frame":
        for frame in scene.frames:
            if frame["id"] == part.ref or frame.get("name") == part.ref:
                return dataclasses.replace(options, frame=frame["id"]), None
        return options, f"no frame named or with id {part.ref!r}: the whole drawing is shown"
    anchor = scene.by_id.get(part.ref)
    if anchor is None:
        return options, f"no element with id {part.ref!r} for {part.kind}=: the whole drawing is shown"
    ids = _group_ids(scene, anchor) if part.kind == "group" else _area_ids(scene, anchor)
    return dataclasses.replace(options, element_ids=frozenset(ids)), None
