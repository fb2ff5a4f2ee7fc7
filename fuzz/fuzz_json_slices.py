"""Differential: a document's elements parsed by orjson a slice at a time (the C scan of
json_array_items for the offsets) against ``json.loads``, on fuzzer-mutated JSON.

Whatever the scan makes of the bytes, a document it does not decline must come out as
json reads it (integers past 64 bits aside: orjson makes them floats, as JSON.parse does).
"""

from __future__ import annotations

import json
import sys

from common import main

from exporter.load import json_scene


def _big_int(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return not -(2**63) <= value < 2**64
    if isinstance(value, list):
        return any(map(_big_int, value))
    if isinstance(value, dict):
        return any(map(_big_int, value.values()))
    return False


def test_one_input(data: bytes) -> None:
    json_scene.SLICE_BYTES = 1 + (data[0] if data else 0)  # slices of 1 to 256 bytes
    got = json_scene.parse_in_slices(data[1:])
    if got is json_scene.UNPARSED:
        return
    try:
        want = json.loads(data[1:], object_hook=json_scene.flat_element_points)
    except (ValueError, RecursionError) as exc:
        raise AssertionError(f"sliced parse took what json refuses: {exc}") from None
    if not _big_int(want):
        assert got == want and list(got) == list(want), (got, want)


if __name__ == "__main__":
    sys.setrecursionlimit(10_000)
    main(test_one_input)
