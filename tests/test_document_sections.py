"""The outline a reader expects, found from each drawing's layout (no special cases)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_document_support import CORPUS, FIXTURES, SEED, load_scene, outline

from exporter.document import build_document
from exporter.document.layout import reading_order


def test_seed_template_outline() -> None:
    assert outline(SEED) == [
        (1, "Systen Design Problem Statement"),
        (2, "Problem Description"),
        (2, "Requirements"),
        (3, "Functional Requirements"),
        (3, "Non Functional Requirements"),
        (2, "Back of the Envelope Estimations"),
        (3, "Daily Active Users(DAU)"),
        (3, "Storage Requirements"),
        (2, "API Routes"),
        (2, "DataBase Schema"),
        (2, "High Level Design"),
    ]


def test_seed_boxed_sections_carry_their_elements() -> None:
    doc = build_document(load_scene(SEED), "seed")
    by_heading = {s.heading: s for s in doc.walk()}
    req = by_heading["Requirements"]
    scene = load_scene(SEED)
    texts = {scene.by_id[i].get("text") for i in req.element_ids if scene.by_id[i]["type"] == "text"}
    assert texts == {"Requirements", "Functional Requirements", "Non Functional Requirements"}
    assert [scene.by_id[i]["type"] for i in req.element_ids].count("rectangle") == 1
    # Sub-headings and a lone free heading have nothing of their own to picture.
    assert not by_heading["Functional Requirements"].wants_image
    assert not by_heading["Problem Description"].wants_image
    assert by_heading["High Level Design"].wants_image


def test_grid_reads_rows_left_to_right() -> None:
    assert outline(FIXTURES / "grid.excalidraw") == [
        (1, "Quarterly Plan"), (2, "Goals"), (2, "Risks"), (2, "Budget"), (2, "Team")]


def test_columns_read_top_to_bottom_before_the_next_column() -> None:
    assert outline(FIXTURES / "columns.excalidraw") == [
        (1, "Two Columns"), (2, "Left One"), (2, "Left Two"), (2, "Left Three"),
        (2, "Right One"), (2, "Right Two"), (2, "Right Three")]


def test_frames_are_sections_named_by_frame_name_or_their_title() -> None:
    doc = build_document(load_scene(FIXTURES / "frames.excalidraw"), "frames")
    assert doc.outline() == [(1, "frames"), (2, "Context"), (2, "Containers"), (2, "Deployment")]
    assert [p.text for p in doc.body] == ["A short introduction before the frames."]
    context = doc.sections[0]
    assert context.kind == "frame" and context.frame_id == "f1"
    assert [p.text for p in context.body] == ["User", "System"]  # labels, read left to right
    assert [p.text for p in doc.sections[2].body] == ["Runs on two servers."]


def test_nested_boxes_nest_and_subheadings_go_one_level_down() -> None:
    doc = build_document(load_scene(FIXTURES / "nesting.excalidraw"), "nesting")
    assert doc.outline() == [(1, "nesting"), (2, "System"), (3, "Frontend"), (3, "Backend"),
                             (4, "Database"), (4, "Workers")]
    backend = doc.sections[0].children[1]
    assert [p.text for p in backend.body] == ["Python service"]
    workers = backend.children[1]
    assert workers.kind == "subheading" and [p.text for p in workers.body] == ["Queue consumers"]
    assert [p.text for p in doc.body] == ["Owned by the platform team."]
    # The outer box's image shows everything inside it, the inner one only its part.
    system = doc.sections[0]
    assert set(backend.element_ids) < set(system.element_ids)
    assert "db" in backend.element_ids and "fe" not in backend.element_ids


def test_part_headings_contain_the_boxes_after_them() -> None:
    doc = build_document(load_scene(FIXTURES / "parts.excalidraw"), "parts")
    assert doc.outline() == [(1, "Handbook"), (2, "Part One"), (3, "Alpha"), (3, "Beta"),
                             (2, "Part Two"), (3, "Gamma")]
    assert [p.text for p in doc.sections[1].body] == ["A closing remark below everything."]


def test_unicode_headings() -> None:
    doc = build_document(load_scene(FIXTURES / "unicode.excalidraw"), "unicode")
    assert doc.outline() == [(1, "多语言 Design 🌍"), (2, "系统架构"), (2, "متطلبات النظام"),
                             (2, "🚀 Launch plan"), (2, "Ünïcödé Straße"), (2, "系统架构")]
    assert [s.anchor for s in doc.walk()] == ["系统架构", "متطلبات-النظام", "launch-plan", "ünïcödé-strasse",
                                              "系统架构-2"]


def test_hostile_headings_are_kept_as_text() -> None:
    assert [h for _, h in outline(FIXTURES / "hostile.excalidraw")][1:] == [
        "../../x", "<script>alert(1)</script>", "[link](javascript:alert(1))", "# x", "CON", ".hidden"]


def test_decoration_never_heads_anything() -> None:
    doc = build_document(load_scene(FIXTURES / "decoration.excalidraw"), "decoration")
    assert doc.outline() == [(1, "decoration")]
    assert sorted(p.text for p in doc.body) == ["Client", "Server", "plain body text", "→ }"]


def test_groups_and_rotated_boxes() -> None:
    doc = build_document(load_scene(FIXTURES / "groups.excalidraw"), "groups")
    assert doc.outline() == [(1, "groups"), (2, "Glossary"), (2, "Rotated Box"), (2, "Shadowed Title")]
    # a shadow copy of the title is not body text; two separate equal lines both are
    assert [p.text for p in doc.sections[2].body] == ["said once", "said once"]
    assert [p.text for p in doc.sections[0].body] == ["API: the interface", "SLA: the promise"]
    assert [p.text for p in doc.sections[1].body] == ["still read"]
    assert [p.text for p in doc.body] == ["Database", "one", "two", "three"]


def test_notes_above_the_drawing_open_the_document() -> None:
    scene = load_scene(FIXTURES / "notes.excalidraw.md")
    doc = build_document(scene, "notes")
    assert "These are **my notes** about the release" in doc.notes
    assert doc.outline() == [(1, "Release Checklist"), (2, "Before"), (2, "After")]


def test_reading_order_cuts() -> None:
    boxes = {"title": (0, 0, 300, 40), "a": (0, 100, 100, 200), "b": (0, 220, 100, 300),
             "c": (300, 100, 400, 300)}
    assert reading_order(list(boxes), boxes.__getitem__) == ["title", "a", "b", "c"]
    grid = {"1": (0, 0, 10, 10), "2": (20, 0, 30, 10), "3": (0, 20, 10, 30), "4": (20, 20, 30, 30)}
    assert reading_order(["4", "3", "2", "1"], grid.__getitem__) == ["1", "2", "3", "4"]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")
def test_corpus_camera_modulation_outline() -> None:
    headings = outline(CORPUS / "json" / "camera-modulation-ru.excalidraw")
    assert headings[0] == (1, "Математическая модель формирования изображения: "
                              "Сцена → Оптика → Спектр → Сенсор → АЦП → Демозаика → Выход")
    # The stacked spectral bands inside box 3 are a picture of cards, not nested sections.
    assert all(level == 2 for level, _ in headings[1:])
    top = [h for level, h in headings if level == 2]
    assert top == ["1. Сцена", "2. Камера-обскура", "3. Спектральный куб", "4. Сенсор + Байер",
                   "5. АЦП", "6. Демозаика", "7. Выход"]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")
def test_unnamed_frames_take_their_prominent_text_else_a_number() -> None:
    doc = build_document(load_scene(FIXTURES / "frame_titles.excalidraw"), "slides")
    headings = [h for _, h in doc.outline()[1:]]
    assert headings[0] == "Let's dive into the code"
    # A sentence is shortened at a word boundary; the full sentence stays in the body.
    assert headings[1].endswith("with…") and len(headings[1]) <= 81
    assert doc.sections[1].body[0].text.startswith(headings[1][:-1])
    assert headings[2:] == ["Frame 1", "Frame 2"]
    assert [p.text for p in doc.sections[0].body] == []


@pytest.mark.skipif(not (CORPUS / "json" / "async-test-talk.excalidraw").exists(), reason="corpus absent")
def test_corpus_slides_are_not_all_called_frame() -> None:
    headings = [h for _, h in outline(CORPUS / "json" / "async-test-talk.excalidraw")]
    assert "Frame" not in headings
    assert {"Let's dive into the code", "Takeaways", "Best Practices"} <= set(headings)


def test_code_and_single_marks_are_not_headings() -> None:
    doc = build_document(load_scene(FIXTURES / "code.excalidraw"), "code")
    assert doc.outline() == [(1, "Long Multiplication"), (2, "parse()")]
    assert {"multiply( )\n{", "sum{", "X", "a[i] * b[j];"} <= {p.text for p in doc.body}


@pytest.mark.skipif(not (CORPUS / "obsidian" / "bangla-strategy.md").exists(), reason="corpus absent")
def test_corpus_code_in_a_big_font_heads_nothing() -> None:
    headings = [h for _, h in outline(CORPUS / "obsidian" / "bangla-strategy.md")]
    assert not [h for h in headings if "{" in h or len(h) < 2]


def test_free_headings_nest_at_most_two_deep_below_the_title() -> None:
    doc = build_document(load_scene(FIXTURES / "mindmap.excalidraw"), "map")
    assert doc.outline() == [(1, "Publishing"), (2, "Maintenance"), (3, "Fix the export")]
    assert [p.text for p in doc.sections[0].children[0].body][:2] == ["Check recursive", "Do not forget the css"]


@pytest.mark.skipif(not (CORPUS / "obsidian" / "beto-publish-site.md").exists(), reason="corpus absent")
def test_corpus_mind_map_is_not_nested_six_deep() -> None:
    levels = [level for level, _ in outline(CORPUS / "obsidian" / "beto-publish-site.md")]
    assert max(levels) <= 4


def test_big_label_in_a_box_at_the_top_titles_the_drawing() -> None:
    doc = build_document(load_scene(FIXTURES / "title_box.excalidraw"), "flow")
    assert doc.title == "How an order is shipped warehouse team"
    assert all("shipped" not in p.text for p in doc.body)


@pytest.mark.skipif(not (CORPUS / "obsidian" / "estatistica-fluxograma.excalidraw.md").exists(),
                    reason="corpus absent")
def test_corpus_flowchart_title_box() -> None:
    assert outline(CORPUS / "obsidian" / "estatistica-fluxograma.excalidraw.md")[0][1].startswith(
        "Fluxograma do processo")


def test_corpus_flowchart_frames_in_reading_order() -> None:
    headings = outline(CORPUS / "obsidian" / "estatistica-fluxograma.excalidraw.md")
    assert [h for level, h in headings if level == 2] == [
        "Parte 1: Projeto", "Parte 2: Compra do Material", "Parte 3: Prototipação",
        "Parte 4: Teste do Protótipo", "Parte 5: Produção", "Parte 6: Marketing, Vendas e Pós-venda"]


def test_filled_in_seed_template_keeps_its_outline() -> None:
    """The template as a user fills it: answers land under the heading they were written under."""
    import sys

    sys.path.insert(0, str(FIXTURES))
    from make_fixtures import Drawing

    scene = load_scene(SEED)
    extra = Drawing()
    extra.text("pd-answer", -6890, -5760, "Design a URL shortener for 100M users", 48)
    extra.text("fr-answer", -6620, -5190, "- shorten a URL\n- redirect\n- custom aliases", 28)
    extra.text("nfr-answer", -6620, -4650, "- 99.9% available\n- p99 < 50 ms", 28)
    extra.text("api-answer", -6580, -2190, "POST /urls\nGET /{code}", 28)
    extra.text("hld-note", -4200, -5250, "Clients call the API through a load balancer.", 28)
    scene.elements.extend(extra.elements)
    for cached in ("by_id", "bound_text", "frames", "frame_children", "groups"):
        scene.__dict__.pop(cached, None)
    doc = build_document(scene, "seed")
    assert doc.outline() == outline(SEED)
    body = {s.heading: [p.text for p in s.body] for s in doc.walk()}
    assert body["Problem Description"] == ["Design a URL shortener for 100M users"]
    assert body["Functional Requirements"] == ["- shorten a URL\n- redirect\n- custom aliases"]
    assert body["Non Functional Requirements"] == ["- 99.9% available\n- p99 < 50 ms"]
    assert body["API Routes"] == ["POST /urls\nGET /{code}"]
    assert body["High Level Design"] == ["Clients call the API through a load balancer."]
    assert body["Requirements"] == []


_KINDS = ("rectangle", "ellipse", "diamond", "text", "text", "arrow", "frame")


@st.composite
def _scenes(draw: st.DrawFn) -> list[dict]:
    elements = []
    count = draw(st.integers(0, 25))
    for i in range(count):
        kind = draw(st.sampled_from(_KINDS))
        x, y = draw(st.floats(-500, 500)), draw(st.floats(-500, 500))
        w, h = draw(st.floats(0, 400)), draw(st.floats(0, 300))
        el = {"id": f"e{i}", "type": kind, "x": x, "y": y, "width": w, "height": h,
              "angle": draw(st.sampled_from((0, 0, 0.5))), "groupIds": draw(st.sampled_from(([], ["g1"], ["g2", "g1"]))),
              "frameId": draw(st.sampled_from((None, "e0", "e1"))), "boundElements": []}
        if kind == "text":
            el.update(text=draw(st.text(max_size=30)), fontSize=draw(st.sampled_from((12, 20, 36, 80))),
                      textAlign=draw(st.sampled_from(("left", "center"))),
                      containerId=draw(st.sampled_from((None, None, "e0", "e2"))))
        elif kind == "arrow":
            el["points"] = [[0, 0], [w, h]]
            el["startBinding"] = draw(st.sampled_from((None, {"elementId": "e0"})))
        elif kind == "frame":
            el["name"] = draw(st.sampled_from((None, "", "Slide", "../x")))
        elements.append(el)
    return elements


@settings(max_examples=150, deadline=None)
@given(_scenes())
def test_any_scene_gives_a_consistent_document(elements: list[dict]) -> None:
    from exporter.document.writers.markdown import render_markdown
    from exporter.scene.model import Scene

    scene = Scene(elements=elements)
    doc = build_document(scene, "fuzz")
    sections = doc.walk()
    anchors = [s.anchor for s in sections]
    assert len(set(anchors)) == len(anchors) and all(anchors)
    ids = {e["id"] for e in elements}
    for s in sections:
        assert 2 <= s.level <= 6 and s.heading.strip()
        assert set(s.element_ids) <= ids
        for child in s.children:
            assert child.level == min(s.level + 1, 6)
    # every text is read once at most: as the title, a heading or a paragraph
    read = [doc.title_id] if doc.title_id else []
    read += [p.element_id for p in doc.body] + [p.element_id for s in sections for p in s.body]
    read += [s.heading_id for s in sections if s.heading_id]
    assert len(read) == len(set(read))
    render_markdown(doc)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")
def test_corpus_architecture_diagram_nesting() -> None:
    """Nested package boxes whose titles run on along their line ("package API -> Server transport layer")."""
    doc = build_document(load_scene(CORPUS / "json" / "kronk-diagram.excalidraw"), "kronk")
    assert doc.title == "Kronk Architecture Overview"
    by_heading = {s.heading: s for s in doc.walk()}
    server = by_heading["package SERVER -> Model Server implementation"]
    assert [(c.heading, [g.heading for g in c.children]) for c in server.children] == [
        ("package API -> Server transport layer", ["SERVICES", "FRONTENDS/BUI", "TOOLING"]),
        ("package APP -> Application layer", ["DOMAIN", "SDK"]),
        ("package FOUNDATION -> Infrastructure layer", ["LOGGER", "WEB"])]
    assert [c.heading for c in by_heading["OBSERV"].children] == []
    assert by_heading["SERVICES"].body[0].text.startswith("Package services defines the server")


def test_the_label_of_a_box_that_is_a_section_does_not_title_the_drawing_too() -> None:
    """Found by test_any_scene_gives_a_consistent_document: a box holding the other elements
    is a section headed by its label; that label titled the drawing as well, read twice."""
    from exporter.scene.model import Scene

    def element(i: int, kind: str, size: float = 0.0, **extra) -> dict:
        el = {"id": f"e{i}", "type": kind, "x": 0.0, "y": 0.0, "width": size, "height": size, "angle": 0,
              "groupIds": [], "frameId": None, "boundElements": []}
        if kind == "text":
            el.update(text="", fontSize=12, textAlign="left", containerId=None)
        return {**el, **extra}

    elements = [element(0, "text"), element(1, "rectangle"), element(2, "rectangle", 1.0), element(3, "rectangle"),
                element(4, "text"), element(5, "text", text="00", fontSize=20, containerId="e2")]
    doc = build_document(Scene(elements=elements), "fuzz")
    headings = [s.heading_id for s in doc.walk()]
    assert headings == ["e5"] and doc.title_id == "" and doc.title == "fuzz"
