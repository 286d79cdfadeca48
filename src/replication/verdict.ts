/**
 * The rule that turns per-seed effects into a verdict (issue 25; was "mean beyond 2 standard
 * errors", too lenient for 5 seeds). An effect is signed so that a positive number goes the
 * paper's way. Pure: the unit tests and the results check recompute every verdict with it.
 *
 * The family for the multiplicity correction is one claim's measures (diagnostics excluded):
 * each claim is a separate question, and its measures are the ways it could come out.
 */
import { holm, signTestP, signTestSeedsNeeded, tQuantile, tTestP } from './stats';

export type Verdict =
  | 'reproduced'
  | 'against the paper'
  | 'no effect larger than the margin'
  | 'inconclusive';

/** Family-wise error rate of a claim's measures. */
export const ALPHA = 0.05;
/** Share of seeds that must agree in sign ("4 of 5 seeds", generalized). */
export const AGREEING_SHARE = 0.8;
/** Power at which the smallest detectable effect is quoted. */
export const POWER = 0.8;

/** The rule in two sentences (the README and About both show this text; **…** is bold). */
export const RULE =
  'Per measure: the mean effect over seeds with its 95% t interval and two-sided p-value (a t test; an exact sign test where the effect is bimodal or censored), Holm-corrected within the claim (the family is one claim’s measures, diagnostics excluded). ' +
  '**Reproduced** / **against the paper** when the Holm-corrected p < 0.05 (for a t test: the corrected interval excludes 0) and ≥ 80% of seeds go that way; **no effect larger than ±X** when the corrected t interval lies inside the equivalence margin ±X set per measure (TOST); otherwise **inconclusive**, with the smallest effect this design (its seeds, their sd, the Holm level) would detect with 80% power.';

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

export type TestKind = 't' | 'sign';

export interface VerdictInput {
  effects: readonly number[];
  /** False when some seed has no number: such a measure never decides anything. */
  complete?: boolean;
  test?: TestKind;
  /** Equivalence margin in the measure's unit (none: no "no effect larger than" verdict). */
  margin?: number;
}

export interface VerdictStats {
  test: TestKind;
  /** 95% t interval of the mean effect (null below 2 seeds). */
  interval: [number, number] | null;
  /** Two-sided p-value of the measure's test, and Holm-adjusted within the claim. */
  p: number | null;
  pHolm: number | null;
  /** This measure's Holm level α / (m − rank + 1), and the t interval at confidence 1 − level. */
  level: number;
  holmInterval: [number, number] | null;
  margin: number | null;
  /** t test: smallest true effect found with 80% power at `level` (from the seed sd and n). */
  mde: number | null;
  /** Sign test: fewest seeds, all one way, that could reach p < level. */
  seedsNeeded: number | null;
  verdict: Verdict;
}

function tInterval(s: EffectStats, confidence: number): [number, number] | null {
  if (s.n < 2 || !Number.isFinite(s.mean)) return null;
  const half = (tQuantile(1 - (1 - confidence) / 2, s.n - 1) * s.sd) / Math.sqrt(s.n);
  return [s.mean - half, s.mean + half];
}

function testP(s: EffectStats, test: TestKind): number | null {
  if (s.n < 2 || !Number.isFinite(s.mean)) return null;
  if (test === 'sign') return signTestP(s.positive, s.negative);
  if (s.sd === 0) return s.mean === 0 ? 1 : 0;
  return tTestP(s.mean / (s.sd / Math.sqrt(s.n)), s.n - 1);
}

/**
 * Verdicts of one claim's measures (the Holm family), in input order. The corrected interval is
 * the t interval at confidence 1 − level, level being the measure's Holm step α / (m − rank + 1):
 * inside ±margin, both one-sided tests of TOST reject at level / 2 (conservative by design: one
 * interval answers both questions).
 */
export function familyVerdicts(inputs: readonly VerdictInput[]): VerdictStats[] {
  const stats = inputs.map((i) => effectStats(i.effects));
  const usable = inputs.map(
    (i, k) => i.complete !== false && i.effects.every(Number.isFinite) && stats[k].n >= 2,
  );
  const ps = inputs.map((i, k) => (usable[k] ? testP(stats[k], i.test ?? 't') : null));
  const { adjusted, rank } = holm(ps);
  const m = inputs.length;
  return inputs.map((input, k) => {
    const s = stats[k];
    const test = input.test ?? 't';
    const level = ALPHA / (m - rank[k] + 1);
    const holmInterval = usable[k] ? tInterval(s, 1 - level) : null;
    const agreeing = Math.ceil(AGREEING_SHARE * s.n - 1e-9);
    const margin = input.margin ?? null;
    const pHolm = adjusted[k];
    const significant = pHolm !== null && pHolm < ALPHA;
    let verdict: Verdict = 'inconclusive';
    if (significant && s.mean > 0 && s.positive >= agreeing) verdict = 'reproduced';
    else if (significant && s.mean < 0 && s.negative >= agreeing) verdict = 'against the paper';
    // Equivalence needs a t interval: a sign test says nothing about how large an effect is.
    else if (
      test === 't' &&
      margin !== null &&
      holmInterval &&
      -margin < holmInterval[0] &&
      holmInterval[1] < margin
    )
      verdict = 'no effect larger than the margin';
    const mde =
      test === 't' && usable[k]
        ? ((tQuantile(1 - level / 2, s.n - 1) + tQuantile(POWER, s.n - 1)) * s.sd) / Math.sqrt(s.n)
        : null;
    return {
      test,
      interval: usable[k] ? tInterval(s, 0.95) : null,
      p: ps[k],
      pHolm,
      level,
      holmInterval,
      margin,
      mde,
      seedsNeeded: test === 'sign' ? signTestSeedsNeeded(level) : null,
      verdict,
    };
  });
}

/** One measure judged alone (a family of one). */
export function verdict(effects: readonly number[], options: Omit<VerdictInput, 'effects'> = {}): Verdict {
  return familyVerdicts([{ effects, ...options }])[0].verdict;
}
