/**
 * The recurrent cells' part of the mutation lists (scripts/mutate-list.ts merges it in): the files
 * of the automatic pass with the tests that cover them, and their equivalent survivors. id → why.
 */

const R = 'src/sphere/recurrent/';

export const RECURRENT_AUTO_FILES: Record<string, string[]> = {
  [`${R}cells.ts`]: [`${R}cells.test.ts`, `${R}model.test.ts`],
  [`${R}transform.ts`]: [`${R}cells.test.ts`, `${R}model.test.ts`],
  [`${R}model.ts`]: [`${R}model.test.ts`],
};

export const RECURRENT_EQUIVALENT: Record<string, string> = {
  'A src/sphere/recurrent/model.ts:39:18 0→1':
    'the model counter only makes variable names unique; starting at 1 keeps them unique',
  'A src/sphere/recurrent/model.ts:46:17 1→2': 'as above: counting by 2 keeps the names unique',
};
