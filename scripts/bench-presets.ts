/**
 * `npm run bench:presets`: is every Lab preset watchable? One lockstep step of each conv preset's
 * models (what the Lab trains together: e.g. the shoot-out's five nets) against the Lab default's
 * pair, at the same batch (the Lab default's, 32), on wasm in Node, with the Lab's own model list
 * (src/lab/runConfig.ts) and optimizer. Interleaved round by round (so background load hits all
 * alike); per preset the median lockstep step over ROUNDS rounds of STEPS steps, and its ratio to
 * the default's (issue 27's target: ≤ 1.5), and the ratio of the fastest rounds. Last stdout line:
 * one JSON object.
 * BENCH_ROUNDS / BENCH_STEPS override the defaults.
 */
import { initWasmBackend } from '../src/engine/backends/testBackend';
import { createModel, type TrainableModel } from '../src/engine/train/models';
import { disposeOptimizer, makeOptimizer } from '../src/engine/train/optimizers';
import { PRESETS } from '../src/lab/presets';
import { type LabState, labModels } from '../src/lab/runConfig';
import * as tf from '../src/tfjs';
import { defaultAppState } from '../src/url/schema';
import { loadBenchBatches } from './bench-nets';

const BATCH = 32;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const STEPS = Number(process.env.BENCH_STEPS ?? 2);

interface Lockstep {
  id: string;
  models: { model: TrainableModel; optimizer: tf.Optimizer }[];
  ms: number[];
}

function lockstep(id: string, lab: LabState): Lockstep {
  const ctx = { seed: 1, inputShape: [28, 28, 1] as [number, number, number], numClasses: 10 };
  const models = labModels(lab).flatMap((m) =>
    m.spec.kind === 'net'
      ? [{ model: createModel(m.id, m.spec, ctx), optimizer: makeOptimizer(lab.optimizer, lab.learningRate) }]
      : [],
  );
  if (models.length === 0) throw new Error(`preset ${id}: no conv nets to time`);
  return { id, models, ms: [] };
}

async function main(): Promise<void> {
  await initWasmBackend();
  const lab = defaultAppState().states.lab;
  const raw = loadBenchBatches(4);
  // Batches of 32 from the 64-digit bench batches.
  const batches = raw.map((b) => ({
    xs: tf.tensor4d(b.x.subarray(0, BATCH * 784), [BATCH, 28, 28, 1]),
    ys: tf.tensor1d(b.y.subarray(0, BATCH), 'int32'),
  }));
  const configs: Lockstep[] = [lockstep('lab default', lab)];
  for (const p of PRESETS) configs.push(lockstep(p.id, { ...lab, ...p.patch, preset: p.id } as LabState));
  let at = 0;
  const step = (c: Lockstep) => {
    const { xs, ys } = batches[at++ % batches.length];
    for (const { model, optimizer } of c.models) {
      const loss = optimizer.minimize(() => model.loss(xs, ys), true) as tf.Scalar;
      if (!Number.isFinite(loss.dataSync()[0])) throw new Error(`${c.id}: loss is not finite`);
      loss.dispose();
    }
  };
  for (const c of configs) step(c);
  for (let r = 0; r < ROUNDS; r++)
    for (const c of configs) {
      const start = performance.now();
      for (let s = 0; s < STEPS; s++) step(c);
      c.ms.push((performance.now() - start) / STEPS);
    }
  const median = (x: number[]) => [...x].sort((a, b) => a - b)[x.length >> 1];
  const base = median(configs[0].ms);
  const rows = configs.map((c) => ({
    id: c.id,
    nets: c.models.length,
    msPerLockstep: Number(median(c.ms).toFixed(1)),
    overDefault: Number((median(c.ms) / base).toFixed(2)),
    // Per net: the preset's lockstep over its net count, against the default's per net.
    perNetOverDefault: Number(
      ((median(c.ms) / c.models.length / base) * configs[0].models.length).toFixed(2),
    ),
    // The fastest round of each, against the default's fastest: robust where other processes
    // load the machine (a median there moves with the load).
    fastestOverDefault: Number((Math.min(...c.ms) / Math.min(...configs[0].ms)).toFixed(2)),
  }));
  console.log(`\nwasm, batch ${BATCH}; median of ${ROUNDS} interleaved rounds × ${STEPS} lockstep steps`);
  console.log('preset              nets  ms/lockstep step  ÷ Lab default  per net ÷ default');
  for (const r of rows)
    console.log(
      `${r.id.padEnd(19)} ${String(r.nets).padStart(4)}  ${String(r.msPerLockstep).padStart(16)}  ${String(r.overDefault).padStart(13)}  ${r.perNetOverDefault}`,
    );
  for (const c of configs)
    for (const m of c.models) {
      m.model.dispose();
      disposeOptimizer(m.optimizer);
    }
  for (const b of batches) tf.dispose([b.xs, b.ys]);
  console.log(JSON.stringify({ batch: BATCH, rounds: ROUNDS, steps: STEPS, presets: rows }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
