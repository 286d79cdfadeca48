import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseShippedMnist } from '../data';
import { readShippedMnistFile } from '../data/shippedMnistFile';
import { initWasmBackend } from '../engine/backends/testBackend';
import { toTrainData } from '../engine/train/trainData';
import { Trainer } from '../engine/train/trainer';
import {
  checkpointSteps,
  FEATURE_CHECKPOINTS,
  FEATURE_POINTS,
  FEATURE_TRAINING,
  featureRunConfig,
  featureRunHash,
  featureRunKey,
  SHIPPED_FEATURE_SETTINGS,
} from './runs';
import { decodeFeatureSnapshot, decodeWeights, encodeFeatureSnapshot, encodeWeights } from './snapshot';
import { MANIFEST_FILE, writeFeatureManifest, writeFeatureRuns } from './snapshotFiles';
import type { FeatureManifest } from './training';

const SHIPPED_DIR = fileURLToPath(new URL('../../public/features/', import.meta.url));

function fakeSnapshot(n: number, checkpoints: number) {
  let seed = 7;
  const rand = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647 - 0.5;
  };
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 10);
  return {
    labels,
    numClasses: 10,
    checkpoints: Array.from({ length: checkpoints }, (_, c) =>
      [0, 1].map(() => ({
        features: Float32Array.from({ length: 2 * n }, () => rand() * 10 ** c),
        classWeights: Float32Array.from({ length: 20 }, rand),
        predictions: Uint8Array.from({ length: n }, (_, i) => (i * 3) % 10),
      })),
    ),
  };
}

describe('Features snapshot format', () => {
  it('round-trips features within 1/4094 of the largest, weights and predictions exactly', () => {
    const snap = fakeSnapshot(50, 3);
    const back = decodeFeatureSnapshot(encodeFeatureSnapshot(snap), 'test');
    expect(Array.from(back.labels)).toEqual(Array.from(snap.labels));
    snap.checkpoints.forEach((row, c) => {
      row.forEach((net, j) => {
        const got = back.checkpoints[c][j];
        const max = Math.max(...net.features.map(Math.abs));
        net.features.forEach((v, i) => {
          expect(Math.abs(got.features[i] - v)).toBeLessThanOrEqual(max / 4094 + 1e-9 * max);
        });
        expect(Array.from(got.classWeights)).toEqual(Array.from(net.classWeights));
        expect(Array.from(got.predictions)).toEqual(Array.from(net.predictions));
      });
    });
  });

  it('says what is wrong with a truncated, foreign or corrupt file', () => {
    const bytes = encodeFeatureSnapshot(fakeSnapshot(20, 2));
    expect(() => decodeFeatureSnapshot(bytes.subarray(0, bytes.length - 1), 'f')).toThrow(
      /truncated or corrupt/,
    );
    expect(() => decodeFeatureSnapshot(new TextEncoder().encode('<!doctype html>…'), 'f')).toThrow(
      /not a Features snapshot/,
    );
    const bad = bytes.slice();
    bad[24] = 200; // the first label
    expect(() => decodeFeatureSnapshot(bad, 'f')).toThrow(/label is 200/);
  });

  it('round-trips final weights and rejects a cut-off file', () => {
    const nets = [
      {
        shapes: [[3, 3, 1, 2], [2]],
        values: [Float32Array.from({ length: 18 }, (_, i) => i / 7), new Float32Array([1, -2])],
      },
      { shapes: [[4]], values: [new Float32Array([0.5, 0.25, -1, 3])] },
    ];
    const bytes = encodeWeights(nets);
    // Half precision: these values are exact in float16 except i/7, within 2⁻¹¹ relative.
    const back = decodeWeights(bytes, 'w');
    expect(back.map((n) => n.shapes)).toEqual(nets.map((n) => n.shapes));
    back.forEach((net, j) => {
      net.values.forEach((values, t) => {
        values.forEach((v, i) => {
          const want = nets[j].values[t][i];
          expect(Math.abs(v - want)).toBeLessThanOrEqual(Math.abs(want) * 2 ** -11);
        });
      });
    });
    expect(back[1].values[0]).toEqual(nets[1].values[0]);
    expect(() => decodeWeights(bytes.subarray(0, bytes.length - 4), 'w')).toThrow(/truncated or corrupt/);
  });

  it('checkpoints start at 0, end at the last step and are denser early', () => {
    const steps = checkpointSteps(FEATURE_TRAINING.steps);
    expect(steps.length).toBe(FEATURE_CHECKPOINTS);
    expect(steps[0]).toBe(0);
    expect(steps[steps.length - 1]).toBe(FEATURE_TRAINING.steps);
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeGreaterThan(steps[i - 1]);
    expect(steps[2] - steps[1]).toBeLessThan(steps[steps.length - 1] - steps[steps.length - 2]);
  });
});

const readManifest = () =>
  JSON.parse(readFileSync(join(SHIPPED_DIR, MANIFEST_FILE), 'utf8')) as FeatureManifest;

