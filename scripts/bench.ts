/**
 * `npm run bench`: training throughput of the issue-2 small CNN (28×28×1 → conv3×3 16 → pool →
 * conv3×3 32 → pool → dense 10, batch 64, Adam) on wasm (with our gradient kernels) and on
 * tfjs-cpu, and of SphereNets of the same shape (cosine; sigmoid k = 0.3) on wasm.
 * Warm-up steps are excluded (cpu: the fastest of a few single steps); wasm models are timed in interleaved rounds and each model's
 * median round is used, so background load hits all of them alike.
 * Prints a table, then as its LAST stdout line one JSON object.
 */

import { existsSync } from 'node:fs';
import { readShippedMnistFile, SHIPPED_MNIST_GZ } from '../src/data/shippedMnistFile';
import * as tf from '../src/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmGradientKernels } from '../src/engine/kernels/wasm/gradientKernels';
import { buildModel, type SphereModelConfig, type SphereNetModel, type SphereOperator } from '../src/sphere';

const BATCH = 64;
const WARMUP = 5;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const STEPS_PER_ROUND = Number(process.env.BENCH_STEPS ?? 8);
/** tfjs-cpu is very slow here (its Conv2DBackpropFilter alone takes seconds per step): few steps. */
const CPU_STEPS = Number(process.env.BENCH_CPU_STEPS ?? 2);

/** Batches of real MNIST digits when the app's binary exists (realistic activations), else noise. */
function loadBatches(count: number): { xs: tf.Tensor4D; ys: tf.Tensor1D }[] {
  let x: Float32Array;
  let y: Int32Array;
  if (existsSync(SHIPPED_MNIST_GZ)) {
    const buf = Buffer.from(readShippedMnistFile());
    const total = new DataView(buf.buffer, buf.byteOffset).getUint32(8, true);
    const n = Math.min(total, count * BATCH);
    y = Int32Array.from(buf.subarray(20, 20 + n));
    x = Float32Array.from(buf.subarray(20 + total, 20 + total + n * 784), (p) => p / 255);
  } else {
    y = Int32Array.from({ length: count * BATCH }, (_, i) => (i * 7) % 10);
    x = Float32Array.from({ length: count * BATCH * 784 }, (_, i) => ((i * 2654435761) >>> 0) / 2 ** 32);
  }
  const batches = [];
  for (let b = 0; (b + 1) * BATCH <= y.length; b++) {
    batches.push({
      xs: tf.tensor4d(x.subarray(b * BATCH * 784, (b + 1) * BATCH * 784), [BATCH, 28, 28, 1]),
      ys: tf.tensor1d(y.subarray(b * BATCH, (b + 1) * BATCH), 'int32'),
    });
  }
  return batches;
}

interface Trainee {
  label: string;
  net: SphereNetModel;
  optimizer: tf.Optimizer;
  msPerStep: number[];
  step: number;
}

function makeTrainee(label: string, kind: 'baseline' | 'sphere', operator: SphereOperator): Trainee {
  const config: SphereModelConfig = {
    kind,
    operator,
    k: 0.3,
    widths: [16, 32],
    depth: 1,
    inputShape: [28, 28, 1],
    numClasses: 10,
    seed: 1,
  };
  return { label, net: buildModel(config), optimizer: tf.train.adam(1e-3), msPerStep: [], step: 0 };
}

/** Runs `steps` training steps; each waits for its loss, so the time is the real step time. */
function train(t: Trainee, batches: { xs: tf.Tensor4D; ys: tf.Tensor1D }[], steps: number): number {
  const start = performance.now();
  for (let i = 0; i < steps; i++) {
    const { xs, ys } = batches[t.step++ % batches.length];
    const loss = t.optimizer.minimize(() => t.net.loss(xs, ys), true) as tf.Scalar;
    if (!Number.isFinite(loss.dataSync()[0])) throw new Error(`${t.label}: loss is not finite`);
    loss.dispose();
  }
  return (performance.now() - start) / steps;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const imgPerSec = (ms: number) => (BATCH * 1000) / ms;

async function main(): Promise<void> {
  registerWasmGradientKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to initialise');
  await tf.ready();
  const batches = loadBatches(16);
  const wasm = [
    makeTrainee('baseline CNN', 'baseline', 'cosine'),
    makeTrainee('SphereNet cosine', 'sphere', 'cosine'),
    makeTrainee('SphereNet sigmoid k=0.3', 'sphere', 'sigmoid'),
  ];
  for (const t of wasm) train(t, batches, WARMUP);
  for (let r = 0; r < ROUNDS; r++) for (const t of wasm) t.msPerStep.push(train(t, batches, STEPS_PER_ROUND));
  const wasmMs = wasm.map((t) => median(t.msPerStep));
  for (const t of wasm) t.net.dispose();
  for (const b of batches) tf.dispose([b.xs, b.ys]);

  await tf.setBackend('cpu');
  const cpuBatches = loadBatches(2);
  const cpu = makeTrainee('baseline CNN', 'baseline', 'cosine');
  // No separate warm-up (a step takes seconds): the fastest of the timed steps counts.
  const cpuMs = Math.min(...Array.from({ length: CPU_STEPS }, () => train(cpu, cpuBatches, 1)));
  cpu.net.dispose();

  const [baseMs, cosineMs, sigmoidMs] = wasmMs;
  const rows = [
    ['wasm', 'baseline CNN', baseMs],
    ['wasm', 'SphereNet cosine', cosineMs],
    ['wasm', 'SphereNet sigmoid k=0.3', sigmoidMs],
    ['cpu', 'baseline CNN', cpuMs],
  ] as const;
  console.log(
    `\nTraining throughput, batch ${BATCH}, Adam (wasm: median of ${ROUNDS} rounds × ${STEPS_PER_ROUND} steps; cpu: best of ${CPU_STEPS} steps)`,
  );
  console.log('backend  model                       ms/step   img/s   × baseline time');
  for (const [backend, label, ms] of rows) {
    const ratio = backend === 'wasm' ? (ms / baseMs).toFixed(2) : '';
    console.log(
      `${backend.padEnd(8)} ${label.padEnd(27)} ${ms.toFixed(1).padStart(7)} ${imgPerSec(ms).toFixed(0).padStart(7)}   ${ratio}`,
    );
  }
  const worstMs = Math.max(cosineMs, sigmoidMs);
  const round = (v: number, d = 2) => Number(v.toFixed(d));
  const result = {
    wasmImgPerSec: round(imgPerSec(baseMs), 1),
    cpuImgPerSec: round(imgPerSec(cpuMs), 1),
    wasmOverCpu: round(cpuMs / baseMs),
    baselineImgPerSec: round(imgPerSec(baseMs), 1),
    sphereImgPerSec: round(imgPerSec(worstMs), 1),
    sphereOverBaselineTime: round(worstMs / baseMs, 3),
    sphereCosineOverBaselineTime: round(cosineMs / baseMs, 3),
    sphereSigmoidOverBaselineTime: round(sigmoidMs / baseMs, 3),
    baselineMsPerStep: round(baseMs),
    sphereCosineMsPerStep: round(cosineMs),
    sphereSigmoidMsPerStep: round(sigmoidMs),
    cpuMsPerStep: round(cpuMs),
    batch: BATCH,
    wasmSimd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
    wasmThreads: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'),
  };
  console.log(JSON.stringify(result));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
