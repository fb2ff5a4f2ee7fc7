#!/usr/bin/env node
// Golden data for exporter/render/freehand.py: runs the real perfect-freehand@1.2.0
// (getStroke / getStrokePoints) and points-on-curve@1.0.1 (simplify) on a fixed list
// of strokes and writes the results to tests/data/freehand_goldens.json.
//
// Run by hand (not by CI), see README.md:
//   node tools/freehand_goldens/generate.mjs [--engine chromium|node] [--chromium PATH]
//        [--workdir DIR] [--out FILE] [--corpus DIR] [--oracle PATH|none]
//
// The npm packages are installed from the registry into a temp folder; nothing from
// them is copied into the repository. Stroke inputs come from a seeded PRNG and from
// freedraw elements of the shared corpus (read at generation time, only the numbers
// needed are stored). With the oracle (the real Excalidraw in Chromium) available,
// a scene of freedraw elements with Obsidian pen settings is rendered too and the
// path strings of its SVG are stored as end-to-end cases.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..", "..");

function parseArgs(argv) {
  const args = {
    engine: "chromium",
    chromium: process.env.FREEHAND_GOLDENS_CHROMIUM || "/usr/bin/chromium",
    workdir: path.join(os.tmpdir(), "freehand-goldens-npm"),
    out: path.join(ROOT, "tests", "data", "freehand_goldens.json"),
    corpus: path.resolve(ROOT, "..", "shared", "corpus"),
    oracle: path.join(os.homedir(), ".cache", "oracle", "oracle"),
  };
  for (let i = 2; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, "");
    if (!(key in args)) throw new Error(`unknown option ${argv[i]}`);
    args[key] = argv[++i];
  }
  return args;
}

const PINS = { "perfect-freehand": "1.2.0", "points-on-curve": "1.0.1", "lz-string": "1.5.0" };

function install(workdir, engine) {
  fs.mkdirSync(workdir, { recursive: true });
  const want = Object.entries(PINS).map(([n, v]) => `${n}@${v}`);
  if (engine === "chromium") want.push("playwright-core@1.65.1");
  const have = (name) => fs.existsSync(path.join(workdir, "node_modules", name, "package.json"));
  if (!Object.keys(PINS).every(have) || (engine === "chromium" && !have("playwright-core"))) {
    execFileSync("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", workdir, ...want], {
      stdio: "inherit",
    });
  }
  for (const [name, version] of Object.entries(PINS)) {
    const got = JSON.parse(fs.readFileSync(path.join(workdir, "node_modules", name, "package.json"))).version;
    if (got !== version) throw new Error(`expected ${name} ${version}, got ${got}`);
  }
}

// ---------------------------------------------------------------- case generation

// mulberry32: our own deterministic source for the case parameters.
function makeRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The Obsidian plugin's pen presets (src/utils/pens.ts): penOptions as stored in
// customData.strokeOptions. Reproduced as data to drive the cases.
const PENS = {
  default: { highlighter: false, constantPressure: false, hasOutline: false, outlineWidth: 1,
    options: { thinning: 0.6, smoothing: 0.5, streamline: 0.5, easing: "easeOutSine",
      start: { cap: true, taper: 0, easing: "linear" }, end: { cap: true, taper: 0, easing: "linear" } } },
  highlighter: { highlighter: true, constantPressure: true, hasOutline: true, outlineWidth: 4,
    options: { thinning: 1, smoothing: 0.5, streamline: 0.5, easing: "linear",
      start: { taper: 0, cap: true, easing: "linear" }, end: { taper: 0, cap: true, easing: "linear" } } },
  finetip: { highlighter: false, hasOutline: false, outlineWidth: 1, constantPressure: true,
    options: { smoothing: 0.4, thinning: -0.5, streamline: 0.4, easing: "linear",
      start: { taper: 5, cap: false, easing: "linear" }, end: { taper: 5, cap: false, easing: "linear" } } },
  fountain: { highlighter: false, constantPressure: false, hasOutline: false, outlineWidth: 1,
    options: { smoothing: 0.2, thinning: 0.6, streamline: 0.2, easing: "easeInOutSine",
      start: { taper: 150, cap: true, easing: "linear" }, end: { taper: 1, cap: true, easing: "linear" } } },
  marker: { highlighter: false, constantPressure: true, hasOutline: true, outlineWidth: 4,
    options: { thinning: 1, smoothing: 0.5, streamline: 0.5, easing: "linear",
      start: { taper: 0, cap: true, easing: "linear" }, end: { taper: 0, cap: true, easing: "linear" } } },
  "thick-thin": { highlighter: true, constantPressure: true, hasOutline: false, outlineWidth: 1,
    options: { thinning: 1, smoothing: 0.5, streamline: 0.5, easing: "linear",
      start: { taper: 0, cap: true, easing: "linear" }, end: { cap: true, taper: true, easing: "linear" } } },
  "thin-thick-thin": { highlighter: true, constantPressure: true, hasOutline: false, outlineWidth: 1,
    options: { thinning: 1, smoothing: 0.5, streamline: 0.5, easing: "linear",
      start: { cap: true, taper: true, easing: "linear" }, end: { cap: true, taper: true, easing: "linear" } } },
};

