import { LAB_HEADS, LAB_OPERATORS } from '../../url/labState';
import type { ViewState } from '../../url/schema';
import { Hideable } from '../components/Hideable';
import type { TrainingApi } from '../lab/useTraining';
import type { AppStateApi } from '../useAppState';

type FeaturesState = ViewState<'features'>;

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

/** The run's settings: any change builds new models from the seed (the run restarts). */
export function FeaturesControls({ app, state }: { app: AppStateApi; state: FeaturesState }) {
  const set = (patch: Partial<FeaturesState>) => app.updateView('features', patch);
  return (
    <fieldset className="controls features-controls">
      <legend>Model — changes restart the run</legend>
      <Hideable app={app} name="operator">
        <label className="control">
          <span>Operator</span>
          <select
            aria-label="Operator"
            value={state.operator}
            onChange={(e) => set({ operator: e.target.value as FeaturesState['operator'] })}
          >
            {LAB_OPERATORS.map((o) => (
              <option key={o} value={o}>
                {OPERATOR_NAMES[o]}
              </option>
            ))}
          </select>
        </label>
      </Hideable>
      <Hideable app={app} name="k">
        <label className="control">
          <span>
            k <span className="value">{state.k.toFixed(2)}</span>
          </span>
          <input
            type="range"
            aria-label="k"
            min={0.05}
            max={2}
            step={0.05}
            value={state.k}
            disabled={state.operator !== 'sigmoid'}
            title={
              state.operator === 'sigmoid' ? 'Sigmoid steepness' : 'k only applies to the sigmoid operator'
            }
            onChange={(e) => set({ k: Number(e.target.value) })}
          />
        </label>
      </Hideable>
      <Hideable app={app} name="head">
        <label className="control">
          <span>Loss</span>
          <select
            aria-label="Loss"
            value={state.head}
            onChange={(e) => set({ head: e.target.value as FeaturesState['head'] })}
          >
            {LAB_HEADS.map((h) => (
              <option key={h} value={h}>
                {HEAD_NAMES[h]}
              </option>
            ))}
          </select>
        </label>
      </Hideable>
      <Hideable app={app} name="m">
        <label className="control">
          <span>
            Margin m <span className="value">{state.m}</span>
          </span>
          <input
            type="range"
            aria-label="Margin m"
            min={1}
            max={4}
            step={1}
            value={state.m}
            disabled={state.head !== 'ga-softmax'}
            title={
              state.head === 'ga-softmax' ? 'Angular margin of GA-Softmax' : 'Margin m applies to GA-Softmax'
            }
            onChange={(e) => set({ m: Number(e.target.value) })}
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
            value={state.seed}
            onChange={(e) => {
              const seed = Number(e.target.value);
              if (Number.isInteger(seed) && seed >= 0 && seed < 2 ** 31) set({ seed });
            }}
          />
        </label>
      </Hideable>
    </fieldset>
  );
}

/** How the scatter plots show the features; applies instantly, the run continues. */
export function ProjectionToggle({ app, state }: { app: AppStateApi; state: FeaturesState }) {
  return (
    <Hideable app={app} name="projection">
      <fieldset className="projection-toggle" aria-label="Projection">
        {(
          [
            ['raw', 'features as computed'],
            ['unit', 'normalized (on the unit circle)'],
          ] as const
        ).map(([value, text]) => (
          <label key={value}>
            <input
              type="radio"
              name="features-projection"
              checked={state.projection === value}
              onChange={() => app.updateView('features', { projection: value })}
            />
            {text}
          </label>
        ))}
      </fieldset>
    </Hideable>
  );
}

/** Train / Pause / Reset and the step count. */
export function FeaturesRunBar({ training, onReset }: { training: TrainingApi; onReset(): void }) {
  const { state } = training;
  const ready = state.configured && !!state.dataset;
  return (
    <div className="buttons features-run">
      <button
        type="button"
        className="btn primary"
        disabled={!ready || state.running}
        onClick={() => training.send({ type: 'start' })}
      >
        Train
      </button>
      <button
        type="button"
        className="btn"
        disabled={!state.running}
        onClick={() => training.send({ type: 'pause' })}
      >
        Pause
      </button>
      <button type="button" className="btn" disabled={!ready} onClick={onReset}>
        Reset
      </button>
      <output className="step-count" aria-label="Current step">
        step {state.step}
      </output>
    </div>
  );
}
