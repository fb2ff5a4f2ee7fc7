"""``--watch``: after the first export, re-export each drawing when it changes (watchfiles, imported lazily)."""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from exporter.cli.batch import BatchResult, export_batch, export_job
from exporter.cli.discover import _GLOB_CHARS, Job, _glob_base, collect_jobs

#: Milliseconds of quiet before a burst of changes (an editor's save) is handled.
DEBOUNCE_MS = 300


def watch_roots(inputs: list[str]) -> list[Path]:
    """The folders to watch: each folder input, a file's folder, a glob's fixed part."""
    roots: list[Path] = []
    for name in inputs:
        path = Path(name)
        if name == "-":
            continue
        if path.is_dir():
            roots.append(path)
        elif not path.exists() and _GLOB_CHARS.search(name):
            roots.append(_glob_base(name))
        else:
            roots.append(path.parent if str(path.parent) else Path("."))
    unique: list[Path] = []
    for root in roots:
        if root.is_dir() and root.absolute() not in [u.absolute() for u in unique]:
            unique.append(root)
    return unique


def changed_jobs(changes: Iterable[tuple[object, str]], args: argparse.Namespace) -> list[Job]:
    """The jobs of the inputs whose files were added or modified in ``changes``."""
    import watchfiles

    touched = {os.path.abspath(path) for change, path in changes if change != watchfiles.Change.deleted}
    if not touched:
        return []
    jobs, _ = collect_jobs(args.inputs, Path(args.out))
    return [job for job in jobs if os.path.abspath(job.source) in touched]


def handle_changes(changes: Iterable[tuple[object, str]], args: argparse.Namespace, verb: str,
                   formats: list[str] | None) -> BatchResult | None:
    """Re-export the drawings among ``changes``; None when none of them is an input."""
    from exporter.cli.manifest import options_fingerprint

    jobs = changed_jobs(changes, args)
    if not jobs:
        return None
    fingerprint = options_fingerprint(args, formats=formats, verb=verb)
    work = partial(export_job, args=args, verb=verb, formats=formats)
    return export_batch(args, jobs, [], work, lambda job: fingerprint, force=True)


def watch_inputs(args: argparse.Namespace, verb: str, formats: list[str] | None,
                 timeout: float | None = None) -> None:
    """Watch the inputs until Ctrl+C (or ``timeout`` seconds, for tests)."""
    try:
        import watchfiles
    except ImportError:
        print("error: --watch needs the watchfiles package (pip install watchfiles)", file=sys.stderr)
        return
    roots = watch_roots(args.inputs)
    if not roots:
        print("error: --watch: nothing to watch", file=sys.stderr)
        return
    stop = threading.Event()
    timer = threading.Timer(timeout, stop.set) if timeout is not None else None
    if timer is not None:
        timer.daemon = True
        timer.start()
    if not args.quiet:
        print(f"watching {', '.join(map(str, roots))} (Ctrl+C to stop)", file=sys.stderr, flush=True)
    try:
        for changes in watchfiles.watch(*roots, stop_event=stop, debounce=DEBOUNCE_MS, rust_timeout=500,
                                        yield_on_timeout=False, raise_interrupt=True):
            handle_changes(changes, args, verb, formats)
    finally:
        if timer is not None:
            timer.cancel()
