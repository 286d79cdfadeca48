/**
 * Trains one Features run (both nets in lockstep) and records its checkpoints: the 2-D features,
 * class weight vectors and predictions of the test digits, the measures of each, and the final
 * weights. No file system: scripts/train-features.ts writes what this returns.
 */

import { type TrainData, Trainer } from '../engine/train/trainer';
import { type FeatureMetrics, featureMetrics } from './metrics';
import {
  checkpointSteps,
  FEATURE_MODELS,
  FEATURE_POINTS,
  type FeatureSettings,
  featureRunConfig,
  featureRunHash,
  featureRunKey,
} from './runs';
import type { FeatureSnapshotData, NetCheckpoint, NetWeights } from './snapshot';

export interface CheckpointMetrics {
  step: number;
  metrics: Record<string, FeatureMetrics>;
}

/** One run in public/features/manifest.json. */
export interface FeatureManifestRun {
  key: string;
  settings: FeatureSettings;
  /** featureRunHash(settings, steps) when it was trained: a different hash now means stale. */
  configHash: string;
  seed: number;
  steps: number;
  points: number;
  numClasses: number;
  models: { id: string; title: string }[];
  /** File names relative to the manifest. */
  file: string;
  weightsFile: string;
  /** Gzipped sizes in bytes. */
  bytes: { snapshot: number; weights: number };
  trainSeconds: number;
  /** Test accuracy of each net at the last step. */
  accuracy: Record<string, number>;
  checkpoints: CheckpointMetrics[];
}

export interface FeatureManifest {
  format: number;
  generatedBy: string;
  /** True for the --quick pipeline check (never shipped). */
  quick: boolean;
  runs: FeatureManifestRun[];
}

export interface TrainedFeatureRun {
  entry: Omit<FeatureManifestRun, 'file' | 'weightsFile' | 'bytes'>;
  snapshot: FeatureSnapshotData;
  weights: NetWeights[];
}

async function weightsOf(trainer: Trainer): Promise<NetWeights[]> {
  const out: NetWeights[] = [];
  for (const { model } of trainer.models()) {
    const tensors = model.getWeights();
    const values: Float32Array[] = [];
    for (const t of tensors) values.push((await t.data()) as Float32Array);
    out.push({ shapes: tensors.map((t) => [...t.shape]), values });
  }
  return out;
}

export async function trainFeatureRun(
  data: TrainData,
  settings: FeatureSettings,
  steps: number,
  opts: { checkpoints?: number; log?: (line: string) => void } = {},
): Promise<TrainedFeatureRun> {
  const log = opts.log ?? (() => undefined);
  const t0 = performance.now();
  const trainer = new Trainer(data, featureRunConfig(settings, steps));
  const numClasses = data.summary.numClasses;
  const snapshotSteps = checkpointSteps(steps, opts.checkpoints);
  const checkpoints: NetCheckpoint[][] = [];
  const metrics: CheckpointMetrics[] = [];
  let labels = new Uint8Array(0);
  try {
    for (const target of snapshotSteps) {
      while (trainer.step < target) await trainer.trainStepAsync();
      const metricsRead = await trainer.collectMetrics();
      const stopped = metricsRead.find((m) => m.stopped);
      if (stopped) throw new Error(`${featureRunKey(settings)}: ${stopped.id} stopped: ${stopped.stopped}`);
      const { labels: l, byModel } = await trainer.features(FEATURE_POINTS);
      labels = Uint8Array.from(l);
      const row: NetCheckpoint[] = [];
      const byId: Record<string, FeatureMetrics> = {};
      for (const { id } of FEATURE_MODELS) {
        const m = byModel[id];
        const predictions = Uint8Array.from(m.predictions);
        row.push({ features: m.features, classWeights: m.classWeights, predictions });
        byId[id] = featureMetrics(m.features, labels, predictions, numClasses);
      }
      checkpoints.push(row);
      metrics.push({ step: trainer.step, metrics: byId });
      log(
        `  step ${String(trainer.step).padStart(5)}  ` +
          FEATURE_MODELS.map(
            ({ id }) =>
              `${id} ${(100 * byId[id].accuracy).toFixed(1)}% spread ${byId[id].spreadDeg.toFixed(1)}° margin ${byId[id].marginDeg.toFixed(1)}°`,
          ).join('  '),
      );
    }
    const last = metrics[metrics.length - 1];
    return {
      entry: {
        key: featureRunKey(settings),
        settings,
        configHash: featureRunHash(settings, steps, opts.checkpoints),
        seed: settings.seed,
        steps,
        points: labels.length,
        numClasses,
        models: FEATURE_MODELS.map((m) => ({ id: m.id, title: m.title })),
        trainSeconds: Math.round((performance.now() - t0) / 100) / 10,
        accuracy: Object.fromEntries(FEATURE_MODELS.map(({ id }) => [id, last.metrics[id].accuracy])),
        checkpoints: metrics,
      },
      snapshot: { labels, checkpoints, numClasses },
      weights: await weightsOf(trainer),
    };
  } finally {
    trainer.dispose();
  }
}
