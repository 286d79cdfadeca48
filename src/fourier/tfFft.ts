import { type BackendName, loadBackendModule } from '../tfjs/backendModules';
import * as tf from '../tfjs/core';
import type { FftEngine } from './pipeline';

/**
 * The same transforms with tf.spectral on tf.js's active backend (webgpu / webgl / cpu: the wasm
 * backend has no FFT kernel). tf.spectral.fft works on the last axis, so a 2-D transform is: rows,
 * transpose, rows, transpose back. Two tf.js quirks shape the code: on webgl the parts of an FFT's
 * output come back flattened to 2-D (tf.real of a [c, N, N] FFT is [c·N, N]), and transposing that
 * complex tensor fails to compile a shader. So each pass runs on an explicit [c·N, N] batch, and
 * transposes act on the real and imaginary parts separately, as plain float tensors.
 */
function fftPass(re: tf.Tensor3D, im: tf.Tensor3D, inverse: boolean): [tf.Tensor3D, tf.Tensor3D] {
  const [c, n] = re.shape;
  const flat = tf.complex(re.reshape([c * n, n]), im.reshape([c * n, n]));
  const f = inverse ? tf.spectral.ifft(flat) : tf.spectral.fft(flat);
  const t = (part: tf.Tensor) => part.reshape([c, n, n]).transpose([0, 2, 1]) as tf.Tensor3D;
  return [t(tf.real(f)), t(tf.imag(f))];
}

/** 2-D (i)FFT of [c, N, N] real and imaginary parts; returns the parts of the result. */
export function fft2dParts(re: tf.Tensor3D, im: tf.Tensor3D, inverse = false): [tf.Tensor3D, tf.Tensor3D] {
  return tf.tidy(() => {
    // Each pass transforms rows and transposes: two passes give the 2-D transform, untransposed.
    const [r1, i1] = fftPass(re, im, inverse);
    return fftPass(r1, i1, inverse);
  }) as [tf.Tensor3D, tf.Tensor3D];
}

function stack(planes: readonly Float32Array[], size: number): tf.Tensor3D {
  const all = new Float32Array(planes.length * size * size);
  planes.forEach((p, i) => {
    all.set(p, i * size * size);
  });
  return tf.tensor3d(all, [planes.length, size, size]);
}

function split(all: Float32Array, count: number, size: number): Float32Array[] {
  return [...Array(count).keys()].map((i) => all.slice(i * size * size, (i + 1) * size * size));
}

/** Every channel in one batched transform; one download each of the real and imaginary parts. */
export const tfEngine: FftEngine = {
  get label() {
    return `tf.js ${tf.getBackend()}`;
  },
  async forward(planes, size) {
    const [re, im] = tf.tidy(() => {
      const x = stack(planes, size);
      return fft2dParts(x, tf.zerosLike(x));
    });
    const [reData, imData] = (await Promise.all([re.data(), im.data()])) as Float32Array[];
    tf.dispose([re, im]);
    const res = split(reData, planes.length, size);
    const ims = split(imData, planes.length, size);
    return res.map((r, i) => ({ re: r, im: ims[i] }));
  },
  async inverseReal(spectra, size) {
    const [re, im] = tf.tidy(() =>
      fft2dParts(
        stack(
          spectra.map((s) => s.re),
          size,
        ),
        stack(
          spectra.map((s) => s.im),
          size,
        ),
        true,
      ),
    );
    im.dispose();
    const data = (await re.data()) as Float32Array;
    re.dispose();
    return split(data, spectra.length, size);
  },
};

/**
 * Both swaps of two multi-channel images entirely on the backend (used by the benchmark: one
 * upload, one download): |F_A|·F_B/|F_B| and |F_B|·F_A/|F_A|, phase 0 where a magnitude is 0.
 */
export async function swapMagnitudePhaseTf(
  a: readonly Float32Array[],
  b: readonly Float32Array[],
  size: number,
): Promise<{ magnitudeAPhaseB: Float32Array[]; magnitudeBPhaseA: Float32Array[] }> {
  const out = tf.tidy(() => {
    const x = tf.concat([stack(a, size), stack(b, size)]);
    const [re, im] = fft2dParts(x, tf.zerosLike(x));
    const mag = tf.sqrt(tf.add(tf.square(re), tf.square(im)));
    const ok = tf.greater(mag, 1e-12);
    const safe = tf.where(ok, mag, tf.onesLike(mag));
    const unitRe = tf.where(ok, tf.div(re, safe), tf.onesLike(mag));
    const unitIm = tf.where(ok, tf.div(im, safe), tf.zerosLike(mag));
    const c = a.length;
    // Rows [0, c) are A's channels, [c, 2c) B's: pair each phasor with the other's magnitude.
    const swappedMag = tf.concat([mag.slice([c], [c]), mag.slice([0], [c])]);
    return fft2dParts(tf.mul(swappedMag, unitRe), tf.mul(swappedMag, unitIm), true)[0];
  });
  const data = (await out.data()) as Float32Array;
  out.dispose();
  const planes = split(data, 2 * a.length, size);
  // Row k holds |F of the other image| with the phase of image k: rows of A are |F_B|·∠F_A.
  return { magnitudeBPhaseA: planes.slice(0, a.length), magnitudeAPhaseB: planes.slice(a.length) };
}

/** Rejects after `ms`: a GPU backend can hang while starting (a lost or software-only adapter). */
function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer in ${ms / 1000} s`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

interface GpuLike {
  requestAdapter(): Promise<{ info?: { isFallbackAdapter?: boolean }; isFallbackAdapter?: boolean } | null>;
}

/** A hardware WebGPU adapter, not a software fallback (slower than WebGL; the Lab skips it too). */
async function hasHardwareWebGpu(): Promise<boolean> {
  const gpu = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu) return false;
  try {
    const adapter = await withTimeout(gpu.requestAdapter(), 3000, 'WebGPU adapter');
    return !!adapter && !(adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter);
  } catch {
    return false;
  }
}

/**
 * Picks a backend with an FFT kernel for the page: a forced choice when it has one, else WebGPU
 * (on a hardware adapter), WebGL, cpu. Returns the backend and, when it had to, why not another.
 */
export async function startFftBackend(preferred: string): Promise<{ backend: string; note?: string }> {
  const order = ['webgpu', 'webgl', 'cpu'];
  const first = order.includes(preferred) ? [preferred] : [];
  const notes: string[] = [];
  if (preferred === 'wasm') notes.push('The wasm backend has no FFT kernel; using another backend.');
  for (const name of [...first, ...order.filter((n) => n !== preferred)]) {
    try {
      if (name === 'webgpu' && preferred !== 'webgpu' && !(await hasHardwareWebGpu())) continue;
      await loadBackendModule(name as BackendName);
      if (await withTimeout(tf.setBackend(name), 15_000, `tf.js ${name}`)) {
        await withTimeout(tf.ready(), 15_000, `tf.js ${name}`);
        return { backend: name, note: notes.length > 0 ? notes.join(' ') : undefined };
      }
      notes.push(`${name} could not start.`);
    } catch (e) {
      notes.push(`${name} failed: ${e instanceof Error ? e.message : String(e)}.`);
    }
  }
  throw new Error(`No tf.js backend with an FFT could start. ${notes.join(' ')}`);
}
