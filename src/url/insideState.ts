import { enumField, numberField, type Schema } from './fields';

/** Whose nets the Inside view opens: the Lab's run (trained here), or the shipped Features run. */
export const INSIDE_SOURCES = ['lab', 'features'] as const;
/** Which nets are shown: both side by side, or one (the run's first SphereNet / first CNN). */
export const INSIDE_NETS = ['both', 'sphere', 'cnn'] as const;
/** The deepest net the Lab and Features build has 3 stages × 3 convs. */
export const INSIDE_MAX_LAYER = 8;

/** URL fields of the Inside view. A drawn digit is not in the URL (its pixels are the user's). */
export const insideSchema = {
  source: { ...enumField('src', INSIDE_SOURCES, 'lab'), label: 'Nets from' },
  digit: { ...numberField('digit', 0, 0, 59_999, true), label: 'Input (test digit and drawing)' },
  layer: { ...numberField('layer', 0, 0, INSIDE_MAX_LAYER, true), label: 'Layer choice' },
  net: { ...enumField('net', INSIDE_NETS, 'both'), label: 'Nets shown' },
} satisfies Schema;
