/**
 * Runs one RunSpec for one seed with the engine's Trainer (lockstep, same batches) and reduces it
 * to ModelOutcomes. A loss that turns NaN/∞ stops that model (the Trainer does) and is recorded
 * as divergedAt: data, never a crash.
 */

import type { EngineModel } from '../../engine/train/models';
import { type TrainData, Trainer } from '../../engine/train/trainer';
import type { ModelSpec, NetSpec, RunConfig } from '../../engine/types';
import { meanAngularSpread, minAngularMargin } from '../../features/spread';
import * as tf from '../../tfjs';
import type { ModelOutcome, RunModel, RunSpec } from '../types';
import { measureMechanism } from './mechanism';

/** Loss points kept per model (the curve is subsampled to this many chunk means). */
const LOSS_POINTS = 20;
/** Losses are read back (and NaN detected) at least this often. */
const COLLECT_EVERY = 50;

export function netSpec(run: RunSpec, model: RunModel): NetSpec {
  const s = { ...run.setting, ...model.overrides };
  return {
    arch: model.arch,
    operator: s.operator,
    k: s.k,
    norm: s.norm,
    head: s.head,
    m: s.m,
    widths: [s.width, s.width * 2],
    depth: s.depth,
    featureDim: s.featureDim,
  };
}

/** What the engine builds for one model: the conv net, or the recurrent cell of a recurrent setting. */
export function modelSpec(run: RunSpec, model: RunModel): ModelSpec {
  const recurrent = run.setting.recurrent;
  if (!recurrent) return { kind: 'net', net: netSpec(run, model) };
  const s = { ...run.setting, ...model.overrides };
  return {
    kind: 'recurrent',
    rnn: {
      arch: model.arch,
      cell: recurrent.cell,
      operator: s.operator,
      k: s.k,
      hiddenUnits: recurrent.hiddenUnits,
    },
  };
}

export function runConfig(run: RunSpec, seed: number): RunConfig {
  return {
    models: run.models.map((m) => ({ id: m.id, label: m.label, spec: modelSpec(run, m) })),
    batchSize: run.setting.batchSize,
    learningRate: run.setting.learningRate,
    optimizer: run.setting.optimizer,
    seed,
    evalEvery: run.evalEvery,
    evalSize: run.evalSize,
    maxSteps: run.steps,
    // The loss targets compare the data term (RunSpec.targets), so it is read back apart.
    recordDataLoss: run.targets !== undefined ? true : undefined,
  };
}

const round = (x: number, digits = 4) => Number(x.toFixed(digits));

/**
 * Test accuracy with BatchNorm using each chunk's own statistics (training mode) instead of its
 * moving averages. Training-mode calls update the moving averages, so they are saved and restored.
 */
async function batchStatsAccuracy(model: EngineModel, data: TrainData, size: number): Promise<number> {
  const lm = model.layersModel?.();
  if (!lm)
    throw new Error(`${model.id}: batch-statistics accuracy needs a net with BN layers (a LayersModel).`);
  const bnLayers = lm.layers.filter((l) => l.getClassName() === 'BatchNormalization');
  const saved = bnLayers.map((l) => l.getWeights().map((w) => w.clone()));
  const [h, w, c] = data.summary.inputShape;
  const total = Math.min(size, data.summary.testCount);
  let correct = 0;
  for (let start = 0; start < total; start += 250) {
    const indices = Array.from({ length: Math.min(250, total - start) }, (_, i) => start + i);
    const { x, y } = data.batch('test', indices);
    const hits = tf.tidy(() => {
      const xs = tf.tensor4d(x, [indices.length, h, w, c]);
      const logits = lm.apply(xs, { training: true }) as tf.Tensor2D;
      return tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.tensor1d(y, 'int32')), 'int32'));
    });
    correct += (await hits.data())[0];
    hits.dispose();
  }
  bnLayers.forEach((l, i) => {
    l.setWeights(saved[i]);
  });
  tf.dispose(saved.flat());
  return correct / total;
}

/** The first step at which the mean of the last `window` losses is ≤ threshold, else null. */
export function firstSmoothedBelow(losses: number[], window: number, threshold: number): number | null {
  let sum = 0;
  for (let i = 0; i < losses.length; i++) {
    sum += losses[i];
    if (i >= window) sum -= losses[i - window];
    if (i >= window - 1 && sum / window <= threshold) return i + 1;
  }
  return null;
}

function lossCurve(losses: number[], steps: number): [number, number][] {
  const chunk = Math.max(1, Math.ceil(steps / LOSS_POINTS));
  const out: [number, number][] = [];
  for (let start = 0; start < losses.length; start += chunk) {
    const part = losses.slice(start, start + chunk);
    out.push([start + part.length, round(part.reduce((a, b) => a + b, 0) / part.length)]);
  }
  return out;
}

