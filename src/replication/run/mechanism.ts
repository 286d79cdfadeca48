/**
 * C3's mechanism, measured on a trained net (issue 25): the share of dead ReLU filters, the final
 * kernel norms ‖w‖ and the effective step lr/‖w‖². Why these: no C3 run ever produced NaN — a
 * collapsed baseline is dead ReLUs — and a SphereConv's output does not change when w is scaled,
 * so a step of nominal rate lr turns its filters by ≈ lr/‖w‖² (src/inside/factors.ts
 * effectiveStep): kernels that grow make the SphereNet's real step far smaller than lr.
 * The per-layer figures come from the Inside view's own inspection (src/inside/inspect.ts), so
 * the replication and the view cannot define them differently.
 */
import type { TrainData } from '../../engine/train/trainer';
import { inspectModel } from '../../inside/inspect';
import * as tf from '../../tfjs';
import type { Mechanism } from '../types';

/** Test digits the dead-filter share is taken over (a filter is dead when 0 on all of them). */
export const MECHANISM_DIGITS = 500;

/** What the pooled figures need from each conv layer. */
export interface LayerMechanism {
  /** ‖w‖ per filter. */
  kernelNorms: ArrayLike<number>;
  /** Share of the layer's filters whose ReLU output is 0 everywhere on the digits. */
  deadFilterFraction: number;
}

const round = (x: number, digits: number) => Number(x.toPrecision(digits));

/**
 * Pooled over every filter of every conv layer: dead filters / filters, the RMS kernel norm
 * sqrt(mean ‖w‖²), and lr / mean ‖w‖² (the effective step of effectiveStep over all filters: the
 * RMS, not the mean norm, because the step goes as 1/‖w‖²).
 */
export function pooledMechanism(layers: readonly LayerMechanism[], learningRate: number): Mechanism {
  let filters = 0;
  let dead = 0;
  let squares = 0;
  for (const l of layers) {
    const n = l.kernelNorms.length;
    filters += n;
    dead += l.deadFilterFraction * n;
    for (let i = 0; i < n; i++) squares += l.kernelNorms[i] ** 2;
  }
  if (filters === 0) throw new Error('pooledMechanism: the net has no conv filters.');
  const meanSquare = squares / filters;
  return {
    learningRate,
    // Rounded: dead counts are whole filters; 6 significant digits keep a matched rate exact enough.
    deadReluShare: round(dead / filters, 6),
    kernelNorm: round(Math.sqrt(meanSquare), 6),
    effectiveStep: round(learningRate / meanSquare, 6),
  };
}

/** The mechanism of one trained model (the Lab's family of nets), on the first test digits. */
export async function measureMechanism(
  model: tf.LayersModel,
  arch: 'sphere' | 'baseline',
  data: TrainData,
  learningRate: number,
): Promise<Mechanism> {
  const [h, w, c] = data.summary.inputShape;
  const n = Math.min(MECHANISM_DIGITS, data.summary.testCount);
  const { x } = data.batch(
    'test',
    Array.from({ length: n }, (_, i) => i),
  );
  const batch = tf.tensor4d(x, [n, h, w, c]);
  const first = tf.tidy(() => tf.slice(batch, [0, 0, 0, 0], [1, h, w, c]));
  try {
    const inspected = await inspectModel(model, first, batch, { id: arch, arch, learningRate });
    return pooledMechanism(
      inspected.layers.map((l) => ({
        kernelNorms: l.kernelNorms,
        deadFilterFraction: l.stats.deadFilterFraction,
      })),
      learningRate,
    );
  } finally {
    tf.dispose([batch, first]);
  }
}
