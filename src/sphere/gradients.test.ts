import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../engine/backends/testBackend';
import * as tf from '../tfjs';
import { LEARNABLE_K_OFFSET, type SphereOperator } from './angular';
import { angularFromCos, setAngularImpl } from './angularTensor';
import { SphereConv2D } from './layers';
import { sphereConv2d } from './sphereConv';
import { checkCustomOp } from './testing/gradientCheck';
import {
  paperOperator,
  randomArray,
  referenceMaxPool,
  referenceSphereConv,
  seededRandom,
} from './testing/testReference';

beforeAll(initWasmBackend);

/** Runs f with the composite (tf.js ops) operator: the reference side of the checks. */
function composite<T>(f: () => T): T {
  setAngularImpl('composite');
  try {
    return f();
  } finally {
    setAngularImpl('auto');
  }
}

/** g(acos c) from the paper's formula, clamped as the code clamps (then relu if asked). */
function paperFromCos(op: SphereOperator, c: number, k: number, relu: boolean): number {
  if (op === 'cosine') return relu ? Math.max(c, 0) : c;
  const g = paperOperator(op, Math.acos(Math.min(1 - 1e-6, Math.max(-1 + 1e-6, c))), k);
  return relu ? Math.max(g, 0) : g;
}

/** Cosines spread over (−0.999, 0.999), channels last. */
function cosines(n: number, channels: number, seed: number): tf.Tensor2D {
  return tf.tensor2d(randomArray(n * channels, seededRandom(seed), -0.999, 0.999), [n, channels]);
}

describe('fused angular operator (gradient check)', () => {
  for (const relu of [false, true]) {
    it.each([
      ['linear', 1],
      ['sigmoid', 0.05],
      ['sigmoid', 0.3],
      ['sigmoid', 2],
    ] as const)(`%s, k = %s, relu ${relu}`, async (op, k) => {
      const cos = cosines(30, 3, 11);
      await checkCustomOp({
        name: `fused ${op} k=${k}`,
        inputs: [cos],
        custom: ([c]) => angularFromCos(c, op, k, { relu, impl: 'fused' }),
        reference: ([c]) => angularFromCos(c, op, k, { relu, impl: 'composite' }),
        float64: ([c]) => c.map((v) => paperFromCos(op, v, k, relu)),
      });
    });

    it(`learnable k per channel: dg/dc and dg/dk, relu ${relu}`, async () => {
      const cos = cosines(30, 4, 12);
      const k = tf.tensor1d([0.05, 0.2, 0.75, 1.9]);
      await checkCustomOp({
        name: 'fused learnable-sigmoid',
        inputs: [cos, k],
        custom: ([c, kk]) => angularFromCos(c, 'learnable-sigmoid', kk, { relu, impl: 'fused' }),
        reference: ([c, kk]) => angularFromCos(c, 'learnable-sigmoid', kk, { relu, impl: 'composite' }),
        float64: ([c, kk]) => c.map((v, i) => paperFromCos('sigmoid', v, kk[i % 4], relu)),
      });
    });
  }
});

const operators: SphereOperator[] = ['linear', 'cosine', 'sigmoid', 'learnable-sigmoid'];

describe('sphereConv2d (gradient check: fused operator vs tf.js ops vs float64 paper formulas)', () => {
  it.each(operators)('%s: x, w (and k) gradients, stride 1 same and stride 2 valid', async (operator) => {
    const rand = seededRandom(17);
    for (const g of [
      { strides: 1, padding: 'same' as const, size: 6 },
      { strides: 2, padding: 'valid' as const, size: 7 },
    ]) {
      const xShape: [number, number, number, number] = [2, g.size, g.size, 3];
      const wShape: [number, number, number, number] = [3, 3, 3, 4];
      const learnable = operator === 'learnable-sigmoid';
      const inputs = [
        tf.tensor4d(randomArray(2 * g.size * g.size * 3, rand, -0.5, 1), xShape),
        tf.tensor4d(randomArray(3 * 3 * 3 * 4, rand), wShape),
        tf.tensor1d([0.1, 0.3, 0.8, 1.5]),
      ];
      const run = ([x, w, k]: tf.Tensor[]) =>
        sphereConv2d(x as tf.Tensor4D, w as tf.Tensor4D, {
          operator,
          k: learnable ? k : 0.3,
          strides: g.strides,
          padding: g.padding,
        });
      await checkCustomOp({
        name: `sphereConv2d ${operator} stride ${g.strides}`,
        inputs: learnable ? inputs : inputs.slice(0, 2),
        custom: (ts) => {
          setAngularImpl('fused');
          return run(ts);
        },
        reference: (ts) => composite(() => run(ts)),
        float64: ([x, w, k]) =>
          referenceSphereConv({
            x,
            xShape,
            w,
            wShape,
            strides: g.strides,
            padding: g.padding,
            operator,
            k: learnable ? Array.from(k) : [0.3, 0.3, 0.3, 0.3],
          }).out,
      });
      setAngularImpl('auto');
    }
  });
});

