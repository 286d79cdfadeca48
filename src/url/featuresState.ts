import { enumField, numberField, type Schema } from './fields';
import { LAB_HEADS, LAB_OPERATORS } from './labState';

/** How the scatter plots show the features: as the net computes them, or projected on the unit circle. */
export const FEATURE_PROJECTIONS = ['raw', 'unit'] as const;
/** Which nets and training: the view's own (shipped snapshots) or claim C4's, as the About links open. */
export const FEATURE_RECIPES = ['view', 'claim'] as const;

/** URL fields of the Features view. Keys and labels match the Lab's, so links read the same. */
export const featuresSchema = {
  // Cosine: GA-Softmax with it is SphereFace's A-Softmax (src/features/runs.ts SHIPPED_FEATURE_SETTINGS).
  operator: { ...enumField('op', LAB_OPERATORS, 'cosine'), label: 'Operator' },
  k: { ...numberField('k', 0.3, 0.05, 2), label: 'k' },
  head: { ...enumField('loss', LAB_HEADS, 'softmax'), label: 'Loss' },
  m: { ...numberField('m', 1, 1, 4, true), label: 'Margin m' },
  seed: { ...numberField('seed', 1, 0, 2 ** 31 - 1, true), label: 'Seed' },
  projection: { ...enumField('proj', FEATURE_PROJECTIONS, 'raw'), label: 'Projection' },
  recipe: { ...enumField('recipe', FEATURE_RECIPES, 'view'), label: 'Recipe' },
} satisfies Schema;
