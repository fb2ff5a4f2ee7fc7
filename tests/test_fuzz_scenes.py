"""Property tests: mutated and random scenes give a safe SVG or a clean ExporterError, nothing else.

Scenes start from the repository's test scenes and the corpus (when present)
and get fields replaced by wrong types, None, NaN, huge, negative, empty,
strings for numbers, markup and script URLs. Every result must parse as XML
and carry no script, event handler, ``javascript:`` or outside reference
(checked by :func:`test_hostile.assert_safe_svg`). Bounded: the whole file runs
in well under a minute on two cores. ``FUZZ_EXAMPLES=5000 FUZZ_RANDOM=1``
searches longer and with fresh random draws each run.
"""

from __future__ import annotations

import json
import math
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hostile import assert_safe_svg

from exporter.errors import ExporterError
from exporter.load import load_bytes
from exporter.render import RenderOptions, render_svg

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "json"
SCENE_DIRS = [Path(__file__).parent / "scenes", Path(__file__).parent / "scenes" / "partb",
              Path(__file__).parent / "fixtures" / "hostile"]
#: Elements kept from each base scene, so one example renders in milliseconds.
MAX_BASE_ELEMENTS = 40
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "200")), deadline=None,
                derandomize=os.environ.get("FUZZ_RANDOM") is None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])

FIELDS = [
    "x", "y", "width", "height", "angle", "strokeWidth", "roughness", "opacity", "seed", "fillStyle",
    "strokeStyle", "strokeColor", "backgroundColor", "roundness", "groupIds", "frameId", "boundElements",
    "link", "points", "pressures", "fontSize", "fontFamily", "text", "originalText", "lineHeight", "textAlign",
    "verticalAlign", "containerId", "fileId", "scale", "crop", "id", "type", "name", "customData",
    "startArrowhead", "endArrowhead", "startBinding", "endBinding", "elbowed", "fixedSegments", "isDeleted",
    "simulatePressure", "status", "index", "locked", "autoResize", "polygon", "version",
]

HOSTILE_STRINGS = [
    "", " ", "abc", "12", "1e300", "-0", "NaN", "javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,x",
    "vbscript:x", "file:///etc/passwd", 'x" onload="alert(1)', "</style><script>alert(1)</script>", "a)",
    "url(https://evil.example/x)", "\x00\x01\x1b", "\ud800", "\ufffe", "&amp;&#0;", "]]>", "<![CDATA[x]]>",
    "../../etc/passwd", "[[note]]", "https://example.org/ok", "#ff0000", "transparent", "rgb(1,2,3)", "日本語",
    "\u202e", "a" * 5000,
]

finite = st.floats(allow_nan=False, allow_infinity=False)
numbers = st.one_of(
    st.sampled_from([0, -0.0, 1, -1, 0.5, 1e-300, 1e300, -1e300, 1e7, 2 ** 53 + 1, 2 ** 70, -(2 ** 64),
                     math.nan, math.inf, -math.inf]),
    st.integers(min_value=-10 ** 6, max_value=10 ** 6),
    finite,
)
scalars = st.one_of(st.none(), st.booleans(), numbers, st.sampled_from(HOSTILE_STRINGS),
                    st.text(max_size=20))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.sampled_from(
                                                           ["type", "id", "value", "x", "y", "a"]), inner,
                                                           max_size=3)),
                      max_leaves=8)
points = st.lists(st.one_of(st.lists(numbers, min_size=0, max_size=3), values), max_size=12)


@lru_cache(maxsize=1)
def base_scenes() -> list[tuple[str, dict[str, Any]]]:
    """Small real scenes to mutate: the test scenes, then a few corpus drawings."""
    out: list[tuple[str, dict[str, Any]]] = []
    paths = sorted(p for d in SCENE_DIRS if d.is_dir() for p in d.glob("*.excalidraw"))
    if CORPUS.is_dir():
        paths += sorted(CORPUS.glob("*.excalidraw"))[:6]
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and isinstance(data.get("elements"), list) and data["elements"]:
            data["elements"] = data["elements"][:MAX_BASE_ELEMENTS]
            out.append((path.name, data))
    return out


def check(data: Any, options: RenderOptions) -> None:
    """The property: a safe SVG, or a clean ExporterError from loading or rendering."""
    text = json.dumps(data, allow_nan=True)
    try:
        scene = load_bytes(text.encode("utf-8", "surrogatepass"), "fuzz.excalidraw")
        svg = render_svg(scene, options)
    except ExporterError as exc:
        assert "\n" not in str(exc)
        return
    assert_safe_svg(svg)
    svg.encode("utf-8")  # writable as a file


render_options = st.builds(
    RenderOptions,
    padding=st.sampled_from([0.0, 10.0, 1e6]),
    scale=st.sampled_from([1.0, 0.01, 4.0]),
    background=st.booleans(),
    dark=st.sampled_from([None, True, False]),
    embed_scene=st.booleans(),
    embed_fonts=st.just(False),
)


def mutated_scene(data: st.DataObject) -> dict[str, Any]:
    """A small real scene with one to six hostile edits (skips the test when there is none)."""
    scenes = base_scenes()
    if not scenes:
        pytest.skip("no base scenes")
    name, original = data.draw(st.sampled_from(scenes), label="scene")
    scene = json.loads(json.dumps(original))
    elements = scene["elements"]
    for _ in range(data.draw(st.integers(1, 6), label="mutations")):
        action = data.draw(st.sampled_from(["set", "set", "set", "delete", "points", "replace", "duplicate"]))
        index = data.draw(st.integers(0, len(elements) - 1))
        el = elements[index]
        if not isinstance(el, dict):
            continue
        if action == "set":
            el[data.draw(st.sampled_from(FIELDS + sorted(el)))] = data.draw(values)
        elif action == "delete" and el:
            el.pop(data.draw(st.sampled_from(sorted(el))), None)
        elif action == "points":
            el["points"] = data.draw(points)
        elif action == "replace":
            elements[index] = data.draw(values)
        else:
            elements.append(json.loads(json.dumps(el)))
    return scene


