"""The last line of defence between a restored scene and the renderers.

Restore (exporter/scene/restore.py) migrates fields the way Excalidraw does and
rejects unusable coordinates; it does not promise a type for every field a
renderer reads. Drawings come from other people's vaults and the web, so this
pass makes sure every such field has a usable type and a sane range before any
renderer sees it:

* wrong types (a list where a colour belongs, a string seed, ``customData: 5``)
  become the field's default, one warning per field name;
* absurd values (``strokeWidth: 1e300``, ``roughness: 1e9``, ``fontSize: 0``)
  are clamped to a range no legitimate drawing leaves, so rough.js' hachure,
  the freehand code and text measuring stay bounded;
* fills that would need more than :data:`MAX_FILL_LINES` hachure lines (a tiny
  gap on a huge shape) are drawn solid instead, with a warning;
* colours that are not plain CSS colours (``url(http://…)``, markup) are
  replaced, so no attribute can reference an outside resource;
* element, frame, group and file ids that are not plain ``[A-Za-z0-9_-]`` words
  are renamed consistently (they end up in ``id=`` and ``url(#…)``);
* texts longer than :data:`MAX_TEXT_CHARS` are cut; more than
  :data:`MAX_FRAMES` frames or :data:`MAX_TOTAL_POINTS` points is a
  :class:`~exporter.errors.LimitError`.

The pass is idempotent and cheap (one walk over the elements); it marks the
scene so a second call returns at once.
"""

from __future__ import annotations

import math
import re
from typing import Any

from exporter.errors import LimitError
from exporter.scene.model import NUMBER_TYPES, Element, Scene
from exporter.scene.points import PointList, coordinates
from exporter.scene.restore import scene_accelerator

__all__ = [
    "MAX_FILL_LINES", "MAX_FONT_SIZE", "MAX_FRAMES", "MAX_ROUGHNESS", "MAX_STROKE_WIDTH", "MAX_TEXT_CHARS",
    "MAX_TOTAL_POINTS", "safe_color", "safe_id", "sanitize_scene",
]

#: Largest stroke width kept (Excalidraw's widest preset is 4; Obsidian pens go to ~40).
MAX_STROKE_WIDTH = 1000.0
#: rough.js roughness above this only scribbles; Excalidraw offers 0, 1 and 2.
MAX_ROUGHNESS = 10.0
MIN_FONT_SIZE = 0.1
MAX_FONT_SIZE = 10_000.0
MAX_LINE_HEIGHT = 100.0
#: Characters kept per text element.
MAX_TEXT_CHARS = 200_000
#: Frames per drawing (each one is a clip path, a section, maybe a page).
MAX_FRAMES = 2_000
#: Points over all linear and freedraw elements.
MAX_TOTAL_POINTS = 5_000_000
#: Hachure / zigzag / dash lines per filled shape (dots: dots per shape).
MAX_FILL_LINES = 20_000

FILL_STYLES = frozenset({"hachure", "cross-hatch", "solid", "zigzag", "zigzag-line", "dots", "dashed"})
STROKE_STYLES = frozenset({"solid", "dashed", "dotted"})
TEXT_ALIGNS = frozenset({"left", "center", "right", "justify"})
VERTICAL_ALIGNS = frozenset({"top", "middle", "bottom"})
ARROWHEADS = frozenset({
    "arrow", "bar", "dot", "circle", "circle_outline", "triangle", "triangle_outline", "diamond",
    "diamond_outline", "crowfoot_one", "crowfoot_many", "crowfoot_one_or_many", "cardinality_one",
    "cardinality_many", "cardinality_one_or_many", "cardinality_exactly_one", "cardinality_zero_or_one",
    "cardinality_zero_or_many",
})

_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,200}")
# A CSS colour as Excalidraw stores them: hex, names, rgb()/hsl() with numbers.
# No "url(", quotes, markup, colons or slashes, so nothing can be fetched.
_SAFE_COLOR = re.compile(r"[#A-Za-z0-9(),.%\s+-]{0,64}")
_MARKED = "_exporter_sanitized"
_LINE_FILLS = frozenset({"hachure", "cross-hatch", "zigzag", "zigzag-line", "dashed"})


def safe_id(value: str) -> str:
    """``value`` when it is a plain id word, else a stable plain stand-in (``x`` + hex of its UTF-8)."""
    if _SAFE_ID.fullmatch(value):
        return value
    return "x" + value.encode("utf-8", "surrogatepass")[:90].hex() + f"-{len(value)}"


# Colour strings found safe: a drawing repeats a handful of colours thousands of times.
_safe_colors: set[str] = set()


