"""exporter.raster: PNG/JPEG/WebP/PDF from SVG, checked on pixels and on PDF structure."""

from __future__ import annotations

import argparse
import io
import json
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from exporter.errors import RenderError
from exporter.raster import svg_to_jpeg, svg_to_pdf, svg_to_png, svg_to_webp
from exporter.raster.adapt import adapt_svg
from exporter.raster.budget import CAIRO_MAX_SIDE, budget_factor
from exporter.raster.frames import frame_slugs, ordered_frames, safe_name
from exporter.raster.paper import PT_PER_MM, layout_page

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
REFERENCE = CORPUS / "reference"
A4_PT = (210 * PT_PER_MM, 297 * PT_PER_MM)


def box_svg(width: float = 100.7, height: float = 50.2, background: str | None = None, text: str = "") -> str:
    """A drawing with a black square at (10,10)-(30,30), optional background and text."""
    bg = f'<rect x="0" y="0" width="{width}" height="{height}" fill="{background}"></rect>' if background else ""
    label = (f'<text x="40" y="30" font-family="Liberation Sans, sans-serif" font-size="16px" fill="#000">{text}</text>'
             if text else "")
    return (f'<svg version="1.1" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}">{bg}<rect x="10" y="10" width="20" height="20" fill="#000000"></rect>'
            f"{label}</svg>")


