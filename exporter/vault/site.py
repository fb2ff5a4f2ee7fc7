"""``excalidraw-export vault VAULT -o SITE``: a publishable copy of an Obsidian vault.

1. The vault is scanned (dot folders such as ``.obsidian`` left out): drawings,
   Markdown notes, other files.
2. Every ``[[link]]`` and ``![[embed]]`` in the notes (and in the drawings' own
   notes) is resolved as Obsidian does (:class:`exporter.load.vault.Vault`):
   each embedded drawing part (whole, ``#^frame=``, ``#^group=``, ``#^area=``)
   becomes an image to export; referenced attachments are copied.
3. Drawings are exported as a batch (``-j``, incremental: see
   :mod:`exporter.cli.batch`) to ``SITE/<folder>/<name>[.<part>].svg`` (``.png``).
4. Notes are written with each drawing embed replaced by a standard Markdown
   image (``<img ... width=N>`` for ``|N``) whose path is relative to the note;
   a drawing's ``.excalidraw.md`` note becomes a page showing the image and its notes.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import sys
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import unquote

from exporter.cli.batch import FAILED, Job, Outcome, run_guarded, scene_dependencies
from exporter.cli.discover import EXPORT_SUFFIXES, drawing_suffix, is_drawing, walk_files
from exporter.vault.links import (
    WikiLink,
    heading_anchor,
    markdown_targets,
    relative_url,
    rewrite_wikilinks,
    wikilinks,
)
from exporter.vault.parts import WHOLE, Part, parse_part, part_options

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^---[ \t]*$\n?", re.S | re.M)
_TOP_KEY = re.compile(r"^([^\s:#-][^:]*):")
#: Render options of the vault verb (the rest of its options do not change the images).
RENDER_KEYS = ("padding", "scale", "transparent", "dark", "embed_scene", "image_format")


@dataclass(frozen=True)
class DrawingJob(Job):
    """A drawing and the parts of it that notes embed (the whole drawing always)."""

    parts: tuple[Part, ...] = (WHOLE,)


def image_path(drawing_rel: str, part: Part, fmt: str) -> str:
    """Vault-relative path of a drawing part's image: ``a/x.excalidraw.md`` -> ``a/x.excalidraw.frame-F.svg``."""
    base = drawing_rel[:-3] if drawing_rel.lower().endswith(".md") else drawing_rel
    return f"{base}{part.suffix}.{fmt}"


def drawing_notes(text: str) -> str:
    """The Markdown the user wrote in a drawing's note, without the drawing data (as the loader cuts it)."""
    from exporter.load.obsidian import _DRAWING_HEADING, _notes, _sections, parse_front_matter

    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    _, body_start = parse_front_matter(text)
    headings = list(_DRAWING_HEADING.finditer(text))
    drawing_at = headings[-1].start() if headings else len(text)
    _, data_start = _sections(text[:drawing_at])
    return _notes(text, body_start, data_start if data_start is not None else drawing_at)


def page_front_matter(text: str, title: str) -> str:
    """The note's front matter without the ``excalidraw-*`` keys, with a title when it had none."""
    match = _FRONT_MATTER.match(text.lstrip("\ufeff").replace("\r\n", "\n"))
    kept: list[str] = []
    dropping = False
    for line in (match.group(1).split("\n") if match else []):
        key = _TOP_KEY.match(line)
        if key:
            dropping = key.group(1).strip().lower().startswith("excalidraw")
        if not dropping and line.strip():
            kept.append(line)
    if not any((k := _TOP_KEY.match(line)) and k.group(1).strip() == "title" for line in kept):
        kept.append(f"title: {_yaml_quote(title)}")
    return "---\n" + "\n".join(kept) + "\n---\n"


def _yaml_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass
class VaultScan:
    root: Path
    drawings: dict[str, Path] = field(default_factory=dict)  # vault-relative POSIX path -> file
    notes: dict[str, Path] = field(default_factory=dict)
    others: dict[str, Path] = field(default_factory=dict)