def safe_color(value: Any, default: str) -> str:
    """A colour string that is safe in an SVG attribute, else ``default``."""
    if type(value) is str and value in _safe_colors:
        return value
    if isinstance(value, str) and _SAFE_COLOR.fullmatch(value) and "url" not in value.lower():
        if len(_safe_colors) < 4096:
            _safe_colors.add(value)
        return value
    return default


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _as_number(value: Any) -> float | int | None:
    """JS-like numeric coercion of a JSON value (numbers and numeric strings), None otherwise."""
    if _is_number(value):
        return value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        try:
            number = float(value.strip() or "0")
        except ValueError:
            return None
        if not math.isfinite(number):
            return None
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    return None


class _Fixer:
    """Per-scene state: warnings grouped by field, id renames."""

    def __init__(self, scene: Scene) -> None:
        self.scene = scene
        self.accel = scene_accelerator()
        self.fixed: dict[str, int] = {}
        self.renamed: dict[str, str] = {}
        self.kept: set[str] = set()  # ids seen that are safe as they are

    def note(self, what: str) -> None:
        self.fixed[what] = self.fixed.get(what, 0) + 1

    def number(self, el: Element, key: str, default: float, lo: float, hi: float, *,
               positive: bool = False) -> None:
        raw = el.get(key)
        if type(raw) in NUMBER_TYPES and lo <= raw <= hi and (raw > 0 or not positive):
            return  # a plain number in range (NaN fails the range test): kept as it is
        value = _as_number(raw)
        if value is None or (positive and value <= 0):
            if raw is not None:
                self.note(f"invalid {key} replaced by {default}")
            el[key] = default
            return
        if value < lo or value > hi:
            self.note(f"{key} outside {lo:g}..{hi:g} clamped")
            value = min(max(value, lo), hi)
        el[key] = value

    def choice(self, el: Element, key: str, allowed: frozenset[str], default: str | None) -> None:
        value = el.get(key)
        if value is None and default is None:
            return
        if not isinstance(value, str) or value not in allowed:
            if value is not None:
                self.note(f"unknown {key} replaced by {default}")
            el[key] = default

    def text(self, el: Element, key: str, default: str | None) -> None:
        value = el.get(key)
        if value is None:
            el[key] = default
            return
        if not isinstance(value, str):
            self.note(f"non-text {key} replaced")
            el[key] = default if default is not None else (str(value) if _is_number(value) else None)
            return
        if len(value) > MAX_TEXT_CHARS:
            self.note(f"{key} longer than {MAX_TEXT_CHARS:,} characters cut")
            el[key] = value[:MAX_TEXT_CHARS]

    def ref(self, value: Any) -> str | None:
        """An id reference: a string (renamed when unsafe) or None."""
        if isinstance(value, str) and value:
            return self.rename(value)
        return None

    def rename(self, value: str) -> str:
        if value in self.kept:
            return value
        new = self.renamed.get(value)
        if new is None:
            new = safe_id(value)
            if new != value:
                self.renamed[value] = new
            else:
                self.kept.add(value)
        return new


def _fill_lines(el: Element) -> float:
    """How many lines (or dots) rough.js' fill of ``el`` would draw, roughly."""
    sw = el.get("strokeWidth", 2)
    gap = max(sw * 4, 0.1)
    w, h = abs(el.get("width", 0)), abs(el.get("height", 0))
    if el.get("type") in ("line", "freedraw"):
        points = el.get("points") or []
        if points:
            xs, ys = coordinates(points)
            w, h = max(xs) - min(xs), max(ys) - min(ys)
    style = el.get("fillStyle")
    if style == "dots":
        return (w / gap + 1) * (h / gap + 1)
    lines = (w + h) / gap
    return lines * 2 if style == "cross-hatch" else lines


