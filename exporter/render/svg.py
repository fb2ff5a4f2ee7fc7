"""The SVG export pipeline: Excalidraw's ``exportToSvg`` (doc §9.2, XM/ZF flavour).

Picks the elements (whole scene, one frame, one group or a list of ids), adds
frame labels, measures the export box, then writes the root, metadata, defs
(frame clip paths, image symbols, font faces), background and every element in
render order (§2.3) with its link and frame-clip wrappers.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from typing import BinaryIO
from urllib.parse import quote

from exporter.errors import RenderError
from exporter.jsnum import js_str
from exporter.render.bounds import Geometry, bounds_intersect, root_elements
from exporter.render.context import RenderContext
from exporter.render.elements import FRAME_CLIPPED, draw_element
from exporter.render.options import RenderOptions
from exporter.render.reach import Box, grown, reach_box, union
from exporter.render.svgtext import attrs, escape_text
from exporter.scene.model import Element, Scene
from exporter.scene.points import json_default

__all__ = ["RegionSvg", "render_svg", "write_svg", "select_elements", "export_bounds", "link_href"]

SVG_NS = "http://www.w3.org/2000/svg"
FONT_DELIMITER = "\n      "
FONTS_MISSING = "Excalidraw fonts not found; run make fonts (falling back to system fonts)"
_FRAME_TYPES = ("frame", "magicframe")
_IFRAME_LIKE = ("iframe", "embeddable")
# Frame label style (FRAME_STYLE): Helvetica 14 px, line height 1.25, 3 px above the frame.
_LABEL_FONT_SIZE = 14
_LABEL_LINE_HEIGHT = 1.25
_LABEL_OFFSET_Y = 3
# appState keys serializeAsJSON keeps (export: true).
_EXPORTED_APP_STATE = ("gridSize", "gridStep", "gridModeEnabled", "viewBackgroundColor", "lockedMultiSelections")


# -- element selection ------------------------------------------------------


def _find_frame(elements: list[Element], wanted: str, source: str) -> Element:
    frames = [e for e in elements if e.get("type") in _FRAME_TYPES]
    for f in frames:
        if f.get("id") == wanted:
            return f
    for f in frames:
        if _frame_title(f) == wanted:
            return f
    names = ", ".join(repr(_frame_title(f)) for f in frames) or "none"
    raise RenderError(f"no frame named or with id {wanted!r} (frames: {names})", source)


def _frame_title(frame: Element) -> str:
    name = frame.get("name")
    if name is None:
        return "AI Frame" if frame.get("type") == "magicframe" else "Frame"
    return name


def _with_bound_texts(chosen: list[Element], all_elements: list[Element]) -> list[Element]:
    """``chosen`` plus the labels of chosen containers, in z-order."""
    ids = {e["id"] for e in chosen}
    for e in all_elements:
        if e.get("type") == "text" and e.get("containerId") in ids:
            ids.add(e["id"])
    return [e for e in all_elements if e["id"] in ids]


def select_elements(scene: Scene, options: RenderOptions) -> tuple[list[Element], Element | None]:
    """The elements an export starts from, and the frame being exported (if any)."""
    elements = [e for e in scene.elements
                if not e.get("isDeleted") and not (e.get("type") == "frame" and e.get("frameRole") == "marker")]
    exporting_frame = None
    if options.group:
        members = [e for e in elements if options.group in (e.get("groupIds") or ())]
        if not members:
            groups = sorted({g for e in elements for g in (e.get("groupIds") or ())})
            listed = ", ".join(groups[:20]) or "none"
            raise RenderError(f"no group with id {options.group!r} (groups: {listed})", scene.source)
        elements = _with_bound_texts(members, elements)
    if options.element_ids is not None:
        elements = _with_bound_texts([e for e in elements if e["id"] in options.element_ids], elements)
    if options.frame:
        exporting_frame = _find_frame(elements, options.frame, scene.source)
    return elements, exporting_frame


# -- frame labels -------------------------------------------------------------


def _measure_label(text: str) -> float:
    """Width of a frame label in Helvetica 14 px (part B's text layout when present)."""
    try:
        from exporter.render.textlayout import measure_line_width

        return measure_line_width(text, 2, _LABEL_FONT_SIZE)
    except ImportError:
        return len(text) * _LABEL_FONT_SIZE * 0.55


def frame_label(frame: Element, dark: bool) -> Element:
    """``addFrameLabelsAsTextElements``: the synthetic Helvetica label above a frame."""
    try:
        from exporter.render.elements.frame import frame_label as part_b_label
    except ImportError:
        part_b_label = None
    if part_b_label is not None:
        try:
            return part_b_label(frame, dark)
        except ImportError:  # its text measurement is not available: estimate below
            pass
    name = _frame_title(frame)
    color = ((frame.get("customData") or {}).get("frameColor") or {}).get("nameColor") or (
        "#7a7a7a" if dark else "#999999")
    height = _LABEL_FONT_SIZE * _LABEL_LINE_HEIGHT
    width = _measure_label(name)
    text = name
    if width > frame.get("width", 0):
        for i in range(len(name), 0, -1):
            candidate = name[:i] + "..."
            if _measure_label(candidate) <= frame.get("width", 0):
                text = candidate
                break
        width = frame.get("width", 0)
    return {
        "id": f"{frame['id']}-label", "type": "text", "x": frame.get("x", 0),
        "y": frame.get("y", 0) - _LABEL_OFFSET_Y - height, "width": width, "height": height, "angle": 0,
        "text": text, "originalText": text, "fontSize": _LABEL_FONT_SIZE, "fontFamily": 2,
        "lineHeight": _LABEL_LINE_HEIGHT, "textAlign": "left", "verticalAlign": "top", "strokeColor": color,
        "backgroundColor": "transparent", "opacity": 100, "containerId": None, "frameId": None,
        "groupIds": [], "isDeleted": False, "link": None, "autoResize": True,
    }


# -- links --------------------------------------------------------------------


_WIKI_LINK = re.compile(r"^!?\[\[([^\]|]*)(?:\|[^\]]*)?\]\]$")
_KEPT_SCHEMES = ("http://", "https://", "mailto:", "obsidian://")


def link_href(link: str) -> str | None:
    """The ``href`` for an element link, or None when it is not kept.

    Web and mail links are kept (``normalizeLink``: trimmed, ``"`` escaped);
    Obsidian wiki links become ``obsidian://open?file=...`` like the plugin's
    SVG export; anything else (``javascript:``, relative paths...) is dropped.
    """
    link = link.strip()
    wiki = _WIKI_LINK.match(link)
    if wiki:
        return "obsidian://open?file=" + quote(wiki.group(1).strip(), safe="-_.!~*'()")
    if link.lower().startswith(_KEPT_SCHEMES):
        return link.replace('"', "&quot;")
    return None


# -- bounds and export box ----------------------------------------------------


def export_bounds(geometry: Geometry, render_elements: list[Element], exporting_frame: Element | None) -> tuple[
        float, float, float, float]:
    """``getCommonBounds`` of what decides the picture's box."""
    if exporting_frame is not None:
        return geometry.common_bounds([exporting_frame])
    return geometry.common_bounds(root_elements(render_elements))


def _bound_text_map(render_elements: list[Element], by_id: dict[str, Element]) -> dict[str, Element]:
    """``getBoundTextElement`` per container: its first ``text`` binding found in the render set."""
    out: dict[str, Element] = {}
    for el in render_elements:
        refs = el.get("boundElements")
        if not refs or el.get("type") == "text":
            continue
        for ref in refs:
            if isinstance(ref, dict) and ref.get("type") == "text":
                text = by_id.get(ref.get("id"))
                if text is not None and text.get("type") == "text":
                    out[el["id"]] = text
                break
    return out


# -- the document -------------------------------------------------------------


def _texts_by_family(elements: list[Element]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for el in elements:
        if el.get("type") == "text":
            out.setdefault(el.get("fontFamily", 5), []).append(el.get("originalText") or el.get("text") or "")
    return out


def _font_style(elements: list[Element], options: RenderOptions, ctx: RenderContext) -> str:
    rules: list[str] = []
    texts = _texts_by_family(elements)
    if options.embed_fonts and texts:
        try:
            from exporter.fonts.embed import font_face_css
        except ImportError:
            ctx.warn(FONTS_MISSING)
        else:
            try:
                css = font_face_css(texts)
            except (FileNotFoundError, OSError):
                css = None
            if css is None:
                ctx.warn(FONTS_MISSING)
            elif isinstance(css, str):
                rules = [css] if css else []
            else:
                rules = list(css)
    return f'<style class="style-fonts">{FONT_DELIMITER}{FONT_DELIMITER.join(escape_text(r) for r in rules)}</style>'


def _scene_json(scene: Scene, elements: list[Element]) -> str:
    """``serializeAsJSON(elements, appState, files, "local")``."""
    app_state = {k: scene.app_state[k] for k in _EXPORTED_APP_STATE if k in scene.app_state}
    used = {e.get("fileId") for e in elements if e.get("type") == "image" and not e.get("isDeleted")}
    files = {k: v for k, v in scene.files.items() if k in used}
    source = (scene.raw or {}).get("source") if isinstance(scene.raw, dict) else None
    data = {"type": "excalidraw", "version": 2, "source": source or "https://excalidraw.com",
            "elements": elements, "appState": app_state, "files": files}
    return json.dumps(data, indent=2, ensure_ascii=False, default=json_default)


def _metadata(scene: Scene, elements: list[Element], options: RenderOptions) -> str:
    if not options.embed_scene:
        return "<metadata></metadata>"
    from exporter.load.embed import encode_svg_payload

    return f"<metadata>{encode_svg_payload(_scene_json(scene, elements))}</metadata>"


def _frame_clip_paths(frames: list[Element], ctx: RenderContext, exporting_frame: bool) -> str:
    out = []
    for frame in frames:
        x, y = frame.get("x", 0), frame.get("y", 0)
        w, h = frame.get("width", 0), frame.get("height", 0)
        cx, cy = w / 2, h / 2  # generic absolute coords: (x2 - x1) / 2 - (x - x1)
        rect = [("transform", f"translate({js_str(x + ctx.offset_x)} {js_str(y + ctx.offset_y)}) "
                              f"rotate({js_str(frame.get('angle', 0) or 0)} {js_str(cx)} {js_str(cy)})"),
                ("width", js_str(w)), ("height", js_str(h))]
        if not exporting_frame:
            rect += [("rx", "8"), ("ry", "8")]
        out.append(f'<clipPath{attrs([("id", frame["id"])])}><rect{attrs(rect)}></rect></clipPath>')
    return "".join(out)


def _wrap(el: Element, markup: str, ctx: RenderContext, frames_in_render: dict[str, Element]) -> str:
    """Frame clip group (clipped types) inside the link anchor, as Excalidraw nests them."""
    fr = ctx.frame_rendering
    if (markup and fr["enabled"] and fr["clip"] and el.get("type") in FRAME_CLIPPED
            and el.get("frameId") in frames_in_render):
        markup = f'<g{attrs([("clip-path", "url(#" + el["frameId"] + ")")])}>{markup}</g>'
    link = el.get("link")
    if link:
        href = link_href(link)
        if href is None:
            ctx.warn(f"link {link!r} of element {el.get('id')} dropped (only web, mail and Obsidian links are kept)")
        else:
            markup = f"<a{attrs([('href', href)])}>{markup}</a>"
    return markup


class _SvgJob:
    """One export: the elements to draw, their context and box; the document is
    :meth:`head` + the body parts + ``</svg>``, the head written last because the
    drawing adds to ``<defs>``."""

    def __init__(self, scene: Scene, options: RenderOptions, keep_shapes: bool = True) -> None:
        self.scene = scene
        self.options = options
        dark = options.dark if options.dark is not None else scene.app_state.get("theme") == "dark"
        elements, exporting_frame = select_elements(scene, options)
        self.elements = elements
        self.exporting_frame = exporting_frame

        stored_fr = scene.app_state.get("frameRendering") or {}
        if exporting_frame is not None:
            fr = {"enabled": True, "name": False, "outline": False, "clip": True}
        else:
            fr = {k: bool(stored_fr.get(k, True)) for k in ("enabled", "name", "outline", "clip")}

        if exporting_frame is not None:
            probe = Geometry({e["id"]: e for e in elements})
            frame_box = probe.element_bounds(exporting_frame)
            render_elements = [e for e in elements
                               if (not e.get("frameId") or e.get("frameId") == exporting_frame["id"])
                               and bounds_intersect(probe.element_bounds(e), frame_box)]
        elif fr["enabled"] and fr["name"]:
            render_elements = []
            for e in elements:
                if e.get("type") in _FRAME_TYPES:
                    render_elements.append(frame_label(e, dark))
                render_elements.append(e)
        else:
            render_elements = elements
        padding = 0 if exporting_frame is not None else options.padding

        self.render_elements = render_elements
        self.by_id = by_id = {e["id"]: e for e in render_elements}
        ctx = RenderContext(scene=scene, options=options, dark=dark, offset_x=0, offset_y=0,
                            canvas_background=scene.app_state.get("viewBackgroundColor") or "#ffffff")
        ctx.frame_rendering = fr
        ctx.exporting_frame = exporting_frame is not None
        ctx.geometry = Geometry(by_id, ctx.color, _bound_text_map(render_elements, by_id))
        ctx.geometry.keep_shapes = keep_shapes
        self.ctx = ctx
        self._reach: dict[int, Box | None] | None = None

        min_x, min_y, max_x, max_y = export_bounds(ctx.geometry, render_elements, exporting_frame)
        self.width = abs(max_x - min_x) + padding * 2
        self.height = abs(max_y - min_y) + padding * 2
        ctx.offset_x = -min_x + padding
        ctx.offset_y = -min_y + padding

    def body(self, region: Box | None = None) -> Iterator[str]:
        """Element markup; with ``region`` (SVG user units) only what reaches that box."""
        keep = None if region is None else self._reaching(region)
        return _render_elements(self.render_elements, self.by_id, self.ctx, keep)

    def _reaching(self, region: Box) -> set[int]:
        """ids (``id()``) of the render elements whose reach meets ``region``: a container and
        its bound text go together (an arrow's label sits where the arrow puts it)."""
        if self._reach is None:
            self._reach = self._reach_boxes()
        return {key for key, box in self._reach.items() if box is None or bounds_intersect(box, region)}

    def _reach_boxes(self) -> dict[int, Box | None]:
        dx, dy = self.ctx.offset_x, self.ctx.offset_y
        geometry = self.ctx.geometry
        bound_text = geometry.bound_text_of

        def reach(el: Element) -> Box | None:
            # The export's bounds measured the root elements already (line and arrow boxes
            # from their rough shafts); the others are read from the element.
            coords = geometry.measured_coords(el)
            return reach_box(el, None if coords is None else coords[:4])

        out: dict[int, Box | None] = {}
        for el in self.render_elements:
            box = reach(el)
            text = bound_text(el) if el.get("type") != "text" else None
            if text is not None:  # drawn right after its container, so judged with it
                box = union([box, reach(text), grown(box, abs(float(text.get("width") or 0)),
                                                      abs(float(text.get("height") or 0)))])
            out[id(el)] = None if box is None else (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)
        return out

    def reset_document_state(self) -> None:
        """Forget what the last document added to <defs>, so the next one starts clean."""
        ctx = self.ctx
        ctx.defs_head.clear()
        ctx.image_symbols.clear()
        ctx.font_text.clear()

    def head(self) -> str:
        """Root, metadata, defs and background: call after the body has been drawn."""
        scene, options, ctx, elements = self.scene, self.options, self.ctx, self.elements
        view_w, view_h = js_str(self.width), js_str(self.height)
        root = attrs([("version", "1.1"), ("xmlns", SVG_NS), ("viewBox", f"0 0 {view_w} {view_h}"),
                      ("width", js_str(self.width * options.scale)), ("height", js_str(self.height * options.scale))])
        frames = [e for e in elements if e.get("type") in _FRAME_TYPES]
        defs = ("".join(ctx.defs_head) + _frame_clip_paths(frames, ctx, self.exporting_frame is not None)
                + _font_style(elements, options, ctx) + "".join(ctx.defs))
        background = ""
        bg = scene.app_state.get("viewBackgroundColor")
        if options.background and scene.app_state.get("exportBackground", True) is not False and bg:
            background = (f'<rect x="0" y="0" width="{view_w}" height="{view_h}"'
                          f'{attrs([("fill", ctx.color(bg))])}></rect>')
        for w in ctx.warnings:
            scene.warn(w)
        return (f"<svg{root}><!-- svg-source:excalidraw -->{_metadata(scene, elements, options)}"
                f"<defs>{defs}</defs>{background}")


SVG_END = "</svg>"
# Up to this many elements, an export written region by region keeps the rough shafts it
# makes (~5 KB an arrow or line, reused by every region that draws them); past it, none
# is kept: each region makes those it draws again, and memory stays bounded.
_KEEP_SHAPES_UP_TO = 20_000


class RegionSvg:
    """One export measured once, then written whole or for any region of its canvas: a big
    PNG is drawn band by band, each from an SVG of only the elements that reach the band.
    Every document has the full canvas' size and the same defs and background."""

    def __init__(self, scene: Scene, options: RenderOptions) -> None:
        self._job = _SvgJob(scene, options, keep_shapes=len(scene.elements) <= _KEEP_SHAPES_UP_TO)
        self.warnings = scene.warnings  # what drawing it had to say
        self.element_count = len(self._job.render_elements)

    def svg(self, region: Box | None = None) -> str:
        """The document; with ``region`` (x0, y0, x1, y1 in viewBox units) only the elements
        whose ink may reach that box are in it."""
        job = self._job
        job.reset_document_state()
        body = "".join(job.body(region))
        return job.head() + body + SVG_END


def render_svg(scene: Scene, options: RenderOptions | None = None) -> str:
    """The SVG document of ``scene`` as Excalidraw's ``exportToSvg`` writes it."""
    job = _SvgJob(scene, options or RenderOptions())
    body = "".join(job.body())
    return job.head() + body + SVG_END


def write_svg(scene: Scene, options: RenderOptions | None, out: BinaryIO) -> None:
    """:func:`render_svg` written to ``out`` as UTF-8, the same bytes, without holding the
    document in memory: past the first few MB, each element's markup goes to a spool file
    as it is drawn (a 50,000-element drawing is about 150 MB of SVG), then head, body and
    end to ``out``. Most drawings never need the spool."""
    job = _SvgJob(scene, options or RenderOptions())
    with ExitStack() as stack:
        spool = None
        pending: list[str] = []
        size = 0
        for part in job.body():
            pending.append(part)
            size += len(part)
            if size > _SPOOL_CHUNK:
                if spool is None:
                    spool = stack.enter_context(tempfile.TemporaryFile())
                spool.write("".join(pending).encode("utf-8"))
                pending, size = [], 0
        out.write(job.head().encode("utf-8"))
        if spool is not None:
            spool.seek(0)
            shutil.copyfileobj(spool, out, _SPOOL_CHUNK)
        out.write("".join(pending).encode("utf-8"))
    out.write(SVG_END.encode("utf-8"))


_SPOOL_CHUNK = 4 * 1024 * 1024


def _render_elements(render_elements: list[Element], by_id: dict[str, Element], ctx: RenderContext,
                     keep: set[int] | None = None) -> Iterator[str]:
    """Markup of every element in Excalidraw's order: labels right after their container, embeds last.
    With ``keep``, only the elements whose ``id()`` is in it (with their labels)."""
    frames_in_render = {i: e for i, e in by_id.items() if e.get("type") in _FRAME_TYPES}
    bound_text = ctx.geometry.bound_text_of
    if keep is not None:
        render_elements = [el for el in render_elements if id(el) in keep]
    for el in render_elements:
        if el.get("type") in _IFRAME_LIKE:
            continue
        if el.get("type") == "text" and el.get("containerId") and el["containerId"] in by_id:
            continue
        yield _wrap(el, draw_element(el, ctx), ctx, frames_in_render)
        text = bound_text(el)
        if text is not None:
            yield _wrap(text, draw_element(text, ctx), ctx, frames_in_render)
    for el in render_elements:
        if el.get("type") in _IFRAME_LIKE:
            yield _wrap(el, draw_element(el, ctx), ctx, frames_in_render)


