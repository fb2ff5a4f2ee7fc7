"""The optional C accelerators (built by setup.py when a compiler is present).

Each has its Python code as the reference and the fallback: a module that is
not built, or ``EXCALIDRAW_EXPORTER_PURE`` set in the environment, means the
Python runs instead, with the same output.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

PURE_ENV = "EXCALIDRAW_EXPORTER_PURE"


def accelerator(module: str) -> ModuleType | None:  # pragma: no cover - depends on the build
    """The C module named ``module``, or None when it is not built or switched off."""
    if os.environ.get(PURE_ENV):
        return None
    try:
        return importlib.import_module(module)
    except ImportError:
        return None
