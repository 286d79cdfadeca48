import { SAMPLE_NAMES, type SampleName } from './names';
import { clamp01, coverage, fbm, hash2, mix, type Rgb } from './noise';

/**
 * Built-in images, drawn by code at any size (no photos, no network): three "natural-ish" scenes
 * with smooth regions, edges and texture, and two synthetic patterns. Coordinates u, v ∈ [0, 1)
 * (v down), so a sample looks the same at every size.
 */

export const SAMPLE_TITLES: Record<SampleName, string> = {
  landscape: 'Landscape',
  city: 'City at dusk',
  fruit: 'Fruit on a table',
  rings: 'Concentric rings',
  checker: 'Checkerboard',
  text: 'Text-like glyphs',
};

type Shader = (u: number, v: number, px: number) => Rgb;

function landscape(u: number, v: number, px: number): Rgb {
  let c: Rgb = mix([0.22, 0.42, 0.78], [0.86, 0.9, 0.95], clamp01(v / 0.55));
  const cloud = clamp01((fbm(u * 5, v * 12, 11, 5) - 0.55) * 4) * clamp01(1 - v / 0.45);
  c = mix(c, [1, 1, 1], cloud * 0.85);
  const sunD = Math.hypot(u - 0.74, v - 0.17) - 0.06;
  c = mix(c, [1, 0.93, 0.6], Math.max(coverage(sunD, px), 0.35 * Math.exp(-Math.max(0, sunD) * 25)));
  const far = 0.4 + 0.14 * fbm(u * 3, 0.5, 21, 5);
  c = mix(c, mix([0.42, 0.48, 0.6], [0.3, 0.34, 0.45], fbm(u * 20, v * 20, 22)), coverage(far - v, px));
  const near = 0.58 + 0.07 * fbm(u * 4 + 10, 1.5, 31, 4);
  const grass = fbm(u * 60, v * 90, 32, 3);
  const hill = mix([0.2, 0.45, 0.15], [0.45, 0.62, 0.22], grass * clamp01((v - near) * 3 + 0.3));
  c = mix(c, hill, coverage(near - v, px));
  for (let t = 0; t < 7; t++) {
    const tx = 0.08 + t * 0.13 + 0.04 * hash2(t, 1, 41);
    const base = 0.58 + 0.07 * fbm(tx * 4 + 10, 1.5, 31, 4) + 0.02;
    const h = 0.12 + 0.08 * hash2(t, 2, 41);
    const width = (0.035 * (base - v)) / h;
    const inside = v < base && v > base - h ? Math.abs(u - tx) - width : 1;
    c = mix(c, [0.08, 0.25, 0.1], coverage(inside, px));
    const trunk = Math.max(Math.abs(u - tx) - 0.005, Math.abs(v - base - 0.015) - 0.015);
    c = mix(c, [0.3, 0.2, 0.1], coverage(trunk, px));
  }
  const lakeTop = 0.83;
  if (v > lakeTop) {
    const ripple = 0.5 + 0.5 * Math.sin(v * 300 + 6 * fbm(u * 8, v * 30, 51));
    c = mix(c, mix([0.12, 0.3, 0.5], [0.35, 0.55, 0.75], ripple * 0.6), coverage(lakeTop - v, px));
  }
  return c;
}

function city(u: number, v: number, px: number): Rgb {
  let c: Rgb = mix([0.08, 0.08, 0.25], [0.98, 0.55, 0.28], clamp01(v / 0.75));
  c = mix(c, [0.95, 0.95, 0.85], coverage(Math.hypot(u - 0.2, v - 0.16) - 0.05, px));
  let x = -0.02;
  for (let i = 0; x < 1; i++) {
    const w = 0.05 + 0.07 * hash2(i, 0, 61);
    const top = 0.25 + 0.45 * hash2(i, 1, 61);
    const shade = 0.12 + 0.12 * hash2(i, 2, 61);
    const d = Math.max(x - u, u - (x + w), top - v);
    const body: Rgb = [shade, shade, shade * 1.3 + 0.04];
    const cell = 0.018;
    const wx = Math.floor((u - x) / cell);
    const wy = Math.floor((v - top) / cell);
    const inWindow = (u - x) % cell > cell * 0.35 && (v - top) % cell > cell * 0.4 && wx > 0;
    const lit = inWindow && wy > 0 && hash2(wx + i * 50, wy, 62) > 0.55;
    c = mix(c, lit ? [1, 0.85, 0.45] : body, coverage(d, px));
    x += w + 0.004;
  }
  if (v > 0.9) {
    c = mix(c, [0.1, 0.1, 0.12], coverage(0.9 - v, px));
    const dash = Math.max(Math.abs(v - 0.95) - 0.004, ((u * 12) % 1) - 0.5);
    c = mix(c, [0.9, 0.9, 0.7], coverage(dash, px));
  }
  return c;
}

