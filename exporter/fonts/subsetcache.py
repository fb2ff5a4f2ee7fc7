"""On-disk store of embedded font subsets, shared by every export and worker process.

One file per entry, ``<cache root>/subsets/<2 hex>/<62 hex>.b64``, named by a SHA-256 of
the caller's key. The file is ``<sha256 of payload>\\n<payload>``: a torn or edited entry
fails the check and reads as a miss (then gets rewritten). Writes go to a temporary file
renamed into place, so parallel writers of one key each leave a whole entry. The folder is
kept under :data:`MAX_BYTES` by dropping the least recently used entries (mtime, touched
on each hit).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

__all__ = ["MAX_BYTES", "SubsetCache", "read_sealed", "sealed", "unsealed"]

MAX_BYTES = 200 * 1024 * 1024
# Pruning leaves this fraction of MAX_BYTES, so it does not run again at the next write.
_PRUNE_TO = 0.8
_SUFFIX = ".b64"
# A prune scans every entry: do it on the first write of a process and then every this many.
PRUNE_EVERY = 32


def sealed(payload: bytes) -> bytes:
    """An entry's bytes: ``payload`` behind the hex SHA-256 of it and a newline."""
    return hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload


def unsealed(raw: bytes) -> bytes | None:
    """The payload of an entry's bytes; None when they do not match their check (torn, edited)."""
    check, sep, payload = raw.partition(b"\n")
    if not sep or hashlib.sha256(payload).hexdigest().encode("ascii") != check:
        return None
    return payload


def read_sealed(path: Path) -> bytes | None:
    """The payload of the entry at ``path``; None when it cannot be read or fails its check."""
    try:
        return unsealed(path.read_bytes())
    except OSError:
        return None


class SubsetCache:
    """A key -> ASCII string store in ``folder``; every failure is a miss, never an error."""

    def __init__(self, folder: Path, max_bytes: int = MAX_BYTES) -> None:
        self.folder = folder
        self.max_bytes = max_bytes
        self._writes = 0

    def path(self, key: str) -> Path:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return self.folder / digest[:2] / (digest[2:] + _SUFFIX)

    def get(self, key: str) -> str | None:
        path = self.path(key)
        payload = read_sealed(path)
        if payload is None:
            return None
        try:
            os.utime(path)  # least recently used goes first when pruning
        except OSError:
            pass
        return payload.decode("ascii")

    def put(self, key: str, value: str) -> None:
        payload = value.encode("ascii")
        path = self.path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(sealed(payload))
                os.replace(tmp, path)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError:
            return  # a read-only or full disk only costs speed
        if self._writes % PRUNE_EVERY == 0:
            self.prune()
        self._writes += 1

    def prune(self) -> None:
        """Drop the least recently used entries while the folder holds more than ``max_bytes``."""
        entries: list[tuple[float, int, str]] = []
        total = 0
        try:
            shards = list(os.scandir(self.folder))
        except OSError:
            return
        for shard in shards:
            if not shard.is_dir():
                continue
            try:
                files = list(os.scandir(shard.path))
            except OSError:
                continue
            for entry in files:
                try:
                    stat = entry.stat()
                except OSError:
                    continue
                total += stat.st_size
                entries.append((stat.st_mtime, stat.st_size, entry.path))
        if total <= self.max_bytes:
            return
        entries.sort()
        for _, size, path in entries:
            if total <= self.max_bytes * _PRUNE_TO:
                break
            try:
                os.unlink(path)
            except OSError:
                continue
            total -= size
