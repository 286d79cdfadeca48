import type { Schema } from './fields';

/** URL fields of the features view (filled in by that view's issue). */
export const featuresSchema = {} satisfies Schema;