def _fix_custom_data(fx: _Fixer, el: Element) -> None:
    custom = el.get("customData")
    if custom is None:
        return
    if not isinstance(custom, dict):
        fx.note("invalid customData ignored")
        el["customData"] = None
        return
    frame_color = custom.get("frameColor")
    if frame_color is not None:
        if isinstance(frame_color, dict):
            custom["frameColor"] = {k: safe_color(v, "#bbb") for k, v in frame_color.items()
                                    if isinstance(k, str)}
        else:
            fx.note("invalid customData.frameColor ignored")
            custom.pop("frameColor")
    pen = custom.get("strokeOptions")
    if pen is not None and not isinstance(pen, dict):
        fx.note("invalid customData.strokeOptions ignored")
        custom.pop("strokeOptions")
    elif isinstance(pen, dict):
        for key in ("options",):
            if key in pen and not isinstance(pen[key], dict):
                fx.note(f"invalid customData.strokeOptions.{key}")
                pen.pop(key)
        for key in ("outlineWidth",):
            if key in pen and not _is_number(pen[key]):
                fx.note(f"invalid customData.strokeOptions.{key}")
                pen.pop(key)
        options = pen.get("options")
        if isinstance(options, dict):
            for key, value in list(options.items()):
                if key in ("start", "end") and not isinstance(value, dict):
                    options.pop(key)
                    fx.note(f"invalid customData.strokeOptions.options.{key}")
                elif key in ("size", "thinning", "smoothing", "streamline") and not _is_number(value):
                    options.pop(key)
                    fx.note(f"invalid customData.strokeOptions.options.{key}")
                elif key in ("size", "thinning", "smoothing", "streamline") and abs(value) > MAX_STROKE_WIDTH:
                    options[key] = math.copysign(MAX_STROKE_WIDTH, value)
                    fx.note(f"out-of-range customData.strokeOptions.options.{key}")
            for part in ("start", "end"):
                sub = options.get(part)
                if isinstance(sub, dict):
                    for key in ("taper", "cap"):
                        value = sub.get(key)
                        if value is not None and not isinstance(value, bool) and not _is_number(value):
                            sub.pop(key)
                            fx.note(f"invalid customData.strokeOptions.options.{part}.{key}")
                        elif _is_number(value) and abs(value) > 1e7:
                            sub[key] = math.copysign(1e7, value)


def _safe_ref(fx: _Fixer, value: Any) -> bool:
    """Whether ``value`` is an id reference :meth:`_Fixer.ref` keeps as it is (noted as kept)."""
    if type(value) is not str:
        return False
    if value in fx.kept:
        return True
    if value and _SAFE_ID.fullmatch(value):  # a safe id is never in fx.renamed
        fx.kept.add(value)
        return True
    return False


def _plain_common(fx: _Fixer, el: Element) -> bool:
    """The fields every element has, when they are all valid as they are (a restored
    element of a well-formed drawing): what the general checks of :func:`_fix_element`
    would leave unchanged, decided at once. False: the general checks must run (they
    do every check again, so a False never loses a fix). In C when built."""
    if fx.accel is not None:
        return fx.accel.plain_common(el, fx.kept, _safe_colors, FILL_STYLES, STROKE_STYLES, MAX_STROKE_WIDTH,
                                     MAX_ROUGHNESS)
    return _plain_common_py(fx, el)


def _plain_common_py(fx: _Fixer, el: Element) -> bool:
    """The reference of :func:`_plain_common`."""
    get = el.get
    sw, rough, opacity, seed = get("strokeWidth"), get("roughness"), get("opacity"), get("seed")
    stroke, background = get("strokeColor"), get("backgroundColor")
    fill, style = get("fillStyle"), get("strokeStyle")
    if not (type(sw) in NUMBER_TYPES and 0 < sw <= MAX_STROKE_WIDTH
            and type(rough) in NUMBER_TYPES and 0 <= rough <= MAX_ROUGHNESS
            and type(opacity) in NUMBER_TYPES and 0 <= opacity <= 100
            and type(seed) in NUMBER_TYPES and math.isfinite(seed)
            and type(stroke) is str and stroke in _safe_colors
            and type(background) is str and background in _safe_colors
            and type(fill) is str and fill in FILL_STYLES
            and type(style) is str and style in STROKE_STYLES):
        return False
    if not _safe_ref(fx, get("id")):
        return False
    frame_id = get("frameId", 0)  # 0: absent (ref() would add it)
    if frame_id is not None and not _safe_ref(fx, frame_id):
        return False
    group_ids = get("groupIds")
    if type(group_ids) is not list:
        return False
    for gid in group_ids:
        if not _safe_ref(fx, gid):
            return False
    bound = get("boundElements")
    if bound is not None:
        if type(bound) is not list:
            return False
        for b in bound:
            if type(b) is not dict or not _safe_ref(fx, b.get("id")):
                return False
    roundness = get("roundness")
    if roundness is not None and not (type(roundness) is dict and _is_number(roundness.get("type"))
                                      and (roundness.get("value") is None or _is_number(roundness.get("value")))):
        return False
    link = get("link")
    if link is not None and type(link) is not str:
        return False
    # As the general checks leave them: new lists and bound-element dicts of the same content.
    el["groupIds"] = list(group_ids)
    if bound is not None:
        el["boundElements"] = [b.copy() for b in bound]
    return True


