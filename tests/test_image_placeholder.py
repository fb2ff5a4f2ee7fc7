"""Images without a usable file are drawn as Excalidraw's canvas placeholder.

Excalidraw's PNG export and editor (``drawImagePlaceholder``) fill the element's
box with #E7E7E7 and draw a #888 picture icon, min(side, min(side * 0.4, 100))
square, centred. The SVG is parsed to check place, size, rotation, opacity,
dark mode and frame clipping; the rasterised PNG of a real drawing is compared
with Excalidraw's own PNG export of it.
"""

from __future__ import annotations

import io
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from exporter.render import RenderOptions, render_svg
from exporter.render.colors import apply_dark_mode_filter
from exporter.render.elements.image import placeholder_icon_size
from exporter.scene.model import EmbeddedFile, Scene

SVG_NS = "{http://www.w3.org/2000/svg}"
CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
CATALOGUE = CORPUS / "obsidian" / "wiki-video-catalogue.md"
CATALOGUE_PNG = CORPUS / "reference" / "wiki-video-catalogue.png"
TRANSLATE = re.compile(r"translate\(([-\d.e]+) ([-\d.e]+)\)")
ROTATE = re.compile(r"rotate\(([-\d.e]+) ([-\d.e]+) ([-\d.e]+)\)")
SCALE = re.compile(r"scale\(([-\d.e]+)\)")
# A 1x1 red PNG: the same scene with the file present, for the bounds check.
RED_PNG = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0g"
           "AAAABJRU5ErkJggg==")


def _image(el_id: str, x: float, y: float, w: float, h: float, file_id: str | None = "gone", **extra: object) -> dict:
    return {"type": "image", "id": el_id, "x": x, "y": y, "width": w, "height": h, "angle": 0, "opacity": 100,
            "scale": [1, 1], "strokeColor": "transparent", "backgroundColor": "transparent", "roundness": None,
            "crop": None, "groupIds": [], "frameId": None, "isDeleted": False, "link": None, "status": "saved",
            "seed": 1, "fileId": file_id, **extra}


def _frame(fr_id: str, x: float, y: float, w: float, h: float) -> dict:
    return {"type": "frame", "id": fr_id, "x": x, "y": y, "width": w, "height": h, "angle": 0, "opacity": 100,
            "name": "F", "strokeColor": "#bbb", "backgroundColor": "transparent", "groupIds": [], "frameId": None,
            "isDeleted": False, "link": None, "roundness": None, "strokeWidth": 2, "strokeStyle": "solid",
            "fillStyle": "solid", "roughness": 0, "seed": 1}


def _scene(*elements: dict, files: dict | None = None, embedded: dict | None = None) -> Scene:
    return Scene(elements=list(elements), app_state={"viewBackgroundColor": "#ffffff"}, files=files or {},
                 embedded=embedded or {})


def _placeholders(svg: str) -> list[tuple[ET.Element, ET.Element, ET.Element, list[ET.Element]]]:
    """(group, rect, icon path, ancestors) of each placeholder in the SVG."""
    found = []

    def walk(node: ET.Element, ancestors: list[ET.Element]) -> None:
        children = list(node)
        if (len(children) == 2 and children[0].tag == f"{SVG_NS}rect" and children[1].tag == f"{SVG_NS}path"
                and children[1].get("fill-rule") == "evenodd"):
            found.append((node, children[0], children[1], ancestors))
            return
        for child in children:
            walk(child, [*ancestors, node])

    walk(ET.fromstring(svg), [])
    return found


def _floats(pattern: re.Pattern[str], text: str | None) -> list[float]:
    m = pattern.search(text or "")
    assert m, text
    return [float(v) for v in m.groups()]


@pytest.mark.parametrize(("w", "h", "size"), [(200, 100, 40), (1000, 600, 100), (10, 30, 4), (300, 250, 100)])
def test_icon_size_follows_excalidraws_rule(w: float, h: float, size: float) -> None:
    assert placeholder_icon_size(w, h) == pytest.approx(size)


