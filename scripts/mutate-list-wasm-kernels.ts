/**
 * Equivalent survivors of the automatic pass over wasm kernels added in issue 27's fifth pass
 * (scripts/mutate-list.ts merges them in).
 *
 * src/engine/kernels/wasm/sphereConv/filterNorms.ts (117 mutants: 102 killed, these 15 equivalent). Most are loop
 * bounds `<` → `<=` whose one extra iteration only reads or writes one element past a typed
 * array (reads give undefined, writes are dropped), or writes an element that the next row's
 * iteration overwrites before anything reads it.
 */
const F = 'A src/engine/kernels/wasm/sphereConv/filterNorms.ts';
const PAST_THE_END =
  'the extra iteration only touches elements past the end of a typed array (dropped writes)';
const NEXT_ROW =
  "the extra element written is the next row's first, which that row's own iteration overwrites; the last row's is past the end";

export const FILTER_NORMS_EQUIVALENT: Record<string, string> = {
  [`${F}:21:27 <→<=`]: PAST_THE_END,
  [`${F}:22:23 <→<=`]: NEXT_ROW,
  [`${F}:30:23 <→<=`]: 'dots[units] is past the end of dots: the extra sum is dropped',
  [`${F}:32:21 <→<=`]: PAST_THE_END,
  [`${F}:33:27 <→<=`]: PAST_THE_END,
  [`${F}:34:23 <→<=`]: NEXT_ROW,
  [`${F}:40:23 <→<=`]: 'r[units] is past the end of r: the extra sum is dropped',
  [`${F}:41:21 <→<=`]: PAST_THE_END,
  [`${F}:52:21 <→<=`]: 'row p = units of the gram lies past its end: every write there is dropped',
  [`${F}:55:16 3→4`]:
    'blocks of four only while o + 4 < units: the rest goes through the one-column loop, which sums the same products in the same order',
  [`${F}:71:20 +→-`]:
    'the mirror loop from q = p − 1: it rewrites (p − 1, p) and (p, p) with the values they already hold (the gram is symmetric)',
  [`${F}:71:27 <→<=`]:
    'q = units writes past the row into the next row, which its own pass sets afterwards, or past the end',
  [`${F}:80:21 <→<=`]: 'rows[units] is past the end of the output: dropped',
  [`${F}:90:21 <→<=`]: 'p = units writes past the end of the output: dropped',
  [`${F}:91:23 <→<=`]: NEXT_ROW,
};

const C = 'A src/engine/kernels/wasm/conv2d.ts';
const OTHER_PATH =
  'only moves a conv between the SIMD kernel and XNNPACK, which give the same values (conv2d.test.ts)';

/** src/engine/kernels/wasm/conv2d.ts (15 mutants: 10 killed, these 5 equivalent). */
export const CONV2D_EQUIVALENT: Record<string, string> = {
  [`${C}:44:67 0→1`]: 'inside a type (Parameters<…>[0]): erased at run time',
  [`${C}:91:20 >→>=`]: `an empty output (no rows) then takes the SIMD kernel, which writes nothing, as XNNPACK does: ${OTHER_PATH}`,
  [`${C}:91:22 0→1`]: `one-row outputs then go to XNNPACK: ${OTHER_PATH}`,
  [`${C}:92:19 >→>=`]: `an empty output (no columns) then takes the SIMD kernel, which writes nothing: ${OTHER_PATH}`,
  [`${C}:92:21 0→1`]: `one-column outputs then go to XNNPACK: ${OTHER_PATH}`,
};

const P = 'A src/engine/kernels/wasm/sphereConv/poolAngular.ts';

/**
 * src/engine/kernels/wasm/sphereConv/poolAngular.ts (62 mutants of the automatic pass; these 2 equivalent): the
 * batch loops' bounds of the JavaScript paths, whose extra image only reads and writes past the
 * ends of typed arrays.
 */
export const POOL_ANGULAR_EQUIVALENT: Record<string, string> = {
  [`${P}:41:25 <→<=`]: PAST_THE_END,
  [`${P}:81:21 <→<=`]: PAST_THE_END,
};
