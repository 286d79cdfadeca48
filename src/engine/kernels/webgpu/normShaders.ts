/**
 * WGSL programs of the fused SphereConv's norms (see ./sphereShaders.ts for the conventions):
 * the unit filters w/‖w‖ and the patch norms² Σ x² over each conv window, with their gradients.
 */
import { NORM_EPS } from '../../../sphere/sphereConv';
import { f32, program, type SphereProgram } from './sphereShaders';

/** w / ‖w‖ per filter (last axis), ‖w‖ = sqrt(Σ w² + ε) over the filter's fan-in. */
export function unitKernel(shape: number[]): SphereProgram {
  return program(
    'unitkernel',
    ['W'],
    shape,
    'cout : i32, fanIn : i32,',
    `
  fn main(index : i32) {
    if (index < uniforms.size) {
      let o = index % uniforms.cout;
      var s = 0.0;
      for (var f = 0; f < uniforms.fanIn; f++) { let v = W[f * uniforms.cout + o]; s += v * v; }
      result[index] = W[index] * inverseSqrt(s + ${f32(NORM_EPS)});
    }
  }`,
  );
}

/** Its gradient: r·dy − r³·w·Σ(dy·w) over the filter, r = 1/‖w‖. */
export function unitKernelGrad(shape: number[]): SphereProgram {
  return program(
    'unitkernelgrad',
    ['Dy', 'W'],
    shape,
    'cout : i32, fanIn : i32,',
    `
  fn main(index : i32) {
    if (index < uniforms.size) {
      let o = index % uniforms.cout;
      var s = 0.0; var d = 0.0;
      for (var f = 0; f < uniforms.fanIn; f++) {
        let at = f * uniforms.cout + o; let v = W[at]; s += v * v; d += Dy[at] * v;
      }
      let r = inverseSqrt(s + ${f32(NORM_EPS)});
      result[index] = r * Dy[index] - r * r * r * W[index] * d;
    }
  }`,
  );
}

const convUniforms = 'kh : i32, kw : i32, stride : i32, padTop : i32, padLeft : i32,';

/** Σ over each conv window and every channel of x²: [n, H', W', 1]. */
export function patchSq(outShape: number[]): SphereProgram {
  return program(
    'patchsq',
    ['X'],
    outShape,
    convUniforms,
    `
  fn main(index : i32) {
    if (index < uniforms.size) {
      let Wo = uniforms.outShape[2]; let Ho = uniforms.outShape[1];
      let H = uniforms.xShape[1]; let W = uniforms.xShape[2]; let Ci = uniforms.xShape[3];
      let j = index % Wo; let i = (index / Wo) % Ho; let n = index / (Wo * Ho);
      var s = 0.0;
      for (var di = 0; di < uniforms.kh; di++) {
        let y = i * uniforms.stride - uniforms.padTop + di;
        if (y < 0 || y >= H) { continue; }
        for (var dj = 0; dj < uniforms.kw; dj++) {
          let x = j * uniforms.stride - uniforms.padLeft + dj;
          if (x < 0 || x >= W) { continue; }
          let base = ((n * H + y) * W + x) * Ci;
          for (var c = 0; c < Ci; c++) { let v = X[base + c]; s += v * v; }
        }
      }
      result[index] = s;
    }
  }`,
  );
}

/** Its gradient: 2x · Σ dy over the windows that cover x. Shape of x. */
export function patchSqGrad(xShape: number[]): SphereProgram {
  return program(
    'patchsqgrad',
    ['Dy', 'X'],
    xShape,
    convUniforms,
    `
  fn main(index : i32) {
    if (index < uniforms.size) {
      let Ci = uniforms.xShape[3]; let W = uniforms.xShape[2]; let H = uniforms.xShape[1];
      let x = (index / Ci) % W; let y = (index / (Ci * W)) % H; let n = index / (Ci * W * H);
      let Ho = uniforms.dyShape[1]; let Wo = uniforms.dyShape[2];
      var acc = 0.0;
      for (var di = 0; di < uniforms.kh; di++) {
        let ty = y + uniforms.padTop - di;
        if (ty < 0 || ty % uniforms.stride != 0 || ty / uniforms.stride >= Ho) { continue; }
        for (var dj = 0; dj < uniforms.kw; dj++) {
          let tx = x + uniforms.padLeft - dj;
          if (tx < 0 || tx % uniforms.stride != 0 || tx / uniforms.stride >= Wo) { continue; }
          acc += Dy[(n * Ho + ty / uniforms.stride) * Wo + tx / uniforms.stride];
        }
      }
      result[index] = 2.0 * X[index] * acc;
    }
  }`,
  );
}

/**
 * Row sums of (WᵀW − I)² with W as [fanIn, cout]: output [cout], one 64-lane workgroup per row
 * (a single workgroup for the whole sum would serialise ~cout²·fanIn/64 steps per lane on a GPU).
 */
export function orthoRows(cout: number): SphereProgram {
  return program(
    'orthorows',
    ['W'],
    [cout],
    'cout : i32, fanIn : i32,',
    `
  var<workgroup> partial : array<f32, 64>;
  fn main(index : i32) {
    let p = i32(workgroupId.x); let lane = i32(localId.x); let C = uniforms.cout;
    var acc = 0.0;
    for (var o = lane; o < C; o += 64) {
      var g = 0.0;
      for (var f = 0; f < uniforms.fanIn; f++) { g += W[f * C + p] * W[f * C + o]; }
      let d = g - select(0.0, 1.0, p == o);
      acc += d * d;
    }
    partial[lane] = acc;
    workgroupBarrier();
    for (var s = 32; s > 0; s = s >> 1u) {
      if (lane < s) { partial[lane] += partial[lane + s]; }
      workgroupBarrier();
    }
    if (lane == 0) { result[p] = partial[0]; }
  }`,
    [cout, 1, 1],
  );
}

/**
 * 2·(dy_p + dy_o)·(WᵀW − I)[p, o] [cout, cout] for row gradients dy [cout]: the gradient of
 * Σ_p dy_p·rows_p with respect to W is W times this (G is symmetric).
 */
export function orthoGradGram(cout: number): SphereProgram {
  return program(
    'orthogram',
    ['Dy', 'W'],
    [cout, cout],
    'cout : i32, fanIn : i32,',
    `
  fn main(index : i32) {
    if (index < uniforms.size) {
      let C = uniforms.cout; let p = index / C; let o = index % C;
      var g = 0.0;
      for (var f = 0; f < uniforms.fanIn; f++) { g += W[f * C + p] * W[f * C + o]; }
      result[index] = 2.0 * (Dy[p] + Dy[o]) * (g - select(0.0, 1.0, p == o));
    }
  }`,
  );
}
