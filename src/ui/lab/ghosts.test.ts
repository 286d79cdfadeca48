import { describe, expect, it } from 'vitest';
import { defaultAppState } from '../../url/schema';
import {
  GHOST_POINTS,
  ghostDash,
  ghostLabel,
  MAX_GHOSTS,
  MIN_GHOST_STEPS,
  makeGhost,
  pushGhost,
  relabel,
  thinTo,
} from './ghosts';
import type { ModelSeries } from './trainingStore';

const lab = (patch = {}) => ({ ...defaultAppState().states.lab, ...patch });
const styles = [
  { id: 'sphere', label: 'SphereNet', color: '#f00' },
  { id: 'baseline', label: 'Baseline CNN', color: '#00f' },
];

/** A model's series with `n` loss points (loss 1/step) and an accuracy point every 50 steps. */
function series(id: string, n: number): ModelSeries {
  const losses = Array.from({ length: n }, (_, i) => ({
    step: i + 1,
    wallMs: 10 * (i + 1),
    loss: 2 / (i + 1),
    smoothed: 1 / (i + 1),
  }));
  const accuracy = losses.filter((p) => p.step % 50 === 0).map((p) => ({ ...p, value: p.step / n }));
  return { id, losses, accuracy, kHistory: [], imagesPerSecond: 100 };
}

describe('ghost labels say what the earlier run had that the new one changed', () => {
  it('k and operator', () => {
    expect(ghostLabel(lab({ k: 0.3 }), lab({ k: 0.5 }))).toBe('k 0.3');
    expect(ghostLabel(lab({ k: 0.3, operator: 'cosine' }), lab({ k: 0.5, operator: 'sigmoid' }))).toBe(
      'cosine, k 0.3',
    );
  });
  it('norm, width, batch, optimizer; a preset with its own models; nothing changed', () => {
    expect(ghostLabel(lab({ norm: 'bn', width: 8 }), lab({ norm: 'none', width: 16 }))).toBe('BN, width 8');
    expect(ghostLabel(lab({ batchSize: '4', optimizer: 'sgd' }), lab())).toBe('SGD, batch 4');
    expect(ghostLabel(lab({ preset: 'shootout' }), lab())).toBe('shoot-out preset');
    expect(ghostLabel(lab({ preset: 'custom' }), lab({ preset: 'convergence' }))).toBe('same settings');
    // The learning rate applies live: it never makes a ghost of its own.
    expect(ghostLabel(lab({ learningRate: 0.1 }), lab())).toBe('same settings');
  });
});

describe('the ghost store', () => {
  it('a long run becomes thin curves: at most GHOST_POINTS, first and last kept, smoothed loss', () => {
    const run = { sphere: series('sphere', 5000), baseline: series('baseline', 5000) };
    const ghost = makeGhost(1, lab({ k: 0.3 }), lab({ k: 0.5 }), run, styles)!;
    expect(ghost.label).toBe('k 0.3');
    expect(ghost.curves.map((c) => c.label)).toEqual(['SphereNet', 'Baseline CNN']);
    for (const c of ghost.curves) {
      expect(c.losses.length).toBe(GHOST_POINTS);
      expect(c.losses[0]).toEqual({ step: 1, wallMs: 10, value: 1 });
      expect(c.losses[c.losses.length - 1].step).toBe(5000);
      expect(c.losses.every((p, i) => i === 0 || p.step > c.losses[i - 1].step)).toBe(true);
      expect(c.accuracy.length).toBe(100); // 5000 / 50 evaluations: under the cap, all kept
    }
  });

  it('a run shorter than MIN_GHOST_STEPS leaves no ghost (a slider drag is many empty runs)', () => {
    expect(makeGhost(1, lab(), lab(), {}, styles)).toBeUndefined();
    const short = series('sphere', MIN_GHOST_STEPS - 1);
    // What the worker sends after a restart: a step-0 accuracy and no training yet.
    const untrained = { ...series('baseline', 0), accuracy: [{ step: 0, wallMs: 0, value: 0.1 }] };
    expect(makeGhost(1, lab(), lab(), { sphere: short, baseline: untrained }, styles)).toBeUndefined();
    expect(pushGhost([], undefined)).toEqual([]);
    const one = makeGhost(2, lab(), lab(), { sphere: series('sphere', MIN_GHOST_STEPS) }, styles)!;
    expect(one.curves.map((c) => c.id)).toEqual(['sphere']);
  });

  it(`keeps the newest ${MAX_GHOSTS} runs, newest first`, () => {
    let ghosts = pushGhost([], undefined);
    for (let key = 1; key <= MAX_GHOSTS + 2; key++)
      ghosts = pushGhost(
        ghosts,
        makeGhost(key, lab({ k: key / 10 }), lab({ k: 1 }), { sphere: series('sphere', 10) }, styles),
      );
    expect(ghosts.map((g) => g.key)).toEqual([5, 4, 3]);
    expect(ghosts.map((g) => g.label)).toEqual(['k 0.5', 'k 0.4', 'k 0.3']);
    // The runs on the charts are told apart by dash pattern: no two share one.
    expect(new Set(ghosts.map(ghostDash)).size).toBe(MAX_GHOSTS);
  });

  it('labels follow the run on screen: a ghost says everything it differs in, now', () => {
    const run = { sphere: series('sphere', 10) };
    const first = makeGhost(1, lab({ k: 0.3, operator: 'cosine' }), lab({ k: 0.3 }), run, styles);
    const second = makeGhost(2, lab({ k: 0.3 }), lab({ k: 0.5 }), run, styles);
    const ghosts = pushGhost(pushGhost([], first), second);
    expect(ghosts.map((g) => g.label)).toEqual(['k 0.3', 'cosine']);
    expect(relabel(ghosts, lab({ k: 0.5 })).map((g) => g.label)).toEqual(['k 0.3', 'cosine, k 0.3']);
  });

  it('thinTo strides evenly and never returns more than asked', () => {
    const xs = Array.from({ length: 1001 }, (_, i) => i);
    expect(thinTo(xs, 11)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(thinTo([1, 2, 3], 5)).toEqual([1, 2, 3]);
  });
});
