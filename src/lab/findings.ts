/**
 * The line under the Lab's charts: what the replication suite (results.json) found for the setting
 * on screen, so a curve that favours the CNN at this scale is read against the measured verdict.
 */
import { CLAIMS, findClaim } from '../replication/claims';
import { measureLines } from '../replication/format';
import { labPatch, runSetting, runSpec } from '../replication/links';
import type { Claim, ClaimResult, ResultsFile, RunSpec } from '../replication/types';
import type { LabState } from './runConfig';

/** At or under this final accuracy (10 classes) a model counts as collapsed to chance. */
const CHANCE = 0.11;

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function sameSetting(lab: LabState, patch: Partial<LabState>): boolean {
  return Object.entries(patch).every(([key, value]) => lab[key as keyof LabState] === value);
}

/** The claim run of the setting on screen: the preset's own run, else a pair run with equal settings. */
function matchRun(lab: LabState, results: ResultsFile): { claim: Claim; runId: string } | undefined {
  const backing = CLAIMS.find((c) => c.preset === lab.preset);
  // A preset's claim run; a recurrent preset only while the Lab shows the recurrent family.
  const backed = backing?.link.view === 'lab' ? backing.link.run : undefined;
  if (backing && backed && !!runSetting(backing, backed)?.recurrent === (lab.family === 'recurrent'))
    return { claim: backing, runId: backed };
  if (lab.preset === 'shootout' || lab.preset === 'spherenorm-b4') return undefined; // their own model sets
  for (const claim of CLAIMS) {
    if (claim.link.view !== 'lab') continue;
    const result = results.claims[claim.id];
    for (const runId of new Set(claim.measures.map((m) => m.run))) {
      const setting = runSetting(claim, runId, result);
      // The Lab trains a baseline and a SphereNet: a run with both (C3 adds a CNN + BN) is that pair.
      const models = runSpec(claim, runId, result)?.models.map((m) => m.id) ?? [];
      const isPair = models.includes('baseline') && models.includes('sphere');
      // labPatch carries the family (and the cell, units): a recurrent Lab matches recurrent runs only.
      if (setting && isPair && sameSetting(lab, labPatch(setting))) return { claim, runId };
    }
  }
  return undefined;
}

function modelAccuracies(run: RunSpec, result: ClaimResult): string {
  const parts = run.models.map((model) => {
    const finals = result.outcomes
      .map((o) => o.runs[run.id]?.[model.id])
      .filter((m) => m !== undefined)
      .map((m) => (m.divergedAt === null ? m.finalAccuracy : 0.1));
    if (finals.length === 0) return '';
    const collapsed = finals.filter((a) => a <= CHANCE).length;
    const note = collapsed > 0 ? ` (at chance on ${collapsed} of ${finals.length} seeds)` : '';
    return `${model.label} ${pct(mean(finals))}${note}`;
  });
  return parts.filter(Boolean).join(', ');
}

function measuredLines(claim: Claim, result: ClaimResult, runId: string): string {
  return measureLines(claim, result)
    .filter((line, i) => claim.measures[i].run === runId && line.verdict !== 'diagnostic')
    .map((line) => `${line.label}: ${line.badge} — ${line.numbers}`)
    .join('; ');
}

/** The verdict of a run's measures in plain words, before the numbers that back it. */
function verdictHeadline(claim: Claim, result: ClaimResult, runId: string): string {
  const ids = new Set(claim.measures.filter((m) => m.run === runId).map((m) => m.id));
  const verdicts = result.measures
    .filter((m) => ids.has(m.id) && m.verdict !== 'diagnostic')
    .map((m) => m.verdict);
  const claimed = `“${claim.title}”`;
  if (verdicts.length === 0) return `The replication has no verdict on ${claimed}`;
  if (verdicts.every((v) => v === 'reproduced')) return `The replication reproduces ${claimed}`;
  if (verdicts.includes('against the paper'))
    return `At this scale the replication measured against ${claimed}`;
  if (verdicts.includes('reproduced')) return `The replication partly reproduces ${claimed}`;
  if (verdicts.every((v) => v === 'no effect larger than the margin'))
    return `At this scale the replication finds no effect larger than its margin for ${claimed}`;
  return `At this scale the replication does not show ${claimed}`;
}

