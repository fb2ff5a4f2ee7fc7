"""LZ-String decoding: bit-exact with JavaScript lz-string 1.5.0."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lzstring import LZString

from exporter.errors import LimitError
from exporter.load import lzstring

VECTORS = Path(__file__).parent / "fixtures" / "lzstring" / "vectors.json"
CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
DECODERS = [lzstring.decompress_from_base64_py]
if lzstring._C is not None:
    DECODERS.append(lzstring.decompress_from_base64)


def js_units(text: str) -> str:
    """``text`` as JS sees it (one char per UTF-16 code unit), for the ``lzstring`` package."""
    data = text.encode("utf-16-le", "surrogatepass")
    return "".join(chr(int.from_bytes(data[i:i + 2], "little")) for i in range(0, len(data), 2))


@pytest.mark.parametrize("decode", DECODERS)
def test_vectors_from_js_lz_string(decode):
    vectors = json.loads(VECTORS.read_text(encoding="ascii"))
    assert len(vectors) > 50
    for vector in vectors:
        assert decode(vector["base64"]) == vector["text"]


@pytest.mark.parametrize("decode", DECODERS)
def test_emoji_pairs_merge_and_lone_surrogates_survive(decode):
    text = "a😀b\ud800c数据\udfff"
    assert decode(LZString().compressToBase64(js_units(text))) == text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=400))
def test_random_unicode_round_trip(text):
    """Random text incl. emoji, CJK and (lone) surrogates; adjacent surrogates pair up like in JS."""
    packed = LZString().compressToBase64(js_units(text))
    expected = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    assert lzstring.decompress_from_base64_py(packed) == expected
    assert lzstring.decompress_from_base64(packed) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=", min_size=1,
               max_size=200))
def test_garbage_input_never_crashes_and_both_decoders_agree(garbage):
    outcomes = []
    for decode in DECODERS:
        try:
            outcomes.append(("ok", decode(garbage)))
        except lzstring.LZStringTruncated:
            outcomes.append(("truncated", None))
        except lzstring.LZStringError:
            outcomes.append(("error", None))
    assert len(set(outcomes)) == 1


@pytest.mark.parametrize("decode", DECODERS)
def test_truncated_stream_is_reported(decode):
    packed = LZString().compressToBase64("hello world " * 50)
    with pytest.raises(lzstring.LZStringTruncated):
        decode(packed[: len(packed) // 2])


@pytest.mark.parametrize("decode", DECODERS)
def test_output_limit(decode):
    packed = LZString().compressToBase64("x" * 100_000)
    with pytest.raises(LimitError):
        decode(packed, max_output=10_000)


def _corpus_blocks():
    if not CORPUS.is_dir():
        return []
    out = []
    for path in sorted((CORPUS / "obsidian").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        blocks = re.findall(r"```compressed-json\n(.*?)```", text, re.S)
        if blocks:
            out.append(pytest.param(re.sub(r"\s+", "", blocks[-1]), id=path.name))
    return out


@pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not available")
@pytest.mark.parametrize("packed", _corpus_blocks())
def test_corpus_blocks_match_lzstring_package(packed):
    expected = LZString().decompressFromBase64(packed)
    for decode in DECODERS:
        # The package returns code points for BMP text; corpus scenes with emoji are
        # compared after merging its UTF-16 pairs the same way.
        assert decode(packed) == expected.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("Aaz09+/=-_ .\n\u00e9\u4e2d\U0001f600"), max_size=60))
def test_bit_buffer_maps_unknown_characters_to_a(text):
    """Every character outside the alphabet reads as "A" (6 zero bits), ASCII or not."""
    mapped = re.sub(r"[^A-Za-z0-9+/]", "A", text)
    mapped += "A" * (-len(mapped) % 4)
    expected = base64.b64decode(mapped).translate(lzstring._REVERSE_BITS) + bytes(8)
    assert lzstring._bit_buffer(text) == expected


@pytest.mark.skipif(lzstring._C is None or not hasattr(lzstring._C, "decode_text"), reason="C decoder not built")
@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.text(alphabet=st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ .\n\x00\x7f"),
            max_size=200),
    st.text(max_size=30),
    st.text(min_size=1, max_size=400).map(lambda t: LZString().compressToBase64(js_units(t)))))
def test_c_text_entry_builds_the_same_bit_buffer(text):
    """decode_text(s) is decode(_bit_buffer(s)) for ASCII inputs, None for others."""
    got = lzstring._C.decode_text(text, 10**6)
    if not text.isascii():
        assert got is None
        return
    assert got == lzstring._C.decode(lzstring._bit_buffer(text), 6 * len(text), 10**6)
