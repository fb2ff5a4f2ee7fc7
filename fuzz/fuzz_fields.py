"""Structured scene mutations: real test scenes with fields set to fuzzer-chosen values of any JSON type.

Byte-level mutation of JSON mostly breaks its syntax; this harness keeps the
scene valid JSON and spends the fuzzer's effort on field values, so it reaches
restore, the sanitising pass, rough.js, freehand, text and image rendering.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import atheris
from common import main, render_checked

from exporter.render import RenderOptions

_ROOT = Path(__file__).resolve().parents[1]
_SCENES = [json.loads(p.read_text(encoding="utf-8"))
           for d in ("tests/scenes", "tests/scenes/partb", "tests/fixtures/hostile")
           for p in sorted((_ROOT / d).glob("*.excalidraw"))]
_SCENES = [s for s in _SCENES if s.get("elements")]
_FIELDS = ["x", "y", "width", "height", "angle", "strokeWidth", "roughness", "opacity", "seed", "fillStyle",
           "strokeStyle", "strokeColor", "backgroundColor", "roundness", "groupIds", "frameId", "boundElements",
           "link", "points", "pressures", "fontSize", "fontFamily", "text", "originalText", "lineHeight",
           "textAlign", "verticalAlign", "containerId", "fileId", "scale", "crop", "id", "type", "name",
           "customData", "startArrowhead", "endArrowhead", "startBinding", "endBinding", "elbowed",
           "simulatePressure", "polygon", "autoResize"]
_SPECIAL = [None, True, False, 0, -1, 1e-300, 1e300, -1e300, math.nan, math.inf, 2 ** 70, "", "javascript:alert(1)",
            'x" onload="a', "</style><script>", "url(https://e.example/x)", [], {}, [[0, 0], [1e7, 1e7]]]
_OPTIONS = [RenderOptions(embed_fonts=False), RenderOptions(embed_fonts=False, dark=True, embed_scene=True)]


def _value(fdp: atheris.FuzzedDataProvider, depth: int = 0):
    kind = fdp.ConsumeIntInRange(0, 7 if depth < 2 else 4)
    if kind == 0:
        return _SPECIAL[fdp.ConsumeIntInRange(0, len(_SPECIAL) - 1)]
    if kind == 1:
        return fdp.ConsumeRegularFloat()
    if kind == 2:
        return fdp.ConsumeIntInRange(-10 ** 9, 10 ** 9)
    if kind == 3:
        return fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 40))
    if kind == 4:
        return fdp.ConsumeFloat()
    if kind == 5:
        return [_value(fdp, depth + 1) for _ in range(fdp.ConsumeIntInRange(0, 5))]
    if kind == 6:
        return [[fdp.ConsumeRegularFloat(), fdp.ConsumeRegularFloat()] for _ in range(fdp.ConsumeIntInRange(0, 20))]
    return {_FIELDS[fdp.ConsumeIntInRange(0, len(_FIELDS) - 1)]: _value(fdp, depth + 1)
            for _ in range(fdp.ConsumeIntInRange(0, 4))}


def mutated_scene(fdp: atheris.FuzzedDataProvider) -> dict:
    """A test scene with one to six element fields set to fuzzer-chosen values."""
    scene = json.loads(json.dumps(_SCENES[fdp.ConsumeIntInRange(0, len(_SCENES) - 1)]))
    elements = scene["elements"]
    for _ in range(fdp.ConsumeIntInRange(1, 6)):
        el = elements[fdp.ConsumeIntInRange(0, len(elements) - 1)]
        if isinstance(el, dict):
            el[_FIELDS[fdp.ConsumeIntInRange(0, len(_FIELDS) - 1)]] = _value(fdp)
    return scene


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    scene = mutated_scene(fdp)
    options = _OPTIONS[fdp.ConsumeIntInRange(0, 1)]
    raw = json.dumps(scene).encode("utf-8", "surrogatepass")
    render_checked(raw, options)


if __name__ == "__main__":
    main(test_one_input)
