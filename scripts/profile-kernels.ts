/**
 * `npm run profile:kernels`: where a wasm training step's time goes, per kernel, for the nets
 * `npm run bench:torch` trains (bench net = the Lab default baseline, the Lab default SphereNet,
 * and both with BN). Batch 64, Adam; WARMUP untimed steps, then STEPS steps with every wasm kernel
 * timed (self time: a kernel of ours that runs others is charged only its own part,
 * src/engine/train/kernelTimes.ts). Prints each net's kernels by share of the step, then as its
 * last stdout line one JSON object {nets: {net: {msPerStep, outsideKernelsShare, kernels: [...]}}}.
 * PROFILE_STEPS / PROFILE_NETS ("baseline,sphere") / PROFILE_TOP override the defaults;
 * PROFILE_BY_SHAPE=1 lists each kernel per input shapes.
 */
import { initWasmBackend } from '../src/engine/backends/testBackend';
import { sumKernelTimes, timeKernels } from '../src/engine/train/kernelTimes';
import { createModel } from '../src/engine/train/models';
import { makeOptimizer } from '../src/engine/train/optimizers';
import * as tf from '../src/tfjs';
import { BENCH_BATCH, BENCH_CONTEXT, benchBatchTensors, benchNets } from './bench-nets';
import { BENCH_TORCH_NETS, type BenchTorchNet } from './bench-torch-summary';

const WARMUP = 3;
const STEPS = Number(process.env.PROFILE_STEPS ?? 8);
const TOP = Number(process.env.PROFILE_TOP ?? 12);
const BY_SHAPE = process.env.PROFILE_BY_SHAPE === '1';
const NETS = (process.env.PROFILE_NETS?.split(',') ?? [...BENCH_TORCH_NETS]) as BenchTorchNet[];

async function main(): Promise<void> {
  for (const n of NETS)
    if (!BENCH_TORCH_NETS.includes(n))
      throw new Error(`PROFILE_NETS: unknown net '${n}' (known: ${BENCH_TORCH_NETS.join(', ')})`);
  await initWasmBackend();
  const specs = benchNets();
  const batches = benchBatchTensors(8);
  const ctx = BENCH_CONTEXT;
  const out: Record<string, unknown> = {};
  for (const n of NETS) {
    const model = createModel(n, { kind: 'net', net: specs[n] }, ctx);
    const optimizer = makeOptimizer('adam', 1e-3);
    const step = (i: number) => {
      const { xs, ys } = batches[i % batches.length];
      const loss = optimizer.minimize(() => model.loss(xs, ys), true) as tf.Scalar;
      const value = loss.dataSync()[0];
      loss.dispose();
      if (!Number.isFinite(value)) throw new Error(`${n}: loss is not finite`);
    };
    for (let i = 0; i < WARMUP; i++) step(i);
    const runs = [];
    let wallMs = 0;
    let outsideMs = 0;
    for (let i = 0; i < STEPS; i++) {
      const timed = timeKernels('wasm', () => step(WARMUP + i), { byShape: BY_SHAPE });
      runs.push(timed.kernels);
      wallMs += timed.wallMs;
      outsideMs += timed.outsideKernelsMs;
    }
    const kernels = sumKernelTimes(runs, wallMs);
    optimizer.dispose();
    model.dispose();
    const msPerStep = wallMs / STEPS;
    console.log(`\n${n}: ${msPerStep.toFixed(1)} ms per step (with timing), ${STEPS} steps`);
    console.log('kernel                    calls/step   ms/step   share');
    for (const k of kernels.slice(0, TOP))
      console.log(
        `${k.name.padEnd(BY_SHAPE ? 60 : 25)} ${String(k.calls / STEPS).padStart(10)} ${(k.ms / STEPS).toFixed(2).padStart(9)} ${(100 * k.share).toFixed(1).padStart(6)}%`,
      );
    console.log(
      `${'(outside kernels)'.padEnd(BY_SHAPE ? 60 : 25)} ${''.padStart(10)} ${(outsideMs / STEPS).toFixed(2).padStart(9)} ${((100 * outsideMs) / wallMs).toFixed(1).padStart(6)}%`,
    );
    out[n] = {
      msPerStep: Number(msPerStep.toFixed(2)),
      outsideKernelsShare: Number((outsideMs / wallMs).toFixed(4)),
      kernels: kernels.map((k) => ({
        name: k.name,
        callsPerStep: k.calls / STEPS,
        msPerStep: Number((k.ms / STEPS).toFixed(3)),
        share: Number(k.share.toFixed(4)),
      })),
    };
  }
  for (const b of batches) tf.dispose([b.xs, b.ys]);
  console.log(JSON.stringify({ batch: BENCH_BATCH, steps: STEPS, nets: out }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
