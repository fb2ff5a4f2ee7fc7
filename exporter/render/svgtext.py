"""Write SVG markup the way a browser's ``outerHTML`` serialises it.

Excalidraw's SVG is ``svg.outerHTML`` of a DOM tree in an HTML document:
every element has an explicit end tag, attribute values escape ``& " U+00A0``
and text escapes ``& < > U+00A0``. U+00A0 is written ``&#160;`` (the browser
writes ``&nbsp;``, which is not valid XML).
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["escape_attr", "escape_text", "element", "attrs"]

_ATTR_TABLE = str.maketrans({"&": "&amp;", '"': "&quot;", "\u00a0": "&#160;"})
_TEXT_TABLE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\u00a0": "&#160;"})


def escape_attr(value: str) -> str:
    """An attribute value as ``outerHTML`` writes it (``&``, ``"`` and U+00A0)."""
    if "&" in value or '"' in value or "\u00a0" in value:
        return value.translate(_ATTR_TABLE)
    return value


def escape_text(value: str) -> str:
    """Text content as ``outerHTML`` writes it (``&``, ``<``, ``>`` and U+00A0)."""
    if "&" in value or "<" in value or ">" in value or "\u00a0" in value:
        return value.translate(_TEXT_TABLE)
    return value


def attrs(pairs: Iterable[tuple[str, str]]) -> str:
    """`` name="value"`` for each pair, in the given order (values escaped)."""
    esc = escape_attr
    return "".join([f' {name}="{esc(value)}"' for name, value in pairs])


def element(tag: str, pairs: Iterable[tuple[str, str]] = (), content: str = "") -> str:
    """``<tag attrs>content</tag>``; ``content`` is markup, already escaped."""
    return f"<{tag}{attrs(pairs)}>{content}</{tag}>"