describe('SphereConv2D layer: pool before the operator (gradient check)', () => {
  it.each(operators)(
    '%s: poolSize 2 equals max-pooling the unpooled layer, values and gradients',
    async (operator) => {
      const layer = new SphereConv2D({
        filters: 4,
        kernelSize: 3,
        operator,
        activation: 'relu',
        poolSize: 2,
        seed: 5,
      });
      const xShape = [2, 7, 7, 3];
      const x = tf.tensor4d(randomArray(2 * 7 * 7 * 3, seededRandom(23), -0.2, 1), xShape as never);
      layer.apply(x);
      // 7×7 'same' → 7×7, pooled 2 ('valid') → 3×3.
      expect(layer.computeOutputShape([null, 7, 7, 3])).toEqual([null, 3, 3, 4]);
      const weights = layer.trainableWeights.map((v) => v.read());
      const learnable = operator === 'learnable-sigmoid';
      await checkCustomOp({
        name: `SphereConv2D pool ${operator}`,
        inputs: [x, ...weights],
        custom: ([xi]) => layer.apply(xi) as tf.Tensor,
        reference: ([xi, w, kRaw]) =>
          composite(() =>
            tf.maxPool(
              tf.relu(
                sphereConv2d(xi as tf.Tensor4D, w as tf.Tensor4D, {
                  operator,
                  k: learnable ? tf.add(tf.abs(kRaw), LEARNABLE_K_OFFSET) : 0.3,
                }),
              ) as tf.Tensor4D,
              2,
              2,
              'valid',
            ),
          ),
        float64: ([xi, w, kRaw]) => {
          const k = learnable ? Array.from(kRaw, (v) => Math.abs(v) + 0.05) : [0.3, 0.3, 0.3, 0.3];
          const conv = referenceSphereConv({
            x: xi,
            xShape: xShape as [number, number, number, number],
            w,
            wShape: [3, 3, 3, 4],
            strides: 1,
            padding: 'same',
            operator,
            k,
          });
          return referenceMaxPool(
            conv.out.map((v) => Math.max(v, 0)),
            conv.shape,
            2,
          );
        },
      });
    },
  );
});

describe('learnable k', () => {
  it('one SGD step moves k by −lr·dL/dk, sign and value as float64 finite differences give', () => {
    const layer = new SphereConv2D({ filters: 4, kernelSize: 3, operator: 'learnable-sigmoid', seed: 3 });
    const x = tf.randomUniform([4, 8, 8, 2], 0, 1, 'float32', 5);
    const target = tf.randomUniform([4, 8, 8, 4], -1, 1, 'float32', 6);
    layer.apply(x);
    const k0 = layer.learnableK()!.dataSync().slice();
    // The official start: raw k = 0.7, used as |k| + 0.05.
    expect(Array.from(k0)).toEqual(Array(4).fill(Math.fround(0.75)));
    const [kernelVar, kRawVar] = layer.trainableWeights.map((v) => v.read());
    // dL/dk_raw of L = mean((layer(x) − target)²) in float64 from the paper's formula.
    const xv = Float64Array.from(x.dataSync());
    const wv = Float64Array.from(kernelVar.dataSync());
    const tv = target.dataSync();
    const kRaw0 = Array.from(kRawVar.dataSync());
    const lossAt = (kRaw: number[]) => {
      const out = referenceSphereConv({
        x: xv,
        xShape: [4, 8, 8, 2],
        w: wv,
        wShape: [3, 3, 2, 4],
        strides: 1,
        padding: 'same',
        operator: 'sigmoid',
        k: kRaw.map((v) => Math.abs(v) + 0.05),
      }).out;
      return out.reduce((s, v, i) => s + (v - tv[i]) ** 2, 0) / out.length;
    };
    const expected = kRaw0.map((_v, j) => {
      const h = 1e-6;
      const at = (d: number) => lossAt(kRaw0.map((u, i) => (i === j ? u + d : u)));
      return (at(h) - at(-h)) / (2 * h);
    });
    const lr = 0.5;
    tf.train
      .sgd(lr)
      .minimize(() => tf.mean(tf.square(tf.sub(layer.apply(x) as tf.Tensor, target))) as tf.Scalar);
    const k1 = layer.learnableK()!.dataSync();
    for (let j = 0; j < 4; j++) {
      const step = k1[j] - k0[j];
      expect(Math.abs(expected[j])).toBeGreaterThan(1e-4);
      expect(Math.sign(step)).toBe(-Math.sign(expected[j]));
      // float32 k: the step is known to ~1e-7 absolute.
      expect(Math.abs(step + lr * expected[j])).toBeLessThan(1e-3 * Math.abs(lr * expected[j]) + 2e-7);
    }
  });
});
