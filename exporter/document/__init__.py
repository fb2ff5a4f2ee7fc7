"""Drawing -> Markdown design document (readers -> one document model -> writers, like pandoc).

:func:`export_document` is the entry point of ``excalidraw-export doc``;
:func:`build_document` gives the section model alone. See templates/README.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from exporter.document.options import DocumentOptions

if TYPE_CHECKING:
    from pathlib import Path

    from exporter.document.model import Document
    from exporter.scene.model import Scene

__all__ = ["DocumentOptions", "build_document", "export_document"]


def export_document(scene: Scene, out_dir: Path, stem: str, options: DocumentOptions | None = None) -> list[Path]:
    from exporter.document.export import export_document as _export

    return _export(scene, out_dir, stem, options)


def build_document(scene: Scene, stem: str) -> Document:
    from exporter.document.export import build_document as _build

    return _build(scene, stem)


