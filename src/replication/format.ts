/**
 * How results read, in one place: the About table, the Lab preset blurbs and the README table
 * all format measures and links with these functions, so they cannot disagree.
 */
import { CLAIMS } from './claims';
import { claimLinks } from './links';
import type { Claim, ClaimResult, Measure, MeasureResult, ResultsFile } from './types';

export const NOT_MEASURED = 'not measured yet';

const UNIT: Record<Measure['unit'], { digits: number; suffix: string }> = {
  pp: { digits: 1, suffix: ' pp' },
  steps: { digits: 0, suffix: ' steps' },
  deg: { digits: 1, suffix: '°' },
  share: { digits: 2, suffix: '' },
  norm: { digits: 1, suffix: '' },
  rate: { digits: 4, suffix: '' },
};

function signed(x: number, digits: number): string {
  const text = x.toFixed(digits);
  return x > 0 && Number(text) !== 0 ? `+${text}` : text.replace(/^-(0\.?0*)$/, '$1');
}

/** One seed's effect as the table writes it: "+0.49", "-1.3 pp". */
export function formatEffect(x: number, unit: Measure['unit']): string {
  return `${signed(x, UNIT[unit].digits)}${UNIT[unit].suffix}`;
}

/** "p = 0.012", "p < 0.001". */
export function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : `= ${p < 0.01 ? p.toFixed(3) : p.toPrecision(2)}`;
}

/**
 * "+12.3 pp, 95% CI +3.1 to +21.5, p = 0.02, Holm p = 0.04 (5 seeds, 5/5 the paper’s way)", and
 * for an inconclusive measure what this design could have detected; a seed without a number is
 * said so.
 */
export function formatMeasure(m: MeasureResult, unit: Measure['unit']): string {
  const u = UNIT[unit];
  const missing = m.effects.length - m.n;
  const seeds = `${m.effects.length} seed${m.effects.length === 1 ? '' : 's'}`;
  const way = m.verdict === 'diagnostic' ? '' : `, ${m.positive}/${m.effects.length} the paper’s way`;
  const gaps = missing > 0 ? `, ${missing} without a number` : '';
  if (m.n === 0) return `no number (${seeds}${gaps})`;
  const ci = m.interval
    ? `, 95% CI ${signed(m.interval[0], u.digits)} to ${signed(m.interval[1], u.digits)}`
    : '';
  const test = m.test === 'sign' ? 'sign test p' : 'p';
  const holm = m.pHolm !== null ? `, Holm p ${formatP(m.pHolm)}` : '';
  const p = m.p !== null ? `, ${test} ${formatP(m.p)}${holm}` : '';
  const detectable =
    m.verdict !== 'inconclusive'
      ? ''
      : m.test === 'sign' && m.seedsNeeded !== null
        ? `; a sign test at this level needs ≥ ${m.seedsNeeded} seeds all one way`
        : m.mde !== null
          ? `; smallest detectable effect ${m.mde.toFixed(u.digits)}${u.suffix}`
          : '';
  return `${signed(m.mean, u.digits)}${u.suffix}${ci}${p} (${seeds}${way}${gaps})${detectable}`;
}

/** The verdict as its badge reads: "no effect larger than ±0.16 pp" names the measure's margin. */
export function verdictText(m: MeasureResult, unit: Measure['unit']): string {
  if (m.verdict !== 'no effect larger than the margin' || m.margin === null) return m.verdict;
  return `no effect larger than ±${m.margin}${UNIT[unit].suffix}`;
}

/** CSS-friendly badge class of a verdict. */
export function verdictClass(verdict: MeasureResult['verdict'] | typeof NOT_MEASURED): string {
  return verdict.replace(/[^a-z]+/g, '-');
}

export { labPatch } from './links';

/** The query string ("?view=lab&…") of a claim's main link: its preset's run, else its first. */
export function claimLink(claim: Claim, result?: ClaimResult): string {
  const links = claimLinks(claim, result);
  const link = claim.link;
  const main = link.view === 'lab' ? links.find((l) => l.run === link.run) : undefined;
  return (main ?? links[0]).href;
}

/** One line per measure: verdict and numbers, or "not measured yet". */
export function measureLines(
  claim: Claim,
  result?: ClaimResult,
): {
  label: string;
  verdict: MeasureResult['verdict'] | typeof NOT_MEASURED;
  /** The badge's words (verdictText). */
  badge: string;
  numbers: string;
}[] {
  return claim.measures.map((measure) => {
    const m = result?.measures.find((r) => r.id === measure.id);
    return m
      ? {
          label: measure.label,
          verdict: m.verdict,
          badge: verdictText(m, measure.unit),
          numbers: formatMeasure(m, measure.unit),
        }
      : { label: measure.label, verdict: NOT_MEASURED, badge: NOT_MEASURED, numbers: NOT_MEASURED };
  });
}

/** A preset's blurb: what it shows, then what the replication suite measured for it. */
export function presetBlurb(presetId: string, description: string, results: ResultsFile): string {
  const claim = CLAIMS.find((c) => c.preset === presetId);
  if (!claim) return description; // no claim measures it: its own words stand
  const result = results.claims[claim.id];
  if (!result) return `${description} Claim ${claim.id}: ${NOT_MEASURED}.`;
  // The measure of the preset's own run (C3: lr 1 of 0.1 / 0.3 / 1), else the first.
  const link = claim.link;
  const own = claim.measures.find((m) => link.view === 'lab' && m.run === link.run) ?? claim.measures[0];
  const main = measureLines(claim, result)[claim.measures.indexOf(own)];
  const measured = result.measures.find((m) => m.id === own.id)!;
  const holds = measured.positive / measured.effects.length >= 0.8;
  const weak = holds
    ? ''
    : ` The effect goes the paper’s way on only ${measured.positive} of ${measured.effects.length} seeds.`;
  return `${description} Measured (claim ${claim.id}, ${main.label}): ${main.badge} — ${main.numbers}.${weak}`;
}
