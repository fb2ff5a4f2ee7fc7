"""The points of lines, arrows and freedraw strokes, held as flat doubles.

Parsed JSON gives every point as a list of two number objects, about 120 bytes
each; a 50,000-element drawing holds over a million of them, half its memory.
Restore (and, for large files, the JSON parser's object hook) turns them into a
:class:`PointList`: one ``bytes`` object of doubles ``x0 y0 x1 y1 ...`` (16
bytes a point), read-only, that behaves as the list of ``[x, y]`` lists it
replaces. Hand-built elements may still hold plain lists: every reader of
points takes any sequence of pairs (:func:`coordinates` and :func:`pairs` are
the fast ways to read either).

JSON keeps ints and floats apart (``0`` and ``0.0``) and a drawing written back
(``--embed-scene``) must keep them as they were, so a PointList remembers which
values were ints (:meth:`PointList.to_json`, :func:`json_default`).
"""

from __future__ import annotations

import math
import operator
import struct
from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, compress, repeat
from typing import Any

__all__ = ["MAX_EXACT_INT", "PointList", "coordinates", "flat_points_py", "json_default", "pairs"]

#: Ints beyond this are not exact in a double: rows holding them are not made flat.
MAX_EXACT_INT = 2**53

_PAIR = struct.Struct("dd")
_unpack_pair = _PAIR.unpack_from
_iter_pairs = _PAIR.iter_unpack
# A value's kind in the int flags: 0 float, 1 int, 2 anything else (declined).
_KIND = {float: 0, int: 1}

# What a PointList knows of which values were ints: None (none), True (all), or bytes
# with one flag a value (1: int). Mixed lists are rare (Excalidraw writes whole numbers
# as ints, so usually only a first point [0, 0] among floats), and cost 2 bytes a point.
IntFlags = bytes | bool | None


def flat_points_py(rows: Any) -> tuple[bytes, IntFlags] | None:
    """``rows`` as flat doubles and int flags, when ``rows`` is a list of exact ``[x, y]``
    lists of exact ints and floats, the floats finite and the ints within
    :data:`MAX_EXACT_INT`; None for anything else. The reference of the C
    ``flat_points`` (exporter/load/_lzdecode.c), which decides the same."""
    if type(rows) is not list or (rows and (set(map(type, rows)) != {list} or set(map(len, rows)) != {2})):
        return None
    values = list(chain.from_iterable(rows))
    kinds = bytes(map(_KIND.get, map(type, values), repeat(2)))
    if 2 in kinds:
        return None
    if 1 in kinds and max(map(abs, compress(values, kinds))) > MAX_EXACT_INT:
        return None
    if not all(map(math.isfinite, values)):
        return None
    return array("d", values).tobytes(), _flags(kinds)


def _flags(kinds: bytes) -> IntFlags:
    if 1 not in kinds:
        return None
    return True if 0 not in kinds else kinds


