"""Incremental exports: which outputs are up to date, recorded in ``.excalidraw-export.json``.

The manifest lives in the output folder. Each entry (keyed by the output's
relative stem) remembers the input's size and modification time, the options
fingerprint, the files written and the vault files the drawing embeds. An
entry is fresh when all of those still hold and every output is at least as new
as its input; then the export is skipped.
"""

from __future__ import annotations

import json
import os
from argparse import Namespace
from pathlib import Path
from typing import Any

MANIFEST_NAME = ".excalidraw-export.json"
_FORMAT = 1
# Arguments that do not change what is written.
_NOT_OPTIONS = frozenset({"inputs", "out", "quiet", "debug", "jobs", "force", "incremental", "watch",
                          "watch_timeout", "verb", "vault_root"})


def _exporter_version() -> str:
    try:
        from importlib.metadata import version

        return version("excalidraw-exporter")
    except Exception:  # not installed (running from a checkout)
        return "dev"


def _jsonable(value: Any) -> Any:
    if isinstance(value, Path):
        try:  # a template edited since the last run changes the fingerprint
            return [str(value), value.stat().st_mtime_ns] if value.is_file() else str(value)
        except OSError:
            return str(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)


def options_fingerprint(args: Namespace, **extra: Any) -> str:
    """A short hash of every option that shapes the outputs (plus the exporter version)."""
    options = {k: _jsonable(v) for k, v in sorted(vars(args).items()) if k not in _NOT_OPTIONS}
    options.update({k: _jsonable(v) for k, v in extra.items()})
    options["exporter"] = _exporter_version()
    text = json.dumps(options, sort_keys=True, default=str)
    import hashlib  # here: loading OpenSSL takes ~3 ms, and most batches keep no manifest

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _stat(path: str | Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def dependency_times(paths: list[str]) -> dict[str, int]:
    """Path -> mtime in ns of the files a drawing read besides itself (vault images, drawings)."""
    times: dict[str, int] = {}
    for path in paths:
        st = _stat(path)
        if st is not None:
            times[str(Path(path).absolute())] = st.st_mtime_ns
    return times


class Manifest:
    """The manifest of one output folder; see the module doc."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir)
        self.path = self.out_dir / MANIFEST_NAME
        self.entries: dict[str, dict[str, Any]] = {}
        # Every file a vault export wrote (relative to the output folder), to remove those it no longer writes.
        self.published: list[str] = []
        self.changed = False
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("format") == _FORMAT and isinstance(data.get("entries"), dict):
            self.entries = data["entries"]
            published = data.get("published")
            self.published = [p for p in published if isinstance(p, str)] if isinstance(published, list) else []

    def is_fresh(self, key: str, source: str, fingerprint: str) -> bool:
        entry = self.entries.get(key)
        if not isinstance(entry, dict) or entry.get("options") != fingerprint:
            return False
        st = _stat(source)
        if st is None or entry.get("source") != str(Path(source).absolute()):
            return False
        if entry.get("size") != st.st_size or entry.get("mtime_ns") != st.st_mtime_ns:
            return False
        outputs = entry.get("outputs")
        if not isinstance(outputs, list) or not outputs:
            return False
        for rel in outputs:
            out = _stat(self.out_dir / rel)
            if out is None or out.st_mtime_ns < st.st_mtime_ns:
                return False
        deps = entry.get("deps") or {}
        return all((dep := _stat(path)) is not None and dep.st_mtime_ns == mtime for path, mtime in deps.items())

    def record(self, key: str, source: str, fingerprint: str, outputs: list[Path],
               deps: dict[str, int] | None = None) -> None:
        st = _stat(source)
        if st is None:
            return
        rel = sorted({Path(os.path.relpath(p, self.out_dir)).as_posix() for p in outputs})
        self.entries[key] = {"source": str(Path(source).absolute()), "size": st.st_size,
                             "mtime_ns": st.st_mtime_ns, "options": fingerprint, "outputs": rel,
                             "deps": dict(sorted((deps or {}).items()))}
        self.changed = True

    def forget(self, key: str) -> None:
        if self.entries.pop(key, None) is not None:
            self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        from exporter.cli.output import write_atomic

        data: dict[str, Any] = {"format": _FORMAT, "entries": dict(sorted(self.entries.items()))}
        if self.published:
            data["published"] = sorted(self.published)
        write_atomic(self.path, json.dumps(data, indent=1, sort_keys=True) + "\n")
        self.changed = False
