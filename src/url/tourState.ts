import type { Schema } from './fields';

/** URL fields of the tour view: none, each step links to the full view in its own state. */
export const tourSchema = {} satisfies Schema;