def test_placeholder_is_a_grey_box_with_a_centred_icon_rotated_and_faded_like_the_element() -> None:
    el = _image("a", 10, 20, 200, 100, angle=math.pi / 6, opacity=50)
    scene = _scene(el)
    svg = render_svg(scene, RenderOptions(embed_fonts=False))
    [(group, rect, icon, _)] = _placeholders(svg)
    root = ET.fromstring(svg)
    min_x, min_y = (float(v) for v in root.get("viewBox", "").split()[:2])
    assert (min_x, min_y) == (0, 0)
    # rotated about the box centre; the export box (10 px padding) covers the rotated box
    tx, ty = _floats(TRANSLATE, group.get("transform"))
    deg, cx, cy = _floats(ROTATE, group.get("transform"))
    assert deg == pytest.approx(30) and (cx, cy) == (100, 50)
    assert group.get("opacity") == "0.5"
    assert (rect.get("x"), rect.get("y"), rect.get("width"), rect.get("height")) == ("0", "0", "200", "100")
    assert rect.get("fill") == "#E7E7E7" and icon.get("fill") == "#888"
    ix, iy = _floats(TRANSLATE, icon.get("transform"))
    [scale] = _floats(SCALE, icon.get("transform"))
    assert scale * 512 == pytest.approx(40)  # min(100, min(100 * 0.4, 100))
    assert (ix + 20, iy + 20) == (100, 50)  # centred in the box
    # the element's top-left corner sits where the rotation about (cx, cy) puts it, inside the export box
    corner_x = tx + cx - cx * math.cos(math.pi / 6) + cy * math.sin(math.pi / 6)
    corner_y = ty + cy - cx * math.sin(math.pi / 6) - cy * math.cos(math.pi / 6)
    width, height = float(root.get("width", 0)), float(root.get("height", 0))
    assert 0 <= corner_x <= width and 0 <= corner_y <= height
    assert [w for w in scene.warnings if w.startswith("image ")] == ["image gone not found; drawn as a placeholder"]


def test_one_warning_per_file_and_none_for_files_the_loader_reported() -> None:
    scene = _scene(_image("a", 0, 0, 40, 30), _image("b", 50, 0, 40, 30), _image("c", 100, 0, 40, 30, "tex"))
    scene.embedded = {"tex": EmbeddedFile("tex", "latex", "$$E = mc^2$$")}
    svg = render_svg(scene, RenderOptions(embed_fonts=False))
    assert len(_placeholders(svg)) == 3
    assert [w for w in scene.warnings if w.startswith("image ")] == ["image gone not found; drawn as a placeholder"]


def test_dark_mode_transforms_the_placeholder_colours() -> None:
    svg = render_svg(_scene(_image("a", 0, 0, 200, 100)), RenderOptions(embed_fonts=False, dark=True))
    [(_, rect, icon, _)] = _placeholders(svg)
    assert rect.get("fill") == apply_dark_mode_filter("#E7E7E7") != "#E7E7E7"
    assert icon.get("fill") == apply_dark_mode_filter("#888") != "#888"


def test_placeholder_in_a_frame_is_clipped_by_it() -> None:
    svg = render_svg(_scene(_frame("fr", 0, 0, 300, 200), _image("a", 200, 100, 200, 150, frameId="fr")),
                     RenderOptions(embed_fonts=False))
    [(_, _, _, ancestors)] = _placeholders(svg)
    assert any(a.get("clip-path") == "url(#fr)" for a in ancestors)


def test_placeholder_does_not_change_the_export_box() -> None:
    missing = render_svg(_scene(_image("a", 5, 7, 123, 45, angle=0.4)), RenderOptions(embed_fonts=False))
    present = render_svg(_scene(_image("a", 5, 7, 123, 45, "red", angle=0.4),
                                files={"red": {"id": "red", "mimeType": "image/png", "dataURL": RED_PNG}}),
                         RenderOptions(embed_fonts=False))
    assert "<use" in present and not _placeholders(present)
    assert ET.fromstring(missing).get("viewBox") == ET.fromstring(present).get("viewBox")


