"""Export options, named as Excalidraw's export dialog and API name them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RenderOptions:
    padding: float = 10.0
    scale: float = 1.0
    background: bool = True  # False = --transparent
    dark: bool | None = None  # None: follow the scene (appState.theme == "dark")
    frame: str | None = None  # export one frame, by name or id
    group: str | None = None  # export one group, by id
    element_ids: frozenset[str] | None = None  # export only these (document sections)
    embed_scene: bool = False
    embed_fonts: bool = True
