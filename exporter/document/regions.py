"""Candidate regions of a drawing (frames, boxes, groups) and who owns which element.

A region is anything that visibly encloses other elements: a frame (its
children), a rectangle/diamond/ellipse with something inside it, or a group
of elements. Every element is owned by the smallest region that encloses it;
whether a region is a *titled* section is decided later
(:mod:`exporter.document.headings`), and untitled ones are dissolved into
their parent.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from exporter.document.geometry import area, contains, element_box, union
from exporter.document.model import Bounds
from exporter.scene.model import Element, Scene

BOX_TYPES = ("rectangle", "diamond", "ellipse")
FRAME_TYPES = ("frame", "magicframe")
LINEAR_TYPES = ("line", "arrow")
# Elements that never own or head anything and are not read: strokes and connectors.
DECORATION_TYPES = ("line", "arrow", "freedraw", "draw")


@dataclass(eq=False)
class Region:
    kind: str  # "frame" | "box" | "group"
    key: str  # frame/shape element id, or group id
    box: Bounds
    shape: Element | None = None  # the frame or the enclosing shape
    members: frozenset[str] = frozenset()  # frame children / group members (by id)
    parent: Region | None = None
    children: list[Region] = field(default_factory=list)
    direct: list[Element] = field(default_factory=list)  # elements owned directly
    heading: Element | None = None
    heading_parts: list[Element] = field(default_factory=list)  # the title line, left to right
    titled: bool = False

    @property
    def area(self) -> float:
        return area(self.box)


def _tolerance(box: Bounds) -> float:
    return max(2.0, 0.01 * min(box[2] - box[0], box[3] - box[1]))


class RegionFinder:
    """Finds the regions of ``scene`` and the owner of every element."""

    def __init__(self, scene: Scene, boxes: dict[str, Bounds]) -> None:
        self.scene = scene
        self.boxes = boxes
        self.elements = scene.elements
        self.regions: list[Region] = []
        self.owner: dict[str, Region | None] = {}

    def encloses(self, region: Region, el: Element) -> bool:
        if region.shape is not None and el["id"] == region.shape["id"]:
            return False
        if region.kind == "frame":
            return el.get("frameId") == region.key
        if el["id"] in region.members:
            return True
        if region.kind == "group":
            return False
        return contains(region.box, self.boxes[el["id"]], _tolerance(region.box))

    def find(self) -> list[Region]:
        scene = self.scene
        for f in scene.frames:
            self.regions.append(Region("frame", f["id"], self.boxes[f["id"]], f,
                                       frozenset(e["id"] for e in scene.frame_children.get(f["id"], ()))))
        box_regions = self._box_regions()
        self.regions.extend(box_regions)
        self.regions.extend(self._group_regions(box_regions))
        # Smallest first: an element's owner is the first region that encloses it.
        # Ties: the later element in z-order is inside (drawn on top).
        z = {e["id"]: i for i, e in enumerate(self.elements)}
        self.regions.sort(key=lambda r: (r.area, -(z.get(r.shape["id"], -1) if r.shape else -1)))
        self._assign_owners()
        self._link_parents()
        return self.regions

    def _box_regions(self) -> list[Region]:
        content = [e for e in self.elements if e["type"] not in DECORATION_TYPES]
        # Sorted by left edge so each box only scans elements that can start inside it.
        content.sort(key=lambda e: self.boxes[e["id"]][0])
        lefts = [self.boxes[e["id"]][0] for e in content]
        shapes = [e for e in self.elements if e["type"] in BOX_TYPES]
        out = []
        for el in self.elements:
            if el["type"] not in BOX_TYPES:
                continue
            box = self.boxes[el["id"]]
            if area(box) <= 0:
                continue
            tol = _tolerance(box)
            lo = bisect.bisect_left(lefts, box[0] - tol)
            hi = bisect.bisect_right(lefts, box[2] + tol)
            encloses = any(other["id"] != el["id"] and other.get("containerId") != el["id"]
                           and contains(box, self.boxes[other["id"]], tol) and area(self.boxes[other["id"]]) < area(box)
                           for other in content[lo:hi])
            bound = self.scene.bound_text.get(el["id"])
            if (encloses or (bound is not None and (bound.get("verticalAlign") == "top"))) \
                    and not self._layered(el, box, shapes):
                members = self._group_of_box(el)
                out.append(Region("box", el["id"], box, el, members))
        return out

    def _layered(self, shape: Element, box: Bounds, shapes: list[Element]) -> bool:
        """Does ``shape`` cross another shape of comparable size (a picture of stacked cards, not a container)?

        Containers on a page are disjoint or nested; a small node poking over a
        section's border does not count, so only shapes at least a quarter as
        large and overlapping by a tenth of the smaller one do.
        """
        own = area(box)
        for other in shapes:
            if other is shape:
                continue
            ob = self.boxes[other["id"]]
            other_area = area(ob)
            if other_area < own / 4 or own < other_area / 4:
                continue
            tol = _tolerance(box)
            if contains(box, ob, tol) or contains(ob, box, tol):
                continue
            overlap = area((max(box[0], ob[0]), max(box[1], ob[1]), min(box[2], ob[2]), min(box[3], ob[3]))) \
                if box[0] < ob[2] and ob[0] < box[2] and box[1] < ob[3] and ob[1] < box[3] else 0.0
            if overlap >= 0.1 * min(own, other_area):
                return True
        return False

    def _group_of_box(self, shape: Element) -> frozenset[str]:
        """Members of the innermost group this box encloses entirely (the box stands for that group)."""
        gids = shape.get("groupIds") or []
        for gid in gids:
            members = self.scene.groups.get(gid, [])
            box = union(self.boxes[m["id"]] for m in members)
            if box is not None and contains(self.boxes[shape["id"]], box, _tolerance(box)):
                return frozenset(m["id"] for m in members)
        return frozenset()

    def _group_regions(self, box_regions: list[Region]) -> list[Region]:
        represented = {m for r in box_regions for m in r.members}
        out = []
        for gid, members in self.scene.groups.items():
            ids = frozenset(m["id"] for m in members)
            if len(ids) < 2 or ids <= represented and any(r.members == ids for r in box_regions):
                continue
            box = union(self.boxes[m["id"]] for m in members)
            if box is None or area(box) <= 0:
                continue
            out.append(Region("group", gid, box, None, ids))
        return out

    def _assign_owners(self) -> None:
        for el in self.elements:
            self.owner[el["id"]] = None
            if el["type"] == "text" and el.get("containerId") in self.boxes:
                continue  # follows its container
            for region in self.regions:
                if self.encloses(region, el):
                    self.owner[el["id"]] = region
                    break
        for el in self.elements:
            cid = el.get("containerId")
            if el["type"] == "text" and cid in self.boxes:
                container_region = next((r for r in self.regions if r.shape is not None and r.shape["id"] == cid), None)
                self.owner[el["id"]] = container_region if container_region is not None else self.owner.get(cid)
        for el in self.elements:
            region = self.owner.get(el["id"])
            if region is not None:
                region.direct.append(el)

    def _link_parents(self) -> None:
        for i, region in enumerate(self.regions):
            for outer in self.regions[i + 1:]:
                if self.region_inside(region, outer):
                    region.parent = outer
                    outer.children.append(region)
                    break

    def region_inside(self, inner: Region, outer: Region) -> bool:
        if inner.shape is not None:
            return self.encloses(outer, inner.shape)
        return all(self.encloses(outer, self.scene.by_id[m]) for m in inner.members if m in self.scene.by_id)


def element_boxes(scene: Scene) -> dict[str, Bounds]:
    return {e["id"]: element_box(e) for e in scene.elements}