@FUZZ
@given(data=st.data(), options=render_options)
def test_mutated_real_scenes_render_safely(data: st.DataObject, options: RenderOptions) -> None:
    check(mutated_scene(data), options)


element_types = st.sampled_from(["rectangle", "diamond", "ellipse", "line", "arrow", "freedraw", "text", "image",
                                 "frame", "magicframe", "embeddable", "iframe", "selection", "unknown-type"])


@st.composite
def random_elements(draw: st.DrawFn) -> dict[str, Any]:
    el: dict[str, Any] = {"type": draw(element_types), "id": draw(st.sampled_from(["a", "b", "c", 'x"y', "a)"]))}
    for field in draw(st.lists(st.sampled_from(FIELDS), max_size=12, unique=True)):
        if field in ("x", "y", "width", "height"):
            el[field] = draw(st.one_of(numbers, values))
        elif field == "points":
            el[field] = draw(points)
        else:
            el[field] = draw(values)
    return el


@FUZZ
@given(elements=st.lists(random_elements(), max_size=8), app_state=st.dictionaries(
    st.sampled_from(["viewBackgroundColor", "theme", "frameRendering", "frameColor", "exportBackground", "name"]),
    values, max_size=4), files=st.dictionaries(st.sampled_from(["a", "b", "c", 'x"y']), values, max_size=3),
    options=render_options)
def test_random_scenes_render_safely(elements: list[dict[str, Any]], app_state: dict[str, Any],
                                     files: dict[str, Any], options: RenderOptions) -> None:
    check({"type": "excalidraw", "version": 2, "elements": elements, "appState": app_state, "files": files},
          options)


@FUZZ
@given(raw=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda t: t.encode("utf-8", "replace"))))
def test_random_bytes_load_cleanly(raw: bytes) -> None:
    try:
        load_bytes(raw, "fuzz.bin")
    except ExporterError as exc:
        assert "\n" not in str(exc)


@FUZZ
@given(block=st.one_of(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=",
                               max_size=400),
                       st.text(max_size=200)),
       kind=st.sampled_from(["compressed-json", "json"]),
       front=st.sampled_from(["---\nexcalidraw-plugin: parsed\n---\n", "", "---\n---\n", "---\na: [\n"]),
       extra=st.sampled_from(["", "## Text Elements\nhi ^abcdefgh\n\n", "## Embedded Files\nx: [[a.png]]\n\n",
                              "## Element Links\nabcdefgh: javascript:alert(1)\n\n", "%%\n", "## Drawing\n"]))
def test_mutated_obsidian_notes_load_cleanly(block: str, kind: str, front: str, extra: str) -> None:
    note = f"{front}# Excalidraw Data\n{extra}## Drawing\n```{kind}\n{block}\n```\n%%\n"
    try:
        load_bytes(note.encode("utf-8", "surrogatepass"), "fuzz.excalidraw.md")
    except ExporterError as exc:
        assert "\n" not in str(exc)


@FUZZ
@given(data=st.data())
def test_lzstring_decoders_agree_or_fail_cleanly(data: st.DataObject) -> None:
    """Random and mutated LZ-String streams: both decoders give the same text or the same error class."""
    import lzstring as reference_package

    from exporter.errors import LimitError
    from exporter.load.lzstring import LZStringError, decompress_from_base64, decompress_from_base64_py

    source = data.draw(st.text(max_size=200))
    packed = reference_package.LZString().compressToBase64(source)
    if packed and data.draw(st.booleans()):
        pos = data.draw(st.integers(0, len(packed) - 1))
        packed = packed[:pos] + data.draw(st.sampled_from(list("A/+z9=") + ["", "!!"])) + packed[pos + 1:]
    results = []
    for decoder in (decompress_from_base64, decompress_from_base64_py):
        try:
            results.append(decoder(packed, 10_000))
        except (LZStringError, LimitError) as exc:
            results.append(type(exc))
    assert results[0] == results[1]


@settings(FUZZ, max_examples=max(10, FUZZ.max_examples // 5))
@given(data=st.data())
def test_mutated_real_scenes_export_documents(data: st.DataObject, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The document stage (sections, headings, reading order) reads the scene before any rendering."""
    from exporter.document import export_document
    from exporter.document.options import DocumentOptions

    scenes = base_scenes()
    if not scenes:
        pytest.skip("no base scenes")
    _, original = data.draw(st.sampled_from(scenes), label="scene")
    scene = json.loads(json.dumps(original))
    elements = scene["elements"]
    for _ in range(data.draw(st.integers(1, 5), label="mutations")):
        el = elements[data.draw(st.integers(0, len(elements) - 1))]
        if isinstance(el, dict):
            el[data.draw(st.sampled_from(FIELDS))] = data.draw(values)
    out = tmp_path_factory.mktemp("doc")
    try:
        loaded = load_bytes(json.dumps(scene).encode("utf-8", "surrogatepass"), "fuzz.excalidraw")
        written = export_document(loaded, out, "fuzz", DocumentOptions(images="svg"))
    except ExporterError as exc:
        assert "\n" not in str(exc)
        return
    assert all(out in Path(p).parents for p in written)
    for path in written:
        if str(path).endswith(".svg"):
            assert_safe_svg(Path(path).read_text(encoding="utf-8"))