const EASING_NAMES = [
  "linear", "easeInQuad", "easeOutQuad", "easeInOutQuad", "easeInCubic", "easeOutCubic", "easeInOutCubic",
  "easeInQuart", "easeOutQuart", "easeInOutQuart", "easeInQuint", "easeOutQuint", "easeInOutQuint",
  "easeInSine", "easeOutSine", "easeInOutSine", "easeInExpo", "easeOutExpo", "easeInOutExpo",
  "easeInCirc", "easeOutCirc", "easeInOutCirc", "easeInBack", "easeOutBack", "easeInOutBack",
  "easeInElastic", "easeOutElastic", "easeInOutElastic", "easeInBounce", "easeOutBounce", "easeInOutBounce",
];

const round = (x, k) => Math.round(x * k) / k;

// A handwriting-like walk: smooth turns, varying speed; `reversals` flips direction sharply.
function walk(rnd, n, { step = 4, turn = 0.5, reversals = 0, dupes = 0, integer = false, start = [0, 0] } = {}) {
  const pts = [];
  let [x, y] = start;
  let a = rnd() * Math.PI * 2;
  for (let i = 0; i < n; i++) {
    pts.push(integer ? [Math.round(x), Math.round(y)] : [x, y]);
    if (dupes && rnd() < dupes) pts.push([...pts[pts.length - 1]]);
    if (reversals && rnd() < reversals) a += Math.PI * (0.9 + rnd() * 0.2);
    a += (rnd() - 0.5) * turn;
    const s = step * (0.2 + rnd() * 1.6);
    x = round(x + Math.cos(a) * s, integer ? 1 : 1e4);
    y = round(y + Math.sin(a) * s, integer ? 1 : 1e4);
  }
  return pts.slice(0, Math.max(n, 1));
}

function withPressures(rnd, pts, mode) {
  return pts.map(([x, y], i) => {
    if (mode === "none") return [x, y];
    if (mode === "missing" && i % 3 === 1) return [x, y, null];
    if (mode === "odd") return [x, y, [0, 1, 0.5, -0.2, 1.3][i % 5]];
    return [x, y, round(0.05 + rnd() * 0.9, 1e6)];
  });
}

// Excalidraw's options (XM shape.ts getVariableWidthFreedrawOutline), as data.
function excalidrawOptions(strokeWidth, simulatePressure, { last = true, streamline = 0.5 } = {}) {
  return { simulatePressure, size: strokeWidth * 4.25, thinning: 0.6, smoothing: 0.5, streamline,
    easing: "excalidraw", last };
}

// The Obsidian fork's options for a pen (freedrawPath.ts), as data: easing names kept.
function penOptions(pen, strokeWidth, simulatePressure) {
  const o = pen.options;
  return { ...o, simulatePressure: o.simulatePressure ?? simulatePressure, size: strokeWidth * 4.25, last: true,
    easing: o.easing ?? "linear", start: o.start, end: o.end };
}