def _fix_element(fx: _Fixer, el: Element) -> None:
    kind = el["type"]
    if _plain_common(fx, el):
        _fix_custom_data(fx, el)
        _fix_kind(fx, el, kind)
        return
    fx.number(el, "strokeWidth", 2, 0, MAX_STROKE_WIDTH, positive=True)
    fx.number(el, "roughness", 1, 0, MAX_ROUGHNESS)
    fx.number(el, "opacity", 100, 0, 100)
    seed = el.get("seed")
    if type(seed) not in NUMBER_TYPES or not math.isfinite(seed):
        seed = _as_number(seed)
        if seed is None:
            fx.note("invalid seed replaced by 1")
            seed = 1
        el["seed"] = seed
    el["strokeColor"] = _color_field(fx, el, "strokeColor", "#1e1e1e")
    el["backgroundColor"] = _color_field(fx, el, "backgroundColor", "transparent")
    fx.choice(el, "fillStyle", FILL_STYLES, "hachure")
    fx.choice(el, "strokeStyle", STROKE_STYLES, "solid")
    el["id"] = fx.rename(el["id"]) if isinstance(el.get("id"), str) else el.get("id")
    el["frameId"] = fx.ref(el.get("frameId"))
    group_ids = el.get("groupIds")
    if not isinstance(group_ids, list) or not all(isinstance(g, str) for g in group_ids):
        if group_ids is not None and not isinstance(group_ids, list):
            fx.note("invalid groupIds ignored")
        group_ids = [g for g in group_ids if isinstance(g, str)] if isinstance(group_ids, list) else []
    el["groupIds"] = [fx.rename(g) for g in group_ids]
    bound = el.get("boundElements")
    if bound is not None:
        if not isinstance(bound, list):
            fx.note("invalid boundElements ignored")
            bound = []
        el["boundElements"] = [{**b, "id": fx.ref(b.get("id"))} for b in bound if isinstance(b, dict)]
    roundness = el.get("roundness")
    if roundness is not None and not (isinstance(roundness, dict) and _is_number(roundness.get("type"))
                                      and (roundness.get("value") is None or _is_number(roundness.get("value")))):
        fx.note("invalid roundness ignored")
        el["roundness"] = None
    if el.get("link") is not None and not isinstance(el.get("link"), str):
        fx.note("invalid link ignored")
        el["link"] = None
    _fix_custom_data(fx, el)
    _fix_kind(fx, el, kind)


def _fix_kind(fx: _Fixer, el: Element, kind: str) -> None:
    """The checks of the fields of ``kind``'s elements; the common case (all valid as they
    are) decided at once in C when built."""
    if fx.accel is not None and fx.accel.plain_kind(el, kind, fx.kept, _PLAIN_KIND_LIMITS):
        return
    _fix_kind_py(fx, el, kind)


# The C plain_kind's constants, as _fix_kind_py uses them.
_PLAIN_KIND_LIMITS = (TEXT_ALIGNS, VERTICAL_ALIGNS, ARROWHEADS, PointList, MIN_FONT_SIZE, MAX_FONT_SIZE,
                      MAX_LINE_HEIGHT, MAX_FILL_LINES, MAX_TEXT_CHARS)


def _fix_kind_py(fx: _Fixer, el: Element, kind: str) -> None:
    """The reference of :func:`_fix_kind` (the C decides only the common case)."""
    if kind == "text":
        fx.number(el, "fontSize", 20, MIN_FONT_SIZE, MAX_FONT_SIZE, positive=True)
        family = _as_number(el.get("fontFamily"))
        if family is None or not float(family).is_integer():
            fx.note("invalid fontFamily ignored")
            family = 5
        el["fontFamily"] = int(family)
        line_height = el.get("lineHeight")
        if line_height is not None and not (_is_number(line_height) and 0 < line_height <= MAX_LINE_HEIGHT):
            fx.note("invalid lineHeight ignored")
            el["lineHeight"] = None
        fx.text(el, "text", "")
        fx.text(el, "originalText", None)
        fx.choice(el, "textAlign", TEXT_ALIGNS, "left")
        fx.choice(el, "verticalAlign", VERTICAL_ALIGNS, "top")
        el["containerId"] = fx.ref(el.get("containerId"))
    elif kind in ("frame", "magicframe"):
        fx.text(el, "name", None)
    elif kind in ("line", "arrow"):
        for key in ("startArrowhead", "endArrowhead"):
            fx.choice(el, key, ARROWHEADS, None)
        for key in ("startBinding", "endBinding"):
            binding = el.get(key)
            if isinstance(binding, dict) and "elementId" in binding:
                el[key] = {**binding, "elementId": fx.ref(binding.get("elementId"))}
    elif kind == "image":
        file_id = el.get("fileId")
        el["fileId"] = fx.rename(file_id) if isinstance(file_id, str) and file_id else None
    if kind in ("image", "embeddable", "iframe") and "scale" in el:
        scale = el.get("scale")
        if not (isinstance(scale, list) and len(scale) == 2 and all(_is_number(s) and s != 0 for s in scale)):
            fx.note("invalid scale ignored")
            el["scale"] = [1, 1]
    if kind not in ("text", "frame", "magicframe", "image") and el.get("fillStyle") != "solid" \
            and _fill_lines(el) > MAX_FILL_LINES:
        fx.note(f"fill would need more than {MAX_FILL_LINES:,} hachure lines; drawn solid")
        el["fillStyle"] = "solid"


