"""Drawing operations, op sets and drawables (rough.js ``core.d.ts``).

An :class:`OpSet` keeps its ops in two flat lists, cheap to build by the
thousand and to print in one go: ``codes`` holds one letter per op, ``"M"``
(move, 2 numbers), ``"C"`` (bcurveTo, 6 numbers) or ``"L"`` (lineTo, 2 numbers),
and ``nums`` all the numbers in order. :attr:`OpSet.ops` gives the rough.js view,
``Op(op="bcurveTo", data=[...])``, for callers that inspect individual ops.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from .options import Options

__all__ = ["MOVE", "CURVE", "LINE", "OP_NAMES", "OP_SIZES", "Op", "OpSet", "Drawable"]

MOVE = "M"
CURVE = "C"
LINE = "L"

#: Op letter -> rough.js op name.
OP_NAMES = {MOVE: "move", CURVE: "bcurveTo", LINE: "lineTo"}
#: Op letter -> how many numbers it carries.
OP_SIZES = {MOVE: 2, CURVE: 6, LINE: 2}


class Op(NamedTuple):
    """One rough.js op: ``op`` in {"move", "bcurveTo", "lineTo"}, ``data`` its numbers."""

    op: str
    data: list[float]


class OpSet:
    """Ops with a type: ``"path"`` (outline), ``"fillPath"`` or ``"fillSketch"``."""

    __slots__ = ("type", "codes", "nums")

    def __init__(self, type: str, codes: list[str] | None = None, nums: list[float] | None = None) -> None:
        self.type = type
        self.codes = codes if codes is not None else []
        self.nums = nums if nums is not None else []

    @classmethod
    def from_ops(cls, type: str, ops: list[Op]) -> OpSet:
        """Build from rough.js-style ops (``op`` names or letters)."""
        letters = {v: k for k, v in OP_NAMES.items()}
        codes = [letters.get(op.op, op.op) for op in ops]
        nums = [float(v) for op in ops for v in op.data]
        return cls(type, codes, nums)

    @property
    def ops(self) -> list[Op]:
        """The ops in rough.js form."""
        out = []
        i = 0
        nums = self.nums
        for code in self.codes:
            n = OP_SIZES[code]
            out.append(Op(OP_NAMES[code], nums[i : i + n]))
            i += n
        return out

    @property
    def raw(self) -> list[tuple]:
        """The ops as flat tuples ``(letter, *numbers)``, e.g. ``("C", x1, y1, x2, y2, x, y)``."""
        out = []
        i = 0
        nums = self.nums
        for code in self.codes:
            n = OP_SIZES[code]
            out.append((code, *nums[i : i + n]))
            i += n
        return out

    def extend(self, other: OpSet) -> None:
        self.codes.extend(other.codes)
        self.nums.extend(other.nums)

    def merged(self, type: str) -> OpSet:
        """rough.js ``_mergedShape``: every move but the first dropped (one closed outline)."""
        codes: list[str] = []
        nums: list[float] = []
        i = 0
        src = self.nums
        for k, code in enumerate(self.codes):
            n = OP_SIZES[code]
            if k == 0 or code != MOVE:
                codes.append(code)
                nums.extend(src[i : i + n])
            i += n
        return OpSet(type, codes, nums)

    def __len__(self) -> int:
        return len(self.codes)

    def __repr__(self) -> str:
        return f"OpSet({self.type!r}, {len(self.codes)} ops)"


@dataclass
class Drawable:
    """What a generator call returns: the shape name, its merged options and its op sets.

    Sets are in rough.js order: the fill (if any) first, then the outline.
    """

    shape: str
    options: Options
    sets: list[OpSet] = field(default_factory=list)
