"""PNG encoding of a cairo ARGB32 surface, faster than cairo's own for big canvases.

cairo's ``write_to_png`` goes through libpng's adaptive row filters on one core
(~1.5 s for Excalidraw's 10,500 x 6,800 px template). Drawings are mostly flat
colour, so filter "None" compresses nearly as well; the rows are converted (in C,
exporter/raster/_pngrows.c, numpy without it) and deflated in bands on worker threads
(the C converter releases the GIL), each band a sync-flushed piece of one deflate
stream, like pigz, by zlib-ng (see :func:`_deflater`; without it zlib level 6, or 3 on
very big canvases). Band boundaries and levels are fixed, so the bytes are the same from
run to run; between machines the deflate library must match too (zlib-ng picks its code
by the CPU's instruction set; the pixels never change). Opaque
canvases are written as RGB, others as RGBA (un-premultiplied): each band checks its
own alpha while it is encoded as RGB, and a canvas that turns out not to be opaque is
encoded again as RGBA."""

from __future__ import annotations

import io
import os
import struct
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import Any, BinaryIO

from PIL import Image

from exporter.accel import accelerator

_ROWS = accelerator("exporter.raster._pngrows")
BAND_ROWS = 256
LEVEL = 6
# Above this many pixels zlib's fast levels (no lazy matching) are used: 3.5x faster,
# files ~2.4x bigger (1.4 MB instead of 0.6 MB for the 72 MP template).
FAST_LEVEL, FAST_ABOVE_PIXELS = 3, 16_000_000
# zlib-ng level 1 is its "quick" strategy with fixed Huffman codes: 1.5x faster than 2, files
# up to 5x bigger on mostly white canvases (2.35 MB instead of 0.47 MB for the template).
NG_LEVEL = 2
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ADLER_BASE = 65521


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def adler32_combine(adler1: int, adler2: int, len2: int) -> int:
    """Adler-32 of A+B from those of A and B (zlib's adler32_combine)."""
    rem = len2 % ADLER_BASE
    sum1 = adler1 & 0xFFFF
    sum2 = (rem * sum1) % ADLER_BASE
    sum1 += (adler2 & 0xFFFF) + ADLER_BASE - 1
    sum2 += ((adler1 >> 16) & 0xFFFF) + ((adler2 >> 16) & 0xFFFF) + ADLER_BASE - rem
    sum1 %= ADLER_BASE
    sum2 %= ADLER_BASE
    return sum1 | (sum2 << 16)


class _Transparent(Exception):
    """A band meant to be written as RGB has a pixel that is not opaque."""


def _encode_bands(data: memoryview, width: int, height: int, stride: int, opaque: bool,
                  last: bool, level: int) -> tuple[bytes, int, int]:
    """(deflate body, Adler-32 and length of the scanlines); raises _Transparent if ``opaque``
    turns out false. The body ends the deflate stream when ``last``, else it is sync-flushed
    so more rows can follow."""
    bands = [(y, min(height, y + BAND_ROWS)) for y in range(0, height, BAND_ROWS)]
    lib, lib_level = _deflater(level)

    def encode(rows: tuple[int, int]) -> tuple[int, int, bytes]:
        y0, y1 = rows
        piece = data[y0 * stride: y1 * stride]
        if opaque:
            filtered = _opaque_rows(piece, width, y1 - y0, stride)
        else:
            raw = Image.frombuffer("RGBA", (width, y1 - y0), piece, "raw", "BGRa", stride, 1).tobytes()
            filtered = _with_filter_bytes(raw, y1 - y0)
        deflate = lib.compressobj(lib_level, lib.DEFLATED, -15)
        end = lib.Z_FINISH if last and y1 == height else lib.Z_SYNC_FLUSH
        body = deflate.compress(filtered) + deflate.flush(end)
        return lib.adler32(filtered), len(filtered), body  # zlib-ng's: 4x zlib's speed

    workers = max(1, min(len(bands), os.cpu_count() or 1, 4))
    adler, total = 1, 0
    pieces = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for band_adler, length, body in pool.map(encode, bands):
            adler = adler32_combine(adler, band_adler, length)
            total += length
            pieces.append(body)
    return b"".join(pieces), adler, total


