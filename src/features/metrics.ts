import { meanAngularSpread, minAngularMargin, relativeAngularSpread } from './spread';

/** What the Features view shows under each plot, for one net at one moment of training. */
export interface FeatureMetrics {
  /** Share of the test digits predicted right, in [0, 1]. */
  accuracy: number;
  /** Mean over classes of the mean angle between a digit's feature and its class's mean direction (degrees). */
  spreadDeg: number;
  /** Per-class spread ÷ the spread of all digits about their common mean direction. */
  relativeSpread: number;
  /** Smallest empty angle between neighbouring class sectors (degrees; negative = sectors overlap). */
  marginDeg: number;
}

const DEG = 180 / Math.PI;

/** Measured, never assumed: the same function for shipped checkpoints (in Node) and live runs (in the page). */
export function featureMetrics(
  features: ArrayLike<number>,
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
  numClasses: number,
): FeatureMetrics {
  let hits = 0;
  for (let i = 0; i < labels.length; i++) if (predictions[i] === labels[i]) hits += 1;
  return {
    accuracy: labels.length ? hits / labels.length : Number.NaN,
    spreadDeg: meanAngularSpread(features, labels, numClasses) * DEG,
    relativeSpread: relativeAngularSpread(features, labels, numClasses),
    marginDeg: minAngularMargin(features, labels, numClasses) * DEG,
  };
}
