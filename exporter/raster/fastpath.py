"""cairosvg's ``<path>`` handler with the path data read in C (exporter/raster/_cairopath.c).

Installed into ``cairosvg.surface.TAGS`` once per process by
:func:`exporter.raster.engine.cairosvg_module`. A path with markers, or path
data the C reader leaves alone (relative commands, arcs, ...), goes to
cairosvg's own handler; so does everything when the accelerator is not built
or ``EXCALIDRAW_EXPORTER_PURE`` is set. The cairo calls are the same, so the
pixels are too (tests/test_raster_fastpath.py). The same C module paints whole
path nodes and starts groups for exporter/raster/leandraw.py
(:func:`path_painter`, :func:`group_opener`).
"""

from __future__ import annotations

import copy
from collections import deque
from types import SimpleNamespace
from typing import Any

from exporter.accel import accelerator

__all__ = ["active", "group_opener", "install", "path_painter", "subpath_stroker"]

_MARKER_ATTRIBUTES = ("marker", "marker-start", "marker-mid", "marker-end")


def _accelerator() -> Any:
    return accelerator("exporter.raster._cairopath")


def install(cairosvg: Any) -> bool:
    """Put the fast handler in place of cairosvg's ``path``; False when it cannot be used."""
    global _matrix_bound
    from cairosvg import surface as surface_module

    tags = surface_module.TAGS
    if getattr(tags.get("path"), "_excalidraw_fast", False):
        return True
    accel = _accelerator()
    if accel is None or not hasattr(accel, "bind"):  # not built, or built before bind() existed
        return False
    accel.bind(_addresses(*CAIRO_FUNCTIONS))
    try:  # (a build from before open_group has no bind_matrix: groups are then opened in Python)
        accel.bind_matrix(_addresses(*MATRIX_FUNCTIONS))
        _matrix_bound = True
    except (AttributeError, TypeError, ValueError):
        pass
    stock = tags["path"]
    parse, draw = accel.parse, accel.draw

    def path(surface: Any, node: Any) -> None:
        ops = None if any(name in node for name in _MARKER_ATTRIBUTES) else parse(node.get("d", ""))
        if ops is None:
            stock(surface, node)
            return
        node.vertices = deque()  # what draw_markers looks at: no markers
        context = surface.context
        if context.has_current_point():
            x, y = context.get_current_point()
        else:
            context.move_to(0, 0)
            x, y = 0.0, 0.0
        # Only stroked: straighten the cubics Chromium's stroker draws as lines (flatcurves.py).
        straighten = node.get("fill") == "none" and node.get("stroke") not in (None, "none")
        draw(ops, _address(context), x, y, straighten)

    path._excalidraw_fast = True  # type: ignore[attr-defined]
    tags["path"] = path
    if getattr(surface_module, "copy", None) is copy:  # cairosvg 2.x: one deepcopy per node
        surface_module.copy = SimpleNamespace(deepcopy=_cursor_copy)
    return True


_SCALARS = (int, float)


def _cursor_copy(value: Any, memo: Any = None) -> Any:
    """``copy.deepcopy`` of what cairosvg saves before every node (its text cursor: a tuple
    of two [x, y] lists and a number), done directly; anything else goes to deepcopy."""
    if type(value) is tuple and all(
            type(v) in _SCALARS or (type(v) in (list, tuple) and all(type(x) in _SCALARS for x in v))
            for v in value):
        return tuple(list(v) if type(v) is list else v for v in value)
    return copy.deepcopy(value, memo)


def active() -> bool:
    """True once the C handler draws paths (it then also straightens flat stroked cubics)."""
    from exporter.raster.engine import _state

    return bool(_state.get("fast_path"))


def subpath_stroker() -> Any:
    """``stroke(context)``: the context's path stroked one subpath at a time, in C;
    None when the accelerator is not in use (surfaces.py then does it in Python)."""
    accel = _accelerator()
    if not active() or accel is None:
        return None
    stroke_subpaths = accel.stroke_subpaths

    def stroke(context: Any) -> None:
        stroke_subpaths(_address(context))

    return stroke


# cairo's functions the C code calls, in the order _cairopath.bind() expects (bound by install()).
CAIRO_FUNCTIONS = (
    "move_to", "line_to", "curve_to", "close_path", "save", "restore", "fill_preserve", "stroke", "new_path",
    "set_fill_rule", "set_line_cap", "set_line_join", "set_line_width", "set_miter_limit", "set_source_rgba",
    "has_current_point", "get_current_point", "user_to_device_distance", "copy_path", "path_destroy",
    "append_path", "set_dash",
)


# True once install() has given the C module cairo's matrix functions.
_matrix_bound = False
# cairo's matrix functions, in the order _cairopath.bind_matrix() expects (bound by install()).
MATRIX_FUNCTIONS = (
    "matrix_init_identity", "matrix_init", "matrix_translate", "matrix_rotate", "matrix_scale", "matrix_multiply",
    "matrix_invert", "transform",
)


def group_opener() -> Any:
    """``open(context, transforms, line_cap, line_join, miter, dashes, dash_offset) -> bool``: a plain
    group node's save, transform and stroke settings in one C call (see leandraw.py); None
    when the accelerator is not in use or predates it."""
    accel = _accelerator()
    if not active() or accel is None or not _matrix_bound:
        return None
    open_group = accel.open_group

    def opener(context: Any, *args: Any) -> bool:
        return open_group(_address(context), *args)

    return opener


def path_painter() -> Any:
    """``paint(context, ops, straighten, fill_rgba, evenodd, width, stroke_rgba, cap, join, miter,
    hairlines[, dashes, dash_offset])``: one plain path node drawn, filled and stroked by a single C call (see
    leandraw.py); None when the accelerator is not in use."""
    accel = _accelerator()
    if not active() or accel is None:
        return None
    paint_path = accel.paint_path

    def paint(context: Any, *args: Any) -> None:
        paint_path(_address(context), *args)

    return paint


def _addresses(*names: str) -> tuple[int, ...]:
    """Addresses of cairo's ``cairo_<name>`` functions, for the C code to call."""
    import cairocffi

    return tuple(int(cairocffi.ffi.cast("uintptr_t", getattr(cairocffi.cairo, f"cairo_{name}"))) for name in names)


def _address(context: Any) -> int:
    """The ``cairo_t *`` behind a cairocffi context."""
    import cairocffi

    return int(cairocffi.ffi.cast("uintptr_t", context._pointer))
