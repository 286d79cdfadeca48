import { numberField, type Schema } from './fields';

/** URL fields of the Theory view: the rescaling factor c (log slider) and the random problem's seed. */
export const theorySchema = {
  c: { ...numberField('c', 10, 1, 100), label: 'rescaling c' },
  seed: { ...numberField('seed', 1, 0, 2 ** 31 - 1, true), label: 'problem seed' },
} satisfies Schema;
