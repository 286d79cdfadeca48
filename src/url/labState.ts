import type { Schema } from './fields';

/** URL fields of the Lab view (filled in by the Lab issue). */
export const labSchema = {} satisfies Schema;