/** Share of predictions equal to their label. */
function accuracyOf(predictions: ArrayLike<number>, labels: ArrayLike<number>): number {
  let hits = 0;
  for (let i = 0; i < labels.length; i++) hits += predictions[i] === labels[i] ? 1 : 0;
  return hits / labels.length;
}

describe('shipped Features snapshots (public/features/)', () => {
  it('match the code: every shipped setting present, with the config hash of today’s model math', () => {
    const manifest = readManifest();
    expect(manifest.quick).toBe(false);
    for (const settings of SHIPPED_FEATURE_SETTINGS) {
      const run = manifest.runs.find((r) => r.key === featureRunKey(settings));
      expect(run, `no snapshot for ${featureRunKey(settings)}`).toBeDefined();
      expect(run!.steps).toBe(FEATURE_TRAINING.steps);
      // Fails when recipe.ts, the nets, the optimizer or the format changed after the snapshots
      // were trained: rerun `npm run train:features` and commit public/features/.
      expect(run!.configHash, `stale snapshot ${run!.key}: rerun npm run train:features`).toBe(
        featureRunHash(settings, run!.steps),
      );
      // Issue 13's bar for the family: both nets at 97% or more on the 2,000 test digits.
      for (const m of run!.models)
        expect(run!.accuracy[m.id], `${run!.key} ${m.id}`).toBeGreaterThanOrEqual(0.97);
    }
  });

  it('fit in 2 MB gzipped, decode, and reproduce the manifest’s final accuracy', () => {
    let total = 0;
    for (const run of readManifest().runs) {
      const gz = readFileSync(join(SHIPPED_DIR, run.file));
      const weights = readFileSync(join(SHIPPED_DIR, run.weightsFile));
      total += gz.length + weights.length;
      const data = decodeFeatureSnapshot(new Uint8Array(gunzipSync(gz)), run.file);
      expect(data.checkpoints.length).toBe(run.checkpoints.length);
      const last = data.checkpoints[data.checkpoints.length - 1];
      run.models.forEach((m, j) => {
        expect(accuracyOf(last[j].predictions, data.labels)).toBeCloseTo(run.accuracy[m.id], 3);
      });
      expect(decodeWeights(new Uint8Array(gunzipSync(weights)), run.weightsFile).length).toBe(
        run.models.length,
      );
    }
    expect(total).toBeLessThanOrEqual(2 * 1024 * 1024);
  });
});

describe('shipped final weights (float16) for “continue from the final weights”', () => {
  beforeAll(initWasmBackend);

  it('load into fresh nets that predict the test digits as the trained nets did', async () => {
    const run = readManifest().runs[0];
    const data = toTrainData(parseShippedMnist(readShippedMnistFile()));
    const trainer = new Trainer(data, featureRunConfig(run.settings, 0));
    try {
      const nets = decodeWeights(
        new Uint8Array(gunzipSync(readFileSync(join(SHIPPED_DIR, run.weightsFile)))),
        run.weightsFile,
      );
      run.models.forEach((m, j) => {
        trainer.setWeights(m.id, nets[j].shapes, nets[j].values);
      });
      const { labels, byModel } = await trainer.features(FEATURE_POINTS);
      for (const m of run.models) {
        // Half precision moves a few borderline digits at most.
        const accuracy = accuracyOf(byModel[m.id].predictions, labels);
        expect(Math.abs(accuracy - run.accuracy[m.id])).toBeLessThanOrEqual(0.003);
      }
    } finally {
      trainer.dispose();
    }
  }, 120_000);
});

describe('npm run train:features --quick (the pipeline, into a temp dir)', () => {
  let dir = '';
  beforeAll(async () => {
    await initWasmBackend();
    dir = mkdtempSync(join(tmpdir(), 'spherelab-features-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trains, measures and writes files that decode to what the manifest says', async () => {
    const settings = SHIPPED_FEATURE_SETTINGS[SHIPPED_FEATURE_SETTINGS.length - 1];
    const runs = await writeFeatureRuns(dir, [settings], 12, { checkpoints: 4 });
    const manifest = writeFeatureManifest(dir, runs, true);
    expect(existsSync(join(dir, MANIFEST_FILE))).toBe(true);
    const [run] = manifest.runs;
    expect(run.checkpoints.map((c) => c.step)).toEqual(checkpointSteps(12, 4));
    expect(run.configHash).toBe(featureRunHash(settings, 12, 4));
    const data = decodeFeatureSnapshot(
      new Uint8Array(gunzipSync(readFileSync(join(dir, run.file)))),
      run.file,
    );
    expect(data.labels.length).toBe(2000);
    expect(data.checkpoints.length).toBe(run.checkpoints.length);
    for (const c of run.checkpoints)
      for (const m of run.models) {
        const x = c.metrics[m.id];
        expect(x.accuracy).toBeGreaterThanOrEqual(0);
        expect(Number.isFinite(x.spreadDeg) && Number.isFinite(x.marginDeg)).toBe(true);
      }
    const nets = decodeWeights(
      new Uint8Array(gunzipSync(readFileSync(join(dir, run.weightsFile)))),
      run.weightsFile,
    );
    expect(nets.length).toBe(2);
  }, 300_000);
});
