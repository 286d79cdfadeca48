import { describe, expect, it } from 'vitest';
import { defaultAppState, parseUrl, serializeUrl } from '../url/schema';
import { PRESETS, RECURRENT_PRESETS } from './presets';
import { type LabState, labModels } from './runConfig';

const base = (): LabState => defaultAppState().states.lab;

describe('the Lab recurrent family', () => {
  it.each(RECURRENT_PRESETS.map((p) => [p.id, p] as const))('%s: its share link round-trips', (_id, p) => {
    const app = { ...defaultAppState(), view: 'lab' as const };
    app.states.lab = { ...app.states.lab, ...p.patch, preset: p.id };
    const { state, ignored } = parseUrl(serializeUrl(app));
    expect(ignored).toEqual([]);
    expect(state.states.lab).toEqual(app.states.lab);
    expect(state.states.lab.family).toBe('recurrent');
  });

  it('trains the chosen cell twice, plain and Sphere, with the link’s operator, k and size', () => {
    const lab = { ...base(), family: 'recurrent' as const, cell: 'elman' as const, hiddenUnits: 32, k: 0.5 };
    const models = labModels(lab);
    expect(models.map((m) => [m.id, m.label])).toEqual([
      ['sphere', 'SphereRNN sigmoid (k=0.5)'],
      ['baseline', 'Elman RNN'],
    ]);
    for (const [m, arch] of [
      [models[0], 'sphere'],
      [models[1], 'baseline'],
    ] as const)
      expect(m.spec).toEqual({
        kind: 'recurrent',
        rnn: { arch, cell: 'elman', operator: 'sigmoid', k: 0.5, hiddenUnits: 32 },
      });
  });

  it('a conv preset brings the conv nets back; a recurrent state ignores the conv presets’ model sets', () => {
    const recurrent = { ...base(), ...RECURRENT_PRESETS[0].patch };
    for (const p of PRESETS) {
      const back = labModels({ ...recurrent, ...p.patch, preset: p.id });
      expect(back.every((m) => m.spec.kind === 'net')).toBe(true);
    }
    const shootout = labModels({ ...recurrent, preset: 'shootout' });
    expect(shootout.map((m) => m.spec.kind)).toEqual(['recurrent', 'recurrent']);
  });
});
