"""A helper process that draws PNG bands from SVG text, started by :func:`helper_command`.

:mod:`exporter.raster.banded` writes each band's SVG itself (that needs the scene) and
hands some of them to a helper, which only parses, draws and deflates them. The helper
is a fresh interpreter, not a fork: a forked copy shares the scene's pages only until
the parent touches them, and the parent touches every element while it writes the
bands, so each page would end up held twice. A fresh process also inherits no lock
another thread held, and works where there is no fork.

Jobs and replies are pickles on the helper's stdin and stdout, which are pipes private
to this parent and child.
"""

from __future__ import annotations

import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from exporter.raster.pngencode import EncodedRows

# How many bands a helper may hold (one being drawn, the rest waiting): enough that it
# never waits for this process to write the next band's SVG.
QUEUE_DEPTH = 2

#: A job: (band index, band SVG, rows (top, bottom), canvas (width, height), rgba, raster options).
Job = tuple[int, str, tuple[int, int], tuple[int, int], bool, dict[str, Any]]
#: A reply: (band index, its encoded rows or None, the error that stopped it or None).
Reply = tuple[int, EncodedRows | None, str | None]


def helper_command() -> list[str]:
    """The command that starts a helper (tests substitute their own); none when this
    program is not run by a Python interpreter it could start again (an application
    embedding Python), which then draws every band itself.

    Not ``python -m``: that puts the working folder first on ``sys.path``, so a folder
    holding its own ``exporter`` (or ``PIL.py``...) would be imported instead of ours.
    The helper drops that entry before importing anything, and finds this very package."""
    name = Path(sys.executable or "").name.lower()
    if "python" not in name and "pypy" not in name:
        return []
    package_root = str(Path(__file__).resolve().parents[2])
    code = ("import sys\n"
            "del sys.path[0]\n"
            f"if {package_root!r} not in sys.path:\n"
            f"    sys.path.insert(0, {package_root!r})\n"
            "import runpy\n"
            "runpy.run_module('exporter.raster.bandworker', run_name='__main__', alter_sys=True)\n")
    return [sys.executable, "-c", code]


class BandHelper:
    """One helper process, and the two threads that feed it jobs and collect its replies
    (a band's SVG is megabytes: writing it straight to the pipe would wait for the helper
    to finish the band it is drawing)."""

    def __init__(self, on_reply: Callable[[Reply], None]) -> None:
        command = helper_command()
        if not command:
            raise OSError("no Python interpreter to start a helper with")
        self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL)
        self._on_reply = on_reply
        self._jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self.outstanding: set[int] = set()  # bands sent and not answered
        self.alive = True
        self._threads = [threading.Thread(target=self._feed, daemon=True),
                         threading.Thread(target=self._collect, daemon=True)]
        for thread in self._threads:
            thread.start()

    @property
    def has_room(self) -> bool:
        with self._lock:
            return self.alive and len(self.outstanding) < QUEUE_DEPTH

    @property
    def idle(self) -> bool:
        with self._lock:
            return self.alive and not self.outstanding

    def send(self, job: Job) -> None:
        with self._lock:
            self.outstanding.add(job[0])
        self._jobs.put(job)

    def close(self) -> set[int]:
        """Wait for the helper to answer what it holds and exit; the bands it never
        answered (it died) are returned, for this process to draw."""
        self._jobs.put(None)
        for thread in self._threads:
            thread.join()
        self._process.wait()
        return set(self.outstanding)

    def kill(self) -> None:
        try:
            self._process.kill()
        except OSError:
            pass
        self.close()

    def _feed(self) -> None:
        pipe = self._process.stdin
        try:
            while (job := self._jobs.get()) is not None:
                pickle.dump(job, pipe, protocol=pickle.HIGHEST_PROTOCOL)
                pipe.flush()
        except (OSError, ValueError):  # the helper died; _collect sees it too
            pass
        finally:
            try:
                pipe.close()
            except OSError:
                pass

    def _collect(self) -> None:
        pipe = self._process.stdout
        try:
            while True:
                reply: Reply = pickle.load(pipe)
                with self._lock:
                    self.outstanding.discard(reply[0])
                self._on_reply(reply)
        except Exception:  # EOF: the helper is done, or died
            pass
        finally:
            with self._lock:
                self.alive = False
            pipe.close()


def serve(jobs: Any, replies: Any, draw: Callable[..., EncodedRows]) -> None:
    """Draw the jobs read from ``jobs`` until it ends, answering each on ``replies``. The
    first error is answered and ends the helper: the export fails with it."""
    while True:
        try:
            index, svg, band, canvas, rgba, raster_kw = pickle.load(jobs)
        except EOFError:
            return
        try:
            reply: Reply = (index, draw(svg, band, canvas, rgba, raster_kw), None)
        except Exception as exc:
            from exporter.errors import RenderError

            reply = (index, None, str(exc) if isinstance(exc, RenderError) else f"cannot draw part of the PNG: {exc}")
        pickle.dump(reply, replies, protocol=pickle.HIGHEST_PROTOCOL)
        replies.flush()
        if reply[2] is not None:
            return


def main() -> None:
    # Replies go on a private copy of stdout; fd 1 is pointed at stderr so that nothing a
    # library prints can get into them.
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    from exporter.raster.banded import draw_band_svg

    warm_up()
    with replies:
        serve(sys.stdin.buffer, replies, draw_band_svg)


# A speck of text: drawing it loads cairo and cairosvg, starts fontconfig and resolves the
# fallback faces every text run needs.
_WARM_UP_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">'
                '<text x="0" y="3" font-family="sans-serif" font-size="3">a</text></svg>')


def warm_up() -> None:
    """Do now what the first band would otherwise start with (0.2-0.3 s): the helper is
    started before the exporting process has written any band's SVG, so its first job
    is still on the way."""
    from exporter.raster.png import draw_svg

    try:
        draw_svg(_WARM_UP_SVG).surface.finish()
    except Exception:  # the first band will meet (and report) the same trouble
        pass


if __name__ == "__main__":
    main()
