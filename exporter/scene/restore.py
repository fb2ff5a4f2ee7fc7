"""Restore a parsed scene the way Excalidraw's ``restoreElements``/``restoreAppState`` do.

The behaviour followed is the Obsidian fork's (@zsviczian/excalidraw 0.18.x, "ZF")
as its ``exportToSvg`` runs it: ``deleteInvisibleElements`` on, so invisibly
small elements, empty texts and lines/arrows larger than 75,000 px are dropped.
Every loader ends here. The result holds only live elements, in array order
(= z-order; Excalidraw never re-sorts by the fractional ``index`` on load),
with every field the renderer reads present: defaults for fields older files
lack, legacy fields migrated (doc §1.5). Unknown fields are kept.

Beyond Excalidraw, hostile or broken input is contained here: non-finite or
absurd coordinates skip the element (with a warning), unknown element types are
skipped with one warning per type, and sanity limits bound the work.
"""

from __future__ import annotations

import itertools
import math
import re
from typing import Any

from exporter.accel import accelerator
from exporter.errors import LimitError, LoadError
from exporter.scene.model import NUMBER_TYPES, Element, Scene
from exporter.scene.points import PointList, flat_points_py

MAX_ELEMENTS = 500_000
MAX_POINTS = 1_000_000
MAX_GROUP_DEPTH = 1_000
#: Coordinates and sizes beyond this are treated as corrupt.
MAX_COORDINATE = 1e7

KNOWN_TYPES = frozenset({
    "rectangle", "diamond", "ellipse", "line", "arrow", "freedraw", "text", "image",
    "frame", "magicframe", "embeddable", "iframe", "stickynote",
})
#: ZF deletes lines and arrows wider or taller than this (``handleOversizedLinearElements``).
MAX_LINEAR_PX = 75_000
# Points closer than this count as equal (``pointsEqual`` defaults / invisibly small arrows).
_PRECISION = 1e-4
_INVISIBLY_SMALL_SIZE = 0.1
_STICKY_NOTE_MIN_SIZE = 75
_DEFAULT_STICKY_NOTE_SIZE = 250
_DEFAULT_STROKE_STREAMLINE = 0.5
LINEAR_TYPES = frozenset({"line", "arrow"})
# Old roundness migration: these types used the legacy radius algorithm (images get none).
_LEGACY_ROUNDNESS_TYPES = frozenset({"rectangle", "embeddable", "iframe"})

FONT_FAMILY_BY_NAME = {
    "Virgil": 1, "Helvetica": 2, "Cascadia": 3, "Local Font": 4, "Excalifont": 5, "Nunito": 6,
    "Lilita One": 7, "Comic Shanns": 8, "Liberation Sans": 9, "Assistant": 10,
}
DEFAULT_FONT_FAMILY = 5
# Default unitless line heights (XM/ZF), by font family id; others: Excalifont's.
_LINE_HEIGHT = {1: 1.25, 2: 1.15, 3: 1.2, 5: 1.25, 6: 1.25, 7: 1.15, 8: 1.25, 9: 1.15, 10: 1.25, 100: 1.25}

_ARROWHEADS = {
    "dot": "circle",
    "crowfoot_one": "cardinality_one",
    "crowfoot_many": "cardinality_many",
    "crowfoot_one_or_many": "cardinality_one_or_many",
}

APP_STATE_DEFAULTS: dict[str, Any] = {
    "viewBackgroundColor": "#ffffff",
    "theme": "light",
    "exportBackground": True,
    "exportWithDarkMode": False,
    "exportEmbedScene": False,
    "exportScale": 1,
    "gridSize": 20,
    "gridStep": 5,
    "gridModeEnabled": False,
    "name": None,
}
FRAME_RENDERING_DEFAULTS = {"enabled": True, "clip": True, "name": True, "outline": True}

