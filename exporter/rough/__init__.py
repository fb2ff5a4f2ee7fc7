"""rough.js 4.6.4, as Excalidraw uses it, in Python: same seeds, same strokes.

``RoughGenerator`` mirrors rough.js's generator (``line``, ``rectangle``,
``ellipse``, ``circle``, ``linear_path``, ``polygon``, ``curve``, ``path``), each
returning a :class:`Drawable`; :func:`to_paths` turns one into SVG path data
exactly as rough.js prints it (``precision=2`` for Excalidraw's SVG export).
"""

from .generator import RoughGenerator
from .ops import Drawable, Op, OpSet
from .options import DEFAULTS, Options
from .svgpath import PathInfo, format_number, ops_to_path, to_paths

__all__ = [
    "RoughGenerator",
    "Drawable",
    "Op",
    "OpSet",
    "Options",
    "DEFAULTS",
    "PathInfo",
    "ops_to_path",
    "to_paths",
    "format_number",
]
