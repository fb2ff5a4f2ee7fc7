"""Rewrites the SVG constructs that cairosvg draws wrongly into ones it draws right.

Done on the parsed XML before cairosvg sees it; the SVG written to disk is not
touched. Each rewrite keeps what a browser shows:

* Text: per-character font fallback and exact glyph positions
  (:mod:`exporter.raster.textruns`).
* Colours written as ``#RRGGBBAA``, ``#RGBA`` or ``hsl()`` (:mod:`exporter.raster.colors`).
* An invalid ``stroke-width`` is dropped: browsers then use the default 1,
  cairosvg drew nothing. On frame outlines (the Obsidian build writes a colour
  there) it becomes 2, the width Excalidraw's PNG export draws them with.
* CSS filter functions on groups (dark mode's ``invert(93%) hue-rotate(180deg)``
  on images) are baked into the images (:mod:`exporter.raster.cssfilters`).
* The embedded @font-face style is dropped (cairosvg ignores it; it only costs
  CSS matching on every element).
* Stroked cubics that Chromium's stroker draws as straight lines (long rough
  edges) become those lines (:mod:`exporter.raster.flatcurves`).
* Luminance masks made of rectangles (Excalidraw's arrow-label masks: a white
  rectangle with a black hole under the label) become clip paths. cairosvg
  masks by alpha, not luminance (so the hole does not hide the arrow), and it
  turns a used ``<mask>`` into a ``<g>`` that is then drawn over the drawing.
* ``<mask>`` elements without an id (the empty one after every unlabelled arrow
  or line) are dropped: they draw nothing, at the cost of a node drawing each.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from defusedxml.ElementTree import fromstring

from exporter.raster.colors import COLOR_ATTRIBUTES, normalize_color
from exporter.raster.cssfilters import filter_data_url, parse_filter
from exporter.raster.fastpath import active as fast_path_active
from exporter.raster.flatcurves import straighten_stroke_path
from exporter.raster.fontcatalog import FontCatalog, catalog
from exporter.raster.textruns import rewrite_text

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)
LENGTH = re.compile(r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*(px|pt|mm|cm|in|em|ex|%)?\s*$")


def _tag(name: str) -> str:
    return f"{{{SVG_NS}}}{name}"


def local_name(tag: object) -> str:
    """An ElementTree tag without its namespace ("" for comments and processing instructions)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def adapt_svg(svg: str, fonts: FontCatalog | None = None) -> str:
    """``svg`` with cairosvg-safe equivalents of masks, colours and text (see module doc)."""
    root = fromstring(svg.encode("utf-8"))
    if not adapt_tree(root, fonts):
        return svg
    return ET.tostring(root, encoding="unicode")


def adapt_tree(root: ET.Element, fonts: FontCatalog | None = None) -> bool:
    """Rewrite the parsed SVG ``root`` in place as :func:`adapt_svg` does; True if it changed."""
    changed = _normalize_colors(root)
    changed = _drop_invalid_stroke_widths(root) or changed
    changed = _bake_css_filters(root) or changed
    changed = _masks_to_clips(root) or changed
    changed = _drop_unnamed_masks(root) or changed
    changed = _drop_font_styles(root) or changed
    if not fast_path_active():  # else the C path handler straightens them as it draws
        changed = _straighten_flat_strokes(root) or changed
    return _layout_texts(root, fonts or catalog()) or changed


def _drop_unnamed_masks(root: ET.Element) -> bool:
    """Remove the ``<mask>`` elements without an id: Excalidraw writes an empty one after
    every arrow and line that has no label, nothing can refer to them and they draw
    nothing, but cairosvg takes each through its whole node drawing (700 of them in a
    band of a 10,000-element drawing)."""
    mask = _tag("mask")
    changed = False
    for parent in root.iter():
        unnamed = [child for child in parent if child.tag == mask and not child.get("id")]
        for child in unnamed:
            parent.remove(child)
        changed = changed or bool(unnamed)
    return changed


def _drop_font_styles(root: ET.Element) -> bool:
    """Remove the embedded @font-face style: cairosvg ignores it (the raster stage gives cairo
    the font files), but a stylesheet makes it match CSS selectors against every element."""
    changed = False
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == _tag("style") and child.get("class") == "style-fonts":
                parent.remove(child)
                changed = True
    return changed


def _straighten_flat_strokes(root: ET.Element) -> bool:
    changed = False
    for el in root.iter(_tag("path")):
        if el.get("fill") != "none" or el.get("stroke") in (None, "none"):
            continue
        d = straighten_stroke_path(el.get("d") or "")
        if d is not None:
            el.set("d", d)
            changed = True
    return changed


def _href(el: ET.Element) -> str:
    return el.get("href") or el.get(f"{{{XLINK_NS}}}href") or ""


