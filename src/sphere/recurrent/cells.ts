import * as tf from '../../tfjs';
import type { SphereOperator } from '../angular';
import { type RecurrentKind, RecurrentTransform } from './transform';

/** 'elman': h' = tanh(Wx + b + Uh + c). 'gru': the gated cell (PyTorch's equations, below). */
export type CellType = 'elman' | 'gru';

export interface RecurrentCellConfig {
  cell: CellType;
  kind: RecurrentKind;
  operator: SphereOperator;
  k?: number;
  inputDim: number;
  hiddenUnits: number;
  seed: number;
  /** Prefix of the variable names; must be unique among live cells. */
  name: string;
}

/** Gates stacked as columns of W and U: GRU r, z, n (PyTorch's order, for a later export). */
export function gateCount(cell: CellType): number {
  return cell === 'gru' ? 3 : 1;
}

/**
 * A recurrent cell whose input transform ⟨w, x⟩ and recurrent transform ⟨u, h⟩ are either plain
 * inner products or SphereFC's g(θ) (kind). Everything else — biases, tanh/σ, the GRU's gating —
 * is the same in both kinds, so a plain cell and its sphere twin differ only where the paper says.
 *
 * Two biases, one after each transform (b_ih, b_hh as PyTorch has them): for the Elman cell they
 * just add up, but the GRU's candidate needs b_hn inside the reset gate's product.
 */
export class RecurrentCell {
  readonly config: RecurrentCellConfig;
  readonly input: RecurrentTransform;
  readonly recurrent: RecurrentTransform;
  readonly inputBias: tf.Variable;
  readonly recurrentBias: tf.Variable;

  constructor(config: RecurrentCellConfig) {
    this.config = config;
    const units = gateCount(config.cell) * config.hiddenUnits;
    const shared = { kind: config.kind, operator: config.operator, k: config.k, units };
    this.input = new RecurrentTransform({
      ...shared,
      inputDim: config.inputDim,
      seed: config.seed,
      name: `${config.name}_input`,
    });
    this.recurrent = new RecurrentTransform({
      ...shared,
      inputDim: config.hiddenUnits,
      seed: config.seed + 1,
      name: `${config.name}_recurrent`,
    });
    this.inputBias = tf.variable(tf.zeros([units]), true, `${config.name}_input_bias`);
    this.recurrentBias = tf.variable(tf.zeros([units]), true, `${config.name}_recurrent_bias`);
  }

  /**
   * One step from the already transformed input gx = W·x_t + b_ih [b, G·H] and the state h [b, H].
   * GRU:  r = σ(gx_r + gh_r),  z = σ(gx_z + gh_z),  n = tanh(gx_n + r ⊙ gh_n),  h' = n + z ⊙ (h − n)
   * with gh = U·h + b_hh; h' = (1 − z) ⊙ n + z ⊙ h written with one product fewer.
   */
  step(gx: tf.Tensor2D, h: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const gh = tf.add(this.recurrent.apply(h), this.recurrentBias) as tf.Tensor2D;
      if (this.config.cell === 'elman') return tf.tanh(tf.add(gx, gh));
      const [xr, xz, xn] = tf.split(gx, 3, 1);
      const [hr, hz, hn] = tf.split(gh, 3, 1);
      const r = tf.sigmoid(tf.add(xr, hr));
      const z = tf.sigmoid(tf.add(xz, hz));
      const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
      return tf.add(n, tf.mul(z, tf.sub(h, n)));
    });
  }

  /**
   * Runs the cell over xs [b, T, inputDim] from h₀ = 0; returns the states h_1 … h_T, each [b, H].
   * The input transform of all T steps is one call on [b·T, inputDim] rows: SphereFC normalizes
   * each row on its own, so this equals T separate calls and saves T − 1 matMuls.
   * At t = 0 a sphere transform sees h = 0: cos = 0·(1/√1e-4) = 0 exactly, g(π/2) = 0, finite.
   * Not tidied: the caller's tidy (or minimize) owns the states.
   */
  private unroll(xs: tf.Tensor3D): tf.Tensor2D[] {
    const [b, steps, features] = xs.shape;
    const units = gateCount(this.config.cell) * this.config.hiddenUnits;
    const gxAll = tf.add(this.input.apply(tf.reshape(xs, [b * steps, features])), this.inputBias);
    const gxSteps = tf.unstack(tf.reshape(gxAll, [b, steps, units]), 1) as tf.Tensor2D[];
    let h = tf.zeros([b, this.config.hiddenUnits]) as tf.Tensor2D;
    const states: tf.Tensor2D[] = [];
    for (const gx of gxSteps) {
      h = this.step(gx, h);
      states.push(h);
    }
    return states;
  }

  /** Every state [b, T, H]. */
  run(xs: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => tf.stack(this.unroll(xs), 1) as tf.Tensor3D);
  }

  /** The last state h_T [b, H] (what a classifier head reads). */
  final(xs: tf.Tensor3D): tf.Tensor2D {
    return tf.tidy(() => {
      const states = this.unroll(xs);
      return states[states.length - 1];
    });
  }

  /** Transforms with a learnable k, named (for kValues). */
  learnableTransforms(): { name: string; transform: RecurrentTransform }[] {
    return [
      { name: 'input', transform: this.input },
      { name: 'recurrent', transform: this.recurrent },
    ].filter((t) => t.transform.kRaw !== undefined);
  }

  variables(): tf.Variable[] {
    return [...this.input.variables(), this.inputBias, ...this.recurrent.variables(), this.recurrentBias];
  }

  dispose(): void {
    tf.dispose(this.variables());
  }
}
