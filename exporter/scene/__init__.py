"""The scene model and the restore step that fills defaults and migrates old schemas."""

from exporter.scene.model import Element, EmbeddedFile, Scene

__all__ = ["Element", "EmbeddedFile", "Scene"]
