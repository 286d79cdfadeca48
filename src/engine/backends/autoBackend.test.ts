import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../data';
import type { BackendName } from '../../tfjs/backendModules';
import type { BackendTiming, ModelEntry, RunConfig } from '../types';
import {
  boundedTiming,
  candidateOrder,
  costKey,
  describeMeasurement,
  isSoftwareRenderer,
  measuredReason,
  median,
  probeRulesOut,
  rankBackends,
  SLOWER_LIMIT,
  summarize,
  TIMING_PLAN,
  timingDone,
} from './autoBackend';

const ok = (backend: BackendName, imagesPerSecond: number): BackendTiming => ({
  backend,
  imagesPerSecond,
  msPerStep: (32 * 1000) / imagesPerSecond,
  steps: 3,
});
const failed = (backend: BackendName, failure = 'device lost'): BackendTiming => ({
  backend,
  steps: 0,
  failure,
});

function net(id: string, widths: number[], norm: 'none' | 'bn' = 'none'): ModelEntry {
  return {
    id,
    label: id,
    spec: {
      kind: 'net',
      net: { arch: 'sphere', operator: 'sigmoid', k: 0.3, norm, head: 'softmax', m: 1, widths, depth: 1 },
    },
  };
}
const run = (over: Partial<RunConfig> = {}): RunConfig => ({
  models: [net('sphere', [16, 32]), net('baseline', [16, 32])],
  batchSize: 32,
  learningRate: 1e-3,
  optimizer: 'adam',
  seed: 1,
  evalEvery: 50,
  evalSize: 1000,
  maxSteps: 0,
  ...over,
});

describe('candidateOrder', () => {
  it('times wasm first, WebGPU only on a hardware adapter, never cpu', () => {
    expect(candidateOrder('hardware')).toEqual(['wasm', 'webgpu', 'webgl']);
    expect(candidateOrder('software')).toEqual(['wasm', 'webgl']);
    expect(candidateOrder('none')).toEqual(['wasm', 'webgl']);
  });
  it('skips WebGL on a software renderer, times it on hardware or when unknown', () => {
    expect(candidateOrder('none', 'software')).toEqual(['wasm']);
    expect(candidateOrder('hardware', 'software')).toEqual(['wasm', 'webgpu']);
    expect(candidateOrder('none', 'hardware')).toEqual(['wasm', 'webgl']);
    expect(candidateOrder('none', 'unknown')).toEqual(['wasm', 'webgl']);
    expect(candidateOrder('none', 'none')).toEqual(['wasm']);
  });
  it('recognizes software renderers by name', () => {
    expect(
      isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)'),
    ).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 4090 Direct3D11 vs_5_0 ps_5_0)')).toBe(
      false,
    );
    expect(isSoftwareRenderer('Apple M2')).toBe(false);
  });
});

describe('costKey', () => {
  it('ignores what does not change a step’s cost (learning rate, seed, operator)', () => {
    expect(costKey(run({ learningRate: 0.1, seed: 9 }))).toBe(costKey(run()));
    const cosine = run();
    if (cosine.models[0].spec.kind === 'net') cosine.models[0].spec.net.operator = 'cosine';
    expect(costKey(cosine)).toBe(costKey(run()));
  });
  it('changes with widths, batch size, norm and the model set', () => {
    const base = costKey(run());
    expect(costKey(run({ batchSize: 128 }))).not.toBe(base);
    expect(costKey(run({ models: [net('sphere', [64, 128]), net('baseline', [64, 128])] }))).not.toBe(base);
    expect(costKey(run({ models: [net('sphere', [16, 32], 'bn'), net('baseline', [16, 32])] }))).not.toBe(
      base,
    );
    expect(costKey(run({ models: [net('sphere', [16, 32])] }))).not.toBe(base);
  });
});

describe('timingDone', () => {
  it('stops at maxSteps, never before the first timed step', () => {
    expect(timingDone([], 10)).toBe(false);
    expect(timingDone(Array(TIMING_PLAN.maxSteps).fill(1), undefined)).toBe(true);
    expect(timingDone([1, 1], undefined)).toBe(false);
  });
  it('one step is enough for a clear loser; a close one gets more', () => {
    expect(timingDone([1300], 60)).toBe(true);
    expect(timingDone([100], 60)).toBe(false);
  });
  it('stops once the budget is spent (minSteps reached)', () => {
    expect(timingDone([TIMING_PLAN.budgetMs], undefined)).toBe(false);
    expect(timingDone([TIMING_PLAN.budgetMs / 2, TIMING_PLAN.budgetMs / 2], undefined)).toBe(true);
  });
});

describe('probe', () => {
  it('rules a backend out when its forward passes alone take 1.5× the best step', () => {
    expect(probeRulesOut(90, 55)).toBe(true);
    expect(probeRulesOut(80, 55)).toBe(false);
    expect(probeRulesOut(1e6, undefined)).toBe(false);
  });
  it('gives a bound that is shown as such and never chosen', () => {
    const bound = boundedTiming('webgl', 400, 32);
    expect(bound).toMatchObject({ imagesPerSecond: 80, atMost: true, steps: 0 });
    // Even a (wrongly) high bound is not a measurement of the run: it is never kept.
    expect(rankBackends([{ ...bound, imagesPerSecond: 1e6 }, ok('wasm', 500)])).toEqual(['wasm']);
    expect(rankBackends([bound])).toEqual([]);
    expect(describeMeasurement({ timings: [ok('wasm', 582), bound], chosen: 'wasm' })).toBe(
      'wasm 582 img/s · webgl < 80 img/s → wasm',
    );
  });
});