def png_image(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image.convert("RGBA")


# --- PNG -------------------------------------------------------------------------------------------


def test_png_size_is_svg_size_times_scale_truncated_like_a_canvas():
    assert png_image(svg_to_png(box_svg())).size == (100, 50)
    assert png_image(svg_to_png(box_svg(), scale=2)).size == (201, 100)
    assert png_image(svg_to_png(box_svg(), scale=0.5)).size == (50, 25)


def test_png_width_keeps_aspect_and_dpi_sets_scale_and_density():
    assert png_image(svg_to_png(box_svg(200, 100), width=1000)).size == (1000, 500)
    data = svg_to_png(box_svg(96, 48), dpi=300)
    image = Image.open(io.BytesIO(data))
    assert image.size == (300, 150)
    assert round(image.info["dpi"][0]) == 300


def test_png_is_transparent_unless_a_background_is_given():
    transparent = png_image(svg_to_png(box_svg()))
    assert transparent.getpixel((90, 45))[3] == 0
    assert transparent.getpixel((20, 20)) == (0, 0, 0, 255)
    filled = png_image(svg_to_png(box_svg(), background="#ff0000"))
    assert filled.getpixel((90, 45)) == (255, 0, 0, 255)
    scene_bg = png_image(svg_to_png(box_svg(background="#00ff00")))
    assert scene_bg.getpixel((90, 45)) == (0, 255, 0, 255)


def test_png_over_the_pixel_budget_is_scaled_down_with_a_warning():
    warnings: list[str] = []
    image = png_image(svg_to_png(box_svg(1000, 500), max_pixels=20_000, warnings=warnings))
    assert image.width * image.height <= 20_000
    assert image.width == pytest.approx(2 * image.height, abs=1)
    assert any("pixel budget" in w for w in warnings)
    # The drawing is scaled, not cropped: the square is still at 1-3 % of the width.
    x = int(image.width * 0.02)
    assert image.getpixel((x, x))[3] == 255
    quiet: list[str] = []
    svg_to_png(box_svg(1000, 500), warnings=quiet)
    assert not any("pixel budget" in w for w in quiet)


def test_budget_honours_cairo_side_limit():
    factor = budget_factor(100_000, 10, max_pixels=10**12)
    assert int(100_000 * factor) <= CAIRO_MAX_SIDE


@pytest.mark.parametrize("background", ["#ffffff", None])
def test_png_encoder_matches_cairos_pixels(background):
    from exporter.raster.png import draw_svg
    from exporter.raster.pngencode import encode_surface

    svg = box_svg(300, 700, background=background, text="Bands of rows")  # 700 rows: several bands
    svg = svg.replace("</svg>", '<circle cx="150" cy="500" r="90" fill="#ff000080"></circle></svg>')
    raster = draw_svg(svg)
    ours = np.asarray(png_image(encode_surface(raster.surface, raster.width, raster.height)), dtype=int)
    out = io.BytesIO()
    raster.surface.write_to_png(out)
    cairos = np.asarray(png_image(out.getvalue()), dtype=int)
    assert ours.shape == cairos.shape == (700, 300, 4)
    # Opaque: identical; with alpha: un-premultiplying may round one unit differently.
    assert np.abs(ours - cairos).max() <= (0 if background else 1)


def test_png_is_deterministic():
    svg = box_svg(background="#ffffff", text="Hello")
    assert svg_to_png(svg, scale=2) == svg_to_png(svg, scale=2)


def test_invalid_svg_and_options_raise_render_errors():
    with pytest.raises(RenderError):
        svg_to_png("<svg")
    with pytest.raises(RenderError):
        svg_to_png(box_svg(), scale=0)
    with pytest.raises(RenderError):
        svg_to_jpeg(box_svg(), quality=0)


# --- JPEG / WebP -----------------------------------------------------------------------------------


@pytest.mark.parametrize("encode,fmt", [(svg_to_jpeg, "JPEG"), (svg_to_webp, "WEBP")])
def test_jpeg_and_webp_open_in_pillow_flattened_on_white(encode, fmt):
    data = encode(box_svg(), quality=90)
    image = Image.open(io.BytesIO(data))
    assert image.format == fmt
    assert image.size == (100, 50)
    rgb = image.convert("RGB")
    assert min(rgb.getpixel((90, 45))) > 240  # transparent area flattened onto white
    assert max(rgb.getpixel((20, 20))) < 30


def test_jpeg_flattens_onto_the_given_background():
    rgb = Image.open(io.BytesIO(svg_to_jpeg(box_svg(), background="#0000ff"))).convert("RGB")
    r, g, b = rgb.getpixel((90, 45))
    assert b > 200 and r < 40 and g < 40


# --- adaptation for cairosvg -----------------------------------------------------------------------


def test_label_mask_hides_the_arrow_under_the_label_and_is_not_drawn_itself():
    # Excalidraw's arrow-label mask: white everywhere, black hole under the label.
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" width="200" height="100">'
           '<rect x="150" y="0" width="50" height="100" fill="#ff0000"></rect>'
           '<g mask="url(#mask-a)" stroke-linecap="round"><path d="M0 50 L200 50" stroke="#000" '
           'stroke-width="4" fill="none"></path></g>'
           '<mask id="mask-a" maskUnits="userSpaceOnUse" x="0" y="0" width="200" height="100">'
           '<rect x="0" y="0" fill="#fff" width="300" height="200"></rect>'
           '<rect x="80" y="40" fill="#000" width="40" height="20" opacity="1"></rect></mask></svg>')
    image = png_image(svg_to_png(svg))
    assert image.getpixel((40, 50))[3] == 255  # arrow drawn outside the label
    assert image.getpixel((100, 50))[3] == 0  # hidden under the label
    assert image.getpixel((175, 20)) == (255, 0, 0, 255)  # the mask's white rect is not painted over
    assert "<mask id" not in adapt_svg(svg)


def test_unnamed_masks_are_dropped_and_draw_nothing_either_way():
    """Excalidraw writes an empty <mask> after every arrow without a label. They are not
    drawn (nothing refers to them), so they are left out; the pixels are the same."""
    arrow = '<g stroke-linecap="round"><path d="M10 50 L190 {y}" stroke="#1e1e1e" stroke-width="2" fill="none"/></g>'
    body = "".join(arrow.format(y=10 + 9 * i) + "<mask></mask>" for i in range(10))
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" width="200" height="100">{body}</svg>'
    adapted = adapt_svg(svg)
    assert "<mask" not in adapted and adapted.count("<path") == 10
    named = svg.replace("<mask></mask>", '<mask id="kept"></mask>', 1)
    assert adapt_svg(named).count("<mask") == 1  # an id can be referred to: kept
    without = svg.replace("<mask></mask>", "")
    assert np.array_equal(np.asarray(png_image(svg_to_png(svg))), np.asarray(png_image(svg_to_png(without))))


