"""rough.js's seeded random numbers (``math.js#Random``).

A Park-Miller style generator: ``seed = Math.imul(48271, seed)``, value
``(seed & 0x7fffffff) / 2**31``. Every shape restarts it at the element's
seed, so every draw has to happen in rough.js's order for the strokes to match.

Because the step is a multiplication mod 2**32, the k-th next state is
``seed * 48271**k mod 2**32``: :meth:`Random.take` draws k values at once from
precomputed powers, which keeps the per-number cost low in the hot loops. The
multiplier is odd, so a non-zero state never becomes 0.

A seed of 0 (or NaN) makes rough.js use ``Math.random()``; so does a seed whose
32-bit value is 0 (after one draw of 0), and its dots filler always does. A browser
cannot reproduce such strokes; we draw them from a fixed pseudo-random stream
(:func:`stand_in`) that every shape starts afresh, so the same drawing still gives the
same bytes, whatever else is drawn before it (a PNG band draws only some elements).
"""

from __future__ import annotations

import math
import random as _system_random

from exporter.accel import accelerator as c_module

__all__ = ["Random", "stand_in"]

_MASK = 0xFFFFFFFF
_INV_TWO_POW_31 = 1.0 / 2147483648.0  # a power of two: x * _INV == x / 2**31 exactly

#: Seed of the stand-in for ``Math.random()`` (reached only where rough.js is not reproducible).
STAND_IN_SEED = 0x5EED


def stand_in() -> _system_random.Random:
    """A fresh stand-in for ``Math.random()``: the same stream every time."""
    return _system_random.Random(STAND_IN_SEED)

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

    __slots__ = ("state", "seeded", "_stand_in")

    def __init__(self, seed: float) -> None:
        # rough.js tests ``if (this.seed)`` before every draw: 0 and NaN mean Math.random.
        self.seeded = bool(seed) and seed == seed
        self.state = _uint32(seed) if self.seeded else 0
        self._stand_in: _system_random.Random | None = None

    def next(self) -> float:
        if self.seeded:
            s = self.state = (self.state * 48271) & _MASK
            if not s:  # only from a seed that is 0 mod 2**32: this draw is 0, then Math.random
                self.seeded = False
            return (s & 0x7FFFFFFF) * _INV_TWO_POW_31
        if self._stand_in is None:
            self._stand_in = stand_in()
        return self._stand_in.random()

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
