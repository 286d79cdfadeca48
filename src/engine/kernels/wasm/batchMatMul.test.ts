import { beforeAll, describe, expect, it } from 'vitest';
import { checkCustomOp } from '../../../sphere/testing/gradientCheck';
import * as tf from '../../../tfjs';
import { initWasmBackend } from '../../backends/testBackend';

/** a·b in float64 for rank-3 operands (batch 1 broadcasts), each optionally transposed. */
function referenceMatMul(
  a: Float64Array,
  aShape: number[],
  b: Float64Array,
  bShape: number[],
  ta: boolean,
  tb: boolean,
): Float64Array {
  const [ba, ra, ca] = aShape;
  const [bb, rb, cb] = bShape;
  const m = ta ? ca : ra;
  const k = ta ? ra : ca;
  const n = tb ? rb : cb;
  const batch = Math.max(ba, bb);
  const out = new Float64Array(batch * m * n);
  for (let t = 0; t < batch; t++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let l = 0; l < k; l++) {
          const av = a[(ba === 1 ? 0 : t) * ra * ca + (ta ? l * ca + i : i * ca + l)];
          const bv = b[(bb === 1 ? 0 : t) * rb * cb + (tb ? j * cb + l : l * cb + j)];
          s += av * bv;
        }
        out[(t * m + i) * n + j] = s;
      }
  return out;
}

describe('wasm BatchMatMul (transposed operands transposed explicitly)', () => {
  beforeAll(initWasmBackend);

  const cases: [number[], number[], boolean, boolean][] = [
    [[1, 7, 5], [1, 7, 3], true, false],
    [[1, 4, 6], [1, 3, 6], false, true],
    [[1, 6, 4], [1, 3, 6], true, true],
    [[1, 4, 6], [1, 6, 3], false, false],
    [[3, 5, 4], [3, 5, 2], true, false],
    [[2, 4, 5], [2, 3, 5], false, true],
  ];
  for (const [as, bs, ta, tb] of cases) {
    it(`a${as}${ta ? 'ᵀ' : ''} · b${bs}${tb ? 'ᵀ' : ''}`, async () => {
      const op = ([a, b]: tf.Tensor[]) => tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D, ta, tb);
      await checkCustomOp({
        name: `matMul a${as} b${bs} ${ta}/${tb}`,
        inputs: [tf.randomNormal(as, 0, 1, 'float32', 3), tf.randomNormal(bs, 0, 1, 'float32', 4)],
        custom: op,
        reference: op,
        referenceBackend: 'cpu',
        float64: ([a, b]) => referenceMatMul(a, as, b, bs, ta, tb),
      });
    });
  }

  // tf.js' own matMul gradient rejects a broadcast batch, so these check values only.
  it('broadcast batch: values equal float64 and tfjs-cpu', async () => {
    const broadcast: [number[], number[], boolean, boolean][] = [
      [[2, 4, 5], [1, 3, 5], false, true],
      [[1, 5, 4], [3, 2, 5], true, true],
    ];
    for (const [as, bs, ta, tb] of broadcast) {
      const av = Float32Array.from({ length: as[0] * as[1] * as[2] }, (_, i) => Math.sin(i + 1));
      const bv = Float32Array.from({ length: bs[0] * bs[1] * bs[2] }, (_, i) => Math.cos(i + 2));
      const values: Float32Array[] = [];
      for (const backend of ['wasm', 'cpu']) {
        await tf.setBackend(backend);
        values.push(
          tf.tidy(
            () =>
              tf
                .matMul(
                  tf.tensor3d(av, as as [number, number, number]),
                  tf.tensor3d(bv, bs as [number, number, number]),
                  ta,
                  tb,
                )
                .dataSync() as Float32Array,
          ),
        );
      }
      await tf.setBackend('wasm');
      const exact = referenceMatMul(Float64Array.from(av), as, Float64Array.from(bv), bs, ta, tb);
      for (const v of values) {
        expect(v.length).toBe(exact.length);
        v.forEach((x, i) => {
          expect(Math.abs(x - exact[i])).toBeLessThan(1e-5);
        });
      }
    }
  });

  it('rank 2, as a dense layer uses it, and no leaked tensors', () => {
    const x = tf.randomNormal([8, 12], 0, 1, 'float32', 5);
    const w = tf.variable(tf.randomNormal([12, 3], 0, 1, 'float32', 6));
    const before = tf.memory().numTensors;
    const g = tf.grad((v: tf.Tensor) =>
      tf
        .matMul(x as tf.Tensor2D, v as tf.Tensor2D)
        .square()
        .sum(),
    )(w);
    const expected = tf.tidy(() => tf.matMul(x.transpose(), tf.matMul(x as tf.Tensor2D, w).mul(2)));
    expect(
      Array.from(g.dataSync())
        .map((v, i) => v - expected.dataSync()[i])
        .every((d) => Math.abs(d) < 1e-4),
    ).toBe(true);
    tf.dispose([g, expected]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