def test_invalid_stroke_width_falls_back_to_one_like_a_browser():
    # Excalidraw writes the frame outline as stroke-width="#525252".
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="100" height="100">'
           '<rect x="10.5" y="10.5" width="80" height="80" fill="none" stroke="#000" stroke-width="#525252">'
           "</rect></svg>")
    image = png_image(svg_to_png(svg))
    assert image.getpixel((10, 50))[3] == 255 and image.getpixel((12, 50))[3] == 0


def test_frame_outline_with_a_colour_as_width_is_two_pixels_like_excalidraws_png():
    # The Obsidian build writes the frame outline as stroke-width="rgba(0, 0, 200, 0.04)";
    # its canvas (PNG) export strokes frame outlines 2 px wide.
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="100" height="100">'
           '<rect transform="translate(10 10) rotate(0 40 40)" width="80px" height="80px" rx="8" ry="8" '
           'fill="none" stroke="#000" stroke-width="rgba(0, 0, 200, 0.04)"></rect></svg>')
    image = png_image(svg_to_png(svg))
    assert image.getpixel((9, 50))[3] == 255 and image.getpixel((10, 50))[3] == 255
    assert image.getpixel((12, 50))[3] == 0


def test_sub_pixel_strokes_are_drawn_as_browser_hairlines():
    # rough.js draws each line twice; Chrome strokes a 0.5 px line as a 1 px hairline at half
    # alpha per sub-path, so the doubled line reaches 1 - 0.75^2 of the colour on each of the
    # two pixels it straddles (Chromium renders 101 here), where cairo's exact area gives 25 %.
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20" width="40" height="20">'
           '<rect width="40" height="20" fill="#121212"></rect><path d="M0 10 L40 10 M0 10 L40 10" '
           'stroke="#d3d3d3" stroke-width="0.5" fill="none"></path></svg>')
    image = png_image(svg_to_png(svg))
    assert [image.getpixel((20, y))[0] for y in (8, 9, 10, 11)] == pytest.approx([18, 102, 102, 18], abs=2)
    thick = png_image(svg_to_png(svg.replace('stroke-width="0.5"', 'stroke-width="2"')))
    assert thick.getpixel((20, 9))[0] == 211  # ordinary strokes are untouched


def test_text_keeps_repeated_spaces_and_gets_one_unhinted_position_per_character():
    from exporter.raster.fontcatalog import catalog

    face = catalog().face("Liberation Sans")
    if face is None:
        pytest.skip("Liberation Sans not installed (fonts-liberation)")
    root = ET.fromstring(adapt_svg(box_svg(text="a  b")))
    (text,) = root.iter("{http://www.w3.org/2000/svg}text")
    assert text.text == "a  b"
    assert text.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    xs = [float(v) for v in text.get("x").split()]
    assert xs[0] == 40 and len(xs) == 4
    expected = face.advance("a", 16) + 2 * face.advance(" ", 16)
    assert xs[3] - xs[0] == pytest.approx(expected, abs=0.002)


def test_centred_text_is_anchored_on_its_advance_width():
    from exporter.raster.fontcatalog import catalog

    face = catalog().face("Liberation Sans")
    if face is None:
        pytest.skip("Liberation Sans not installed (fonts-liberation)")
    svg = box_svg(text="Wide").replace('<text x="40"', '<text x="60" text-anchor="middle"')
    (text,) = ET.fromstring(adapt_svg(svg)).iter("{http://www.w3.org/2000/svg}text")
    width = sum(face.advance(ch, 16) for ch in "Wide")
    assert text.get("text-anchor") == "start"
    assert float(text.get("x").split()[0]) == pytest.approx(60 - width / 2, abs=0.002)


@pytest.mark.skipif(not Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf").exists()
                    or shutil.which("fc-match") is None, reason="needs fonts-noto-color-emoji and fc-match")