_UNSAFE_URL = re.compile(r"^([^\w]*)(javascript|data|vbscript)", re.IGNORECASE | re.M)
_CONTROL_CHARS = re.compile(r"[\u0000-\u001F\u007F-\u009F\u2000-\u200D\uFEFF]")
_URL_SCHEME = re.compile(r"^.+(:|&colon;)", re.M)


class _SkipElement(Exception):
    """The element is unusable; the message becomes one scene warning."""


def _number(value: Any, name: str) -> float:
    """A JS-number-like field as float; numeric strings are coerced like JS arithmetic does."""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        result = value
    elif isinstance(value, str):
        try:
            result = float(value.strip() or "0")
        except ValueError:
            raise _SkipElement(f"non-numeric {name}") from None
    else:
        raise _SkipElement(f"non-numeric {name}")
    if not math.isfinite(result) or abs(result) > MAX_COORDINATE:
        raise _SkipElement(f"non-finite or absurd {name}")
    return result


def _clean_number(value: Any, name: str) -> float | int:
    """Like :func:`_number` but keeps ints as ints (JSON output stays the same)."""
    if type(value) in NUMBER_TYPES and -MAX_COORDINATE <= value <= MAX_COORDINATE:
        return value  # the common case, decided without the general checks (NaN fails the range test)
    result = _number(value, name)
    return value if isinstance(value, int) and not isinstance(value, bool) else result


def normalize_link(link: Any) -> str | None:
    """``normalizeLink``: trim, escape double quotes, ``sanitizeUrl`` (script URLs -> about:blank)."""
    if not link or not isinstance(link, str):
        return None
    link = link.strip()
    if link.startswith("data:text/html"):  # ZF keeps these as they are
        return link
    cleaned = _CONTROL_CHARS.sub("", link.replace('"', "&quot;")).strip()
    if not cleaned:
        return "about:blank"
    if cleaned[0] in "./":
        return cleaned
    scheme = _URL_SCHEME.match(cleaned)
    if scheme and _UNSAFE_URL.match(scheme.group(0)):
        return "about:blank"
    return cleaned


def normalize_arrowhead(value: Any) -> str | None:
    if not value or not isinstance(value, str):
        return None
    return _ARROWHEADS.get(value, value)


def default_line_height(font_family: Any) -> float:
    return _LINE_HEIGHT.get(font_family, 1.25) if isinstance(font_family, int) else 1.25


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _is_valid_point(p: Any) -> bool:
    """``isValidPoint``: a list of exactly two finite numbers."""
    return isinstance(p, list) and len(p) == 2 and _finite(p[0]) and _finite(p[1])


def _checked_points(points: list[list[float]] | PointList) -> PointList:
    """``points`` as a PointList, the element skipped if there are too many or they are absurd."""
    if len(points) > MAX_POINTS:
        raise _SkipElement(f"more than {MAX_POINTS:,} points")
    if type(points) is PointList:
        if (_C.points_max_abs(points.data) if _C is not None else points.max_abs()) > MAX_COORDINATE:
            raise _SkipElement("absurd points")
        return points
    if points and max(map(abs, itertools.chain.from_iterable(points))) > MAX_COORDINATE:
        raise _SkipElement("absurd points")
    return PointList(points)


def points_from_rows(rows: Any) -> PointList | None:
    """``rows`` as a PointList when they are all plain ``[x, y]`` lists (see
    :func:`~exporter.scene.points.flat_points_py`; in C when built), else None."""
    c = _C if _c_looked_up else scene_accelerator()
    made = c.flat_points(rows) if c is not None else flat_points_py(rows)
    return None if made is None else PointList.from_flat(*made)


def _linear_points(raw: Any, width: Any, height: Any) -> PointList:
    """``restoreLinearElementPoints``: the valid points, or a diagonal of the box when < 2."""
    points: list[list[float]] | PointList | None
    if type(raw) is PointList:  # made by the parser's hook: every point is valid
        points = raw
    elif not isinstance(raw, list):
        points = []
    else:
        points = points_from_rows(raw)
        if points is None:
            points = [[p[0], p[1]] for p in raw if _is_valid_point(p)]
    if len(points) < 2:
        return PointList([[0, 0], [width if _finite(width) else 0, height if _finite(height) else 0]])
    return _checked_points(points)


