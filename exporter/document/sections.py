"""Drawing -> :class:`Document`: the section analysis, as a pipeline of rules.

Each rule is a function ``rule(state)`` that reads and extends an
:class:`Analysis`; :data:`RULES` lists them in order (like markdown-it's
core rules) so a caller can insert, replace or drop one:

1. ``measure``         element boxes, the body text size
2. ``find_regions``    frames, boxes and groups that enclose something
3. ``title_regions``   keep regions with a title, dissolve the others
4. ``order_top``       reading order of what is not inside a region (XY-cut)
5. ``outline``         document title, free headings, region nesting, sub-headings, body text
6. ``relevel``         heading levels from the nesting (no skipped levels)
6b. ``number_frames``  "Frame 1", "Frame 2", ... for frames nothing names
7. ``collect``         the elements each section's image shows, and its bounds
8. ``anchors``         unique slugs for anchors and image names
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from exporter.document import headings as H
from exporter.document.geometry import GridIndex, contains, contains_point, union
from exporter.document.layout import reading_order
from exporter.document.model import Bounds, Document, Link, Paragraph, Section
from exporter.document.regions import (
    BOX_TYPES,
    DECORATION_TYPES,
    LINEAR_TYPES,
    Region,
    RegionFinder,
    element_boxes,
)
from exporter.document.slug import UniqueNames
from exporter.document.text import link_for, one_line, wiki_links
from exporter.scene.model import Element, Scene

MAX_LEVEL = 6
MAX_NESTING = 24  # deeper boxes-in-boxes are read as text of the 24th
RESERVED_NAMES = ("overview",)
MAX_FREE_DEPTH = 2  # free headings nest this deep below the title; a still smaller one is body text


@dataclass
class Analysis:
    scene: Scene
    title: str  # fallback title (file stem)
    boxes: dict[str, Bounds] = field(default_factory=dict)
    body_size: float = 20.0
    regions: list[Region] = field(default_factory=list)
    owner: dict[str, Region | None] = field(default_factory=dict)
    top_blocks: list[Any] = field(default_factory=list)  # Region | Element, in reading order
    document: Document | None = None
    section_of_region: dict[int, Section] = field(default_factory=dict)
    free_members: dict[int, list[str]] = field(default_factory=dict)  # id(section) -> element ids
    region_of_section: dict[int, Region] = field(default_factory=dict)
    finder: RegionFinder | None = None
    links: Connections | None = None
    z: dict[str, int] = field(default_factory=dict)  # z-order of every element
    texts: GridIndex[Element] | None = None


Rule = Callable[[Analysis], None]


@dataclass
class Connections:
    """Which lines/arrows touch which elements, and which texts label which containers."""

    bound_to: dict[str, list[str]]  # element id -> ids of lines/arrows bound to it
    labels: dict[str, list[str]]  # container id -> ids of its bound texts
    linear: GridIndex[Element]  # lines and arrows by box


def _connections(scene: Scene, boxes: dict[str, Bounds]) -> Connections:
    bound_to: dict[str, list[str]] = {}
    labels: dict[str, list[str]] = {}
    linear = []
    for el in scene.elements:
        if el["type"] in LINEAR_TYPES:
            linear.append((boxes[el["id"]], el))
            for key in ("startBinding", "endBinding"):
                binding = el.get(key)
                if isinstance(binding, dict) and binding.get("elementId"):
                    bound_to.setdefault(binding["elementId"], []).append(el["id"])
        elif el["type"] == "text" and el.get("containerId"):
            labels.setdefault(el["containerId"], []).append(el["id"])
    return Connections(bound_to, labels, GridIndex(linear))


def measure(state: Analysis) -> None:
    state.boxes = element_boxes(state.scene)
    state.links = _connections(state.scene, state.boxes)
    state.z = {e["id"]: i for i, e in enumerate(state.scene.elements)}
    state.texts = GridIndex((state.boxes[e["id"]], e) for e in state.scene.elements if e["type"] == "text")
    state.body_size = H.body_size(e for e in state.scene.elements if e["type"] == "text")


def find_regions(state: Analysis) -> None:
    finder = RegionFinder(state.scene, state.boxes)
    state.regions = finder.find()
    state.owner = finder.owner
    state.finder = finder


def title_regions(state: Analysis) -> None:
    """Smallest first: a region without a title hands each of its elements and sub-regions
    to the next larger region that encloses it (not just to its parent: a group's
    members may lie in different boxes)."""
    finder = state.finder
    assert finder is not None
    regions = state.regions
    alive = {id(r) for r in regions}
    for region in regions:
        if region.kind == "frame":
            region.titled = True
            if not _frame_name(region):
                region.heading = H.region_title(region, state.boxes)
                if region.heading is None:
                    _frame_fallback(region, state.boxes)
        else:
            region.heading = H.region_title(region, state.boxes)
            region.titled = region.heading is not None
        if region.heading is not None:
            _claim_title_line(state, region)
        if region.titled:
            continue
        alive.discard(id(region))
        if region.parent is not None:
            region.parent.children.remove(region)
        for child in region.children:
            child.parent = finder.smallest_around(child, alive)
            if child.parent is not None:
                child.parent.children.append(child)
        for el in region.direct:
            owner = finder.smallest_enclosing(el, region.rank, alive)
            state.owner[el["id"]] = owner
            if owner is not None:
                owner.direct.append(el)
    state.regions = [r for r in regions if r.titled]
    for region in state.regions:
        region.direct.sort(key=lambda e: state.z[e["id"]])


def _frame_fallback(region: Region, boxes: dict[str, Bounds]) -> None:
    """An unnamed frame no text titles is headed by its most prominent text: as it is when
    that is a short line, else shortened (the full text stays in the body)."""
    prominent = H.frame_title(region, boxes)
    if prominent is None:
        return
    text = H.text_of(prominent)
    if H.is_heading_like(prominent) and not H.is_sentence(text) and not prominent.get("containerId") \
            and not H.is_code_like(prominent):
        region.heading = prominent
    else:
        region.label = H.shorten(text)


def _claim_title_line(state: Analysis, region: Region) -> None:
    """The title line may run past the box's edge into the enclosing region."""
    assert region.heading is not None and state.texts is not None
    hb = state.boxes[region.heading["id"]]
    reach = H.TITLE_LINE_REACH * H.font_size(region.heading)
    near = state.texts.query((hb[0] - reach, hb[1], hb[2] + reach, hb[3]))
    candidates = [e for e in near if state.owner.get(e["id"]) in (region, region.parent)]
    region.heading_parts = H.title_line(region.heading, candidates, state.boxes)
    for part in region.heading_parts:
        if state.owner.get(part["id"]) is not region:
            if region.parent is not None and part in region.parent.direct:
                region.parent.direct.remove(part)
            state.owner[part["id"]] = region
            region.direct.append(part)


