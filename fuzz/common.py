"""Shared set-up of the atheris harnesses (see run.sh): instrumented imports and the safety check."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# Everything the harnesses reach, imported (and so instrumented for coverage) up
# front: the renderers import their element modules lazily, which would leave
# them invisible to the fuzzer.
_PACKAGES = ("exporter.load", "exporter.scene", "exporter.render", "exporter.rough", "exporter.fonts")

with atheris.instrument_imports(include=["exporter"]):
    import pkgutil
    from importlib import import_module

    for _package in _PACKAGES:
        _module = import_module(_package)
        for _info in pkgutil.walk_packages(_module.__path__, _package + "."):
            try:
                import_module(_info.name)
            except Exception:  # noqa: BLE001 - optional parts (fetch scripts, C builds) may not import
                pass

_ALLOWED_HREF = ("#", "data:image/", "http://", "https://", "mailto:", "obsidian://")
_CSS_URL = re.compile(r"url\(\s*['\"]?([^)'\"]*)", re.I)


def check_svg(svg: str) -> None:
    """Raise AssertionError unless ``svg`` parses and is safe to serve (no script, handlers, outside refs)."""
    root = ET.fromstring(svg)
    lowered = svg.lower()
    assert "<script" not in lowered, "script in SVG"  # javascript: links fail the href check below
    for node in root.iter():
        for name, value in node.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            assert not local.startswith("on"), f"event attribute {name}"
            if local in ("href", "src"):
                assert value in ("", "about:blank") or value.strip().lower().startswith(_ALLOWED_HREF), value
            for target in _CSS_URL.findall(value):
                assert target.strip().startswith("#"), f"outside reference {target}"
    svg.encode("utf-8")


def main(test_one_input) -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


def render_checked(raw: bytes, options: object) -> None:
    """Load ``raw`` as a scene and render it: a safe SVG, or one ExporterError of one line."""
    from exporter.errors import ExporterError
    from exporter.load import load_bytes
    from exporter.render import render_svg

    try:
        svg = render_svg(load_bytes(raw, "fuzz.excalidraw"), options)
    except ExporterError as exc:
        assert "\n" not in str(exc), repr(str(exc))
        return
    check_svg(svg)
