import { FEATURE_RECIPES } from '../../url/featuresState';
import type { ViewState } from '../../url/schema';
import { Hideable } from '../components/Hideable';
import {
  HeadSelect,
  IntegerInput,
  KSlider,
  MarginSlider,
  OperatorSelect,
  Select,
} from '../components/modelControls';
import { RunButtons } from '../lab/RunButtons';
import type { TrainingApi } from '../lab/useTraining';
import type { AppStateApi } from '../useAppState';

type FeaturesState = ViewState<'features'>;

/** The run's settings: any change builds new models from the seed (the run restarts). */
export function FeaturesControls({ app, state }: { app: AppStateApi; state: FeaturesState }) {
  const set = (patch: Partial<FeaturesState>) => app.updateView('features', patch);
  return (
    <fieldset className="controls features-controls">
      <legend>Model — changes restart the run</legend>
      <Hideable app={app} name="operator">
        <OperatorSelect value={state.operator} onChange={(operator) => set({ operator })} />
      </Hideable>
      <Hideable app={app} name="k">
        <KSlider value={state.k} operator={state.operator} onChange={(k) => set({ k })} />
      </Hideable>
      <Hideable app={app} name="head">
        <HeadSelect value={state.head} onChange={(head) => set({ head })} />
      </Hideable>
      <Hideable app={app} name="m">
        <MarginSlider value={state.m} head={state.head} onChange={(m) => set({ m })} />
      </Hideable>
      <Hideable app={app} name="recipe">
        <Select
          label="Recipe"
          value={state.recipe}
          options={FEATURE_RECIPES}
          names={{ view: 'this view’s (shipped runs)', claim: 'claim C4’s, as measured' }}
          onChange={(recipe) => set({ recipe })}
        />
      </Hideable>
      <Hideable app={app} name="seed">
        <IntegerInput
          label="Seed"
          value={state.seed}
          min={0}
          max={2 ** 31 - 1}
          onChange={(seed) => set({ seed })}
        />
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
  return <RunButtons training={training} onReset={onReset} className="features-run" />;
}
