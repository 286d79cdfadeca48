import * as tf from '../tfjs';
import { DEFAULT_SIGMOID_K, LEARNABLE_K_INIT, LEARNABLE_K_OFFSET, type SphereOperator } from './angular';
import type { SigmoidK } from './angularTensor';
import { heNormal } from './init';
import { angularLogits } from './losses';
import { NORM_EPS } from './sphereConv';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Kwargs = Record<string, unknown>;

export interface HeadOptions extends LayerArgs {
  units: number;
  seed?: number;
}

function single(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor2D {
  return (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D;
}

/** A classifier head: a [din, units] kernel whose columns are the class weight vectors. */
abstract class ClassHead extends tf.layers.Layer {
  readonly units: number;
  readonly seed: number | undefined;
  protected kernel?: tf.LayerVariable;

  constructor(args: HeadOptions) {
    super(args);
    this.units = args.units;
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const din = shape[shape.length - 1] as number;
    this.kernel = this.addWeight('kernel', [din, this.units], 'float32', heNormal(din, this.seed));
    this.buildExtra();
    this.built = true;
  }

  /** Further weights of a subclass (the GA head's learnable k). */
  protected buildExtra(): void {}

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0], this.units];
  }

  /** The class weights [din, units]. */
  kernelTensor(): tf.Tensor2D {
    if (!this.kernel) throw new Error(`${this.name} is not built yet`);
    return this.kernel.read() as tf.Tensor2D;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, seed: this.seed ?? null };
  }
}

/** Weight-normalized softmax head: scores x·w_j/‖w_j‖ (no bias), ‖w_j‖ with +1e-4 under the root. */
export class WeightNormDense extends ClassHead {
  static className = 'WeightNormDense';

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const w = this.kernelTensor();
      const unit = tf.mul(w, tf.rsqrt(tf.add(tf.sum(tf.square(w), 0, true), NORM_EPS)));
      return tf.matMul(single(inputs), unit);
    });
  }
}

export interface AngularHeadOptions extends HeadOptions {
  operator: SphereOperator;
  k?: number;
}

/**
 * GA-Softmax head. Its output is the margin-free angular logits ‖x‖·g(θ_j) (what predictions use);
 * training uses gaSoftmaxLoss on this layer's input and kernel, which adds the margin m.
 * With the learnable sigmoid the head learns its own k, one per class, like a SphereConv's per
 * filter (initialised 0.7, used as |k| + 0.05), rather than borrowing a fixed one.
 */
export class AngularHead extends ClassHead {
  static className = 'AngularHead';
  readonly operator: SphereOperator;
  readonly k: number;
  private kRaw?: tf.LayerVariable;

  constructor(args: AngularHeadOptions) {
    super(args);
    this.operator = args.operator;
    this.k = args.k ?? DEFAULT_SIGMOID_K;
  }

  protected override buildExtra(): void {
    if (this.operator !== 'learnable-sigmoid') return;
    const init = tf.initializers.constant({ value: LEARNABLE_K_INIT });
    this.kRaw = this.addWeight('k', [this.units], 'float32', init);
  }

  /** k as the operator uses it: the fixed k, or |k| + 0.05 per class when learnable. */
  effectiveK(): SigmoidK {
    return this.kRaw ? tf.add(tf.abs(this.kRaw.read()), LEARNABLE_K_OFFSET) : this.k;
  }

  /** The learnable k per class (|k| + 0.05), or undefined for fixed operators. */
  learnableK(): tf.Tensor1D | undefined {
    return this.kRaw ? (this.effectiveK() as tf.Tensor1D) : undefined;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() =>
      angularLogits(single(inputs), this.kernelTensor(), this.operator, this.effectiveK()),
    );
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), operator: this.operator, k: this.k };
  }
}

tf.serialization.registerClass(WeightNormDense);
tf.serialization.registerClass(AngularHead);
