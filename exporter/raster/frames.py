"""One SVG per frame, in slide order, for --each-frame and PDF --pages frames."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import TYPE_CHECKING

from exporter.errors import RenderError

if TYPE_CHECKING:
    from exporter.render.options import RenderOptions
    from exporter.scene.model import Element, Scene

NUMBER = re.compile(r"\d+")
DEFAULT_FRAME_NAME = "Frame"  # what Excalidraw shows for a frame without a name
MAX_SLUG = 60


def frame_label(frame: Element) -> str:
    return (frame.get("name") or "").strip() or DEFAULT_FRAME_NAME


def ordered_frames(scene: Scene) -> list[Element]:
    """Frames in slide order.

    When every frame's name carries a number ("1", "Slide 2", "03 - Intro") the
    frames are sorted by the first number in the name, which is how people number
    slides; otherwise (or on ties) they keep z-order, the order they were drawn in.
    """
    frames = list(scene.frames)
    numbers = [NUMBER.search(frame_label(f)) for f in frames]
    if frames and all(numbers):
        keyed = sorted(range(len(frames)), key=lambda i: (int(numbers[i].group()), i))  # type: ignore[union-attr]
        return [frames[i] for i in keyed]
    return frames


def safe_name(name: str) -> str:
    """``name`` as a file-name part: letters/digits kept (any script), runs of anything else -> '-'."""
    text = unicodedata.normalize("NFC", name)
    slug = "".join(ch if ch.isalnum() else "-" for ch in text)
    slug = re.sub(r"-{2,}", "-", slug).strip("-")[:MAX_SLUG].strip("-")
    return slug or "frame"


def frame_slugs(frames: list[Element]) -> list[str]:
    """``NN-<safe name>`` per frame (NN from 01, wider when there are 100+ frames)."""
    width = max(2, len(str(len(frames))))
    return [f"{i:0{width}d}-{safe_name(frame_label(f))}" for i, f in enumerate(frames, 1)]


def frame_svgs(scene: Scene, options: RenderOptions) -> list[tuple[str, str]]:
    """``(slug, svg)`` for every frame of ``scene`` in slide order.

    The slug is ``NN-<safe frame name>``; a file is ``<stem>-<slug>.<ext>``.
    Raises RenderError when the drawing has no frames.
    """
    from exporter.render import render_svg  # type: ignore[attr-defined]

    frames = ordered_frames(scene)
    if not frames:
        raise RenderError("the drawing has no frames (--each-frame / --pages frames need frames)",
                          path=scene.source)
    return [(slug, render_svg(scene, replace(options, frame=frame["id"])))
            for slug, frame in zip(frame_slugs(frames), frames, strict=True)]
