"""rough.js fillers (``fillers/filler.js#getFiller``), one per ``fillStyle``."""

from __future__ import annotations

from typing import Protocol

from ..ops import OpSet
from ..options import Options
from .dashed import DashedFiller
from .dots import DotFiller
from .hachure import HachureFiller
from .hatch import HatchFiller
from .zigzag import ZigZagFiller
from .zigzag_line import ZigZagLineFiller

__all__ = ["Filler", "get_filler", "FILLERS"]


class Filler(Protocol):
    def fill_polygons(self, polygons: list[list[list[float]]], o: Options) -> OpSet:
        """A ``fillSketch`` op set covering the polygons (which it may rotate in place)."""
        ...


FILLERS: dict[str, Filler] = {
    "hachure": HachureFiller(),
    "cross-hatch": HatchFiller(),
    "zigzag": ZigZagFiller(),
    "dots": DotFiller(),
    "dashed": DashedFiller(),
    "zigzag-line": ZigZagLineFiller(),
}


def get_filler(o: Options) -> Filler:
    """The filler for ``o.fillStyle``; unknown styles fall back to hachure, as in rough.js."""
    return FILLERS.get(o.fill_style or "hachure", FILLERS["hachure"])
