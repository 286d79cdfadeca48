/**
 * Every About link, parsed back with the app's own URL parser, against the run config that
 * results.json stored for the claim (not the setting the link was built from): a link opens exactly
 * the run its measures used, or this fails.
 */
import { describe, expect, it } from 'vitest';
import { claimFeatureRunConfig } from '../features/claimRecipe';
import { labModels } from '../lab/runConfig';
import { parseUrl } from '../url/schema';
import { CLAIMS, findClaim } from './claims';
import { claimLinks } from './links';
import { runConfig } from './run/trainRun';
import { SHIPPED } from './shipped';
import type { Claim, ClaimResult, RunSpec, Setting } from './types';

/** The run as the replication ran it: from the claim config stored in results.json. */
function storedRun(result: ClaimResult, runId: string): RunSpec {
  const ran = result.config as Claim;
  const own = ran.runs.find((r) => r.id === runId);
  if (own) return own;
  expect(ran.search?.as, `${result.id}: run ${runId} is neither a run nor the search's`).toBe(runId);
  return ran.search!.candidates.find((c) => c.id === result.search!.chosen)!;
}

function expectLabOpens(href: string, run: RunSpec, seed: number, where: string, note?: string): void {
  const parsed = parseUrl(href);
  expect(parsed.ignored, where).toEqual([]);
  expect(parsed.state.view, where).toBe('lab');
  const lab = parsed.state.states.lab;
  const s = run.setting;
  expect(
    {
      operator: lab.operator,
      k: lab.k,
      norm: lab.norm,
      head: lab.head,
      m: lab.m,
      width: lab.width,
      depth: lab.depth,
      optimizer: lab.optimizer,
      learningRate: lab.learningRate,
      batchSize: Number(lab.batchSize),
      seed: lab.seed,
      family: lab.family,
      ...(lab.family === 'recurrent' ? { cell: lab.cell, hiddenUnits: lab.hiddenUnits } : {}),
    },
    where,
  ).toEqual({ ...pick(s), seed, family: s.recurrent ? 'recurrent' : 'conv', ...s.recurrent });
  // The models the Lab trains for that URL include each of the run's, built the same way.
  const trained = new Map(labModels(lab).map((m) => [m.id, m.spec]));
  for (const model of run.models) {
    const spec = trained.get(model.id);
    // An arm the Lab cannot train (C3's CNN + BN) is named in the link's note instead.
    if (!spec && note?.includes(`${model.label} arm is not in it`)) continue;
    expect(spec, `${where}: the Lab does not train ${model.id}`).toBeDefined();
    if (s.recurrent) {
      // A recurrent run (C7) opens the Lab's recurrent pair: the same cell, units, operator and k.
      const rnn = { arch: model.arch, ...s.recurrent, operator: s.operator, k: s.k };
      expect(spec, `${where}: ${model.id}`).toEqual({ kind: 'recurrent', rnn });
      continue;
    }
    if (spec?.kind !== 'net') throw new Error(`${where}: ${model.id} is not a net`);
    expect(spec.net, `${where}: ${model.id}`).toMatchObject({
      arch: model.arch,
      operator: model.overrides?.operator ?? s.operator,
      norm: model.overrides?.norm ?? s.norm,
      head: s.head,
      m: s.m,
      widths: [s.width, 2 * s.width],
      depth: s.depth,
      ...(model.arch === 'sphere' ? { k: model.overrides?.k ?? s.k } : {}),
    });
  }
}

const pick = (s: Setting) => ({
  operator: s.operator,
  k: s.k,
  norm: s.norm,
  head: s.head,
  m: s.m,
  width: s.width,
  depth: s.depth,
  optimizer: s.optimizer,
  learningRate: s.learningRate,
  batchSize: s.batchSize,
});

