import { useEffect } from 'react';

/** Milliseconds per checkpoint while playing: the ~20 checkpoints of a run in about 8 s. */
const PLAY_MS = 400;

/**
 * The "Training step" slider over a shipped run's checkpoints (both nets move together) and a
 * play button that walks through them.
 */
export function TrainingScrubber(props: {
  steps: number[];
  index: number;
  playing: boolean;
  onIndex(index: number): void;
  onPlaying(playing: boolean): void;
}) {
  const { steps, index, playing, onIndex, onPlaying } = props;
  const last = steps.length - 1;

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      if (index >= last) onPlaying(false);
      else onIndex(index + 1);
    }, PLAY_MS);
    return () => clearInterval(timer);
  }, [playing, index, last, onIndex, onPlaying]);

  return (
    <div className="scrubber">
      <button
        type="button"
        className="btn"
        aria-label={playing ? 'Pause the training animation' : 'Play training'}
        onClick={() => {
          if (!playing && index >= last) onIndex(0);
          onPlaying(!playing);
        }}
      >
        {playing ? '❚❚ Pause' : '▶ Play'}
      </button>
      <label htmlFor="training-step">
        Training step <output data-testid="training-step">{steps[index]?.toLocaleString('en-US')}</output> of{' '}
        {steps[last]?.toLocaleString('en-US')}
      </label>
      <input
        id="training-step"
        type="range"
        min={0}
        max={last}
        step={1}
        value={index}
        aria-valuetext={`step ${steps[index]}`}
        onChange={(e) => {
          onPlaying(false);
          onIndex(Number(e.target.value));
        }}
      />
    </div>
  );
}

/** What the plots show, in words, and the buttons that switch it. */
export function SourceBanner(props: {
  kind: 'loading' | 'shipped' | 'live';
  text: string;
  notice?: string;
  canContinue: boolean;
  canShowShipped: boolean;
  onTrainLive(): void;
  onContinue(): void;
  onShowShipped(): void;
}) {
  return (
    <div
      className={`source-banner source-${props.kind}`}
      data-testid="features-source"
      data-source={props.kind}
    >
      <p>{props.text}</p>
      {props.notice && (
        <p className="notice" role="status" data-testid="features-notice">
          {props.notice}
        </p>
      )}
      <div className="buttons">
        <button type="button" className="btn" onClick={props.onTrainLive}>
          Train live (from scratch)
        </button>
        {props.canContinue && (
          <button type="button" className="btn" onClick={props.onContinue}>
            Continue from the final weights
          </button>
        )}
        {props.canShowShipped && (
          <button type="button" className="btn" onClick={props.onShowShipped}>
            Show the shipped run
          </button>
        )}
      </div>
    </div>
  );
}
