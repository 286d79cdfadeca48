import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../engine/backends/testBackend';
import { SGD_MOMENTUM as TRAINER_SGD_MOMENTUM } from '../engine/train/trainer';
import { PRESETS } from '../lab/presets';
import * as recipe from '../sphere/recipe';
import { NORM_EPS as SPHERE_NORM_EPS } from '../sphere/sphereConv';
import * as tf from '../tfjs';
import { labSchema } from '../url/labState';
import { ExportRefused, exportTorchFromLink, exportTorchFromState, ignoredNotice } from './exportTorch';
import { ADAM_EPSILON, NORM_EPS, SGD_MOMENTUM } from './torchSettings';

const settingLine = (source: string, name: string) =>
  source.split('\n').find((l) => l.startsWith(`${name} = `)) ?? '';

describe('exportTorch', () => {
  beforeAll(initWasmBackend);

  it('writes one line per Lab option, with its URL key and value', () => {
    const { source } = exportTorchFromLink(
      '?view=lab&op=cosine&k=0.7&norm=bn&loss=ga-softmax&m=3&lr=0.01&bs=64',
    );
    for (const field of Object.values(labSchema)) {
      const lines = source.split('\n').filter((l) => l.includes(`  # ${field.key}=`));
      expect(lines, field.key).toHaveLength(1);
    }
    expect(settingLine(source, 'OPERATOR')).toMatch(/^OPERATOR = 'cosine' {2}# op=cosine/);
    expect(settingLine(source, 'K')).toMatch(/^K = 0\.7 /);
    expect(settingLine(source, 'NORM')).toMatch(/^NORM = 'bn' /);
    expect(settingLine(source, 'HEAD')).toMatch(/^HEAD = 'ga-softmax' /);
    expect(settingLine(source, 'MARGIN')).toMatch(/^MARGIN = 3 /);
    expect(settingLine(source, 'LEARNING_RATE')).toMatch(/^LEARNING_RATE = 0\.01 /);
    expect(settingLine(source, 'BATCH_SIZE')).toMatch(/^BATCH_SIZE = 64 /);
    expect(settingLine(source, 'EXACT_TIMING')).toMatch(/^EXACT_TIMING = False /);
  });

  it('ties each model field to the setting it follows in the Lab, and keeps a preset’s own choices', () => {
    const plain = exportTorchFromLink('?view=lab').source;
    expect(plain).toContain(
      "dict(id='sphere', arch='sphere', operator=OPERATOR, k=K, norm=NORM, head=HEAD, m=MARGIN, widths=[WIDTH, WIDTH * 2], depth=DEPTH)",
    );
    expect(plain).toContain("dict(id='baseline', arch='baseline', operator=OPERATOR,");
    const shootout = exportTorchFromLink('?view=lab&preset=shootout&norm=bn').source;
    for (const op of ['linear', 'cosine', 'sigmoid', 'learnable-sigmoid'])
      expect(shootout).toContain(`dict(id='${op}', arch='sphere', operator='${op}', k=K, norm=NORM,`);
    const b4 = exportTorchFromLink('?view=lab&preset=spherenorm-b4&bs=4').source;
    expect(b4).toContain("dict(id='bn-baseline', arch='baseline', operator=OPERATOR, k=K, norm='bn',");
    expect(b4).toContain("dict(id='spherenorm', arch='sphere', operator=OPERATOR, k=K, norm='none',");
  });

  it('reads the recipe and the Lab loop’s constants from their sources', () => {
    const { source } = exportTorchFromState({ ...exportDefaults(), preset: 'paper-recipe' });
    expect(settingLine(source, 'WEIGHT_DECAY')).toMatch(
      new RegExp(`^WEIGHT_DECAY = ${recipe.WEIGHT_DECAY} `),
    );
    expect(settingLine(source, 'ORTHOGONALITY')).toMatch(
      new RegExp(`^ORTHOGONALITY = ${recipe.ORTHOGONALITY_WEIGHT} `),
    );
    expect(settingLine(source, 'LABEL_SMOOTHING')).toMatch(
      new RegExp(`^LABEL_SMOOTHING = ${recipe.LABEL_SMOOTHING} `),
    );
    expect(settingLine(source, 'BN_EPSILON')).toBe(`BN_EPSILON = ${recipe.BN_EPSILON}`);
    // Constants whose source files pull in tf.js are copied; these keep the copies honest.
    expect(NORM_EPS).toBe(SPHERE_NORM_EPS);
    expect(SGD_MOMENTUM).toBe(TRAINER_SGD_MOMENTUM);
    expect(ADAM_EPSILON).toBe(tf.backend().epsilon());
    const adam = tf.train.adam(0.001);
    expect((adam as unknown as { epsilon: number }).epsilon).toBe(ADAM_EPSILON);
    adam.dispose();
  });

  it('exports the defaults with the app’s notice when a link is malformed', () => {
    const result = exportTorchFromLink('https://example.org/spherelab/?view=lab&op=banana&lr=-3&bs=32#x');
    expect(result.query).toBe('?view=lab');
    expect(result.notices).toHaveLength(1);
    expect(result.notices[0]).toBe(ignoredNotice(['op=banana', 'lr=-3']));
    expect(settingLine(result.source, 'OPERATOR')).toMatch(/^OPERATOR = 'sigmoid' /);
    expect(result.source).toContain(`# NOTE: ${result.notices[0]}`);
    // The same words as the notice the app shows (UrlNotice.tsx).
    const app = readFileSync(new URL('../ui/components/UrlNotice.tsx', import.meta.url), 'utf8');
    expect(app).toContain('Some link settings were ignored</strong> and their defaults used instead:');
  });

  it("says what the link's browser-only settings mean here", () => {
    const { source } = exportTorchFromLink('?view=lab&backend=webgpu&hide=seed');
    expect(source).toContain(
      "# backend=webgpu is the browser's tf.js backend; here --device picks the device.",
    );
    expect(source).toContain('# hide=seed hides Lab controls');
  });

  it('a recurrent Lab link exports the recurrent script for its own cells, units and settings', () => {
    const { source, query } = exportTorchFromLink(
      '?view=lab&family=recurrent&cell=elman&units=32&op=cosine&seed=9',
    );
    expect(query).toContain('family=recurrent');
    expect(source).toContain('SphereLab recurrent experiment (sequential MNIST)');
    expect(source).toContain(`Lab link: ${query}`);
    expect(source).toMatch(/^HIDDEN_UNITS = 32\b/m);
    expect(source).toMatch(/^SEED = 9\b/m);
    expect(source).toMatch(/id='sphere', arch='sphere', cell='elman', kind='sphere', operator='cosine'/);
    expect(source).toMatch(/id='baseline', arch='baseline', cell='elman', kind='plain'/);
    // Not the conv script: no conv net definition in it.
    expect(source).not.toContain(
      exportTorchFromLink('?view=lab')
        .source.split('\n')
        .find((l) => l.startsWith('PRESET'))!,
    );
  });

  it('refuses a link to another view by name', () => {
    expect(() => exportTorchFromLink('?view=fourier')).toThrow(ExportRefused);
    expect(() => exportTorchFromLink('?view=fourier')).toThrow(/view=fourier/);
  });

  it('every preset exports (its models are the Lab’s)', () => {
    for (const p of PRESETS) {
      const { source } = exportTorchFromState({ ...exportDefaults(), ...p.patch, preset: p.id });
      expect(settingLine(source, 'PRESET')).toContain(`'${p.id}'`);
      expect(source).toMatch(/^MODELS = \[$/m);
    }
  });
});

function exportDefaults() {
  return Object.fromEntries(Object.entries(labSchema).map(([n, f]) => [n, f.default])) as Parameters<
    typeof exportTorchFromState
  >[0];
}
