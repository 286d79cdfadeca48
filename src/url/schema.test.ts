import { describe, expect, it } from 'vitest';
import { type Field, isValidValue, labelOf } from './fields';
import {
  BACKEND_CHOICES,
  defaultAppState,
  embedSnippet,
  GLOBAL_KEYS,
  hideableFields,
  parseUrl,
  serializeUrl,
  shareLink,
  VIEW_SCHEMAS,
} from './schema';
import { VIEWS } from './views';

const fieldsOf = (view: (typeof VIEWS)[number]) =>
  Object.entries(VIEW_SCHEMAS[view]) as [string, Field<unknown>][];

describe('every view schema', () => {
  for (const view of VIEWS) {
    it(`${view}: keys are unique, avoid the global keys, and defaults are valid`, () => {
      const keys = fieldsOf(view).map(([, f]) => f.key);
      expect(new Set(keys).size).toBe(keys.length);
      for (const key of keys) expect(GLOBAL_KEYS as readonly string[]).not.toContain(key);
      for (const [, f] of fieldsOf(view)) expect(isValidValue(f, f.default)).toBe(true);
    });

    it(`${view}: every field round-trips every sample value through a link`, () => {
      for (const [name, field] of fieldsOf(view)) {
        expect(field.samples?.length, `${view}.${name} needs samples`).toBeGreaterThan(0);
        for (const value of field.samples ?? []) {
          const state = defaultAppState();
          state.view = view;
          (state.states[view] as Record<string, unknown>)[name] = value;
          const link = serializeUrl(state);
          const back = parseUrl(link);
          expect(back.ignored).toEqual([]);
          expect(back.state).toEqual(state);
        }
      }
    });
  }
});

describe('parseUrl', () => {
  it('reads a full link: view, fields, backend and hidden controls', () => {
    const { state, ignored } = parseUrl('?view=theory&c=2.5&seed=42&backend=wasm&hide=c');
    expect(ignored).toEqual([]);
    expect(state.view).toBe('theory');
    expect(state.states.theory).toEqual({ c: 2.5, seed: 42 });
    expect(state.backend).toBe('wasm');
    expect(state.hidden).toEqual(['c']);
  });

  it('falls back to defaults and lists what it ignored', () => {
    const { state, ignored } = parseUrl('?view=operators&k=99&wa=abc&zzz=1&backend=quantum&hide=k,nope');
    const defaults = defaultAppState().states.operators;
    expect(state.states.operators.k).toBe(defaults.k);
    expect(state.states.operators.wAngle).toBe(defaults.wAngle);
    expect(state.backend).toBe('auto');
    expect(state.hidden).toEqual(['k']);
    expect(ignored).toEqual([
      'k=99',
      'wa=abc',
      'zzz=1 (unknown)',
      'backend=quantum',
      'hide=nope (no such control)',
    ]);
  });

  it('an unknown view falls back to the first view', () => {
    const { state, ignored } = parseUrl('view=nowhere');
    expect(state.view).toBe(VIEWS[0]);
    expect(ignored).toEqual(['view=nowhere']);
  });

  it('a key given twice keeps the last value and says so', () => {
    const { state, ignored } = parseUrl('?view=theory&c=2&c=3');
    expect(state.states.theory.c).toBe(3);
    expect(ignored).toHaveLength(1);
    expect(ignored[0]).toContain('given twice');
  });

  it('cuts very long junk in the notice', () => {
    const { ignored } = parseUrl(`?zzz=${'x'.repeat(5000)}`);
    expect(ignored[0].length).toBeLessThan(80);
  });
});

describe('the Lab recurrent family fields', () => {
  it('reads family, cell and hidden units from a link, and writes them back', () => {
    const { state, ignored } = parseUrl('?view=lab&family=recurrent&cell=elman&units=96&preset=rnn-elman');
    expect(ignored).toEqual([]);
    expect(state.states.lab).toMatchObject({
      family: 'recurrent',
      cell: 'elman',
      hiddenUnits: 96,
      preset: 'rnn-elman',
    });
    expect(serializeUrl(state)).toBe('?view=lab&preset=rnn-elman&family=recurrent&cell=elman&units=96');
  });

  it('rejects a family, cell or size it does not know, keeping the defaults', () => {
    const { state, ignored } = parseUrl('?view=lab&family=lstm&cell=lstm&units=7');
    expect(ignored).toEqual(['family=lstm', 'cell=lstm', 'units=7']);
    expect(state.states.lab).toMatchObject({ family: 'conv', cell: 'gru', hiddenUnits: 64 });
    expect(parseUrl('?view=lab&units=256.5').ignored).toEqual(['units=256.5']);
  });
});