def _is_readable(el: Element) -> bool:
    return el["type"] == "text" and bool(H.text_of(el).strip())


def _block_box(state: Analysis, block: Any) -> Bounds:
    return block.box if isinstance(block, Region) else state.boxes[block["id"]]


def order_top(state: Analysis) -> None:
    blocks: list[Any] = [r for r in state.regions if r.parent is None]
    blocks += _drop_echoes(state, [e for e in state.scene.elements
                                   if state.owner.get(e["id"]) is None and _is_readable(e)])
    state.top_blocks = reading_order(blocks, lambda b: _block_box(state, b))


def _paragraph(el: Element, scene: Scene) -> Paragraph:
    raw = el.get("link") or scene.element_links.get(el["id"])
    return Paragraph(text=H.text_of(el), element_id=el["id"], link=link_for(raw) if raw else None,
                     font_size=H.font_size(el))


def _add_text(section_or_doc: Section | Document, el: Element, scene: Scene) -> None:
    section_or_doc.body.append(_paragraph(el, scene))


def _drop_echoes(state: Analysis, texts: list[Element]) -> list[Element]:
    """Texts minus those that repeat an earlier one on top of it (shadow effects)."""
    kept: list[Element] = []
    by_words: dict[str, list[Element]] = {}
    for el in texts:
        same = by_words.setdefault(one_line(H.text_of(el)), [])
        if not H.is_echo(el, same, state.boxes):
            kept.append(el)
            same.append(el)
    return kept


def _add_link(target: Section | Document, link: Link) -> None:
    if all(link.href != existing.href or link.label != existing.label for existing in target.links):
        target.links.append(link)