function runFinding(claim: Claim, runId: string, result: ClaimResult): string {
  const run = runSpec(claim, runId, result)!;
  const head = `${verdictHeadline(claim, result, runId)} for this setting (claim ${claim.id}, ${result.seeds.length} seeds, ${run.steps} steps)`;
  // Runs that stop once both nets reach the target have no comparable final accuracy.
  const accuracies = run.stopWhenReached ? '' : ` — final test accuracy ${modelAccuracies(run, result)}`;
  return `${head}${accuracies}. ${measuredLines(claim, result, runId)}.`;
}

/** The default Lab is one cell of C1's grid search: its score, then C1's verdict on 5 fresh seeds. */
function searchFinding(lab: LabState, claim: Claim, result: ClaimResult): string | undefined {
  const search = result.search;
  const cell = claim.search?.candidates.find((c) => sameSetting(lab, labPatch(c.setting)));
  if (!search || !cell || search.scores[cell.id] === undefined) return undefined;
  const saved = search.scores[cell.id];
  const target = cell.targets ? pct(cell.targets.accuracy) : 'the target';
  const speed =
    saved >= 0
      ? `the SphereNet reached ${target} test accuracy ${saved} steps sooner than the CNN`
      : `the SphereNet reached ${target} test accuracy ${-saved} steps later than the CNN`;
  const best = claim.search!.as;
  return (
    `${verdictHeadline(claim, result, best)} (claim ${claim.id}). In its grid search this setting ` +
    `(seeds ${search.seeds.join(', ')}) ${speed}; at the most favourable setting, on ${result.seeds.length} fresh seeds: ` +
    `${measuredLines(claim, result, best)}.`
  );
}

/** A recurrent setting no claim run matches: name the recurrent claim's settings, not a conv claim. */
function recurrentFinding(results: ResultsFile): string {
  const claim = CLAIMS.find((c) => c.runs.some((r) => r.setting.recurrent));
  const result = claim && results.claims[claim.id];
  const what = 'these curves are one run on one seed, not a replicated result.';
  if (!claim || !result) return `No replication claim measures recurrent nets yet: ${what}`;
  const cells = [...new Set(claim.runs.map((r) => r.setting.recurrent?.cell))].join(', ');
  return (
    `No replication claim measured this recurrent setting: ${what} Claim ${claim.id} measures the ` +
    `${cells} cell at ${claim.runs.map((r) => `${r.setting.optimizer === 'adam' ? 'Adam' : 'SGD'} ${r.setting.learningRate}`).join(', ')}.`
  );
}

/** One sentence from results.json about the Lab state on screen; never empty. */
export function labFinding(lab: LabState, results: ResultsFile): string {
  const match = matchRun(lab, results);
  const matched = match && results.claims[match.claim.id];
  if (match && matched) return runFinding(match.claim, match.runId, matched);
  if (match) return `Claim ${match.claim.id} measures this setting; it is not measured yet.`;
  // A conv claim says nothing about a recurrent net: naming C1 as "nearest" would mislead.
  if (lab.family === 'recurrent') return recurrentFinding(results);
  const c1 = findClaim('C1');
  const c1Result = c1 && results.claims[c1.id];
  if (!c1 || !c1Result) return 'No replication result covers this setting yet.';
  const inSearch = searchFinding(lab, c1, c1Result);
  if (inSearch) return inSearch;
  const best = c1.search?.as ?? c1.link.view;
  const nearest = verdictHeadline(c1, c1Result, best);
  return (
    `No replication claim measured this exact setting. The nearest is claim ${c1.id}: ` +
    `${nearest[0].toLowerCase()}${nearest.slice(1)} at its most favourable setting ` +
    `(${c1Result.seeds.length} seeds): ${measuredLines(c1, c1Result, best)}.`
  );
}
