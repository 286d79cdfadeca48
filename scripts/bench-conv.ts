/**
 * `npm run bench:conv`: the wasm conv kernels of our own against the paths they replaced, on the
 * Lab nets' conv shapes at batch 64, in one run, interleaved round by round (background load
 * hits both alike): Conv2D through ./src/engine/kernels/wasm/simd/conv2dNhwc.wat against wasm's
 * XNNPACK conv, and Conv2DBackpropFilter through convFilterGradNhwc.wat / convFilterGradC1.wat
 * against transposed patches times dy on XNNPACK. "Before" is the same kernels with the SIMD
 * module switched off (setSimdKernelsEnabled(false)), which routes exactly these to the old
 * paths. Median ms of BENCH_ROUNDS rounds (default 9) × BENCH_REPS calls (default 5); last
 * stdout line one JSON object {rows: [{op, x, w, simdMs, beforeMs, speedup}]}.
 */
import { initWasmBackend } from '../src/engine/backends/testBackend';
import { conv2dFilterGradient } from '../src/engine/kernels/wasm/gradientKernels';
import { setSimdKernelsEnabled } from '../src/engine/kernels/wasm/simd/simdKernels';
import * as tf from '../src/tfjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const REPS = Number(process.env.BENCH_REPS ?? 5);

type Shape4 = [number, number, number, number];
type Op = 'Conv2D' | 'Conv2DBackpropFilter';

/** Op, x shape, filter shape: the Lab default pair's layers, the second's input gradient, a wider one. */
const CASES: [Op, Shape4, Shape4, string][] = [
  ['Conv2D', [64, 28, 28, 1], [3, 3, 1, 16], 'first conv'],
  ['Conv2DBackpropFilter', [64, 28, 28, 1], [3, 3, 1, 16], 'first conv'],
  ['Conv2D', [64, 14, 14, 16], [3, 3, 16, 32], 'second conv'],
  ['Conv2DBackpropFilter', [64, 14, 14, 16], [3, 3, 16, 32], 'second conv'],
  ['Conv2D', [64, 14, 14, 32], [3, 3, 32, 16], "second conv's input gradient, run as a conv"],
  ['Conv2D', [64, 7, 7, 32], [3, 3, 32, 64], 'a wider third conv'],
  ['Conv2DBackpropFilter', [64, 7, 7, 32], [3, 3, 32, 64], 'a wider third conv'],
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timeMs(run: () => tf.Tensor): number {
  const t0 = performance.now();
  for (let i = 0; i < REPS; i++) {
    // wasm runs kernels synchronously: no read-back (a copy of the output) inside the timing.
    run().dispose();
  }
  return (performance.now() - t0) / REPS;
}

async function main(): Promise<void> {
  await initWasmBackend();
  const rows = [];
  console.log(`batch 64; median of ${ROUNDS} interleaved rounds × ${REPS} calls (ms)`);
  console.log('op                    x                w              SIMD  before  speed-up');
  for (const [op, xs, ws, what] of CASES) {
    const x = tf.randomNormal(xs, 0, 1, 'float32', 1) as tf.Tensor4D;
    const w = tf.randomNormal(ws, 0, 1, 'float32', 2) as tf.Tensor4D;
    const dy = tf.randomNormal([xs[0], xs[1], xs[2], ws[3]], 0, 1, 'float32', 3) as tf.Tensor4D;
    const run = op === 'Conv2D' ? () => tf.conv2d(x, w, 1, 'same') : () => conv2dFilterGradient(x, dy, ws);
    const simd: number[] = [];
    const before: number[] = [];
    for (let r = -1; r < ROUNDS; r++)
      for (const on of [true, false]) {
        setSimdKernelsEnabled(on);
        const ms = timeMs(run);
        if (r >= 0) (on ? simd : before).push(ms); // round −1 warms both paths up
      }
    setSimdKernelsEnabled(true);
    const [simdMs, beforeMs] = [median(simd), median(before)];
    const speedup = beforeMs / simdMs;
    rows.push({
      op,
      what,
      x: xs.join('×'),
      w: ws.join('×'),
      simdMs: +simdMs.toFixed(3),
      beforeMs: +beforeMs.toFixed(3),
      speedup: +speedup.toFixed(2),
    });
    console.log(
      `${op.padEnd(21)} ${xs.join('×').padEnd(16)} ${ws.join('×').padEnd(12)} ${simdMs.toFixed(2).padStart(6)} ${beforeMs.toFixed(2).padStart(7)} ${speedup.toFixed(2).padStart(8)}×  (${what})`,
    );
    tf.dispose([x, w, dy]);
  }
  console.log(JSON.stringify({ batch: 64, rounds: ROUNDS, reps: REPS, rows }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
