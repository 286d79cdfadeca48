import * as tf from '../../tfjs';
import { DEFAULT_SIGMOID_K, LEARNABLE_K_INIT, LEARNABLE_K_OFFSET, type SphereOperator } from '../angular';
import type { SigmoidK } from '../angularTensor';
import { sphereDense, sphereDenseCos } from '../sphereConv';

/** 'plain': ordinary inner products ⟨w_j, x⟩; 'sphere': each replaced by g(θ(w_j, x)) (SphereFC). */
export type RecurrentKind = 'plain' | 'sphere';

export interface TransformSpec {
  kind: RecurrentKind;
  /** Used by 'sphere' only. */
  operator: SphereOperator;
  /** Sigmoid k (default 0.3); learnable-sigmoid starts every unit's raw k at 0.7 instead. */
  k?: number;
  inputDim: number;
  units: number;
  /** Seeds the kernel draw: a plain transform and its sphere twin with one seed start equal. */
  seed: number;
  /** Prefix of the variable names (two cells in one model must not share names). */
  name: string;
}

/**
 * One matrix of a recurrent cell (the input matrix W or the recurrent matrix U, all gates side by
 * side as columns), applied to a batch of rows: x [b, inputDim] → [b, units].
 *
 * A sphere transform is exactly SphereFC (sphereDense): the cosine is normalized per column, so
 * stacking the gates' columns in one matrix gives the same values as one transform per gate while
 * costing one matMul. No bias here: the cell adds its own after g, as the SphereFC layer does.
 */
export class RecurrentTransform {
  readonly spec: TransformSpec;
  readonly kernel: tf.Variable;
  /** Raw learnable k, one per unit (column), used as |k| + 0.05 so it stays positive (PAPER.md). */
  readonly kRaw: tf.Variable | undefined;

  constructor(spec: TransformSpec) {
    this.spec = spec;
    // N(0, 1/fan_in) (LeCun): keeps the plain tanh/sigmoid pre-activations near unit scale at the
    // start; a sphere transform only sees the direction of each column, so the scale is moot there.
    const stddev = 1 / Math.sqrt(spec.inputDim);
    this.kernel = tf.variable(
      tf.randomNormal([spec.inputDim, spec.units], 0, stddev, 'float32', spec.seed),
      true,
      `${spec.name}_kernel`,
    );
    this.kRaw =
      spec.kind === 'sphere' && spec.operator === 'learnable-sigmoid'
        ? tf.variable(tf.fill([spec.units], LEARNABLE_K_INIT), true, `${spec.name}_k`)
        : undefined;
  }

  /** k as the operator uses it: the fixed number, or |k| + 0.05 per unit for learnable-sigmoid. */
  effectiveK(): SigmoidK {
    if (this.kRaw) return tf.add(tf.abs(this.kRaw), LEARNABLE_K_OFFSET);
    return this.spec.k ?? DEFAULT_SIGMOID_K;
  }

  /** ⟨w_j, x⟩ (plain) or g(θ(w_j, x)) (sphere) for every row of x and every unit j. */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      if (this.spec.kind === 'plain') return tf.matMul(x, this.kernel);
      return sphereDense(x, this.kernel as tf.Tensor2D, {
        operator: this.spec.operator,
        k: this.effectiveK(),
      });
    });
  }

  /** cos θ(w_j, x) of a sphere transform (what g is applied to; the Operators view's input). */
  cosines(x: tf.Tensor2D): tf.Tensor2D {
    return sphereDenseCos(x, this.kernel as tf.Tensor2D);
  }

  variables(): tf.Variable[] {
    return this.kRaw ? [this.kernel, this.kRaw] : [this.kernel];
  }

  dispose(): void {
    tf.dispose(this.variables());
  }
}
