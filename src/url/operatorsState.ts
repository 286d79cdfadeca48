import type { Schema } from './fields';

/** URL fields of the operators view (filled in by that view's issue). */
export const operatorsSchema = {} satisfies Schema;
