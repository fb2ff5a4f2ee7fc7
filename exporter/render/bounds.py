"""Element geometry for export: absolute coordinates, rotated bounds, common bounds (doc §4.8).

``XM:packages/element/src/bounds.ts``. Lines and arrows are measured on their
*rough* shaft (the exact extrema of its cubic Bézier ops), so their rough.js
shaft drawable is generated here once per element and cached in
:class:`Geometry`, which the renderers reuse.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from exporter.jsnum import js_str
from exporter.render.roughopts import generate_rough_options
from exporter.rough.prng import accelerator
from exporter.scene.model import Element
from exporter.scene.points import coordinates, pairs

__all__ = ["Geometry", "rotate", "curve_ops", "elbow_arrow_path", "Bounds"]

Bounds = tuple[float, float, float, float]
Coords = tuple[float, float, float, float, float, float]

_C = accelerator()
_FRAME_TYPES = ("frame", "magicframe")
_LINEAR = ("line", "arrow")


def rotate(x: float, y: float, cx: float, cy: float, angle: float) -> tuple[float, float]:
    """``pointRotateRads``: the point itself when the angle is 0."""
    if not angle:
        return x, y
    c, s = math.cos(angle), math.sin(angle)
    return (x - cx) * c - (y - cy) * s + cx, (x - cx) * s + (y - cy) * c + cy


def curve_ops(drawable: Any) -> list[tuple]:
    """``getCurvePathOps``: the ops of the first ``path`` set (else the first set), raw tuples."""
    if drawable is None or not drawable.sets:
        return []
    chosen = drawable.sets[0]
    for s in drawable.sets:
        if s.type == "path":
            chosen = s
            break
    raw = getattr(chosen, "raw", None)
    if raw is not None:
        return raw
    code = {"move": "M", "bcurveTo": "C", "lineTo": "L"}
    return [(code[o.op], *o.data) for o in chosen.ops]


def _solve_quadratic(p0: float, p1: float, p2: float, p3: float) -> list[float] | None:
    i = p1 - p0
    j = p2 - p1
    k = p3 - p2
    a = 3 * i - 6 * j + 3 * k
    b = 6 * j - 6 * i
    c = 3 * i
    disc = b * b - 4 * a * c
    if not disc >= 0:
        return None
    if a == 0:
        if b == 0:  # -c/b in JS: ±Infinity or NaN, never in [0, 1]
            return []
        t1 = t2 = -c / b
    else:
        r = math.sqrt(disc)
        t1 = (-b + r) / (2 * a)
        t2 = (-b - r) / (2 * a)
    out = []
    for t in (t1, t2):
        if 0 <= t <= 1:
            u = 1 - t
            out.append(u**3 * p0 + 3 * u**2 * t * p1 + 3 * u * t**2 * p2 + t**3 * p3)
    return out


def _cubic_bounds(p0, p1, p2, p3) -> Bounds:
    min_x, max_x = min(p0[0], p3[0]), max(p0[0], p3[0])
    min_y, max_y = min(p0[1], p3[1]), max(p0[1], p3[1])
    xs = _solve_quadratic(p0[0], p1[0], p2[0], p3[0])
    if xs:
        min_x, max_x = min(min_x, *xs), max(max_x, *xs)
    ys = _solve_quadratic(p0[1], p1[1], p2[1], p3[1])
    if ys:
        min_y, max_y = min(min_y, *ys), max(max_y, *ys)
    return min_x, min_y, max_x, max_y


def _drawable_min_max(drawable: Any, rotation: tuple[float, ...] | None = None) -> Bounds | None:
    """:func:`ops_min_max` of ``curve_ops(drawable)`` in C (exporter/rough/_roughcore.c), or None
    when the accelerator is absent or the ops are not an OpSet's codes and numbers."""
    if _C is None or drawable is None or not drawable.sets:
        return None
    chosen = drawable.sets[0]
    for s in drawable.sets:
        if s.type == "path":
            chosen = s
            break
    codes, nums = getattr(chosen, "codes", None), getattr(chosen, "nums", None)
    if type(codes) is not list or type(nums) is not list:
        return None
    return _C.ops_min_max(codes, nums, rotation)


def ops_min_max(ops: Sequence[tuple], transform: Callable[[float, float], tuple[float, float]] | None = None) -> Bounds:
    """``getMinMaxXYFromCurvePathOps``: exact extrema of the cubic ops (line ops ignored)."""
    min_x = min_y = math.inf
    max_x = max_y = -math.inf
    cur = (0.0, 0.0)
    for op in ops:
        code = op[0]
        if code == "M":
            cur = (op[1], op[2])
        elif code == "C":
            p1, p2, p3 = (op[1], op[2]), (op[3], op[4]), (op[5], op[6])
            p0 = cur
            if transform is not None:
                p0, p1, p2, p3 = transform(*p0), transform(*p1), transform(*p2), transform(*p3)
            cur = (op[5], op[6])
            a, b, c, d = _cubic_bounds(p0, p1, p2, p3)
            if a < min_x:
                min_x = a
            if b < min_y:
                min_y = b
            if c > max_x:
                max_x = c
            if d > max_y:
                max_y = d
    return min_x, min_y, max_x, max_y


