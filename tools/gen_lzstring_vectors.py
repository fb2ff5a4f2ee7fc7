"""Generate LZ-String test vectors with the real JavaScript lz-string (1.5.0).

Writes tests/fixtures/lzstring/vectors.json: a list of
``{"text": <UTF-16 string>, "base64": LZString.compressToBase64(text)}``.
The texts are deterministic pseudo-random strings mixing ASCII, JSON-like
text, CJK, emoji (surrogate pairs) and lone surrogates.

    npm install --prefix /tmp/lznode lz-string@1.5.0
    .venv/bin/python tools/gen_lzstring_vectors.py [--node-modules /tmp/lznode/node_modules]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "lzstring" / "vectors.json"

NODE = r"""
const LZString = require(process.argv[1] + "/lz-string");
let data = "";
process.stdin.on("data", (d) => (data += d));
process.stdin.on("end", () => {
  const texts = JSON.parse(data);
  const out = texts.map((text) => ({ text, base64: LZString.compressToBase64(text) }));
  process.stdout.write(JSON.stringify(out, null, 0));
});
"""

POOLS = {
    "ascii": [chr(c) for c in range(32, 127)],
    "json": list('{}[]":,0123456789.-') + ["\"type\"", "\"x\"", "\"rectangle\"", "\n\t"],
    "cjk": [chr(c) for c in range(0x4E00, 0x4E40)] + list("データ"),
    "emoji": ["😀", "🚀", "👍🏽", "🇫🇷", "👩‍💻", "𝔸", "🗹"],
    "lone": ["\ud800", "\udfff", "\udbff", "\udc00"],
    "control": ["\x00", "\x01", "\x7f", "\u0100", "\uffff", "\ufffe"],
}


def make_texts(seed: int = 2024) -> list[str]:
    rng = random.Random(seed)
    texts = ["a", "ab", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "abababababababab", "😀", "\ud800", "x\udc00y"]
    names = list(POOLS)
    for i in range(80):
        pools = rng.sample(names, rng.randint(1, len(names)))
        pool = [c for name in pools for c in POOLS[name]]
        length = rng.choice((1, 2, 3, 5, 17, 64, 300, 2000)) if i < 77 else 6000
        texts.append("".join(rng.choice(pool) for _ in range(length)))
    return texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--node-modules", default="/tmp/lznode/node_modules")
    args = ap.parse_args()
    texts = make_texts()
    # Python strings are code points; send UTF-16 code units as JS sees them
    # (astral characters become surrogate pairs through JSON escaping).
    payload = json.dumps(texts, ensure_ascii=True)
    done = subprocess.run(["node", "-e", NODE, args.node_modules], input=payload, capture_output=True,
                          text=True, check=True)
    vectors = json.loads(done.stdout)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(vectors, ensure_ascii=True, indent=0) + "\n", encoding="ascii")
    print(f"wrote {len(vectors)} vectors to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
