"""Finding drawings: input arguments (files, folders, globs) -> the files to export and where their outputs go.

In a folder (searched recursively, dot folders skipped) a drawing is a file
named ``*.excalidraw``, ``*.excalidraw.json``, ``*.excalidraw.md``,
``*.excalidraw.svg`` or ``*.excalidraw.png``, or a ``.md`` note whose front
matter has ``excalidraw-plugin:``. An ``x.excalidraw.svg``/``.png`` next to a
drawing ``x`` is that drawing's Obsidian auto-export and is left out. Files
found in folders keep their folder structure under the output folder; files
named on the command line go straight into it.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DRAWING_SUFFIXES = (".excalidraw", ".excalidraw.json", ".excalidraw.md")
EXPORT_SUFFIXES = (".excalidraw.svg", ".excalidraw.png")
_GLOB_CHARS = re.compile(r"[*?\[]")
#: Bytes read from a ``.md`` file to look for ``excalidraw-plugin:`` front matter.
_FRONT_MATTER_PEEK = 64 * 1024
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)^---[ \t]*$", re.S | re.M)
_PLUGIN_KEY = re.compile(r"^excalidraw-plugin[ \t]*:", re.M)


@dataclass(frozen=True)
class Job:
    """One drawing to export: ``source`` as given or found, outputs in ``out/rel_dir/<stem>.*``."""

    source: str
    rel_dir: str = ""  # POSIX, "" for the output folder itself
    stem: str = ""
    found: bool = False  # found in a folder or by a glob (not named on the command line)

    @property
    def key(self) -> str:
        return f"{self.rel_dir}/{self.stem}" if self.rel_dir else self.stem


def is_drawing_note(path: Path) -> bool:
    """A ``.md`` file whose front matter has ``excalidraw-plugin:``."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(_FRONT_MATTER_PEEK).decode("utf-8", "replace")
    except OSError:
        return False
    match = _FRONT_MATTER.match(head)
    return bool(match and _PLUGIN_KEY.search(match.group(1)))


def drawing_suffix(name: str) -> str | None:
    """The drawing suffix of a file name (``.excalidraw.md``, ``.excalidraw.svg``...), or None."""
    lowered = name.lower()
    for suffix in (*EXPORT_SUFFIXES, *DRAWING_SUFFIXES):
        if lowered.endswith(suffix) and len(name) > len(suffix):
            return suffix
    return None


def is_drawing(path: Path) -> bool:
    if drawing_suffix(path.name) is not None:
        return True
    return path.name.lower().endswith(".md") and is_drawing_note(path)


def _drop_auto_exports(files: list[Path]) -> list[Path]:
    """Leave out ``x.excalidraw.svg``/``.png`` when the drawing ``x`` is in the same folder."""
    from exporter.cli.main import output_stem

    sources = {(p.parent, output_stem(p.name).lower()) for p in files
               if drawing_suffix(p.name) not in EXPORT_SUFFIXES}
    return [p for p in files if drawing_suffix(p.name) not in EXPORT_SUFFIXES
            or (p.parent, output_stem(p.name).lower()) not in sources]


def walk_files(folder: Path, skip: Path | None = None) -> Iterator[Path]:
    """Every file under ``folder`` in sorted order; dot files, dot folders and ``skip`` left out."""
    skip_abs = os.path.abspath(skip) if skip is not None else None
    for parent, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and os.path.abspath(os.path.join(parent, d)) != skip_abs)
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(parent) / name


def walk_drawings(folder: Path, skip: Path | None = None) -> list[Path]:
    """The drawings under ``folder``, sorted, dot folders and ``skip`` (the output folder) left out."""
    return _drop_auto_exports([path for path in walk_files(folder, skip) if is_drawing(path)])


def _rel_dir(path: Path, base: Path) -> str:
    rel = os.path.relpath(path.parent, base)
    return "" if rel == "." else Path(rel).as_posix()


def _glob_base(pattern: str) -> Path:
    """The folder part of a glob before its first wildcard."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts:
        if _GLOB_CHARS.search(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def collect_jobs(inputs: list[str], out_dir: Path | None = None) -> tuple[list[Job], list[tuple[str, str]]]:
    """The jobs for the command-line inputs, and (input, problem) for inputs that give none."""
    from exporter.cli.main import output_stem

    jobs: list[Job] = []
    problems: list[tuple[str, str]] = []

    def add_found(files: list[Path], base: Path) -> None:
        for path in files:
            jobs.append(Job(str(path), _rel_dir(path, base), output_stem(path.name), found=True))

    for name in inputs:
        path = Path(name)
        if name != "-" and path.is_dir():
            files = walk_drawings(path, out_dir)
            if not files:
                problems.append((name, "directory has no drawings"))
            add_found(files, path)
        elif name != "-" and not path.exists() and _GLOB_CHARS.search(name):
            base = _glob_base(name)
            files = []
            for match in sorted(glob.glob(name, recursive=True)):
                match_path = Path(match)
                if match_path.is_dir():
                    files += walk_drawings(match_path, out_dir)
                elif is_drawing(match_path):
                    files.append(match_path)
            files = _drop_auto_exports(list(dict.fromkeys(files)))
            if not files:
                problems.append((name, "no drawings match this pattern"))
            add_found(files, base)
        else:
            jobs.append(Job(name, "", output_stem(name)))
    return jobs, problems
