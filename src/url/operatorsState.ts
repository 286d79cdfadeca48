import { DEFAULT_SIGMOID_K, LEARNABLE_K_INIT, LEARNABLE_K_OFFSET } from '../sphere/angular';
import { numberField, type Schema } from './fields';

/** Learnable sigmoid's effective k when training starts: |0.7| + 0.05. */
export const LEARNABLE_K_START = Math.abs(LEARNABLE_K_INIT) + LEARNABLE_K_OFFSET;

/**
 * URL fields of the Operators view: the sigmoid's k, the learnable sigmoid's effective k, and
 * the two draggable 2-D vectors w and x (angle in degrees from the +x axis, length).
 */
export const operatorsSchema = {
  k: { ...numberField('k', DEFAULT_SIGMOID_K, 0.05, 2), label: 'sigmoid k' },
  learnableK: { ...numberField('lk', LEARNABLE_K_START, 0.05, 2), label: 'learnable sigmoid k' },
  wAngle: { ...numberField('wa', 20, -180, 180), label: 'w direction' },
  wLength: { ...numberField('wl', 1.5, 0.1, 2), label: 'w length' },
  xAngle: { ...numberField('xa', 75, -180, 180), label: 'x direction' },
  xLength: { ...numberField('xl', 1, 0.1, 2), label: 'x length' },
} satisfies Schema;