function randomCases() {
  const rnd = makeRandom(20260408);
  const cases = [];
  const add = (tag, points, options) => cases.push({ tag, points, options });
  const widths = [0.5, 1, 2, 4, 8];
  // counts x pressure modes x options
  for (const n of [1, 2, 3, 10, 100, 1000]) {
    for (const sim of [true, false]) {
      for (const last of [true, false]) {
        const sw = widths[Math.floor(rnd() * widths.length)];
        const pts = withPressures(rnd, walk(rnd, n, { step: 1 + rnd() * 8 }), sim ? "none" : "random");
        add(`n${n}-${sim ? "sim" : "pressure"}-${last ? "last" : "open"}-sw${sw}`, pts, excalidrawOptions(sw, sim, { last }));
      }
    }
  }
  // every stroke width Excalidraw offers and a few odd ones, both streamline values
  for (const sw of [0.5, 1, 1.5, 2, 3, 4, 6, 8]) {
    for (const streamline of [0.5, 0.2]) {
      const n = 5 + Math.floor(rnd() * 60);
      const sim = rnd() < 0.5;
      const pts = withPressures(rnd, walk(rnd, n, { step: 0.5 + rnd() * 6 }), sim ? "none" : "random");
      add(`width-${sw}-streamline${streamline}`, pts, excalidrawOptions(sw, sim, { streamline }));
    }
  }
  // sharp reversals (corner rounding), duplicates, integer coordinates
  for (let k = 0; k < 24; k++) {
    const sw = widths[k % widths.length];
    const sim = k % 2 === 0;
    const pts = withPressures(rnd, walk(rnd, 10 + Math.floor(rnd() * 80), {
      step: 2 + rnd() * 10, turn: 0.3, reversals: 0.15 + rnd() * 0.3, dupes: k % 3 === 0 ? 0.3 : 0,
      integer: k % 4 === 1,
    }), sim ? "none" : k % 5 === 0 ? "missing" : "random");
    add(`reversals-${k}`, pts, excalidrawOptions(sw, sim, { last: k % 6 !== 5 }));
  }
  // zigzags exactly back and forth (vectors exactly opposite)
  for (let k = 0; k < 6; k++) {
    const pts = [];
    for (let i = 0; i < 12 + k * 5; i++) pts.push([i % 2 ? 40 + k : 0, i * (k % 3)]);
    add(`zigzag-${k}`, withPressures(rnd, pts, k % 2 ? "random" : "none"), excalidrawOptions(1 + k, k % 2 === 0));
  }
  // only duplicates; all points within `size` of the start; a dot
  add("all-same", [[5, 5], [5, 5], [5, 5], [5, 5]], excalidrawOptions(2, true));
  add("all-same-pressure", [[5, 5, 0.3], [5, 5, 0.4], [5, 5, 0.7]], excalidrawOptions(2, false));
  add("tiny", [[0, 0], [0.5, 0.25], [0.75, 0.5], [1, 0.5]], excalidrawOptions(4, true));
  add("tiny-open", [[0, 0], [0.5, 0.25], [0.75, 0.5], [1, 0.5]], excalidrawOptions(4, true, { last: false }));
  add("single", [[3, 4]], excalidrawOptions(2, true));
  add("single-open", [[3, 4]], excalidrawOptions(2, true, { last: false }));
  add("empty-pressure-dot", [[0, 0, 0.5]], excalidrawOptions(2, false));
  add("odd-pressures", withPressures(rnd, walk(rnd, 30), "odd"), excalidrawOptions(2, false));
  add("missing-pressures", withPressures(rnd, walk(rnd, 30), "missing"), excalidrawOptions(2, false));
  // perfect-freehand defaults (no options at all) and object points
  add("pf-defaults", walk(rnd, 40), {});
  add("pf-thinning0", walk(rnd, 40), { size: 10, thinning: 0, last: true });
  // Obsidian pens, with and without real pressure
  for (const [name, pen] of Object.entries(PENS)) {
    for (let k = 0; k < 4; k++) {
      const sw = [0.5, 1, 2, 4][k];
      const sim = pen.constantPressure ? false : k % 2 === 0;
      const n = [1, 3, 25, 150][k];
      const mode = sim ? "none" : pen.constantPressure ? "const" : "random";
      let pts = walk(rnd, n, { step: 1 + rnd() * 5, reversals: k === 2 ? 0.2 : 0 });
      pts = mode === "const" ? pts.map(([x, y]) => [x, y, 1]) : withPressures(rnd, pts, mode);
      add(`pen-${name}-${k}`, pts, penOptions(pen, sw, sim));
    }
  }
  // every named easing, as pressure easing and as taper easings; caps off; numeric tapers
  for (const [i, name] of EASING_NAMES.entries()) {
    const pts = withPressures(rnd, walk(rnd, 20 + (i % 7) * 10, { step: 3 }), i % 2 ? "random" : "none");
    const taper = [0, 10, 40, true][i % 4];
    add(`easing-${name}`, pts, {
      size: 6 + (i % 5), thinning: [0.6, 1, -0.5, 0.3][i % 4], smoothing: 0.5, streamline: 0.5, easing: name,
      simulatePressure: i % 2 === 0, last: true,
      start: { cap: i % 3 !== 0, taper, easing: EASING_NAMES[(i * 7) % EASING_NAMES.length] },
      end: { cap: i % 5 !== 0, taper: [20, 0, true, 5][i % 4], easing: name },
    });
  }
  for (const [k, [capS, capE]] of [[false, false], [true, false], [false, true]].entries()) {
    add(`caps-${k}`, withPressures(rnd, walk(rnd, 30), "random"), {
      size: 8, thinning: 0.6, simulatePressure: false, last: true, start: { cap: capS }, end: { cap: capE } });
  }
  // a mixed bag: handwriting-like strokes with random Excalidraw or pen settings
  const penNames = Object.keys(PENS);
  for (let k = 0; k < 70; k++) {
    const n = 2 + Math.floor(rnd() * rnd() * 250);
    const sim = rnd() < 0.5;
    const pts = withPressures(rnd, walk(rnd, n, { step: 0.5 + rnd() * 9, turn: rnd() * 1.5,
      reversals: rnd() < 0.3 ? 0.1 : 0, dupes: rnd() < 0.2 ? 0.2 : 0 }), sim ? "none" : "random");
    const sw = [0.5, 1, 2, 2.5, 4, 6, 8][Math.floor(rnd() * 7)];
    const options = k % 3 === 2
      ? penOptions(PENS[penNames[k % penNames.length]], sw, sim)
      : excalidrawOptions(sw, sim, { streamline: rnd() < 0.3 ? 0.2 : 0.5, last: rnd() < 0.8 });
    add(`mixed-${k}`, pts, options);
  }
  add("taper-default-easing", walk(rnd, 50), { size: 8, last: true, start: { taper: 30 }, end: { taper: 30 } });
  add("taper-single", [[1, 1]], { size: 8, last: false, start: { taper: true }, end: { taper: 10 } });
  add("taper-single-last", [[1, 1]], { size: 8, last: true, start: { taper: true } });
  return cases;
}

