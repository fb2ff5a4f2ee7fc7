#!/usr/bin/env node
// Golden data for exporter/rough: runs the real roughjs@4.6.4 on a fixed list of
// calls and writes what it draws to tests/data/rough_goldens.json.
//
// Run by hand (not by CI), see README.md:
//   node tools/rough_goldens/generate.mjs [--engine chromium|node] [--chromium PATH]
//        [--workdir DIR] [--out FILE]
//
// rough.js and playwright-core are installed from the npm registry into a temp
// folder; nothing from them is copied into the repository.

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
    chromium: process.env.ROUGH_GOLDENS_CHROMIUM || "/usr/bin/chromium",
    workdir: path.join(os.tmpdir(), "rough-goldens-npm"),
    out: path.join(ROOT, "tests", "data", "rough_goldens.json"),
  };
  for (let i = 2; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, "");
    if (!(key in args)) throw new Error(`unknown option ${argv[i]}`);
    args[key] = argv[++i];
  }
  return args;
}

function install(workdir, engine) {
  fs.mkdirSync(workdir, { recursive: true });
  const want = ["roughjs@4.6.4"];
  if (engine === "chromium") want.push("playwright-core@1.65.1");
  const have = (name) => fs.existsSync(path.join(workdir, "node_modules", name, "package.json"));
  if (!have("roughjs") || (engine === "chromium" && !have("playwright-core"))) {
    execFileSync("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", workdir, ...want], {
      stdio: "inherit",
    });
  }
  const version = JSON.parse(fs.readFileSync(path.join(workdir, "node_modules/roughjs/package.json"))).version;
  if (version !== "4.6.4") throw new Error(`expected roughjs 4.6.4, got ${version}`);
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

const R = makeRandom(20261123);
const pick = (list) => list[Math.floor(R() * list.length)];
const between = (lo, hi) => lo + R() * (hi - lo);
const coord = (lo, hi) => {
  // Excalidraw stores arbitrary doubles; mix integers, short decimals and full ones.
  const v = between(lo, hi);
  const kind = R();
  if (kind < 0.3) return Math.round(v);
  if (kind < 0.5) return Math.round(v * 100) / 100;
  return v;
};
const roughSeed = () => 1 + Math.floor(R() * (2 ** 31 - 2));

const COLORS = ["#1e1e1e", "#e03131", "#2f9e44", "#1971c2", "#f08c00", "#000000"];
const BACKGROUNDS = ["#a5d8ff", "#ffec99", "#b2f2bb", "#ffc9c9", "#eebefa", "#ced4da"];
const FILL_STYLES = ["hachure", "cross-hatch", "zigzag", "solid"];
const STROKE_STYLES = ["solid", "solid", "dashed", "dotted"];
const ROUGHNESS = [0, 1, 2, 1, 0, 1];

// Excalidraw's adjustRoughness (shape.ts) for the size-dependent roughness.
function adjustRoughness(el) {
  const roughness = el.roughness;
  const maxSize = Math.max(el.width, el.height);
  const minSize = Math.min(el.width, el.height);
  if (
    (minSize >= 20 && maxSize >= 50) ||
    (minSize >= 15 && !!el.roundness && ["rectangle", "line", "diamond"].includes(el.type)) ||
    (["line", "arrow"].includes(el.type) && maxSize >= 50)
  ) {
    return roughness;
  }
  return Math.min(roughness / (maxSize < 10 ? 3 : 2), 2.5);
}

// Excalidraw's generateRoughOptions (shape.ts), for a loosely described element.
function excalidrawOptions(el, continuousPath = false) {
  const sw = el.strokeWidth;
  const o = {
    seed: el.seed,
    disableMultiStroke: el.strokeStyle !== "solid",
    strokeWidth: el.strokeStyle !== "solid" ? sw + 0.5 : sw,
    fillWeight: sw / 2,
    hachureGap: sw * 4,
    roughness: adjustRoughness(el),
    stroke: el.strokeColor,
    preserveVertices: continuousPath || el.roughness < 2,
  };
  if (el.strokeStyle === "dashed") o.strokeLineDash = [8, 8 + sw];
  if (el.strokeStyle === "dotted") o.strokeLineDash = [1.5, 6 + sw];
  if (["rectangle", "diamond", "ellipse"].includes(el.type)) {
    o.fillStyle = el.fillStyle;
    if (el.backgroundColor !== "transparent") o.fill = el.backgroundColor;
    if (el.type === "ellipse") o.curveFitting = 1;
  }
  if (el.type === "line" && el.loop) {
    o.fillStyle = el.fillStyle;
    if (el.backgroundColor !== "transparent") o.fill = el.backgroundColor;
  }
  return o;
}

