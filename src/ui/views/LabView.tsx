import { useEffect, useMemo, useRef, useState } from 'react';
import { ALL_PRESETS, PRESETS, type Preset, RECURRENT_PRESETS } from '../../lab/presets';
import { type LabState, labRunConfig } from '../../lab/runConfig';
import { Hideable } from '../components/Hideable';
import { InsidePanel } from '../inside/InsidePanel';
import { GhostList } from '../lab/charts/GhostList';
import { KChart } from '../lab/charts/KChart';
import { MODEL_COLORS } from '../lab/charts/modelColors';
import { AccuracyChart, LossChart, type SeriesStyle } from '../lab/charts/RunCharts';
import { DatasetPanel } from '../lab/dataset/DatasetPanel';
import { type Ghost, makeGhost, pushGhost, relabel } from '../lab/ghosts';
import { ArchitectureControls, LearningRateControl } from '../lab/LabControls';
import { LabExtras } from '../lab/LabExtras';
import { LabFinding } from '../lab/LabFinding';
import { RecipeNote } from '../lab/RecipeNote';
import { RunPanel } from '../lab/RunPanel';
import { StatsPanel } from '../lab/StatsPanel';
import { type ModelSeries, shownSeries } from '../lab/trainingStore';
import { useThrottled } from '../lab/useThrottled';
import { useTraining } from '../lab/useTraining';
import type { AppStateApi } from '../useAppState';
import '../lab/lab.css';

/** True after a restart: the new run has fewer points than the one on the charts. */
function fewerPoints(shown: Record<string, ModelSeries>, next: Record<string, ModelSeries>): boolean {
  const count = (s: Record<string, ModelSeries>) =>
    Object.values(s).reduce((n, m) => n + m.losses.length + m.accuracy.length, 0);
  return count(next) < count(shown);
}