// ---------------------------------------------------------------- corpus inputs

function loadScene(file, LZString) {
  const text = fs.readFileSync(file, "utf8");
  if (file.endsWith(".excalidraw")) return JSON.parse(text);
  const blocks = [...text.matchAll(/```compressed-json\n([\s\S]*?)```/g)];
  if (blocks.length) return JSON.parse(LZString.decompressFromBase64(blocks[blocks.length - 1][1].replace(/\s+/g, "")));
  const plain = [...text.matchAll(/```json\n([\s\S]*?)```/g)];
  return plain.length ? JSON.parse(plain[plain.length - 1][1]) : null;
}

// Freedraw elements from the corpus: a spread of each file's strokes, capped.
function corpusElements(corpusDir, LZString) {
  const picks = [
    ["json/uni-notes-dynamics-dark.excalidraw", 40],
    ["obsidian/elte-brainstorming.md", 30],
    ["obsidian/prepa-denombrement.excalidraw.md", 20],
    ["obsidian/schule-literatur.excalidraw.md", 20],
    ["obsidian/appunti-red-black-tree.md", 10],
    ["obsidian/notesold-ultrasonic.excalidraw.md", 8],
    ["obsidian/beto-smart-notes.md", 3],
    ["json/async-test-talk.excalidraw", 6],
    ["json/final-project-ru.excalidraw", 5],
  ];
  const out = [];
  for (const [rel, count] of picks) {
    const file = path.join(corpusDir, rel);
    if (!fs.existsSync(file)) continue;
    const scene = loadScene(file, LZString);
    const fd = (scene?.elements || []).filter((e) => e.type === "freedraw" && !e.isDeleted);
    const step = Math.max(1, Math.floor(fd.length / count));
    for (let i = 0; i < fd.length && out.length < 1e6; i += step) {
      const e = fd[i];
      if (i / step >= count) break;
      const el = { source: `${rel}#${e.id}`, strokeWidth: e.strokeWidth, simulatePressure: e.simulatePressure,
        points: e.points, pressures: e.pressures || [] };
      if (e.strokeOptions) el.strokeOptions = e.strokeOptions;
      if (e.customData?.strokeOptions) el.customData = { strokeOptions: e.customData.strokeOptions };
      out.push(el);
    }
  }
  return out;
}