describe('serializeUrl', () => {
  it('writes only non-default fields and stays short', () => {
    const state = defaultAppState();
    state.view = 'operators';
    expect(serializeUrl(state)).toBe('?view=operators');
    state.states.operators = { ...state.states.operators, k: 0.5 };
    state.hidden = ['xLength', 'k'];
    expect(serializeUrl(state)).toBe('?view=operators&k=0.5&hide=k,xLength');
  });

  it('leaves out values the schema would reject, so links never trigger a notice', () => {
    const state = defaultAppState();
    state.view = 'theory';
    state.states.theory = { c: 1000, seed: 1.5 };
    state.hidden = ['c', 'notAField'];
    const link = serializeUrl(state);
    expect(link).toBe('?view=theory&hide=c');
    expect(parseUrl(link).ignored).toEqual([]);
  });

  it('shareLink joins origin, path and query', () => {
    const state = defaultAppState();
    state.view = 'about';
    expect(shareLink(state, 'https://x.test', '/app/')).toBe('https://x.test/app/?view=about');
  });

  it('workers=1 (one training worker) is kept through a link; auto is the default and left out', () => {
    const state = defaultAppState();
    expect(state.workers).toBe('auto');
    state.view = 'lab';
    state.workers = '1';
    const link = serializeUrl(state);
    expect(link).toBe('?view=lab&workers=1');
    expect(parseUrl(link)).toEqual({ state, ignored: [] });
    const bad = parseUrl('?view=lab&workers=3');
    expect(bad.state.workers).toBe('auto');
    expect(bad.ignored.join()).toMatch(/workers/);
  });

  it('embed=1 is kept through serialize, with the view state and hidden controls', () => {
    const state = defaultAppState();
    state.view = 'lab';
    state.states.lab = { ...state.states.lab, width: 8 };
    state.hidden = ['seed'];
    state.embed = true;
    const link = serializeUrl(state);
    expect(link).toBe('?view=lab&width=8&hide=seed&embed=1');
    const back = parseUrl(link);
    expect(back.ignored).toEqual([]);
    expect(back.state).toEqual(state);
  });

  it('a malformed embed value is ignored with a notice; a malformed state still embeds', () => {
    expect(parseUrl('?view=fourier&embed=yes')).toMatchObject({
      state: { embed: false },
      ignored: ['embed=yes'],
    });
    const junk = parseUrl('?view=lab&width=9999&embed=1');
    expect(junk.state.embed).toBe(true);
    expect(junk.state.states.lab.width).toBe(16);
    expect(junk.ignored).toEqual(['width=9999']);
  });

  it('embedSnippet is an iframe of the embed link, under the served sub-path', () => {
    const state = defaultAppState();
    state.view = 'fourier';
    state.states.fourier = { ...state.states.fourier, mode: 'mix' };
    const snippet = embedSnippet(state, 'https://u.github.io', '/spherelab/');
    expect(snippet).toContain('src="https://u.github.io/spherelab/?view=fourier&amp;mode=mix&amp;embed=1"');
    expect(snippet).toMatch(/^<iframe [^>]*title="SphereLab: fourier"[^>]*><\/iframe>$/);
  });

  it('every backend choice round-trips', () => {
    for (const backend of BACKEND_CHOICES) {
      const state = { ...defaultAppState(), backend };
      expect(parseUrl(serializeUrl(state)).state.backend).toBe(backend);
    }
  });
});

describe('fields helpers', () => {
  it('hideableFields lists the view schema field names', () => {
    expect(hideableFields('theory')).toEqual(['c', 'seed']);
  });

  it('labelOf prefers the label and otherwise splits camelCase', () => {
    const [, c] = fieldsOf('theory')[0];
    expect(labelOf('c', c)).toBe('rescaling c');
    expect(labelOf('learningRate', { ...c, label: undefined })).toBe('learning rate');
  });
});
