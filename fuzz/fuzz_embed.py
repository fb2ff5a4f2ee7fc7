"""Scenes embedded in PNG and SVG files: payload decoders fail cleanly on anything."""

from __future__ import annotations

import atheris
from common import main

from exporter.errors import ExporterError
from exporter.load import load_bytes
from exporter.load.embed import PNG_SIGNATURE, decode_payload, decode_png_scene, decode_svg_scene


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    which = fdp.ConsumeIntInRange(0, 3)
    try:
        if which == 0:
            decode_png_scene(PNG_SIGNATURE + fdp.ConsumeBytes(fdp.remaining_bytes()))
        elif which == 1:
            text = fdp.ConsumeUnicode(fdp.remaining_bytes())
            decode_svg_scene(f"<svg><metadata><!-- payload-version:2 --><!-- payload-start -->{text}"
                             f"<!-- payload-end --></metadata></svg>")
        elif which == 2:
            decode_payload(fdp.ConsumeUnicode(fdp.remaining_bytes()))
        else:
            load_bytes(PNG_SIGNATURE + fdp.ConsumeBytes(fdp.remaining_bytes()), "fuzz.png")
    except ExporterError as exc:
        assert "\n" not in str(exc), repr(str(exc))


if __name__ == "__main__":
    main(test_one_input)
