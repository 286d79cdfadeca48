/**
 * How results read, in one place: the About table, the Lab preset blurbs and the README table
 * all format measures and links with these functions, so they cannot disagree.
 */
import { defaultAppState, serializeUrl, type ViewState } from '../url/schema';
import { CLAIMS } from './claims';
import { resolveRuns } from './measures';
import type { Claim, ClaimResult, Measure, MeasureResult, ResultsFile, Setting } from './types';

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

type LabState = ViewState<'lab'>;

/** A Setting in the Lab's URL terms. */
export function labPatch(setting: Setting): Partial<LabState> {
  return {
    operator: setting.operator,
    k: setting.k,
    norm: setting.norm,
    head: setting.head,
    m: setting.m,
    width: setting.width,
    depth: setting.depth,
    optimizer: setting.optimizer,
    learningRate: setting.learningRate,
    batchSize: String(setting.batchSize) as LabState['batchSize'],
  };
}

/** The setting a claim's link opens: measured (C1: the search's winner) when there are results. */
export function claimSetting(claim: Claim, result?: ClaimResult): Setting | undefined {
  if (claim.link.view !== 'lab') return undefined;
  if (result?.settings[claim.link.run]) return result.settings[claim.link.run];
  return resolveRuns(claim)[claim.link.run]?.setting ?? claim.search?.candidates[0].setting;
}

/** The query string ("?view=lab&…") that opens a claim's exact setting, with its first seed. */
export function claimLink(claim: Claim, result?: ClaimResult): string {
  const state = defaultAppState();
  const seed = (result?.seeds ?? claim.seeds)[0];
  const link = claim.link;
  state.view = link.view;
  if (link.view === 'lab') {
    const preset = (link.preset ?? 'custom') as LabState['preset'];
    state.states.lab = { ...state.states.lab, ...labPatch(claimSetting(claim, result)!), preset, seed };
  } else if (link.view === 'features') {
    const { operator, head, m } = link;
    state.states.features = { ...state.states.features, operator, head, m, seed };
  }
  return serializeUrl(state);
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
  const lines = measureLines(claim, result).filter((l) => l.verdict !== 'diagnostic');
  const main = lines[0];
  const measured = result.measures.find((m) => m.id === claim.measures[0].id)!;
  const holds = measured.positive / measured.effects.length >= 0.8;
  const weak = holds
    ? ''
    : ` The effect goes the paper’s way on only ${measured.positive} of ${measured.effects.length} seeds.`;
  return `${description} Measured (claim ${claim.id}, ${main.label}): ${main.verdict} — ${main.numbers}.${weak}`;
}
