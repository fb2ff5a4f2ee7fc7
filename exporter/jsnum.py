"""JavaScript number semantics that Excalidraw's output depends on.

Excalidraw writes numbers with ECMAScript's Number-to-String, rounds with
``Math.round`` and ``toFixed``; Python's defaults differ (``25.0``, banker's
rounding, ``1e-07``), so every number we write goes through here.
"""

from __future__ import annotations

import math

from exporter.accel import accelerator

__all__ = ["js_str", "js_str_py", "js_round", "to_fixed", "fixed2", "int32"]


def js_str_py(x: float) -> str:
    """Format ``x`` as JavaScript's ``String(x)`` does (the reference of :func:`js_str`)."""
    kind = type(x)
    if kind is float:
        if 1e-4 <= abs(x) < 1e21:  # the common case: Python's repr is JavaScript's here
            return str(int(x)) if x.is_integer() else repr(x)
        if x == 0:  # 0.0 and -0.0 (an eighth of the numbers an SVG writes)
            return "0"
    elif kind is int and -10**21 < x < 10**21:  # plain ints (not bool), as the int branch below
        return str(x)
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        if abs(x) < 10**21:
            return str(x)
        x = float(x)
    if x != x:
        return "NaN"
    if x == math.inf:
        return "Infinity"
    if x == -math.inf:
        return "-Infinity"
    if x == 0:
        return "0"
    if x.is_integer() and abs(x) < 1e21:
        return str(int(x))
    r = repr(x)
    if "e" not in r and "E" not in r:
        return r
    # repr gives shortest round-trip digits; re-lay them out per ECMAScript.
    mant, exp = r.split("e")
    e = int(exp)
    neg = mant.startswith("-")
    if neg:
        mant = mant[1:]
    digits = mant.replace(".", "")
    int_len = mant.index(".") if "." in mant else len(mant)
    digits = digits.lstrip("0") or "0"
    point = int_len + e  # position of the decimal point relative to digits
    k = len(digits.rstrip("0")) or 1
    digits = digits[:k]
    n = point
    sign = "-" if neg else ""
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    e_out = n - 1
    es = ("+" if e_out >= 0 else "-") + str(abs(e_out))
    if k == 1:
        return sign + digits + "e" + es
    return sign + digits[0] + "." + digits[1:] + "e" + es


# The C (exporter/_jsnum.c) takes the common numbers and gives the rest to js_str_py.
_C = accelerator("exporter._jsnum")
if _C is not None:  # pragma: no branch - depends on the build
    _C.set_fallback(js_str_py)
    js_str = _C.js_str
else:  # pragma: no cover
    js_str = js_str_py


def js_round(x: float) -> float:
    """``Math.round``: halves go towards +infinity."""
    return math.floor(x + 0.5)


def to_fixed(x: float, places: int) -> float:
    """``+x.toFixed(places)``: round the exact binary value half away from zero."""
    if x != x or x in (math.inf, -math.inf) or abs(x) >= 1e21:  # toFixed gives String(x) from 1e21 on
        return x
    from decimal import ROUND_HALF_UP, Decimal  # imported on first use: most exports never get here

    q = Decimal(x).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    v = float(q)
    return 0.0 if v == 0 else v


def fixed2(x: float) -> str:
    """``String(+x.toFixed(2))``: how rough.js paths print coordinates in Excalidraw's SVG."""
    return js_str(to_fixed(x, 2))


def int32(v: int) -> int:
    """Wrap an integer to a signed 32-bit value, as JS bitwise operators do."""
    v &= 0xFFFFFFFF
    return v - 0x100000000 if v >= 0x80000000 else v