def _is_invisibly_small(el: Element) -> bool:
    """``isInvisiblySmallElement`` on the element as stored (before migration)."""
    kind = el.get("type")
    if kind in ("line", "arrow", "draw", "freedraw"):
        points = el.get("points")
        if not isinstance(points, (list, PointList)) or len(points) < 2:
            return True
        if kind == "arrow" and len(points) == 2:
            a, b = points[0], points[-1]
            try:
                return abs(a[0] - b[0]) < _INVISIBLY_SMALL_SIZE and abs(a[1] - b[1]) < _INVISIBLY_SMALL_SIZE
            except (TypeError, IndexError, KeyError):  # points that are not [x, y] lists
                return False
        return False
    return not el.get("width") and not el.get("height")


def _normalize_points(el: Element, points: PointList) -> PointList:
    """Shift ``points`` so the first is [0, 0], moving x/y to compensate."""
    x0, y0 = points[0]
    if x0 == 0 and y0 == 0:
        return points
    x0, y0 = points.number(0), points.number(1)  # as stored: ints keep x/y ints
    el["x"] = el["x"] + x0
    el["y"] = el["y"] + y0
    return points.translated(x0, y0)


def _is_valid_polygon(points: list[list[float]]) -> bool:
    first, last = points[0], points[-1]
    return len(points) > 3 and abs(first[0] - last[0]) < _PRECISION and abs(first[1] - last[1]) < _PRECISION


# The C helpers of restore and sanitize (exporter/load/_lzdecode.c): restore_common,
# the common case of _restore_common; restore_list, the common elements of
# restore_elements' loop (this module's _restore_text, _restore_linear and
# _restore_freedraw are its reference); plain_common and plain_kind (exporter.scene.limits). Looked up
# on first use (importing them here would import exporter.load, which imports this
# module); until then, and without them, the Python runs.
_C: Any = None
_c_looked_up = False


def scene_accelerator() -> Any:
    """The C helpers module, or None (not built, or EXCALIDRAW_EXPORTER_PURE set)."""
    global _C, _c_looked_up
    if not _c_looked_up:
        _C = accelerator("exporter.load._lzdecode")
        _c_looked_up = True
    return _C


def _restore_common(src: Element, kind: str) -> Element:
    """The fields every element has, restored (``restoreElementWithProperties``)."""
    if _C is not None:
        el = _C.restore_common(src, kind, normalize_link, MAX_GROUP_DEPTH, MAX_COORDINATE)
        if el is not None:
            return el
    return _restore_common_py(src, kind)