function randomElement(type) {
  const small = R() < 0.15;
  return {
    type,
    width: small ? coord(2, 25) : coord(20, 180),
    height: small ? coord(2, 25) : coord(20, 130),
    strokeWidth: pick([1, 2, 4, 2]),
    strokeStyle: pick(STROKE_STYLES),
    roughness: pick(ROUGHNESS),
    seed: roughSeed(),
    strokeColor: pick(COLORS),
    backgroundColor: R() < 0.3 ? "transparent" : pick(BACKGROUNDS),
    fillStyle: pick(FILL_STYLES),
    roundness: R() < 0.4 ? { type: 3 } : null,
  };
}

function cornerRadius(x, el) {
  if (!el.roundness) return 0;
  if (el.roundness.type === 3) return x <= 32 / 0.25 ? 0.25 * x : 32;
  return 0.25 * x;
}

function roundedRectPath(w, h, r) {
  return `M ${r} 0 L ${w - r} 0 Q ${w} 0, ${w} ${r} L ${w} ${h - r} Q ${w} ${h}, ${w - r} ${h} L ${r} ${h} Q 0 ${h}, 0 ${h - r} L 0 ${r} Q 0 0, ${r} 0`;
}

function diamondPoints(w, h) {
  const topX = Math.floor(w / 2) + 1;
  const rightY = Math.floor(h / 2) + 1;
  return [topX, 0, w, rightY, topX, h, 0, rightY];
}

function roundedDiamondPath(el) {
  const [topX, topY, rightX, rightY, bottomX, bottomY, leftX, leftY] = diamondPoints(el.width, el.height);
  const vr = cornerRadius(Math.abs(topX - leftX), { roundness: { type: 2 } });
  const hr = cornerRadius(Math.abs(rightY - topY), { roundness: { type: 2 } });
  return `M ${topX + vr} ${topY + hr} L ${rightX - vr} ${rightY - hr}
            C ${rightX} ${rightY}, ${rightX} ${rightY}, ${rightX - vr} ${rightY + hr}
            L ${bottomX + vr} ${bottomY - hr}
            C ${bottomX} ${bottomY}, ${bottomX} ${bottomY}, ${bottomX - vr} ${bottomY - hr}
            L ${leftX + vr} ${leftY + hr}
            C ${leftX} ${leftY}, ${leftX} ${leftY}, ${leftX + vr} ${leftY - hr}
            L ${topX - vr} ${topY + hr}
            C ${topX} ${topY}, ${topX} ${topY}, ${topX + vr} ${topY + hr}`;
}

function elbowPoints() {
  const pts = [[0, 0]];
  let [x, y] = [0, 0];
  let horizontal = R() < 0.5;
  const n = 2 + Math.floor(R() * 5);
  for (let i = 0; i < n; i++) {
    const step = coord(-220, 220) || 40;
    if (horizontal) x += step;
    else y += step;
    pts.push([x, y]);
    horizontal = !horizontal;
  }
  return pts;
}

function isHorizontal(to, from) {
  const dx = to[0] - from[0];
  const dy = to[1] - from[1];
  return Math.abs(dx) >= Math.abs(dy);
}