def outline(state: Analysis) -> None:
    scene = state.scene
    doc = Document(title=state.title, notes=scene.notes, source=scene.source)
    state.document = doc
    free_heads = [b for b in state.top_blocks if not isinstance(b, Region) and H.is_free_heading(b, state.body_size)]
    tier_sizes = H.tiers(H.font_size(e) for e in free_heads)
    head_ids = {e["id"] for e in free_heads}

    blocks = list(state.top_blocks)
    title_tier = None
    if blocks and not isinstance(blocks[0], Region) and blocks[0]["id"] in head_ids \
            and H.tier_of(H.font_size(blocks[0]), tier_sizes) == 0:
        title = blocks.pop(0)
        doc.title = one_line(H.text_of(title))
        doc.title_id = title["id"]
        title_tier = 0
    if title_tier is None:
        boxed = _title_box_label(state, free_heads)
        if boxed is not None:
            doc.title = one_line(H.text_of(boxed))
            doc.title_id = boxed["id"]
            blocks = [b for b in blocks if b is not boxed]
    part_tiers = sorted({H.tier_of(H.font_size(e), tier_sizes) for e in free_heads
                         if e["id"] != doc.title_id} - {title_tier})

    # stack of (section, adopts regions and smaller headings)
    stack: list[tuple[Section, bool]] = []
    text_target: Section | Document = doc

    def attach(section: Section, level: int) -> None:
        while stack and stack[-1][0].level >= level:
            stack.pop()
        parent = stack[-1][0] if stack else None
        section.level = min(level, MAX_LEVEL)
        (parent.children if parent else doc.sections).append(section)

    for block in blocks:
        if isinstance(block, Region):
            while stack and not stack[-1][1]:
                stack.pop()
            level = stack[-1][0].level + 1 if stack else 2
            section = _region_section(state, block, level)
            attach(section, level)
        elif block["id"] in head_ids and not _too_deep(block, stack, tier_sizes, part_tiers, title_tier):
            tier = H.tier_of(H.font_size(block), tier_sizes)
            adopts = tier != title_tier
            level = 2 + (part_tiers.index(tier) if adopts else 0)
            section = Section(heading=one_line(H.text_of(block)), level=level, kind="heading",
                              heading_id=block["id"])
            _add_heading_link(section, block, scene)
            state.free_members[id(section)] = [block["id"]]
            attach(section, level)
            stack.append((section, adopts))
            text_target = section
        else:
            _add_text(text_target, block, scene)
            if isinstance(text_target, Section):
                state.free_members[id(text_target)].append(block["id"])
    for el in scene.elements:
        if el["type"] != "text" and state.owner.get(el["id"]) is None:
            raw = el.get("link") or scene.element_links.get(el["id"])
            link = link_for(raw) if raw else None
            if link is not None:
                _add_link(doc, link)


def _title_box_label(state: Analysis, free_heads: list[Element]) -> Element | None:
    """A labelled box at the very top of the page whose label is the drawing's largest text (at
    least a free heading's size) titles the drawing, like a title text would."""
    links = state.links
    assert links is not None
    # Only a box's label: a text whose containerId names a frame (or anything else) is
    # read with that element's section, so it cannot title the drawing as well; nor can the
    # label of a box that is itself a section (it is read there, often as its heading).
    region_shapes = {r.shape["id"] for r in state.regions if r.shape is not None}
    labels = [state.scene.by_id[t] for c, ts in links.labels.items() for t in ts
              if c in state.scene.by_id and state.scene.by_id[c].get("type") in BOX_TYPES
              and state.owner.get(c) is None and c not in region_shapes and t in state.scene.by_id]
    labels = [e for e in labels if H.is_free_heading({**e, "containerId": None}, state.body_size)
              and not H.is_sentence(H.text_of(e))]
    if not labels:
        return None
    label = min(labels, key=lambda e: (-H.font_size(e), state.boxes[e["id"]][1]))
    container = label["containerId"]
    others = [e for e in state.scene.elements if e["type"] == "text" and e is not label]
    if any(H.font_size(e) * H.TIER_RATIO > H.font_size(label) for e in others + free_heads):
        return None  # not clearly the largest text
    top = state.boxes[container][1]
    rest = [b for i, b in state.boxes.items() if i not in (container, label["id"])
            and state.scene.by_id[i]["type"] not in LINEAR_TYPES]
    return label if rest and all(top <= b[1] for b in rest) else None


def _too_deep(el: Element, stack: list[tuple[Section, bool]], tier_sizes: list[float],
              part_tiers: list[int], title_tier: int | None) -> bool:
    """A mind map in many font sizes would nest past any reader's patience: a free heading
    that would sit under ``MAX_FREE_DEPTH`` larger free headings is read as text."""
    tier = H.tier_of(H.font_size(el), tier_sizes)
    if tier == title_tier:
        return False
    level = 2 + part_tiers.index(tier)
    return sum(1 for section, _ in stack if section.level < level) >= MAX_FREE_DEPTH


