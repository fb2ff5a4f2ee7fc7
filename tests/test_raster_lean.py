"""The raster stage's short cuts through cairosvg draw what cairosvg itself draws.

* exporter/raster/nodetree.py builds cairosvg's node tree from our parsed XML;
* exporter/raster/leandraw.py draws plain groups and paths without cairosvg's
  general per-node machinery.

Both are compared with cairosvg's own route (``Tree(bytestring=...)`` and
``Surface.draw``) on hand-written SVG that uses every attribute the short cuts
handle or hand back, and on every corpus drawing: same nodes, same pixels.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_fuzz_scenes import FUZZ, mutated_scene

from exporter.raster import engine

engine.cairosvg_module()
from cairosvg.parser import Tree  # noqa: E402  (after the font set-up)

from exporter.raster import surfaces  # noqa: E402
from exporter.raster.adapt import adapt_svg  # noqa: E402
from exporter.raster.nodetree import build_tree  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
SEED = sorted((Path(__file__).resolve().parents[1] / "samples").glob("*.excalidraw*"))
CORPUS_FILES = sorted(p for sub in ("json", "obsidian") for p in (CORPUS / sub).glob("*")) if CORPUS.is_dir() else []

HEAD = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="100" viewBox="0 0 120 100">'
SNIPPETS = {
    "plain": '<g transform="translate(10 10) rotate(30 20 20)"><path d="M0 0 L50 50 L0 50 Z" fill="#c00"'
             ' stroke="#000" stroke-width="2"/></g>',
    "group opacity": '<g opacity="0.5"><path d="M0 0 H60 V60 Z" fill="red"/><path d="M20 20 L90 90"'
                     ' stroke="blue" stroke-width="8"/></g>',
    "path opacity": '<path d="M10 10 L90 90" stroke="green" stroke-width="9" opacity="0.4"'
                    ' stroke-opacity="0.5" fill-opacity="0.3"/>',
    "caps joins dashes": '<g stroke-linecap="round" stroke-linejoin="bevel"><path d="M10 10 L60 80 L110 10"'
                         ' fill="none" stroke="#123" stroke-width="6" stroke-dasharray="8,4 2"'
                         ' stroke-dashoffset="3"/></g><path d="M10 90 H110" stroke="#000"'
                         ' stroke-width="4" stroke-linecap="square" stroke-dasharray="0 0"/>',
    "evenodd": '<g fill-rule="evenodd"><path d="M10 10 H90 V90 H10 Z M30 30 H70 V70 H30 Z" fill="#00f"/></g>',
    "transforms": '<g transform="matrix(1 0.2 0.1 1 5 5) scale(0.8) skewX(10)"><path d="M0 0 L80 20 L40 90 Z"'
                  ' fill="#0a0" stroke="none"/></g><g transform="translate(50)"><path d="M0 0 H10 V10"'
                  ' stroke="black"/></g>',
    "group starts in C": '<g transform="matrix(0.9 0.1 -0.2 1.1 7 3) rotate(-15 30 40) scale(1.2 0.8)"'
                         ' stroke-dasharray="5 2" stroke-dashoffset="1" stroke-linecap="square"'
                         ' stroke-linejoin="round" stroke-miterlimit="2"><path d="M0 0 L50 60 L90 10"'
                         ' fill="none" stroke="#123" stroke-width="3"/></g><g transform="rotate(200)'
                         ' translate(-100 -80)"><path d="M0 0 H40 V30 Z" fill="#0a0"/></g>'
                         '<g transform="matrix(1 2 2 4 0 0)"><path d="M0 0 L9 9" stroke="red"/></g>',
    "em units": '<g font-size="20"><path d="M10 10 L100 80" stroke="black" stroke-width="0.3em"/></g>',
    "hairlines": '<path d="M10 10 L100 12 M10 20 L100 22" stroke="#000" stroke-width="0.4" fill="none"/>',
    "clip": '<defs><clipPath id="c"><path d="M0 0 H60 V60 H0 Z"/></clipPath></defs>'
            '<g clip-path="url(#c)"><path d="M0 0 L120 100" stroke="red" stroke-width="20"/></g>',
    "gradient": '<defs><linearGradient id="l"><stop offset="0" stop-color="red"/><stop offset="1"'
                ' stop-color="blue"/></linearGradient></defs><path d="M0 0 H120 V100 Z" fill="url(#l)"/>',
    "hidden": '<g visibility="hidden"><path d="M0 0 H60 V60 Z" fill="red"/></g><g display="none">'
              '<path d="M0 0 L9 9" stroke="red"/></g>',
    "inherit": '<g stroke="purple" stroke-width="5"><path d="M10 10 L100 90" stroke="inherit" fill="none"/>'
               '<path d="M10 90 L100 10" style="stroke: currentColor; color: #f80" fill="none"/></g>',
    "markers": '<defs><marker id="m" markerWidth="4" markerHeight="4"><path d="M0 0 H4 V4 Z"/></marker></defs>'
               '<path d="M10 10 L100 90" stroke="black" marker-end="url(#m)"/>',
    "relative path": '<path d="m10 10 l50 50 h20 a10 10 0 0 1 20 0" stroke="black" fill="none"/>',
    "text": '<g transform="translate(5 50)"><text x="0" y="0" font-family="sans-serif" font-size="20"'
            ' fill="#000">Hi</text></g>',
    "transform forms": '<g transform="translate(5) rotate(10) scale(1.5) scale(0.9 1.1) translate(-3 +2)">'
                       '<path d="M0 0 L40 30" stroke="black"/></g><g transform="translate(1,2) rotate(5 10 20)">'
                       '<path d="M0 0 L40 30" stroke="red"/></g><g transform="scale(0)"><path d="M0 0 L4 3"'
                       ' stroke="red"/></g><g transform="translate(1e1 2E0)"><path d="M0 0 L40 30"'
                       ' stroke="blue"/></g>',
    "canvas background": '<rect x="0" y="0" width="120" height="100" fill="#121212"/>'
                         '<path d="M10 10 L100 90" stroke="#fff" stroke-width="3"/>',
    "backgrounds not painted": '<rect x="0" y="0" width="119.5" height="100" fill="#123"/>'
                               '<rect x="-1" y="-1" width="130" height="130" fill="#ff000080"/>'
                               '<rect x="0" y="0" width="120" height="100" fill="#0f0" opacity="0.5"/>'
                               '<rect x="0" y="0" width="120" height="100" fill="#00f" stroke="#000"/>',
    "rendering hints": '<g shape-rendering="crispEdges"><path d="M10.3 10.3 L100.7 90.1" stroke="black"/></g>',
}


def _stock_tree(svg: str) -> object:
    return Tree(bytestring=adapt_svg(svg).encode("utf-8"))


def _pixels(tree: object, max_pixels: int = 4_000_000) -> str:
    surface = surfaces.image_surface_class()(tree, scale=1.0, output_width=None, background="#fff",
                                             max_pixels=max_pixels, max_side=32767)
    surface.cairo.flush()
    return hashlib.sha1(bytes(surface.cairo.get_data())).hexdigest()


def _same_nodes(ours: object, stock: object, where: str = "svg") -> None:
    assert ours.tag == stock.tag, where
    assert dict(ours) == dict(stock), where
    assert ours.text == stock.text, where
    assert len(ours.children) == len(stock.children), where
    for i, (a, b) in enumerate(zip(ours.children, stock.children, strict=True)):
        _same_nodes(a, b, f"{where}/{b.tag}[{i}]")


def _check(svg: str, monkeypatch: pytest.MonkeyPatch) -> None:
    ours = surfaces.parse_svg(svg)
    stock = _stock_tree(svg)
    _same_nodes(ours, stock)
    fast = _pixels(ours)
    with monkeypatch.context() as m:
        m.setattr(surfaces, "draw_lean", lambda surface, node: False)
        assert fast == _pixels(_stock_tree(svg))


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_snippets_match_cairosvg(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _check(HEAD + SNIPPETS[name] + "</svg>", monkeypatch)


def test_stylesheet_goes_to_cairosvg_parser() -> None:
    from defusedxml.ElementTree import fromstring

    svg = HEAD + "<style>path { fill: red }</style><path d='M0 0 H9 V9 Z'/></svg>"
    assert build_tree(fromstring(svg)) is None
    assert surfaces.parse_svg(svg).children[-1]["fill"] == "red"


@pytest.mark.parametrize("path", SEED + CORPUS_FILES, ids=lambda p: p.name)
def test_drawings_match_cairosvg(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from exporter.load import load
    from exporter.render import render_svg

    _check(render_svg(load(path)), monkeypatch)


def test_corpus_is_checked_when_present() -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    assert len(CORPUS_FILES) >= 40


def test_long_hostile_transforms_are_read_quickly(monkeypatch: pytest.MonkeyPatch) -> None:
    hostile = "translate(" + "1" * 20000 + "x) " + "translate(0.1 -0.1) " * 5000 + "rotate(" + "1" * 5000 + ")"
    _check(HEAD + f'<g transform="{hostile}"><path d="M0 0 L9 9" stroke="black"/></g></svg>', monkeypatch)


@pytest.mark.parametrize("name", ["plain", "group opacity", "caps joins dashes", "hairlines", "clip", "text"])
def test_pdf_pages_match_cairosvg(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from exporter.raster.pdf import svg_to_pdf

    svg = HEAD + SNIPPETS[name] + "</svg>"
    fast = svg_to_pdf([svg])
    with monkeypatch.context() as m:
        m.setattr(surfaces, "draw_lean", lambda surface, node: False)
        m.setattr(surfaces, "parse_svg", _stock_tree)
        m.setattr("exporter.raster.pdf.parse_svg", _stock_tree)
        stock = svg_to_pdf([svg])
    assert fast.startswith(b"%PDF")
    assert fast == stock


@pytest.mark.parametrize("dash", ["-5 3", "nan 3", "1e400 2", "0 0", "5", "4,2 1"])
@pytest.mark.parametrize("on", ["path", "group"])
def test_odd_dashes_end_as_in_cairosvg(dash: str, on: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from exporter.errors import RenderError
    from exporter.raster import svg_to_png

    path = '<path d="M1 1 L90 90" stroke="#000" stroke-width="3"{}/>'
    if on == "path":
        svg = HEAD + path.format(f' stroke-dasharray="{dash}"') + "</svg>"
    else:
        svg = HEAD + f'<g transform="translate(2 3)" stroke-dasharray="{dash}">{path.format("")}</g></svg>'

    def outcome() -> object:
        try:
            return svg_to_png(svg)
        except RenderError as error:
            return type(error)

    fast = outcome()
    with monkeypatch.context() as m:
        m.setattr(surfaces, "draw_lean", lambda surface, node: False)
        stock = outcome()
    assert fast == stock


@FUZZ
@given(data=st.data())
def test_mutated_scenes_draw_as_cairosvg_draws_them(data: st.DataObject,
                                                   tmp_path_factory: pytest.TempPathFactory) -> None:
    """Hostile values (NaN, huge, negative sizes...) reach the short cuts as cairosvg's own route
    gets them: the same pixels, or the same clean error. A difference is kept on disk (see
    :func:`_keep_mismatch`) so that a failure seen once can be replayed."""
    import json

    from exporter.errors import ExporterError, RenderError
    from exporter.load import load_bytes
    from exporter.raster import svg_to_png
    from exporter.render import render_svg

    try:
        svg = render_svg(load_bytes(json.dumps(mutated_scene(data), allow_nan=True).encode("utf-8",
                                                                                         "surrogatepass"),
                                    "fuzz.excalidraw"))
    except ExporterError:
        return

    def outcome() -> object:
        try:
            return svg_to_png(svg, max_pixels=250_000)
        except RenderError:
            return RenderError

    fast = outcome()
    with pytest.MonkeyPatch.context() as m:
        m.setattr(surfaces, "draw_lean", lambda surface, node: False)
        m.setattr(surfaces, "parse_svg", _stock_tree)
        m.setattr("exporter.raster.png.parse_svg", _stock_tree)
        stock = outcome()
    if fast != stock:  # drawn once more, to tell which of the two drawings is not reproducible
        pytest.fail(_keep_mismatch(tmp_path_factory, svg, {"fast": fast, "stock": stock, "fast-again": outcome()}),
                    pytrace=False)


def _keep_mismatch(tmp_path_factory: pytest.TempPathFactory, svg: str, outcomes: dict[str, object]) -> str:
    """Write the SVG whose drawings differ, and the PNGs, to a temporary folder the failure
    message names. Replay: ``svg_to_png(path.read_text(), max_pixels=250_000)``."""
    folder = tmp_path_factory.mktemp("lean-mismatch")
    (folder / "drawing.svg").write_text(svg, encoding="utf-8", errors="surrogatepass")
    described = []
    for name, result in outcomes.items():
        if isinstance(result, bytes):
            (folder / f"{name}.png").write_bytes(result)
            described.append(f"{name}: {hashlib.sha1(result).hexdigest()[:12]}")
        else:
            described.append(f"{name}: {getattr(result, '__name__', result)}")
    return f"the short cuts and cairosvg's route differ ({', '.join(described)}); kept in {folder}"


def test_the_canvas_background_is_painted_not_filled(monkeypatch: pytest.MonkeyPatch) -> None:
    from exporter.raster import leandraw

    painted: list[bool] = []
    real = leandraw._paint_canvas_rect
    monkeypatch.setattr(leandraw, "_paint_canvas_rect", lambda s, n: painted.append(real(s, n)) or painted[-1])
    _pixels(surfaces.parse_svg(HEAD + SNIPPETS["canvas background"] + "</svg>"))
    _pixels(surfaces.parse_svg(HEAD + SNIPPETS["backgrounds not painted"] + "</svg>"))
    assert painted == [True, False, False, False, False]


def test_plain_groups_are_opened_in_c_and_singular_ones_left_to_python(monkeypatch: pytest.MonkeyPatch) -> None:
    from exporter.raster import leandraw

    helpers = leandraw._helpers()
    if helpers.open_group is None:
        pytest.skip("the C accelerator is not in use")
    answers: list[bool] = []
    real = helpers.open_group

    def counted(*args: object) -> bool:
        answers.append(real(*args))
        return answers[-1]

    monkeypatch.setattr(helpers, "open_group", counted)
    _pixels(surfaces.parse_svg(HEAD + SNIPPETS["group starts in C"] + "</svg>"))
    assert len(answers) >= 3 and all(answers[:-1])
    assert answers[-1] is False  # matrix(1 2 2 4 0 0) cannot be inverted: cairosvg's handling