function elbowPath(points, radius = 16) {
  const sub = [];
  for (let i = 1; i < points.length - 1; i++) {
    const [prev, point, next] = [points[i - 1], points[i], points[i + 1]];
    const dist = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1]);
    const corner = Math.min(radius, dist(point, next) / 2, dist(point, prev) / 2);
    if (isHorizontal(point, prev)) sub.push([point[0] + (prev[0] < point[0] ? -corner : corner), point[1]]);
    else sub.push([point[0], point[1] + (prev[1] < point[1] ? -corner : corner)]);
    sub.push(point);
    if (isHorizontal(next, point)) sub.push([point[0] + (next[0] < point[0] ? -corner : corner), point[1]]);
    else sub.push([point[0], point[1] + (next[1] < point[1] ? -corner : corner)]);
  }
  const d = [`M ${points[0][0]} ${points[0][1]}`];
  for (let i = 0; i < sub.length; i += 3) {
    d.push(`L ${sub[i][0]} ${sub[i][1]}`);
    d.push(`Q ${sub[i + 1][0]} ${sub[i + 1][1]}, ${sub[i + 2][0]} ${sub[i + 2][1]}`);
  }
  const last = points[points.length - 1];
  d.push(`L ${last[0]} ${last[1]}`);
  return d.join(" ");
}

function randomPoints(n, span = 250) {
  const pts = [[0, 0]];
  for (let i = 1; i < n; i++) pts.push([coord(-span, span), coord(-span, span)]);
  return pts;
}

function loopPoints(n) {
  const cx = coord(60, 160);
  const cy = coord(60, 160);
  const pts = [];
  for (let i = 0; i < n; i++) {
    const a = (i / n) * Math.PI * 2 + between(-0.2, 0.2);
    const r = between(20, 75);
    pts.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
  }
  pts.push([pts[0][0] + between(-3, 3), pts[0][1] + between(-3, 3)]);
  return pts;
}

// Arrowhead points as Excalidraw computes them, roughly (direction from the last segment).
function arrowheadCalls(el, points, opts) {
  const [p0, p1] = [points[points.length - 2], points[points.length - 1]];
  const len = Math.hypot(p1[0] - p0[0], p1[1] - p0[1]) || 1;
  const [nx, ny] = [(p1[0] - p0[0]) / len, (p1[1] - p0[1]) / len];
  const size = Math.min(25, len * 0.5);
  const base = [p1[0] - nx * size, p1[1] - ny * size];
  const rot = (p, c, a) => [
    (p[0] - c[0]) * Math.cos(a) - (p[1] - c[1]) * Math.sin(a) + c[0],
    (p[0] - c[0]) * Math.sin(a) + (p[1] - c[1]) * Math.cos(a) + c[1],
  ];
  const a = (20 * Math.PI) / 180;
  const [p3, p4] = [rot(base, p1, -a), rot(base, p1, a)];
  const lineOpts = { ...opts, roughness: Math.min(1, opts.roughness) };
  delete lineOpts.strokeLineDash;
  if (el.strokeStyle === "dotted") lineOpts.strokeLineDash = [1.5, 6 + (el.strokeWidth - 1) - 1];
  const solidOpts = { ...opts, fill: el.strokeColor, fillStyle: "solid", roughness: Math.min(1, opts.roughness) };
  delete solidOpts.strokeLineDash;
  const circleOpts = { ...solidOpts, roughness: Math.min(0.5, opts.roughness) };
  const calls = [
    ["line", [p3[0], p3[1], p1[0], p1[1]], lineOpts],
    ["line", [p4[0], p4[1], p1[0], p1[1]], lineOpts],
    ["polygon", [[p1, p3, p4, p1]], solidOpts],
  ];
  if (R() < 0.5) calls.push(["circle", [p1[0], p1[1], size * 0.6 + el.strokeWidth - 2], circleOpts]);
  return calls;
}

