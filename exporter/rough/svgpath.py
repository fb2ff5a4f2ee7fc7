"""Op sets -> SVG path data, and drawables -> paths (rough.js ``opsToPath``/``toPaths``/svg.js).

rough.js prints ``M{x} {y} ``, ``C{x1} {y1}, {x2} {y2}, {x} {y} ``, ``L{x} {y} ``
and trims the end. Without a precision each number is JavaScript's
``String(v)``; with one (Excalidraw's SVG export uses 2) it is
``String(+v.toFixed(p))``.

Formatting is the hot loop of an export, so with 2 decimals a whole set is
printed with one ``%``-format and cleaned with ``str.replace``: ``"%.2f"`` rounds
the exact binary value like ``toFixed`` except on exact ties, which it rounds
to even; a set holding such a tie (or a huge or non-finite number) is printed
number by number with :func:`exporter.jsnum.to_fixed`, as is any other precision.
"""

from __future__ import annotations

from typing import NamedTuple

from exporter.jsnum import fixed2, js_str, to_fixed

from .ops import CURVE, LINE, MOVE, Drawable, OpSet
from .prng import accelerator

_C = accelerator()

__all__ = ["PathInfo", "ops_to_path", "to_paths", "format_number"]

_NONE = "none"
_FULL_TEMPLATE = {MOVE: "M%s %s ", CURVE: "C%s %s, %s %s, %s %s ", LINE: "L%s %s "}
_TEMPLATES_2 = {MOVE: "M%.2f %.2f ", CURVE: "C%.2f %.2f, %.2f %.2f, %.2f %.2f ", LINE: "L%.2f %.2f "}
# Past this magnitude "%.2f" no longer prints the shortest round-trip digits (15 significant).
_FAST_LIMIT = 1e12


def format_number(v: float, precision: int | None = None) -> str:
    """One coordinate as rough.js prints it (``String(v)`` or ``String(+v.toFixed(p))``)."""
    if precision is None:
        return js_str(v)
    return js_str(to_fixed(v, precision))


def _in_fast_range(nums: list[float]) -> bool:
    try:
        return max(nums) < _FAST_LIMIT and min(nums) > -_FAST_LIMIT
    except TypeError:
        return False


# '%.2f' rounds exact ties (v = k/8, k odd) to even, toFixed away from zero. They differ
# only where '%.2f' ends in ...12 (v = x.125) or ...62 (x.625); a candidate's index is the
# number of spaces before it, since every printed number ends with exactly one ' ' or ','
# and the ', ' separators contribute one of each.
_TIE_ENDINGS = ("12 ", "12,", "62 ", "62,")


def _has_2_decimal_tie(text: str, nums: list[float]) -> bool:
    for ending in _TIE_ENDINGS:
        pos = text.find(ending)
        while pos >= 0:
            if nums[text.count(" ", 0, pos)] * 8.0 % 2.0 == 1.0:
                return True
            pos = text.find(ending, pos + 1)
    return False


def _strip_2_decimal_zeros(text: str) -> str:
    """Every number in ``text`` has exactly two decimals and ends before ' ' or ',', so a
    '0' there is always a trailing decimal zero; strip it, then a bare '.0', then -0."""
    if "0 " in text:
        text = text.replace("0 ", " ")
    if "0," in text:
        text = text.replace("0,", ",")
    if ".0 " in text:
        text = text.replace(".0 ", " ")
    if ".0," in text:
        text = text.replace(".0,", ",")
    if "-0 " in text:
        text = text.replace("-0 ", "0 ")
    if "-0," in text:
        text = text.replace("-0,", "0,")
    return text


def ops_to_path(opset: OpSet, precision: int | None = None) -> str:
    """rough.js ``opsToPath(drawing, fixedDecimals)``."""
    codes = opset.codes
    if not codes:
        return ""
    nums = opset.nums
    if precision == 2 and _C is not None and type(codes) is list and type(nums) is list:
        text = _C.path2(codes, nums, fixed2)
        if text is not None:
            return text
    if precision is None or precision < 0:
        text = "".join(map(_FULL_TEMPLATE.__getitem__, codes)) % tuple(map(js_str, nums))
        return text[:-1]
    if precision == 2 and _in_fast_range(nums):
        text = "".join(map(_TEMPLATES_2.__getitem__, codes)) % tuple(nums)
        # nan/inf print differently in JS ('n' is in both); exact ties round differently.
        if "n" not in text and not _has_2_decimal_tie(text, nums):
            return _strip_2_decimal_zeros(text)[:-1]
    text = "".join(map(_FULL_TEMPLATE.__getitem__, codes)) % tuple(format_number(v, precision) for v in nums)
    return text[:-1]


class PathInfo(NamedTuple):
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


def dasharray_text(dash: object) -> str | None:
    """``dash.join(' ').trim()`` when ``dash`` is set (an empty list still counts)."""
    if dash is None:
        return None
    return " ".join(v if isinstance(v, str) else js_str(v) for v in dash).strip()  # type: ignore[union-attr]


def dashoffset_text(offset: object) -> str | None:
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
                    dasharray_text(o.stroke_line_dash),
                    dashoffset_text(o.stroke_line_dash_offset),
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
                    dasharray_text(o.fill_line_dash),
                    dashoffset_text(o.fill_line_dash_offset),
                )
            )
    return paths