def test_emoji_falls_back_to_the_colour_emoji_font():
    from exporter.raster.fontcatalog import catalog

    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 60" width="200" height="60">'
           '<text x="10" y="45" font-family="Liberation Sans, sans-serif, Segoe UI Emoji" font-size="40px" '
           'fill="#000000">A\U0001F680</text></svg>')
    adapted = adapt_svg(svg, catalog())
    assert adapted.count("<text") == 2 and "Noto Color Emoji" in adapted
    # U+2764 + VS16 is drawn as an emoji although text fonts have U+2764; the space after it is text.
    hearts = ET.fromstring(adapt_svg(svg.replace("A\U0001F680", "\u2764\ufe0f B"), catalog()))
    runs = [(t.get("font-family"), t.text) for t in hearts.iter("{http://www.w3.org/2000/svg}text")]
    # (The selector stays in the emoji run: the shaper makes it invisible; PDF text keeps it.)
    assert runs == [("Noto Color Emoji", "\u2764\ufe0f"), ("Liberation Sans", " B")]
    image = png_image(svg_to_png(svg))
    colours = {image.getpixel((x, y))[:3] for x in range(40, 200) for y in range(0, 60) if image.getpixel((x, y))[3]}
    assert any(abs(r - g) > 60 or abs(g - b) > 60 for r, g, b in colours)  # the rocket is in colour


# --- PDF -------------------------------------------------------------------------------------------


def pdf_pages(data: bytes) -> list:
    pypdf = pytest.importorskip("pypdf")
    return list(pypdf.PdfReader(io.BytesIO(data)).pages)


def pdftoppm_pages(data: bytes, tmp_path: Path, dpi: int = 36) -> list[Image.Image]:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is absent (poppler-utils)")
    src = tmp_path / "doc.pdf"
    src.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(src), str(tmp_path / "page")], check=True)
    return [Image.open(p).convert("RGB") for p in sorted(tmp_path.glob("page-*.png"))]


def dark_fraction(image: Image.Image) -> float:
    gray = image.convert("L")
    hist = gray.histogram()
    return sum(hist[:128]) / (image.width * image.height)


def test_pdf_page_fits_the_drawing_by_default(tmp_path):
    data = svg_to_pdf([box_svg(200, 100)])
    (page,) = pdf_pages(data)
    assert float(page.mediabox.width) == pytest.approx(150, abs=0.01)  # 200 px * 0.75 pt
    assert float(page.mediabox.height) == pytest.approx(75, abs=0.01)
    (png,) = pdftoppm_pages(data, tmp_path, dpi=96)
    assert dark_fraction(png) > 0.01


def test_pdf_on_a4_is_scaled_to_fit_centred_and_oriented(tmp_path):
    data = svg_to_pdf([box_svg(400, 100), box_svg(100, 400)], page_size="A4")
    first, second = pdf_pages(data)
    assert (float(first.mediabox.width), float(first.mediabox.height)) == pytest.approx(A4_PT[::-1], abs=0.01)
    assert (float(second.mediabox.width), float(second.mediabox.height)) == pytest.approx(A4_PT, abs=0.01)
    portrait = pdf_pages(svg_to_pdf([box_svg(400, 100)], page_size="a4", orientation="portrait"))[0]
    assert float(portrait.mediabox.width) < float(portrait.mediabox.height)
    pages = pdftoppm_pages(data, tmp_path)
    assert len(pages) == 2 and all(dark_fraction(p) > 0.001 for p in pages)


def test_page_layout_centres_within_the_margin():
    page = layout_page(400, 100, "A4", margin_mm=10)
    assert page.width > page.height
    assert page.scale * 400 == pytest.approx(page.width - 20 * PT_PER_MM)
    assert page.offset_y == pytest.approx((page.height - 100 * page.scale) / 2)
    with pytest.raises(RenderError):
        layout_page(10, 10, "B7")


