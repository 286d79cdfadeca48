/**
 * Fetches the shipped Features snapshots (public/features/, written by `npm run train:features`).
 * Every failure becomes an Error whose message says in words what went wrong (the page shows it:
 * no file names or run keys); the view shows it and falls back to live training.
 */
import { gunzip, isGzip } from '../../data';
import { settingWords } from '../../features/finding';
import { type FeatureSettings, featureRunHash, featureRunKey } from '../../features/runs';
import {
  decodeFeatureSnapshot,
  decodeWeights,
  type FeatureSnapshotData,
  type NetWeights,
} from '../../features/snapshot';
import type { FeatureManifest, FeatureManifestRun } from '../../features/training';

const BASE = `${import.meta.env.BASE_URL}features/`;

async function fetchBytes(url: string, what: string): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (err) {
    throw new Error(`${what} could not be fetched (${err instanceof Error ? err.message : String(err)}).`);
  }
  if (!res.ok) throw new Error(`${what} is missing (HTTP ${res.status}).`);
  // Single-page hosts answer unknown paths with the app's index.html.
  if ((res.headers.get('content-type') ?? '').includes('text/html'))
    throw new Error(`${what} is missing (the server answered with a web page).`);
  const raw = new Uint8Array(await res.arrayBuffer());
  // A server may already have undone the gzip (Content-Encoding); then the bytes are plain.
  return isGzip(raw) ? gunzip(raw, what) : raw;
}

let manifestPromise: Promise<FeatureManifest> | undefined;

export function loadFeatureManifest(): Promise<FeatureManifest> {
  manifestPromise ??= (async () => {
    const bytes = await fetchBytes(`${BASE}manifest.json`, 'The snapshot manifest');
    let manifest: FeatureManifest;
    try {
      manifest = JSON.parse(new TextDecoder().decode(bytes)) as FeatureManifest;
    } catch {
      throw new Error('The snapshot manifest is not valid JSON.');
    }
    if (!Array.isArray(manifest.runs)) throw new Error('The snapshot manifest lists no runs.');
    return manifest;
  })();
  // A failed fetch may succeed later (e.g. after a network hiccup): do not cache failures.
  manifestPromise.catch(() => {
    manifestPromise = undefined;
  });
  return manifestPromise;
}

export interface ShippedRun {
  run: FeatureManifestRun;
  data: FeatureSnapshotData;
}

/**
 * The shipped run for these settings, or an Error saying why there is none: no snapshot for this
 * setting, a stale one (trained by other code), or a missing or corrupt file.
 */
export async function loadShippedRun(settings: FeatureSettings): Promise<ShippedRun> {
  const manifest = await loadFeatureManifest();
  const key = featureRunKey(settings);
  const run = manifest.runs.find((r) => r.key === key);
  if (!run) throw new Error(`No snapshot ships for this setting (${settingWords(settings)}).`);
  if (run.configHash !== featureRunHash(settings, run.steps))
    throw new Error(
      `The shipped snapshot of this setting (${settingWords(settings)}) was trained by an older version of the code, so it no longer matches.`,
    );
  const what = 'The snapshot file of this setting';
  const data = decodeFeatureSnapshot(await fetchBytes(`${BASE}${run.file}`, what), what);
  if (data.checkpoints.length !== run.checkpoints.length || data.labels.length !== run.points)
    throw new Error(`${what} does not match its manifest entry (corrupt).`);
  return { run, data };
}

/** The final weights of a shipped run, per model id, for "continue from the final weights". */
export async function loadShippedWeights(run: FeatureManifestRun): Promise<Record<string, NetWeights>> {
  const what = 'The final weights file of this setting';
  const nets = decodeWeights(await fetchBytes(`${BASE}${run.weightsFile}`, what), what);
  if (nets.length !== run.models.length)
    throw new Error(`${what} holds ${nets.length} nets, not ${run.models.length}.`);
  return Object.fromEntries(run.models.map((m, i) => [m.id, nets[i]]));
}
