import { useMemo } from 'react';
import { type FeatureMetrics, featureMetrics } from '../../features/metrics';
import { AngleHistogram } from './plot/AngleHistogram';
import { FeatureScatter } from './plot/FeatureScatter';
import type { Projection } from './plot/plotGeometry';

export interface ModelFeatures {
  features: Float32Array;
  classWeights: Float32Array;
  predictions: ArrayLike<number>;
}

/**
 * One model's column: the scatter, its angle histogram and the measures under it. Shipped
 * checkpoints bring their measures (computed in Node from the unquantized features); for a live
 * run they are computed here from what the worker sent, by the same function.
 */
export function ModelPanel(props: {
  id: string;
  title: string;
  data?: ModelFeatures;
  labels?: ArrayLike<number>;
  metrics?: FeatureMetrics;
  projection: Projection;
  hovered: number;
  highlighted: number;
  onHover(index: number): void;
}) {
  const { id, title, data, labels } = props;
  const computed = useMemo(
    () =>
      props.metrics || !data || !labels
        ? undefined
        : featureMetrics(data.features, labels, data.predictions, 10),
    [props.metrics, data, labels],
  );
  const stats = props.metrics ?? computed;

  return (
    <div className="model-panel">
      <FeatureScatter
        id={id}
        title={title}
        features={data?.features}
        labels={labels}
        classWeights={data?.classWeights}
        projection={props.projection}
        hovered={props.hovered}
        highlighted={props.highlighted}
        onHover={props.onHover}
      />
      <AngleHistogram
        id={id}
        title={title}
        features={data?.features}
        labels={labels}
        classWeights={data?.classWeights}
      />
      <dl className="model-stats">
        <dt>Test accuracy (2,000 digits)</dt>
        <dd data-testid={`accuracy-${id}`}>{stats ? `${(100 * stats.accuracy).toFixed(1)}%` : '—'}</dd>
        <dt title="Mean over classes of the mean angle between a digit's feature and its class's mean direction">
          Mean per-class angular spread
        </dt>
        <dd data-testid={`spread-${id}`}>{stats ? `${stats.spreadDeg.toFixed(1)}°` : '—'}</dd>
        <dt title="Going round the circle, the smallest empty angle between one class's sector (its central 90% of digits) and the next; negative when neighbouring sectors overlap">
          Minimum angular margin between class sectors
        </dt>
        <dd data-testid={`margin-${id}`}>{stats ? `${stats.marginDeg.toFixed(1)}°` : '—'}</dd>
        <dt title="Per-class spread divided by the spread of all digits: 1 = classes overlap, 0 = each class a tight sector">
          Relative spread (per class / all)
        </dt>
        <dd data-testid={`relative-spread-${id}`}>{stats ? stats.relativeSpread.toFixed(2) : '—'}</dd>
      </dl>
    </div>
  );
}