def elbow_arrow_path(points: Sequence[Sequence[float]], radius: float = 16) -> str:
    """``generateElbowArrowShape``: the orthogonal route with rounded corners as path data."""

    def horizontal(p: Sequence[float], o: Sequence[float]) -> bool:
        x, y = p[0] - o[0], p[1] - o[1]
        ay = abs(y)
        return x > ay or x <= -ay

    sub: list[tuple[float, float]] = []
    for i in range(1, len(points) - 1):
        prev, nxt, pt = points[i - 1], points[i + 1], points[i]
        corner = min(radius, math.hypot(pt[0] - nxt[0], pt[1] - nxt[1]) / 2,
                     math.hypot(pt[0] - prev[0], pt[1] - prev[1]) / 2)
        if horizontal(pt, prev):
            sub.append((pt[0] - corner, pt[1]) if prev[0] < pt[0] else (pt[0] + corner, pt[1]))
        elif prev[1] < pt[1]:
            sub.append((pt[0], pt[1] - corner))
        else:
            sub.append((pt[0], pt[1] + corner))
        sub.append((pt[0], pt[1]))
        if horizontal(nxt, pt):
            sub.append((pt[0] - corner, pt[1]) if nxt[0] < pt[0] else (pt[0] + corner, pt[1]))
        elif nxt[1] < pt[1]:
            sub.append((pt[0], pt[1] - corner))
        else:
            sub.append((pt[0], pt[1] + corner))
    s = js_str
    d = [f"M {s(points[0][0])} {s(points[0][1])}"]
    for i in range(0, len(sub), 3):
        a, b, c = sub[i], sub[i + 1], sub[i + 2]
        d.append(f"L {s(a[0])} {s(a[1])}")
        d.append(f"Q {s(b[0])} {s(b[1])}, {s(c[0])} {s(c[1])}")
    d.append(f"L {s(points[-1][0])} {s(points[-1][1])}")
    return " ".join(d)


def _identity(color: str) -> str:
    return color


