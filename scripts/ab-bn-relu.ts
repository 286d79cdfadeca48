/**
 * `node --conditions=spherelab-node --import tsx scripts/ab-bn-relu.ts`: BN + ReLU as one kernel
 * each way against BN and ReLU as separate kernels, on wasm in one process, alternating rounds.
 * Per call: the forward (BN kernel + Relu vs the fused kernel) and the backward (ReLU gradient +
 * BN gradient vs the masked BN gradient) on the BN bench net's two activations, batch 64. Per
 * step: the `baselineBn` training step of `npm run bench:torch` with the fusion on and off
 * (setBatchNormReluFusion), and the plain `baseline` step. AB_ROUNDS (default 9) rounds; prints medians, last line JSON.
 */
import { initWasmBackend } from '../src/engine/backends/testBackend';
import { createModel } from '../src/engine/train/models';
import { makeOptimizer } from '../src/engine/train/optimizers';
import { BN_TRAIN_KERNELS, setBatchNormReluFusion } from '../src/sphere/norm/batchNormTraining';
import * as tf from '../src/tfjs';
import { BENCH_CONTEXT, benchBatchTensors, benchNets } from './bench-nets';

const ROUNDS = Number(process.env.AB_ROUNDS ?? 9);
const median = (a: number[]) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];

function timeMs(f: () => void, reps: number): number {
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) f();
  return (performance.now() - t0) / reps;
}

const run = (name: string, inputs: Record<string, tf.Tensor>) =>
  tf.engine().runKernel(name, inputs, { epsilon: 1e-3 }) as tf.Tensor[];

/** ms per call, separate vs fused, forward and backward, for x of this shape. */
function perCall(shape: number[]) {
  const c = shape[3];
  const x = tf.randomNormal(shape, 0.3, 2, 'float32', 1);
  const dy = tf.randomNormal(shape, 0, 1, 'float32', 2);
  const gamma = tf.randomUniform([c], 0.5, 1.5, 'float32', 3);
  const beta = tf.randomUniform([c], -1, 1, 'float32', 4);
  const [dMean, dVar] = [tf.zeros([c]), tf.zeros([c])];
  const [z, mean, variance] = run(BN_TRAIN_KERNELS.forward, { x, gamma, beta });
  const [y] = run(BN_TRAIN_KERNELS.reluForward, { x, gamma, beta });
  const stats = { x, gamma, mean, variance, dMean, dVar };
  const sepFwd = () => {
    const outs = run(BN_TRAIN_KERNELS.forward, { x, gamma, beta });
    const r = tf.relu(outs[0]);
    tf.dispose([...outs, r]);
  };
  const fusedFwd = () => tf.dispose(run(BN_TRAIN_KERNELS.reluForward, { x, gamma, beta }));
  const sepBwd = () => {
    const masked = tf.engine().runKernel('SphereLabReluGrad', { dy, x: z }) as tf.Tensor;
    tf.dispose([masked, ...run(BN_TRAIN_KERNELS.grad, { ...stats, dy: masked })]);
  };
  const fusedBwd = () => tf.dispose(run(BN_TRAIN_KERNELS.grad, { ...stats, dy, y }));
  const times: Record<string, number[]> = { sepFwd: [], fusedFwd: [], sepBwd: [], fusedBwd: [] };
  const fs = { sepFwd, fusedFwd, sepBwd, fusedBwd };
  for (let r = 0; r < ROUNDS; r++) for (const [k, f] of Object.entries(fs)) times[k].push(timeMs(f, 10));
  tf.dispose([x, dy, gamma, beta, dMean, dVar, z, mean, variance, y]);
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Number(median(v).toFixed(3))]));
}

/**
 * ms per training step, alternating rounds of 4 steps: baselineBn with the fusion off and on,
 * and the plain `baseline` net (what BN costs on top).
 */
function perStep() {
  const nets = benchNets();
  const batches = benchBatchTensors(4);
  const trainer = (id: 'baseline' | 'baselineBn') => {
    const model = createModel(id, { kind: 'net', net: nets[id] }, BENCH_CONTEXT);
    const optimizer = makeOptimizer('adam', 1e-3);
    let i = 0;
    const step = () => {
      const { xs, ys } = batches[i++ % batches.length];
      const loss = optimizer.minimize(() => model.loss(xs, ys), true) as tf.Scalar;
      loss.dataSync();
      loss.dispose();
    };
    const dispose = () => {
      optimizer.dispose();
      model.dispose();
    };
    return { step, dispose };
  };
  const [plain, bn] = [trainer('baseline'), trainer('baselineBn')];
  const times: Record<'separate' | 'fused' | 'baseline', number[]> = {
    separate: [],
    fused: [],
    baseline: [],
  };
  let tensors = -1;
  for (let r = 0; r < ROUNDS + 1; r++)
    for (const variant of ['separate', 'fused', 'baseline'] as const) {
      setBatchNormReluFusion(variant === 'fused');
      const ms = timeMs(variant === 'baseline' ? plain.step : bn.step, 4);
      if (r > 0) times[variant].push(ms); // round 0 warms up
      if (r === 1 && variant === 'baseline') tensors = tf.memory().numTensors;
    }
  const flat = tf.memory().numTensors === tensors;
  setBatchNormReluFusion(true);
  plain.dispose();
  bn.dispose();
  tf.dispose(batches.flatMap((b) => [b.xs, b.ys]));
  const per = (f: (r: number) => number) => times.fused.map((_, r) => Number(f(r).toFixed(3)));
  return {
    medianMs: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Number(median(v).toFixed(2))])),
    fusedOverSeparate: per((r) => times.fused[r] / times.separate[r]),
    fusedOverBaseline: per((r) => times.fused[r] / times.baseline[r]),
    tensorCountFlat: flat,
  };
}

async function main(): Promise<void> {
  await initWasmBackend();
  const out = {
    perCall: { '64x28x28x16': perCall([64, 28, 28, 16]), '64x14x14x32': perCall([64, 14, 14, 32]) },
    perStep: perStep(),
  };
  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
