/**
 * Claim C6: over many image pairs, does the magnitude/phase swap resemble the phase donor?
 * Built-in samples (every pair, both swaps) plus seeded random MNIST digit pairs.
 */
import { mulberry32, randomInt } from '../../data';
import type { TrainData } from '../../engine/train/trainer';
import { correlation } from '../../fourier/metrics';
import { renderSample, SAMPLE_NAMES } from '../../fourier/samples';
import { swapMagnitudePhase } from '../../fourier/swap';
import type { FourierSpec } from '../types';

const MNIST_SIZE = 32;

function gray(planes: Float32Array[]): Float32Array {
  const out = new Float32Array(planes[0].length);
  for (const p of planes) for (let i = 0; i < p.length; i++) out[i] += p[i] / planes.length;
  return out;
}

/** A 28×28 digit centred in a 32×32 frame (the FFT needs a power-of-two size). */
function paddedDigit(data: TrainData, index: number): Float32Array {
  const [h, w] = data.summary.inputShape;
  const { x } = data.batch('test', [index]);
  const out = new Float32Array(MNIST_SIZE * MNIST_SIZE);
  const oy = (MNIST_SIZE - h) >> 1;
  const ox = (MNIST_SIZE - w) >> 1;
  for (let y = 0; y < h; y++) for (let i = 0; i < w; i++) out[(y + oy) * MNIST_SIZE + i + ox] = x[y * w + i];
  return out;
}

/** Both swaps of a pair; counts those closer (correlation) to their phase donor. */
function phaseWins(a: Float32Array, b: Float32Array, size: number): number {
  const { magnitudeAPhaseB, magnitudeBPhaseA } = swapMagnitudePhase(a, b, size);
  let wins = 0;
  if (correlation(magnitudeAPhaseB, b) > correlation(magnitudeAPhaseB, a)) wins++;
  if (correlation(magnitudeBPhaseA, a) > correlation(magnitudeBPhaseA, b)) wins++;
  return wins;
}

export function fourierRun(
  spec: FourierSpec,
  seed: number,
  data: TrainData,
): { phaseShare: number; pairs: number } {
  const samples = SAMPLE_NAMES.map((name) => gray(renderSample(name, spec.sampleSize)));
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < samples.length; i++)
    for (let j = i + 1; j < samples.length; j++) {
      wins += phaseWins(samples[i], samples[j], spec.sampleSize);
      pairs++;
    }
  const rand = mulberry32(seed);
  for (let p = 0; p < spec.mnistPairs; p++) {
    const i = randomInt(rand, data.summary.testCount);
    let j = randomInt(rand, data.summary.testCount - 1);
    if (j >= i) j++;
    wins += phaseWins(paddedDigit(data, i), paddedDigit(data, j), MNIST_SIZE);
    pairs++;
  }
  return { phaseShare: Number((wins / (2 * pairs)).toFixed(4)), pairs };
}
