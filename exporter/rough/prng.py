"""rough.js's seeded random numbers (``math.js#Random``).

A Park-Miller style generator: ``seed = Math.imul(48271, seed)``, value
``(seed & 0x7fffffff) / 2**31``. Every shape restarts it at the element's
seed, so every draw has to happen in rough.js's order for the strokes to match.

Because the step is a multiplication mod 2**32, the k-th next state is
``seed * 48271**k mod 2**32``: :meth:`Random.take` draws k values at once from
precomputed powers, which keeps the per-number cost low in the hot loops. The
multiplier is odd, so a non-zero state never becomes 0.

A seed of 0 (or NaN) makes rough.js use ``Math.random()``; so does a seed whose
32-bit value is 0 (after one draw of 0). Such output cannot be reproduced; we
use Python's generator there.
"""

from __future__ import annotations

import math
import random as _system_random

from exporter.accel import accelerator as c_module

__all__ = ["Random", "math_random"]

_MASK = 0xFFFFFFFF
_INV_TWO_POW_31 = 1.0 / 2147483648.0  # a power of two: x * _INV == x / 2**31 exactly

#: Stand-in for ``Math.random()`` (only reached when rough.js is not reproducible).
math_random = _system_random.random

# _POWERS[k] = 48271**k mod 2**32
_POWERS = [1]


def _powers_up_to(k: int) -> list[int]:
    while len(_POWERS) <= k:
        _POWERS.append((_POWERS[-1] * 48271) & _MASK)
    return _POWERS


_powers_up_to(64)


def _uint32(value: float) -> int:
    """ToUint32 of ``value`` (what ``Math.imul`` sees)."""
    if isinstance(value, int):
        return value & _MASK
    if value != value or value in (math.inf, -math.inf):
        return 0
    return int(value) & _MASK


class Random:
    """One rough.js randomizer; shared by reference between option copies."""

    __slots__ = ("state", "seeded")

    def __init__(self, seed: float) -> None:
        # rough.js tests ``if (this.seed)`` before every draw: 0 and NaN mean Math.random.
        self.seeded = bool(seed) and seed == seed
        self.state = _uint32(seed) if self.seeded else 0

    def next(self) -> float:
        if self.seeded:
            s = self.state = (self.state * 48271) & _MASK
            if not s:  # only from a seed that is 0 mod 2**32: this draw is 0, then Math.random
                self.seeded = False
            return (s & 0x7FFFFFFF) * _INV_TWO_POW_31
        return math_random()

    def take(self, k: int) -> list[float]:
        """The next ``k`` values of :meth:`next`, in order."""
        s = self.state
        if self.seeded and s:
            powers = _POWERS if k < len(_POWERS) else _powers_up_to(k)
            self.state = (s * powers[k]) & _MASK
            return [((s * a) & 0x7FFFFFFF) * _INV_TWO_POW_31 for a in powers[1 : k + 1]]
        return [self.next() for _ in range(k)]


def accelerator() -> object | None:  # pragma: no cover - depends on the build
    """The C loops of exporter/rough/_roughcore.c, unless not built or EXCALIDRAW_EXPORTER_PURE is set."""
    return c_module("exporter.rough._roughcore")
