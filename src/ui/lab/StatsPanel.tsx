import type { SeriesStyle } from './charts/RunCharts';
import { shownSeries, type TrainingState } from './trainingStore';

/** Per model: step, loss, test accuracy, images/s, backend — and why it stopped, if it did. */
export function StatsPanel({ state, styles }: { state: TrainingState; styles: SeriesStyle[] }) {
  return (
    <div className="stats">
      {styles.map((s) => {
        const series = shownSeries(state)[s.id];
        const last = series?.losses[series.losses.length - 1];
        const acc = series?.accuracy[series.accuracy.length - 1];
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
              <dt>images/s</dt>
              <dd>{series?.imagesPerSecond ? series.imagesPerSecond.toFixed(0) : '—'}</dd>
              <dt>backend</dt>
              <dd>{state.selection?.backend ?? '—'}</dd>
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
  );
}
