import type { TrainingApi } from './useTraining';

/**
 * After a lost device or a crashed worker: what happened, what runs now, and the user's choice of
 * going on from the last weights read back or training the run again. The curves stay either way.
 */
export function RecoveryNotice({ training }: { training: TrainingApi }) {
  const { state } = training;
  if (state.failed) return <FailedNotice training={training} message={state.failed} />;
  const recovery = state.recovery;
  if (!recovery) return null;
  const ready = state.configured && state.dataset !== undefined && !state.running;
  const snapshotStep = recovery.snapshotStep ?? 0;
  return (
    <div className="notice recovery-notice" role="alert" data-testid="recovery-notice">
      <p>
        {recovery.reason}
        {recovery.step > 0 && ` The run had reached step ${recovery.step}; its curves are kept.`}
        {recovery.step > 0 &&
          snapshotStep === 0 &&
          ' No weights had been read back yet: it can only restart.'}
      </p>
      {recovery.step > 0 && (
        <div className="buttons">
          {snapshotStep > 0 && (
            <button type="button" className="btn primary" disabled={!ready} onClick={training.continueRun}>
              Continue from step {snapshotStep}
            </button>
          )}
          <button type="button" className="btn" disabled={!ready} onClick={training.restartRun}>
            Restart
          </button>
        </div>
      )}
      {!ready && <p className="muted">Starting the new worker…</p>}
    </div>
  );
}

/** The worker crashed twice in a short while: nothing runs; reload, another backend, or one more try. */
function FailedNotice({ training, message }: { training: TrainingApi; message: string }) {
  const step = training.state.recovery?.step ?? training.state.step;
  return (
    <div className="notice recovery-notice" role="alert" data-testid="recovery-notice">
      <p>
        {message}
        {step > 0 && ` The run had reached step ${step}; its curves are kept.`}
      </p>
      <div className="buttons">
        <button type="button" className="btn primary" onClick={() => window.location.reload()}>
          Reload the page
        </button>
        <button type="button" className="btn" onClick={training.retryWorker}>
          Try again
        </button>
      </div>
    </div>
  );
}
