"""exporter.fonts: the font table, `make fonts`, embedded subsets, measurement, fontconfig."""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from exporter.fonts import fetch
from exporter.fonts.paths import MARKER, fonts_dir, fonts_installed
from exporter.fonts.registry import default_line_height, faces, font_family_string, vertical_metrics

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
HAVE_FONTS = fonts_installed()
needs_fonts = pytest.mark.skipif(not HAVE_FONTS, reason="Excalidraw fonts not installed (run `make fonts`)")
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")
DATA_URL = re.compile(r"@font-face \{ font-family: ([^;]+); src: url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\); \}")


# -- registry ----------------------------------------------------------------------

def test_vertical_metrics_match_the_doc_vectors() -> None:
    assert vertical_metrics(5, 20, 1.25) == (25.0, 17.619999999999997)
    assert vertical_metrics(6, 28, 1.25)[1] == 26.712
    assert vertical_metrics(2, 14, 1.25)[1] == 12.5302734375


def test_family_strings_and_line_heights() -> None:
    assert font_family_string(5) == "Excalifont, Xiaolai, sans-serif, Segoe UI Emoji"
    assert font_family_string(8) == "Comic Shanns, monospace, Segoe UI Emoji"
    assert font_family_string(7) == "Lilita One, sans-serif, Segoe UI Emoji"
    assert font_family_string(4) == "Local Font, sans-serif, Segoe UI Emoji"
    assert font_family_string(42) == "Segoe UI Emoji"
    assert [default_line_height(i) for i in (1, 2, 3, 5, 6, 7, 8, 9, 42)] == [
        1.25, 1.15, 1.2, 1.25, 1.25, 1.15, 1.25, 1.15, 1.25]
    # unknown ids measure like Excalifont
    assert vertical_metrics(42, 20, 1.25) == vertical_metrics(5, 20, 1.25)


def test_face_tables_follow_registration_order() -> None:
    assert [len(faces(i)) for i in (1, 3, 5, 6, 7, 8, 9, 100)] == [1, 1, 7, 5, 2, 4, 1, 209]
    assert faces(2) == () and faces(4) == ()
    latin = faces(5)[0]
    assert latin.covers(ord("A")) and not latin.covers(0x416)
    assert faces(5)[2].covers(0x416)  # Cyrillic is the third Excalifont face


# -- fetch ---------------------------------------------------------------------------