const FRUIT: { x: number; y: number; r: number; col: Rgb }[] = [
  { x: 0.3, y: 0.6, r: 0.13, col: [0.85, 0.15, 0.1] },
  { x: 0.55, y: 0.64, r: 0.11, col: [0.95, 0.6, 0.1] },
  { x: 0.75, y: 0.57, r: 0.14, col: [0.45, 0.7, 0.15] },
  { x: 0.44, y: 0.73, r: 0.07, col: [0.5, 0.1, 0.45] },
];

function fruit(u: number, v: number, px: number): Rgb {
  let c: Rgb = mix([0.75, 0.68, 0.55], [0.55, 0.47, 0.38], v);
  c = mix(c, [0.6, 0.55, 0.45], fbm(u * 30, v * 30, 71) * 0.3);
  if (v > 0.62) {
    const grain = 0.5 + 0.5 * Math.sin(u * 90 + 8 * fbm(u * 3, v * 20, 72));
    c = mix(c, mix([0.42, 0.25, 0.12], [0.6, 0.38, 0.2], grain), coverage(0.62 - v, px));
  }
  for (const f of FRUIT) {
    const shadow = Math.hypot((u - f.x - 0.04) / 1.3, (v - f.y - f.r * 0.85) * 3) - f.r * 0.8;
    c = mix(c, [c[0] * 0.5, c[1] * 0.5, c[2] * 0.5], coverage(shadow, px * 3) * 0.7);
  }
  for (const f of FRUIT) {
    const dx = (u - f.x) / f.r;
    const dy = (v - f.y) / f.r;
    const d = Math.hypot(dx, dy);
    if (d > 1 + (2 * px) / f.r) continue;
    const nz = Math.sqrt(Math.max(0, 1 - d * d));
    const lambert = Math.max(0, -0.5 * dx - 0.6 * dy + 0.62 * nz);
    const spec = lambert ** 24;
    const speckle = 0.9 + 0.1 * fbm(u * 80, v * 80, 73);
    const lit: Rgb = [
      clamp01(f.col[0] * (0.2 + 0.8 * lambert) * speckle + spec),
      clamp01(f.col[1] * (0.2 + 0.8 * lambert) * speckle + spec),
      clamp01(f.col[2] * (0.2 + 0.8 * lambert) * speckle + spec),
    ];
    c = mix(c, lit, coverage((d - 1) * f.r, px));
  }
  return c;
}

function rings(u: number, v: number): Rgb {
  const r = Math.hypot(u - 0.5, v - 0.5);
  const t = 0.5 + 0.5 * Math.cos(2 * Math.PI * 14 * r);
  const a = Math.atan2(v - 0.5, u - 0.5);
  return mix([0.05, 0.05, 0.15], [0.95, 0.8 + 0.15 * Math.cos(a), 0.5 + 0.4 * Math.sin(a)], t);
}

function checker(u: number, v: number, px: number): Rgb {
  const on = (Math.floor(u * 8) + Math.floor(v * 8)) % 2 === 0;
  const c: Rgb = on ? [0.92, 0.92, 0.88] : [0.1, 0.12, 0.2];
  return mix(c, [0.85, 0.2, 0.2], coverage(Math.hypot(u - 0.62, v - 0.38) - 0.16, px) * 0.8);
}

/** Rows of 3×5 dot-matrix "letters" (seeded), with word gaps: the layout of a printed page. */
function text(u: number, v: number): Rgb {
  const paper: Rgb = [0.96, 0.94, 0.88];
  const lines = 14;
  const perLine = 20;
  const line = Math.floor(v * lines);
  const ly = v * lines - line;
  if (ly < 0.2 || ly > 0.85) return paper;
  const slot = Math.floor(u * perLine);
  if (hash2(slot, line, 81) < 0.18 || u < 0.04 || u > 0.96) return paper;
  const gx = Math.floor((u * perLine - slot) * 4);
  const gy = Math.floor(((ly - 0.2) / 0.65) * 5);
  if (gx >= 3) return paper;
  return hash2(slot * 16 + gx, line * 8 + gy, 82 + (slot % 7)) < 0.5 ? [0.1, 0.1, 0.15] : paper;
}

const SHADERS: Record<SampleName, Shader> = { landscape, city, fruit, rings, checker, text };

export function isSampleName(name: string): name is SampleName {
  return (SAMPLE_NAMES as readonly string[]).includes(name);
}

/** Renders a sample as three planes (R, G, B), values in [0, 1], row-major size×size. */
export function renderSample(name: SampleName, size: number): Float32Array[] {
  const shader = SHADERS[name];
  const planes = [0, 1, 2].map(() => new Float32Array(size * size));
  const px = 1 / size;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const c = shader((x + 0.5) * px, (y + 0.5) * px, px);
      for (let k = 0; k < 3; k++) planes[k][y * size + x] = clamp01(c[k]);
    }
  }
  return planes;
}

export { NATURAL_SAMPLES, SAMPLE_NAMES, type SampleName } from './names';
