"""Obsidian Markdown notes: any text loads into a scene or raises one clean ExporterError; scenes render safely."""

from __future__ import annotations

import atheris
from common import check_svg, main

from exporter.errors import ExporterError
from exporter.load import load_bytes
from exporter.render import RenderOptions, render_svg

_PREFIXES = ["", "---\nexcalidraw-plugin: parsed\n---\n", "---\nexcalidraw-plugin: parsed\n---\n# Excalidraw Data\n"
             "## Text Elements\n", "---\nexcalidraw-plugin: parsed\n---\n## Drawing\n```json\n",
             "---\nexcalidraw-plugin: parsed\n---\n## Drawing\n```compressed-json\n"]


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    prefix = _PREFIXES[fdp.ConsumeIntInRange(0, len(_PREFIXES) - 1)]
    body = fdp.ConsumeUnicode(fdp.remaining_bytes())
    raw = (prefix + body).encode("utf-8", "surrogatepass")
    try:
        scene = load_bytes(raw, "fuzz.excalidraw.md")
        svg = render_svg(scene, RenderOptions(embed_fonts=False))
    except ExporterError as exc:
        assert "\n" not in str(exc), repr(str(exc))
        return
    check_svg(svg)


if __name__ == "__main__":
    main(test_one_input)
