"""How the tests read Excalidraw's reference SVGs where we differ from them on purpose."""

from __future__ import annotations

import re

# The Obsidian build writes the frame fill colour into the outline's stroke-width
# (browsers then draw 1 px, cairo nothing); we write 2, as Excalidraw's editor and
# PNG export draw it (exporter/render/elements/frame.py).
_FRAME_WIDTH_BUG = re.compile(r'(rx="8" ry="8" fill="none" stroke="[^"]*") stroke-width="[^"0-9.][^"]*"')


def as_we_write_it(ref: str) -> str:
    """A reference SVG with our deliberate differences applied."""
    return _FRAME_WIDTH_BUG.sub(r'\1 stroke-width="2"', ref)
