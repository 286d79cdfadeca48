/**
 * Where each tour step leads: the full view in the exact state the step shows, written by the
 * one URL serializer (so a link always parses back without a notice).
 */
import { CLAIMS } from '../replication/claims';
import { labPatch } from '../replication/format';
import type { ResultsFile } from '../replication/types';
import { type AppUrlState, defaultAppState, serializeUrl, type ViewState } from '../url/schema';
import type { ViewId } from '../url/views';

function linkTo<V extends ViewId>(view: V, patch: Partial<ViewState<V>>): string {
  const state: AppUrlState = defaultAppState();
  state.view = view;
  state.states[view] = { ...state.states[view], ...patch };
  return serializeUrl(state);
}

/** The two built-in samples the phase step swaps, at the size and colour it computes. */
export const TOUR_FOURIER = {
  imageA: 'landscape',
  imageB: 'city',
  size: 128,
  colour: 'gray',
  mode: 'swap',
} as const;

export const fourierLink = () => linkTo('fourier', TOUR_FOURIER);

export function operatorsLink(v: { wAngle: number; wLength: number; xAngle: number; xLength: number }) {
  return linkTo('operators', v);
}

export const theoryLink = (c: number, seed: number) => linkTo('theory', { c, seed });

/** The Lab at one of C3's measured settings (as stored in results.json), with the claim's first seed. */
export function largeRateLink(results: ResultsFile, runId: string): string | undefined {
  const result = results.claims.C3;
  const claim = CLAIMS.find((c) => c.id === 'C3');
  const setting = result?.settings[runId] ?? claim?.runs.find((r) => r.id === runId)?.setting;
  if (!setting) return undefined;
  const seed = (result?.seeds ?? claim?.seeds ?? [1])[0];
  return linkTo('lab', { ...labPatch(setting), preset: 'custom', seed });
}

export const featuresLink = (s: Partial<ViewState<'features'>>) => linkTo('features', s);

export const aboutLink = () => linkTo('about', {});
