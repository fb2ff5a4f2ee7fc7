"""``excalidraw-export``: render drawings to SVG/PNG/PDF, export Markdown documents, inspect drawings.

Every problem with an input is one line ``error: <file>: <problem>`` on stderr;
a batch goes on past a bad file and exits 1 when any failed. Bugs are reported
the same way (``internal error: ...``) unless ``--debug`` asks for a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from exporter.errors import ExporterError

SCENE_SUFFIXES = (".excalidraw.md", ".excalidraw.json", ".excalidraw.png", ".excalidraw.svg",
                  ".excalidraw", ".md", ".png", ".svg", ".json", ".excalidrawlib")
SVG_FORMATS = ("svg",)
RASTER_FORMATS = ("png", "pdf", "jpg", "jpeg", "webp")
ALL_FORMATS = SVG_FORMATS + RASTER_FORMATS
BUG_HINT = "please report this bug; run with --debug for a traceback"


def output_stem(input_name: str) -> str:
    """``dir/My Note.excalidraw.md`` -> ``My Note`` (``-`` -> ``stdin``)."""
    if input_name == "-":
        return "stdin"
    name = Path(input_name).name
    lowered = name.lower()
    for suffix in SCENE_SUFFIXES:
        if lowered.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _formats(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for value in values or ["svg"]:
        for fmt in value.split(","):
            fmt = fmt.strip().lower()
            if not fmt:
                continue
            if fmt not in ALL_FORMATS:
                raise argparse.ArgumentTypeError(f"unknown format {fmt!r} (choose from {', '.join(ALL_FORMATS)})")
            if fmt not in out:
                out.append(fmt)
    return out


def _non_negative(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number >= 0, got {text}")
    return value


def _positive(text: str) -> float:
    value = _non_negative(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must be positive")
    return value


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="drawing: .excalidraw, .excalidraw.md / Obsidian note, PNG/SVG with scene, - for stdin")
    parser.add_argument("--vault", type=Path, metavar="DIR",
                        help="Obsidian vault root for [[image]] links (default: nearest folder with .obsidian/)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    parser.add_argument("-q", "--quiet", action="store_true", help="do not list the files written")


def _add_render_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("render options")
    group.add_argument("--padding", type=_non_negative, metavar="N",
                       help="padding around the drawing in px (default 10, or the note's excalidraw-export-padding)")
    group.add_argument("--scale", type=_positive, metavar="S", help="scale factor (default 1)")
    group.add_argument("--transparent", action="store_true", default=None, help="no background")
    theme = group.add_mutually_exclusive_group()
    theme.add_argument("--dark", dest="dark", action="store_true", default=None, help="dark-mode export")
    theme.add_argument("--light", dest="dark", action="store_false", help="light-mode export")
    group.add_argument("--frame", metavar="NAME", help="export only this frame (name or id)")
    group.add_argument("--group", metavar="ID", help="export only this group")
    group.add_argument("--embed-scene", action="store_true", help="embed the scene in SVG/PNG outputs")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="excalidraw-export",
                                     description="Export Excalidraw drawings without a browser.")
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")

    render = verbs.add_parser("render", help="render drawings to SVG / PNG / PDF",
                              description="Render drawings to DIR/<stem>.<format>.")
    _add_common(render)
    render.add_argument("-o", "--out", type=Path, required=True, metavar="DIR", help="output folder")
    render.add_argument("-f", "--format", action="append", metavar="FMT",
                        help=f"output format, repeatable or comma-separated: {', '.join(ALL_FORMATS)} (default svg)")
    _add_render_options(render)
    try:
        from exporter.raster.cliargs import add_raster_arguments
    except ImportError:
        pass
    else:
        add_raster_arguments(render)
    from exporter.cli.batch import add_batch_arguments

    add_batch_arguments(render)

    doc = verbs.add_parser("doc", help="export drawings as Markdown documents",
                           description="Export each drawing as a Markdown document in DIR.")
    _add_common(doc)
    doc.add_argument("-o", "--out", type=Path, required=True, metavar="DIR", help="output folder")
    theme = doc.add_mutually_exclusive_group()
    theme.add_argument("--dark", dest="dark", action="store_true", default=None, help="dark-mode images")
    theme.add_argument("--light", dest="dark", action="store_false", help="light-mode images")
    try:
        from exporter.document.cliargs import add_document_arguments
    except ImportError:
        pass
    else:
        add_document_arguments(doc)
    add_batch_arguments(doc)
    from exporter.vault.cli import add_vault_parser

    add_vault_parser(verbs)

    info = verbs.add_parser("info", help="show what a drawing contains")
    _add_common(info)
    info.add_argument("--json", action="store_true", help="print the summary as JSON")
    return parser


class Reporter:
    """Messages on stderr/stdout, and the batch's failure count."""

    def __init__(self, quiet: bool = False, debug: bool = False) -> None:
        self.quiet = quiet
        self.debug = debug
        self.failed: list[str] = []

    def error(self, name: str, message: str) -> None:
        self.failed.append(name)
        print(f"error: {name}: {message}", file=sys.stderr)

    def warning(self, name: str, message: str) -> None:
        print(f"warning: {name}: {message}", file=sys.stderr)

    def wrote(self, path: Path) -> None:
        if not self.quiet:
            print(path)

    def run(self, name: str, action: Callable[[], None]) -> None:
        """Run one input's work, turning every failure into one error line."""
        try:
            action()
        except ExporterError as exc:
            self.error(name, exc.message)
        except KeyboardInterrupt:
            raise
        except Exception as exc:  # a bug: still one line unless --debug
            if self.debug:
                traceback.print_exc()
            message = str(exc).split("\n")[0][:200]
            self.error(name, f"internal error: {type(exc).__name__}: {message} ({BUG_HINT})")


