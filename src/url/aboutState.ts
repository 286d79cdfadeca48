import type { Schema } from './fields';

/** URL fields of the about view (filled in by that view's issue). */
export const aboutSchema = {} satisfies Schema;
