"""The ``vault`` verb's command-line options."""

from __future__ import annotations

import argparse
from pathlib import Path

from exporter.cli.batch import DEFAULT_MAX_WORKERS

IMAGE_FORMATS = ("svg", "png")
WIKILINK_STYLES = ("keep", "markdown")
WIDTH_STYLES = ("html", "attr")


def add_vault_parser(verbs: argparse._SubParsersAction) -> argparse.ArgumentParser:
    from exporter.cli.main import _non_negative, _positive

    vault = verbs.add_parser(
        "vault", help="publish an Obsidian vault: export drawings, rewrite their embeds",
        description="Copy VAULT's notes (and the attachments they use) to SITE, export every drawing and "
                    "rewrite each embed of a drawing to a standard Markdown image, for Quartz, MkDocs or Hugo.")
    vault.add_argument("vault_root", type=Path, metavar="VAULT", help="the vault folder")
    vault.add_argument("-o", "--out", type=Path, required=True, metavar="SITE", help="output folder (the site's content)")
    vault.add_argument("--image-format", choices=IMAGE_FORMATS, default="svg",
                       help="format of the drawings' images (default svg)")
    vault.add_argument("--wikilinks", choices=WIKILINK_STYLES, default="keep",
                       help="keep [[note]] links as written (Quartz) or turn them into relative Markdown links")
    vault.add_argument("--image-width", choices=WIDTH_STYLES, default="html",
                       help="how ![[drawing|400]] keeps its width: <img width=400> (html) or {width=400} (attr)")
    group = vault.add_argument_group("render options (a note's excalidraw-export-* front matter fills in the rest)")
    group.add_argument("--padding", type=_non_negative, metavar="N", help="padding around each drawing in px")
    group.add_argument("--scale", type=_positive, metavar="S", help="scale factor")
    group.add_argument("--transparent", action="store_true", default=None, help="no background")
    theme = group.add_mutually_exclusive_group()
    theme.add_argument("--dark", dest="dark", action="store_true", default=None, help="dark-mode images")
    theme.add_argument("--light", dest="dark", action="store_false", help="light-mode images")
    group.add_argument("--embed-scene", action="store_true", help="embed the scene in the images")
    batch = vault.add_argument_group("batches")
    batch.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                       help=f"export N drawings in parallel (default: one per CPU, at most {DEFAULT_MAX_WORKERS})")
    batch.add_argument("--force", action="store_true", help="export every drawing even when up to date")
    vault.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    vault.add_argument("-q", "--quiet", action="store_true", help="do not list the files written")
    return vault
