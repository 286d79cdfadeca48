import { describe, expect, it } from 'vitest';
import { channelStats, type Dataset, makeBatch } from './dataset';
import { randomPixels } from './testFiles';

function rgbDataset(count: number): Dataset {
  const images = randomPixels(count, 2 * 2 * 3, 11);
  // Channel 2 is constant: its std must not divide by zero.
  for (let p = 2; p < images.length; p += 3) images[p] = 128;
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 3);
  const split = { images, labels, count };
  return {
    name: 'tiny',
    width: 2,
    height: 2,
    channels: 3,
    numClasses: 3,
    classNames: ['a', 'b', 'c'],
    train: split,
    test: split,
  };
}

describe('batching', () => {
  it('gathers indexed examples as floats in [0, 1] with labels', () => {
    const ds = rgbDataset(10);
    const { x, y } = makeBatch(ds, 'train', [7, 2]);
    expect(Array.from(y)).toEqual([1, 2]);
    expect(x.length).toBe(2 * 12);
    for (let p = 0; p < 12; p++) {
      expect(x[p]).toBeCloseTo(ds.train.images[7 * 12 + p] / 255, 6);
      expect(x[12 + p]).toBeCloseTo(ds.train.images[2 * 12 + p] / 255, 6);
    }
    expect(() => makeBatch(ds, 'test', [10])).toThrow(/Index 10 is outside the test split \(0\.\.9\)/);
    expect(() => makeBatch(ds, 'test', [1.5])).toThrow(/outside/);
  });

  it('standardizes per channel with channelStats', () => {
    const ds = rgbDataset(400);
    const norm = channelStats(ds);
    expect(norm.std[2]).toBe(1); // constant channel
    expect(norm.mean[2]).toBeCloseTo(128 / 255, 6);
    const all = Array.from({ length: 400 }, (_, i) => i);
    const { x } = makeBatch(ds, 'train', all, norm);
    for (let c = 0; c < 2; c++) {
      const values = Array.from(x).filter((_, i) => i % 3 === c);
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
      expect(Math.abs(mean)).toBeLessThan(1e-4);
      expect(variance).toBeCloseTo(1, 3);
    }
  });
});