def _restore_common_py(src: Element, kind: str) -> Element:
    """The reference of :func:`_restore_common` (the C decides only the common case)."""
    get = src.get
    # ``a ?? b`` of restore.ts is written ``b if (v := get(key)) is None else v``. The numbers
    # are checked in this order (the first unusable one names the skip).
    angle = _clean_number(get("angle") or 0, "angle")
    x = _clean_number(0 if (v := get("x")) is None else v, "x")
    y = _clean_number(0 if (v := get("y")) is None else v, "y")
    width = _clean_number(get("width") or 0, "width")
    height = _clean_number(get("height") or 0, "height")
    group_ids = get("groupIds")
    if type(group_ids) is not list:
        group_ids = group_ids if isinstance(group_ids, list) else []
    if len(group_ids) > MAX_GROUP_DEPTH:
        raise _SkipElement(f"groups nested deeper than {MAX_GROUP_DEPTH}")
    if get("roundness"):
        roundness = src["roundness"]
    elif get("strokeSharpness") == "round" and kind != "image":
        roundness = {"type": 1 if kind in _LEGACY_ROUNDNESS_TYPES else 2}
    else:
        roundness = None
    if get("boundElementIds") and isinstance(src["boundElementIds"], list):
        bound = [{"type": "arrow", "id": i} for i in src["boundElementIds"]]
    else:
        bound = get("boundElements")
        if not isinstance(bound, list):
            bound = []
    link = get("link")
    # One dict display: the stored fields in their order (unknown fields are kept), then
    # these, each at its stored place or, when new, appended in this order.
    el = {
        **src,
        "type": kind,
        "version": get("version") or 1,
        "versionNonce": 0 if (v := get("versionNonce")) is None else v,
        "index": get("index"),
        "isDeleted": False,
        "fillStyle": get("fillStyle") or "solid",
        "strokeWidth": get("strokeWidth") or 2,
        "strokeStyle": "solid" if (v := get("strokeStyle")) is None else v,
        "roughness": 1 if (v := get("roughness")) is None else v,
        "opacity": 100 if (v := get("opacity")) is None else v,
        "angle": angle,
        "x": x,
        "y": y,
        "strokeColor": get("strokeColor") or "#1e1e1e",
        "backgroundColor": get("backgroundColor") or "transparent",
        "width": width,
        "height": height,
        "seed": 1 if (v := get("seed")) is None else v,
        "groupIds": group_ids,
        "frameId": get("frameId"),
        "roundness": roundness,
        "boundElements": bound,
        "updated": 1 if (v := get("updated")) is None else v,
        "created": get("created"),
        "link": normalize_link(link) if link else None,
        "hasTextLink": False if (v := get("hasTextLink")) is None else v,
        "locked": False if (v := get("locked")) is None else v,
    }
    if "strokeSharpness" in el:
        del el["strokeSharpness"]
    if "boundElementIds" in el:
        del el["boundElementIds"]
    # getNormalizedDimensions: negative sizes grow to the left/top instead.
    if width < 0:
        el["x"] = x + width
        el["width"] = -width
    if height < 0:
        el["y"] = y + height
        el["height"] = -height
    return el


def _positive_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) \
        and 0 < value <= MAX_COORDINATE


def _restore_text(src: Element) -> Element:
    font_size = src.get("fontSize")
    font_family = src.get("fontFamily")
    if isinstance(src.get("font"), str):
        px, _, name = src["font"].partition(" ")
        try:
            font_size = float(px.removesuffix("px"))
            font_size = int(font_size) if font_size.is_integer() else font_size
        except ValueError:
            font_size = None
        font_family = FONT_FAMILY_BY_NAME.get(name, DEFAULT_FONT_FAMILY)
    text = src.get("text") if isinstance(src.get("text"), str) else ""
    line_height = src.get("lineHeight")
    if not line_height:
        height = src.get("height")
        if height and font_size and isinstance(height, (int, float)) and isinstance(font_size, (int, float)):
            lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
            line_height = height / lines / font_size
        else:
            line_height = default_line_height(src.get("fontFamily"))
    el = _restore_common(src, "text")
    # Excalidraw does not default these; unusable values would only crash the layout.
    if not _positive_number(font_size):
        font_size = 20
    if not _positive_number(line_height):
        line_height = default_line_height(font_family)
    el["fontSize"] = font_size
    el["fontFamily"] = font_family if isinstance(font_family, int) and not isinstance(font_family, bool) \
        else DEFAULT_FONT_FAMILY
    el["text"] = text
    el["textAlign"] = src.get("textAlign") or "left"
    el["verticalAlign"] = src.get("verticalAlign") or "top"
    el["containerId"] = src.get("containerId")
    el["originalText"] = src.get("originalText") or text
    el["autoResize"] = src.get("autoResize") if src.get("autoResize") is not None else True
    el["lineHeight"] = line_height
    el["rawText"] = src.get("rawText") if src.get("rawText") is not None else ""  # ZF keeps Obsidian's
    label_position = src.get("labelPosition")
    el["labelPosition"] = min(max(label_position, 0), 1) if _finite(label_position) else None
    el["baseFontSize"] = src.get("baseFontSize") if _positive_number(src.get("baseFontSize")) else None
    return el


