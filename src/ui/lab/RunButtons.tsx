import type { TrainingApi } from './useTraining';

/** Train / Pause / (Step) / Reset and the step count: one row of buttons for every training view. */
export function RunButtons(props: {
  training: TrainingApi;
  onReset(): void;
  withStep?: boolean;
  className?: string;
}) {
  const { training, onReset } = props;
  const { state } = training;
  const ready = state.configured && !!state.dataset;
  return (
    <div className={props.className ? `buttons ${props.className}` : 'buttons'}>
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
      {props.withStep && (
        <button
          type="button"
          className="btn"
          disabled={!ready || state.running}
          onClick={() => training.send({ type: 'step', count: 1 })}
        >
          Step
        </button>
      )}
      <button type="button" className="btn" disabled={!ready} onClick={onReset}>
        Reset
      </button>
      <output className="step-count" aria-label="Current step">
        step {state.step}
      </output>
    </div>
  );
}
