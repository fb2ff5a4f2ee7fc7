"""rough.js fillers (``fillers/filler.js#getFiller``), one per ``fillStyle``."""

from __future__ import annotations

from ..options import Options
from .dashed import DashedFiller
from .dots import DotFiller
from .hachure import HachureFiller
from .hatch import HatchFiller
from .zigzag import ZigZagFiller
from .zigzag_line import ZigZagLineFiller

__all__ = ["get_filler", "FILLERS"]

FILLERS = {
    "hachure": HachureFiller(),
    "cross-hatch": HatchFiller(),
    "zigzag": ZigZagFiller(),
    "dots": DotFiller(),
    "dashed": DashedFiller(),
    "zigzag-line": ZigZagLineFiller(),
}


def get_filler(o: Options):
    """The filler for ``o.fillStyle``; unknown styles fall back to hachure, as in rough.js."""
    return FILLERS.get(o.fill_style or "hachure", FILLERS["hachure"])
