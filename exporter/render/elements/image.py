"""Images (doc §7, ZF flavour): a ``<symbol>`` per file and a ``<use>`` per element.

Only ``data:`` URLs of raster images (png, jpeg, gif, webp, avif, bmp) and
sanitised SVG are embedded. An element whose file is missing or unusable (an
Obsidian vault file that is not there, a LaTeX formula, a URL image: nothing is
fetched) is drawn as the grey placeholder with a picture icon that Excalidraw's
canvas renderer (PNG export, editor) draws, with one warning per file.
"""

from __future__ import annotations

import base64
import math
import re
from functools import lru_cache
from typing import Any
from urllib.parse import unquote_to_bytes

from exporter.jsnum import int32, js_round, js_str
from exporter.render.context import RenderContext
from exporter.render.elements.shape import corner_radius, transform_attr
from exporter.render.svgtext import attrs
from exporter.scene.model import Element

__all__ = ["draw", "placeholder_icon_size", "hash_string", "uncropped_size", "safe_data_url", "sanitize_svg"]

DARK_THEME_FILTER = "invert(93%) hue-rotate(180deg)"
SVG_MIME = "image/svg+xml"
_RASTER_URL = re.compile(r"^data:image/(png|jpeg|jpg|gif|webp|avif|bmp|x-ms-bmp)[;,]", re.I)
_SVG_URL = re.compile(r"^data:image/svg\+xml(;[^,]*)?,", re.I)
_SAFE_HREF = re.compile(r"^(#|data:image/(png|jpeg|gif|webp)[;,])", re.I)
_DOCTYPE = re.compile(r"<!DOCTYPE[^\[>]*(\[.*?\])?\s*>", re.S | re.I)
_XLINK = "http://www.w3.org/1999/xlink"
_CSS_URL = re.compile(r"url\(\s*([^)]*)\)", re.I)
# Active or embedding content; SVG images are drawn as static pictures.
_DROPPED_ELEMENTS = frozenset({"script", "foreignobject", "iframe", "embed", "object", "audio", "video", "handler",
                               "listener"})


def hash_string(s: str) -> int:
    """``hashString`` (djb2 on UTF-16 code units, as Excalidraw computes it)."""
    h = 5381
    units = s.encode("utf-16-le")
    for i in range(0, len(units), 2):
        c = units[i] | (units[i + 1] << 8)
        h = int32(int32(h) << 5) + h + c
    return int(h) & 0xFFFFFFFF


def _crop(el: Element) -> dict[str, float] | None:
    """The element's crop, or None when absent or unusable (zero or non-numeric sizes)."""
    crop = el.get("crop")
    if not isinstance(crop, dict):
        return None
    keys = ("x", "y", "width", "height", "naturalWidth", "naturalHeight")
    values = [crop.get(k) for k in keys]
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in values):
        return None
    if not all(crop[k] for k in keys[2:]):
        return None
    if not el.get("width") or not el.get("height"):  # nothing to scale the crop by (the mask divides by it)
        return None
    return crop


def uncropped_size(el: Element) -> tuple[float, float]:
    """``getUncroppedWidthAndHeight``."""
    crop = _crop(el)
    if not crop:
        return el.get("width", 0), el.get("height", 0)
    return (el["width"] / (crop["width"] / crop["naturalWidth"]),
            el["height"] / (crop["height"] / crop["naturalHeight"]))


# -- safety -------------------------------------------------------------------------------

def _svg_bytes(url: str) -> bytes | None:
    m = _SVG_URL.match(url)
    if not m:
        return None
    payload = url[m.end():]
    if m.group(1) and ";base64" in m.group(1).lower():
        try:
            return base64.b64decode(re.sub(r"\s+", "", payload), validate=False)
        except ValueError:
            return None
    return unquote_to_bytes(payload)


def _local(name: Any) -> str:
    return name.rsplit("}", 1)[-1].lower() if isinstance(name, str) else ""


def _unsafe_attribute(name: str, value: str) -> bool:
    attr = _local(name)
    value = value.strip()
    if attr.startswith("on"):
        return True
    if attr in ("href", "src") and not _SAFE_HREF.match(value):
        return True
    return any(not _SAFE_HREF.match(target.strip(" '\"")) for target in _CSS_URL.findall(value))


def _unsafe_element(node: Any) -> bool:
    tag = _local(node.tag)
    if not isinstance(node.tag, str) or tag in _DROPPED_ELEMENTS:
        return True
    if tag in ("set", "animate") and _local(node.attrib.get("attributeName", "")) in ("href", "src"):
        return True  # would swap a safe link for an unsafe one at run time
    if tag == "style":
        css = node.text or ""
        return "@import" in css.lower() or any(
            not _SAFE_HREF.match(t.strip(" '\"")) for t in _CSS_URL.findall(css))
    return False