def _fake_tarball(tmp_path: Path, payload: bytes = b"not really a font") -> Path:
    path = tmp_path / "pkg.tgz"
    with tarfile.open(path, "w:gz") as tar:
        for name, data in (("package/dist/prod/fonts/Virgil/Virgil-Regular.woff2", payload),
                           ("package/dist/prod/index.js", b"ignored"),
                           ("package/dist/prod/fonts/../../evil.txt", b"ignored")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_install_verifies_integrity_and_extracts_only_fonts(tmp_path: Path) -> None:
    tarball = _fake_tarball(tmp_path)
    dest = tmp_path / "cache" / "fonts" / "0.18.1"
    with pytest.raises(fetch.IntegrityError):
        fetch.install_tarball(tarball, dest)  # the pinned integrity is not this tarball's
    assert not dest.exists()
    integrity = fetch.integrity_of(tarball)
    assert integrity.startswith("sha512-")
    # install with the tarball's own integrity to check what gets extracted
    monkey_index = fetch._write_index
    fetch._write_index = lambda folder: None  # the fake font has no cmap
    try:
        assert fetch.install_tarball(tarball, dest, integrity) == 1
    finally:
        fetch._write_index = monkey_index
    files = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
    assert files == [MARKER, "Virgil/Virgil-Regular.woff2"]
    assert not (tmp_path / "cache" / "evil.txt").exists()
    # a corrupted download (one byte changed) is refused
    data = bytearray(tarball.read_bytes())
    data[len(data) // 2] ^= 0xFF
    tarball.write_bytes(bytes(data))
    with pytest.raises(fetch.IntegrityError):
        fetch.install_tarball(tarball, tmp_path / "other", integrity)


def test_fetch_without_npm_warns_and_succeeds(tmp_path: Path) -> None:
    env = {**os.environ, "EXCALIDRAW_EXPORTER_CACHE": str(tmp_path), "PATH": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "exporter.fonts.fetch"], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=60)
    assert proc.returncode == 0
    assert proc.stdout.startswith("warning: Excalidraw fonts not installed (npm not found)")
    assert len(proc.stdout.splitlines()) == 1
    assert not any(tmp_path.iterdir())


@needs_fonts
def test_fetch_is_idempotent_when_cached() -> None:
    proc = subprocess.run([sys.executable, "-m", "exporter.fonts.fetch"], capture_output=True, text=True,
                          cwd=ROOT, timeout=60, env={**os.environ, "PATH": ""})  # no npm needed
    assert proc.returncode == 0
    assert proc.stdout.splitlines() == [f"fonts: @excalidraw/excalidraw@0.18.1 present in {fonts_dir()}"]


# -- embedding -----------------------------------------------------------------------

def _embedded(css: str) -> list[tuple[str, set[int]]]:
    out = []
    for family, data in DATA_URL.findall(css):
        font = TTFont(io.BytesIO(base64.b64decode(data, validate=True)))
        assert font.flavor == "woff2"
        out.append((family, {cp for table in font["cmap"].tables if table.isUnicode() for cp in table.cmap}))
    return out


@needs_fonts
def test_latin_text_embeds_one_excalifont_subset() -> None:
    from exporter.fonts.embed import font_face_css

    css = font_face_css({5: ["Hello world", "Hi"]})
    assert css.count("@font-face") == 1
    assert _embedded(css) == [("Excalifont", {ord(c) for c in "Helo wrdi"})]


def test_contains_cjk_answers_as_its_pattern_does() -> None:
    """The short cut that spares most text the CJK pattern gives the pattern's answer."""
    import random

    from exporter.fonts.embed import _cjk, contains_cjk

    pattern = _cjk()
    assert [c for c in range(0x32000) if contains_cjk(chr(c)) != (pattern.search(chr(c)) is not None)] == []
    rng = random.Random(7)
    blocks = [(0x20, 0x7F), (0x400, 0x500), (0x2000, 0x2100), (0x1100, 0x1200), (0x2E00, 0x3100), (0xAC00, 0xAD00)]
    for _ in range(5000):
        text = "".join(chr(rng.randrange(*rng.choice(blocks))) for _ in range(rng.randrange(0, 8)))
        assert contains_cjk(text) == (pattern.search(text) is not None), text


@needs_fonts
def test_cjk_puts_xiaolai_first_and_helvetica_embeds_nothing() -> None:
    from exporter.fonts.embed import FONT_DELIMITER, font_face_css

    css = font_face_css({8: ["code"], 5: ["Hi 你好"], 2: ["Helvetica text"]})
    got = _embedded(css)
    families = [family for family, _ in got]
    # Xiaolai faces first (one per split file that has a character), then first-appearance order
    assert families[-2:] == ['"Comic Shanns"', "Excalifont"]
    assert set(families[:-2]) == {"Xiaolai"}
    assert set().union(*(cps for _, cps in got[:-2])) >= {ord("你"), ord("好")}
    assert got[-1][1] == {ord(c) for c in "Hi "}
    assert css.count(FONT_DELIMITER) == len(got) - 1
    assert font_face_css({2: ["Helvetica only"], 4: ["Local Font"]}) == ""


def _reference_faces(svg: str) -> list[tuple[str, set[int]]]:
    style = re.search(r'<style class="style-fonts">(.*?)</style>', svg, re.S)
    assert style is not None
    return _embedded(style.group(1))


@needs_fonts
@needs_corpus
def test_embedded_faces_match_excalidraw_exports() -> None:
    """Same faces, same order, same code points as the fork's own SVG exports of the corpus."""
    from exporter.fonts.embed import font_face_css
    from exporter.load import load

    checked = 0
    for svg_path in sorted((CORPUS / "reference").glob("*.svg")):
        sources = [p for p in (CORPUS / "json").glob("*") if p.name.split(".")[0] == svg_path.stem]
        sources += [p for p in (CORPUS / "obsidian").glob("*") if p.name.split(".")[0] == svg_path.stem]
        if len(sources) != 1:
            continue
        texts: dict[int, list[str]] = {}
        for el in load(sources[0]).elements:
            if el.get("type") == "text" and not el.get("isDeleted"):
                texts.setdefault(el.get("fontFamily", 5), []).append(el.get("originalText") or el.get("text") or "")
        expected = _reference_faces(svg_path.read_text(encoding="utf-8"))
        assert _embedded(font_face_css(texts) or "") == expected, svg_path.stem
        checked += 1
    assert checked >= 30


# -- measurement ---------------------------------------------------------------------

@needs_fonts
def test_measure_known_widths() -> None:
    from exporter.fonts.measure import text_width

    assert text_width("", 5, 20) == 0
    # Latin: hmtx advances plus kerning; CJK falls back to Xiaolai's 1-em glyphs
    assert text_width("你好", 5, 20) == pytest.approx(40)
    assert text_width("Hello", 5, 40) == pytest.approx(2 * text_width("Hello", 5, 20))
    # Helvetica is measured with Liberation Sans (same advances)
    assert text_width("Helvetica", 2, 16) == text_width("Helvetica", 9, 16)


@needs_fonts
@needs_corpus
def test_measure_matches_widths_excalidraw_stored() -> None:
    """autoResize texts store width = measured width of the longest line."""
    from exporter.fonts.measure import text_width
    from exporter.load import load

    errors = []
    for source in sorted((CORPUS / "json").glob("*")) + sorted((CORPUS / "obsidian").glob("*")):
        if source.name.startswith("camera-modulation"):  # widths written by a script, not measured
            continue
        for el in load(source).elements:
            if (el.get("type") != "text" or el.get("containerId") or el.get("autoResize") is False
                    or el.get("fontFamily") not in (1, 3, 5, 6, 7) or not (el.get("text") or "").strip()):
                continue
            lines = [line or " " for line in el["text"].replace("\t", " " * 8).split("\n")]
            width = max(text_width(line, el["fontFamily"], el["fontSize"]) for line in lines)
            errors.append(abs(width - el["width"]) / el["width"])
    errors.sort()
    assert len(errors) > 500
    within = sum(e <= 0.01 for e in errors) / len(errors)
    assert within > 0.9, within
    assert errors[len(errors) // 2] < 0.002


# -- fontconfig ----------------------------------------------------------------------

@needs_fonts
@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fc-match not installed")
def test_fontconfig_finds_excalidraw_families() -> None:
    from exporter.fonts.system import ensure_fontconfig

    conf = ensure_fontconfig()
    assert conf is not None and conf.is_file()
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    for family in ("Excalifont", "Xiaolai", "Nunito", "Lilita One", "Cascadia", "Comic Shanns", "Virgil"):
        out = subprocess.run(["fc-match", "-f", "%{family[0]}|%{file}", family], capture_output=True, text=True,
                             env=env, timeout=60).stdout
        name, _, path = out.partition("|")
        assert name == family and Path(path).is_relative_to(conf.parent), out
    helvetica = subprocess.run(["fc-match", "-f", "%{family[0]}", "Helvetica"], capture_output=True, text=True,
                               env=env, timeout=60).stdout
    assert helvetica == "Liberation Sans"


_RENDER = """
import io, sys, cairosvg
from PIL import Image
out = []
for family, text in [(f, t) for f, t in (line.split("|") for line in sys.argv[1:])]:
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="240" height="50"><rect width="240" height="50" fill="#fff"/>'
           f'<text x="5" y="35" font-family="{family}" font-size="28px" fill="#000">{text}</text></svg>')
    png = cairosvg.svg2png(bytestring=svg.encode())
    out.append(Image.open(io.BytesIO(png)).convert("L").tobytes().hex())
print("\\n".join(out))
"""


@needs_fonts
def test_cairosvg_draws_excalidraw_fonts_with_the_fontconfig_file() -> None:
    """A fresh process with FONTCONFIG_FILE set draws the family strings in Excalidraw's fonts."""
    from exporter.fonts.system import fontconfig_env

    env = {**os.environ, **fontconfig_env()}
    cases = ["Excalifont, Xiaolai, sans-serif, Segoe UI Emoji|Hello", "Excalifont|Hello", "sans-serif|Hello",
             "Nunito, sans-serif, Segoe UI Emoji|Hello", "Xiaolai|你好", "Excalifont|你好"]
    out = subprocess.run([sys.executable, "-c", _RENDER, *cases], capture_output=True, text=True, env=env,
                         cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    excalidraw, excalifont, sans, nunito, cjk, cjk_in_excalifont = out.stdout.split()
    assert excalidraw == excalifont != sans  # the family string resolves to Excalifont, not a fallback
    assert nunito not in (sans, excalifont)  # the weight-500 faces serve a normal-weight request
    blank = "ff" * (240 * 50)
    assert cjk != blank and cjk != cjk_in_excalifont  # Xiaolai draws CJK; Excalifont alone has no CJK glyphs


# -- subset cache ----------------------------------------------------------------------

def _clear_subset_memo() -> None:
    from exporter.fonts import embed

    for memo in (embed.subset_base64, embed.subset_woff2):
        getattr(memo, "cache_clear", lambda: None)()  # subset_woff2 may be monkeypatched


@pytest.fixture
def subset_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "subsets"
    monkeypatch.setenv("EXCALIDRAW_EXPORTER_SUBSET_CACHE", str(folder))
    _clear_subset_memo()
    yield folder
    _clear_subset_memo()


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*/*.b64"))


MIXED_TEXTS = {5: ["Cache me", "Ünïcode 你好"], 8: ["def f(x): return x"], 3: ["mono"]}


@needs_fonts
def test_cached_subsets_give_the_same_css_without_subsetting(subset_cache: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from exporter.fonts import embed

    cold = embed.font_face_css(MIXED_TEXTS)
    assert cold and len(_entries(subset_cache)) == cold.count("@font-face")
    _clear_subset_memo()

    def no_subsetting(*args: object) -> bytes:
        raise AssertionError("a cached subset was made again")

    monkeypatch.setattr(embed, "subset_woff2", no_subsetting)
    assert embed.font_face_css(MIXED_TEXTS) == cold


@needs_fonts
def test_subsets_are_byte_identical_with_and_without_a_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from exporter.fonts import embed

    results = []
    for run in ("first", "second"):  # two empty caches: each subset is made afresh
        monkeypatch.setenv("EXCALIDRAW_EXPORTER_SUBSET_CACHE", str(tmp_path / run))
        _clear_subset_memo()
        results.append(embed.font_face_css(MIXED_TEXTS))
    _clear_subset_memo()
    results.append(embed.font_face_css(MIXED_TEXTS))  # from the second cache
    _clear_subset_memo()
    assert results[0] == results[1] == results[2]


@needs_fonts
def test_a_corrupted_cache_entry_is_ignored_and_rewritten(subset_cache: Path) -> None:
    from exporter.fonts import embed

    texts = {5: ["Corrupt"]}
    good = embed.font_face_css(texts)
    [entry] = _entries(subset_cache)
    intact = entry.read_bytes()
    for broken in (intact[: len(intact) // 2], intact.replace(b"A", b"B", 1), b"", b"no newline"):
        entry.write_bytes(broken)
        _clear_subset_memo()
        assert embed.font_face_css(texts) == good
        assert entry.read_bytes() == intact


def _hammer(folder: str, key: str, value: str, rounds: int) -> list[str]:
    from exporter.fonts.subsetcache import SubsetCache

    store = SubsetCache(Path(folder))
    seen = []
    for _ in range(rounds):
        store.put(key, value)
        got = store.get(key)
        if got is not None:
            seen.append(got)
    return seen


def test_concurrent_writers_leave_whole_entries(tmp_path: Path) -> None:
    import multiprocessing

    from exporter.fonts.subsetcache import SubsetCache

    values = [chr(ord("a") + i) * 300_000 for i in range(4)]  # big enough to be written in pieces
    with multiprocessing.get_context("fork").Pool(4) as pool:
        seen = pool.starmap(_hammer, [(str(tmp_path), "one key", v, 25) for v in values])
    assert all(got in values for run in seen for got in run)
    assert sum(len(run) for run in seen) == 100
    assert SubsetCache(tmp_path).get("one key") in values
    assert not list(tmp_path.glob("*/.tmp-*"))


def test_cache_prunes_least_recently_used_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from exporter.fonts.subsetcache import SubsetCache

    store = SubsetCache(tmp_path, max_bytes=10_000)
    monkeypatch.setattr("exporter.fonts.subsetcache.PRUNE_EVERY", 1)
    for i in range(8):
        store.put(f"key {i}", str(i) * 1000)
        os.utime(store.path(f"key {i}"), (1_000_000 + i, 1_000_000 + i))
    assert store.get("key 0") == "0" * 1000  # a hit makes key 0 the most recently used
    for i in range(8, 12):
        store.put(f"key {i}", str(i % 10) * 1000)
    total = sum(p.stat().st_size for p in tmp_path.glob("*/*.b64"))
    assert total <= 10_000
    assert store.get("key 0") is not None and store.get("key 11") is not None
    assert store.get("key 1") is None  # the oldest untouched entry went first


@needs_fonts
def test_cached_embedding_does_not_import_fonttools(subset_cache: Path) -> None:
    from exporter.fonts.embed import font_face_css

    font_face_css({5: ["warm"]})
    probe = ("import sys\nimport exporter.fonts.embed as e\nassert 'fontTools' not in sys.modules\n"
             "assert e.font_face_css({5: ['warm']})\nprint(sorted(m for m in sys.modules if m.startswith('fontTools')))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True,
                         env={**os.environ, "EXCALIDRAW_EXPORTER_SUBSET_CACHE": str(subset_cache)})
    assert out.stdout.strip() == "[]"


MEASURED = ["Hello World AVATAR To Wa", "Привет мир", "code -> x => y", "Ünïcode ffi"]


@needs_fonts
def test_cached_metrics_measure_like_the_font_file() -> None:
    from exporter.fonts import measure

    for fid in (1, 3, 5, 6, 7, 8):
        for face in faces(fid)[:2]:
            fresh = measure.FaceMetrics.from_file(measure.sfnt_path(face.file))
            measure._face_metrics(face.file)  # makes the metrics file when absent
            cached = measure._read_metrics(measure.metrics_path(face.file))
            assert cached is not None and cached.units_per_em == fresh.units_per_em
            assert cached.cmap == fresh.cmap
            for text in MEASURED:
                cps = [ord(c) for c in text if ord(c) in fresh.cmap]
                assert cached.run_width(cps) == fresh.run_width(cps), (face.file, text)


@needs_fonts
def test_a_damaged_metrics_file_is_measured_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from exporter.fonts import measure

    target = tmp_path / "metrics.json"
    monkeypatch.setattr(measure, "metrics_path", lambda f: target)  # "AVATAR" needs only one face
    measure._face_metrics.cache_clear()
    measure._face_for.cache_clear()
    try:
        width = measure.text_width("AVATAR", 5, 20)
        good = target.read_bytes()
        for damage in (good[:100], b"", b'{"upem": 1000}'):
            target.write_bytes(damage)
            measure._face_metrics.cache_clear()
            measure._face_for.cache_clear()
            assert measure.text_width("AVATAR", 5, 20) == width
            assert target.read_bytes() == good
    finally:
        measure._face_metrics.cache_clear()
        measure._face_for.cache_clear()


@needs_fonts
def test_measuring_with_cached_metrics_does_not_import_fonttools() -> None:
    from exporter.fonts.measure import text_width

    text_width("Warm up, Привет", 5, 20)
    probe = ("import sys\nfrom exporter.fonts.measure import text_width\n"
             "assert text_width('Warm up, Привет', 5, 20) > 0\n"
             "print(sorted(m for m in sys.modules if m.startswith('fontTools')))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def _built_font_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A font folder whose merged fonts count as built (the TrueType files are not needed here)."""
    from exporter.fonts import system
    from exporter.fonts.paths import FONTCONFIG_DIR, FONTCONFIG_STAMP, INTEGRITY

    monkeypatch.setattr(system, "fonts_installed", lambda folder: True)
    out = tmp_path / FONTCONFIG_DIR
    out.mkdir()
    (out / FONTCONFIG_STAMP).write_text(f"{system.LAYOUT_VERSION} {INTEGRITY}\n", encoding="ascii")
    return out


def test_a_fonts_conf_is_never_rewritten_under_another_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Processes that want different set-ups (another version, another system fonts.conf)
    sharing one cache each get their own file; none changes the other's."""
    from exporter.fonts.system import ensure_fontconfig

    _built_font_folder(tmp_path, monkeypatch)
    monkeypatch.setenv("EXCALIDRAW_SYSTEM_FONTCONFIG", "/etc/fonts/fonts.conf")
    first = ensure_fontconfig(tmp_path)
    text = first.read_text(encoding="utf-8")
    monkeypatch.setenv("EXCALIDRAW_SYSTEM_FONTCONFIG", "/etc/fonts/other.conf")
    second = ensure_fontconfig(tmp_path)
    assert second != first and "/etc/fonts/other.conf" in second.read_text(encoding="utf-8")
    assert first.read_text(encoding="utf-8") == text and ensure_fontconfig(tmp_path) == second
    assert '<edit name="hinting" mode="assign"><bool>true</bool></edit>' in text


def test_a_read_only_font_cache_keeps_the_fonts_conf_it_has(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from exporter.fonts import system

    out = _built_font_folder(tmp_path, monkeypatch)
    (out / system.CONF_NAME).write_text("<fontconfig/>", encoding="utf-8")  # written by an older version

    def read_only(target: Path, save) -> None:
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(system, "_write_atomic", read_only)
    assert system.ensure_fontconfig(tmp_path) == out / system.CONF_NAME
