#!/usr/bin/env bash
# Run every atheris harness under fuzz/ for SECONDS each (default 60).
#   fuzz/run.sh 120
# Installs atheris into the project venv when missing. Corpora and crash
# artifacts go to fuzz/work/ (not committed); seed inputs come from the test
# scenes and fixtures. Prints one summary line per harness and exits 1 when
# any harness found a crash.
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-60}"
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3
"$PY" -c "import atheris" 2>/dev/null || "$PY" -m pip install -q --disable-pip-version-check atheris

WORK=fuzz/work
mkdir -p "$WORK"
seed() {  # seed corpus of a harness: the first byte picks options/prefixes, the rest is the file
  local dir="$WORK/corpus-$1"; shift
  mkdir -p "$dir"
  for f in "$@"; do
    [ -f "$f" ] || continue
    local size; size=$(stat -c %s "$f")
    [ "$size" -le 200000 ] || continue
    { printf '\000'; cat "$f"; } > "$dir/seed-$(basename "$f")"
  done
}
seed scene tests/scenes/*.excalidraw tests/scenes/partb/*.excalidraw tests/fixtures/hostile/*.excalidraw
seed obsidian tests/fixtures/load/*.md tests/fixtures/load/broken/*.md tests/fixtures/hostile/*.md
seed embed tests/fixtures/load/*.png tests/fixtures/load/*.svg
seed lzstring tests/fixtures/lzstring/*
seed json_slices tests/scenes/*.excalidraw tests/fixtures/hostile/*.excalidraw
# LZ-String streams and PNG/SVG payloads made by our own encoders from the test scenes.
"$PY" - "$WORK" <<'PYEOF'
import sys, pathlib, lzstring
sys.path.insert(0, ".")
from exporter.load.embed import encode_payload, encode_svg_payload
work = pathlib.Path(sys.argv[1])
for n, path in enumerate(sorted(pathlib.Path("tests/scenes").glob("*.excalidraw"))[:4]):
    text = path.read_text(encoding="utf-8")
    packed = lzstring.LZString().compressToBase64(text)
    (work / "corpus-lzstring" / f"seed-{n}").write_bytes(b"\x01" + packed.encode())
    (work / "corpus-obsidian" / f"seed-lz-{n}").write_bytes(b"\x04" + packed.encode() + b"\n```\n")
    (work / "corpus-embed" / f"seed-payload-{n}").write_bytes(b"\x02" + encode_payload(text).encode("utf-8"))
    (work / "corpus-embed" / f"seed-svg-{n}").write_bytes(b"\x01" + encode_svg_payload(text).encode("utf-8"))
PYEOF

status=0
for harness in fuzz/fuzz_*.py; do
  name=$(basename "$harness" .py); name=${name#fuzz_}
  mkdir -p "$WORK/corpus-$name" "$WORK/artifacts-$name"
  log="$WORK/$name.log"
  dict=()
  case "$name" in scene|obsidian) dict=(-dict=fuzz/tokens.dict) ;; esac
  "$PY" "$harness" "$WORK/corpus-$name" "${dict[@]}" -max_total_time="$SECONDS_EACH" -timeout=20 -rss_limit_mb=4096 \
    -max_len=65536 -artifact_prefix="$WORK/artifacts-$name/" -print_final_stats=1 >"$log" 2>&1
  rc=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  crashes=$(find "$WORK/artifacts-$name" -type f | wc -l)
  echo "$name: ${runs:-?} inputs in ${SECONDS_EACH}s, exit $rc, $crashes artifact(s) in $WORK/artifacts-$name"
  [ "$rc" = 0 ] && [ "$crashes" = 0 ] || status=1
done
exit $status
