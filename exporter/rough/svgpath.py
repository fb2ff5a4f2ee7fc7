"""Op sets -> SVG path data, and drawables -> paths (rough.js ``opsToPath``/``toPaths``/svg.js).

rough.js prints ``M{x} {y} ``, ``C{x1} {y1}, {x2} {y2}, {x} {y} ``, ``L{x} {y} ``
and trims the end. Without a precision each number is JavaScript's
``String(v)``; with one (Excalidraw's SVG export uses 2) it is
``String(+v.toFixed(p))``.

Formatting is the hot loop of an export, so a whole set is printed with one
``%``-format and cleaned with ``str.replace``: ``"%.2f"`` rounds the exact
binary value like ``toFixed`` except on exact ties, which it rounds to even;
those (values with ``v * 2**(p+1)`` an odd integer) are redone exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

from exporter.jsnum import js_str, to_fixed

from .ops import CURVE, LINE, MOVE, Drawable, OpSet

__all__ = ["PathInfo", "ops_to_path", "to_paths", "format_number"]

_NONE = "none"
_FULL_TEMPLATE = {MOVE: "M%s %s ", CURVE: "C%s %s, %s %s, %s %s ", LINE: "L%s %s "}
_templates: dict[int, dict[str, str]] = {}
# Past this magnitude "%.*f" no longer prints the shortest round-trip digits (15 significant).
_FAST_LIMIT = 1e12


def _fixed_templates(precision: int) -> dict[str, str]:
    t = _templates.get(precision)
    if t is None:
        f = f"%.{precision}f"
        t = _templates[precision] = {
            MOVE: f"M{f} {f} ",
            CURVE: f"C{f} {f}, {f} {f}, {f} {f} ",
            LINE: f"L{f} {f} ",
        }
    return t


def format_number(v: float, precision: int | None = None) -> str:
    """One coordinate as rough.js prints it (``String(v)`` or ``String(+v.toFixed(p))``)."""
    if precision is None:
        return js_str(v)
    return js_str(to_fixed(v, precision))


def _has_exact_ties(nums: list[float], precision: int) -> bool:
    """Any v with v * 2**(p+1) an odd integer, i.e. v * 2**p - 0.5 an integer? (C-speed maps)."""
    return any(map(float.is_integer, map((-0.5).__add__, map(float(2**precision).__mul__, nums))))


def _fast_fixed_ok(nums: list[float], precision: int) -> bool:
    try:
        return (
            precision <= 2
            and max(nums) < _FAST_LIMIT
            and min(nums) > -_FAST_LIMIT
            and not _has_exact_ties(nums, precision)
        )
    except TypeError:
        return False


_STRIP = {
    2: [(".00 ", " "), (".00,", ",")]
    + [(f".{d}0 ", f".{d} ") for d in range(1, 10)]
    + [(f".{d}0,", f".{d},") for d in range(1, 10)],
    1: [(".0 ", " "), (".0,", ",")],
    0: [],
}


def ops_to_path(opset: OpSet, precision: int | None = None) -> str:
    """rough.js ``opsToPath(drawing, fixedDecimals)``."""
    codes = opset.codes
    if not codes:
        return ""
    nums = opset.nums
    if precision is None or precision < 0:
        text = "".join(map(_FULL_TEMPLATE.__getitem__, codes)) % tuple(map(js_str, nums))
        return text[:-1]
    if _fast_fixed_ok(nums, precision):
        text = "".join(map(_fixed_templates(precision).__getitem__, codes)) % tuple(nums)
        if "n" not in text:  # nan / inf print differently in JS
            for old, new in _STRIP[precision]:
                if old in text:
                    text = text.replace(old, new)
            return text.replace("-0 ", "0 ").replace("-0,", "0,")[:-1]
    text = "".join(map(_FULL_TEMPLATE.__getitem__, codes)) % tuple(format_number(v, precision) for v in nums)
    return text[:-1]


@dataclass(frozen=True, slots=True)
class PathInfo:
    """One SVG ``<path>`` of a drawable: rough.js ``toPaths`` plus what svg.js adds.

    ``kind`` is the op set type (``path`` outline, ``fillPath``, ``fillSketch``);
    ``fill_rule`` is ``"evenodd"`` for ``fillPath`` sets of curves and polygons;
    ``stroke_dasharray``/``stroke_dashoffset`` come from ``strokeLineDash``/
    ``strokeLineDashOffset`` (outlines) or ``fillLineDash``/``fillLineDashOffset``
    (sketch fills), already printed as svg.js prints them.
    """

    d: str
    stroke: str
    stroke_width: float
    fill: str
    kind: str
    shape: str
    fill_rule: str | None = None
    stroke_dasharray: str | None = None
    stroke_dashoffset: str | None = None

    def attributes(self) -> list[tuple[str, str]]:
        """The ``<path>`` attributes in the order rough.js's ``RoughSVG.draw`` sets them."""
        attrs = [("d", self.d), ("stroke", self.stroke), ("stroke-width", js_str(self.stroke_width))]
        attrs.append(("fill", self.fill))
        if self.fill_rule:
            attrs.append(("fill-rule", self.fill_rule))
        if self.stroke_dasharray is not None:
            attrs.append(("stroke-dasharray", self.stroke_dasharray))
        if self.stroke_dashoffset is not None:
            attrs.append(("stroke-dashoffset", self.stroke_dashoffset))
        return attrs


def _dasharray(dash: object) -> str | None:
    """``dash.join(' ').trim()`` when ``dash`` is set (an empty list still counts)."""
    if dash is None:
        return None
    return " ".join(v if isinstance(v, str) else js_str(v) for v in dash).strip()  # type: ignore[union-attr]


def _dashoffset(offset: object) -> str | None:
    """Written only when truthy, as svg.js tests ``if (o.strokeLineDashOffset)``."""
    if not offset or offset != offset:
        return None
    return offset if isinstance(offset, str) else js_str(offset)  # type: ignore[arg-type]


def to_paths(drawable: Drawable, precision: int | None = None) -> list[PathInfo]:
    """rough.js ``toPaths`` (with svg.js's extra attributes), one entry per op set, in order.

    ``precision=None`` prints full numbers like ``toPaths``; Excalidraw's SVG export
    uses ``precision=2`` (``fixedDecimalPlaceDigits``).
    """
    o = drawable.options
    shape = drawable.shape
    paths = []
    for opset in drawable.sets:
        d = ops_to_path(opset, precision)
        kind = opset.type
        if kind == "path":
            paths.append(
                PathInfo(
                    d,
                    o.stroke,
                    o.stroke_width,
                    _NONE,
                    kind,
                    shape,
                    None,
                    _dasharray(o.stroke_line_dash),
                    _dashoffset(o.stroke_line_dash_offset),
                )
            )
        elif kind == "fillPath":
            rule = "evenodd" if shape in ("curve", "polygon") else None
            paths.append(PathInfo(d, _NONE, 0, o.fill or _NONE, kind, shape, rule))
        elif kind == "fillSketch":
            weight = o.fill_weight
            if weight < 0:
                weight = o.stroke_width / 2
            paths.append(
                PathInfo(
                    d,
                    o.fill or _NONE,
                    weight,
                    _NONE,
                    kind,
                    shape,
                    None,
                    _dasharray(o.fill_line_dash),
                    _dashoffset(o.fill_line_dash_offset),
                )
            )
    return paths