export default function LabView({ app }: { app: AppStateApi }) {
  const lab = app.state.states.lab;
  const training = useTraining(app.state.backend, app.state.workers !== '1');
  const { send, clear } = training;
  // Everything but the learning rate and the chart axis defines the run: a change restarts it.
  const { learningRate, xAxis, ...architecture } = lab;
  const archKey = JSON.stringify(architecture);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the run restarts when the architecture changes, not the learning rate.
  const config = useMemo(() => labRunConfig(lab), [archKey]);
  const styles: SeriesStyle[] = useMemo(
    () => config.models.map((m) => ({ id: m.id, label: m.label, color: MODEL_COLORS[m.id] ?? '#ccc' })),
    [config],
  );
  // Charts redraw at most once a second: recharts re-rendering 4×/s cost long main-thread tasks.
  const chartSeries = useThrottled(shownSeries(training.state), 1000, fewerPoints);

  // A restart keeps the run before it on the charts as a ghost: moving k compares, it does not erase.
  const [ghosts, setGhosts] = useState<Ghost[]>([]);
  const ghostCount = useRef(0);
  const latest = useRef({ lab, series: training.state.series });
  latest.current = { lab, series: training.state.series };
  const lastRun = useRef<{ lab: LabState; config: typeof config; styles: SeriesStyle[] } | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: labels change with the run's settings (archKey), not the learning rate.
  const shownGhosts = useMemo(() => relabel(ghosts, lab), [ghosts, archKey]);

  // Each worker gets the run once it has the data: a new worker (another backend, or one replacing
  // a failed one) resets `dataset`, so this reruns for it. Only a new config starts a new run here.
  const datasetReady = training.state.dataset !== undefined;
  const { worker } = training.state;
  const configuredWith = useRef<typeof config | undefined>(undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: worker is a trigger (a new worker to configure).
  useEffect(() => {
    if (!datasetReady) return;
    if (configuredWith.current !== config) {
      const before = lastRun.current;
      const now = latest.current;
      if (before && before.config !== config) {
        // Keys count kept ghosts only: consecutive keys give the charts' ghosts distinct dash patterns.
        const ghost = makeGhost(ghostCount.current + 1, before.lab, now.lab, now.series, before.styles);
        if (ghost) ghostCount.current = ghost.key;
        setGhosts((g) => pushGhost(g, ghost));
      }
      lastRun.current = { lab: now.lab, config, styles };
      clear();
    }
    configuredWith.current = config;
    send({ type: 'configure', config: { ...config, learningRate: lrRef.current } });
  }, [config, styles, datasetReady, worker, send, clear]);

  const lrRef = useRef(learningRate);
  useEffect(() => {
    lrRef.current = learningRate;
    send({ type: 'setLearningRate', learningRate });
  }, [learningRate, send]);

  const reset = () => {
    clear();
    send({ type: 'reset' });
  };

  const activePreset = ALL_PRESETS.find((p) => p.id === lab.preset);
  const recurrent = lab.family === 'recurrent';
  const presetButton = (p: Preset) => (
    <button
      key={p.id}
      type="button"
      className={lab.preset === p.id ? 'btn preset active' : 'btn preset'}
      title={p.blurb}
      onClick={() => app.updateView('lab', { ...p.patch, preset: p.id })}
    >
      {p.title}
    </button>
  );
  return (
    <section aria-labelledby="lab-title" className="view lab">
      <h2 id="lab-title">Lab</h2>
      {recurrent ? (
        <p className="lede">
          A recurrent net and its Sphere twin train side by side in your browser, each reading every digit as
          a sequence of 28 rows of 28 pixels: same seed, same batches, same optimizer. Only the cell's two
          inner products differ — the Sphere twin sees angles there, the plain cell inner products.
        </p>
      ) : (
        <p className="lede">
          A SphereNet and a plain CNN of identical shape train side by side in your browser: same seed, same
          batches, same optimizer. Only the convolution differs — the SphereNet sees angles, the CNN sees
          inner products.
        </p>
      )}
      <Hideable app={app} name="preset">
        <fieldset className="presets" aria-label="Paper presets">
          {PRESETS.map(presetButton)}
        </fieldset>
        <fieldset className="presets" aria-label="Recurrent presets">
          {RECURRENT_PRESETS.map(presetButton)}
        </fieldset>
      </Hideable>
      {activePreset && (
        <p className="preset-blurb" data-testid="preset-blurb">
          {activePreset.blurb}
        </p>
      )}
      {lab.preset === 'paper-recipe' && <RecipeNote />}
      <div className="lab-grid">
        <aside className="panel">
          <DatasetPanel app={app} training={training} />
          <ArchitectureControls app={app} lab={lab} />
          <fieldset className="controls">
            <legend>Training — applies live</legend>
            <LearningRateControl app={app} lab={lab} />
            <Hideable app={app} name="exactTiming">
              <label className="control inline">
                <input
                  type="checkbox"
                  aria-label="Exact per-model timing"
                  checked={lab.exactTiming}
                  onChange={(e) => app.updateView('lab', { exactTiming: e.target.checked })}
                />
                <span title="Waits for each model's step before the next: exact per-model time shares on GPU backends, a little slower">
                  Exact per-model timing (restarts)
                </span>
              </label>
            </Hideable>
          </fieldset>
          <RunPanel app={app} training={training} onReset={reset} />
        </aside>
        <div className="lab-main">
          <Hideable app={app} name="xAxis">
            <fieldset className="axis-toggle" aria-label="Chart x axis">
              {(['step', 'time'] as const).map((x) => (
                <label key={x}>
                  <input
                    type="radio"
                    name="x-axis"
                    checked={xAxis === x}
                    onChange={() => app.updateView('lab', { xAxis: x })}
                  />
                  {x === 'step' ? 'by step' : 'by wall time'}
                </label>
              ))}
            </fieldset>
          </Hideable>
          <GhostList ghosts={shownGhosts} onClear={() => setGhosts([])} />
          <LossChart
            series={chartSeries}
            previous={training.state.previous}
            styles={styles}
            byTime={xAxis === 'time'}
            ghosts={shownGhosts}
          />
          <AccuracyChart
            series={chartSeries}
            previous={training.state.previous}
            styles={styles}
            byTime={xAxis === 'time'}
            ghosts={shownGhosts}
          />
          {lab.operator === 'learnable-sigmoid' && (
            <KChart
              series={chartSeries[config.models[0].id]}
              parts={
                recurrent ? { names: ['input', 'recurrent'], of: 'transform', over: 'units' } : undefined
              }
            />
          )}
          <LabFinding app={app} lab={lab} />
          <StatsPanel state={training.state} styles={styles} />
          {recurrent ? (
            <p className="hint">
              Inside the nets shows the conv nets' layers; it has no view of a recurrent cell yet.
            </p>
          ) : (
            <InsidePanel app={app} training={training} config={config} />
          )}
        </div>
      </div>
      <LabExtras
        training={training}
        styles={styles}
        config={config}
        lab={lab}
        meta={{ url: window.location.href, backend: training.state.selection?.backend }}
      />
    </section>
  );
}