// ---------------------------------------------------------------- evaluation

// Runs inside the JS engine perfect-freehand lives in (page or Node).
function runCases(PF, simplify, cases, elements, excalidrawSource) {
  const { pow, sqrt, sin, cos, PI } = Math;
  const c1 = 1.70158, c2 = c1 * 1.525, c3 = c1 + 1, c4 = (2 * PI) / 3, c5 = (2 * PI) / 4.5;
  const bounceOut = (x) => {
    const n1 = 7.5625, d1 = 2.75;
    if (x < 1 / d1) return n1 * x * x;
    else if (x < 2 / d1) return n1 * (x -= 1.5 / d1) * x + 0.75;
    else if (x < 2.5 / d1) return n1 * (x -= 2.25 / d1) * x + 0.9375;
    return n1 * (x -= 2.625 / d1) * x + 0.984375;
  };
  // easings.net formulas, written as the Obsidian fork's easingFunctions.ts evaluates them
  const E = {
    excalidraw: (t) => Math.sin((t * Math.PI) / 2),
    linear: (x) => x,
    easeInQuad: (x) => x * x,
    easeOutQuad: (x) => 1 - (1 - x) * (1 - x),
    easeInOutQuad: (x) => (x < 0.5 ? 2 * x * x : 1 - pow(-2 * x + 2, 2) / 2),
    easeInCubic: (x) => x * x * x,
    easeOutCubic: (x) => 1 - pow(1 - x, 3),
    easeInOutCubic: (x) => (x < 0.5 ? 4 * x * x * x : 1 - pow(-2 * x + 2, 3) / 2),
    easeInQuart: (x) => x * x * x * x,
    easeOutQuart: (x) => 1 - pow(1 - x, 4),
    easeInOutQuart: (x) => (x < 0.5 ? 8 * x * x * x * x : 1 - pow(-2 * x + 2, 4) / 2),
    easeInQuint: (x) => x * x * x * x * x,
    easeOutQuint: (x) => 1 - pow(1 - x, 5),
    easeInOutQuint: (x) => (x < 0.5 ? 16 * x * x * x * x * x : 1 - pow(-2 * x + 2, 5) / 2),
    easeInSine: (x) => 1 - cos((x * PI) / 2),
    easeOutSine: (x) => sin((x * PI) / 2),
    easeInOutSine: (x) => -(cos(PI * x) - 1) / 2,
    easeInExpo: (x) => (x === 0 ? 0 : pow(2, 10 * x - 10)),
    easeOutExpo: (x) => (x === 1 ? 1 : 1 - pow(2, -10 * x)),
    easeInOutExpo: (x) => (x === 0 ? 0 : x === 1 ? 1 : x < 0.5 ? pow(2, 20 * x - 10) / 2 : (2 - pow(2, -20 * x + 10)) / 2),
    easeInCirc: (x) => 1 - sqrt(1 - pow(x, 2)),
    easeOutCirc: (x) => sqrt(1 - pow(x - 1, 2)),
    easeInOutCirc: (x) => (x < 0.5 ? (1 - sqrt(1 - pow(2 * x, 2))) / 2 : (sqrt(1 - pow(-2 * x + 2, 2)) + 1) / 2),
    easeInBack: (x) => c3 * x * x * x - c1 * x * x,
    easeOutBack: (x) => 1 + c3 * pow(x - 1, 3) + c1 * pow(x - 1, 2),
    easeInOutBack: (x) => (x < 0.5
      ? (pow(2 * x, 2) * ((c2 + 1) * 2 * x - c2)) / 2
      : (pow(2 * x - 2, 2) * ((c2 + 1) * (x * 2 - 2) + c2) + 2) / 2),
    easeInElastic: (x) => (x === 0 ? 0 : x === 1 ? 1 : -pow(2, 10 * x - 10) * sin((x * 10 - 10.75) * c4)),
    easeOutElastic: (x) => (x === 0 ? 0 : x === 1 ? 1 : pow(2, -10 * x) * sin((x * 10 - 0.75) * c4) + 1),
    easeInOutElastic: (x) => (x === 0 ? 0 : x === 1 ? 1 : x < 0.5
      ? -(pow(2, 20 * x - 10) * sin((20 * x - 11.125) * c5)) / 2
      : (pow(2, -20 * x + 10) * sin((20 * x - 11.125) * c5)) / 2 + 1),
    easeInBounce: (x) => 1 - bounceOut(1 - x),
    easeOutBounce: bounceOut,
    easeInOutBounce: (x) => (x < 0.5 ? (1 - bounceOut(1 - 2 * x)) / 2 : (1 + bounceOut(2 * x - 1)) / 2),
  };
  const part = (p) => (p && p.easing ? { ...p, easing: E[p.easing] } : p);
  const materialise = (o) => {
    const r = { ...o };
    if (typeof o.easing === "string") r.easing = E[o.easing];
    if ("start" in o) r.start = part(o.start);
    if ("end" in o) r.end = part(o.end);
    return r;
  };
  // Excalidraw's getSvgPathFromStroke, written from its description: "M" P0 "Q", then each
  // point followed by the midpoint to the next (the last one to P0), "L" P0 "Z", joined by
  // spaces (points print as "x,y"), then every decimal number cut to two decimals.
  const svgPath = (pts) => {
    if (pts.length === 0) return "";
    const tokens = ["M", pts[0], "Q"];
    pts.forEach((p, i) => {
      const q = i === pts.length - 1 ? pts[0] : pts[i + 1];
      tokens.push(p, [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2]);
      if (i === pts.length - 1) tokens.push("L", pts[0], "Z");
    });
    return tokens.join(" ").replace(/(\s?[A-Z]?,?-?[0-9]*\.[0-9]{0,2})(([0-9]|e|-)*)/g, "$1");
  };
  const inputOf = (pts) => pts.map((p) => (p.length > 2 && p[2] === null ? [p[0], p[1], undefined] : p));
  const strokeCases = cases.map((c) => {
    const options = materialise(c.options);
    const points = inputOf(c.points);
    const outline = PF.getStroke(points, options);
    const res = { path: svgPath(outline) };
    if (outline.length <= 200) res.outline = outline;
    if (points.length <= 40) {
      res.strokePoints = PF.getStrokePoints(points, options).map((s) =>
        [s.point[0], s.point[1], s.pressure, s.vector[0], s.vector[1], s.distance, s.runningLength]);
    }
    return res;
  });
  // Corpus elements: Excalidraw's own input mapping and options (XM/ZF, last = true).
  const elementCases = elements.map((el) => {
    const input = el.simulatePressure
      ? el.points
      : el.points.length ? el.points.map(([x, y], i) => [x, y, el.pressures[i]]) : [[0, 0, 0.5]];
    const outline = PF.getStroke(input, {
      simulatePressure: el.simulatePressure, size: el.strokeWidth * 4.25, thinning: 0.6, smoothing: 0.5,
      streamline: el.strokeOptions?.streamline ?? 0.5, easing: E.excalidraw, last: true,
    });
    return { path: svgPath(outline), simplified: simplify(el.points, 0.75) };
  });
  return { strokeCases, elementCases, excalidrawSource };
}

