"""Differential: restore and sanitize with their C helpers against the pure Python, on scenes
with fuzzer-chosen field values (fuzz_fields' mutations).

The C (exporter/load/_lzdecode.c: restore_list, restore_common, plain_common, plain_kind)
decides the common elements and leaves the rest to the Python; whichever decides, the
loaded scene must be the same: elements equal field by field, in the same key order and
with the same value types, the same warnings, or the same one-line error.
"""

from __future__ import annotations

import json
from typing import Any

import atheris
from common import main
from fuzz_fields import mutated_scene

from exporter.errors import ExporterError
from exporter.load import load_bytes
from exporter.scene import restore
from exporter.scene.points import PointList


def _canonical(value: Any) -> Any:
    """``value`` with its key order and exact types made part of what == compares."""
    if isinstance(value, dict):
        return ("dict", tuple((k, _canonical(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("list", tuple(_canonical(v) for v in value))
    if isinstance(value, PointList):
        return ("points", _canonical(value.to_json()))
    if isinstance(value, float):
        return ("float", repr(value))  # -0.0 and nan compare by their text
    return (type(value).__name__, value)


def _loaded(raw: bytes, pure: bool) -> Any:
    saved = restore._C, restore._c_looked_up
    if pure:  # what EXCALIDRAW_EXPORTER_PURE gives, for restore and sanitize alike
        restore._C, restore._c_looked_up = None, True
    try:
        scene = load_bytes(raw, "fuzz.excalidraw")
    except ExporterError as exc:
        return ("error", str(exc))
    finally:
        restore._C, restore._c_looked_up = saved
    return _canonical(scene.elements), list(scene.warnings)


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    raw = json.dumps(mutated_scene(fdp)).encode("utf-8", "surrogatepass")
    with_c, pure = _loaded(raw, False), _loaded(raw, True)
    assert with_c == pure, (with_c, pure)


if __name__ == "__main__":
    restore.scene_accelerator()
    assert restore._C is not None, "the C helpers are not built: nothing to compare"
    main(test_one_input)
