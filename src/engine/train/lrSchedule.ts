import type { RunConfig } from '../types';
/** Learning-rate schedules (RunConfig.lrSchedule). Plain math: the UI reads it too, without tf.js. */

/** The schedule's floor: the cosine ends at this fraction of the base learning rate, not at 0. */
export const COSINE_LR_FLOOR = 0.02;

/** The learning rate of the step after `step` steps have run (RunConfig.lrSchedule). */
export function scheduledLearningRate(config: RunConfig, step: number): number {
  if (config.lrSchedule !== 'cosine' || !(config.maxSteps > 0)) return config.learningRate;
  const t = Math.min(1, step / config.maxSteps);
  return config.learningRate * (COSINE_LR_FLOOR + (1 - COSINE_LR_FLOOR) * 0.5 * (1 + Math.cos(Math.PI * t)));
}
