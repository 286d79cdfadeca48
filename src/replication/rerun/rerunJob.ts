/**
 * A claim rerun with new seeds, as the page's rerun worker does it: the Node runner's own
 * runClaim (src/replication/run/runClaim.ts) with hooks for per-seed progress, and a ClaimResult
 * in results.json's format whose provenance says browser, backend and seeds. Pure (no DOM, no
 * fs): the worker calls it, and rerunJob.test.ts calls it in Node to compare with the runner.
 */
import type { TrainData } from '../../engine/train/trainer';
import { findClaim } from '../claims';
import { estimateClaim } from '../run/estimate';
import { quickClaim, type RunHooks, runClaim } from '../run/runClaim';
import type { Claim, ClaimResult, SearchResult } from '../types';

export interface RerunRequest {
  claimId: string;
  seeds: number[];
  /** quickClaim's smoke run: a few steps per run, never a verdict worth keeping. */
  quick: boolean;
  /** C1: the stored search, whose choice is reused instead of running the grid again. */
  reuseSearch?: SearchResult;
}

export interface RerunContext {
  backend: string;
  /** The build's commit (results.json's `commit`). */
  commit: string;
  userAgent: string;
  /** The seeds results.json stores for the claim. */
  storedSeeds: number[];
}

/** The claim as the rerun runs it (quick: shrunk); throws on an unknown id. */
export function rerunClaimSpec(request: Pick<RerunRequest, 'claimId' | 'quick'>): Claim {
  const declared = findClaim(request.claimId);
  if (!declared) throw new Error(`Unknown claim "${request.claimId}".`);
  return request.quick ? quickClaim(declared) : declared;
}

export async function rerunClaim(
  request: RerunRequest,
  data: TrainData,
  context: RerunContext,
  onSeed: RunHooks['onSeed'],
): Promise<ClaimResult> {
  const claim = rerunClaimSpec(request);
  const result = await runClaim(claim, request.seeds, data, context.commit, () => {}, {
    onSeed,
    reuseSearch: claim.search ? request.reuseSearch : undefined,
  });
  return {
    ...result,
    provenance: {
      runner: 'browser',
      backend: context.backend,
      seeds: request.seeds,
      storedSeeds: context.storedSeeds,
      quick: request.quick,
      reusedSearch: claim.search !== undefined && request.reuseSearch !== undefined,
      fewerSeedsThanClaim: request.seeds.length < claim.seeds.length,
      userAgent: context.userAgent,
    },
  };
}

/** The rerun's time, measured on the running backend before it starts (../run/estimate.ts). */
export function estimateRerun(request: RerunRequest, data: TrainData) {
  const claim = rerunClaimSpec(request);
  return estimateClaim(claim, request.seeds[0], data, claim.search ? request.reuseSearch?.chosen : undefined);
}
