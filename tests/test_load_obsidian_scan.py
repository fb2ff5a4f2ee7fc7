"""Finding the drawing block by line starts gives what scanning every position with re gives."""

from hypothesis import given, settings
from hypothesis import strategies as st

from exporter.load import obsidian

_PIECES = ["\n", "#", "## Drawing", "# Drawing", "### Drawing", " Drawing", "\t", " ", "```", "```json",
           "```compressed-json", "json", "x", "\r", "\n\n", "Drawing", "```  \n"]
_text = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)

_CASES = [(obsidian._DRAWING_HEADING, "#"), (obsidian._FENCE_OPEN, "```"), (obsidian._FENCE_CLOSE, "```")]


def _span(match):
    return None if match is None else (match.span(), match.groups())


@settings(max_examples=400, deadline=None)
@given(_text, st.integers(0, 60))
def test_line_match_is_re_search(text, start):
    start = min(start, len(text))
    for pattern, marker in _CASES:
        found = list(pattern.finditer(text))
        assert _span(obsidian._line_match(pattern, text, marker, last=True)) == _span(found[-1] if found else None)
        assert _span(obsidian._line_match(pattern, text, marker, start)) == _span(pattern.search(text, start))


def test_drawing_json_takes_the_last_block():
    text = ("---\nexcalidraw-plugin: parsed\n---\n# Drawing\n```json\n{\"elements\": [1]}\n```\n"
            "## Drawing\n```json\n{\"elements\": [], \"x\": 2}\n```\n%%")
    data, kind, at = obsidian._drawing_json(text)
    assert data == {"elements": [], "x": 2} and kind == "obsidian/json" and text[at:].startswith("## Drawing")
