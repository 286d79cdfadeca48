/**
 * Earlier runs kept on the Lab's charts as faded "ghosts": changing a model control (k, operator,
 * width, …) restarts training, and the ghost keeps the run before it beside the new one, so moving k
 * reads as a comparison rather than a reset. Plain data, page-side only; the worker never sees it.
 */
import type { LabState } from '../../lab/runConfig';
import type { ModelSeries } from './trainingStore';

/** How many earlier runs stay on the charts (oldest dropped first); one dash pattern each. */
export const MAX_GHOSTS = 3;
/**
 * A run trained fewer steps leaves no ghost: dragging a slider restarts the run at every notch, and
 * those empty runs (a step-0 accuracy, no curve) must not push the run being compared off the charts.
 */
export const MIN_GHOST_STEPS = 5;
/** Points per ghost curve: a faded line needs its shape, not every step. */
export const GHOST_POINTS = 300;

/**
 * Each ghost's dash pattern, by key: the newest MAX_GHOSTS have consecutive keys, so they never share
 * one, and a ghost keeps its pattern as newer ones arrive. The list above the charts shows each.
 */
const GHOST_DASHES = ['6 4', '2 3', '10 3 2 3'];
export const ghostDash = (ghost: Ghost) => GHOST_DASHES[ghost.key % GHOST_DASHES.length];

export interface GhostPoint {
  step: number;
  wallMs: number;
  value: number;
}

/** One model's curves in an earlier run. */
export interface GhostCurve {
  id: string;
  label: string;
  color: string;
  /** Smoothed training loss (the raw curve is left out: too noisy to read faded). */
  losses: GhostPoint[];
  /** Test accuracy in [0, 1]. */
  accuracy: GhostPoint[];
}

export interface Ghost {
  /** Unique across a page's life: chart series keys and React keys. */
  key: number;
  /** The Lab settings the run trained with. */
  lab: LabState;
  /** What this run had that the run on screen does not, e.g. "k 0.3, cosine" (see relabel). */
  label: string;
  curves: GhostCurve[];
}

/** At most `max` points, evenly strided; the first and the last are always kept. */
export function thinTo<T>(points: T[], max: number): T[] {
  if (points.length <= max) return points;
  if (max < 2) return points.slice(-max);
  const stride = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * stride)]);
}

const PRESET_NAMES: Record<LabState['preset'], string> = {
  custom: 'custom',
  convergence: 'Convergence preset',
  'spherenorm-b4': 'SphereNorm preset',
  shootout: 'shoot-out preset',
  'learnable-k': 'Learnable k preset',
  'paper-recipe': 'Paper recipe preset',
  'large-lr': 'Large learning rate preset',
  'rnn-rows': 'Row-by-row GRU preset',
  'rnn-elman': 'Row-by-row Elman preset',
};

/** How each run-defining field reads in a ghost's label. */
const FIELD_TEXT: { [K in keyof LabState]?: (v: LabState[K]) => string } = {
  operator: (v) => (v === 'learnable-sigmoid' ? 'learnable sigmoid' : v),
  k: (v) => `k ${v}`,
  norm: (v) => (v === 'bn' ? 'BN' : 'no BN'),
  head: (v) => ({ softmax: 'softmax', 'wn-softmax': 'WN-softmax', 'ga-softmax': 'GA-Softmax' })[v],
  m: (v) => `m ${v}`,
  width: (v) => `width ${v}`,
  depth: (v) => `${v} conv${v === 1 ? '' : 's'}/stage`,
  family: (v) => (v === 'conv' ? 'conv nets' : 'recurrent nets'),
  cell: (v) => (v === 'gru' ? 'GRU' : 'Elman'),
  hiddenUnits: (v) => `${v} hidden units`,
  optimizer: (v) => (v === 'adam' ? 'Adam' : 'SGD'),
  batchSize: (v) => `batch ${v}`,
  seed: (v) => `seed ${v}`,
  dataset: (v) => (v === 'mnist' ? 'MNIST' : 'your files'),
  exactTiming: (v) => (v ? 'exact timing' : 'fast timing'),
};

/** The earlier run's values of the fields the new run changed: "k 0.3, cosine". */
export function ghostLabel(before: LabState, after: LabState): string {
  const parts: string[] = [];
  for (const [key, text] of Object.entries(FIELD_TEXT) as [keyof LabState, (v: unknown) => string][]) {
    if (before[key] !== after[key]) parts.push(text(before[key]));
  }
  // A preset's own model set (shoot-out, SphereNorm) is a difference of its own; "custom" says nothing.
  if (before.preset !== after.preset && before.preset !== 'custom') parts.push(PRESET_NAMES[before.preset]);
  return parts.length > 0 ? parts.join(', ') : 'same settings';
}

/** The run's curves as a ghost, or undefined when no model trained MIN_GHOST_STEPS steps. */
export function makeGhost(
  key: number,
  lab: LabState,
  current: LabState,
  series: Record<string, ModelSeries>,
  styles: { id: string; label: string; color: string }[],
): Ghost | undefined {
  const curves: GhostCurve[] = styles
    .filter((s) => (series[s.id]?.losses.at(-1)?.step ?? 0) >= MIN_GHOST_STEPS)
    .map((s) => ({
      ...s,
      losses: thinTo(
        series[s.id].losses.map((p) => ({ step: p.step, wallMs: p.wallMs, value: p.smoothed })),
        GHOST_POINTS,
      ),
      accuracy: thinTo(series[s.id].accuracy, GHOST_POINTS),
    }));
  return curves.length > 0 ? { key, lab, label: ghostLabel(lab, current), curves } : undefined;
}

/** The newest ghost first; beyond `max` the oldest goes. */
export function pushGhost(ghosts: Ghost[], ghost: Ghost | undefined, max = MAX_GHOSTS): Ghost[] {
  return ghost ? [ghost, ...ghosts].slice(0, max) : ghosts;
}

/** Labels against the run now on screen: after k then the operator moved, the first ghost differs in both. */
export function relabel(ghosts: Ghost[], current: LabState): Ghost[] {
  return ghosts.map((g) => ({ ...g, label: ghostLabel(g.lab, current) }));
}