def scan_vault(root: Path, skip: Path | None = None) -> VaultScan:
    """Every file of the vault, sorted into drawings, notes and other files (dot folders left out)."""
    scan = VaultScan(root)
    for path in walk_files(root, skip):
        name = path.name
        rel = Path(os.path.relpath(path, root)).as_posix()
        if drawing_suffix(name) not in EXPORT_SUFFIXES and is_drawing(path):
            scan.drawings[rel] = path
        elif name.lower().endswith(".md"):
            scan.notes[rel] = path
        else:
            scan.others[rel] = path
    return scan


def _strip_md(name: str) -> str:
    return name[:-3] if name.lower().endswith(".md") else name


def _display_name(path: str) -> str:
    from exporter.cli.main import output_stem

    return output_stem(path.rsplit("/", 1)[-1])


class Publisher:
    """Resolves the links of every page and rewrites them; see the module doc."""

    def __init__(self, scan: VaultScan, site: Path, args: argparse.Namespace) -> None:
        self.scan = scan
        self.site = site
        self.fmt = args.image_format
        self.wikilinks = args.wikilinks
        self.width_style = args.image_width
        self.parts: dict[str, set[Part]] = {rel: {WHOLE} for rel in scan.drawings}
        self.attachments: set[str] = set()
        self.warnings: list[tuple[str, str]] = []
        self._resolved: dict[tuple[str, str], str | None] = {}

    # -- resolution -------------------------------------------------------------------------

    def resolve(self, page_rel: str, target: str) -> str | None:
        """Vault-relative path of a link's file as Obsidian resolves it from ``page_rel``."""
        if not target:
            return None
        folder = page_rel.rsplit("/", 1)[0] if "/" in page_rel else ""
        key = (folder, target)
        if key not in self._resolved:
            from exporter.load.vault import Vault

            found = Vault(self.scan.root / page_rel, self.scan.root).resolve(target)
            rel = Path(os.path.relpath(found, self.scan.root)).as_posix() if found is not None else None
            self._resolved[key] = rel if rel is not None and not rel.startswith("../") else None
        return self._resolved[key]

    def page_text(self, rel: str) -> str:
        path = self.scan.drawings.get(rel) or self.scan.notes[rel]
        text = path.read_text(encoding="utf-8", errors="replace")
        return drawing_notes(text) if rel in self.scan.drawings else text

    def plan(self, rel: str, text: str) -> None:
        """Record what the page ``rel`` embeds (drawing parts) and references (attachments)."""
        for link in wikilinks(text):
            target = self.resolve(rel, link.path)
            if target is None:
                continue
            if target in self.scan.drawings:
                if link.embed:
                    self.parts[target].add(parse_part(link.fragment))
            elif target in self.scan.others:
                self.attachments.add(target)
        folder = rel.rsplit("/", 1)[0] if "/" in rel else ""
        for target in markdown_targets(text):
            local = os.path.normpath(os.path.join(folder, unquote(target.split("#")[0]))).replace(os.sep, "/")
            if local in self.scan.others:
                self.attachments.add(local)

    # -- rewriting --------------------------------------------------------------------------

    def _image(self, alt: str, url: str, width: int | None) -> str:
        if width is None:
            return f"![{alt}]({url})"
        if self.width_style == "attr":
            return f"![{alt}]({url}){{width={width}}}"
        return f'<img src="{html.escape(url)}" alt="{html.escape(alt)}" width="{width}">'

    def _replace(self, rel: str, link: WikiLink) -> str | None:
        target = self.resolve(rel, link.path)
        if target is None:
            return None
        folder = rel.rsplit("/", 1)[0] if "/" in rel else ""
        alt_of_drawing = link.alias if link.alias and link.width is None else _display_name(target)
        if target in self.scan.drawings:
            if link.embed:
                image = image_path(target, parse_part(link.fragment), self.fmt)
                if not (self.site / image).is_file():
                    self.warnings.append((rel, f"![[{link.path}]]: the drawing was not exported; embed kept"))
                    return None
                return self._image(alt_of_drawing.replace("]", ""), relative_url(folder, image), link.width)
            if self.wikilinks != "markdown":
                return None
            page = target if target.lower().endswith(".md") else image_path(target, WHOLE, self.fmt)
            return f"[{alt_of_drawing}]({relative_url(folder, page)})"
        if self.wikilinks != "markdown":
            return None
        label = link.alias if link.alias and link.width is None else _strip_md(target.rsplit("/", 1)[-1])
        if link.embed and target in self.scan.others:
            return self._image(label.replace("]", ""), relative_url(folder, target), link.width)
        if link.embed:  # a note transcluded in a note: publishers differ, keep Obsidian's syntax
            return None
        anchor = f"#{heading_anchor(link.fragment)}" if link.fragment and not link.fragment.startswith("^") else ""
        return f"[{label}]({relative_url(folder, target)}{anchor})"

    def rewrite(self, rel: str, text: str) -> str:
        return rewrite_wikilinks(text, lambda link: self._replace(rel, link))

    def page(self, rel: str) -> str:
        """The published Markdown of note or drawing page ``rel``."""
        path = self.scan.drawings.get(rel) or self.scan.notes[rel]
        text = path.read_text(encoding="utf-8", errors="replace")
        if rel not in self.scan.drawings:
            return self.rewrite(rel, text)
        name = _display_name(rel)
        folder = rel.rsplit("/", 1)[0] if "/" in rel else ""
        image = image_path(rel, WHOLE, self.fmt)
        parts = [page_front_matter(text, name)]
        if (self.site / image).is_file():
            parts.append(f"\n![{name}]({relative_url(folder, image)})\n")
        notes = self.rewrite(rel, drawing_notes(text))
        if notes.strip():
            parts.append("\n" + notes.strip("\n") + "\n")
        return "".join(parts)


