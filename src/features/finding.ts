/**
 * What the replication found about the Features view's question (claim C4: are a SphereNet's 2-D
 * features more compact, with a larger angular margin, than a plain CNN's?), in plain words with
 * the stored numbers. Built from results.json and the claim's own spec only, through the
 * replication's formatting code, so the view cannot drift from the measurements; finding.test.ts
 * recomputes each number from the file.
 */
import { CLAIMS } from '../replication/claims';
import { formatMeasure, NOT_MEASURED, verdictText } from '../replication/format';
import type { Measure, MeasureResult, ResultsFile, Setting } from '../replication/types';
import type { FeatureSettings } from './runs';

export const FEATURE_CLAIM = 'C4';

/** The loss in words, as the view's controls name it. */
export function lossWords(s: Pick<FeatureSettings, 'head' | 'm'>): string {
  if (s.head === 'ga-softmax') return `GA-Softmax m = ${s.m}`;
  return s.head === 'wn-softmax' ? 'weight-normalized softmax' : 'softmax';
}

/** A setting as a sentence part: "the cosine operator, softmax, seed 5" (never a file key). */
export function settingWords(s: FeatureSettings): string {
  const operator =
    s.operator === 'sigmoid'
      ? `the sigmoid operator (k = ${s.k})`
      : `the ${s.operator === 'learnable-sigmoid' ? 'learnable sigmoid' : s.operator} operator`;
  return `${operator}, ${lossWords(s)}, seed ${s.seed}`;
}

/** C4's run of a loss: 'softmax', 'ga-m1' … 'ga-m4'; none for a loss the claim did not train. */
export function claimRunOf(s: Pick<FeatureSettings, 'head' | 'm'>): string | undefined {
  if (s.head === 'softmax') return 'softmax';
  return s.head === 'ga-softmax' ? `ga-m${s.m}` : undefined;
}

export interface FindingLine {
  measureId: string;
  verdict: MeasureResult['verdict'] | typeof NOT_MEASURED;
  /** The verdict badge's words (verdictText). */
  badge: string;
  /** What was found, in plain words, then the numbers: "The CNN's classes were the more compact …". */
  text: string;
}

export interface FeatureFinding {
  /** What the paper says (the claim's own text). */
  paper: string;
  /** One sentence: what showed under this loss, or why nothing is said. */
  summary: string;
  lines: FindingLine[];
  /** How the claim was measured: seeds, nets, steps (from the claim's stored setting). */
  scope?: string;
}

interface Wording {
  paperWay: string;
  otherWay: string;
  neither: string;
  noun: string;
}
const WHAT: Record<'angularSpread' | 'angularMargin', Wording> = {
  angularSpread: {
    paperWay: 'the SphereNet’s classes were the more compact',
    otherWay: 'the CNN’s classes were the more compact',
    neither: 'neither net’s classes were shown to be the more compact',
    noun: 'compactness',
  },
  angularMargin: {
    paperWay: 'the SphereNet had the larger margin between class sectors',
    otherWay: 'the CNN had the larger margin between class sectors',
    neither: 'neither net was shown to have the larger margin between class sectors',
    noun: 'margin',
  },
};

/** "the SphereNet's classes were the more compact", "neither net was shown to …", … */
function plainResult(measure: Measure, m: MeasureResult): string {
  const what = WHAT[measure.metric as keyof typeof WHAT];
  if (!what) return m.verdict;
  if (m.verdict === 'reproduced') return what.paperWay;
  if (m.verdict === 'against the paper') return what.otherWay;
  if (m.verdict === 'no effect larger than the margin')
    return `the two nets’ ${what.noun} differed by less than the equivalence margin`;
  return what.neither;
}

/** The effect's definition in words: "CNN's spread minus SphereNet's". */
function effectWords(measure: Measure): string {
  return measure.metric === 'angularSpread'
    ? 'the CNN’s mean per-class angular spread minus the SphereNet’s'
    : 'the SphereNet’s minimum angular margin minus the CNN’s';
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "5 seeds of smaller nets (convs 8/16, the sigmoid operator k = 0.3, Adam 0.003, batch 32), 400 steps". */
/** How the run on screen relates to the claim's runs (the Features view can train C4's own recipe). */
function picturedWords(setting: Setting, seeds: number[], pictured: FeatureSettings): string {
  if (pictured.recipe !== 'claim') return ', not on the run pictured here.';
  const sameNet =
    pictured.operator === setting.operator && (setting.operator !== 'sigmoid' || pictured.k === setting.k);
  if (sameNet && seeds.includes(pictured.seed))
    return `; the run pictured here is its seed ${pictured.seed}, retrained in your browser.`;
  return '; the run pictured here trains these nets with another operator, k or seed.';
}

function scopeWords(
  setting: Setting,
  steps: number | undefined,
  seeds: number[],
  pictured: FeatureSettings,
): string {
  const operator = setting.operator === 'sigmoid' ? `sigmoid operator, k = ${setting.k}` : setting.operator;
  const optimizer = `${setting.optimizer === 'adam' ? 'Adam' : 'SGD'} ${setting.learningRate}`;
  const length = steps !== undefined ? `, ${steps.toLocaleString('en-US')} steps` : '';
  return (
    `Measured on ${seeds.length} seeds of smaller, briefly trained nets (convs ${setting.width}/${2 * setting.width}, ` +
    `${operator}, ${optimizer}, batch ${setting.batchSize}${length})${picturedWords(setting, seeds, pictured)}`
  );
}

/** C4's finding for the loss of these settings, from the stored results. */
export function featureFinding(results: ResultsFile, settings: FeatureSettings): FeatureFinding {
  const claim = CLAIMS.find((c) => c.id === FEATURE_CLAIM);
  if (!claim) throw new Error(`The replication defines no claim ${FEATURE_CLAIM}.`);
  const loss = lossWords(settings);
  const runId = claimRunOf(settings);
  const result = results.claims[FEATURE_CLAIM];
  const measures = claim.measures.filter((m) => m.run === runId);
  if (!runId || measures.length === 0)
    return {
      paper: claim.paper,
      summary: `The replication did not train the ${loss} loss for this claim; About lists what it measured for the others.`,
      lines: [],
    };
  if (!result) return { paper: claim.paper, summary: `Under ${loss}: ${NOT_MEASURED}.`, lines: [] };

  const lines: FindingLine[] = measures.map((measure) => {
    const m = result.measures.find((r) => r.id === measure.id);
    if (!m) return { measureId: measure.id, verdict: NOT_MEASURED, badge: NOT_MEASURED, text: NOT_MEASURED };
    return {
      measureId: measure.id,
      verdict: m.verdict,
      badge: verdictText(m, measure.unit),
      text: `${capital(plainResult(measure, m))}: ${effectWords(measure)} was ${formatMeasure(m, measure.unit)}.`,
    };
  });
  const said = measures.map((measure, i) => {
    const m = result.measures.find((r) => r.id === measure.id);
    const noun = WHAT[measure.metric as keyof typeof WHAT]?.noun ?? measure.label;
    return m ? `${plainResult(measure, m)} (${lines[i].badge})` : `${noun}: ${NOT_MEASURED}`;
  });
  const setting = result.settings[runId];
  const steps = claim.runs.find((r) => r.id === runId)?.steps;
  return {
    paper: claim.paper,
    summary: `Under ${loss}, ${said.join('; ')}.`,
    lines,
    scope: setting ? scopeWords(setting, steps, result.seeds, settings) : undefined,
  };
}
