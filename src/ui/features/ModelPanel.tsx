import { useMemo } from 'react';
import { meanAngularSpread, relativeAngularSpread } from '../../engine/featureSpread';
import { AngleHistogram } from './AngleHistogram';
import { FeatureScatter } from './FeatureScatter';
import type { Projection } from './plotGeometry';

export interface ModelFeatures {
  features: Float32Array;
  classWeights: Float32Array;
  predictions: Int32Array;
}

/** One model's column: the scatter, its angle histogram and two numbers that sum them up. */
export function ModelPanel(props: {
  id: string;
  title: string;
  data?: ModelFeatures;
  labels?: number[];
  projection: Projection;
  hovered: number;
  onHover(index: number): void;
}) {
  const { id, title, data, labels } = props;
  const stats = useMemo(() => {
    if (!data || !labels) return undefined;
    let hits = 0;
    for (let i = 0; i < labels.length; i++) if (data.predictions[i] === labels[i]) hits += 1;
    return {
      accuracy: hits / labels.length,
      spreadDeg: (meanAngularSpread(data.features, labels, 10) * 180) / Math.PI,
      relative: relativeAngularSpread(data.features, labels, 10),
    };
  }, [data, labels]);

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
        <dt title="Per-class spread divided by the spread of all digits: 1 = classes overlap, 0 = each class a tight sector">
          Relative spread (per class / all)
        </dt>
        <dd data-testid={`relative-spread-${id}`}>{stats ? stats.relative.toFixed(2) : '—'}</dd>
      </dl>
    </div>
  );
}
