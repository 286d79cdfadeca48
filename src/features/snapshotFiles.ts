/**
 * Node only (the train:features script and its test; not imported by the app): trains the
 * Features runs and writes their snapshot files and manifest to a folder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseShippedMnist } from '../data';
import { readShippedMnistFile } from '../data/shippedMnistFile';
import { toTrainData } from '../engine/train/trainData';
import { FEATURE_SNAPSHOT_FORMAT, type FeatureSettings } from './runs';
import { encodeFeatureSnapshot, encodeWeights } from './snapshot';
import { type FeatureManifest, type FeatureManifestRun, trainFeatureRun } from './training';

export const MANIFEST_FILE = 'manifest.json';

/** Trains each setting and writes its two files; returns the manifest entries (no manifest written). */
export async function writeFeatureRuns(
  outDir: string,
  settings: FeatureSettings[],
  steps: number,
  opts: { checkpoints?: number; log?: (line: string) => void },
): Promise<FeatureManifestRun[]> {
  const log = opts.log ?? (() => undefined);
  mkdirSync(outDir, { recursive: true });
  const data = toTrainData(parseShippedMnist(readShippedMnistFile()));
  const runs: FeatureManifestRun[] = [];
  for (const s of settings) {
    const run = await trainFeatureRun(data, s, steps, { checkpoints: opts.checkpoints, log });
    const file = `${run.entry.key}.bin.gz`;
    const weightsFile = `${run.entry.key}.weights.bin.gz`;
    const snapshot = gzipSync(encodeFeatureSnapshot(run.snapshot), { level: 9 });
    const weights = gzipSync(encodeWeights(run.weights), { level: 9 });
    writeFileSync(join(outDir, file), snapshot);
    writeFileSync(join(outDir, weightsFile), weights);
    runs.push({
      ...run.entry,
      file,
      weightsFile,
      bytes: { snapshot: snapshot.length, weights: weights.length },
    });
    log(
      `${run.entry.key}: ${run.entry.trainSeconds} s, accuracy ${Object.entries(run.entry.accuracy)
        .map(([id, a]) => `${id} ${(100 * a).toFixed(2)}%`)
        .join(', ')}; ${snapshot.length + weights.length} bytes gzipped`,
    );
  }
  return runs;
}

/** Writes manifest.json for these runs (in the given order). */
export function writeFeatureManifest(
  outDir: string,
  runs: FeatureManifestRun[],
  quick: boolean,
): FeatureManifest {
  const manifest: FeatureManifest = {
    format: FEATURE_SNAPSHOT_FORMAT,
    generatedBy: quick ? 'npm run train:features -- --quick' : 'npm run train:features',
    quick,
    runs,
  };
  writeFileSync(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, roundFloats, 1)}\n`);
  return manifest;
}

/** Four significant digits are plenty for measures; keeps the manifest small and diffs readable. */
function roundFloats(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(4)) : value;
}
