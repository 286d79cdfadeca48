import { useMemo, useState } from 'react';
import { claimFeatureRun, claimRecipeWords } from '../../features/claimRecipe';
import { FEATURE_MODELS, FEATURE_POINTS, FEATURE_TRAINING, type FeatureSettings } from '../../features/runs';
import { ClaimFinding } from '../features/ClaimFinding';
import { FeaturesControls, FeaturesRunBar, ProjectionToggle } from '../features/FeaturesControls';
import { LiveRunTime } from '../features/LiveRunTime';
import { type ModelFeatures, ModelPanel } from '../features/ModelPanel';
import { ClassLegend } from '../features/plot/ClassLegend';
import { DigitHover } from '../features/plot/DigitHover';
import { SourceBanner, TrainingScrubber } from '../features/TrainingScrubber';
import { useFeaturePolling } from '../features/useFeaturePolling';
import { useFeatureSource } from '../features/useFeatureSource';
import { useTestDigits } from '../features/useTestDigits';
import { RecoveryNotice } from '../lab/RecoveryNotice';
import { useTraining } from '../lab/useTraining';
import type { AppStateApi } from '../useAppState';
import '../lab/lab.css';
import '../features/features.css';

const fmt = (n: number) => n.toLocaleString('en-US');

export default function FeaturesView({ app }: { app: AppStateApi }) {
  const state = app.state.states.features;
  const training = useTraining(app.state.backend, app.state.workers !== '1');
  const settings: FeatureSettings = {
    operator: state.operator,
    k: state.k,
    head: state.head,
    m: state.m,
    seed: state.seed,
    recipe: state.recipe,
  };
  // A run from scratch: the view's 3,600 steps, or claim C4's own length under its recipe.
  const fullSteps = state.recipe === 'claim' ? claimFeatureRun(settings).steps : FEATURE_TRAINING.steps;
  const { source, shipped, notice, liveRun, trainFromScratch, continueFromFinal, showShipped } =
    useFeatureSource(settings, training, fullSteps);
  const live = useFeaturePolling(training, FEATURE_POINTS, `live-${liveRun}`);
  const digits = useTestDigits(training);
  const [hovered, setHovered] = useState(-1);
  const [highlighted, setHighlighted] = useState(-1);
  const [checkpoint, setCheckpoint] = useState<{ run?: string; index: number }>({ index: -1 });
  const [playing, setPlaying] = useState(false);
  const ts = training.state;

  // What the plots show now: a shipped checkpoint (-1 = the last, converged one) or the live run.
  const showingShipped = source.kind === 'shipped' && shipped !== undefined;
  const steps = useMemo(() => shipped?.run.checkpoints.map((c) => c.step) ?? [], [shipped]);
  const index =
    checkpoint.run === shipped?.run.key && checkpoint.index >= 0 ? checkpoint.index : steps.length - 1;
  const setIndex = (i: number) => setCheckpoint({ run: shipped?.run.key, index: i });
  const view = useMemo(() => {
    if (showingShipped && shipped) {
      const row = shipped.data.checkpoints[index];
      return {
        labels: shipped.data.labels as ArrayLike<number>,
        byModel: Object.fromEntries(
          FEATURE_MODELS.map((m, j) => [
            m.id,
            {
              data: row?.[j] as ModelFeatures | undefined,
              metrics: shipped.run.checkpoints[index]?.metrics[m.id],
            },
          ]),
        ),
      };
    }
    if (source.kind === 'live' && live)
      return {
        labels: live.labels as ArrayLike<number>,
        byModel: Object.fromEntries(
          FEATURE_MODELS.map((m) => [m.id, { data: live.byModel[m.id], metrics: undefined }]),
        ),
      };
    return undefined;
  }, [showingShipped, shipped, index, source.kind, live]);

  const bannerText =
    source.kind === 'loading'
      ? 'Opening the shipped run…'
      : source.kind === 'shipped' && shipped
        ? `You are looking at the shipped run: trained offline by SphereLab's feature-training script (the README's “The views” says how to rerun it) with seed ${shipped.run.seed} for ${fmt(shipped.run.steps)} steps (batch ${FEATURE_TRAINING.batchSize}, Adam ${FEATURE_TRAINING.learningRate} decaying along a cosine, digits shifted up to ${FEATURE_TRAINING.shiftAugment} pixels${settings.head === 'ga-softmax' && settings.m > 1 ? `, the margin annealed in over the first ${fmt(FEATURE_TRAINING.steps * FEATURE_TRAINING.annealUntil)} steps` : ''}), both nets on the same batches. Nothing trains in your browser until you ask.`
        : source.kind === 'live'
          ? `You are looking at your live run, training in this browser: ${
              source.from === 'continue'
                ? `continued from the shipped run's final weights at step ${fmt(source.startStep)} (a fresh Adam state at the schedule's final rate, full margin)`
                : `from scratch, seed ${settings.seed}, stopping at ${fmt(source.steps)} steps${state.recipe === 'claim' ? ` (claim C4's recipe: ${claimRecipeWords(settings)})` : ''}`
            }; step ${fmt(source.startStep + (live?.step ?? 0))}.`
          : '';

  return (
    <section aria-labelledby="features-title" className="view features">
      <h2 id="features-title">Features</h2>
      <p className="lede">
        A plain CNN and a SphereNet whose last hidden layer has just two units train side by side on MNIST
        (same seed, same batches, same loss). Each dot is one of 2,000 test digits placed at its 2-D feature;
        the rays are the classifier's class directions. Angular losses carve the plane into sectors; the
        measures under each plot say how tight the sectors are and how much empty angle separates them.
      </p>
      <div className="features-grid">
        <aside className="panel">
          <FeaturesControls app={app} state={state} />
          <RecoveryNotice training={training} />
          {source.kind === 'live' && (
            <FeaturesRunBar training={training} onReset={() => trainFromScratch(source.steps || fullSteps)} />
          )}
          <p className="backend-status" aria-live="polite">
            {ts.selection ? (
              <>
                Live training runs on <strong data-testid="active-backend">{ts.selection.backend}</strong>
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
          {source.kind === 'live' &&
            ts.errors.map((e) => (
              <p key={e} className="error" role="alert">
                {e}
              </p>
            ))}
          {source.kind === 'live' &&
            Object.values(ts.series)
              .filter((s) => s.stopped)
              .map((s) => (
                <p key={s.id} className="error">
                  {s.id}: {s.stopped}
                </p>
              ))}
          <ClassLegend highlighted={highlighted} onHighlight={setHighlighted} />
          <DigitHover
            index={hovered}
            digits={digits}
            label={hovered >= 0 ? view?.labels[hovered] : undefined}
            predictions={FEATURE_MODELS.map((m) => ({
              title: m.title,
              predicted: hovered >= 0 ? view?.byModel[m.id]?.data?.predictions[hovered] : undefined,
            }))}
          />
        </aside>
        <div className="features-main">
          <SourceBanner
            kind={source.kind}
            text={bannerText}
            notice={source.kind === 'live' ? (notice ?? source.reason) : notice}
            canContinue={shipped !== undefined}
            canShowShipped={shipped !== undefined && source.kind === 'live'}
            onTrainLive={() => trainFromScratch()}
            onContinue={continueFromFinal}
            onShowShipped={showShipped}
          />
          {source.kind === 'live' && source.from === 'scratch' && (
            <LiveRunTime training={training} steps={source.steps} full={fullSteps} onRun={trainFromScratch} />
          )}
          {showingShipped && (
            <TrainingScrubber
              steps={steps}
              index={index}
              playing={playing}
              onIndex={setIndex}
              onPlaying={setPlaying}
            />
          )}
          <ProjectionToggle app={app} state={state} />
          <div className="features-figure">
            <div className="feature-plots">
              {FEATURE_MODELS.map((m) => (
                <ModelPanel
                  key={m.id}
                  id={m.id}
                  title={m.title}
                  data={view?.byModel[m.id]?.data}
                  metrics={view?.byModel[m.id]?.metrics}
                  labels={view?.labels}
                  projection={state.projection}
                  hovered={hovered}
                  highlighted={highlighted}
                  onHover={setHovered}
                />
              ))}
            </div>
            <ClaimFinding app={app} settings={settings} />
          </div>
          {source.kind === 'live' && live && (
            <p className="hint" data-testid="features-step">
              Features at step {fmt(source.startStep + live.step)}.
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
