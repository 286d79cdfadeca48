/**
 * WGSL programs of the fused SphereConv kernels (src/sphere/fusedSphereOps.ts has the math and
 * the gradients; ./sphereKernels.ts registers them). Each is a tf.js WebGPUProgram: tf.js
 * prepends the bindings (output `result`, one read-only array per variable name), a `uniforms`
 * struct with every input's shape (`zShape`, `pShape`…), `outShape`, `size` and our own fields.
 * Shapes are uniforms, so one compiled pipeline serves every shape; operator, ReLU, pool size and
 * learnable k are compiled in (they are in the shader key).
 */
import { COS_LIMIT } from '../../../sphere/fusedAngular';
import type { SphereTailAttrs } from '../../../sphere/fusedSphereOps';
import { NORM_EPS } from '../../../sphere/sphereConv';

export interface SphereProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  size: boolean;
  uniforms?: string;
  getUserCode(): string;
}

const WORKGROUP = 64;
export const f32 = (v: number) => {
  const s = String(Math.fround(v));
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
};

export function program(
  key: string,
  variableNames: string[],
  outputShape: number[],
  uniforms: string,
  body: string,
  dispatch?: [number, number, number],
): SphereProgram {
  const size = outputShape.reduce((a, b) => a * b, 1);
  return {
    variableNames,
    outputShape,
    shaderKey: `spherelab_${key}`,
    dispatchLayout: { x: outputShape.map((_, i) => i) },
    dispatch: dispatch ?? [Math.ceil(size / WORKGROUP), 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    uniforms: uniforms || undefined,
    getUserCode: () => body,
  };
}

/**
 * g(c), dg/dc and dg/dk of the operator, exactly as the plain ops compute them (tf's clipByValue
 * passes the gradient on the closed interval; tanh in tf.js' overflow-safe form).
 */
function angularFn(attrs: SphereTailAttrs): string {
  const head = 'fn angular(c0 : f32, k : f32) -> vec3<f32> {';
  if (attrs.operator === 'cosine') {
    const relu = attrs.relu ? 'if (c0 <= 0.0) { return vec3<f32>(0.0); }' : '';
    return `${head} ${relu} return vec3<f32>(c0, 1.0, 0.0); }`;
  }
  const common = `
    let lo = ${attrs.relu ? '0.0' : f32(-COS_LIMIT)};
    let c = clamp(c0, lo, ${f32(COS_LIMIT)});
    let u = asin(c);
    let dudc = select(0.0, 1.0 / sqrt(1.0 - c * c), c0 >= lo && c0 <= ${f32(COS_LIMIT)});`;
  if (attrs.operator === 'linear') {
    return `${head} ${common} return vec3<f32>(u * ${f32(2 / Math.PI)}, dudc * ${f32(2 / Math.PI)}, 0.0); }`;
  }
  // Fixed k: a = 1/(2k) and s = 1/tanh(π/(4k)) come as uniforms (computed in JS as the plain ops do).
  const as = attrs.learnable
    ? `let a = 0.5 / k; let s = 1.0 / safeTanh(a * ${f32(Math.PI / 2)});`
    : 'let a = uniforms.a; let s = uniforms.s;';
  return `
  fn safeTanh(x : f32) -> f32 { let e = exp(-2.0 * abs(x)); return sign(x) * (1.0 - e) / (1.0 + e); }
  ${head} ${common} ${as}
    let t = safeTanh(u * a);
    let sech2 = 1.0 - t * t;
    let dk = -2.0 * a * a * s * sech2 * u + t * (s * s - 1.0) * ${f32(Math.PI)} * a * a;
    return vec3<f32>(t * s, s * a * sech2 * dudc, dk);
  }`;
}

const tailUniforms = (attrs: SphereTailAttrs) =>
  attrs.operator === 'sigmoid' && !attrs.learnable ? 'a : f32, s : f32,' : '';
const tailKey = (a: SphereTailAttrs) => `${a.operator}_${a.relu}_${a.pool}_${a.learnable}`;
const kOf = (attrs: SphereTailAttrs) => (attrs.learnable ? 'K[c]' : '0.0');

/** The pool window's max of cos = z / ‖patch‖ (last max wins, as tf.js' webgpu max-pool). */
function windowMax(pool: number): string {
  return `
  fn windowMax(n : i32, i : i32, j : i32, c : i32) -> vec2<f32> {
    let H = uniforms.zShape[1]; let W = uniforms.zShape[2]; let C = uniforms.zShape[3];
    var best = -3.0e38; var arg = -1;
    for (var di = 0; di < ${pool}; di++) {
      for (var dj = 0; dj < ${pool}; dj++) {
        let pos = (n * H + i * ${pool} + di) * W + j * ${pool} + dj;
        let cs = Z[pos * C + c] * inverseSqrt(P[pos] + ${f32(NORM_EPS)});
        if (cs >= best) { best = cs; arg = pos; }
      }
    }
    return vec2<f32>(best, f32(arg));
  }`;
}

function vars(attrs: SphereTailAttrs, first: string[]): string[] {
  return attrs.learnable ? [...first, 'K'] : first;
}

/** g of the pooled cos: [n, H/pool, W/pool, C]. */
export function tailForward(attrs: SphereTailAttrs, outShape: number[]): SphereProgram {
  return program(
    `tail_${tailKey(attrs)}`,
    vars(attrs, ['Z', 'P']),
    outShape,
    tailUniforms(attrs),
    `${angularFn(attrs)} ${windowMax(attrs.pool)}
  fn main(index : i32) {
    if (index < uniforms.size) {
      let C = uniforms.outShape[3]; let Wo = uniforms.outShape[2]; let Ho = uniforms.outShape[1];
      let c = index % C; let j = (index / C) % Wo; let i = (index / (C * Wo)) % Ho; let n = index / (C * Wo * Ho);
      result[index] = angular(windowMax(n, i, j, c).x, ${kOf(attrs)}).x;
    }
  }`,
  );
}

/** The pooled output (i, j) a position (y, x) belongs to; gy < 0 when it is in no window. */
function cellOf(pool: number): string {
  return `
  fn cellOf(y : i32, x : i32) -> vec2<i32> {
    let i = y / ${pool}; let j = x / ${pool};
    if (i >= uniforms.dyShape[1] || j >= uniforms.dyShape[2]) { return vec2<i32>(-1, -1); }
    return vec2<i32>(i, j);
  }`;
}

/** dL/dz: dy · g'(cos) / ‖patch‖ at each window's argmax, 0 elsewhere. Shape of z. */
export function tailGradZ(attrs: SphereTailAttrs, zShape: number[]): SphereProgram {
  return program(
    `tailgz_${tailKey(attrs)}`,
    vars(attrs, ['Dy', 'Z', 'P']),
    zShape,
    tailUniforms(attrs),
    `${angularFn(attrs)} ${windowMax(attrs.pool)} ${cellOf(attrs.pool)}
  fn main(index : i32) {
    if (index < uniforms.size) {
      let C = uniforms.zShape[3]; let W = uniforms.zShape[2]; let H = uniforms.zShape[1];
      let c = index % C; let x = (index / C) % W; let y = (index / (C * W)) % H; let n = index / (C * W * H);
      let cell = cellOf(y, x);
      var g = 0.0;
      if (cell.x >= 0) {
        let m = windowMax(n, cell.x, cell.y, c);
        let pos = (n * H + y) * W + x;
        if (i32(m.y) == pos) {
          let dy = Dy[((n * uniforms.dyShape[1] + cell.x) * uniforms.dyShape[2] + cell.y) * C + c];
          g = dy * angular(m.x, ${kOf(attrs)}).y * inverseSqrt(P[pos] + ${f32(NORM_EPS)});
        }
      }
      result[index] = g;
    }
  }`,
  );
}

/** dL/d(patch²): −½ (p + ε)^−3/2 · Σ_c dL/dcos · z over the channels. Shape of p [n, H, W, 1]. */
export function tailGradP(attrs: SphereTailAttrs, pShape: number[]): SphereProgram {
  return program(
    `tailgp_${tailKey(attrs)}`,
    vars(attrs, ['Dy', 'Z', 'P']),
    pShape,
    tailUniforms(attrs),
    `${angularFn(attrs)} ${windowMax(attrs.pool)} ${cellOf(attrs.pool)}
  fn main(index : i32) {
    if (index < uniforms.size) {
      let C = uniforms.zShape[3]; let W = uniforms.zShape[2]; let H = uniforms.zShape[1];
      let x = index % W; let y = (index / W) % H; let n = index / (W * H);
      let cell = cellOf(y, x);
      var acc = 0.0;
      if (cell.x >= 0) {
        for (var c = 0; c < C; c++) {
          let m = windowMax(n, cell.x, cell.y, c);
          if (i32(m.y) == index) {
            let dy = Dy[((n * uniforms.dyShape[1] + cell.x) * uniforms.dyShape[2] + cell.y) * C + c];
            acc += dy * angular(m.x, ${kOf(attrs)}).y * Z[index * C + c];
          }
        }
      }
      let q = P[index] + ${f32(NORM_EPS)};
      result[index] = -0.5 * acc / (q * sqrt(q));
    }
  }`,
  );
}

/** dL/dk per channel (learnable k): one workgroup per channel sums dy · dg/dk over every output. */
export function tailGradK(attrs: SphereTailAttrs, channels: number): SphereProgram {
  return program(
    `tailgk_${tailKey(attrs)}`,
    ['Dy', 'Z', 'P', 'K'],
    [channels],
    '',
    `${angularFn(attrs)} ${windowMax(attrs.pool)}
  var<workgroup> partial : array<f32, ${WORKGROUP}>;
  fn main(index : i32) {
    let c = i32(workgroupId.x); let lane = i32(localId.x);
    let Ho = uniforms.dyShape[1]; let Wo = uniforms.dyShape[2]; let C = uniforms.dyShape[3];
    let total = uniforms.dyShape[0] * Ho * Wo;
    var acc = 0.0;
    for (var q = lane; q < total; q += ${WORKGROUP}) {
      let j = q % Wo; let i = (q / Wo) % Ho; let n = q / (Wo * Ho);
      acc += Dy[q * C + c] * angular(windowMax(n, i, j, c).x, K[c]).z;
    }
    partial[lane] = acc;
    workgroupBarrier();
    for (var s = ${WORKGROUP / 2}; s > 0; s = s >> 1u) {
      if (lane < s) { partial[lane] += partial[lane + s]; }
      workgroupBarrier();
    }
    if (lane == 0) { result[c] = partial[0]; }
  }`,
    [channels, 1, 1],
  );
}
