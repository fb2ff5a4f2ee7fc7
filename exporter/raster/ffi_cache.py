"""cairocffi's C declarations, parsed once per machine instead of once per process.

Importing cairocffi parses its ~1,000 lines of C declarations with pycparser (cffi's
in-line ABI mode): 0.14-0.2 s in every process that draws a PNG or PDF, each band
helper included. cffi can write the result of that parse out as the arguments of its
out-of-line ``FFI`` constructor. They are kept in the cache folder, keyed by the cffi
version and the bytes of cairocffi's declaration modules; a process that finds them
builds the same two ``FFI`` objects from them (~5 ms) and hands them to cairocffi as
its ``cairocffi.ffi`` module, which it then imports instead of parsing anything.

The entry holds data only (marshal of bytes, numbers and tuples; nothing is executed)
sealed like a font subset (:mod:`exporter.fonts.subsetcache`): a torn or edited entry
is a miss. Anything unexpected (another cairocffi layout, xcffib
installed, an unwritable cache) leaves cairocffi to import itself as usual.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import marshal
import sys
import tempfile
import types
from pathlib import Path
from typing import Any

__all__ = ["prepare", "remember"]

MODULE = "cairocffi.ffi"
_FORMAT = b"excalidraw-exporter ffi cache 1"
_state: dict[str, Any] = {}


def prepare() -> bool:
    """Before cairocffi is first imported: put the cached declarations in place of its
    ``ffi`` module. True when they were; False leaves the usual import (and, when the
    entry is missing, :func:`remember` writes it after that import)."""
    if "cairocffi" in sys.modules or "done" in _state:
        return bool(_state.get("used"))
    _state["done"] = True
    entry = _entry_path()
    _state["entry"] = entry
    if entry is None:
        return False
    from exporter.fonts.subsetcache import read_sealed

    payload = read_sealed(entry)
    if payload is None:
        return False
    try:
        import _cffi_backend

        arguments = marshal.loads(payload)
        ffi = _cffi_backend.FFI(MODULE, **arguments["ffi"])
        pixbuf = _cffi_backend.FFI(MODULE + "_pixbuf", _includes=(ffi,), **arguments["ffi_pixbuf"])
    except Exception:  # an entry from another cffi: the usual import
        return False
    module = types.ModuleType(MODULE, "cairocffi's declarations, from exporter.raster.ffi_cache")
    module.ffi, module.ffi_pixbuf = ffi, pixbuf  # type: ignore[attr-defined]
    sys.modules[MODULE] = module
    _state["used"] = True
    return True


def remember() -> None:
    """After cairocffi was imported the usual way because the entry was missing: write it,
    for the processes that come after this one (once per machine and cairocffi version)."""
    entry = _state.pop("entry", None)
    if entry is None or _state.get("used"):  # (a torn entry is written again)
        return
    try:
        payload = marshal.dumps(_constructor_arguments())
    except Exception:  # cairocffi declares its bindings some other way: never cached
        return
    from exporter.errors import OutputError
    from exporter.fonts.subsetcache import sealed
    from exporter.raster.atomic import write_bytes_atomic

    try:
        write_bytes_atomic(entry, sealed(payload))
    except (OSError, OutputError):
        return  # a read-only or full disk only costs speed


def _entry_path() -> Path | None:
    """The cache entry for the installed cffi and cairocffi; None when they cannot be cached."""
    try:
        if importlib.util.find_spec("xcffib") is not None:  # cairocffi then declares XCB too
            return None
        import _cffi_backend

        spec = importlib.util.find_spec("cairocffi")
        if spec is None or not spec.submodule_search_locations:
            return None
        package = Path(list(spec.submodule_search_locations)[0])
        digest = hashlib.sha256(_FORMAT)
        digest.update(f"{sys.version_info[:2]} {_cffi_backend.__version__}".encode())
        for name in ("__init__.py", "ffi.py", "constants.py"):
            digest.update((package / name).read_bytes())
        from exporter.fonts.paths import cache_root

        return cache_root() / "cffi" / f"cairocffi-{digest.hexdigest()[:32]}.marshal"
    except Exception:  # not installed, unreadable, no home folder...
        return None


def _constructor_arguments() -> dict[str, dict[str, Any]]:
    """For ``ffi`` and ``ffi_pixbuf`` of cairocffi's ffi module, the keyword arguments cffi's
    out-of-line module would pass to ``FFI`` (the pixbuf one's include left out:
    :func:`prepare` passes the main object), from one fresh run of that module's code."""
    from cffi.recompiler import make_py_source

    spec = importlib.util.find_spec(MODULE)
    if spec is None or spec.loader is None:
        raise ValueError("cairocffi.ffi not found")
    namespace: dict[str, Any] = {"__name__": MODULE + "_rebuild", "__package__": "cairocffi"}
    exec(spec.loader.get_code(MODULE), namespace)  # type: ignore[attr-defined]
    main, pixbuf = namespace["ffi"], namespace["ffi_pixbuf"]
    extra = set(namespace) - {"__name__", "__package__", "__builtins__", "__doc__", "FFI", "constants", "ffi",
                              "ffi_pixbuf"}
    if extra:
        raise ValueError(f"cairocffi.ffi also defines {sorted(extra)}")
    if main._included_ffis or list(pixbuf._included_ffis) != [main]:
        raise ValueError("not the includes this cache knows: ffi alone, ffi_pixbuf including it")
    main.set_source(MODULE, None)  # the name an including module's source imports it by
    arguments = {}
    with tempfile.TemporaryDirectory() as folder:
        for key, ffi, module_name in (("ffi", main, MODULE), ("ffi_pixbuf", pixbuf, MODULE + "_pixbuf")):
            path = Path(folder) / f"{key}.py"
            make_py_source(ffi, module_name, str(path))  # (emit_python_code would print to stdout)
            arguments[key] = _ffi_call_arguments(ast.parse(path.read_text(encoding="utf-8")))
    return arguments


def _ffi_call_arguments(tree: ast.Module) -> dict[str, Any]:
    """The literal keyword arguments of the ``ffi = _cffi_backend.FFI(...)`` in cffi's output."""
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and \
                [getattr(t, "id", None) for t in node.targets] == ["ffi"]:
            return {kw.arg: ast.literal_eval(kw.value) for kw in node.value.keywords
                    if kw.arg is not None and kw.arg != "_includes"}
    raise ValueError("no FFI call in cffi's output")
