/**
 * The settings block of the exported script: one Python line per Lab option (the type below
 * makes a new Lab option a compile error until it has its line), the models the Lab trains for
 * those settings, and the recipe's constants read from src/sphere/recipe.ts.
 */

import { SMOOTHING } from '../lab/lossSmoothing';
import { labModels, labRunConfig } from '../lab/runConfig';
import { COS_LIMIT } from '../sphere/fusedAngular';
import * as recipe from '../sphere/recipe';
import { LAB_HEADS, LAB_NORMS, LAB_OPERATORS } from '../url/labState';
import type { ViewState } from '../url/schema';

export type LabState = ViewState<'lab'>;

/** tf.js's float32 epsilon, Adam's default (the parity test reads tf.backend().epsilon()). */
export const ADAM_EPSILON = 1e-7;
/** src/sphere/sphereConv.ts NORM_EPS (not imported: that file pulls in tf.js; a test compares). */
export const NORM_EPS = 1e-4;
/** src/engine/train/trainer.ts SGD_MOMENTUM (same reason; a test compares). */
export const SGD_MOMENTUM = 0.9;

/** A Python literal for a setting (strings here are schema enum values: no quoting issues). */
export function py(value: string | number | boolean | number[]): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (Array.isArray(value)) return `[${value.map(py).join(', ')}]`;
  return String(value);
}

interface Setting {
  name: string;
  value: string;
  /** What the line does in the script. */
  note: string;
}

/** Every Lab option → exactly one line (the URL key is in the comment: `# key=value`). */
const SETTINGS: { [K in keyof LabState]: (lab: LabState) => Setting } = {
  preset: (l) => ({
    name: 'PRESET',
    value: py(l.preset),
    note: 'the set of models in MODELS below (src/lab/runConfig.ts); edit MODELS to train others',
  }),
  operator: (l) => ({ name: 'OPERATOR', value: py(l.operator), note: LAB_OPERATORS.join(' | ') }),
  k: (l) => ({ name: 'K', value: py(l.k), note: 'k of the sigmoid operators (learnable k starts at 0.7)' }),
  norm: (l) => ({
    name: 'NORM',
    value: py(l.norm),
    note: `${LAB_NORMS.join(' | ')}: BatchNorm after each conv`,
  }),
  head: (l) => ({ name: 'HEAD', value: py(l.head), note: LAB_HEADS.join(' | ') }),
  m: (l) => ({ name: 'MARGIN', value: py(l.m), note: 'GA-Softmax angular margin m' }),
  learningRate: (l) => ({ name: 'LEARNING_RATE', value: py(l.learningRate), note: 'fixed, as in the Lab' }),
  batchSize: (l) => ({
    name: 'BATCH_SIZE',
    value: l.batchSize,
    note: 'global batch: under torchrun each process takes BATCH_SIZE / WORLD_SIZE',
  }),
  optimizer: (l) => ({ name: 'OPTIMIZER', value: py(l.optimizer), note: 'adam | sgd (momentum 0.9)' }),
  width: (l) => ({
    name: 'WIDTH',
    value: py(l.width),
    note: 'channels of the first stage (the second has 2x)',
  }),
  depth: (l) => ({
    name: 'DEPTH',
    value: py(l.depth),
    note: '3x3 convs per stage (1: the Lab default; 3: as SphereNet-9)',
  }),
  // The recurrent family is not exported yet (modelLines refuses its models; the Lab disables the
  // button): for a conv script these lines only record the link's values.
  family: (l) => ({ name: 'FAMILY', value: py(l.family), note: "'conv': the nets this script trains" }),
  cell: (l) => ({ name: 'CELL', value: py(l.cell), note: 'recurrent family only; unused here' }),
  hiddenUnits: (l) => ({
    name: 'HIDDEN_UNITS',
    value: py(l.hiddenUnits),
    note: 'recurrent family only; unused here',
  }),
  seed: (l) => ({
    name: 'SEED',
    value: py(l.seed),
    note: 'initial weights (per-layer generators) and batch order',
  }),
  dataset: (l) => ({
    name: 'DATASET',
    value: py(l.dataset),
    note: "'mnist' | 'cifar10' (torchvision download, or --data DIR) | 'files' (your files: --data DIR required)",
  }),
  xAxis: (l) => ({
    name: 'X_AXIS',
    value: py(l.xAxis),
    note: "the Lab chart's axis; not used here: the CSV has both step and wall_ms",
  }),
  exactTiming: (l) => ({
    name: 'EXACT_TIMING',
    value: py(l.exactTiming),
    note: "synchronize the GPU after each model's step, so wall_ms per model is exact",
  }),
};

/** The URL key of each Lab option, for the `# key=value` comment. */
function settingLines(lab: LabState, keys: Record<string, string>): string[] {
  return (Object.keys(SETTINGS) as (keyof LabState)[]).map((name) => {
    const s = SETTINGS[name](lab);
    return `${s.name} = ${s.value}  # ${keys[name]}=${String(lab[name])}: ${s.note}`;
  });
}