def test_pdf_keeps_text_as_text_and_is_deterministic():
    pypdf = pytest.importorskip("pypdf")
    data = svg_to_pdf([box_svg(300, 60, background="#ffffff", text="Searchable words")])
    text = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Searchable" in text and "words" in text
    assert data == svg_to_pdf([box_svg(300, 60, background="#ffffff", text="Searchable words")])
    assert b"/CreationDate (20000101000000Z)" in data  # fixed, not the time of the run


def test_pdf_web_links_are_clickable_and_page_titles_make_bookmarks():
    pypdf = pytest.importorskip("pypdf")
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" width="200" height="100">'
           '<a href="https://example.com/x"><rect x="10" y="10" width="50" height="50" fill="#000"></rect></a>'
           '<a href="[[Vault note]]"><rect x="100" y="10" width="50" height="50" fill="#000"></rect></a></svg>')
    reader = pypdf.PdfReader(io.BytesIO(svg_to_pdf([svg, svg], page_titles=["Intro", "Details"])))
    (annot,) = [a.get_object() for a in reader.pages[0]["/Annots"]]
    assert annot["/A"]["/URI"] == "https://example.com/x"
    x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
    assert (x0, x1) == pytest.approx((7.5, 45), abs=1) and (y0, y1) == pytest.approx((30, 67.5), abs=1)
    assert [item.title for item in reader.outline] == ["Intro", "Details"]


# --- corpus: real Excalidraw SVGs ------------------------------------------------------------------

CORPUS_STEMS = ["camera-modulation-ru", "wiki-welcome", "yuiju-architecture-cn", "kurtosis-cdk-architecture"]


