"""How the tests read Excalidraw's reference SVGs where we differ from them on purpose."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

# The Obsidian build writes the frame fill colour into the outline's stroke-width
# (browsers then draw 1 px, cairo nothing); we write 2, as Excalidraw's editor and
# PNG export draw it (exporter/render/elements/frame.py).
_FRAME_WIDTH_BUG = re.compile(r'(rx="8" ry="8" fill="none" stroke="[^"]*") stroke-width="[^"0-9.][^"]*"')


def as_we_write_it(ref: str) -> str:
    """A reference SVG with our deliberate differences applied."""
    return _FRAME_WIDTH_BUG.sub(r'\1 stroke-width="2"', ref)


# -- node-for-node comparison of our SVG with a reference -----------------------------------

NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?")
TOLERANCE = 0.01


def values_match(ours: str, ref: str, tolerance: float = TOLERANCE) -> bool:
    """The same text once numbers are set aside, and every number within ``tolerance``."""
    if ours == ref:
        return True
    if NUMBER.sub("#", ours) != NUMBER.sub("#", ref):
        return False
    a = [float(v) for v in NUMBER.findall(ours)]
    b = [float(v) for v in NUMBER.findall(ref)]
    return len(a) == len(b) and all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def diff_nodes(ours: ET.Element, ref: ET.Element, path: str, out: list[str]) -> None:
    """Append to ``out`` every difference of tag, attribute or text below two nodes."""
    here = f"{path}/{ref.tag.split('}')[-1]}"
    if ours.tag != ref.tag:
        out.append(f"{here}: tag {ours.tag} != {ref.tag}")
        return
    if list(ours.attrib) != list(ref.attrib):
        out.append(f"{here}: attributes {list(ours.attrib)} != {list(ref.attrib)}")
    else:
        out.extend(f"{here}@{name}: {ours.attrib[name][:200]!r} != {value[:200]!r}"
                   for name, value in ref.attrib.items() if not values_match(ours.attrib[name], value))
    # The embedded font subsets are compared by the font tests, not as text.
    if ref.attrib.get("class") != "style-fonts" and (ours.text or "") != (ref.text or ""):
        out.append(f"{here}: text {ours.text!r} != {ref.text!r}")
    if len(ours) != len(ref):
        out.append(f"{here}: {len(ours)} children != {len(ref)}")
    for i, (a, b) in enumerate(zip(ours, ref, strict=False)):
        diff_nodes(a, b, f"{here}[{i}]", out)


def svg_differences(ours: str, ref: str) -> list[str]:
    """Every difference between our SVG and a reference read as we write it."""
    out: list[str] = []
    diff_nodes(ET.fromstring(ours), ET.fromstring(as_we_write_it(ref)), "", out)
    return out
