/**
 * Seeds for a rerun: none of those results.json stores for the claim (nor C1's search seeds),
 * drawn afresh for each rerun so two readers do not repeat each other's seeds.
 */

/** Seeds are drawn from this range: far from the stored 101–105, 901–902 and 7001–7005. */
const LOW = 10_000;
const HIGH = 100_000;

export function newSeeds(
  count: number,
  avoid: readonly number[],
  random: () => number = Math.random,
): number[] {
  const taken = new Set(avoid);
  const seeds: number[] = [];
  while (seeds.length < count) {
    const seed = LOW + Math.floor(random() * (HIGH - LOW));
    if (taken.has(seed)) continue;
    taken.add(seed);
    seeds.push(seed);
  }
  return seeds;
}
