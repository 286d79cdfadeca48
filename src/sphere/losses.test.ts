import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../engine/backends/testBackend';
import * as tf from '../tfjs';
import type { SphereOperator } from './angular';
import { setAngularImpl } from './angularTensor';
import { gaSoftmaxLoss, orthogonalityPenalty } from './losses';
import { checkCustomOp } from './testing/gradientCheck';
import { paperOperator, randomArray, seededRandom } from './testing/testReference';

beforeAll(initWasmBackend);

/** Plain angular softmax computed independently: logits ‖x‖·g(θ_j) from explicit angles (m = 1, k = 0.3). */
function plainAngularSoftmax(
  x: Float32Array,
  w: Float32Array,
  labels: number[],
  d: number,
  c: number,
  op: SphereOperator,
) {
  return gaSoftmaxFloat64(
    Float64Array.from(x),
    Float64Array.from(w),
    new Float64Array(c).fill(0.3),
    labels,
    d,
    1,
    0,
    op,
  );
}

describe('gaSoftmaxLoss', () => {
  const d = 5;
  const c = 4;
  const rand = seededRandom(21);
  const x = randomArray(8 * d, rand, -2, 2);
  const w = randomArray(d * c, rand);
  const labels = [0, 1, 2, 3, 3, 2, 1, 0];

  it.each(['linear', 'cosine', 'sigmoid'] as SphereOperator[])(
    '%s, m = 1 equals the plain angular softmax',
    (op) => {
      const loss = gaSoftmaxLoss(
        tf.tensor1d(labels, 'int32'),
        tf.tensor2d(x, [8, d]),
        tf.tensor2d(w, [d, c]),
        {
          operator: op,
          m: 1,
          k: 0.3,
        },
      );
      expect(loss.dataSync()[0]).toBeCloseTo(plainAngularSoftmax(x, w, labels, d, c, op), 4);
    },
  );

  it.each(['linear', 'cosine', 'sigmoid'] as SphereOperator[])('%s: a larger m gives a larger loss', (op) => {
    const losses = [1, 1.5, 2, 3, 4].map(
      (m) =>
        gaSoftmaxLoss(tf.tensor1d(labels, 'int32'), tf.tensor2d(x, [8, d]), tf.tensor2d(w, [d, c]), {
          operator: op,
          m,
        }).dataSync()[0],
    );
    for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeGreaterThan(losses[i - 1]);
  });

  it('anneals: λ = 0 is the full margin, a huge λ the plain angular softmax, the loss falls as λ grows', () => {
    const loss = (m: number, anneal?: number) =>
      gaSoftmaxLoss(tf.tensor1d(labels, 'int32'), tf.tensor2d(x, [8, d]), tf.tensor2d(w, [d, c]), {
        operator: 'cosine',
        m,
        anneal,
      }).dataSync()[0];
    expect(loss(4, 0)).toBe(loss(4));
    expect(loss(4, 1e6)).toBeCloseTo(loss(1), 4);
    const byLambda = [0, 0.5, 2, 10, 100].map((l) => loss(4, l));
    for (let i = 1; i < byLambda.length; i++) expect(byLambda[i]).toBeLessThan(byLambda[i - 1]);
    // With m = 1 the blend is g itself: annealing changes nothing.
    expect(loss(1, 10)).toBeCloseTo(loss(1), 5);
  });

  it('accepts one-hot labels and has finite gradients for zero features', () => {
    const oneHot = tf.oneHot(tf.tensor1d(labels, 'int32'), c);
    const a = gaSoftmaxLoss(oneHot, tf.tensor2d(x, [8, d]), tf.tensor2d(w, [d, c]), {
      operator: 'cosine',
      m: 2,
    });
    const b = gaSoftmaxLoss(tf.tensor1d(labels, 'int32'), tf.tensor2d(x, [8, d]), tf.tensor2d(w, [d, c]), {
      operator: 'cosine',
      m: 2,
    });
    expect(a.dataSync()[0]).toBeCloseTo(b.dataSync()[0], 6);
    const g = tf.grads((f: tf.Tensor, wt: tf.Tensor) =>
      gaSoftmaxLoss(oneHot, f as tf.Tensor2D, wt as tf.Tensor2D, { operator: 'sigmoid', m: 3 }),
    )([tf.zeros([8, d]), tf.tensor2d(w, [d, c])]);
    for (const t of g) expect(tf.all(tf.isFinite(t)).dataSync()[0]).toBe(1);
  });
});