def export_drawing(job: DrawingJob, render_args: argparse.Namespace, root: Path, site: Path) -> Outcome:
    """Export the parts of one drawing (runs in a worker process with -j)."""
    from exporter.cli.main import _render_options
    from exporter.cli.output import write_atomic
    from exporter.errors import ExporterError
    from exporter.load import load
    from exporter.render import render_svg
    from exporter.vault.settings import raster_options

    fmt = render_args.image_format

    def action(outcome: Outcome, reporter: object) -> None:
        scene = load(job.source, vault=root)
        outcome.warnings.extend(scene.warnings)
        base = _render_options(render_args, scene)
        for part in job.parts:
            options, warning = part_options(scene, part, base)
            if warning:
                outcome.warnings.append(warning)
            path = site / job.rel_dir / f"{job.stem}{part.suffix}.{fmt}"
            try:
                if fmt == "svg":
                    data: str | bytes = render_svg(scene, options)
                else:
                    from exporter.raster.banded import png_in_bands
                    from exporter.render import region_svg

                    raster = raster_options(options, scene, render_args)
                    data = png_in_bands(region_svg(scene, raster), warnings=outcome.warnings)
            except ExporterError as exc:
                if not part.kind:
                    raise
                outcome.warnings.append(f"{part.kind}={part.ref}: {exc.message}")
                continue
            write_atomic(path, data)
            outcome.written.append(str(path))
        outcome.deps = scene_dependencies(scene)

    return run_guarded(job, render_args.debug, action)


def _write_if_changed(path: Path, text: str) -> bool:
    from exporter.cli.output import write_atomic

    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data)
    return True


def _copy_if_changed(src: Path, dst: Path) -> bool:
    try:
        a, b = src.stat(), dst.stat()
        if a.st_size == b.st_size and int(a.st_mtime) == int(b.st_mtime):
            return False
    except OSError:
        pass
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.copy")
    shutil.copy2(src, tmp)
    os.replace(tmp, dst)
    return True


def _inside(child: Path, parent: Path) -> bool:
    child, parent = child.absolute().resolve(), parent.absolute().resolve()
    return child == parent or parent in child.parents


