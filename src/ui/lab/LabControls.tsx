import { LAB_BATCH_SIZES, LAB_HEADS, LAB_NORMS, LAB_OPERATORS, LAB_OPTIMIZERS } from '../../url/labState';
import type { ViewState } from '../../url/schema';
import { Hideable } from '../components/Hideable';
import type { AppStateApi } from '../useAppState';

type LabState = ViewState<'lab'>;

const OPERATOR_NAMES: Record<(typeof LAB_OPERATORS)[number], string> = {
  linear: 'linear',
  cosine: 'cosine',
  sigmoid: 'sigmoid',
  'learnable-sigmoid': 'learnable sigmoid',
};
const HEAD_NAMES: Record<(typeof LAB_HEADS)[number], string> = {
  softmax: 'softmax',
  'wn-softmax': 'weight-normalized softmax',
  'ga-softmax': 'GA-Softmax',
};

function Select<T extends string>(props: {
  label: string;
  value: T;
  options: readonly T[];
  names?: Partial<Record<T, string>>;
  onChange(v: T): void;
}) {
  return (
    <label className="control">
      <span>{props.label}</span>
      <select
        aria-label={props.label}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as T)}
      >
        {props.options.map((o) => (
          <option key={o} value={o}>
            {props.names?.[o] ?? o}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Architecture controls: changing any of them restarts the run (new models). */
export function ArchitectureControls({ app, lab }: { app: AppStateApi; lab: LabState }) {
  const set = (patch: Partial<LabState>) => app.updateView('lab', { preset: 'custom', ...patch });
  const usesK = lab.operator === 'sigmoid';
  return (
    <fieldset className="controls">
      <legend>Model — changes restart the run</legend>
      <Hideable app={app} name="operator">
        <Select
          label="Operator"
          value={lab.operator}
          options={LAB_OPERATORS}
          names={OPERATOR_NAMES}
          onChange={(operator) => set({ operator })}
        />
      </Hideable>
      <Hideable app={app} name="k">
        <label className="control">
          <span>
            k <output>{lab.k.toFixed(2)}</output>
          </span>
          <input
            type="range"
            aria-label="k"
            min={0.05}
            max={2}
            step={0.05}
            value={lab.k}
            disabled={!usesK}
            title={
              usesK
                ? 'Sigmoid steepness: smaller k is closer to a step'
                : 'k only applies to the sigmoid operator'
            }
            onChange={(e) => set({ k: Number(e.target.value) })}
          />
        </label>
      </Hideable>
      <Hideable app={app} name="norm">
        <Select
          label="Norm"
          value={lab.norm}
          options={LAB_NORMS}
          names={{ none: 'none', bn: 'BN' }}
          onChange={(norm) => set({ norm })}
        />
      </Hideable>
      <Hideable app={app} name="head">
        <Select
          label="Loss"
          value={lab.head}
          options={LAB_HEADS}
          names={HEAD_NAMES}
          onChange={(head) => set({ head })}
        />
      </Hideable>
      <Hideable app={app} name="m">
        <label className="control">
          <span>
            Margin m <output>{lab.m}</output>
          </span>
          <input
            type="range"
            aria-label="Margin m"
            min={1}
            max={4}
            step={1}
            value={lab.m}
            disabled={lab.head !== 'ga-softmax'}
            title={
              lab.head === 'ga-softmax' ? 'Angular margin of GA-Softmax' : 'Margin m applies to GA-Softmax'
            }
            onChange={(e) => set({ m: Number(e.target.value) })}
          />
        </label>
      </Hideable>
      <Hideable app={app} name="width">
        <label className="control">
          <span>Width</span>
          <input
            type="number"
            aria-label="Width"
            min={4}
            max={64}
            step={4}
            value={lab.width}
            onChange={(e) => {
              const width = Number(e.target.value);
              if (Number.isInteger(width) && width >= 4 && width <= 64) set({ width });
            }}
          />
        </label>
      </Hideable>
      <Hideable app={app} name="seed">
        <label className="control">
          <span>Seed</span>
          <input
            type="number"
            aria-label="Seed"
            min={0}
            step={1}
            value={lab.seed}
            onChange={(e) => {
              const seed = Number(e.target.value);
              if (Number.isInteger(seed) && seed >= 0) set({ seed });
            }}
          />
        </label>
      </Hideable>
      <Hideable app={app} name="batchSize">
        <Select
          label="Batch size"
          value={lab.batchSize}
          options={LAB_BATCH_SIZES}
          onChange={(batchSize) => set({ batchSize })}
        />
      </Hideable>
      <Hideable app={app} name="optimizer">
        <Select
          label="Optimizer"
          value={lab.optimizer}
          options={LAB_OPTIMIZERS}
          names={{ adam: 'Adam', sgd: 'SGD with momentum' }}
          onChange={(optimizer) => set({ optimizer })}
        />
      </Hideable>
    </fieldset>
  );
}

/** The learning rate applies live, between two steps, without restarting. */
export function LearningRateControl({ app, lab }: { app: AppStateApi; lab: LabState }) {
  const exponent = Math.log10(lab.learningRate);
  return (
    <Hideable app={app} name="learningRate">
      <label className="control">
        <span>
          Learning rate <output>{lab.learningRate.toPrecision(2)}</output>{' '}
          <em className="live">applies live</em>
        </span>
        <input
          type="range"
          aria-label="Learning rate"
          min={-5}
          max={1}
          step={0.25}
          value={exponent}
          onChange={(e) =>
            app.updateView('lab', { learningRate: Number((10 ** Number(e.target.value)).toPrecision(3)) })
          }
        />
      </label>
    </Hideable>
  );
}
