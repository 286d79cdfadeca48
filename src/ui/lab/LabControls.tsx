import { LAB_BATCH_SIZES, LAB_CELLS, LAB_FAMILIES, LAB_NORMS, LAB_OPTIMIZERS } from '../../url/labState';
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
import type { AppStateApi } from '../useAppState';

type LabState = ViewState<'lab'>;

/** Architecture controls: changing any of them restarts the run (new models). */
export function ArchitectureControls({ app, lab }: { app: AppStateApi; lab: LabState }) {
  const set = (patch: Partial<LabState>) => app.updateView('lab', { preset: 'custom', ...patch });
  const recurrent = lab.family === 'recurrent';
  return (
    <fieldset className="controls">
      <legend>Model — a change starts a new run (the last one stays, faded)</legend>
      <Hideable app={app} name="family">
        <Select
          label="Model family"
          value={lab.family}
          options={LAB_FAMILIES}
          names={{ conv: 'conv: SphereNet vs CNN', recurrent: 'recurrent: row-by-row MNIST' }}
          onChange={(family) => set({ family })}
        />
      </Hideable>
      {recurrent && (
        <>
          <Hideable app={app} name="cell">
            <Select
              label="Cell"
              value={lab.cell}
              options={LAB_CELLS}
              names={{ gru: 'GRU', elman: 'Elman (tanh)' }}
              onChange={(cell) => set({ cell })}
            />
          </Hideable>
          <Hideable app={app} name="hiddenUnits">
            <IntegerInput
              label="Hidden units"
              value={lab.hiddenUnits}
              min={8}
              max={256}
              step={8}
              onChange={(hiddenUnits) => set({ hiddenUnits })}
            />
          </Hideable>
        </>
      )}
      <Hideable app={app} name="operator">
        <OperatorSelect value={lab.operator} onChange={(operator) => set({ operator })} />
      </Hideable>
      <Hideable app={app} name="k">
        <KSlider value={lab.k} operator={lab.operator} onChange={(k) => set({ k })} />
      </Hideable>
      {/* BN, the heads and the conv topology belong to the conv nets: a recurrent pair has none. */}
      {!recurrent && (
        <>
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
            <HeadSelect value={lab.head} onChange={(head) => set({ head })} />
          </Hideable>
          <Hideable app={app} name="m">
            <MarginSlider value={lab.m} head={lab.head} onChange={(m) => set({ m })} />
          </Hideable>
          <Hideable app={app} name="width">
            <IntegerInput
              label="Width"
              value={lab.width}
              min={4}
              max={64}
              step={4}
              onChange={(width) => set({ width })}
            />
          </Hideable>
          <Hideable app={app} name="depth">
            <IntegerInput
              label="Convs per stage"
              value={lab.depth}
              min={1}
              max={3}
              onChange={(depth) => set({ depth })}
            />
          </Hideable>
        </>
      )}
      <Hideable app={app} name="seed">
        <IntegerInput
          label="Seed"
          value={lab.seed}
          min={0}
          max={2 ** 31 - 1}
          onChange={(seed) => set({ seed })}
        />
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
