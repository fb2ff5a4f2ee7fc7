"""The one scene model every loader returns and every later stage reads.

Elements stay plain JSON dicts (the Excalidraw schema is wide, versioned and
extended by the Obsidian plugin); :func:`exporter.scene.restore.restore_scene`
guarantees that every field the renderer reads is present and well-typed. The
one field held otherwise: the points of lines, arrows and freedraw strokes, a
:class:`~exporter.scene.points.PointList` (flat doubles) from the loader on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

Element = dict[str, Any]
#: The types of a JSON number as parsed (``type(x) in`` them leaves out bool).
NUMBER_TYPES = frozenset((int, float))


@dataclass
class EmbeddedFile:
    """One entry of an Obsidian note's ``## Embedded Files`` section."""

    file_id: str
    kind: str  # "vault" | "url" | "latex" | "markdown" | "other"
    target: str  # the link, URL or LaTeX source as written
    path: str | None = None  # resolved vault file, when found
    color_map: dict[str, str] | None = None


@dataclass
class Scene:
    """A restored drawing: non-deleted elements in z-order, app state, files."""

    elements: list[Element]
    app_state: dict[str, Any] = field(default_factory=dict)
    # fileId -> {"mimeType": ..., "dataURL": ..., "id": ...}; vault images are
    # resolved into this map by the loader.
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    source: str = "<scene>"  # path shown in messages
    notes: str = ""  # Markdown the user wrote above the drawing (Obsidian)
    front_matter: dict[str, Any] = field(default_factory=dict)
    embedded: dict[str, EmbeddedFile] = field(default_factory=dict)
    element_links: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # What the drawing was read from: "excalidraw", "clipboard", "library",
    # "obsidian/compressed-json", "obsidian/json", "png", "svg".
    kind: str = "excalidraw"
    # Obsidian ``## Text Elements``: element id -> the raw Markdown the user wrote
    # (links unparsed); rendering uses ``element["text"]`` (doc §1.2).
    text_elements: dict[str, str] = field(default_factory=dict)
    # The parsed JSON as read (before restore), for --embed-scene round trips.
    raw: dict[str, Any] | None = None

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    @cached_property
    def by_id(self) -> dict[str, Element]:
        return {e["id"]: e for e in self.elements}

    @cached_property
    def bound_text(self) -> dict[str, Element]:
        """Container id -> its bound text element (as Excalidraw finds it)."""
        out: dict[str, Element] = {}
        for el in self.elements:
            if el["type"] == "text" or not el.get("boundElements"):
                continue
            for ref in el["boundElements"]:
                if isinstance(ref, dict) and ref.get("type") == "text":
                    text = self.by_id.get(ref.get("id"))
                    if text is not None and text["type"] == "text" and text.get("containerId") == el["id"]:
                        out[el["id"]] = text
                        break
        return out

    @cached_property
    def frames(self) -> list[Element]:
        return [e for e in self.elements if e["type"] in ("frame", "magicframe")]

    @cached_property
    def frame_children(self) -> dict[str, list[Element]]:
        ids = {f["id"] for f in self.frames}
        out: dict[str, list[Element]] = {i: [] for i in ids}
        for el in self.elements:
            fid = el.get("frameId")
            if fid in ids:
                out[fid].append(el)
        return out

    @cached_property
    def groups(self) -> dict[str, list[Element]]:
        """Group id -> member elements (any depth), in z-order."""
        out: dict[str, list[Element]] = {}
        for el in self.elements:
            for gid in el.get("groupIds") or ():
                out.setdefault(gid, []).append(el)
        return out

    def counts_by_type(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for el in self.elements:
            out[el["type"]] = out.get(el["type"], 0) + 1
        return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))