def _bake_css_filters(root: ET.Element) -> bool:
    """Apply CSS-function filters of groups to the images they draw (see module doc)."""
    filtered = [el for el in root.iter() if parse_filter(el.get("filter", "")) is not None]
    if not filtered:
        return False
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    parents = {child: parent for parent in root.iter() for child in parent}
    baked: dict[tuple[str, str], str] = {}  # (symbol id, filter) -> filtered symbol id
    for group in filtered:
        spec = group.get("filter", "")
        functions = parse_filter(spec) or []
        for node in list(group.iter()):
            local = local_name(node.tag)
            if local == "image":
                url = filter_data_url(_href(node), functions)
                if url is not None:
                    node.set("href", url)
                    node.attrib.pop(f"{{{XLINK_NS}}}href", None)
            elif local == "use" and _href(node).startswith("#"):
                target_id = _href(node)[1:]
                target = by_id.get(target_id)
                if target is None:
                    continue
                key = (target_id, spec)
                if key not in baked:
                    copy = ET.fromstring(ET.tostring(target))
                    new_id = f"{target_id}-filtered-{len(baked) + 1}"
                    copy.set("id", new_id)
                    for image in copy.iter(_tag("image")):
                        url = filter_data_url(_href(image), functions)
                        if url is not None:
                            image.set("href", url)
                            image.attrib.pop(f"{{{XLINK_NS}}}href", None)
                    parent = parents.get(target, root)
                    parent.insert(list(parent).index(target) + 1 if target in parents else 0, copy)
                    baked[key] = new_id
                node.set("href", f"#{baked[key]}")
                node.attrib.pop(f"{{{XLINK_NS}}}href", None)
        del group.attrib["filter"]
    return True


def _is_frame_outline(el: ET.Element) -> bool:
    """Excalidraw's frame outline: an unfilled rect with 8 px rounded corners."""
    return (el.tag.rsplit("}", 1)[-1] == "rect" and el.get("fill") == "none"
            and el.get("rx") == "8" and el.get("ry") == "8")


def _drop_invalid_stroke_widths(root: ET.Element) -> bool:
    changed = False
    for el in root.iter():
        width = el.get("stroke-width")
        if width is not None and not LENGTH.match(width):
            if _is_frame_outline(el):
                # The Obsidian build writes a colour here; its PNG export (canvas)
                # strokes frame outlines 2 px wide, and our PNG follows the PNG export.
                el.set("stroke-width", "2")
            else:
                del el.attrib["stroke-width"]
            changed = True
    return changed


def _normalize_colors(root: ET.Element) -> bool:
    changed = False
    for el in root.iter():
        for name in COLOR_ATTRIBUTES:
            value = el.get(name)
            if value and (value.startswith("#") or value[:3].lower() == "hsl"):
                fixed = normalize_color(value)
                if fixed is not None:
                    el.set(name, fixed)
                    changed = True
    return changed


def _layout_texts(root: ET.Element, fonts: FontCatalog) -> bool:
    changed = False
    for parent in list(root.iter()):
        children = list(parent)
        if not any(c.tag == _tag("text") for c in children):
            continue
        new_children: list[ET.Element] = []
        for child in children:
            new_children.extend(rewrite_text(child, fonts) if child.tag == _tag("text") else [child])
        for child in children:
            parent.remove(child)
        parent.extend(new_children)
        changed = True
    return changed


def _luminance(fill: str | None) -> float | None:
    """1 for white, 0 for black, None for anything else."""
    value = (fill or "").strip().lower()
    if value in ("#fff", "#ffffff", "white"):
        return 1.0
    if value in ("#000", "#000000", "black"):
        return 0.0
    return None


def _rect_contour(rect: ET.Element, hole: bool) -> str | None:
    try:
        x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
        w, h = float(rect.get("width", 0)), float(rect.get("height", 0))
    except ValueError:
        return None
    if rect.get("transform") or w <= 0 or h <= 0:
        return None
    # Opposite windings: under the nonzero rule a hole inside a shown rectangle is empty.
    if hole:
        return f"M{x} {y} V{y + h} H{x + w} V{y} Z"
    return f"M{x} {y} H{x + w} V{y + h} H{x} Z"


def _mask_as_clip_path(mask: ET.Element) -> str | None:
    """Path data equivalent to ``mask``, or None when it is not white/black rectangles."""
    contours = []
    for child in mask:
        if local_name(child.tag) != "rect" or child.get("opacity", "1") not in ("1", "1.0"):
            return None
        lum = _luminance(child.get("fill"))
        contour = None if lum is None else _rect_contour(child, hole=lum == 0.0)
        if contour is None:
            return None
        contours.append(contour)
    return " ".join(contours) if contours else None


def _masks_to_clips(root: ET.Element) -> bool:
    parents = {child: parent for parent in root.iter() for child in parent}
    masks = {m.get("id"): m for m in root.iter(_tag("mask")) if m.get("id")}
    converted: set[str] = set()
    for mask_id, mask in masks.items():
        path = _mask_as_clip_path(mask)
        if path is None:
            continue
        clip = ET.Element(_tag("clipPath"), {"id": mask_id})
        ET.SubElement(clip, _tag("path"), {"d": path})
        parent = parents[mask]
        parent[list(parent).index(mask)] = clip
        converted.add(mask_id)
    if not converted:
        return False
    for el in root.iter():
        ref = el.get("mask", "")
        if not ref.startswith("url(#"):
            continue
        mid = ref[5:].rstrip(")").strip()
        if mid not in converted:
            continue
        del el.attrib["mask"]
        if el.get("clip-path"):
            # Keep the existing clip: nest the new one inside.
            inner = ET.Element(_tag("g"), {"clip-path": f"url(#{mid})"})
            inner.extend(list(el))
            for child in list(el):
                el.remove(child)
            el.append(inner)
        else:
            el.set("clip-path", f"url(#{mid})")
    return True