describe('summarize', () => {
  it('gives the median step and images/s of the run', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(summarize('wasm', [40, 20, 30], 32)).toEqual({
      backend: 'wasm',
      msPerStep: 30,
      imagesPerSecond: (32 * 1000) / 30,
      steps: 3,
    });
  });
  it('is a failure without finite step times or with a reason', () => {
    expect(summarize('webgl', [], 32).failure).toBe('no timed step finished');
    expect(summarize('webgl', [Number.NaN], 32).failure).toBeDefined();
    expect(summarize('webgpu', [10], 32, 'device lost').failure).toBe('device lost');
  });
});

describe('rankBackends', () => {
  it('keeps the fastest', () => {
    expect(rankBackends([ok('wasm', 1080), ok('webgpu', 2650), ok('webgl', 300)])[0]).toBe('webgpu');
    expect(rankBackends([ok('wasm', 550), ok('webgpu', 275)])).toEqual(['wasm']);
  });
  it('breaks exact ties by preference, or for the backend already running', () => {
    expect(rankBackends([ok('wasm', 500), ok('webgpu', 500)])[0]).toBe('webgpu');
    expect(rankBackends([ok('webgl', 500), ok('wasm', 500)])[0]).toBe('wasm');
    expect(rankBackends([ok('wasm', 500), ok('webgpu', 500)], 'wasm')[0]).toBe('wasm');
  });
  it('stays on the running backend within the hysteresis, not when it is 10% slower', () => {
    expect(rankBackends([ok('wasm', 970), ok('webgpu', 1000)], 'wasm')[0]).toBe('wasm');
    expect(rankBackends([ok('wasm', 900), ok('webgpu', 1000)], 'wasm')).toEqual(['webgpu']);
  });
  it('skips failures: a backend that did not start or lost its device', () => {
    expect(rankBackends([failed('webgpu'), ok('wasm', 500), ok('webgl', 50)])).toEqual(['wasm']);
    expect(
      rankBackends([ok('webgpu', 5000), ok('wasm', 500)].map((t, i) => (i ? t : failed('webgpu')))),
    ).toEqual(['wasm']);
    expect(rankBackends([failed('wasm', 'could not start'), failed('webgl')])).toEqual([]);
    expect(rankBackends([])).toEqual([]);
  });
  it('ignores figures that are not positive finite numbers', () => {
    const bad = [Number.NaN, 0, -5, Number.POSITIVE_INFINITY].map((ips) => ({
      ...ok('webgpu', 1),
      imagesPerSecond: ips,
    }));
    for (const t of bad) expect(rankBackends([t, ok('wasm', 10)])).toEqual(['wasm']);
  });

  it('never keeps a backend 10% or more slower than the best it measured (random timings)', () => {
    const rand = mulberry32(2026);
    const names: BackendName[] = ['webgpu', 'wasm', 'webgl', 'cpu'];
    for (let trial = 0; trial < 5000; trial++) {
      const timings = names
        .filter(() => rand() < 0.8)
        .map((b) => {
          const r = rand();
          if (r < 0.15) return failed(b);
          if (r < 0.2) return boundedTiming(b, 1 + 100 * rand(), 32);
          // Many near-ties around the limit, and exact ties.
          return ok(b, r < 0.3 ? 1000 : 1000 * (0.8 + 0.4 * rand()) ** (rand() < 0.5 ? 1 : 8));
        });
      const current = rand() < 0.7 ? names[Math.floor(rand() * 4)] : undefined;
      const ranked = rankBackends(timings, current);
      const measured = timings.filter((t) => !t.failure && !t.atMost);
      const figures = measured.map((t) => t.imagesPerSecond as number);
      if (figures.length === 0) {
        expect(ranked).toEqual([]);
        continue;
      }
      const best = Math.max(...figures);
      const bestMs = Math.min(...measured.map((t) => t.msPerStep as number));
      expect(ranked.length).toBeGreaterThan(0);
      for (const b of ranked) {
        const t = timings.find((x) => x.backend === b);
        expect(t?.failure).toBeUndefined();
        expect(t?.atMost).toBeUndefined();
        expect(t?.imagesPerSecond as number).toBeGreaterThan((1 - SLOWER_LIMIT) * best);
        expect(t?.msPerStep as number).toBeLessThan(1.1 * bestMs * (1 + 1e-12));
      }
    }
  });
});

describe('describeMeasurement', () => {
  it('lists the figures fastest first, failures last, then the choice', () => {
    expect(
      describeMeasurement({
        timings: [ok('wasm', 1080.4), failed('webgl'), ok('webgpu', 2650)],
        chosen: 'webgpu',
      }),
    ).toBe('webgpu 2,650 img/s · wasm 1,080 img/s · webgl failed → webgpu');
    expect(describeMeasurement({ timings: [ok('wasm', 540), ok('webgl', 4.26)], chosen: 'wasm' })).toBe(
      'wasm 540 img/s · webgl 4.3 img/s → wasm',
    );
  });
  it('turns failures into notices', () => {
    const m = {
      key: 'k',
      timings: [failed('webgpu', 'device lost'), ok('wasm', 5)],
      chosen: 'wasm' as const,
      cached: false,
    };
    expect(measuredReason(m).notices).toEqual(['auto: webgpu — device lost']);
    expect(measuredReason({ ...m, cached: true }).reason).toContain('earlier');
  });
});
