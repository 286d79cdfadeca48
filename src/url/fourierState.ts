import type { Schema } from './fields';

/** URL fields of the fourier view (filled in by that view's issue). */
export const fourierSchema = {} satisfies Schema;
