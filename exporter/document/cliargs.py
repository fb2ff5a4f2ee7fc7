"""Command-line options of the ``doc`` verb: the lead wires these into exporter/cli."""

from __future__ import annotations

import argparse
from pathlib import Path

from exporter.document.options import IMAGE_FORMATS, DocumentOptions


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {text}")
    return value


def add_document_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("document (doc)")
    group.add_argument("--images", choices=IMAGE_FORMATS, default="png",
                       help="format of the section images (default png)")
    group.add_argument("--template", type=Path, metavar="FILE",
                       help="Jinja2 template for the Markdown (default templates/document.md.j2)")
    group.add_argument("--html-template", type=Path, metavar="FILE",
                       help="Jinja2 template for --html (autoescaped; default templates/document.html.j2)")
    group.add_argument("--pdf", action="store_true", help="also write the document as one vector PDF")
    group.add_argument("--html", action="store_true", help="also write the document as a standalone HTML page")
    group.add_argument("--inline-images", action="store_true",
                       help="HTML: embed the images as data: URIs")
    group.add_argument("--image-scale", dest="doc_scale", type=_positive_float, default=2.0, metavar="N",
                       help="PNG scale of the section images (default 2)")
    group.add_argument("--no-overview", dest="doc_overview", action="store_false",
                       help="leave out the image of the whole drawing")


def document_options_from_args(args: argparse.Namespace) -> DocumentOptions:
    dark = getattr(args, "dark", None)
    return DocumentOptions(
        images=args.images,
        template=args.template,
        html_template=getattr(args, "html_template", None),
        pdf=bool(args.pdf),
        html=bool(args.html),
        inline_images=bool(args.inline_images),
        scale=getattr(args, "doc_scale", 2.0),
        dark=dark,
        overview=getattr(args, "doc_overview", True),
    )