@pytest.mark.parametrize("stem", CORPUS_STEMS)
def test_reference_svg_draws_at_excalidraw_png_size_with_ink(stem):
    svg_path, png_path = REFERENCE / f"{stem}.svg", REFERENCE / f"{stem}.png"
    if not svg_path.exists() or not png_path.exists():
        pytest.skip("corpus reference renders absent")
    ours = png_image(svg_to_png(svg_path.read_text(encoding="utf-8")))
    assert ours.size == Image.open(png_path).size
    # Ink (non-background) present and of the same order as in Excalidraw's PNG.
    ref = Image.open(png_path).convert("RGBA")

    def ink(image: Image.Image) -> int:
        pixels = np.asarray(image.resize((image.width // 4, image.height // 4)), dtype=np.int16)
        return int((np.abs(pixels - pixels[0, 0]).max(axis=2) > 60).sum())

    assert 0.5 < ink(ours) / max(1, ink(ref)) < 1.5


def test_corpus_pdf_of_several_drawings_has_one_page_each_and_searchable_text(tmp_path):
    stems = ["camera-modulation-ru", "saga-slides-ru"]
    paths = [REFERENCE / f"{s}.svg" for s in stems]
    if not all(p.exists() for p in paths):
        pytest.skip("corpus reference renders absent")
    pypdf = pytest.importorskip("pypdf")
    data = svg_to_pdf([p.read_text(encoding="utf-8") for p in paths], page_size="A3")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2
    assert "Сенсор" in reader.pages[0].extract_text()
    pages = pdftoppm_pages(data, tmp_path)
    assert all(dark_fraction(p) > 0.001 for p in pages)


# --- frames ----------------------------------------------------------------------------------------


class FakeScene:
    def __init__(self, frames: list[dict]) -> None:
        self.frames = frames
        self.source = "fake.excalidraw"


def test_frames_follow_numbers_in_names_else_z_order():
    numbered = FakeScene([{"id": "a", "name": "Slide 10"}, {"id": "b", "name": "2 intro"}, {"id": "c", "name": "1"}])
    assert [f["id"] for f in ordered_frames(numbered)] == ["c", "b", "a"]
    mixed = FakeScene([{"id": "a", "name": "Outro"}, {"id": "b", "name": "1 intro"}])
    assert [f["id"] for f in ordered_frames(mixed)] == ["a", "b"]


def test_frame_slugs_are_numbered_and_file_safe():
    frames = [{"name": "Intro: why?"}, {"name": None}, {"name": "../../etc/passwd"}, {"name": "设计 图"}]
    assert frame_slugs(frames) == ["01-Intro-why", "02-Frame", "03-etc-passwd", "04-设计-图"]
    assert safe_name("///") == "frame"


def corpus_scene(name: str):
    from exporter.scene.model import Scene

    path = CORPUS / "json" / name
    if not path.exists():
        pytest.skip("corpus absent")
    try:
        from exporter.load import load_scene
    except ImportError:  # the loader is optional for these tests: the stored JSON renders as it is
        load_scene = None
    if load_scene is not None:
        return load_scene(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    return Scene([e for e in data["elements"] if not e.get("isDeleted")], data.get("appState", {}),
                 data.get("files") or {}, source=str(path))


def test_pdf_pages_frames_has_one_page_per_frame(tmp_path):
    pytest.importorskip("exporter.render.svg")
    from exporter.raster.cliargs import add_raster_arguments, write_raster_outputs
    from exporter.render.options import RenderOptions

    scene = corpus_scene("saga-slides-ru.excalidraw")
    parser = argparse.ArgumentParser()
    add_raster_arguments(parser)
    args = parser.parse_args(["--pages", "frames", "--page-size", "a4"])
    result = write_raster_outputs(args, scene, "saga", tmp_path, ["pdf"], RenderOptions())
    assert [p.name for p in result.paths] == ["saga.pdf"]
    pages = pdf_pages((tmp_path / "saga.pdf").read_bytes())
    assert len(pages) == len(scene.frames) > 1
    assert all(float(p.mediabox.width) == pytest.approx(A4_PT[1], abs=0.01) for p in pages)
    reader = pytest.importorskip("pypdf").PdfReader(tmp_path / "saga.pdf")
    assert len(reader.outline) == len(pages)  # one bookmark per frame


def test_each_frame_writes_one_png_per_frame(tmp_path):
    pytest.importorskip("exporter.render.svg")
    from exporter.raster.cliargs import add_raster_arguments, write_raster_outputs
    from exporter.render.options import RenderOptions

    scene = corpus_scene("saga-slides-ru.excalidraw")
    parser = argparse.ArgumentParser()
    add_raster_arguments(parser)
    args = parser.parse_args(["--each-frame", "--width", "320"])
    result = write_raster_outputs(args, scene, "saga", tmp_path, ["png", "svg"], RenderOptions())
    pngs = sorted(p.name for p in tmp_path.glob("*.png"))
    assert len(pngs) == len(scene.frames)
    assert pngs[0].startswith("saga-01-") and len(list(tmp_path.glob("*.svg"))) == len(scene.frames)
    assert all(Image.open(tmp_path / n).width == 320 for n in pngs)
    assert not list(tmp_path.glob(".*.tmp"))  # atomic writes leave no temporary files
    assert set(result.paths) == set(tmp_path.glob("saga-*"))


def test_png_density_chunk_is_well_formed():
    data = svg_to_png(box_svg(), dpi=192)
    at = data.index(b"pHYs")
    ppm_x, ppm_y, unit = struct.unpack(">IIB", data[at + 4: at + 13])
    assert ppm_x == ppm_y == round(192 / 0.0254) and unit == 1


def test_layout_applies_the_fonts_pair_kerning():
    from exporter.raster.fontcatalog import catalog
    from exporter.raster.textruns import layout_runs

    face = catalog().face("Liberation Sans")
    if face is None:
        pytest.skip("Liberation Sans not installed (fonts-liberation)")
    kern = face.kerning("A", "V", 100)
    assert kern < 0  # Liberation Sans kerns A-V tighter
    (run,), width = layout_runs("AV", [face], [], 100)
    assert run[1][1][1] == pytest.approx(face.advance("A", 100) + kern)
    assert width == pytest.approx(face.advance("A", 100) + kern + face.advance("V", 100))


def test_adler32_combine_matches_zlib_over_the_concatenation():
    import random
    import zlib

    from exporter.raster.pngencode import adler32_combine

    rng = random.Random(5)
    for _ in range(50):
        a = rng.randbytes(rng.randrange(0, 3000))
        b = rng.randbytes(rng.randrange(0, 90000))
        assert adler32_combine(zlib.adler32(a), zlib.adler32(b), len(b)) == zlib.adler32(a + b)


def test_font_catalog_reads_the_fonts_conf_folders_and_aliases(tmp_path):
    from exporter.raster.fontcatalog import FontCatalog

    source = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not source.exists():
        pytest.skip("fonts-dejavu-core absent")
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    shutil.copy(source, fonts / "Some.ttf")
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><fontconfig><dir>{fonts}</dir><alias><family>Excalifont</family>'
                    "<prefer><family>DejaVu Sans</family></prefer></alias></fontconfig>", encoding="utf-8")
    catalog = FontCatalog(conf)
    face = catalog.face("Excalifont")
    assert face is not None and face.path == fonts / "Some.ttf" and face.family == "DejaVu Sans"
    assert face.covers("A") and not face.covers("\U0001F680")
    assert face.advance("A", 2048) == pytest.approx(1401)  # DejaVu Sans: 1401 units per em of 2048
    assert catalog.face("No Such Family Anywhere") is None


def test_embed_scene_puts_the_scene_into_the_png_or_says_why_not():
    import importlib.util

    from exporter.raster.cliargs import _scene_chunk, scene_json
    from exporter.scene.model import Scene

    scene = Scene([{"id": "a", "type": "rectangle"}], {"viewBackgroundColor": "#ffffff"}, {})
    warnings: list[str] = []
    chunk = _scene_chunk(scene, warnings)
    if importlib.util.find_spec("exporter.load.embed") is None:
        assert chunk == b"" and any("embed-scene" in w for w in warnings)
    else:
        from exporter.load.embed import encode_png_scene

        png = svg_to_png(box_svg())
        assert chunk[4:8] == b"tEXt" and b"application/vnd.excalidraw+json" in chunk and not warnings
        assert encode_png_scene(png, scene_json(scene)) == png[:-12] + chunk + png[-12:]


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_dark_mode_image_filter_is_applied_to_the_image(kind):
    import base64

    if kind == "png":
        buf = io.BytesIO()
        Image.new("RGB", (20, 20), (255, 255, 255)).save(buf, "PNG")
        url = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()
    else:
        inner = ('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">'
                 '<rect width="20" height="20" fill="#ff0000"/></svg>')
        url = "data:image/svg+xml;base64," + base64.b64encode(inner.encode()).decode()
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 60 30" width="60" height="30"><defs>'
           f'<symbol id="image-x"><image href="{url}" preserveAspectRatio="none" width="100%" height="100%">'
           '</image></symbol></defs>'
           '<g filter="invert(93%) hue-rotate(180deg)"><use href="#image-x" width="20" height="20" '
           'transform="translate(5 5)"></use></g>'
           '<use href="#image-x" width="20" height="20" transform="translate(35 5)"></use></svg>')
    image = png_image(svg_to_png(svg))
    plain = image.getpixel((45, 15))
    dark = image.getpixel((15, 15))
    if kind == "png":  # white -> Excalidraw's dark canvas grey
        assert plain[:3] == (255, 255, 255) and dark[:3] == pytest.approx((18, 18, 18), abs=1)
    else:  # red -> invert(93%) (18, 237, 237) -> hue-rotate(180deg): light red, Excalidraw's #ff9090
        assert plain[:3] == (255, 0, 0)
        assert dark[:3] == pytest.approx((255, 144, 144), abs=2)
    assert 'filter="invert' not in adapt_svg(svg)


def test_local_files_referenced_by_the_svg_are_never_read(tmp_path):
    secret = tmp_path / "secret.png"
    Image.new("RGB", (10, 10), (255, 0, 0)).save(secret)
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20" width="20" height="20">'
           f'<image href="{secret.as_uri()}" width="20" height="20"></image></svg>')
    assert png_image(svg_to_png(svg)).getpixel((10, 10))[3] == 0
