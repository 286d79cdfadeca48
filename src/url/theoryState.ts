import type { Schema } from './fields';

/** URL fields of the theory view (filled in by that view's issue). */
export const theorySchema = {} satisfies Schema;
