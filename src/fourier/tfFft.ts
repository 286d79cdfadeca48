import * as tf from '@tensorflow/tfjs';
import type { FftEngine } from './pipeline';

/**
 * The same transforms with tf.spectral on tf.js's active backend (webgpu / webgl / cpu: the wasm
 * backend has no FFT kernel). Input tensors are [..., N, N]; tf.spectral.fft works on the last
 * axis, so the 2-D transform is rows, transpose, rows, transpose back.
 */
function swapLastTwo(rank: number): number[] {
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return perm;
}

export function fft2dTensor(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const perm = swapLastTwo(x.rank);
    return tf.transpose(tf.spectral.fft(tf.transpose(tf.spectral.fft(x), perm)), perm);
  });
}

export function ifft2dTensor(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const perm = swapLastTwo(x.rank);
    return tf.transpose(tf.spectral.ifft(tf.transpose(tf.spectral.ifft(x), perm)), perm);
  });
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
    const spectrum = tf.tidy(() => {
      const x = stack(planes, size);
      return fft2dTensor(tf.complex(x, tf.zerosLike(x)));
    });
    const [re, im] = tf.tidy(() => [tf.real(spectrum), tf.imag(spectrum)]);
    spectrum.dispose();
    const [reData, imData] = (await Promise.all([re.data(), im.data()])) as Float32Array[];
    tf.dispose([re, im]);
    const res = split(reData, planes.length, size);
    const ims = split(imData, planes.length, size);
    return res.map((r, i) => ({ re: r, im: ims[i] }));
  },
  async inverseReal(spectra, size) {
    const re = tf.tidy(() =>
      tf.real(
        ifft2dTensor(
          tf.complex(
            stack(
              spectra.map((s) => s.re),
              size,
            ),
            stack(
              spectra.map((s) => s.im),
              size,
            ),
          ),
        ),
      ),
    );
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
    const f = fft2dTensor(tf.complex(x, tf.zerosLike(x)));
    const re = tf.real(f);
    const im = tf.imag(f);
    const mag = tf.abs(f);
    const ok = tf.greater(mag, 1e-12);
    const safe = tf.where(ok, mag, tf.onesLike(mag));
    const unitRe = tf.where(ok, tf.div(re, safe), tf.onesLike(mag));
    const unitIm = tf.where(ok, tf.div(im, safe), tf.zerosLike(mag));
    const c = a.length;
    // Rows [0, c) are A's channels, [c, 2c) B's: pair each magnitude with the other's phasor.
    const swappedMag = tf.concat([mag.slice([0], [c]), mag.slice([c], [c])].reverse());
    const combined = tf.complex(tf.mul(swappedMag, unitRe), tf.mul(swappedMag, unitIm));
    return tf.real(ifft2dTensor(combined));
  });
  const data = (await out.data()) as Float32Array;
  out.dispose();
  const planes = split(data, 2 * a.length, size);
  // Row k holds |F of the other image| with the phase of image k: rows of A are |F_B|·∠F_A.
  return { magnitudeBPhaseA: planes.slice(0, a.length), magnitudeAPhaseB: planes.slice(a.length) };
}

/**
 * Picks a backend with an FFT kernel for the page: a forced choice when it has one, else WebGPU
 * (when the page has an adapter), WebGL, cpu. Returns the backend and why.
 */
export async function startFftBackend(preferred: string): Promise<{ backend: string; note?: string }> {
  const order = ['webgpu', 'webgl', 'cpu'];
  const first = order.includes(preferred) ? [preferred] : [];
  let note = preferred === 'wasm' ? 'The wasm backend has no FFT kernel; using another backend.' : undefined;
  for (const name of [...first, ...order.filter((n) => n !== preferred)]) {
    try {
      if (name === 'webgpu') {
        if (!(globalThis.navigator as { gpu?: unknown } | undefined)?.gpu) continue;
        await import('@tensorflow/tfjs-backend-webgpu');
      }
      if (await tf.setBackend(name)) {
        await tf.ready();
        return { backend: name, note };
      }
    } catch (e) {
      note = `${note ? `${note} ` : ''}${name} failed: ${e instanceof Error ? e.message : String(e)}.`;
    }
  }
  throw new Error(`No tf.js backend with an FFT could start. ${note ?? ''}`);
}
