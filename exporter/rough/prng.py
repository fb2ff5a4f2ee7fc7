"""rough.js's seeded random numbers (``math.js#Random``).

A Park-Miller style generator: ``seed = Math.imul(48271, seed)``, value
``(seed & 0x7fffffff) / 2**31``. Every shape restarts it at the element's
seed, so every draw has to happen in rough.js's order for the strokes to match.
A seed of 0 (or one that wraps to 0) makes rough.js fall back to
``Math.random()``; such output cannot be reproduced, and we use Python's.
"""

from __future__ import annotations

import math
import random as _system_random

__all__ = ["Random", "js_int32_bits", "math_random"]

_TWO_POW_31 = 2147483648.0

#: Stand-in for ``Math.random()`` (only reached when rough.js is not reproducible).
math_random = _system_random.random


def js_int32_bits(value: float) -> int:
    """ToUint32 of ``value`` (what ``Math.imul`` sees), as an unsigned int."""
    if isinstance(value, int):
        return value & 0xFFFFFFFF
    if value != value or value in (math.inf, -math.inf):
        return 0
    return int(value) & 0xFFFFFFFF


class Random:
    """One rough.js randomizer; shared by reference between option copies."""

    __slots__ = ("state", "truthy")

    def __init__(self, seed: float) -> None:
        # rough.js tests ``if (this.seed)`` before every draw: 0 and NaN mean Math.random.
        self.truthy = bool(seed) and seed == seed
        self.state = js_int32_bits(seed) if self.truthy else 0

    def next(self) -> float:
        if self.truthy:
            s = (self.state * 48271) & 0xFFFFFFFF
            self.state = s
            if not s:
                self.truthy = False
            return (s & 0x7FFFFFFF) / _TWO_POW_31
        return math_random()