def _add_heading_link(section: Section, el: Element, scene: Scene) -> None:
    raw = el.get("link") or scene.element_links.get(el["id"])
    link = link_for(raw) if raw else None
    if link is not None and all(link.href != w.href for w in wiki_links(H.text_of(el))):
        _add_link(section, link)


def _frame_name(region: Region) -> str:
    name = (region.shape or {}).get("name")
    return one_line(name) if isinstance(name, str) and H.has_words(name) else ""


def _region_heading(region: Region) -> str:
    """A frame's name; an unnamed frame's title text, else Excalidraw's default label."""
    if region.kind == "frame" and _frame_name(region):
        return _frame_name(region)
    if region.heading is not None:
        return " ".join(one_line(H.text_of(e)) for e in region.heading_parts or [region.heading])
    if region.label:
        return region.label
    return "AI Frame" if (region.shape or {}).get("type") == "magicframe" else "Frame"


def _region_section(state: Analysis, region: Region, level: int, depth: int = 0) -> Section:
    scene = state.scene
    section = Section(heading=_region_heading(region), level=level, kind="frame" if region.kind == "frame" else "region",
                      heading_id=region.heading["id"] if region.heading else "",
                      frame_id=region.key if region.kind == "frame" else "")
    state.section_of_region[id(region)] = section
    state.region_of_section[id(section)] = region
    if region.heading is not None:
        _add_heading_link(section, region.heading, scene)
    in_heading = {e["id"] for e in region.heading_parts} | ({region.heading["id"]} if region.heading else set())
    texts = _drop_echoes(state, [e for e in region.direct if _is_readable(e) and e["id"] not in in_heading
                                 and not H.is_echo(e, region.heading_parts, state.boxes)])
    blocks: list[Any] = texts + list(region.children)
    ordered = reading_order(blocks, lambda b: _block_box(state, b))
    body = H.body_size(texts) if texts else state.body_size
    # Sub-headings line up with the title's left edge (a centred title has none), and a text
    # sitting inside a shape of the section is that shape's label, not a sub-heading.
    left_edge = state.boxes[region.heading["id"]][0] if region.heading else region.box[0]
    shapes = [state.boxes[e["id"]] for e in region.direct if e["type"] in BOX_TYPES and e is not region.shape]
    current = section
    previous_bottom = state.boxes[region.heading["id"]][3] if region.heading else region.box[1]
    for block in ordered:
        if isinstance(block, Region):
            if depth >= MAX_NESTING:  # boxes in boxes past any reader's patience: read them as text
                for el in _texts_within(state, block):
                    _add_text(current, el, scene)
            else:
                current.children.append(_region_section(state, block, min(current.level + 1, MAX_LEVEL), depth + 1))
            previous_bottom = block.box[3]
            continue
        box = state.boxes[block["id"]]
        gap = box[1] - previous_bottom
        if H.is_subheading(block, region.heading, left_edge, body, gap, state.boxes) \
                and not any(contains(shape, box) for shape in shapes):
            current = Section(heading=one_line(H.text_of(block)), level=min(section.level + 1, MAX_LEVEL),
                              kind="subheading", heading_id=block["id"], wants_image=False)
            _add_heading_link(current, block, scene)
            section.children.append(current)
        else:
            _add_text(current, block, scene)
        previous_bottom = max(previous_bottom, box[3]) if box[0] <= previous_bottom else box[3]
    for el in region.direct:
        if el["type"] != "text":
            raw = el.get("link") or scene.element_links.get(el["id"])
            link = link_for(raw) if raw else None
            if link is not None:
                _add_link(section, link)
    return section


def _texts_within(state: Analysis, region: Region) -> list[Element]:
    """Every readable text inside ``region`` at any depth, in reading order."""
    ids = _region_elements(state, region)
    texts = [state.scene.by_id[i] for i in ids if _is_readable(state.scene.by_id[i])]
    return reading_order(texts, lambda e: state.boxes[e["id"]])


def _region_elements(state: Analysis, region: Region) -> set[str]:
    ids: set[str] = set()
    if region.shape is not None:
        ids.add(region.shape["id"])
    stack = [region]
    while stack:
        r = stack.pop()
        ids.update(e["id"] for e in r.direct)
        if r.shape is not None:
            ids.add(r.shape["id"])
        stack.extend(r.children)
    return ids