function excalidrawCases() {
  const cases = [];
  const add = (tag, method, args, options) => cases.push({ tag, method, args, options });
  for (let i = 0; i < 60; i++) {
    const el = randomElement("rectangle");
    if (el.roundness) {
      const r = cornerRadius(Math.min(el.width, el.height), el);
      add("excalidraw-rounded-rectangle", "path", [roundedRectPath(el.width, el.height, r)], excalidrawOptions(el, true));
    } else {
      add("excalidraw-rectangle", "rectangle", [0, 0, el.width, el.height], excalidrawOptions(el));
    }
  }
  for (let i = 0; i < 60; i++) {
    const el = randomElement("diamond");
    if (el.roundness) {
      add("excalidraw-rounded-diamond", "path", [roundedDiamondPath(el)], excalidrawOptions(el, true));
    } else {
      const [tx, ty, rx, ry, bx, by, lx, ly] = diamondPoints(el.width, el.height);
      add("excalidraw-diamond", "polygon", [[[tx, ty], [rx, ry], [bx, by], [lx, ly]]], excalidrawOptions(el));
    }
  }
  for (let i = 0; i < 36; i++) {
    const el = randomElement("ellipse");
    add("excalidraw-ellipse", "ellipse", [el.width / 2, el.height / 2, el.width, el.height], excalidrawOptions(el));
  }
  for (let i = 0; i < 70; i++) {
    const el = randomElement(R() < 0.5 ? "line" : "arrow");
    const points = randomPoints(pick([1, 2, 2, 3, 4, 6]));
    el.width = Math.max(...points.map((p) => p[0])) - Math.min(...points.map((p) => p[0]));
    el.height = Math.max(...points.map((p) => p[1])) - Math.min(...points.map((p) => p[1]));
    const opts = excalidrawOptions(el);
    if (el.roundness) add(`excalidraw-${el.type}-curve`, "curve", [points], opts);
    else add(`excalidraw-${el.type}`, "linearPath", [points], opts);
    if (el.type === "arrow" && points.length >= 2) {
      for (const [method, args, o] of arrowheadCalls(el, points, opts)) add(`excalidraw-arrowhead-${method}`, method, args, o);
    }
  }
  for (let i = 0; i < 30; i++) {
    const el = randomElement("line");
    el.loop = true;
    const points = loopPoints(3 + Math.floor(R() * 8));
    el.width = 200;
    el.height = 200;
    const opts = excalidrawOptions(el);
    if (el.roundness) add("excalidraw-loop-curve", "curve", [points], opts);
    else if (opts.fill) add("excalidraw-loop-polygon", "polygon", [points], opts);
    else add("excalidraw-loop-line", "linearPath", [points], opts);
  }
  for (let i = 0; i < 15; i++) {
    // Freedraw loop fill: curve with stroke "none".
    const el = randomElement("line");
    el.loop = true;
    el.width = 200;
    el.height = 200;
    const opts = { ...excalidrawOptions(el), stroke: "none" };
    add("excalidraw-freedraw-fill", "curve", [loopPoints(6 + Math.floor(R() * 20))], opts);
  }
  for (let i = 0; i < 35; i++) {
    const el = randomElement("arrow");
    el.roughness = R() < 0.7 ? 0 : pick([1, 2]);
    const points = elbowPoints();
    el.width = 100;
    el.height = 100;
    add("excalidraw-elbow-arrow", "path", [elbowPath(points)], excalidrawOptions(el, true));
  }
  return cases;
}

// Raw rough.js calls: defaults and every option rough.js reads.
function rawOptions(extra = {}) {
  const o = { seed: roughSeed() };
  if (R() < 0.5) o.roughness = pick([0, 0.5, 1, 1.5, 2, 2.5, 3, 1 / 3]);
  if (R() < 0.3) o.bowing = pick([0, 0.5, 2, 5]);
  if (R() < 0.3) o.maxRandomnessOffset = pick([0, 1, 3, 5]);
  if (R() < 0.3) o.strokeWidth = pick([0.5, 1, 2, 3, 4]);
  if (R() < 0.3) o.preserveVertices = R() < 0.5;
  if (R() < 0.2) o.disableMultiStroke = true;
  if (R() < 0.2) o.disableMultiStrokeFill = true;
  if (R() < 0.2) o.curveTightness = pick([0, 0.25, 0.5, 1]);
  if (R() < 0.2) o.curveStepCount = pick([5, 9, 14]);
  if (R() < 0.2) o.curveFitting = pick([0.8, 0.95, 1]);
  if (R() < 0.2) o.stroke = pick(["none", "red"]);
  return { ...o, ...extra };
}