export async function trainRun(
  run: RunSpec,
  seed: number,
  data: TrainData,
): Promise<Record<string, ModelOutcome>> {
  const trainer = new Trainer(data, runConfig(run, seed));
  const ids = run.models.map((m) => m.id);
  const losses = new Map<string, number[]>(ids.map((id) => [id, []]));
  const dataLosses = new Map<string, number[]>(ids.map((id) => [id, []]));
  const accuracy = new Map<string, [number, number][]>(ids.map((id) => [id, []]));
  const batchAcc = new Map<string, [number, number][]>(ids.map((id) => [id, []]));
  const divergedAt = new Map<string, number | null>(ids.map((id) => [id, null]));
  const reachedAcc = new Map<string, number | null>(ids.map((id) => [id, null]));
  const bnModels = run.bnLag ? run.models.filter((m) => netSpec(run, m).norm === 'bn').map((m) => m.id) : [];
  const models = new Map(trainer.models().map((m) => [m.id, m.model]));

  const collect = async () => {
    for (const m of await trainer.collectMetrics()) {
      losses.get(m.id)!.push(...m.losses);
      // Models without regularizer terms report none: their data loss is the loss itself.
      dataLosses.get(m.id)!.push(...(m.dataLosses ?? m.losses));
      if (m.stopped && divergedAt.get(m.id) === null) {
        const at = /at step (\d+)/.exec(m.stopped);
        divergedAt.set(m.id, at ? Number(at[1]) : trainer.step);
      }
    }
  };
  const allReached = () =>
    run.targets !== undefined &&
    ids.every((id) => {
      const l = dataLosses.get(id)!;
      return (
        reachedAcc.get(id) !== null &&
        firstSmoothedBelow(l, run.targets!.lossWindow, run.targets!.loss) !== null
      );
    });

  while (trainer.step < run.steps && trainer.activeCount > 0) {
    trainer.trainStep();
    const step = trainer.step;
    const evalNow = step % run.evalEvery === 0 || step === run.steps;
    if (step % COLLECT_EVERY === 0 || evalNow) await collect();
    if (!evalNow) continue;
    await trainer.evaluate();
    for (const m of await trainer.collectMetrics()) {
      if (divergedAt.get(m.id) !== null || m.stopped || !m.accuracy || m.accuracy.step !== step) continue;
      accuracy.get(m.id)!.push([step, round(m.accuracy.value)]);
      if (run.targets && reachedAcc.get(m.id) === null && m.accuracy.value >= run.targets.accuracy)
        reachedAcc.set(m.id, step);
    }
    for (const id of bnModels) {
      if (divergedAt.get(id) !== null) continue;
      batchAcc.get(id)!.push([step, round(await batchStatsAccuracy(models.get(id)!, data, run.evalSize))]);
    }
    if (run.stopWhenReached && allReached()) break;
  }
  await collect();

  let features: Awaited<ReturnType<Trainer['features']>> | undefined;
  if (run.featureCount) features = await trainer.features(run.featureCount);
  const out: Record<string, ModelOutcome> = {};
  for (const id of ids) {
    const acc = accuracy.get(id)!;
    const l = losses.get(id)!;
    const outcome: ModelOutcome = {
      finalAccuracy: acc.length ? acc[acc.length - 1][1] : 0,
      divergedAt: divergedAt.get(id)!,
      accuracy: acc,
      loss: lossCurve(l, run.steps),
    };
    if (run.targets) {
      const data = dataLosses.get(id)!;
      outcome.dataLoss = lossCurve(data, run.steps);
      outcome.stepsToAccuracy = reachedAcc.get(id)!;
      outcome.stepsToLoss = firstSmoothedBelow(data, run.targets.lossWindow, run.targets.loss);
    }
    if (bnModels.includes(id)) outcome.batchStatsAccuracy = batchAcc.get(id)!;
    const f = features?.byModel[id];
    if (f && outcome.divergedAt === null) {
      const n = features!.labels.length;
      outcome.angularSpread = round(
        meanAngularSpread(f.features, features!.labels, data.summary.numClasses),
        5,
      );
      outcome.angularMargin = round(
        minAngularMargin(f.features, features!.labels, data.summary.numClasses),
        5,
      );
      if (f.features.length !== 2 * n) throw new Error(`Features of ${id} are not 2-D.`);
    }
    if (run.mechanism && outcome.divergedAt === null) {
      const arch = run.models.find((m) => m.id === id)!.arch;
      // Only conv/dense nets have a layers model; recurrent ones have no ReLU maps to measure.
      const layers = models.get(id)!.layersModel?.();
      if (!layers) throw new Error(`The mechanism of ${id} cannot be measured: it has no layers model.`);
      outcome.mechanism = await measureMechanism(layers, arch, data, run.setting.learningRate);
    }
    out[id] = outcome;
  }
  trainer.dispose();
  return out;
}
