import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../tfjs';
import { LAB_OPTIMIZERS } from '../../url/labState';
import { initWasmBackend } from '../backends/testBackend';
import { profileTrainingStep } from './stepProfile';
import { quadrantData, TWO_TINY_CNNS } from './testData';

describe('profileTrainingStep', () => {
  beforeAll(initWasmBackend);

  // The Lab's step profile builds throwaway models and optimizers on every request.
  it.each(LAB_OPTIMIZERS)(
    '%s: counts kernels and leaves no tensor behind over 20 profiles',
    async (optimizer) => {
      const data = quadrantData(64);
      const config = { ...TWO_TINY_CNNS, optimizer };
      const first = await profileTrainingStep(data, config);
      expect(first.a.kernels).toBeGreaterThan(0);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 20; i++) await profileTrainingStep(data, config);
      expect(tf.memory().numTensors).toBe(before);
    },
  );
});