function pageSources(workdir) {
  const nm = path.join(workdir, "node_modules");
  const pf = fs.readFileSync(path.join(nm, "perfect-freehand", "dist", "cjs", "index.js"), "utf8");
  const poc = fs.readFileSync(path.join(nm, "points-on-curve", "lib", "index.js"), "utf8");
  // Both are evaluated unchanged except for module plumbing (CommonJS exports / ESM keywords).
  return {
    pf: `(function(){var module={exports:{}};var exports=module.exports;${pf}\nwindow.PF=module.exports;})();`,
    poc: `(function(){${poc.replace(/^export /gm, "").replace(/^import .*$/gm, "")}\nwindow.POC={simplify};})();`,
  };
}

async function evaluate(args, cases, elements) {
  const src = pageSources(args.workdir);
  if (args.engine === "node") {
    const window = {};
    new Function("window", src.pf + src.poc)(window);
    const r = runCases(window.PF, window.POC.simplify, cases, elements, null);
    return { engine: `node ${process.version} (V8 ${process.versions.v8})`, ...r };
  }
  const require = createRequire(path.join(args.workdir, "package.json"));
  const { chromium } = require("playwright-core");
  const browser = await chromium.launch({ executablePath: args.chromium, args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage();
    await page.addScriptTag({ content: src.pf + src.poc });
    const engine = await page.evaluate(() => navigator.userAgent);
    const r = await page.evaluate(
      ([source, list, els]) =>
        new Function("PF", "simplify", "cases", "elements", `return (${source})(PF, simplify, cases, elements, null);`)(
          window.PF, window.POC.simplify, list, els),
      [runCases.toString(), cases, elements],
    );
    return { engine, ...r };
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------- end-to-end via the oracle

// Freedraw elements with Obsidian pen settings and XM stroke options, rendered by the real
// Excalidraw (@zsviczian/excalidraw through the oracle); the d of each element's filled path.
function oracleScene() {
  const rnd = makeRandom(777);
  const elements = [];
  let k = 0;
  const base = (extra) => {
    const pts = walk(rnd, 8 + Math.floor(rnd() * 60), { step: 2 + rnd() * 4, reversals: k % 4 === 3 ? 0.2 : 0 });
    const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
    const minX = Math.min(...xs), minY = Math.min(...ys);
    const points = pts.map(([x, y]) => [round(x - minX, 1e4), round(y - minY, 1e4)]);
    const el = {
      id: `fd${k}`, type: "freedraw", x: 40 + (k % 8) * 120, y: 40 + Math.floor(k / 8) * 120,
      width: Math.max(...xs) - minX, height: Math.max(...ys) - minY, angle: 0,
      strokeColor: "#1e1e1e", backgroundColor: "transparent", fillStyle: "solid", strokeWidth: [0.5, 1, 2, 4][k % 4],
      strokeStyle: "solid", roughness: 1, opacity: 100, groupIds: [], frameId: null, roundness: null,
      seed: 1000 + k, version: 1, versionNonce: 1, isDeleted: false, boundElements: null, updated: 1, link: null,
      locked: false, index: `a${String(k).padStart(3, "0")}`, points, lastCommittedPoint: null,
      simulatePressure: true, pressures: [], ...extra(points),
    };
    k++;
    elements.push(el);
  };
  for (const [name, pen] of Object.entries(PENS)) {
    for (let j = 0; j < 3; j++) {
      base((points) => {
        const sim = pen.constantPressure ? false : j === 0;
        return {
          simulatePressure: sim,
          pressures: sim ? [] : points.map(() => (pen.constantPressure ? 1 : round(0.1 + rnd() * 0.8, 1e4))),
          customData: { strokeOptions: JSON.parse(JSON.stringify(pen)) },
          ...(pen.hasOutline ? { backgroundColor: "#ffc47c" } : {}),
        };
      });
    }
  }
  base(() => ({ customData: { strokeOptions: { highlighter: false } } })); // pen without options
  for (const streamline of [0.2, 0.5, 0.35]) {
    base(() => ({ strokeOptions: { variability: "variable", streamline } }));
    base((points) => ({ simulatePressure: false, pressures: points.map(() => round(rnd(), 1e4)),
      strokeOptions: { variability: "variable", streamline } }));
  }
  base(() => ({}));
  base(() => ({ strokeOptions: { variability: "constant", streamline: 0.5 } }));
  base(() => ({ strokeOptions: { variability: "constant", streamline: 0.2 } }));
  // constant width (laser-pointer geometry): corners, fast strokes, 1-2 points, streamline 0, thin
  const constant = (streamline, strokeWidth, points) => base((pts) => ({
    strokeOptions: { variability: "constant", streamline }, strokeWidth, ...(points ? { points } : {}) }));
  for (let j = 0; j < 6; j++) constant([0.5, 0.2, 0, 0.35][j % 4], [1, 2, 4, 0.5][j % 4]);
  constant(0.5, 2, [[0, 0], [60, 5], [0, 12], [70, 30], [-10, 40], [80, 80], [0, 120]]);
  constant(0.2, 1, [[0, 0], [50, 0], [50, 50], [0, 50], [0, 0], [25, 25], [25, 25], [26, 25]]);
  constant(0, 4, [[0, 0], [120, 10], [0, 20], [130, 30], [0, 45]]);
  constant(0.5, 2, [[0, 0]]);
  constant(0.5, 2, [[0, 0], [0, 0]]);
  constant(0.2, 2, [[0, 0], [15, 8]]);
  constant(0.5, 0.25, [[0, 0], [15, 8]]);
  constant(0.5, 0.25, [[0, 0], [15, 8], [30, 2], [20, 20]]);
  constant(0.5, 1, [[0, 0], [10, 0], [20, 0], [10, 0], [0, 0]]);
  return { type: "excalidraw", version: 2, source: "freehand-goldens", elements,
    appState: { viewBackgroundColor: "#ffffff", exportBackground: true }, files: {} };
}

function oracleCases(args) {
  if (args.oracle === "none" || !fs.existsSync(args.oracle)) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "freehand-oracle-"));
  const scene = oracleScene();
  const file = path.join(dir, "freedraw.excalidraw");
  fs.writeFileSync(file, JSON.stringify(scene));
  execFileSync(args.oracle, ["render", path.join(dir, "out"), file], { stdio: "inherit" });
  const svg = fs.readFileSync(path.join(dir, "out", "freedraw.svg"), "utf8");
  // Each freedraw element is one <g ... stroke="none"> whose last <path> is the filled outline.
  const groups = [...svg.matchAll(/<g[^>]*stroke="none"[^>]*>([\s\S]*?)<\/g>/g)];
  const ds = groups.map((g) => [...g[1].matchAll(/<path[^>]*\sd="([^"]*)"/g)].map((m) => m[1]));
  // Excalidraw skips "invisibly small" freedraw elements (fewer than 2 points) entirely.
  const drawn = scene.elements.filter((el) => el.points.length >= 2);
  if (ds.length !== drawn.length) throw new Error(`oracle: ${ds.length} freedraw groups for ${drawn.length} elements`);
  return drawn.map((el, i) => ({ element: el, paths: ds[i] }));
}

// ---------------------------------------------------------------- output

async function main() {
  const args = parseArgs(process.argv);
  install(args.workdir, args.engine);
  const require = createRequire(path.join(args.workdir, "package.json"));
  const LZString = require("lz-string");
  const cases = randomCases().map((c, i) => ({ id: `${String(i).padStart(4, "0")}-${c.tag}`, ...c }));
  const elements = corpusElements(args.corpus, LZString);
  const { engine, strokeCases, elementCases } = await evaluate(args, cases, elements);
  const oracle = oracleCases(args);
  const data = {
    meta: {
      "perfect-freehand": PINS["perfect-freehand"],
      "points-on-curve": PINS["points-on-curve"],
      engine,
      generator: "tools/freehand_goldens/generate.mjs",
      note: "strokes: getStroke(points, options) with easing names; path = getSvgPathFromStroke; "
        + "elements: corpus freedraw with Excalidraw's options; oracle: @zsviczian/excalidraw SVG d per element",
    },
    strokes: cases.map((c, i) => ({ ...c, ...strokeCases[i] })),
    elements: elements.map((el, i) => ({ ...el, ...elementCases[i] })),
    oracle,
  };
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, JSON.stringify(data));
  const size = fs.statSync(args.out).size;
  console.log(`${cases.length} strokes, ${elements.length} corpus elements, ${oracle ? oracle.length : 0} oracle elements `
    + `from ${engine} -> ${path.relative(process.cwd(), args.out)} (${(size / 1e6).toFixed(2)} MB)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
