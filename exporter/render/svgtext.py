"""Write SVG markup the way a browser's ``outerHTML`` serialises it.

Excalidraw's SVG is ``svg.outerHTML`` of a DOM tree in an HTML document:
every element has an explicit end tag, attribute values escape ``& " U+00A0``
and text escapes ``& < > U+00A0``. U+00A0 is written ``&#160;`` (the browser
writes ``&nbsp;``, which is not valid XML).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["escape_attr", "escape_text", "element", "attrs"]

# Characters XML 1.0 forbids (C0 controls but tab/newline/return, lone
# surrogates, U+FFFE/U+FFFF): dropped or replaced, so the SVG always parses.
_NOT_XML = {c: None for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))}
_NOT_XML.update({c: "\ufffd" for c in (*range(0xD800, 0xE000), 0xFFFE, 0xFFFF)})
# "<" in attributes: outerHTML keeps it raw, but XML forbids it there (an SVG
# file with one does not open at all) and it would carry "<script" text.
_ATTR_TABLE = str.maketrans({"&": "&amp;", '"': "&quot;", "<": "&lt;", "\u00a0": "&#160;", **_NOT_XML})
_TEXT_TABLE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\u00a0": "&#160;", **_NOT_XML})
_NOT_XML_CLASS = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
_ATTR_SPECIAL = re.compile(f'[&"<\u00a0{_NOT_XML_CLASS}]')
_TEXT_SPECIAL = re.compile(f"[&<>\u00a0{_NOT_XML_CLASS}]")


# The ASCII characters each kind of value keeps as they are (for long values, see _has_special).
_ATTR_PLAIN = bytes(c for c in range(128) if not _ATTR_SPECIAL.match(chr(c)))
_TEXT_PLAIN = bytes(c for c in range(128) if not _TEXT_SPECIAL.match(chr(c)))


def _has_special(value: str, special: re.Pattern[str], plain: bytes) -> bool:
    """Whether ``value`` has a character of ``special``. Long ASCII values (the base64 of
    images and fonts) are checked with a byte table, several times faster than re."""
    if len(value) > 256 and value.isascii():
        return bool(value.encode("ascii").translate(None, plain))
    return special.search(value) is not None


_attr_search = _ATTR_SPECIAL.search
_text_search = _TEXT_SPECIAL.search


def escape_attr(value: str) -> str:
    """An attribute value as ``outerHTML`` writes it (``&``, ``"``, U+00A0; also ``<`` and XML-invalid characters)."""
    if len(value) <= 256:  # most values: one re search, no call of _has_special
        return value if _attr_search(value) is None else value.translate(_ATTR_TABLE)
    if _has_special(value, _ATTR_SPECIAL, _ATTR_PLAIN):
        return value.translate(_ATTR_TABLE)
    return value


def escape_text(value: str) -> str:
    """Text content as ``outerHTML`` writes it (``&``, ``<``, ``>``, U+00A0; no XML-invalid characters)."""
    if len(value) <= 256:
        return value if _text_search(value) is None else value.translate(_TEXT_TABLE)
    if _has_special(value, _TEXT_SPECIAL, _TEXT_PLAIN):
        return value.translate(_TEXT_TABLE)
    return value


def attrs(pairs: Iterable[tuple[str, str]]) -> str:
    """`` name="value"`` for each pair, in the given order (values escaped)."""
    esc = escape_attr
    return "".join([f' {name}="{esc(value)}"' for name, value in pairs])


def element(tag: str, pairs: Iterable[tuple[str, str]] = (), content: str = "") -> str:
    """``<tag attrs>content</tag>``; ``content`` is markup, already escaped."""
    return f"<{tag}{attrs(pairs)}>{content}</{tag}>"