def _render_options(args: argparse.Namespace, scene) -> object:
    from exporter.render.options import RenderOptions

    front = scene.front_matter or {}

    def front_number(key: str) -> float | None:
        value = front.get(key)
        try:
            number = float(value) if value is not None and not isinstance(value, bool) else None
        except (TypeError, ValueError):
            return None
        return number if number is not None and 0 <= number < 1e6 else None

    padding = args.padding if args.padding is not None else front_number("excalidraw-export-padding")
    transparent = args.transparent
    if transparent is None:
        transparent = front.get("excalidraw-export-transparent") is True
    dark = args.dark
    if dark is None and isinstance(front.get("excalidraw-export-dark"), bool):
        dark = front["excalidraw-export-dark"]
    return RenderOptions(
        padding=10.0 if padding is None else padding,
        scale=1.0 if args.scale is None else args.scale,
        background=not transparent,
        dark=dark,
        frame=args.frame,
        group=args.group,
        embed_scene=bool(args.embed_scene) or front.get("excalidraw-export-embed-scene") is True,
    )


def _load(name: str, args: argparse.Namespace, reporter: Reporter | None):
    """The restored scene of ``name``; its warnings go to stderr when a reporter is given."""
    from exporter.load import load

    scene = load(name, vault=args.vault)
    if reporter is not None:
        for message in scene.warnings:
            reporter.warning(name, message)
    return scene


def _check_stem(stem: str, claimed: dict[str, str]) -> None:
    """Refuse a stem whose outputs an earlier input of this batch wrote (case-insensitive file systems too)."""
    from exporter.errors import OutputError

    if stem.lower() in claimed:
        raise OutputError(f"output name {stem!r} already used by {claimed[stem.lower()]}; rename one of them")


def _render_one(name: str, args: argparse.Namespace, formats: list[str], claimed: dict[str, str],
                reporter: Reporter):
    from exporter.cli.output import ensure_out_dir, output_path, staging, write_atomic_with

    scene = _load(name, args, reporter)
    stem = output_stem(name)
    _check_stem(stem, claimed)
    options = _render_options(args, scene)
    out_dir = ensure_out_dir(args.out)
    each_frame = getattr(args, "each_frame", False)
    with staging(out_dir) as stage:
        if "svg" in formats and not each_frame:
            from exporter.render import write_svg

            write_atomic_with(output_path(stage.path, f"{stem}.svg"), lambda fh: write_svg(scene, options, fh))
        raster = [f for f in formats if f in RASTER_FORMATS or (each_frame and f == "svg")]
        if raster:
            from exporter.raster.cliargs import write_raster_outputs
            from exporter.vault.settings import raster_options

            result = write_raster_outputs(args, scene, stem, stage.path, raster,
                                          raster_options(options, scene, args))
            for message in result.warnings:
                reporter.warning(name, message)
        for path in stage.publish(protect=[] if name == "-" else [Path(name)]):
            reporter.wrote(path)
    claimed[stem.lower()] = name
    return scene


def _doc_one(name: str, args: argparse.Namespace, claimed: dict[str, str], reporter: Reporter):
    from exporter.cli.output import ensure_out_dir, staging

    scene = _load(name, args, reporter)
    stem = output_stem(name)
    _check_stem(stem, claimed)
    out_dir = ensure_out_dir(args.out)
    from exporter.document import export_document

    try:
        from exporter.document.cliargs import document_options_from_args
    except ImportError:
        options = None
    else:
        options = document_options_from_args(args)
    with staging(out_dir) as stage:
        export_document(scene, stage.path, stem, options)
        for path in stage.publish(protect=[] if name == "-" else [Path(name)]):
            reporter.wrote(path)
    claimed[stem.lower()] = name
    return scene


def _info_one(name: str, args: argparse.Namespace, reporter: Reporter) -> None:
    from exporter.cli.info import format_info, info_json

    scene = _load(name, args, None)  # info prints the warnings itself
    print(info_json(scene) if args.json else format_info(scene), flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    from exporter.cli.config import parse_with_config

    args = parse_with_config(parser, argv)
    if args.verb == "render":
        try:
            formats = _formats(args.format)
        except argparse.ArgumentTypeError as exc:
            parser.error(str(exc))
    if args.verb == "vault":
        from exporter.vault.site import run_vault

        return run_vault(args)
    reporter = Reporter(quiet=getattr(args, "quiet", False), debug=args.debug)
    if args.inputs.count("-") > 1:
        parser.error("standard input (-) can be read only once")
    if args.verb in ("render", "doc"):  # files, folders, globs; -j, incremental, --watch
        from exporter.cli.batch import run_batch

        return run_batch(args, formats if args.verb == "render" else None)
    try:
        for name in args.inputs:  # info
            reporter.run(name, lambda name=name: _info_one(name, args, reporter))
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    if reporter.failed and len(args.inputs) > 1:
        print(f"error: {len(reporter.failed)} of {len(args.inputs)} inputs failed: "
              f"{', '.join(reporter.failed)}", file=sys.stderr)
    return 1 if reporter.failed else 0


if __name__ == "__main__":
    sys.exit(main())


def console_main() -> NoReturn:
    """The ``excalidraw-export`` command: :func:`main`, then exit without tearing the
    interpreter down. Every file is written and closed by then; freeing a large
    drawing's millions of objects one by one only delays the exit (0.3 s at
    10,000 elements)."""
    try:
        code = main()
    except SystemExit as exc:  # argparse usage errors: the status sys.exit would give
        code = exc.code if isinstance(exc.code, int) or exc.code is None else 1
        if code == 1 and not isinstance(exc.code, int):
            print(exc.code, file=sys.stderr)
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        pass
    try:
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    os._exit(code or 0)