def sanitize_svg(data: bytes) -> tuple[bytes, bool] | None:
    """The SVG without scripts, event handlers, external references, foreignObject or entities.

    Returns (svg, changed), or None when the SVG cannot be parsed safely.
    """
    import xml.etree.ElementTree as ET

    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException

    changed = False
    try:
        root = DET.fromstring(data)
    except DefusedXmlException:
        text = data.decode("utf-8", errors="replace")
        try:
            root = DET.fromstring(_DOCTYPE.sub("", text, count=1).encode("utf-8"))
        except (DefusedXmlException, ET.ParseError):
            return None
        changed = True
    except ET.ParseError:
        return None
    if _local(root.tag) != "svg":
        return None
    for parent in list(root.iter()):
        for child in list(parent):
            if _unsafe_element(child):
                parent.remove(child)
                changed = True
    for node in root.iter():
        for name in [n for n, v in node.attrib.items() if _unsafe_attribute(n, v)]:
            del node.attrib[name]
            changed = True
    if not changed:
        return data, False
    ET.register_namespace("", "http://www.w3.org/2000/svg")
    ET.register_namespace("xlink", _XLINK)
    return ET.tostring(root, encoding="utf-8"), True


def safe_data_url(url: Any) -> str | None:
    """The data URL to embed, or None when it is not an image we embed."""
    if not isinstance(url, str):
        return None
    if _RASTER_URL.match(url):
        return url
    data = _svg_bytes(url)
    if data is None:
        return None
    clean = sanitize_svg(data)
    if clean is None:
        return None
    svg, changed = clean
    if not changed:
        return url
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


# -- markup -------------------------------------------------------------------------------

# Excalidraw's drawImagePlaceholder: a #E7E7E7 box with a #888 picture icon,
# min(side, min(side * 0.4, 100)) square, centred (side = the shorter one).
PLACEHOLDER_FILL = "#E7E7E7"
PLACEHOLDER_ICON_FILL = "#888"
# Our own picture glyph in a 512 x 512 box: a rounded frame with a sun and a
# mountain range cut out of it (even-odd), so the grey background shows through.
PLACEHOLDER_ICON_PATH = ("M48 64H464A48 48 0 0 1 512 112V400A48 48 0 0 1 464 448H48A48 48 0 0 1 0 400V112"
                         "A48 48 0 0 1 48 64Z"
                         "M120 128A52 52 0 1 0 120 232A52 52 0 1 0 120 128Z"
                         "M64 384H448V304L352 208L256 320L192 256L64 384Z")


def placeholder_icon_size(width: float, height: float) -> float:
    """Side of the placeholder's square icon (Excalidraw's rule)."""
    side = min(width, height)
    return min(side, min(side * 0.4, 100))


def _placeholder(el: Element, ctx: RenderContext) -> str:
    """The grey box and centred picture icon, in the element's own coordinates."""
    w, h = el.get("width", 0) or 0, el.get("height", 0) or 0
    size = placeholder_icon_size(w, h)
    group = [("transform", transform_attr(el, ctx))]
    opacity = ctx.opacity(el)
    if opacity != 1:
        group.append(("opacity", js_str(opacity)))
    rect = [("x", "0"), ("y", "0"), ("width", js_str(w)), ("height", js_str(h)),
            ("fill", ctx.color(PLACEHOLDER_FILL))]
    place = f"translate({js_str(w / 2 - size / 2)} {js_str(h / 2 - size / 2)}) scale({js_str(size / 512)})"
    flip = el.get("scale") or [1, 1]
    if flip[0] != 1 or flip[1] != 1:  # the canvas mirrors a flipped image's placeholder too
        place = (f"translate({js_str(w / 2)} {js_str(h / 2)}) scale({js_str(flip[0])} {js_str(flip[1])}) "
                 f"translate({js_str(-w / 2)} {js_str(-h / 2)}) {place}")
    icon = [("d", PLACEHOLDER_ICON_PATH), ("fill", ctx.color(PLACEHOLDER_ICON_FILL)), ("fill-rule", "evenodd"),
            ("transform", place)]
    return f"<g{attrs(group)}><rect{attrs(rect)}></rect><path{attrs(icon)}></path></g>"


def _missing(el: Element, ctx: RenderContext, file_id: Any, reason: str) -> str:
    """The placeholder, warning once per file (unless the loader already did)."""
    embedded = ctx.scene.embedded.get(file_id) if isinstance(file_id, str) else None
    if embedded is None or file_id in ctx.scene.files:  # else the loader reported this vault, LaTeX or web file
        name = embedded.target if embedded is not None else (file_id or el.get("id"))
        ctx.warn(f"image {name} {reason}; drawn as a placeholder")
    return _placeholder(el, ctx)


@lru_cache(maxsize=256)
def _checked_url(url: str) -> str | None:
    return safe_data_url(url)


def _safe_url(file: dict[str, Any]) -> str | None:
    url = file.get("dataURL")
    return _checked_url(url) if isinstance(url, str) else None


