/**
 * Seeded randomness for data work (batch order, synthetic files): same seed, same numbers on every
 * browser, worker and Node, because everything is 32-bit integer arithmetic (Math.imul).
 */

export type Rand = () => number;

/** mulberry32: a tiny, fast, well-mixed 32-bit PRNG. Returns floats in [0, 1). */
export function mulberry32(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform integer in [0, n). */
export function randomInt(rand: Rand, n: number): number {
  return Math.floor(rand() * n);
}

/** Fisher–Yates in place; returns the same array. */
export function shuffleInPlace<T extends { length: number; [i: number]: any }>(items: T, rand: Rand): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
  return items;
}

/** A seeded permutation of 0..n-1. */
export function seededPermutation(n: number, seed: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return shuffleInPlace(p, mulberry32(seed));
}

/**
 * Standard normal samples (Box–Muller; the spare value is kept so each pair of uniforms gives two
 * normals). Multiply by std and add the mean for other normals.
 */
export function normalSampler(rand: Rand): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    // 1 - rand() is in (0, 1], so the log is finite.
    const r = Math.sqrt(-2 * Math.log(1 - rand()));
    const theta = 2 * Math.PI * rand();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}

/**
 * Endless seeded epochs over a training set: each epoch is a fresh permutation, so the seed alone
 * fixes every batch. `next(b)` crosses epoch boundaries seamlessly.
 */
export class SeededBatchOrder {
  private readonly rand: Rand;
  private perm: Int32Array;
  private cursor = 0;
  epoch = 0;

  constructor(
    private readonly count: number,
    seed: number,
  ) {
    if (!(count > 0)) throw new Error(`A batch order needs at least one example (got ${count}).`);
    this.rand = mulberry32(seed);
    this.perm = this.fresh();
  }

  private fresh(): Int32Array {
    const p = new Int32Array(this.count);
    for (let i = 0; i < this.count; i++) p[i] = i;
    return shuffleInPlace(p, this.rand);
  }

  next(batchSize: number): Int32Array {
    const out = new Int32Array(batchSize);
    for (let i = 0; i < batchSize; i++) {
      if (this.cursor >= this.count) {
        this.perm = this.fresh();
        this.cursor = 0;
        this.epoch++;
      }
      out[i] = this.perm[this.cursor++];
    }
    return out;
  }
}
