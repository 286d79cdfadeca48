/**
 * `npm run bench:fourier`: time of both magnitude/phase swaps of two 256×256 RGB images (the
 * Fourier view's default: landscape and city, 3 channels, 6 forward and 6 inverse 2-D FFTs) on each
 * backend Node has:
 *   - fft.js on the CPU (the view's default engine), median of BENCH_ROUNDS runs after warm-up;
 *   - tf.js cpu (tf.spectral): few runs, it is slow;
 *   - tf.js wasm: no FFT kernel; the script checks that and says so;
 *   - webgl / webgpu: browser-only (the issue's ≤ 50 ms goal is for these); not measured here.
 * Also the view's whole recompute (swap + similarity metrics) with fft.js.
 * Prints a table, then as its LAST stdout line one JSON object.
 */
import * as tf from '../src/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { computeFourier, fftJsEngine, renderSample, swapMagnitudePhase } from '../src/fourier';
import { swapMagnitudePhaseTf } from '../src/fourier/tfFft';

const SIZE = Number(process.env.BENCH_SIZE ?? 256);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
/** tfjs-cpu's FFT takes tens of seconds at 256: one timed run by default. */
const TF_CPU_ROUNDS = Math.max(1, Number(process.env.BENCH_TF_CPU_ROUNDS ?? 1));

function median(xs: number[]): number {
  const s = [...xs].sort((p, q) => p - q);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function timeRuns(
  rounds: number,
  warmup: number,
  run: () => Promise<unknown> | unknown,
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return times;
}

async function main() {
  const a = renderSample('landscape', SIZE);
  const b = renderSample('city', SIZE);
  const rows: { backend: string; what: string; ms: number | null; runs: number; note: string }[] = [];

  const fftjs = await timeRuns(ROUNDS, 3, () => a.map((p, c) => swapMagnitudePhase(p, b[c], SIZE)));
  rows.push({
    backend: 'fft.js (CPU)',
    what: 'swap, both results',
    ms: median(fftjs),
    runs: ROUNDS,
    note: 'median',
  });

  const view = await timeRuns(ROUNDS, 1, () => computeFourier(fftJsEngine, a, b, SIZE, 'swap', 0.5));
  rows.push({
    backend: 'fft.js (CPU)',
    what: 'view recompute + metrics',
    ms: median(view),
    runs: ROUNDS,
    note: 'median; adds correlation + SSIM of both results to A and B',
  });

  await tf.setBackend('cpu');
  await tf.ready();
  const check = await swapMagnitudePhaseTf(a, b, SIZE);
  const ref = swapMagnitudePhase(a[0], b[0], SIZE).magnitudeAPhaseB;
  let maxErr = 0;
  for (let i = 0; i < ref.length; i++)
    maxErr = Math.max(maxErr, Math.abs(check.magnitudeAPhaseB[0][i] - ref[i]));
  const tfCpu = await timeRuns(TF_CPU_ROUNDS, 0, () => swapMagnitudePhaseTf(a, b, SIZE));
  rows.push({
    backend: 'tf.js cpu',
    what: 'swap, both results',
    ms: median(tfCpu),
    runs: TF_CPU_ROUNDS,
    note: `median; max |diff| vs fft.js ${maxErr.toExponential(1)}`,
  });

  let wasmNote: string;
  await tf.setBackend('wasm');
  await tf.ready();
  try {
    const tiny = renderSample('rings', 8);
    await swapMagnitudePhaseTf(tiny, tiny, 8);
    wasmNote = 'unexpectedly ran: tf.js wasm now has an FFT kernel';
  } catch (e) {
    wasmNote = `no complex/FFT kernels (${(e instanceof Error ? e.message : String(e)).slice(0, 60)})`;
  }
  rows.push({ backend: 'tf.js wasm', what: 'swap', ms: null, runs: 0, note: wasmNote });
  rows.push({
    backend: 'tf.js webgl/webgpu',
    what: 'swap',
    ms: null,
    runs: 0,
    note: 'browser only: not measurable in Node',
  });

  console.log(`Both magnitude/phase swaps of two ${SIZE}×${SIZE} RGB images (landscape, city)`);
  console.log(`${'backend'.padEnd(20)} ${'what'.padEnd(26)} ${'ms'.padStart(9)} ${'runs'.padStart(5)}  note`);
  for (const r of rows) {
    const ms = r.ms === null ? '—' : r.ms.toFixed(1);
    console.log(
      `${r.backend.padEnd(20)} ${r.what.padEnd(26)} ${ms.padStart(9)} ${String(r.runs).padStart(5)}  ${r.note}`,
    );
  }
  const round = (v: number) => Number(v.toFixed(2));
  console.log(
    JSON.stringify({
      size: SIZE,
      channels: 3,
      fftjsSwapMs: round(median(fftjs)),
      fftjsSwapMinMs: round(Math.min(...fftjs)),
      fftjsViewRecomputeMs: round(median(view)),
      tfCpuSwapMs: round(median(tfCpu)),
      tfCpuMaxAbsDiff: maxErr,
      wasm: wasmNote,
      gpu: 'not measured (Node has no webgl/webgpu backend)',
      rounds: ROUNDS,
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