/**
 * GA-Softmax in float64 from the paper: ψ(mθ) = g(mθ − qπ) − 2q for the target, k per class,
 * smoothing ε (a function declaration: hoisted, so plainAngularSoftmax above can use it).
 */
function gaSoftmaxFloat64(
  x: Float64Array,
  w: Float64Array,
  k: Float64Array,
  labels: number[],
  d: number,
  m: number,
  eps: number,
  op: SphereOperator = 'sigmoid',
): number {
  const c = k.length;
  let total = 0;
  labels.forEach((y, i) => {
    const row = x.subarray(i * d, (i + 1) * d);
    const xNorm = Math.sqrt(row.reduce((s, v) => s + v * v, 0) + 1e-4);
    const logits = Array.from({ length: c }, (_, j) => {
      let dot = 0;
      let wn = 0;
      for (let t = 0; t < d; t++) {
        dot += row[t] * w[t * c + j];
        wn += w[t * c + j] ** 2;
      }
      const theta = Math.acos(Math.min(1 - 1e-6, Math.max(-1 + 1e-6, dot / (xNorm * Math.sqrt(wn + 1e-4)))));
      if (j !== y) return xNorm * paperOperator(op, theta, k[j]);
      const q = Math.floor((m * theta) / Math.PI);
      return xNorm * (paperOperator(op, m * theta - q * Math.PI, k[j]) - 2 * q);
    });
    const max = Math.max(...logits);
    const lse = max + Math.log(logits.reduce((s, l) => s + Math.exp(l - max), 0));
    logits.forEach((l, j) => {
      total -= ((j === y ? 1 - eps : 0) + eps / c) * (l - lse);
    });
  });
  return total / labels.length;
}

describe('GA-Softmax with a learnable k per class (gradient check)', () => {
  it('loss and its x, w and k gradients (m = 2, smoothing 0.01) match tf.js ops and float64 finite differences', async () => {
    const d = 4;
    const rand = seededRandom(31);
    const labels = [0, 1, 2, 2, 1, 0];
    const loss = ([x, w, k]: tf.Tensor[]) =>
      gaSoftmaxLoss(tf.tensor1d(labels, 'int32'), x as tf.Tensor2D, w as tf.Tensor2D, {
        operator: 'learnable-sigmoid',
        m: 2,
        k,
        labelSmoothing: 0.01,
      });
    await checkCustomOp({
      name: 'gaSoftmaxLoss learnable k',
      inputs: [
        tf.tensor2d(randomArray(6 * d, rand, -2, 2), [6, d]),
        tf.tensor2d(randomArray(d * 3, rand), [d, 3]),
        tf.tensor1d([0.1, 0.4, 0.9]),
      ],
      custom: (ts) => {
        setAngularImpl('fused');
        return loss(ts);
      },
      reference: (ts) => {
        setAngularImpl('composite');
        const out = loss(ts);
        setAngularImpl('auto');
        return out;
      },
      float64: ([x, w, k]) => Float64Array.of(gaSoftmaxFloat64(x, w, k, labels, d, 2, 0.01)),
    });
    setAngularImpl('auto');
  });
});

describe('orthogonalityPenalty', () => {
  it('is 0 for orthonormal columns and ‖WᵀW − I‖² otherwise', () => {
    const q = tf.linalg.qr(tf.randomNormal([18, 4], 0, 1, 'float32', 2))[0];
    expect(orthogonalityPenalty(q.reshape([3, 3, 2, 4])).dataSync()[0]).toBeLessThan(1e-9);
    // W = 2·Q: WᵀW − I = 3I → penalty 9·4.
    expect(orthogonalityPenalty(tf.mul(q, 2)).dataSync()[0]).toBeCloseTo(36, 3);
  });
});
