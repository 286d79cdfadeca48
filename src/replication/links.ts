/**
 * Links that open exactly what a claim measured: one per run its measures used (C3: one per
 * learning rate; C4: one per head), each in the setting results.json stored for that run.
 */
import { defaultAppState, serializeUrl, type ViewState } from '../url/schema';
import { resolveRuns } from './measures';
import type { Claim, ClaimResult, RunSpec, Setting } from './types';

type LabState = ViewState<'lab'>;

export interface ClaimLink {
  /** "?view=lab&…" */
  href: string;
  text: string;
  /** What the link cannot carry and the claim used (Features: widths, optimizer, steps). */
  note?: string;
  /** The claim's run it opens, and the measures computed from that run. */
  run: string;
  measures: string[];
}

/** A Setting in the Lab's URL terms (a recurrent setting opens the Lab's recurrent family). */
export function labPatch(setting: Setting): Partial<LabState> {
  const family: Partial<LabState> = setting.recurrent
    ? { family: 'recurrent', cell: setting.recurrent.cell, hiddenUnits: setting.recurrent.hiddenUnits }
    : { family: 'conv' };
  return {
    ...family,
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

/** The run spec behind a run id (C1's "chosen": the search's winning candidate, else its first). */
export function runSpec(claim: Claim, runId: string, result?: ClaimResult): RunSpec | undefined {
  const own = resolveRuns(claim)[runId];
  if (own) return own;
  const chosen = result?.search?.chosen;
  const candidates = claim.search?.candidates ?? [];
  if (claim.search?.as === runId) return candidates.find((c) => c.id === chosen) ?? candidates[0];
  return undefined;
}

/** The setting a run used: as results.json stored it, else as the claim declares it. */
export function runSetting(claim: Claim, runId: string, result?: ClaimResult): Setting | undefined {
  return result?.settings[runId] ?? runSpec(claim, runId, result)?.setting;
}

const HEAD_NAME: Record<Setting['head'], string> = {
  softmax: 'softmax',
  'wn-softmax': 'weight-normalized softmax',
  'ga-softmax': 'GA-Softmax',
};

/** What tells one run's setting from its siblings' ("lr 0.3", "GA-Softmax m = 2"). */
function runName(setting: Setting, siblings: Setting[]): string {
  const differs = (key: keyof Setting) => siblings.some((s) => s[key] !== setting[key]);
  const parts: string[] = [];
  if (differs('head') || differs('m'))
    parts.push(setting.head === 'ga-softmax' ? `GA-Softmax m = ${setting.m}` : HEAD_NAME[setting.head]);
  if (differs('optimizer')) parts.push(setting.optimizer === 'adam' ? 'Adam' : 'momentum SGD');
  if (differs('learningRate')) parts.push(`lr ${setting.learningRate}`);
  if (differs('operator')) parts.push(setting.operator);
  if (differs('k')) parts.push(`k = ${setting.k}`);
  if (differs('norm')) parts.push(setting.norm === 'bn' ? 'with BN' : 'without BN');
  if (differs('batchSize')) parts.push(`batch ${setting.batchSize}`);
  return parts.join(', ');
}

/** Every link of a claim, in the order its measures name their runs. */
export function claimLinks(claim: Claim, result?: ClaimResult): ClaimLink[] {
  const link = claim.link;
  const seed = (result?.seeds ?? claim.seeds)[0];
  if (link.view === 'fourier') {
    const state = defaultAppState();
    state.view = 'fourier';
    return [
      {
        href: serializeUrl(state),
        text: 'Open in Fourier',
        run: '',
        measures: claim.measures.map((m) => m.id),
      },
    ];
  }
  const runIds = [...new Set(claim.measures.map((m) => m.run))];
  const settings = runIds.map((id) => runSetting(claim, id, result)!);
  return runIds.map((runId, i) => {
    const setting = settings[i];
    const state = defaultAppState();
    state.view = link.view;
    const name = runIds.length > 1 ? runName(setting, settings) : '';
    let text: string;
    let note: string | undefined;
    if (link.view === 'lab') {
      const preset = (runId === link.run && link.preset ? link.preset : 'custom') as LabState['preset'];
      state.states.lab = { ...state.states.lab, ...labPatch(setting), preset, seed };
      text = name ? `Open ${name} in the Lab` : 'Open this setting in the Lab';
      // A pair run with more arms (C3's CNN + BN): the Lab trains the pair only, so say what is left out.
      const models = runSpec(claim, runId, result)?.models ?? [];
      const ids = models.map((m) => m.id);
      const extra = models.filter((m) => m.id !== 'baseline' && m.id !== 'sphere');
      if (ids.includes('baseline') && ids.includes('sphere') && extra.length)
        note = `The Lab trains the SphereNet and the baseline; the claim’s ${extra.map((m) => m.label).join(', ')} arm is not in it.`;
    } else {
      const { operator, k, head, m } = setting;
      // recipe=claim: the view trains the claim's own nets and schedule (features/claimRecipe.ts).
      state.states.features = { ...state.states.features, operator, k, head, m, seed, recipe: 'claim' };
      const steps = runSpec(claim, runId, result)?.steps;
      text = `Open ${name || 'this setting'} in Features`;
      note =
        `Opens the claim’s own recipe, trained live in your browser: convs ${setting.width}/${2 * setting.width}, ` +
        `${setting.optimizer === 'adam' ? 'Adam' : 'SGD'} ${setting.learningRate}, ${steps} steps.`;
    }
    const measures = claim.measures.filter((m) => m.run === runId).map((m) => m.id);
    return { href: serializeUrl(state), text, note, run: runId, measures };
  });
}
