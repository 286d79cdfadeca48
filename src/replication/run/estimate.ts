/**
 * How long a claim's rerun will take on the backend running now, measured before it starts: each
 * run is built and trained for a few steps, and evaluated once, on the claim's first seed; C6's
 * Fourier pairs are timed whole (one seed takes well under a second). The figure is then
 * steps × step time + evaluations × evaluation time per run. Build and warm-up (shader
 * compilation on the GPU backends) are counted once per run, as a rerun pays them.
 */
import type { TrainData } from '../../engine/train/trainer';
import { Trainer } from '../../engine/train/trainer';
import { resolveRuns } from '../measures';
import type { Claim, RunSpec } from '../types';
import { fourierRun } from './fourierRun';
import { runConfig } from './trainRun';

/** Steps timed per run after one warm-up step. */
const TIMED_STEPS = 3;

export interface RunTiming {
  run: string;
  buildMs: number;
  stepMs: number;
  evalMs: number;
  /** This run's estimated time per seed. */
  seedMs: number;
  /** The run may stop early (C1: once both nets reached their targets): the figure is an upper bound. */
  upperBound: boolean;
}

export interface ClaimEstimate {
  /** Per seed of the claim's own runs, and for C1's grid search (all its seeds) when it is run. */
  seedMs: number;
  searchMs: number;
  runs: RunTiming[];
  upperBound: boolean;
}

/** Evaluations a run makes: every evalEvery steps and at the end. */
function evaluations(run: RunSpec): number {
  return Math.floor(run.steps / run.evalEvery) + (run.steps % run.evalEvery === 0 ? 0 : 1);
}

async function timeRun(run: RunSpec, seed: number, data: TrainData): Promise<RunTiming> {
  const t0 = performance.now();
  const trainer = new Trainer(data, runConfig(run, seed));
  try {
    trainer.trainStep();
    await trainer.collectMetrics();
    const t1 = performance.now();
    for (let i = 0; i < TIMED_STEPS; i++) trainer.trainStep();
    await trainer.collectMetrics();
    const t2 = performance.now();
    await trainer.evaluate();
    const t3 = performance.now();
    const evalMs = t3 - t2;
    // bnLag evaluates again with batch statistics; features (C4) read the test digits through
    // the nets once more: each about one evaluation.
    const perSeedEvals = evaluations(run) * (run.bnLag ? 2 : 1) + (run.featureCount ? 1 : 0);
    const stepMs = (t2 - t1) / TIMED_STEPS;
    // The warm-up step is in t1 − t0; the build is the rest.
    const buildMs = t1 - t0 - stepMs;
    return {
      run: run.id,
      buildMs,
      stepMs,
      evalMs,
      seedMs: Math.max(0, buildMs) + run.steps * stepMs + perSeedEvals * evalMs,
      upperBound: run.stopWhenReached === true,
    };
  } finally {
    trainer.dispose();
  }
}

/**
 * Times `claim` (already shrunk by quickClaim if the rerun is quick) on the running backend.
 * `chosen`: C1's cell when the stored search is reused (only that cell is timed, not the grid).
 */
export async function estimateClaim(
  claim: Claim,
  seed: number,
  data: TrainData,
  chosen?: string,
): Promise<ClaimEstimate> {
  const runs: RunTiming[] = [];
  let seedMs = 0;
  if (claim.fourier) {
    const t0 = performance.now();
    fourierRun(claim.fourier, seed, data);
    const ms = performance.now() - t0;
    runs.push({ run: 'fourier', buildMs: 0, stepMs: 0, evalMs: 0, seedMs: ms, upperBound: false });
    seedMs += ms;
  }
  let searchMs = 0;
  if (claim.search && !chosen) {
    for (const candidate of claim.search.candidates) {
      const t = await timeRun(candidate, seed, data);
      runs.push(t);
      searchMs += t.seedMs * claim.search.seeds.length;
    }
  }
  const claimRuns = claim.search
    ? chosen
      ? [resolveRuns(claim, chosen)[claim.search.as], ...claim.runs]
      : // Before the search has chosen, a claim seed costs about an average grid cell.
        []
    : claim.runs;
  for (const run of claimRuns) {
    const t = await timeRun(run, seed, data);
    runs.push(t);
    seedMs += t.seedMs;
  }
  if (claim.search && !chosen)
    seedMs += searchMs / claim.search.seeds.length / claim.search.candidates.length;
  return { seedMs, searchMs, runs, upperBound: runs.some((r) => r.upperBound) };
}
