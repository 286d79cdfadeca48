import { useEffect, useMemo, useState } from 'react';
import { ClassLegend } from '../features/ClassLegend';
import { DigitHover } from '../features/DigitHover';
import { FeaturesControls, FeaturesRunBar, ProjectionToggle } from '../features/FeaturesControls';
import { FEATURE_MODELS, FEATURE_POINTS, featureRunConfig } from '../features/featureRun';
import { ModelPanel } from '../features/ModelPanel';
import { useFeaturePolling } from '../features/useFeaturePolling';
import { useTestDigits } from '../features/useTestDigits';
import { useTraining } from '../lab/useTraining';
import type { AppStateApi } from '../useAppState';
import '../lab/lab.css';
import '../features/features.css';

export default function FeaturesView({ app }: { app: AppStateApi }) {
  const state = app.state.states.features;
  const training = useTraining(app.state.backend);
  const { send, clear } = training;
  // The projection only changes how the plots look; everything else defines the run.
  const { projection, ...run } = state;
  const runKey = JSON.stringify(run);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the run restarts when runKey changes.
  const config = useMemo(() => featureRunConfig(state), [runKey]);

  const datasetReady = training.state.dataset !== undefined;
  // Declared before the polling hook: React runs effects in order, so the worker always gets the
  // new configuration before the first features request of the new run.
  useEffect(() => {
    if (!datasetReady) return;
    clear();
    send({ type: 'configure', config });
  }, [config, datasetReady, send, clear]);

  const snapshot = useFeaturePolling(training, FEATURE_POINTS, runKey);
  const digits = useTestDigits(training);
  const [hovered, setHovered] = useState(-1);
  const labels = snapshot?.labels;
  const ts = training.state;

  return (
    <section aria-labelledby="features-title" className="view features">
      <h2 id="features-title">Features</h2>
      <p className="lede">
        A plain CNN and a SphereNet whose last hidden layer has just two units train side by side on MNIST
        (same seed, same batches, same loss). Each dot is one of 2,000 test digits placed at its 2-D feature;
        the rays are the classifier's class directions. Angular losses carve the plane into sectors —
        GA-Softmax with a larger margin m opens gaps between them.
      </p>
      <div className="features-grid">
        <aside className="panel">
          <FeaturesControls app={app} state={state} />
          <FeaturesRunBar training={training} onReset={() => send({ type: 'reset' })} />
          <p className="backend-status" aria-live="polite">
            {ts.selection ? (
              <>
                Running on <strong data-testid="active-backend">{ts.selection.backend}</strong>
              </>
            ) : (
              'Starting the training worker…'
            )}
            {ts.progress
              ? ` · ${ts.progress.task} ${Math.round((100 * ts.progress.done) / ts.progress.total)}%`
              : ''}
            {ts.dataset ? (
              <span data-testid="dataset-summary">
                {' '}
                · {ts.dataset.name}: {ts.dataset.trainCount} train / {ts.dataset.testCount} test
              </span>
            ) : null}
          </p>
          {ts.deviceLost && <p className="error">{ts.deviceLost}</p>}
          {ts.errors.map((e) => (
            <p key={e} className="error" role="alert">
              {e}
            </p>
          ))}
          {Object.values(ts.series)
            .filter((s) => s.stopped)
            .map((s) => (
              <p key={s.id} className="error">
                {s.id}: {s.stopped}
              </p>
            ))}
          <ClassLegend />
          <DigitHover
            index={hovered}
            digits={digits}
            label={hovered >= 0 ? labels?.[hovered] : undefined}
            predictions={FEATURE_MODELS.map((m) => ({
              title: m.title,
              predicted: hovered >= 0 ? snapshot?.byModel[m.id]?.predictions[hovered] : undefined,
            }))}
          />
        </aside>
        <div className="features-main">
          <ProjectionToggle app={app} state={state} />
          <div className="feature-plots">
            {FEATURE_MODELS.map((m) => (
              <ModelPanel
                key={m.id}
                id={m.id}
                title={m.title}
                data={snapshot?.byModel[m.id]}
                labels={labels}
                projection={projection}
                hovered={hovered}
                onHover={setHovered}
              />
            ))}
          </div>
          {snapshot && (
            <p className="hint" data-testid="features-step">
              Features at step {snapshot.step}.
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