function rawFill() {
  // Gaps kept wide enough for the golden file to stay small; -1 means strokeWidth * 4.
  const o = { fill: pick(BACKGROUNDS), fillStyle: pick([...FILL_STYLES, "dashed", "zigzag-line"]) };
  if (R() < 0.2) {
    o.hachureGap = -1;
    o.strokeWidth = pick([3, 4]);
  } else {
    o.hachureGap = pick([6, 7.5, 8, 10, 12, 16]);
  }
  if (["dashed", "zigzag-line"].includes(o.fillStyle)) o.hachureGap = pick([16, 20, 24]);
  if (R() < 0.4) o.hachureAngle = pick([-41, 0, 45, 60, 90, -90, 30.5]);
  if (R() < 0.3) o.fillWeight = pick([-1, 0.5, 1, 2]);
  if (o.fillStyle === "dashed") {
    o.dashOffset = pick([-1, 6, 10]);
    o.dashGap = pick([-1, 5, 8]);
  }
  if (o.fillStyle === "zigzag-line") o.zigzagOffset = pick([-1, 8, 10]);
  return o;
}

const maybeFill = () => (R() < 0.5 ? rawFill() : {});

function randomPathData() {
  // Every command, absolute and relative, in mixed spellings.
  const num = () => {
    const v = coord(-60, 60);
    const r = R();
    if (r < 0.1) return v.toExponential(3);
    return String(v);
  };
  const pos = () => String(coord(1, 60));
  const sep = () => pick([" ", ",", ", ", "\n  ", " "]);
  const parts = [pick(["M", "m"]) + sep() + num() + sep() + num()];
  const n = 2 + Math.floor(R() * 7);
  for (let i = 0; i < n; i++) {
    const cmd = pick(["L", "l", "C", "c", "Q", "q", "H", "h", "V", "v", "S", "s", "T", "t", "A", "a", "Z", "z", "M", "m"]);
    const counts = { L: 2, C: 6, Q: 4, H: 1, V: 1, S: 4, T: 2, M: 2, Z: 0 };
    const up = cmd.toUpperCase();
    let text = cmd;
    if (up === "A") {
      text += [pos(), pos(), pick(["0", "30", "-45", "90"]), pick(["0", "1"]), pick(["0", "1"]), num(), num()].join(sep());
    } else {
      const k = counts[up] * (R() < 0.15 && up !== "Z" ? 2 : 1); // implicit repetition
      const vals = [];
      for (let j = 0; j < k; j++) vals.push(num());
      text += vals.length ? sep() + vals.join(sep()) : "";
    }
    parts.push(text);
  }
  let d = parts.join(pick([" ", "", "\n"]));
  if (R() < 0.1) d = d.replace(/ -/g, " - "); // rough.js turns "- " into "-"
  return d;
}

function rawCases() {
  const cases = [];
  const add = (tag, method, args, options) => cases.push({ tag, method, args, options });
  for (let i = 0; i < 40; i++) {
    const long = pick([5, 15, 60, 150, 250, 400, 700]);
    const a = [coord(-50, 50), coord(-50, 50)];
    const ang = between(0, Math.PI * 2);
    add("line", "line", [a[0], a[1], a[0] + long * Math.cos(ang), a[1] + long * Math.sin(ang)], rawOptions());
  }
  for (let i = 0; i < 36; i++) {
    add("rectangle", "rectangle", [coord(-40, 40), coord(-40, 40), coord(-100, 180), coord(-80, 150)], rawOptions(maybeFill()));
  }
  for (let i = 0; i < 36; i++) {
    add("ellipse", "ellipse", [coord(-40, 140), coord(-40, 140), coord(3, 180), coord(3, 150)], rawOptions(maybeFill()));
  }
  for (let i = 0; i < 20; i++) {
    add("circle", "circle", [coord(-40, 140), coord(-40, 140), coord(1, 120)], rawOptions(maybeFill()));
  }
  for (let i = 0; i < 25; i++) {
    add("linearPath", "linearPath", [randomPoints(pick([0, 1, 2, 3, 5, 8]))], rawOptions());
  }
  for (let i = 0; i < 35; i++) {
    const pts = R() < 0.5 ? loopPoints(3 + Math.floor(R() * 7)) : randomPoints(pick([2, 3, 4, 6, 9]), 120);
    add("polygon", "polygon", [pts], rawOptions(maybeFill()));
  }
  for (let i = 0; i < 30; i++) {
    const pts = R() < 0.5 ? loopPoints(3 + Math.floor(R() * 9)) : randomPoints(pick([1, 2, 3, 4, 5, 7]), 120);
    add("curve", "curve", [pts], rawOptions(maybeFill()));
  }
  for (let i = 0; i < 56; i++) {
    add("path", "path", [randomPathData()], rawOptions(maybeFill()));
  }
  // Paths with several subpaths (solid fill goes through solidFillPolygon), leading L, arcs.
  add("path-multi", "path", ["M 10 10 L 110 10 L 110 80 Z M 30 30 L 90 30 L 90 60 Z"], rawOptions({ fill: "#ffec99", fillStyle: "solid" }));
  add("path-multi", "path", ["M 10 10 L 110 10 L 110 80 Z M 30 30 L 90 30 L 90 60 Z"], rawOptions({ fill: "#ffec99", fillStyle: "hachure" }));
  add("path-leading-l", "path", ["L 50 60 L 100 0"], rawOptions());
  add("path-arcs", "path", ["M 0 50 A 50 50 0 1 1 100 50 A 50 50 0 1 1 0 50 Z"], rawOptions({ fill: "#b2f2bb", fillStyle: "solid" }));
  add("path-arcs", "path", ["M 0 0 A 0 20 0 0 1 50 50 a 30 10 45 1 0 40 -20 A 10 10 0 0 0 90 30"], rawOptions());
  add("path-arcs", "path", ["M 10 80 A 45 45 0 0 0 125 125 L 125 80 Z"], rawOptions({ fill: "#ffc9c9", fillStyle: "cross-hatch" }));
  return cases;
}