class PointList:
    """An immutable sequence of points over flat doubles.

    ``pts[i]`` is a new ``[x, y]`` list of floats (negative indices work), slices are
    PointLists, iteration gives ``[x, y]`` lists, and a PointList equals another or a
    list of ``[x, y]`` lists with the same values. ``PointList(rows)`` takes any
    iterable of ``(x, y)`` pairs of real numbers.
    """

    __slots__ = ("_data", "_ints")

    _data: bytes
    _ints: IntFlags

    def __init__(self, points: Iterable[Sequence[float]] = ()) -> None:
        rows = points if type(points) is list else list(points)
        made = flat_points_py(rows)
        if made is None:  # other sequences, int and float subclasses: read one by one
            values: list[Any] = []
            for p in rows:
                if len(p) != 2:
                    raise ValueError(f"a point is an (x, y) pair, not {p!r}")
                values += (p[0], p[1])
            for v in values:
                if isinstance(v, bool) or not isinstance(v, (int, float)):
                    raise TypeError(f"a coordinate is an int or a float, not {v!r}")
            made = array("d", values).tobytes(), _flags(bytes(isinstance(v, int) for v in values))
        self._data, self._ints = made

    @classmethod
    def from_flat(cls, data: bytes, ints: IntFlags = None) -> PointList:
        """A PointList over ``data`` (doubles x0 y0 x1 y1 ..., native byte order) as it is;
        ``ints``: which values were ints (None: none, True: all, bytes: a flag a value)."""
        if len(data) % 16:
            raise ValueError("flat points are pairs of doubles: a multiple of 16 bytes")
        out = cls.__new__(cls)
        out._data = data
        out._ints = ints
        return out

    # -- the sequence -------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._data) >> 4

    def __bool__(self) -> bool:
        return bool(self._data)

    def __getitem__(self, index: Any) -> Any:
        if type(index) is not int:
            if isinstance(index, slice):
                return self._slice(index)
            index = operator.index(index)
        n = len(self._data) >> 4
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("point index out of range")
        return list(_unpack_pair(self._data, index << 4))

    def _slice(self, index: slice) -> PointList:
        start, stop, step = index.indices(len(self._data) >> 4)
        if step != 1:
            return PointList([self._json_point(i) for i in range(start, stop, step)])
        stop = max(start, stop)
        ints = self._ints
        if type(ints) is bytes:
            ints = _flags(ints[2 * start:2 * stop])
        return PointList.from_flat(self._data[16 * start:16 * stop], ints)

    def __iter__(self) -> Iterator[list[float]]:
        return map(list, _iter_pairs(self._data))

    def __reversed__(self) -> Iterator[list[float]]:
        return map(list, reversed(self.pairs()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PointList):
            return self._data == other._data or self.values() == other.values()
        if isinstance(other, list):
            return len(other) == len(self) and list(self) == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to lists, which are not hashable

    def __repr__(self) -> str:
        return f"PointList({self.to_json()!r})"

    # Immutable: copies are the object itself; pickles keep the int flags.
    def __copy__(self) -> PointList:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> PointList:
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return PointList.from_flat, (self._data, self._ints)

    # -- fast reads ---------------------------------------------------------------

    @property
    def data(self) -> bytes:
        """The doubles x0 y0 x1 y1 ... (native byte order), for C readers."""
        return self._data

    def values(self) -> array:
        """A copy of the doubles x0 y0 x1 y1 ..."""
        out = array("d")
        out.frombytes(self._data)
        return out

    def pairs(self) -> list[tuple[float, float]]:
        """The points as ``(x, y)`` tuples."""
        return list(_iter_pairs(self._data))

    def max_abs(self) -> float:
        """The largest absolute coordinate (0.0 when empty)."""
        if not self._data:
            return 0.0
        values = self.values()
        return max(max(values), -min(values))

    # -- the numbers as stored (ints stay ints) -----------------------------------

    def _is_int(self, k: int) -> bool:
        ints = self._ints
        return ints is True or (type(ints) is bytes and ints[k] == 1)

    def number(self, k: int) -> float | int:
        """Value ``k`` of x0 y0 x1 y1 ... as it was stored: an int if it was one."""
        value = struct.unpack_from("d", self._data, k << 3)[0]
        return int(value) if self._is_int(k) else value

    def _json_point(self, i: int) -> list[float | int]:
        return [self.number(2 * i), self.number(2 * i + 1)]

    def to_json(self) -> list[list[float | int]]:
        """The points as the ``[x, y]`` lists they were stored as (ints stay ints)."""
        values: list[Any] = self.values().tolist()
        ints = self._ints
        if ints is True:
            values = list(map(int, values))
        elif ints is not None:
            values = [int(v) if flag else v for v, flag in zip(values, ints, strict=True)]
        it = iter(values)
        return list(map(list, zip(it, it, strict=True)))

    def translated(self, dx: float | int, dy: float | int) -> PointList:
        """Every point minus ``(dx, dy)``, each number as Python's ``p - d`` gives it (an
        int only from two ints). ``dx``/``dy`` are numbers exact in a double."""
        values = self.values()
        fx, fy = float(dx), float(dy)
        xs = values[0::2]
        ys = values[1::2]
        values[0::2] = array("d", [x - fx for x in xs])
        values[1::2] = array("d", [y - fy for y in ys])
        ints = self._ints
        keep = (isinstance(dx, int), isinstance(dy, int))
        if ints is not None and keep != (True, True):
            ints = _flags(bytes(self._is_int(k) and keep[k & 1] for k in range(len(values))))
        return PointList.from_flat(values.tobytes(), ints)

    def extent(self) -> tuple[float | int, float | int]:
        """``(max(xs) - min(xs), max(ys) - min(ys))`` of the numbers as stored: ``max``
        and ``min`` pick the first of equal values, and the difference is an int only
        when both picked numbers are. Needs at least one point."""
        values = self.values()
        xs, ys = values[0::2], values[1::2]
        ints = self._ints
        if ints is None:
            return max(xs) - min(xs), max(ys) - min(ys)
        if ints is True:
            return int(max(xs)) - int(min(xs)), int(max(ys)) - int(min(ys))
        out: list[float | int] = []
        for column, line in enumerate((xs, ys)):
            hi, lo = max(line), min(line)
            if ints[2 * line.index(hi) + column] and ints[2 * line.index(lo) + column]:
                out.append(int(hi) - int(lo))
            else:
                out.append(hi - lo)
        return out[0], out[1]


def json_default(value: Any) -> Any:
    """``default=`` for :func:`json.dumps` of a scene: a PointList as its ``[x, y]`` lists."""
    if isinstance(value, PointList):
        return value.to_json()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def coordinates(points: Sequence[Sequence[float]]) -> tuple[Sequence[float], Sequence[float]]:
    """The x and the y coordinates of ``points`` (a PointList or any sequence of pairs)."""
    if type(points) is PointList:
        values = points.values()
        return values[0::2], values[1::2]
    return [p[0] for p in points], [p[1] for p in points]


def pairs(points: Sequence[Sequence[float]]) -> list[tuple[float, float]]:
    """``points`` as ``(x, y)`` tuples (a PointList or any sequence of pairs)."""
    if type(points) is PointList:
        return points.pairs()
    return [tuple(p) for p in points]  # type: ignore[misc]