/** Python names of the settings a model field may follow. */
const BOUND: Record<string, { lab: keyof LabState; py: string; alt(l: LabState): LabState[keyof LabState] }> =
  {
    operator: { lab: 'operator', py: 'OPERATOR', alt: (l) => LAB_OPERATORS.find((o) => o !== l.operator)! },
    k: { lab: 'k', py: 'K', alt: (l) => (l.k === 0.5 ? 0.6 : 0.5) },
    norm: { lab: 'norm', py: 'NORM', alt: (l) => (l.norm === 'bn' ? 'none' : 'bn') },
    head: { lab: 'head', py: 'HEAD', alt: (l) => LAB_HEADS.find((h) => h !== l.head)! },
    m: { lab: 'm', py: 'MARGIN', alt: (l) => (l.m === 2 ? 3 : 2) },
  };

/**
 * MODELS: labModels' entries as Python dicts. A field that follows a Lab setting (found by
 * changing that setting and watching the model) is written as the setting's name, so editing
 * e.g. OPERATOR changes exactly the models the Lab would change; a preset's fixed choice (the
 * shoot-out's operators, SphereNorm's norms) stays a literal.
 */
function modelLines(lab: LabState): string[] {
  const models = labModels(lab);
  const lines = models.map((entry, i) => {
    if (entry.spec.kind !== 'net') throw new Error(`model ${entry.id} is not a net`);
    const net = entry.spec.net;
    const fields: string[] = [`id=${py(entry.id)}`, `arch=${py(net.arch)}`];
    for (const [field, bind] of Object.entries(BOUND)) {
      const changed = { ...lab, [bind.lab]: bind.alt(lab) } as LabState;
      const probe = labModels(changed)[i];
      const own = (net as unknown as Record<string, unknown>)[field];
      const probed =
        probe?.spec.kind === 'net' ? (probe.spec.net as unknown as Record<string, unknown>)[field] : own;
      const follows = probed === changed[bind.lab] && own === lab[bind.lab];
      fields.push(`${field}=${follows ? bind.py : py(own as string | number)}`);
    }
    const scale = net.widths.map((w) => w / lab.width);
    const widths = scale.every((s) => Number.isInteger(s))
      ? `[${scale.map((s) => (s === 1 ? 'WIDTH' : `WIDTH * ${s}`)).join(', ')}]`
      : py(net.widths);
    fields.push(`widths=${widths}`, `depth=${net.depth === lab.depth ? 'DEPTH' : net.depth}`);
    if (net.featureDim) fields.push(`feature_dim=${net.featureDim}`);
    return `    dict(${fields.join(', ')}),  # ${entry.label}`;
  });
  return ['MODELS = [', ...lines, ']'];
}

/** The generated settings block: Lab options, the Lab's models, the recipe, the Lab's loop constants. */
export function settingsBlock(lab: LabState, keys: Record<string, string>): string {
  const run = labRunConfig(lab);
  return [
    '# ---- Settings from the Lab link: one line per Lab option (src/url/labState.ts) ----',
    ...settingLines(lab, keys),
    '',
    '# ---- The models the Lab trains for these settings, in lockstep on the same batches ----',
    "# arch 'baseline' models train only with --compare (the Lab's side-by-side CNN).",
    ...modelLines(lab),
    '',
    '# ---- The official recipe as the Lab uses it (src/sphere/recipe.ts) ----',
    `WEIGHT_DECAY = ${recipe.WEIGHT_DECAY}  # loss += WEIGHT_DECAY * sum(w^2) / 2 (TF l2_regularizer)`,
    `ORTHOGONALITY = ${recipe.ORTHOGONALITY_WEIGHT}  # loss += ORTHOGONALITY * |W^T W - I|^2 per SphereConv`,
    `LABEL_SMOOTHING = ${recipe.LABEL_SMOOTHING}  # targets (1 - eps) * one_hot + eps / classes`,
    `BN_EPSILON = ${recipe.BN_EPSILON}`,
    `BN_MOMENTUM = ${recipe.RECIPE_FINGERPRINT.bnMomentum}  # tf.js moving-average momentum (torch: 1 - this)`,
    `SIGMOID_K_DEFAULT = ${recipe.SIGMOID_K}`,
    `LEARNABLE_K_INIT = ${recipe.LEARNABLE_K_INIT}  # learnable k is used as |k| + LEARNABLE_K_OFFSET`,
    `LEARNABLE_K_OFFSET = ${recipe.LEARNABLE_K_OFFSET}`,
    `NORM_EPS = ${NORM_EPS}  # under every norm's square root`,
    `COS_LIMIT = 1 - ${Number((1 - COS_LIMIT).toPrecision(6))}  # cos is clamped to +-COS_LIMIT before asin/acos`,
    '',
    "# ---- The Lab's loop (src/engine/train/trainer.ts, src/ui/lab/) ----",
    `ADAM_EPSILON = ${ADAM_EPSILON}  # tf.js's Adam epsilon (torch's default is 1e-8)`,
    `SGD_MOMENTUM = ${SGD_MOMENTUM}`,
    `EVAL_EVERY = ${run.evalEvery}  # test accuracy every N steps`,
    `EVAL_SIZE = ${run.evalSize}  # on the first N test images`,
    `SMOOTHING = ${SMOOTHING}  # smoothed_loss = SMOOTHING * previous + (1 - SMOOTHING) * loss`,
  ].join('\n');
}
