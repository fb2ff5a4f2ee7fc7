"""Atomic file writes: a temporary file in the target folder, then os.replace."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from exporter.errors import OutputError


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one."""
    write_stream_atomic(path, lambda out: out.write(data))


def write_stream_atomic(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write what ``write(file)`` writes to ``path`` so that readers see the old file or the
    whole new one; if ``write`` fails, nothing is left behind.

    Uses the CLI's helper (exporter.cli.output) when it exists, else its own.
    """
    try:
        from exporter.cli import output as cli_output
    except ImportError:
        cli_output = None
    helper = getattr(cli_output, "write_atomic_with", None)
    if helper is not None:
        helper(path, write)
        return
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                write(fh)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path=str(path)) from exc