describe('About’s links open exactly the run each measure used', () => {
  const measured = CLAIMS.filter((c) => SHIPPED.results.claims[c.id]);
  it('results.json has the claims whose links are checked', () => {
    expect(SHIPPED.error).toBeUndefined();
    expect(measured.map((c) => c.id)).toEqual(expect.arrayContaining(['C1', 'C2', 'C3', 'C4', 'C5']));
  });

  for (const claim of measured) {
    it(`${claim.id}: one link per run, each parsed back equal to results.json's run config`, () => {
      const result = SHIPPED.results.claims[claim.id];
      const links = claimLinks(claim, result);
      // Every measure is behind exactly one link, and a link per distinct run.
      expect(links.flatMap((l) => l.measures).sort()).toEqual(claim.measures.map((m) => m.id).sort());
      expect(links.length).toBe(new Set(claim.measures.map((m) => m.run)).size);
      expect(new Set(links.map((l) => l.href)).size, 'two runs share a link').toBe(links.length);
      for (const link of links) {
        const where = `${claim.id} ${link.run}: ${link.href}`;
        if (claim.link.view === 'fourier') {
          expect(parseUrl(link.href).state.view).toBe('fourier');
          continue;
        }
        const run = storedRun(result, link.run);
        if (claim.link.view === 'lab') expectLabOpens(link.href, run, result.seeds[0], where, link.note);
        else {
          const parsed = parseUrl(link.href);
          expect(parsed.ignored, where).toEqual([]);
          const f = parsed.state.states.features;
          const s = run.setting;
          expect({ operator: f.operator, k: f.k, head: f.head, m: f.m, seed: f.seed }, where).toEqual({
            operator: s.operator,
            k: s.k,
            head: s.head,
            m: s.m,
            seed: result.seeds[0],
          });
          // The claim's own recipe: the view trains exactly what the replication's runner trained.
          expect(f.recipe, where).toBe('claim');
          const opened = claimFeatureRunConfig({ ...f, recipe: f.recipe });
          expect(opened, where).toEqual({ ...runConfig(run, result.seeds[0]), evalEvery: 0, evalSize: 0 });
          expect(link.note, where).toContain(`${s.width}/${2 * s.width}`);
          expect(link.note, where).toContain(`${s.learningRate}, ${run.steps} steps`);
        }
      }
    });
  }

  it('C3 links each learning rate, C4 each head: the runs differ, so the links do', () => {
    const lrs = claimLinks(findClaim('C3')!, SHIPPED.results.claims.C3).map(
      (l) => parseUrl(l.href).state.states.lab.learningRate,
    );
    // One link per run the measures are computed from (the matched runs are only ever b's).
    expect(new Set(lrs).size).toBe(new Set(findClaim('C3')!.measures.map((m) => m.run)).size);
    const heads = claimLinks(findClaim('C4')!, SHIPPED.results.claims.C4).map((l) => {
      const f = parseUrl(l.href).state.states.features;
      return `${f.head} ${f.m}`;
    });
    expect(new Set(heads).size).toBe(heads.length);
  });
});

describe('a recurrent claim’s link', () => {
  it('C7 opens the Lab’s recurrent family with its cell, units and preset, measured or not', () => {
    const c7 = findClaim('C7')!;
    for (const result of [undefined, SHIPPED.results.claims.C7]) {
      const [main] = claimLinks(c7, result);
      const lab = parseUrl(main.href).state.states.lab;
      expect(main.run).toBe('adam-0.001');
      expect([lab.family, lab.cell, lab.hiddenUnits, lab.preset]).toEqual([
        'recurrent',
        'elman',
        64,
        'rnn-elman',
      ]);
      expect([lab.optimizer, lab.learningRate]).toEqual(['adam', 0.001]);
    }
  });
});

describe('link names', () => {
  it('C7’s runs differ in optimizer and rate: each link names both', () => {
    expect(claimLinks(findClaim('C7')!).map((l) => l.text)).toEqual([
      'Open Adam, lr 0.001 in the Lab',
      'Open Adam, lr 0.03 in the Lab',
      'Open momentum SGD, lr 0.01 in the Lab',
    ]);
  });
});