def _symbol_suffix(el: Element, mime: Any) -> str:
    custom = el.get("customData") or {}
    if mime == SVG_MIME and custom.get("doNotInvertSVGInDarkMode"):
        return "-no-invert-svg"
    if custom.get("invertBitmapInDarkmode"):
        return "-invert-bitmap"
    return ""


def _dark_filter(el: Element, mime: Any) -> bool:
    custom = el.get("customData") or {}
    invert_bitmap = custom.get("invertBitmapInDarkmode")
    return bool((mime == SVG_MIME and not custom.get("doNotInvertSVGInDarkMode"))
                or (custom.get("pdfPageViewProps") and (True if invert_bitmap is None else invert_bitmap))
                or invert_bitmap)


def draw(el: Element, ctx: RenderContext) -> str:
    """Symbol (once per file), crop mask, rounded clip path and the ``<g><use></g>``."""
    file_id = el.get("fileId")
    if not file_id:
        return _missing(el, ctx, file_id, "has no file")
    file = ctx.scene.files.get(file_id)
    if not isinstance(file, dict) or not file.get("dataURL"):
        return _missing(el, ctx, file_id, "not found")
    url = _safe_url(file)
    if url is None:
        return _missing(el, ctx, file_id, "is not an embeddable image (only png, jpeg, gif, webp, avif, bmp and svg)")

    out: list[str] = []
    mime = file.get("mimeType")
    suffix = _symbol_suffix(el, mime)
    w, h = el.get("width", 0), el.get("height", 0)
    uw, uh = uncropped_size(el)
    crop = _crop(el)
    symbol_id = f"image-{file.get('id', file_id)}{suffix}"
    if crop:
        symbol_id = f"image-crop-{file.get('id', file_id)}-{hash_string(f'{js_str(uw)}x{js_str(uh)}{suffix}')}"
    if symbol_id not in ctx.image_symbols:
        ctx.image_symbols.add(symbol_id)
        size = [("width", js_str(uw)), ("height", js_str(uh))] if crop else [("width", "100%"), ("height", "100%")]
        symbol = (f"<symbol{attrs([('id', symbol_id)])}><image"
                  f"{attrs([('href', url), ('preserveAspectRatio', 'none'), *size])}></image></symbol>")
        if el.get("link"):
            out.append(symbol)  # prepended to the element's <a>, which has no <defs>
        else:
            ctx.defs_head.insert(0, symbol)

    rw, rh = js_round(w), js_round(h)
    ncx = crop["x"] / (crop["naturalWidth"] / uw) if crop else 0
    ncy = crop["y"] / (crop["naturalHeight"] / uh) if crop else 0
    x1, y1, x2, y2 = ctx.geometry.abs_coords(el)[:4]
    cx = (x2 - x1) / 2 - (el.get("x", 0) - x1)
    cy = (y2 - y1) / 2 - (el.get("y", 0) - y1)
    acx, acy = cx + ncx, cy + ncy
    use = [("href", f"#{symbol_id}"), ("width", js_str(rw + ncx)), ("height", js_str(rh + ncy)),
           ("opacity", js_str(ctx.opacity(el)))]
    scale = el.get("scale") or [1, 1]
    if scale[0] != 1 or scale[1] != 1:
        use.append(("transform", f"translate({js_str(acx)} {js_str(acy)}) scale({js_str(scale[0])} {js_str(scale[1])})"
                                 f" translate({js_str(-acx)} {js_str(-acy)})"))

    group: list[tuple[str, str]] = []
    if ctx.dark and _dark_filter(el, mime):
        group.append(("filter", DARK_THEME_FILTER))
    if crop:
        mask_id = f"mask-image-crop-{el['id']}"
        out.append(f"<mask{attrs([('id', mask_id), ('fill', '#fff')])}><rect"
                   f"{attrs([('x', js_str(ncx)), ('y', js_str(ncy)), ('width', js_str(rw)), ('height', js_str(rh))])}"
                   f"></rect></mask>")
        group.append(("mask", f"url(#{mask_id})"))
    deg = 180 * (el.get("angle", 0) or 0) / math.pi
    tx, ty = el.get("x", 0) + ctx.offset_x, el.get("y", 0) + ctx.offset_y
    group.append(("transform", f"translate({js_str(tx - ncx)} {js_str(ty - ncy)}) "
                               f"rotate({js_str(deg)} {js_str(acx)} {js_str(acy)})"))
    if el.get("roundness"):
        clip_id = f"image-clipPath-{el['id']}"
        r = js_str(corner_radius(min(w, h), el))
        rect = [("x", js_str(ncx if crop else 0)), ("y", js_str(ncy if crop else 0)),
                ("width", js_str(w)), ("height", js_str(h)), ("rx", r), ("ry", r)]
        out.append(f"<clipPath{attrs([('id', clip_id), ('clipPathUnits', 'userSpaceOnUse')])}>"
                   f"<rect{attrs(rect)}></rect></clipPath>")
        group.append(("clip-path", f"url(#{clip_id})"))
    out.append(f"<g{attrs(group)}><use{attrs(use)}></use></g>")
    return "".join(out)
