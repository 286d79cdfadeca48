/**
 * The rule that turns per-seed effects into a verdict (issue 12). An effect is signed so that a
 * positive number goes the paper's way. Pure: the unit tests and the results check recompute it.
 */

export type Verdict = 'reproduced' | 'against the paper' | 'not shown at this scale';

/** Share of seeds that must agree in sign ("4 of 5 seeds", generalized). */
export const AGREEING_SHARE = 0.8;
/** The mean must exceed this many standard errors (sd / √n). */
export const STANDARD_ERRORS = 2;

export interface EffectStats {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); 0 for one seed. */
  sd: number;
  /** Seeds whose effect goes the paper's way (> 0) and the other way (< 0). */
  positive: number;
  negative: number;
}

export function effectStats(effects: readonly number[]): EffectStats {
  const n = effects.length;
  const mean = n ? effects.reduce((a, b) => a + b, 0) / n : Number.NaN;
  const sd = n > 1 ? Math.sqrt(effects.reduce((a, e) => a + (e - mean) ** 2, 0) / (n - 1)) : 0;
  return {
    n,
    mean,
    sd,
    positive: effects.filter((e) => e > 0).length,
    negative: effects.filter((e) => e < 0).length,
  };
}

/**
 * `reproduced` when ≥ 80% of seeds go the paper's way and the mean exceeds 2 standard errors;
 * `against the paper` when the same holds the other way; otherwise `not shown at this scale`.
 * Fewer than two seeds, or a non-finite effect, never decide anything.
 */
export function verdict(effects: readonly number[]): Verdict {
  if (effects.length < 2 || effects.some((e) => !Number.isFinite(e))) return 'not shown at this scale';
  const s = effectStats(effects);
  const needed = Math.ceil(AGREEING_SHARE * s.n - 1e-9);
  const margin = (STANDARD_ERRORS * s.sd) / Math.sqrt(s.n);
  if (s.positive >= needed && s.mean > margin) return 'reproduced';
  if (s.negative >= needed && -s.mean > margin) return 'against the paper';
  return 'not shown at this scale';
}
