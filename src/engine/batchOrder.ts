/** mulberry32: a tiny, fast, well-mixed 32-bit PRNG; same seed, same sequence on every platform. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeded epoch-by-epoch permutation of the training set: the seed fixes the batch order. */
export class BatchOrder {
  private readonly rand: () => number;
  private perm: Int32Array;
  private cursor = 0;

  constructor(
    private readonly count: number,
    seed: number,
  ) {
    this.rand = mulberry32(seed ^ 0x5eed);
    this.perm = this.shuffled();
  }

  private shuffled(): Int32Array {
    const p = new Int32Array(this.count);
    for (let i = 0; i < this.count; i++) p[i] = i;
    for (let i = this.count - 1; i > 0; i--) {
      const j = Math.floor(this.rand() * (i + 1));
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  next(batchSize: number): Int32Array {
    const out = new Int32Array(batchSize);
    for (let i = 0; i < batchSize; i++) {
      if (this.cursor >= this.count) {
        this.perm = this.shuffled();
        this.cursor = 0;
      }
      out[i] = this.perm[this.cursor++];
    }
    return out;
  }
}
