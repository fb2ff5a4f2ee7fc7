"""LZ-String decoders: the C loop and the pure-Python reference agree, or both fail cleanly."""

from __future__ import annotations

import atheris
from common import main

from exporter.errors import LimitError
from exporter.load.lzstring import LZStringError, decompress_from_base64, decompress_from_base64_py

MAX_OUTPUT = 1_000_000


def _decode(decoder, text: str):
    try:
        return decoder(text, MAX_OUTPUT)
    except (LZStringError, LimitError) as exc:
        return type(exc)


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    if fdp.ConsumeBool():
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        text = "".join(alphabet[b & 63] for b in fdp.ConsumeBytes(fdp.remaining_bytes()))
    else:
        text = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
    fast = _decode(decompress_from_base64, text)
    slow = _decode(decompress_from_base64_py, text)
    assert fast == slow, f"decoders disagree on {text[:80]!r}"


if __name__ == "__main__":
    main(test_one_input)