// Edge cases: exact binary ties at 2 decimals (x.125, x.625: toFixed rounds them away
// from zero), dense and fractional hachure gaps, roughness below 1 (no skip draw),
// simplified paths, fill "none", big seeds.
function specialCases() {
  const cases = [];
  const add = (tag, method, args, options) => cases.push({ tag, method, args, options });
  const flat = { roughness: 0, preserveVertices: true };
  add("tie", "rectangle", [0.125, 0.625, 10.375, 20.875], { seed: 11, ...flat });
  add("tie", "rectangle", [-0.125, -2.625, 4.25, 3.125], { seed: 12, ...flat, fill: "#ffec99", fillStyle: "solid" });
  add("tie", "linearPath", [[[0.125, 1.625], [2.875, -3.375], [-4.625, 5.125]]], { seed: 13, ...flat });
  add("tie", "polygon", [[[1.125, 0.625], [10.625, 0.125], [5.375, 8.875]]], { seed: 14, ...flat, fill: "red", fillStyle: "solid" });
  add("tie", "line", [100.125, 50.625, 0.375, 0.875], { seed: 15, ...flat, disableMultiStroke: true });
  for (const gap of [0.5, 1, 2.5, 3.3]) {
    add("dense-hachure", "rectangle", [0, 0, 24, 18], { seed: roughSeed(), fill: "#a5d8ff", hachureGap: gap, roughness: pick([1, 2]) });
  }
  add("dense-hachure", "ellipse", [10, 10, 20, 16], { seed: roughSeed(), fill: "#a5d8ff", strokeWidth: 0.5, fillStyle: "cross-hatch" });
  for (const roughness of [0.3, 0.5, 0.99]) {
    add("smooth-hachure", "rectangle", [0, 0, 80, 60], { seed: roughSeed(), fill: "#b2f2bb", hachureGap: 8, roughness });
    add("smooth-hachure", "polygon", [loopPoints(6)], { seed: roughSeed(), fill: "#b2f2bb", hachureGap: 9, roughness, fillStyle: "zigzag" });
  }
  add("simplified-path", "path", [roundedRectPath(120, 80, 20)], { seed: roughSeed(), simplification: 0.5 });
  add("simplified-path", "path", [roundedRectPath(120, 80, 20)], { seed: roughSeed(), simplification: 0.2, fill: "#ffc9c9", fillStyle: "hachure", hachureGap: 10 });
  add("fill-none", "rectangle", [0, 0, 60, 40], { seed: roughSeed(), fill: "none", hachureGap: 10 });
  add("big-seed", "ellipse", [0, 0, 60, 40], { seed: 2 ** 31 - 1 });
  add("big-seed", "curve", [[[0, 0], [30, 20], [60, -10]]], { seed: 2 ** 31 - 2, roughness: 2 });
  add("seed-not-int", "rectangle", [0, 0, 30, 20], { seed: 12345.75 });
  return cases;
}