def prune_site(site: Path, current: set[str]) -> list[Path]:
    """Remove the files an earlier run published that this run did not (deleted or renamed notes, drawings)."""
    from exporter.cli.manifest import Manifest

    manifest = Manifest(site)
    removed: list[Path] = []
    for rel in sorted(set(manifest.published) - current):
        path = site / rel
        if ".." in Path(rel).parts or Path(rel).is_absolute() or not path.is_file():
            continue
        path.unlink()
        removed.append(path)
        for folder in path.parents:  # folders left empty go too
            if folder == site or not folder.is_relative_to(site) or any(folder.iterdir()):
                break
            folder.rmdir()
    for rel in list(manifest.entries):
        entry = manifest.entries[rel]
        if not Path(str(entry.get("source", ""))).exists():
            manifest.forget(rel)
    manifest.published = sorted(current)
    manifest.changed = True
    manifest.save()
    return removed


def run_vault(args: argparse.Namespace) -> int:
    """The ``vault`` verb; exit status 1 when a drawing failed."""
    from exporter.cli.batch import export_batch
    from exporter.cli.manifest import options_fingerprint

    root, site = Path(args.vault_root), Path(args.out)
    if not root.is_dir():
        print(f"error: {root}: not a folder", file=sys.stderr)
        return 1
    if _inside(site, root) and not any(part.startswith(".") for part in
                                       site.absolute().resolve().relative_to(root.absolute().resolve()).parts):
        print(f"error: {site}: the site folder must not be inside the vault", file=sys.stderr)
        return 1
    scan = scan_vault(root, site)
    publisher = Publisher(scan, site, args)
    pages = sorted([*scan.notes, *(r for r in scan.drawings if r.lower().endswith(".md"))])
    for rel in pages:
        publisher.plan(rel, publisher.page_text(rel))

    render_args = argparse.Namespace(**{k: getattr(args, k) for k in RENDER_KEYS},
                                     frame=None, group=None, debug=args.debug)
    jobs = [DrawingJob(str(path), rel.rsplit("/", 1)[0] if "/" in rel else "",
                       _strip_md(rel.rsplit("/", 1)[-1]), found=True, parts=tuple(sorted(publisher.parts[rel])))
            for rel, path in sorted(scan.drawings.items())]
    work = partial(export_drawing, render_args=render_args, root=root, site=site)
    batch_args = argparse.Namespace(out=site, quiet=args.quiet, debug=args.debug, jobs=args.jobs,
                                    force=args.force, incremental=True)

    def fingerprint_of(job: Job) -> str:
        return options_fingerprint(render_args, parts=[(p.kind, p.ref, p.padding) for p in job.parts])

    try:
        result = export_batch(batch_args, jobs, [], work, fingerprint_of)
        written = 0
        for rel in pages:
            if _write_if_changed(site / rel, publisher.page(rel)):
                written += 1
                if not args.quiet:
                    print(site / rel)
        generated = {image_path(rel, p, args.image_format) for rel, parts in publisher.parts.items() for p in parts}
        copied = 0
        for rel in sorted(publisher.attachments - generated):
            if _copy_if_changed(scan.others[rel], site / rel):
                copied += 1
                if not args.quiet:
                    print(site / rel)
        current = set(pages) | publisher.attachments | {
            image_path(rel, p, args.image_format) for rel, parts in publisher.parts.items() for p in parts
            if (site / image_path(rel, p, args.image_format)).is_file()}
        for path in prune_site(site, current):
            if not args.quiet:
                print(f"removed {path}")
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"error: {site}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for rel, message in publisher.warnings:
        print(f"warning: {rel}: {message}", file=sys.stderr)
    if not args.quiet:
        print(f"vault: {len(pages)} pages ({written} written), {len(publisher.attachments)} attachments "
              f"({copied} copied), {len(jobs)} drawings", file=sys.stderr)
    failed = [o for o in result.outcomes if o.status == FAILED]
    return 1 if failed else 0
