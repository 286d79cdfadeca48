import type { SeriesStyle } from './charts/RunCharts';
import { lockstepThroughput, shownSeries, type TrainingState } from './trainingStore';

const THROUGHPUT_TITLE =
  'Each step trains every model on the same batch, one after the other (in two workers: each worker’s ' +
  'models, side by side with the other’s): this is the run’s images per second through all of them, and ' +
  'each card’s time share is that model’s part of a step. On GPU backends turn on exact per-model timing ' +
  'for exact shares.';

/** The run's lockstep images/s, then per model: step, loss, test accuracy, time share — and why it stopped. */
export function StatsPanel({ state, styles }: { state: TrainingState; styles: SeriesStyle[] }) {
  const shown = shownSeries(state);
  const speed = lockstepThroughput(
    shown,
    styles.map((s) => s.id),
  );
  const together = styles.length === 2 ? 'Both models' : `All ${styles.length} models`;
  return (
    <>
      <p className="throughput" data-testid="throughput" title={THROUGHPUT_TITLE}>
        {together}, in lockstep{state.workers > 1 ? `, side by side in ${state.workers} workers` : ''}:{' '}
        <strong>{speed ? `${speed.imagesPerSecond.toFixed(0)} images/s` : '— images/s'}</strong> on{' '}
        {state.selection?.backend ?? '—'}
      </p>
      <div className="stats">
        {styles.map((s) => {
          const series = shown[s.id];
          const last = series?.losses[series.losses.length - 1];
          const acc = series?.accuracy[series.accuracy.length - 1];
          const share = speed?.shares[s.id];
          return (
            <section
              key={s.id}
              className="stat-card"
              aria-label={`${s.label} stats`}
              style={{ borderColor: s.color }}
            >
              <h3 style={{ color: s.color }}>{s.label}</h3>
              <dl>
                <dt>step</dt>
                <dd>{last?.step ?? 0}</dd>
                <dt>loss</dt>
                <dd data-testid={`loss-${s.id}`}>{last ? last.smoothed.toFixed(4) : '—'}</dd>
                <dt>test acc.</dt>
                <dd data-testid={`acc-${s.id}`}>{acc ? `${(acc.value * 100).toFixed(1)}%` : '—'}</dd>
                <dt title="This model's part of each lockstep step's time">time share</dt>
                <dd data-testid={`share-${s.id}`}>
                  {share !== undefined ? `${(100 * share).toFixed(0)}%` : '—'}
                </dd>
              </dl>
              {series?.stopped && (
                <p className="error" role="alert" data-testid={`stopped-${s.id}`}>
                  {s.label} stopped. {series.stopped}
                </p>
              )}
            </section>
          );
        })}
      </div>
    </>
  );
}