def _restore_linear(src: Element, kind: str) -> Element:
    el = _restore_common(src, kind)
    points = _linear_points(src.get("points"), src.get("width"), src.get("height"))
    # Point coordinates are relative to x/y, so restore x/y from the source
    # (getNormalizedDimensions above must not move a linear element).
    el["x"] = _clean_number(src.get("x") if src.get("x") is not None else 0, "x")
    el["y"] = _clean_number(src.get("y") if src.get("y") is not None else 0, "y")
    points = _normalize_points(el, points)
    el["points"] = points
    el["width"], el["height"] = points.extent()
    el["startArrowhead"] = normalize_arrowhead(src.get("startArrowhead"))
    if kind == "arrow":
        el["endArrowhead"] = "arrow" if "endArrowhead" not in src else normalize_arrowhead(src["endArrowhead"])
        if el.get("elbowed"):
            fixed = src.get("fixedSegments")
            el["fixedSegments"] = fixed if isinstance(fixed, list) and fixed and len(points) >= 4 else None
        el["startBinding"] = src.get("startBinding") if isinstance(src.get("startBinding"), dict) else None
        el["endBinding"] = src.get("endBinding") if isinstance(src.get("endBinding"), dict) else None
    else:
        el["endArrowhead"] = normalize_arrowhead(src.get("endArrowhead"))
        el["startBinding"] = None
        el["endBinding"] = None
        el["polygon"] = bool(src.get("polygon")) if _is_valid_polygon(points) else False
    return el


def _all_finite_numbers(values: list[Any]) -> bool:
    """Every value an int/float (not bool) and finite, checked with C-level loops."""
    if not set(map(type, values)) <= NUMBER_TYPES:
        return False
    try:
        # A NaN or infinity makes the sum NaN or infinite; finite values whose sum
        # overflows are refused too: the caller then checks them one by one.
        return math.isfinite(sum(values))
    except OverflowError:  # ints beyond a float
        return False


def _clean_freedraw_points(raw_points: list[Any] | PointList, raw_pressures: list[Any]
                           ) -> tuple[PointList, list[float]] | None:
    """The common case of :func:`_restore_freedraw` (every point a valid pair, every pressure
    finite) without a Python loop per point; None when the general loop must decide.
    Freedraw strokes carry thousands of points, so this is most of a scene's restore time."""
    points = raw_points if type(raw_points) is PointList else points_from_rows(raw_points)
    if not points:
        return None
    pressures = raw_pressures[:len(points)]
    if pressures and not _all_finite_numbers(pressures):
        return None
    return points, pressures


def _restore_freedraw(src: Element) -> Element:
    el = _restore_common(src, "freedraw")
    raw_points = src.get("points") if isinstance(src.get("points"), (list, PointList)) else []
    raw_pressures = src.get("pressures") if isinstance(src.get("pressures"), list) else []
    fast = _clean_freedraw_points(raw_points, raw_pressures)
    points: list[list[float]] | PointList
    if fast is not None:
        points, pressures = fast
    elif type(raw_points) is PointList:  # every point valid: only the pressures need the loop
        points = raw_points
        pressures = [p if _finite(p) else 0.5 for p in raw_pressures[:len(points)]]
    else:
        points = []
        pressures = []
        # ``restoreFreedrawPoints``: a pressure follows its point; a bad pressure becomes 0.5.
        for index, p in enumerate(raw_points):
            if _is_valid_point(p):
                points.append([p[0], p[1]])
                if index < len(raw_pressures):
                    pressures.append(raw_pressures[index] if _finite(raw_pressures[index]) else 0.5)
    el["points"] = _checked_points(points)
    el["pressures"] = pressures
    el["simulatePressure"] = src.get("simulatePressure")
    options = src.get("strokeOptions") if isinstance(src.get("strokeOptions"), dict) else {}
    variability = options.get("variability")
    el["strokeOptions"] = {
        "variability": variability if variability in ("constant", "variable") else "variable",
        "streamline": options["streamline"] if _finite(options.get("streamline")) else _DEFAULT_STROKE_STREAMLINE,
    }
    return el


