/**
 * WGSL programs of the fused loss terms (conventions in ./sphereShaders.ts): weight decay
 * scale·Σw² and the softmax cross-entropy with label smoothing, each one kernel forward and one
 * backward instead of tf.js' ~10 and ~30.
 */
import { program, type SphereProgram } from './sphereShaders';

/** A 64-lane workgroup sum of `acc` into result[0] (one workgroup in all). */
const reduceToResult = (scale: string) => `
    partial[lane] = acc;
    workgroupBarrier();
    for (var s = 32; s > 0; s = s >> 1u) {
      if (lane < s) { partial[lane] += partial[lane + s]; }
      workgroupBarrier();
    }
    if (lane == 0) { result[0] = partial[0] * ${scale}; }`;

/** scale·Σ w²: a scalar. */
export function scaledSumSquares(): SphereProgram {
  return program(
    'sumsq',
    ['W'],
    [],
    'n : i32, scale : f32,',
    `
  var<workgroup> partial : array<f32, 64>;
  fn main(index : i32) {
    let lane = i32(localId.x);
    var acc = 0.0;
    for (var i = lane; i < uniforms.n; i += 64) { let v = W[i]; acc += v * v; }
    ${reduceToResult('uniforms.scale')}
  }`,
    [1, 1, 1],
  );
}

/** Its gradient 2·scale·dy·w. */
export function scaledSumSquaresGrad(shape: number[]): SphereProgram {
  return program(
    'sumsqgrad',
    ['Dy', 'W'],
    shape,
    'scale : f32,',
    `
  fn main(index : i32) {
    if (index < uniforms.size) { result[index] = 2.0 * uniforms.scale * Dy[0] * W[index]; }
  }`,
  );
}

/** Row b's max logit and Σ exp(z − max). */
const rowStats = `
  fn rowStats(b : i32) -> vec2<f32> {
    let C = uniforms.zShape[1];
    var m = -3.0e38;
    for (var c = 0; c < C; c++) { m = max(m, Z[b * C + c]); }
    var s = 0.0;
    for (var c = 0; c < C; c++) { s += exp(Z[b * C + c] - m); }
    return vec2<f32>(m, s);
  }
  fn smoothedLabel(b : i32, c : i32) -> f32 {
    let C = uniforms.zShape[1];
    return select(0.0, 1.0 - uniforms.smoothing, L[b] == c) + uniforms.smoothing / f32(C);
  }`;

/** Mean over the batch of −Σ_c y′·log softmax(z), y′ = y(1 − ε) + ε/C: a scalar. */
export function softmaxCE(): SphereProgram {
  return program(
    'softmaxce',
    ['Z', 'L'],
    [],
    'smoothing : f32,',
    `${rowStats}
  var<workgroup> partial : array<f32, 64>;
  fn main(index : i32) {
    let lane = i32(localId.x); let B = uniforms.zShape[0]; let C = uniforms.zShape[1];
    var acc = 0.0;
    for (var b = lane; b < B; b += 64) {
      let st = rowStats(b);
      let lse = st.x + log(st.y);
      for (var c = 0; c < C; c++) { acc += smoothedLabel(b, c) * (lse - Z[b * C + c]); }
    }
    ${reduceToResult('(1.0 / f32(B))')}
  }`,
    [1, 1, 1],
  );
}

/** Its gradient dy/B · (softmax(z) − y′). */
export function softmaxCEGrad(shape: number[]): SphereProgram {
  return program(
    'softmaxcegrad',
    ['Dy', 'Z', 'L'],
    shape,
    'smoothing : f32,',
    `${rowStats}
  fn main(index : i32) {
    if (index < uniforms.size) {
      let C = uniforms.zShape[1]; let b = index / C; let c = index % C;
      let st = rowStats(b);
      let p = exp(Z[index] - st.x) / st.y;
      result[index] = Dy[0] / f32(uniforms.zShape[0]) * (p - smoothedLabel(b, c));
    }
  }`,
  );
}