function buildCases() {
  const cases = [...excalidrawCases(), ...rawCases(), ...specialCases()];
  return cases.map((c, i) => ({ id: `${String(i).padStart(4, "0")}-${c.tag}`, ...c }));
}

// ---------------------------------------------------------------- evaluation

// Runs inside the JS engine that rough.js lives in (page or Node); `rough` is the library.
function runCases(rough, cases) {
  const gen = rough.generator();
  const hasDom = typeof document !== "undefined";
  const rsvg = hasDom ? rough.svg(document.createElementNS("http://www.w3.org/2000/svg", "svg")) : null;
  return cases.map((c) => {
    const args = JSON.parse(JSON.stringify(c.args)); // rough.js rotates polygon points in place
    let drawable;
    try {
      drawable = gen[c.method](...args, c.options);
    } catch (err) {
      return { error: String(err) };
    }
    const sets = drawable.sets.map((s) => ({ type: s.type, d: gen.opsToPath(s), d2: gen.opsToPath(s, 2) }));
    const paths = gen.toPaths(drawable).map((p) => [p.stroke, p.strokeWidth, p.fill]);
    let svg = null;
    if (rsvg) {
      // Excalidraw's roughSVGDrawWithPrecision(rsvg, drawable, 2).
      const g = rsvg.draw({ sets: drawable.sets, shape: drawable.shape, options: { ...drawable.options, fixedDecimalPlaceDigits: 2 } });
      svg = [...g.children].map((p) => [...p.attributes].map((a) => [a.name, a.value]));
    }
    return { shape: drawable.shape, sets, paths, svg };
  });
}

async function evaluate(args, cases) {
  const lib = path.join(args.workdir, "node_modules", "roughjs", "bundled");
  if (args.engine === "node") {
    const require = createRequire(import.meta.url);
    const rough = require(path.join(lib, "rough.cjs.js"));
    return { engine: `node ${process.version} (V8 ${process.versions.v8})`, results: runCases(rough, cases) };
  }
  const require = createRequire(path.join(args.workdir, "package.json"));
  const { chromium } = require("playwright-core");
  const browser = await chromium.launch({ executablePath: args.chromium, args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage();
    await page.addScriptTag({ path: path.join(lib, "rough.js") });
    const engine = await page.evaluate(() => navigator.userAgent);
    const results = await page.evaluate(
      ([source, list]) => new Function("rough", "cases", `return (${source})(rough, cases);`)(window.rough, list),
      [runCases.toString(), cases],
    );
    return { engine, results };
  } finally {
    await browser.close();
  }
}

function compact(cases, results) {
  const out = [];
  for (let i = 0; i < cases.length; i++) {
    const r = results[i];
    if (r.error) throw new Error(`${cases[i].id}: rough.js threw ${r.error}`);
    const entry = { ...cases[i], shape: r.shape, sets: r.sets, paths: r.paths };
    if (r.svg) {
      // The svg d attributes must be the 2-decimal opsToPath strings; keep only the rest.
      entry.svg = r.svg.map((attrs, k) => {
        const d = attrs.find(([n]) => n === "d");
        if (!d || d[1] !== r.sets[k].d2) throw new Error(`${cases[i].id}: svg d differs from opsToPath(set, 2)`);
        return attrs.filter(([n]) => n !== "d");
      });
    }
    out.push(entry);
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv);
  install(args.workdir, args.engine);
  const cases = buildCases();
  const { engine, results } = await evaluate(args, cases);
  const data = {
    meta: {
      roughjs: "4.6.4",
      engine,
      generator: "tools/rough_goldens/generate.mjs",
      cases: cases.length,
      note: "sets[].d = opsToPath(set) (toPaths), d2 = opsToPath(set, 2); svg = RoughSVG.draw attributes without d (Excalidraw's 2-decimal export)",
    },
    cases: compact(cases, results),
  };
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, JSON.stringify(data));
  const size = fs.statSync(args.out).size;
  console.log(`${cases.length} cases from ${engine} -> ${path.relative(process.cwd(), args.out)} (${(size / 1e6).toFixed(2)} MB)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
