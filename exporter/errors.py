"""One exception family for everything a user can get wrong.

The CLI catches :class:`ExporterError` and prints ``error: <file>: <problem>``
on one line; anything else is a bug in the exporter.
"""

from __future__ import annotations


class ExporterError(Exception):
    """A problem with an input or an option, reported to the user in one line."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class LoadError(ExporterError):
    """The input cannot be read as an Excalidraw drawing."""


class LimitError(ExporterError):
    """The input exceeds a safety limit (size, element count, nesting...)."""


class RenderError(ExporterError):
    """The drawing cannot be rendered with the given options (unknown frame, ...)."""


class OutputError(ExporterError):
    """An output file cannot be written."""
