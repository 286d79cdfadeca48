import * as tf from '../tfjs';
import { heNormalStddev } from './recipe';

/**
 * The official code's kernel initializer (recipe.ts): a plain normal with stddev sqrt(2/fan_in),
 * not truncated. Seeded, so a baseline conv and the SphereConv at the same position draw the
 * same initial kernel.
 */
export function heNormal(
  fanIn: number,
  seed: number | undefined,
): ReturnType<typeof tf.initializers.randomNormal> {
  return tf.initializers.randomNormal({ mean: 0, stddev: heNormalStddev(fanIn), seed });
}
