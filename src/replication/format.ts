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
};

function signed(x: number, digits: number): string {
  const text = x.toFixed(digits);
  return x > 0 && Number(text) !== 0 ? `+${text}` : text.replace(/^-(0\.?0*)$/, '$1');
}

/** "+12.3 ± 4.5 pp (5 seeds, 5/5 the paper's way)"; a seed without a number is said so. */
export function formatMeasure(m: MeasureResult, unit: Measure['unit']): string {
  const u = UNIT[unit];
  const missing = m.effects.length - m.n;
  const seeds = `${m.effects.length} seed${m.effects.length === 1 ? '' : 's'}`;
  const way = m.verdict === 'diagnostic' ? '' : `, ${m.positive}/${m.effects.length} the paper’s way`;
  const gaps = missing > 0 ? `, ${missing} without a number` : '';
  if (m.n === 0) return `no number (${seeds}${gaps})`;
  return `${signed(m.mean, u.digits)} ± ${m.sd.toFixed(u.digits)}${u.suffix} (${seeds}${way}${gaps})`;
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
): { label: string; verdict: MeasureResult['verdict'] | typeof NOT_MEASURED; numbers: string }[] {
  return claim.measures.map((measure) => {
    const m = result?.measures.find((r) => r.id === measure.id);
    return m
      ? { label: measure.label, verdict: m.verdict, numbers: formatMeasure(m, measure.unit) }
      : { label: measure.label, verdict: NOT_MEASURED, numbers: NOT_MEASURED };
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
  return `${description} Measured (claim ${claim.id}, ${main.label}): ${main.verdict} — ${main.numbers}.${weak}`;
}
