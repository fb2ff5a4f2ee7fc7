"""Obsidian's per-drawing export settings (front matter) that the command-line options leave open."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

#: Largest raster scale taken from a note (the plugin's own slider stops at 5).
MAX_NOTE_SCALE = 10.0


def front_number(front: dict[str, Any], key: str, low: float = 0.0, high: float = 1e6) -> float | None:
    """A number from the front matter, or None when absent or out of range."""
    value = front.get(key)
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def raster_options(options: Any, scene: Any, args: argparse.Namespace | None = None) -> Any:
    """``options`` for PNG/JPEG/WebP/PDF: ``excalidraw-export-pngscale`` applies when ``--scale`` was not given."""
    if args is not None and getattr(args, "scale", None) is not None:
        return options
    scale = front_number(getattr(scene, "front_matter", None) or {}, "excalidraw-export-pngscale", 0.01,
                         MAX_NOTE_SCALE)
    if scale is None or scale <= 0:
        return options
    return dataclasses.replace(options, scale=scale)