class Geometry:
    """Bounds of the elements of one export, with the linear shafts cached.

    ``elements_map`` is the id -> element map of the render set (bound texts
    find their container there); ``color`` the colour transform of the export
    (shafts are reused for drawing, and rough paths carry their colours).
    """

    def __init__(self, elements_map: dict[str, Element], color: Callable[[str], str] = _identity,
                 bound_text: dict[str, Element] | None = None) -> None:
        self.elements_map = elements_map
        self.color = color
        self._bound_text = bound_text
        self._shafts: dict[int, Any] = {}
        self._linear_options: dict[int, dict[str, Any]] = {}
        self._coords: dict[int, Coords] = {}
        self._label_pos: dict[int, tuple[float, float]] = {}
        self._generator: Any = None
        # False: shafts are made again when asked for, not cached (a very big export drawn
        # region by region would otherwise hold every one of them, ~5 KB a line or arrow)
        self.keep_shapes = True

    # -- rough shapes -------------------------------------------------------

    @property
    def generator(self) -> Any:
        if self._generator is None:
            from exporter.rough import RoughGenerator

            self._generator = RoughGenerator()
        return self._generator

    def shaft(self, el: Element) -> Any:
        """The rough drawable of a line/arrow shaft (``shape[0]``), or None if not drawn."""
        key = id(el)
        if key in self._shafts:
            return self._shafts[key]
        gen = self.generator
        points = pairs(el.get("points") or []) or [(0.0, 0.0)]
        drawable: Any
        if el.get("type") == "arrow" and el.get("elbowed"):
            if not all(abs(p[0]) <= 1e6 and abs(p[1]) <= 1e6 for p in points):
                drawable = None
            else:
                drawable = gen.path(elbow_arrow_path(points, 16), generate_rough_options(el, True, self.color))
        else:
            opts = generate_rough_options(el, False, self.color)
            if self.keep_shapes:
                self._linear_options[key] = opts
            if not el.get("roundness"):
                drawable = gen.polygon(points, opts) if opts.get("fill") else gen.linear_path(points, opts)
            else:
                drawable = gen.curve(points, opts)
        if self.keep_shapes:
            self._shafts[key] = drawable
        return drawable

    def linear_options(self, el: Element, color: Callable[[str], str]) -> dict[str, Any]:
        """``generateRoughOptions(el)`` of a line/arrow (arrowheads use it); the shaft's own
        when it was made with these colours (nobody changes these dicts: rough copies them)."""
        if color is self.color:
            opts = self._linear_options.get(id(el))
            if opts is not None:
                return opts
        return generate_rough_options(el, False, color)

    # -- bound text ---------------------------------------------------------

    def bound_text_of(self, el: Element) -> Element | None:
        if self._bound_text is not None:
            return self._bound_text.get(el.get("id"))
        for ref in el.get("boundElements") or ():
            if isinstance(ref, dict) and ref.get("type") == "text":
                text = self.elements_map.get(ref.get("id"))
                if text is not None and text.get("type") == "text" and not text.get("isDeleted"):
                    return text
        return None

    def container_of(self, text: Element) -> Element | None:
        cid = text.get("containerId")
        return self.elements_map.get(cid) if cid else None

    def label_position(self, arrow: Element, text: Element) -> tuple[float, float]:
        """Top-left of an arrow's label (``getBoundTextElementPosition``)."""
        key = id(text)
        pos = self._label_pos.get(key)
        if pos is None:
            from exporter.render.arrow_label import compute_label_position

            pos = compute_label_position(arrow, text, self)
            self._label_pos[key] = pos
        return pos

    # -- coordinates --------------------------------------------------------

    def abs_coords(self, el: Element) -> Coords:
        """``getElementAbsoluteCoords``: unrotated box and its centre."""
        key = id(el)
        c = self._coords.get(key)
        if c is not None:
            return c
        kind = el.get("type")
        x, y = el.get("x", 0), el.get("y", 0)
        if kind == "freedraw":
            xs, ys = coordinates(el.get("points") or [(0, 0)])
            x1 = min(xs) + x
            y1 = min(ys) + y
            x2 = max(xs) + x
            y2 = max(ys) + y
            c = (x1, y1, x2, y2, (x1 + x2) / 2, (y1 + y2) / 2)
        elif kind in _LINEAR:
            shaft = self.shaft(el)
            box = _drawable_min_max(shaft)
            min_x, min_y, max_x, max_y = box if box is not None else ops_min_max(curve_ops(shaft))
            x1, y1, x2, y2 = min_x + x, min_y + y, max_x + x, max_y + y
            c = (x1, y1, x2, y2, (x1 + x2) / 2, (y1 + y2) / 2)
        else:
            w, h = el.get("width", 0), el.get("height", 0)
            if kind == "text" and el.get("containerId"):
                container = self.container_of(el)
                if container is not None and container.get("type") == "arrow":
                    x, y = self.label_position(container, el)
            c = (x, y, x + w, y + h, x + w / 2, y + h / 2)
        self._coords[key] = c
        return c

    def measured_coords(self, el: Element) -> Coords | None:
        """:meth:`abs_coords` if it was computed already, else None (nothing is computed)."""
        return self._coords.get(id(el))

    def rotation_center(self, el: Element) -> tuple[float, float]:
        """The ``rotate(deg cx cy)`` centre in element-local coordinates."""
        x1, y1, x2, y2, _, _ = self.abs_coords(el)
        return (x2 - x1) / 2 - (el.get("x", 0) - x1), (y2 - y1) / 2 - (el.get("y", 0) - y1)

    def element_bounds(self, el: Element) -> Bounds:
        """``ElementBounds.calculateBounds``: the rotated element's axis-aligned box."""
        x1, y1, x2, y2, cx, cy = self.abs_coords(el)
        angle = el.get("angle", 0) or 0
        kind = el.get("type")
        if kind == "freedraw":
            if not angle:  # rotate() is the identity: the same sums as abs_coords
                return x1, y1, x2, y2
            ex, ey = el.get("x", 0), el.get("y", 0)
            lx, ly = cx - ex, cy - ey
            pts = [rotate(p[0], p[1], lx, ly, angle) for p in pairs(el.get("points") or [(0, 0)])]
            return (min(p[0] for p in pts) + ex, min(p[1] for p in pts) + ey,
                    max(p[0] for p in pts) + ex, max(p[1] for p in pts) + ey)
        if kind in _LINEAR:
            return self._linear_rotated_bounds(el, cx, cy)
        if not angle and kind != "ellipse":
            # rotate() is the identity: the same min/max over the same corner values, in order
            if kind == "diamond":
                return min(cx, cx, x1, x2), min(y1, y2, cy, cy), max(cx, cx, x1, x2), max(y1, y2, cy, cy)
            return min(x1, x1, x2, x2), min(y1, y2, y2, y1), max(x1, x1, x2, x2), max(y1, y2, y2, y1)
        if kind == "diamond":
            pts = [rotate(cx, y1, cx, cy, angle), rotate(cx, y2, cx, cy, angle),
                   rotate(x1, cy, cx, cy, angle), rotate(x2, cy, cx, cy, angle)]
        elif kind == "ellipse":
            w2, h2 = (x2 - x1) / 2, (y2 - y1) / 2
            cos, sin = math.cos(angle), math.sin(angle)
            ww, hh = math.hypot(w2 * cos, h2 * sin), math.hypot(h2 * cos, w2 * sin)
            return cx - ww, cy - hh, cx + ww, cy + hh
        else:
            pts = [rotate(x1, y1, cx, cy, angle), rotate(x1, y2, cx, cy, angle),
                   rotate(x2, y2, cx, cy, angle), rotate(x2, y1, cx, cy, angle)]
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        return min(xs), min(ys), max(xs), max(ys)

    def _linear_rotated_bounds(self, el: Element, cx: float, cy: float) -> Bounds:
        angle = el.get("angle", 0) or 0
        ex, ey = el.get("x", 0), el.get("y", 0)
        points = el.get("points") or []
        if len(points) < 2:
            px, py = points[0] if points else (0, 0)
            x, y = rotate(ex + px, ey + py, cx, cy, angle)
            coords: Bounds = (x, y, x, y)
        else:
            shaft = self.shaft(el)
            rotation = (ex, ey, cx, cy, math.cos(angle), math.sin(angle), True) if angle else \
                (ex, ey, cx, cy, 1.0, 0.0, False)
            box = _drawable_min_max(shaft, rotation) if type(ex) in (int, float) and type(ey) in (int, float) \
                and type(angle) in (int, float) else None
            coords = box if box is not None else ops_min_max(
                curve_ops(shaft), lambda px, py: rotate(ex + px, ey + py, cx, cy, angle))
        text = self.bound_text_of(el)
        if text is not None:
            coords = self._with_bound_text(el, coords, text)
        return coords

    def _with_bound_text(self, el: Element, bounds: Bounds, text: Element) -> Bounds:
        """``getMinMaxXYWithBoundText``: grow the box to the (counter-rotated) label."""
        x1, y1, x2, y2 = bounds
        cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
        angle = el.get("angle", 0) or 0
        tx1, ty1 = self.label_position(el, text)
        tx2, ty2 = tx1 + text.get("width", 0), ty1 + text.get("height", 0)
        tl = rotate(x1, y1, cx, cy, angle)
        tr = rotate(x2, y1, cx, cy, angle)
        c_tl = rotate(tx1, ty1, cx, cy, -angle)
        c_tr = rotate(tx2, ty1, cx, cy, -angle)
        c_bl = rotate(tx1, ty2, cx, cy, -angle)
        c_br = rotate(tx2, ty2, cx, cy, -angle)
        if tl[0] < tr[0] and tl[1] >= tr[1]:
            x1 = min(x1, c_bl[0])
            x2 = max(x2, max(c_tr[0], c_br[0]))
            y1 = min(y1, c_tl[1])
            y2 = max(y2, c_br[1])
        elif tl[0] >= tr[0] and tl[1] > tr[1]:
            x1 = min(x1, c_br[0])
            x2 = max(x2, max(c_tl[0], c_tr[0]))
            y1 = min(y1, c_bl[1])
            y2 = max(y2, c_tr[1])
        elif tl[0] >= tr[0]:
            x1 = min(x1, c_tr[0])
            x2 = max(x2, c_bl[0])
            y1 = min(y1, c_br[1])
            y2 = max(y2, c_tl[1])
        elif tl[1] <= tr[1]:
            x1 = min(x1, min(c_tr[0], c_tl[0]))
            x2 = max(x2, c_br[0])
            y1 = min(y1, c_tr[1])
            y2 = max(y2, c_bl[1])
        return x1, y1, x2, y2

    def common_bounds(self, elements: Iterable[Element]) -> Bounds:
        """``getCommonBounds``; ``(0, 0, 0, 0)`` for no elements."""
        min_x = min_y = math.inf
        max_x = max_y = -math.inf
        any_el = False
        for el in elements:
            any_el = True
            a, b, c, d = self.element_bounds(el)
            # min(m, v) keeps m unless v < m; max(m, v) keeps m unless v > m
            if a < min_x:
                min_x = a
            if b < min_y:
                min_y = b
            if c > max_x:
                max_x = c
            if d > max_y:
                max_y = d
        if not any_el:
            return 0, 0, 0, 0
        return min_x, min_y, max_x, max_y


def root_elements(elements: Sequence[Element]) -> list[Element]:
    """``getRootElements``: frames and elements not inside a frame of the set."""
    frame_ids = {e["id"] for e in elements if e.get("type") in _FRAME_TYPES}
    return [e for e in elements
            if e["id"] in frame_ids or not e.get("frameId") or e.get("frameId") not in frame_ids]


def bounds_intersect(a: Bounds, b: Bounds) -> bool:
    """``doBoundsIntersect``."""
    return a[0] < b[2] and a[2] > b[0] and a[1] < b[3] and a[3] > b[1]