def test_rasterised_placeholder_shows_the_grey_box_and_the_icon() -> None:
    from PIL import Image

    from exporter.raster import svg_to_png

    svg = render_svg(_scene(_image("a", 0, 0, 200, 100)), RenderOptions(embed_fonts=False))
    png = Image.open(io.BytesIO(svg_to_png(svg))).convert("RGB")
    assert png.size == (220, 120)
    assert png.getpixel((20, 20)) == (231, 231, 231)  # box corner: #E7E7E7
    assert png.getpixel((92, 50)) == (136, 136, 136)  # the icon's frame, left of centre: #888
    assert png.getpixel((5, 5)) == (255, 255, 255)  # padding


@pytest.mark.skipif(not (CATALOGUE.exists() and CATALOGUE_PNG.exists()), reason="corpus not available")
def test_catalogue_placeholders_match_excalidraws_png() -> None:
    import numpy as np
    from PIL import Image

    from exporter.load import load
    from exporter.raster import svg_to_png

    scene = load(CATALOGUE)
    svg = render_svg(scene, RenderOptions(embed_fonts=False))
    reference = np.asarray(Image.open(CATALOGUE_PNG).convert("RGB"), dtype=float)
    ours = np.asarray(Image.open(io.BytesIO(svg_to_png(svg, width=reference.shape[1]))).convert("RGB"), dtype=float)
    # fitting the width may round the height by a pixel or two
    assert ours.shape[1] == reference.shape[1] and abs(ours.shape[0] - reference.shape[0]) <= 2
    scale = reference.shape[1] / float(ET.fromstring(svg).get("width", 0))
    boxes = _placeholders(svg)
    assert len(boxes) > 150
    for group, rect, _, _ in boxes[::25]:
        if _floats(ROTATE, group.get("transform"))[0] != 0:
            continue
        tx, ty = _floats(TRANSLATE, group.get("transform"))
        w, h = float(rect.get("width", 0)), float(rect.get("height", 0))
        # the box's left third: grey only, the icon sits in the middle
        x0, x1 = int((tx + 2) * scale), int((tx + w / 3) * scale)
        y0, y1 = int((ty + 2) * scale), int((ty + h - 2) * scale)
        mine, theirs = ours[y0:y1, x0:x1].mean(axis=(0, 1)), reference[y0:y1, x0:x1].mean(axis=(0, 1))
        assert np.abs(mine - theirs).max() < 3, (group.get("transform"), mine, theirs)
        assert np.abs(theirs - 231).max() < 3
        # the whole box, icon included
        x1 = int((tx + w - 2) * scale)
        mine, theirs = ours[y0:y1, x0:x1].mean(axis=(0, 1)), reference[y0:y1, x0:x1].mean(axis=(0, 1))
        assert np.abs(mine - theirs).max() < 3, (group.get("transform"), mine, theirs)
        assert theirs.mean() < 229  # the icon darkens it



def test_flipped_image_mirrors_the_icon() -> None:
    from PIL import Image

    from exporter.raster import svg_to_png

    def pixel(scale: list[int], x: int, y: int) -> tuple[int, int, int]:
        svg = render_svg(_scene(_image("a", 0, 0, 200, 100, scale=scale)), RenderOptions(embed_fonts=False))
        return Image.open(io.BytesIO(svg_to_png(svg))).convert("RGB").getpixel((x, y))

    sun_left, sun_right = (10 + 89, 10 + 44), (10 + 111, 10 + 44)  # the sun is cut out of the icon
    assert pixel([1, 1], *sun_left) == (231, 231, 231) and pixel([1, 1], *sun_right) == (136, 136, 136)
    assert pixel([-1, 1], *sun_left) == (136, 136, 136) and pixel([-1, 1], *sun_right) == (231, 231, 231)