@cache
def _zlib_ng() -> Any:
    try:
        from zlib_ng import zlib_ng
    except ImportError:
        return None
    return zlib_ng


def _deflater(zlib_level: int) -> tuple[Any, int]:
    """(library, level) deflating the rows: zlib-ng when it is installed (a 10,000-element
    canvas in 0.45 s on one core, against zlib's 0.78 s at level 1 and 2.17 s at level 6,
    files the size of level 1's); without it, zlib at ``zlib_level``.

    Not ISA-L's igzip (``isal``), 2.5x faster still: inside an export its output for the
    same rows changed now and then (one 256-row piece in about 500; two compressions of
    the same bytes, one after the other in one thread, differed), so the same drawing
    gave a PNG with the same pixels but other bytes. zlib-ng never did in the same runs."""
    ng = _zlib_ng()
    return (ng, NG_LEVEL) if ng is not None else (zlib, zlib_level)


def _opaque_rows(piece: memoryview, width: int, rows: int, stride: int) -> bytes:
    """Cairo's opaque ARGB32 rows as PNG scanlines (a "None" filter byte, then R, G, B);
    raises _Transparent if a pixel is not fully opaque. In C when built (_pngrows.c),
    else with numpy on the native-endian pixel values."""
    if _ROWS is not None:
        lines = _ROWS.opaque_rows(piece, width, rows, stride)
        if lines is None:
            raise _Transparent
        return lines
    import numpy as np

    pixels = np.frombuffer(piece, dtype=np.uint32, count=(rows - 1) * (stride // 4) + width)
    pixels = np.lib.stride_tricks.as_strided(pixels, (rows, width), (stride, 4))
    if not (pixels >> 24 == 0xFF).all():
        raise _Transparent
    lines = np.zeros((rows, 1 + width * 3), dtype=np.uint8)
    rgb = lines[:, 1:].reshape(rows, width, 3)
    for channel, shift in enumerate((16, 8, 0)):
        rgb[:, :, channel] = pixels >> shift  # the cast to uint8 keeps the low byte
    return lines.tobytes()


def _with_filter_bytes(raw: bytes, rows: int) -> bytes:
    """PNG scanlines: each of ``rows`` equal rows of ``raw`` after a "None" filter byte."""
    row = len(raw) // rows
    return b"".join(b"\x00" + raw[y * row:(y + 1) * row] for y in range(rows))


@dataclass
class EncodedRows:
    """Some rows of a canvas as PNG scanlines, deflated: a piece of the IDAT stream."""

    color_type: int  # 2 RGB (every pixel opaque), 6 RGBA
    body: bytes  # raw deflate, sync-flushed unless it holds the image's last rows
    adler: int  # Adler-32 of the scanlines
    length: int  # bytes of scanlines


def encode_rows(surface: Any, width: int, height: int, *, last: bool = True, rgba: bool = False,
                canvas_height: int | None = None) -> EncodedRows:
    """The ``height`` rows of a cairo ARGB32 ``surface``, as RGB when every pixel is opaque
    (unless ``rgba``), else as RGBA. ``canvas_height``: the whole image's, when these rows
    are a part of it (it sets the compression level)."""
    level = LEVEL if width * (canvas_height or height) <= FAST_ABOVE_PIXELS else FAST_LEVEL
    surface.flush()
    data = memoryview(surface.get_data()).cast("B")
    stride = surface.get_stride()
    # Transparent exports have transparent padding: the first row tells them apart at once.
    opaque = not rgba and not data[3:width * 4:4].tobytes().strip(b"\xff")
    try:
        body, adler, length = _encode_bands(data, width, height, stride, opaque, last, level)
    except _Transparent:
        opaque = False
        body, adler, length = _encode_bands(data, width, height, stride, False, last, level)
    return EncodedRows(2 if opaque else 6, body, adler, length)


class MixedColorTypes(ValueError):
    """Row pieces of different colour types (RGB and RGBA) were added to one PNG."""


class PngBuilder:
    """A PNG put together piece by piece: rows are appended as soon as they are encoded, to
    one IDAT chunk whose length, checksums and (in IHDR) colour type are filled in by
    :meth:`finish`. All pieces must be of one colour type. It is built in memory, or
    written straight to ``out`` (a seekable binary file), so that a big PNG is never held
    whole. ``header_chunks`` (whole chunks, e.g. pHYs) follow IHDR."""

    def __init__(self, width: int, height: int, out: BinaryIO | None = None, header_chunks: bytes = b"") -> None:
        self.width, self.height = width, height
        # A BytesIO, not a bytearray: its getvalue() hands over the buffer it grew instead of
        # copying it (a 50,000-element drawing's PNG is 50 MB).
        self._in_memory = out is None
        self._out: BinaryIO = io.BytesIO() if out is None else out
        self._start = self._out.tell()
        self._header_chunks = header_chunks
        self._begin()

    def _begin(self) -> None:
        out = self._out
        self.color_type: int | None = None
        self._adler = 1
        out.write(PNG_SIGNATURE)
        self._ihdr_at = out.tell()
        out.write(bytes(25))  # IHDR: length, type, 13 bytes of data, CRC
        out.write(self._header_chunks)
        self._idat_at = out.tell()
        start = b"IDAT\x78\x9c"  # type, zlib header: deflate, 32 KiB window
        out.write(b"\0\0\0\0" + start)  # the length is filled in by finish
        self._crc = zlib.crc32(start)

    def restart(self) -> None:
        """Drop what was added: the pieces will come again (in another colour type)."""
        self._out.seek(self._start)
        self._out.truncate()
        self._begin()

    def add(self, part: EncodedRows) -> None:
        if self.color_type is None:
            self.color_type = part.color_type
        elif part.color_type != self.color_type:
            raise MixedColorTypes("PNG row pieces of different colour types")
        self._out.write(part.body)
        self._crc = zlib.crc32(part.body, self._crc)
        self._adler = adler32_combine(self._adler, part.adler, part.length)

    def finish(self, trailer_chunks: bytes = b"") -> bytes | None:
        """The PNG's bytes, or None when it was written to ``out``. ``trailer_chunks`` (whole
        chunks, e.g. an embedded scene) go just before IEND."""
        out = self._out
        adler = struct.pack(">I", self._adler & 0xFFFFFFFF)
        out.write(adler)
        crc = zlib.crc32(adler, self._crc)
        end = out.tell()
        out.seek(self._idat_at)
        out.write(struct.pack(">I", end - self._idat_at - 8))
        out.seek(self._ihdr_at)
        out.write(_chunk(b"IHDR", struct.pack(">IIBBBBB", self.width, self.height, 8, self.color_type or 2, 0, 0, 0)))
        out.seek(end)
        out.write(struct.pack(">I", crc) + trailer_chunks + _chunk(b"IEND", b""))
        if not self._in_memory:
            return None
        self._out = io.BytesIO()
        return out.getvalue()  # type: ignore[attr-defined]


def with_trailer(png: bytes, chunks: bytes) -> bytes:
    """``png`` with whole ``chunks`` (an embedded scene) put just before IEND, its last 12 bytes."""
    return png[:-12] + chunks + png[-12:] if chunks else png


def png_from_rows(width: int, height: int, parts: list[EncodedRows]) -> bytes:
    """PNG bytes of an image whose rows are ``parts``, top to bottom, all of one colour type."""
    builder = PngBuilder(width, height)
    for part in parts:
        builder.add(part)
    png = builder.finish()
    assert png is not None  # built in memory
    return png


def encode_surface(surface: Any, width: int, height: int) -> bytes:
    """PNG bytes of a cairo ARGB32 ``surface`` of ``width`` x ``height`` pixels."""
    return png_from_rows(width, height, [encode_rows(surface, width, height)])