def _restore_image(src: Element) -> Element:
    el = _restore_common(src, "image")
    el["status"] = src.get("status") or "pending"
    el["fileId"] = src.get("fileId")
    scale = src.get("scale")
    el["scale"] = scale if isinstance(scale, list) and len(scale) == 2 else [1, 1]
    el["crop"] = src.get("crop") if isinstance(src.get("crop"), dict) else None
    return el


def restore_element(src: Element) -> Element | None:
    """One stored element -> restored element, or None when Excalidraw drops it.

    Raises :class:`_SkipElement` for elements with unusable geometry.
    """
    kind = src.get("type")
    if not isinstance(kind, str):
        return None
    if kind == "text":
        return _restore_text(src)
    if kind in ("line", "draw"):
        return _restore_linear(src, "line")
    if kind == "arrow":
        return _restore_linear(src, "arrow")
    if kind == "freedraw":
        return _restore_freedraw(src)
    if kind == "image":
        return _restore_image(src)
    if kind in ("frame", "magicframe"):
        el = _restore_common(src, kind)
        el["name"] = src.get("name")
        return el
    if kind in ("iframe", "embeddable"):
        el = _restore_common(src, kind)
        el["scale"] = src.get("scale") if src.get("scale") is not None else [1, 1]
        return el
    if kind == "stickynote":
        # ZF's sticky notes: geometry as normalizeStickyNoteGeometry; colours are kept as stored.
        el = _restore_common(src, kind)
        base_height = src.get("baseHeight") if src.get("baseHeight") is not None else src.get("maxHeight")
        base_height = base_height if _positive_number(base_height) else el["height"]
        el["fillStyle"] = "solid"
        el["width"] = max(el["width"], _STICKY_NOTE_MIN_SIZE)
        el["baseHeight"] = max(base_height or _DEFAULT_STICKY_NOTE_SIZE, _STICKY_NOTE_MIN_SIZE)
        el["height"] = max(el["height"], el["baseHeight"])
        return el
    if kind in KNOWN_TYPES:
        return _restore_common(src, kind)
    return None


def restore_app_state(raw: Any) -> dict[str, Any]:
    state = dict(raw) if isinstance(raw, dict) else {}
    for key, value in APP_STATE_DEFAULTS.items():
        if state.get(key) is None:
            state[key] = value
    frame_rendering = state.get("frameRendering")
    merged = dict(FRAME_RENDERING_DEFAULTS)
    if isinstance(frame_rendering, dict):
        merged.update({k: v for k, v in frame_rendering.items() if v is not None})
    state["frameRendering"] = merged
    if state.get("theme") not in ("light", "dark"):
        state["theme"] = "light"
    return state


def _restore_list_config() -> tuple[Any, ...]:
    """The C ``restore_list``'s constants, as the Python restore uses them."""
    return (normalize_link, PointList, _ARROWHEADS, _LINE_HEIGHT, MAX_GROUP_DEPTH, MAX_POINTS, MAX_COORDINATE,
            MAX_LINEAR_PX)


def _prune_orphan_group_ids(elements: list[Element]) -> None:
    """``pruneOrphanGroupIds``: a group id that only one element carries is removed."""
    counts: dict[Any, int] = {}
    for el in elements:
        for gid in el["groupIds"]:
            if isinstance(gid, str):
                counts[gid] = counts.get(gid, 0) + 1
    for el in elements:
        if el["groupIds"] and any(counts.get(g, 0) <= 1 for g in el["groupIds"] if isinstance(g, str)):
            el["groupIds"] = [g for g in el["groupIds"] if not isinstance(g, str) or counts.get(g, 0) > 1]


