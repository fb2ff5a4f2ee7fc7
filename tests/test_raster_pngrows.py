"""PNG scanlines from cairo's rows: the C converter (exporter/raster/_pngrows.c) and the numpy
reference in pngencode.py give the same bytes, and both notice a pixel that is not opaque."""

from __future__ import annotations

import numpy as np
import pytest

from exporter.raster import pngencode

try:
    from exporter.raster import _pngrows
except ImportError:  # no compiler: the numpy path is the one in use
    _pngrows = None

needs_c = pytest.mark.skipif(_pngrows is None, reason="C accelerator not built (no compiler)")


def _rows(width: int, rows: int, stride: int, seed: int) -> bytearray:
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 2**24, size=(rows, stride // 4), dtype=np.uint32) | np.uint32(0xFF000000)
    return bytearray(pixels.tobytes())


def _numpy_rows(buffer: bytes, width: int, rows: int, stride: int) -> bytes:
    saved, pngencode._ROWS = pngencode._ROWS, None
    try:
        return pngencode._opaque_rows(memoryview(buffer), width, rows, stride)
    finally:
        pngencode._ROWS = saved


@needs_c
@pytest.mark.parametrize(("width", "rows", "padding"), [(1, 1, 0), (7, 3, 4), (300, 17, 0), (1001, 5, 12)])
def test_c_and_numpy_write_the_same_scanlines(width: int, rows: int, padding: int) -> None:
    stride = width * 4 + padding
    buffer = _rows(width, rows, stride, width)
    c_lines = _pngrows.opaque_rows(buffer, width, rows, stride)
    assert c_lines == _numpy_rows(bytes(buffer), width, rows, stride)
    first = np.frombuffer(bytes(buffer[:4]), dtype=np.uint32)[0]
    assert c_lines[:4] == bytes([0, (first >> 16) & 255, (first >> 8) & 255, first & 255])
    assert len(c_lines) == rows * (1 + width * 3)


@needs_c
def test_a_transparent_pixel_is_noticed_by_both() -> None:
    width, rows, stride = 50, 9, 208
    buffer = _rows(width, rows, stride, 1)
    buffer[8 * stride + 49 * 4 + 3] = 0xFE  # the last pixel's alpha (little-endian byte order)
    assert _pngrows.opaque_rows(buffer, width, rows, stride) is None
    with pytest.raises(pngencode._Transparent):
        _numpy_rows(bytes(buffer), width, rows, stride)
    buffer[(rows - 1) * stride + 50 * 4 + 3] = 0  # padding past the width is not looked at
    buffer[8 * stride + 49 * 4 + 3] = 0xFF
    assert _pngrows.opaque_rows(buffer, width, rows, stride) is not None


@needs_c
def test_a_transparent_pixel_anywhere_in_a_row_is_noticed() -> None:
    """Four pixels are read at a time, the row's last ones one by one: each place counts."""
    width, rows, stride = 11, 2, 44
    for x in range(width):
        buffer = _rows(width, rows, stride, 3)
        buffer[stride + x * 4 + 3] = 0x7F
        assert _pngrows.opaque_rows(buffer, width, rows, stride) is None, x


@needs_c
def test_bad_sizes_are_refused() -> None:
    with pytest.raises(ValueError):
        _pngrows.opaque_rows(b"\xff" * 16, 5, 1, 20)  # buffer shorter than one row
    with pytest.raises(ValueError):
        _pngrows.opaque_rows(b"\xff" * 16, 4, 1, 8)  # stride shorter than the row
    with pytest.raises(ValueError):
        _pngrows.opaque_rows(b"", 0, 1, 0)
