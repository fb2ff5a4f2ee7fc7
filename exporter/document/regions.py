"""Candidate regions of a drawing (frames, boxes, groups) and who owns which element.

A region is anything that visibly encloses other elements: a frame (its
children), a rectangle/diamond/ellipse with something inside it, or a group
of elements. Every element is owned by the smallest region that encloses it;
whether a region is a *titled* section is decided later
(:mod:`exporter.document.headings`), and untitled ones are dissolved into
the regions around them. Lookups go through grid indexes so that drawings
with thousands of boxes stay fast.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from exporter.document.geometry import GridIndex, area, contains, element_box, union
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
    label: str = ""  # an unnamed frame's shortened prominent text, when no text titles it as it is
    titled: bool = False
    rank: int = 0  # position in smallest-first order
    tolerance: float = 2.0

    @property
    def area(self) -> float:
        return area(self.box)


def _tolerance(box: Bounds) -> float:
    return max(2.0, 0.01 * min(box[2] - box[0], box[3] - box[1]))


def _center(box: Bounds) -> Bounds:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return cx, cy, cx, cy


class RegionFinder:
    """Finds the regions of ``scene`` and the owner of every element."""

    def __init__(self, scene: Scene, boxes: dict[str, Bounds]) -> None:
        self.scene = scene
        self.boxes = boxes
        self.elements = scene.elements
        self.regions: list[Region] = []
        self.owner: dict[str, Region | None] = {}
        self._by_frame: dict[str, Region] = {}
        self._by_group: dict[str, list[Region]] = {}  # element id -> regions listing it as member
        self._box_index: GridIndex[Region] | None = None

    # -- membership -----------------------------------------------------------

    def encloses(self, region: Region, el: Element) -> bool:
        if region.shape is not None and el["id"] == region.shape["id"]:
            return False
        if region.kind == "frame":
            return el.get("frameId") == region.key
        if el["id"] in region.members:
            return True
        if region.kind == "group":
            return False
        return contains(region.box, self.boxes[el["id"]], region.tolerance)

    def region_inside(self, inner: Region, outer: Region) -> bool:
        if inner.shape is not None:
            return self.encloses(outer, inner.shape)
        return all(self.encloses(outer, self.scene.by_id[m]) for m in inner.members if m in self.scene.by_id)

    def candidates(self, el: Element) -> Iterator[Region]:
        """Regions that may enclose ``el``, smallest first (a superset; check with :meth:`encloses`)."""
        sources: list[Iterable[Region]] = []
        frame = self._by_frame.get(el.get("frameId") or "")
        if frame is not None:
            sources.append([frame])
        if el["id"] in self._by_group:
            sources.append(self._by_group[el["id"]])
        if self._box_index is not None:
            sources.append(self._box_index.iter_query(_center(self.boxes[el["id"]])))
        return heapq.merge(*sources, key=lambda r: r.rank)

    def smallest_enclosing(self, el: Element, above: int = -1, alive: set[int] | None = None) -> Region | None:
        """The smallest region ranked after ``above`` (and not dissolved) that encloses ``el``."""
        for region in self.candidates(el):
            if region.rank > above and (alive is None or id(region) in alive) and self.encloses(region, el):
                return region
        return None

    def smallest_around(self, inner: Region, alive: set[int] | None = None) -> Region | None:
        """The smallest region ranked after ``inner`` that encloses all of it."""
        probe = inner.shape if inner.shape is not None else self.scene.by_id.get(next(iter(sorted(inner.members)), ""))
        if probe is None:
            return None
        for region in self.candidates(probe):
            if region.rank > inner.rank and (alive is None or id(region) in alive) \
                    and self.region_inside(inner, region):
                return region
        return None

    # -- finding ----------------------------------------------------------------

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
        for rank, region in enumerate(self.regions):
            region.rank = rank
            region.tolerance = _tolerance(region.box)
            if region.kind == "frame":
                self._by_frame[region.key] = region
            else:
                for m in region.members:
                    self._by_group.setdefault(m, []).append(region)
        self._box_index = GridIndex((r.box, r) for r in self.regions if r.kind == "box")
        self._assign_owners()
        self._link_parents()
        return self.regions

    def _box_regions(self) -> list[Region]:
        content = [e for e in self.elements if e["type"] not in DECORATION_TYPES]
        content_index = GridIndex((self.boxes[e["id"]], e) for e in content)
        shapes = [e for e in self.elements if e["type"] in BOX_TYPES]
        shape_index = GridIndex((self.boxes[e["id"]], e) for e in shapes)
        out = []
        for el in shapes:
            box = self.boxes[el["id"]]
            own = area(box)
            if own <= 0:
                continue
            tol = _tolerance(box)
            encloses = any(other["id"] != el["id"] and other.get("containerId") != el["id"]
                           and contains(box, self.boxes[other["id"]], tol) and area(self.boxes[other["id"]]) < own
                           for other in content_index.query(box))
            bound = self.scene.bound_text.get(el["id"])
            if (encloses or (bound is not None and (bound.get("verticalAlign") == "top"))) \
                    and not self._layered(el, box, shape_index.query(box)):
                out.append(Region("box", el["id"], box, el, self._group_of_box(el)))
        return out

    def _layered(self, shape: Element, box: Bounds, shapes: list[Element]) -> bool:
        """Does ``shape`` cross another shape of comparable size (a picture of stacked cards, not a container)?

        Containers on a page are disjoint or nested; a small node poking over a
        section's border does not count, so only shapes at least a quarter as
        large and overlapping by a tenth of the smaller one do.
        """
        own = area(box)
        tol = _tolerance(box)
        for other in shapes:
            if other is shape:
                continue
            ob = self.boxes[other["id"]]
            other_area = area(ob)
            if other_area < own / 4 or own < other_area / 4:
                continue
            if contains(box, ob, tol) or contains(ob, box, tol):
                continue
            if not (box[0] < ob[2] and ob[0] < box[2] and box[1] < ob[3] and ob[1] < box[3]):
                continue
            overlap = area((max(box[0], ob[0]), max(box[1], ob[1]), min(box[2], ob[2]), min(box[3], ob[3])))
            if overlap >= 0.1 * min(own, other_area):
                return True
        return False

    def _group_of_box(self, shape: Element) -> frozenset[str]:
        """Members of the innermost group this box encloses entirely (the box stands for that group)."""
        for gid in shape.get("groupIds") or []:
            members = self.scene.groups.get(gid, [])
            box = union(self.boxes[m["id"]] for m in members)
            if box is not None and contains(self.boxes[shape["id"]], box, _tolerance(box)):
                return frozenset(m["id"] for m in members)
        return frozenset()

    def _group_regions(self, box_regions: list[Region]) -> list[Region]:
        represented = {r.members for r in box_regions}
        out = []
        for gid, members in self.scene.groups.items():
            ids = frozenset(m["id"] for m in members)
            if len(ids) < 2 or ids in represented:
                continue
            box = union(self.boxes[m["id"]] for m in members)
            if box is None or area(box) <= 0:
                continue
            out.append(Region("group", gid, box, None, ids))
        return out

    def _assign_owners(self) -> None:
        by_shape = {r.shape["id"]: r for r in self.regions if r.shape is not None}
        for el in self.elements:
            self.owner[el["id"]] = None
            if el["type"] == "text" and el.get("containerId") in self.boxes:
                continue  # follows its container
            self.owner[el["id"]] = self.smallest_enclosing(el)
        for el in self.elements:
            cid = el.get("containerId")
            if el["type"] == "text" and cid in self.boxes:
                self.owner[el["id"]] = by_shape.get(cid) or self.owner.get(cid)
        for el in self.elements:
            region = self.owner.get(el["id"])
            if region is not None:
                region.direct.append(el)

    def _link_parents(self) -> None:
        for region in self.regions:
            outer = self.smallest_around(region)
            if outer is not None:
                region.parent = outer
                outer.children.append(region)


def element_boxes(scene: Scene) -> dict[str, Bounds]:
    return {e["id"]: element_box(e) for e in scene.elements}