def _color_field(fx: _Fixer, el: Element, key: str, default: str) -> str:
    value = el.get(key)
    color = safe_color(value, default)
    if value is not None and color != value:
        fx.note(f"unsafe or invalid {key} replaced by {default}")
    return color


def _fix_app_state(fx: _Fixer, state: dict[str, Any]) -> None:
    background = state.get("viewBackgroundColor")
    state["viewBackgroundColor"] = safe_color(background, "#ffffff")
    if background is not None and state["viewBackgroundColor"] != background:
        fx.note("unsafe or invalid viewBackgroundColor replaced")
    frame_color = state.get("frameColor")
    if frame_color is not None:
        state["frameColor"] = ({k: safe_color(v, "#bbb") for k, v in frame_color.items() if isinstance(k, str)}
                               if isinstance(frame_color, dict) else None)
        if state["frameColor"] is None:
            del state["frameColor"]
    if not isinstance(state.get("frameRendering"), dict):
        state["frameRendering"] = {"enabled": True, "clip": True, "name": True, "outline": True}
    name = state.get("name")
    if name is not None and not isinstance(name, str):
        state["name"] = None


def _rename_maps(fx: _Fixer, scene: Scene) -> None:
    """Apply id renames to the maps keyed by element or file id."""
    if not fx.renamed:
        return
    r = fx.renamed
    scene.text_elements = {r.get(k, k): v for k, v in scene.text_elements.items()}
    scene.element_links = {r.get(k, k): v for k, v in scene.element_links.items()}
    files = {}
    for key, entry in scene.files.items():
        new = r.get(key, safe_id(key) if isinstance(key, str) else str(key))
        if isinstance(entry, dict):
            entry = {**entry, "id": new}
        files[new] = entry
    scene.files = files
    for key in list(scene.embedded):
        new = r.get(key, key)
        if new != key:
            entry = scene.embedded.pop(key)
            entry.file_id = new
            scene.embedded[new] = entry
    for attr in ("by_id", "bound_text", "frames", "frame_children", "groups"):
        scene.__dict__.pop(attr, None)  # cached properties computed before the renames


def sanitize_scene(scene: Scene) -> Scene:
    """Make ``scene`` safe to render (see the module doc); returns it, changed in place."""
    if getattr(scene, _MARKED, False):
        return scene
    fx = _Fixer(scene)
    frames = 0
    points = 0
    kept: list[Element] = []
    for el in scene.elements:
        if not isinstance(el, dict) or not isinstance(el.get("type"), str):
            fx.note("not an element")
            continue
        if el["type"] in ("frame", "magicframe"):
            frames += 1
            if frames > MAX_FRAMES:
                raise LimitError(f"more than {MAX_FRAMES:,} frames", path=scene.source)
        pts = el.get("points")
        if isinstance(pts, (list, PointList)):
            points += len(pts)
            if points > MAX_TOTAL_POINTS:
                raise LimitError(f"more than {MAX_TOTAL_POINTS:,} points in all", path=scene.source)
        _fix_element(fx, el)
        kept.append(el)
    scene.elements = kept
    for key in list(scene.files):
        if not isinstance(key, str):
            scene.files.pop(key)
    for key in scene.files:
        if not _SAFE_ID.fullmatch(key):
            fx.rename(key)
    _rename_maps(fx, scene)
    _fix_app_state(fx, scene.app_state)
    for what, count in fx.fixed.items():
        scene.warn(f"{count} element{'s' if count > 1 else ''}: {what}")
    setattr(scene, _MARKED, True)
    return scene
