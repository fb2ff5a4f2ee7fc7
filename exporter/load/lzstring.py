"""LZ-String ``decompressFromBase64``, bit-exact with the JavaScript lz-string 1.5.0.

The Obsidian plugin stores scenes as ``LZString.compressToBase64(json)``. The JS
decoder reads each base64 character's 6 bits from the top bit down and assembles
codes least-significant bit first; that bit order is exactly "the bytes that
standard base64 decoding yields, read most-significant bit first". So the input
is turned into one byte buffer once (C-speed ``b64decode`` plus a bit-reversing
``translate``) and every code is then read with one ``int.from_bytes`` instead of
a loop per bit.

Output is a sequence of UTF-16 code units, like JavaScript strings; surrogate
pairs are merged into code points and lone surrogates are kept (Python strings
can hold them), so nothing here can fail on odd text.

A C version of the same loop (``exporter.load._lzdecode``) is used when it was
built; :func:`decompress_from_base64_py` is always available and is the
reference the tests compare it with.
"""

from __future__ import annotations

import base64
import re

from exporter.accel import accelerator
from exporter.errors import LimitError

__all__ = [
    "LZStringError",
    "LZStringTruncated",
    "decompress_from_base64",
    "decompress_from_base64_py",
]

#: Output longer than this (in UTF-16 code units) is refused.
DEFAULT_MAX_OUTPUT = 200 * 1024 * 1024

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
# lz-string maps "=" and unknown characters to a value with no bits in the low 6
# (or to undefined): 6 zero bits, the same as "A".
_NOT_ALPHABET = re.compile(r"[^A-Za-z0-9+/]")
_TO_ALPHABET = bytes(b if chr(b) in _ALPHABET else ord("A") for b in range(256))  # the same, byte by byte
_REVERSE_BITS = bytes(int(f"{b:08b}"[::-1], 2) for b in range(256))
_SURROGATE = re.compile("[\ud800-\udfff]")
# Bytes read at once by the pure-Python loop (several codes per int.from_bytes).
_BLOCK_BYTES = 64


class LZStringError(ValueError):
    """The input is not an LZ-String stream (JS ``decompress`` would return null)."""


class LZStringTruncated(LZStringError):
    """The stream ends before its end marker (JS ``decompress`` would return "")."""


def _bit_buffer(s: str) -> bytes:
    """The input's bit stream, least-significant bit first, plus zero padding.

    Past the end lz-string reads zero bits, hence the padding.
    """
    if s.isascii():  # a byte table is several times faster than re over megabytes of base64
        data = s.encode("ascii").translate(_TO_ALPHABET)
    else:
        data = _NOT_ALPHABET.sub("A", s).encode("ascii")
    data += b"A" * (-len(data) % 4)
    return base64.b64decode(data).translate(_REVERSE_BITS) + bytes(8)


def _merge_surrogates(units: str) -> str:
    """UTF-16 code units -> code points (pairs merged, lone surrogates kept)."""
    if _SURROGATE.search(units) is None:
        return units
    return units.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def decompress_from_base64_py(s: str, max_output: int = DEFAULT_MAX_OUTPUT) -> str:
    """Pure-Python ``LZString.decompressFromBase64`` (see module doc).

    Raises :class:`LZStringTruncated` where JS returns ``""`` for a non-empty
    input, :class:`LZStringError` where it returns ``null``, and
    :class:`~exporter.errors.LimitError` when the output would exceed
    ``max_output`` code units.
    """
    if not s:
        raise LZStringError("empty input")
    buf = _bit_buffer(s)
    total_bits = 6 * len(s)
    from_bytes = int.from_bytes

    def bits(pos: int, n: int) -> int:
        p = pos >> 3
        return (from_bytes(buf[p:p + 5], "little") >> (pos & 7)) & ((1 << n) - 1)

    first = bits(0, 2)
    if first == 2:
        return ""
    if first == 3:
        raise LZStringError("invalid first code")
    width = 8 if first == 0 else 16
    c = chr(bits(2, width))
    pos = 2 + width
    dictionary: list[str] = ["", "", "", c]
    size = 4  # len(dictionary), kept by hand: one call less per code
    add_entry = dictionary.append
    result = [c]
    emit = result.append
    out_len = 1
    w = c
    num_bits = 3
    mask = 7
    enlarge_in = 4
    while True:
        # Take the next _BLOCK_BYTES as one int and peel codes off it while the
        # code width stays the same; a literal or a width change refills.
        p = pos >> 3
        block = from_bytes(buf[p:p + _BLOCK_BYTES], "little") >> (pos & 7)
        left = (_BLOCK_BYTES * 8 - (pos & 7)) // num_bits
        while left:
            if pos >= total_bits:
                raise LZStringTruncated("stream ends before its end marker")
            code = block & mask
            block >>= num_bits
            pos += num_bits
            left -= 1
            if code < 3:
                if code == 2:
                    return _merge_surrogates("".join(result))
                width = 8 if code == 0 else 16
                add_entry(chr(bits(pos, width)))
                pos += width
                code = size
                size += 1
                enlarge_in -= 1
                if enlarge_in == 0:
                    enlarge_in = 1 << num_bits
                    num_bits += 1
                    mask = (1 << num_bits) - 1
                left = 0
            if code < size:
                entry = dictionary[code]
            elif code == size:
                entry = w + w[0]
            else:
                raise LZStringError("invalid dictionary code")
            emit(entry)
            out_len += len(entry)
            add_entry(w + entry[0])
            size += 1
            w = entry
            enlarge_in -= 1
            if enlarge_in == 0:
                enlarge_in = 1 << num_bits
                num_bits += 1
                mask = (1 << num_bits) - 1
                left = 0
        # Checked per block: an entry grows by at most one unit per code.
        if out_len > max_output:
            raise LimitError(f"compressed data expands past {max_output // (1024 * 1024)} MB")


def _c_decoder():  # pragma: no cover - depends on the build
    """The C decoder, or None when it is not built or EXCALIDRAW_EXPORTER_PURE is set."""
    return accelerator("exporter.load._lzdecode")


_C = _c_decoder()


def decompress_from_base64(s: str, max_output: int = DEFAULT_MAX_OUTPUT) -> str:
    """``LZString.decompressFromBase64(s)``; the C decoder when built, else Python.

    Same errors as :func:`decompress_from_base64_py`.
    """
    if _C is None:
        return decompress_from_base64_py(s, max_output)
    if not s:
        raise LZStringError("empty input")
    # decode_text builds the bit buffer of an ASCII input itself (None: not ASCII)
    got = _C.decode_text(s, max_output) if hasattr(_C, "decode_text") else None
    status, value = got if got is not None else _C.decode(_bit_buffer(s), 6 * len(s), max_output)
    if status == 0:
        return value
    if status == 1:
        raise LZStringTruncated("stream ends before its end marker")
    if status == 3:
        raise LimitError(f"compressed data expands past {max_output // (1024 * 1024)} MB")
    raise LZStringError(value)