def _with_connectors(state: Analysis, ids: set[str], box: Bounds | None) -> set[str]:
    """Add bound texts of chosen containers and arrows/lines with both ends inside."""
    links = state.links
    assert links is not None
    out = set(ids)
    candidates: set[str] = set()
    for i in ids:
        candidates.update(links.bound_to.get(i, ()))
    if box is not None:
        candidates.update(e["id"] for e in links.linear.query(box))
    for cid in candidates - out:
        if _ends_inside(state, state.scene.by_id[cid], out, box):
            out.add(cid)
    for i in list(out):
        out.update(links.labels.get(i, ()))
    return out


def _ends_inside(state: Analysis, el: Element, ids: set[str], box: Bounds | None) -> bool:
    points = el.get("points") or []
    if len(points) < 2:
        return False
    x, y = float(el.get("x") or 0), float(el.get("y") or 0)
    ends = []
    for binding, point in (("startBinding", points[0]), ("endBinding", points[-1])):
        bound = (el.get(binding) or {}).get("elementId") if isinstance(el.get(binding), dict) else None
        if bound:
            ends.append(bound in ids)
        else:
            ends.append(box is not None and contains_point(box, x + float(point[0]), y + float(point[1])))
    return all(ends)


def relevel(state: Analysis) -> None:
    """Levels follow nesting: top sections are level 2, each child one deeper (capped at 6)."""
    assert state.document is not None

    def visit(sections: list[Section], level: int) -> None:
        for s in sections:
            s.level = min(level, MAX_LEVEL)
            visit(s.children, level + 1)

    visit(state.document.sections, 2)


def number_frames(state: Analysis) -> None:
    """Frames left with Excalidraw's default label are numbered in reading order ("Frame 1",
    "Frame 2", ...): a document of eight "Frame" headings tells the reader nothing."""
    assert state.document is not None
    unnamed = [s for s in state.document.walk() if s.kind == "frame" and not s.heading_id
               and state.region_of_section[id(s)].label == "" and not _frame_name(state.region_of_section[id(s)])]
    by_label: dict[str, list[Section]] = {}
    for section in unnamed:
        by_label.setdefault(section.heading, []).append(section)
    for label, sections in by_label.items():
        if len(sections) > 1:
            for n, section in enumerate(sections, 1):
                section.heading = f"{label} {n}"


def collect(state: Analysis) -> None:
    doc = state.document
    assert doc is not None
    scene = state.scene
    region_shapes = {r.shape["id"] for r in state.regions if r.shape is not None}
    free_shapes = GridIndex((state.boxes[e["id"]], e) for e in scene.elements
                            if state.owner.get(e["id"]) is None and e["type"] != "text"
                            and e["type"] not in DECORATION_TYPES and e["id"] not in region_shapes)
    for section in doc.walk():
        region = state.region_of_section.get(id(section))
        if region is not None:
            ids = _region_elements(state, region)
            ids = _with_connectors(state, ids, region.box)
            section.element_ids = sorted(ids, key=state.z.__getitem__)
            section.bounds = region.box
        elif section.kind == "heading":
            ids = set(state.free_members.get(id(section), []))
            box = union(state.boxes[i] for i in ids)
            if box is not None:
                pad = max(state.boxes[section.heading_id][3] - state.boxes[section.heading_id][1], 1.0)
                grown = (box[0] - pad, box[1], box[2] + pad, box[3] + 2 * pad)
                ids |= {e["id"] for e in free_shapes.query(grown) if contains(grown, state.boxes[e["id"]])}
                ids = _with_connectors(state, ids, None)
            section.element_ids = sorted(ids, key=state.z.__getitem__)
            section.bounds = union(state.boxes[i] for i in section.element_ids)
            # A lone heading has nothing to show beyond its own words.
            section.wants_image = len(section.element_ids) > 1
        else:
            section.wants_image = False


def anchors(state: Analysis) -> None:
    doc = state.document
    assert doc is not None
    names = UniqueNames(RESERVED_NAMES)
    for section in doc.walk():
        section.anchor = names.take(section.heading)


RULES: list[tuple[str, Rule]] = [
    ("measure", measure),
    ("find_regions", find_regions),
    ("title_regions", title_regions),
    ("order_top", order_top),
    ("outline", outline),
    ("relevel", relevel),
    ("number_frames", number_frames),
    ("collect", collect),
    ("anchors", anchors),
]


def analyse(scene: Scene, title: str, rules: list[tuple[str, Rule]] | None = None) -> Document:
    """The document a person reads in ``scene``; ``title`` is used when the drawing has none."""
    state = Analysis(scene=scene, title=title)
    for _, rule in rules or RULES:
        rule(state)
    assert state.document is not None
    return state.document
