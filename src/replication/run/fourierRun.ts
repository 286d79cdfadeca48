/**
 * Claim C6: over many image pairs, does the magnitude/phase swap resemble the phase donor?
 * Each seed draws its own pairs of MNIST test digits (no digit twice within a seed), so seeds are
 * independent replicates. The built-in samples were once part of every seed: the same 30 swaps in
 * each seed made the seed sd 0 and the seeds copies of one another (issue 25).
 */
import { seededPermutation } from '../../data';
import type { TrainData } from '../../engine/train/trainer';
import { correlation } from '../../fourier/metrics';
import { swapMagnitudePhase } from '../../fourier/swap';
import type { FourierSpec } from '../types';

const MNIST_SIZE = 32;

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

/** The seed's pairs: 2·pairs distinct test-digit indices, drawn by a seeded shuffle. */
export function digitPairs(seed: number, pairs: number, testCount: number): [number, number][] {
  if (2 * pairs > testCount)
    throw new Error(`C6 needs ${2 * pairs} distinct test digits, but there are ${testCount}.`);
  const order = seededPermutation(testCount, seed);
  return Array.from({ length: pairs }, (_, p) => [order[2 * p], order[2 * p + 1]]);
}

export function fourierRun(
  spec: FourierSpec,
  seed: number,
  data: TrainData,
): { phaseShare: number; pairs: number } {
  let wins = 0;
  const pairs = digitPairs(seed, spec.mnistPairs, data.summary.testCount);
  for (const [i, j] of pairs) wins += phaseWins(paddedDigit(data, i), paddedDigit(data, j), MNIST_SIZE);
  return { phaseShare: Number((wins / (2 * pairs.length)).toFixed(4)), pairs: pairs.length };
}
