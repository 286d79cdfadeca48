/**
 * The Features view's second recipe: claim C4's own nets and training (convs 8/16, Adam 3e-3,
 * batch 32, 400 steps, no schedule, shifts or annealing), read from the claim's declared runs, so
 * an About link opens exactly the run each C4 measure used. The view's operator, k, loss, m and
 * seed still choose within it; only the claim's settings have measured verdicts.
 */
import type { NetSpec, RunConfig } from '../engine/types';
import { findClaim } from '../replication/claims';
import type { RunSpec } from '../replication/types';
import type { FeatureSettings } from './runs';

/** C4's run for this loss (its runs differ only in the head and m), or its first run. */
export function claimFeatureRun(settings: Pick<FeatureSettings, 'head' | 'm'>): RunSpec {
  const claim = findClaim('C4');
  if (!claim || claim.runs.length === 0) throw new Error('claim C4 declares no runs');
  const m = settings.head === 'ga-softmax' ? settings.m : 1;
  return claim.runs.find((r) => r.setting.head === settings.head && r.setting.m === m) ?? claim.runs[0];
}

/**
 * The run config of claim C4's recipe with the view's settings: what the replication's runConfig
 * builds for the claim's run (claimRecipe.test.ts compares the two), without evaluations (the view
 * reads accuracy off the features of all 2,000 test digits).
 */
export function claimFeatureRunConfig(settings: FeatureSettings, maxSteps?: number): RunConfig {
  const run = claimFeatureRun(settings);
  const s = run.setting;
  const net = (arch: NetSpec['arch']): NetSpec => ({
    arch,
    operator: settings.operator,
    k: settings.k,
    norm: s.norm,
    head: settings.head,
    m: settings.head === 'ga-softmax' ? settings.m : 1,
    widths: [s.width, 2 * s.width],
    depth: s.depth,
    featureDim: s.featureDim,
  });
  return {
    models: run.models.map((model) => ({
      id: model.id,
      label: model.label,
      spec: { kind: 'net' as const, net: net(model.arch) },
    })),
    batchSize: s.batchSize,
    learningRate: s.learningRate,
    optimizer: s.optimizer,
    seed: settings.seed,
    evalEvery: 0,
    evalSize: 0,
    maxSteps: maxSteps ?? run.steps,
  };
}

/** "convs 8/16, Adam 0.003, batch 32, 400 steps": the claim recipe in words, from its run. */
export function claimRecipeWords(settings: Pick<FeatureSettings, 'head' | 'm'>): string {
  const run = claimFeatureRun(settings);
  const s = run.setting;
  const optimizer = s.optimizer === 'adam' ? 'Adam' : 'SGD';
  return `convs ${s.width}/${2 * s.width}, ${optimizer} ${s.learningRate}, batch ${s.batchSize}, ${run.steps} steps`;
}