def restore_elements(raw_elements: list[Any], warn, *, release: bool = False) -> list[Element]:
    """Stored element list -> live restored elements in array order.

    ``release``: the caller owns ``raw_elements`` and lets each entry go (``None``) once
    restored, so a large drawing is not held twice in memory.
    """
    if len(raw_elements) > MAX_ELEMENTS:
        raise LimitError(f"more than {MAX_ELEMENTS:,} elements")
    scene_accelerator()
    out: list[Element] = []
    seen_ids: set[str] = set()
    unknown: dict[str, int] = {}
    skipped: dict[str, int] = {}
    oversized = 0

    def restore_into_out(position: int, src: Any) -> None:
        """The loop's body: ``src`` (at ``position``) restored into ``out``, or dropped."""
        nonlocal oversized
        if not isinstance(src, dict) or src.get("isDeleted"):
            return
        kind = src.get("type")
        if kind == "selection":
            return
        if _is_invisibly_small(src):
            return
        try:
            el = restore_element(src)
        except _SkipElement as exc:
            skipped[str(exc)] = skipped.get(str(exc), 0) + 1
            return
        if el is None:
            name = kind if isinstance(kind, str) else repr(kind)
            unknown[name] = unknown.get(name, 0) + 1
            return
        if el["type"] == "text" and not el["text"]:
            return  # empty texts are deleted on export
        if el["type"] in LINEAR_TYPES and (el["width"] > MAX_LINEAR_PX or el["height"] > MAX_LINEAR_PX):
            oversized += 1
            return
        el_id = el.get("id")
        if not el_id or not isinstance(el_id, str):
            el_id = f"restored-{position}"
        if el_id in seen_ids:  # Excalidraw gives later duplicates a fresh id
            n = 1
            while f"{el_id}-dup{n}" in seen_ids:
                n += 1
            el_id = f"{el_id}-dup{n}"
        el["id"] = el_id
        seen_ids.add(el_id)
        out.append(el)

    if _C is not None and type(raw_elements) is list:
        # The common elements in C; the others through restore_into_out, in their turn.
        _C.restore_list(raw_elements, release, out, seen_ids, restore_into_out, _restore_list_config())
    else:
        for position, src in enumerate(raw_elements):
            if release:
                raw_elements[position] = None
            restore_into_out(position, src)
    _prune_orphan_group_ids(out)
    if oversized:
        warn(f"{oversized} line{'s' if oversized > 1 else ''}/arrow{'s' if oversized > 1 else ''} larger than "
             f"{MAX_LINEAR_PX:,} px dropped (as Excalidraw does)")
    for name, count in unknown.items():
        warn(f"unknown element type {name!r} skipped ({count} element{'s' if count > 1 else ''})")
    for reason, count in skipped.items():
        warn(f"{count} element{'s' if count > 1 else ''} skipped: {reason}")
    return out


def restore_scene(raw: dict[str, Any], source: str, *, release: bool = False) -> Scene:
    """A parsed Excalidraw scene dict (``elements``, ``appState``, ``files``) -> :class:`Scene`.

    ``release``: ``raw`` is the caller's own parse, and its element list may be emptied.
    """
    if not isinstance(raw, dict):
        raise LoadError("not an Excalidraw drawing: expected a JSON object", path=source)
    elements = raw.get("elements")
    if not isinstance(elements, list):
        raise LoadError("not an Excalidraw drawing: no elements", path=source)
    # The stored document without its elements: the restored ones stand for them (and
    # keeping both would double a large drawing's memory).
    scene = Scene(elements=[], source=source, raw={k: v for k, v in raw.items() if k != "elements"})
    scene.elements = restore_elements(elements, scene.warn, release=release)
    scene.app_state = restore_app_state(raw.get("appState"))
    files = raw.get("files")
    if isinstance(files, dict):
        for file_id, entry in files.items():
            if isinstance(entry, dict) and isinstance(entry.get("dataURL"), str):
                scene.files[file_id] = entry
    return scene
