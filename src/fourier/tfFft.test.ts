import { beforeAll, describe, expect, it } from 'vitest';
import { loadBackendModule } from '../tfjs/backendModules';
import * as tf from '../tfjs/core';
import { fft2d } from './fft';
import { luminance } from './image';
import { renderSample } from './samples';
import { swapMagnitudePhase } from './swap';
import { swapMagnitudePhaseTf, tfEngine } from './tfFft';

/**
 * The tf.js path on tfjs-cpu: the wasm backend (the other tests' choice) has no FFT kernel, and
 * webgl/webgpu need a browser. Small sizes keep tfjs-cpu quick.
 */
beforeAll(async () => {
  await loadBackendModule('cpu');
  await tf.setBackend('cpu');
  await tf.ready();
});

const SIZE = 32;

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('tf.js FFT engine', () => {
  it('matches fft.js on every channel, and its inverse gives the image back', async () => {
    const planes = renderSample('city', SIZE);
    const before = tf.memory().numTensors;
    const spectra = await tfEngine.forward(planes, SIZE);
    expect(spectra).toHaveLength(3);
    spectra.forEach((s, c) => {
      const want = fft2d(planes[c], SIZE);
      expect(maxDiff(s.re, want.re)).toBeLessThan(1e-3);
      expect(maxDiff(s.im, want.im)).toBeLessThan(1e-3);
    });
    const back = await tfEngine.inverseReal(spectra, SIZE);
    back.forEach((p, c) => {
      expect(maxDiff(p, planes[c])).toBeLessThan(1e-5);
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(tfEngine.label).toBe('tf.js cpu');
  });

  it('swaps on the backend exactly as the fft.js path does (gray and colour)', async () => {
    const a = renderSample('landscape', SIZE);
    const b = renderSample('fruit', SIZE);
    for (const [pa, pb] of [
      [[luminance(a)], [luminance(b)]],
      [a, b],
    ]) {
      const got = await swapMagnitudePhaseTf(pa, pb, SIZE);
      expect(got.magnitudeAPhaseB).toHaveLength(pa.length);
      pa.forEach((_, c) => {
        const want = swapMagnitudePhase(pa[c], pb[c], SIZE);
        expect(maxDiff(got.magnitudeAPhaseB[c], want.magnitudeAPhaseB)).toBeLessThan(1e-4);
        expect(maxDiff(got.magnitudeBPhaseA[c], want.magnitudeBPhaseA)).toBeLessThan(1e-4);
      });
    }
  });
});
