import { useEffect, useMemo, useState } from 'react';
import { formatDuration, measureStepTime, type StepTiming, shorterRunSteps } from '../../features/eta';
import { FEATURE_MODELS } from '../../features/runs';
import type { TrainingApi } from '../lab/useTraining';

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * How long the live run from scratch takes on this machine, timed over its first steps in the
 * worker, with a shorter run offered (and the full run again from a shorter one). The last timing
 * is kept for the next run's buttons until that run has timed its own steps.
 */
export function LiveRunTime(props: {
  training: TrainingApi;
  steps: number;
  /** The full run's length (the view's recipe or claim C4's). */
  full: number;
  onRun(steps: number): void;
}) {
  const { training, steps, full, onRun } = props;
  const ts = training.state;
  const points = ts.series[FEATURE_MODELS[0].id]?.losses;
  // Memoized on the points: a new timing object only when new metrics arrive.
  const measured = useMemo(() => (points ? measureStepTime(points) : undefined), [points]);
  const [last, setLast] = useState<StepTiming>();
  useEffect(() => {
    if (measured) setLast(measured);
  }, [measured]);
  const timing = measured ?? last;
  const shorter = timing ? shorterRunSteps(timing.msPerStep, full) : undefined;
  const backend = ts.selection?.backend;
  const workers = ts.workers > 1 ? ` in ${ts.workers} workers` : '';

  return (
    <div className="live-run-time" data-testid="features-eta">
      {measured ? (
        <p>
          This run of {fmt(steps)} steps takes{' '}
          <strong data-testid="features-eta-total">{formatDuration(steps * measured.msPerStep)}</strong> on
          this machine ({Math.round(measured.msPerStep)} ms a step{backend ? ` on ${backend}${workers}` : ''},
          timed over steps {measured.fromStep + 1}–{measured.toStep} here);{' '}
          {ts.step >= steps
            ? 'it has finished.'
            : `${formatDuration((steps - ts.step) * measured.msPerStep)} left${ts.running ? '' : ' (paused)'}.`}
        </p>
      ) : (
        <p>
          This run has {fmt(steps)} steps. Timing its first steps on this machine to say how long it takes…
        </p>
      )}
      {timing && (
        <div className="buttons">
          {shorter !== undefined && shorter < steps && (
            <button type="button" className="btn" onClick={() => onRun(shorter)}>
              Shorter run: {fmt(shorter)} steps ({formatDuration(shorter * timing.msPerStep)})
            </button>
          )}
          {steps < full && (
            <button type="button" className="btn" onClick={() => onRun(full)}>
              Full run: {fmt(full)} steps ({formatDuration(full * timing.msPerStep)})
            </button>
          )}
        </div>
      )}
    </div>
  );
}
