"""A rough.js drawable as SVG, like ``RoughSVG.draw`` with 2 decimals (doc §3.10).

``<g>`` holds one ``<path>`` per op set; the caller gives the ``<g>``'s own
attributes (opacity, linecap, transform...) in the order Excalidraw sets them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from exporter.jsnum import js_str
from exporter.render.svgtext import attrs

__all__ = ["fmt2", "ops_to_path", "draw", "draw_paths"]

_CENT = Decimal("0.01")


def fmt2(x: float) -> str:
    """``String(+x.toFixed(2))``, fast: ``%.2f`` except on exact binary ties."""
    if (x * 200.0).is_integer() and not (x * 100.0).is_integer():
        # A true tie (x = k/8): toFixed rounds half away from zero, %.2f to even.
        s = str(Decimal(x).quantize(_CENT, rounding=ROUND_HALF_UP))
    else:
        s = f"{x:.2f}"
    if s[-1] == "0":
        s = s[:-1]
        if s[-1] == "0":
            s = s[:-2]
    if s == "-0":
        return "0"
    if len(s) > 21:  # |x| >= 1e21 would be exponent form in JS; never seen in drawings
        from exporter.jsnum import fixed2

        return fixed2(x)
    return s


def _raw_ops(opset: Any) -> list[tuple]:
    raw = getattr(opset, "raw", None)
    if raw is not None:
        return raw
    code = {"move": "M", "bcurveTo": "C", "lineTo": "L"}
    return [(code[o.op], *o.data) for o in opset.ops]


_TEMPLATES = {"C": "C%.2f %.2f, %.2f %.2f, %.2f %.2f", "M": "M%.2f %.2f", "L": "L%.2f %.2f"}
_TRAILING_ZERO = [(f".{d}0{sep}", f".{d}{sep}") for d in "123456789" for sep in " ,"]
_MINUS_ZERO = re.compile(r"(?<![\d.])-0(?=[ ,]|$)")


def _ops_to_path_slow(raw: list[tuple]) -> str:
    parts: list[str] = []
    f = fmt2
    for op in raw:
        if op[0] == "C":
            parts.append(f"C{f(op[1])} {f(op[2])}, {f(op[3])} {f(op[4])}, {f(op[5])} {f(op[6])}")
        else:
            parts.append(f"{op[0]}{f(op[1])} {f(op[2])}")
    return " ".join(parts)


def ops_to_path(opset: Any) -> str:
    """``opsToPath``: ``M x y C x1 y1, x2 y2, x y L x y`` with 2 decimals.

    Formats the whole path with one ``%`` and trims zeros with regexes; falls
    back to :func:`fmt2` per number when a value is an exact binary tie (k/8),
    where ``%.2f`` and ``toFixed`` round differently, or is huge.
    """
    raw = _raw_ops(opset)
    templates = _TEMPLATES
    nums = [v for op in raw for v in op[1:]]
    for x in nums:
        if not -1e15 < x < 1e15 or (x * 8.0).is_integer() and not (x * 4.0).is_integer():
            return _ops_to_path_slow(raw)
    s = (" ".join([templates[op[0]] for op in raw]) + " ") % tuple(nums)
    # "12.00" -> "12", "12.50" -> "12.5" (every number has exactly two decimals here)
    s = s.replace(".00 ", " ").replace(".00,", ",")
    if "0 " in s or "0," in s:
        for old, new in _TRAILING_ZERO:
            s = s.replace(old, new)
    if "-0" in s:
        s = _MINUS_ZERO.sub("0", s)
    return s[:-1]


def _opt(options: Any, js_name: str, py_name: str) -> Any:
    if isinstance(options, dict):
        return options.get(js_name)
    return getattr(options, py_name, None)


def _num(v: Any) -> str:
    return js_str(v)


def draw_paths(drawable: Any) -> str:
    """The ``<path>`` elements of a drawable (rough.js set order)."""
    o = drawable.options
    out: list[str] = []
    for opset in drawable.sets:
        d = ops_to_path(opset)
        kind = opset.type
        if kind == "path":
            stroke = _opt(o, "stroke", "stroke")
            pairs = [("d", d), ("stroke", stroke), ("stroke-width", _num(_opt(o, "strokeWidth", "stroke_width"))),
                     ("fill", "none")]
            dash = _opt(o, "strokeLineDash", "stroke_line_dash")
            if dash:
                pairs.append(("stroke-dasharray", " ".join(_num(v) for v in dash).strip()))
            dash_offset = _opt(o, "strokeLineDashOffset", "stroke_line_dash_offset")
            if dash_offset:
                pairs.append(("stroke-dashoffset", _num(dash_offset)))
        elif kind == "fillPath":
            pairs = [("d", d), ("stroke", "none"), ("stroke-width", "0"), ("fill", _opt(o, "fill", "fill") or "")]
            if drawable.shape in ("curve", "polygon"):
                pairs.append(("fill-rule", "evenodd"))
        elif kind == "fillSketch":
            weight = _opt(o, "fillWeight", "fill_weight")
            if weight is None or weight < 0:
                weight = _opt(o, "strokeWidth", "stroke_width") / 2
            pairs = [("d", d), ("stroke", _opt(o, "fill", "fill") or ""), ("stroke-width", _num(weight)),
                     ("fill", "none")]
            dash = _opt(o, "fillLineDash", "fill_line_dash")
            if dash:
                pairs.append(("stroke-dasharray", " ".join(_num(v) for v in dash).strip()))
        else:
            continue
        out.append(f"<path{attrs(pairs)}></path>")
    return "".join(out)


def draw(drawable: Any, group_attrs: Iterable[tuple[str, str]] = ()) -> str:
    """``<g group_attrs>paths</g>`` for one drawable."""
    return f"<g{attrs(group_attrs)}>{draw_paths(drawable)}</g>"

