import * as tf from '../tfjs';
import { DEFAULT_SIGMOID_K, LEARNABLE_K_INIT, LEARNABLE_K_OFFSET, type SphereOperator } from './angular';
import type { SigmoidK } from './angularTensor';
import { heNormal } from './init';
import { sphereConv2d, sphereDense } from './sphereConv';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Kwargs = Record<string, unknown>;

/** Options shared by SphereConv2D and SphereDense. */
export interface SphereLayerOptions extends LayerArgs {
  operator: SphereOperator;
  /** Sigmoid k (default 0.3); for 'learnable-sigmoid' the per-unit k starts at 0.7 instead. */
  k?: number;
  /** Bias after g(θ) (default false, as the official code). */
  useBias?: boolean;
  activation?: 'linear' | 'relu';
  /** Seed of the kernel's He-normal initializer (same seed → same weights). */
  seed?: number;
}

export interface SphereConv2DOptions extends SphereLayerOptions {
  filters: number;
  kernelSize: number;
  strides?: number;
  padding?: 'same' | 'valid';
  /**
   * Max-pool of this size (stride = size, 'valid') applied to the layer's output — computed on
   * cos θ before the operator, which gives the same values for a quarter of the work (see
   * SphereConvOptions.pool). Default 1: no pooling.
   */
  poolSize?: number;
}

export interface SphereDenseOptions extends SphereLayerOptions {
  units: number;
}

function single(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(inputs) ? inputs[0] : inputs;
}

/** Base of both SphereLayers: operator, learnable k, bias. */
abstract class SphereLayerBase extends tf.layers.Layer {
  readonly operator: SphereOperator;
  readonly k: number;
  readonly useBias: boolean;
  readonly activation: 'linear' | 'relu';
  readonly seed: number | undefined;
  protected kernel?: tf.LayerVariable;
  protected bias?: tf.LayerVariable;
  /** Raw learnable k, one per output unit; used as |k| + 0.05 so it stays positive. */
  protected kRaw?: tf.LayerVariable;

  constructor(args: SphereLayerOptions) {
    super(args);
    this.operator = args.operator;
    this.k = args.k ?? DEFAULT_SIGMOID_K;
    this.useBias = args.useBias ?? false;
    this.activation = args.activation ?? 'linear';
    this.seed = args.seed;
  }

  protected addSphereWeights(kernelShape: number[], units: number): void {
    // The official code's init for every conv (recipe.ts): N(0, 2/fan_in), fan_in = kh·kw·cin.
    const fanIn = kernelShape.slice(0, -1).reduce((a, b) => a * b, 1);
    this.kernel = this.addWeight('kernel', kernelShape, 'float32', heNormal(fanIn, this.seed));
    if (this.operator === 'learnable-sigmoid') {
      this.kRaw = this.addWeight(
        'k',
        [units],
        'float32',
        tf.initializers.constant({ value: LEARNABLE_K_INIT }),
      );
    }
    if (this.useBias) this.bias = this.addWeight('bias', [units], 'float32', tf.initializers.zeros());
  }

  /** k as the operator uses it: the number, or |k| + 0.05 per unit for learnable-sigmoid. */
  protected effectiveK(): SigmoidK {
    return this.kRaw ? tf.add(tf.abs(this.kRaw.read()), LEARNABLE_K_OFFSET) : this.k;
  }

  /** The effective learnable k per unit (|k| + 0.05), or undefined for fixed operators. */
  learnableK(): tf.Tensor1D | undefined {
    return this.kRaw ? (tf.add(tf.abs(this.kRaw.read()), LEARNABLE_K_OFFSET) as tf.Tensor1D) : undefined;
  }

  /** The kernel as a tensor (for the orthogonality penalty). */
  kernelTensor(): tf.Tensor {
    if (!this.kernel) throw new Error(`${this.name} is not built yet`);
    return this.kernel.read();
  }

  /** Adds the bias and, when the operator did not fuse it, the activation. */
  protected finish(g: tf.Tensor): tf.Tensor {
    if (!this.bias) return g;
    const out = tf.add(g, this.bias.read());
    return this.activation === 'relu' ? tf.relu(out) : out;
  }

  /** With a bias, relu must follow it, so the operator cannot fuse it. */
  protected fusedActivation(): 'linear' | 'relu' {
    return this.useBias ? 'linear' : this.activation;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      operator: this.operator,
      k: this.k,
      useBias: this.useBias,
      activation: this.activation,
      seed: this.seed ?? null,
    };
  }
}

/** SphereConv as a tfjs layer: g(θ(patch, filter)) (+ bias), NHWC. */
export class SphereConv2D extends SphereLayerBase {
  static className = 'SphereConv2D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: number;
  readonly padding: 'same' | 'valid';
  readonly poolSize: number;

  constructor(args: SphereConv2DOptions) {
    super(args);
    this.filters = args.filters;
    this.kernelSize = args.kernelSize;
    this.strides = args.strides ?? 1;
    this.padding = args.padding ?? 'same';
    this.poolSize = args.poolSize ?? 1;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const cin = shape[shape.length - 1] as number;
    this.addSphereWeights([this.kernelSize, this.kernelSize, cin, this.filters], this.filters);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [b, h, w] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const size = (n: number | null) => {
      if (n == null) return null;
      const span = this.padding === 'same' ? n : n - this.kernelSize + 1;
      return Math.floor(Math.ceil(span / this.strides) / this.poolSize);
    };
    return [b, size(h), size(w), this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const g = sphereConv2d(single(inputs) as tf.Tensor4D, this.kernelTensor() as tf.Tensor4D, {
        operator: this.operator,
        k: this.effectiveK(),
        strides: this.strides,
        padding: this.padding,
        activation: this.fusedActivation(),
        pool: this.poolSize,
      });
      // The bias and relu in finish() are increasing too, so they commute with the pool.
      return this.finish(g);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      poolSize: this.poolSize,
    };
  }
}

/** SphereFC as a tfjs layer: g(θ(x, w_j)) (+ bias) for each unit j; input [b, din]. */
export class SphereDense extends SphereLayerBase {
  static className = 'SphereDense';
  readonly units: number;

  constructor(args: SphereDenseOptions) {
    super(args);
    this.units = args.units;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    this.addSphereWeights([shape[shape.length - 1] as number, this.units], this.units);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0], this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const g = sphereDense(single(inputs) as tf.Tensor2D, this.kernelTensor() as tf.Tensor2D, {
        operator: this.operator,
        k: this.effectiveK(),
        activation: this.fusedActivation(),
      });
      return this.finish(g);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units };
  }
}

export interface PlainConv2DOptions extends LayerArgs {
  filters: number;
  kernelSize: number;
  /** He-normal seed of the kernel: the same weights as tf.layers.conv2d with this initializer. */
  seed: number;
}

/**
 * The baseline's conv without bias or activation (the one BN follows), 'same' padding, stride 1.
 *
 * Why not tf.layers.conv2d: with a linear activation it always runs tf.fused.conv2d, whose
 * custom gradient computes the input's gradient too, needed or not. For the first layer (input =
 * the images) that was a wasted 64×30×30×16 → 1-channel conv a step, ~4.5 ms of a BN net's step
 * on wasm. tf.conv2d's gradient lets the tape skip it. Same weight name ('kernel'), initializer
 * and values as tf.layers.conv2d.
 */
export class PlainConv2D extends tf.layers.Layer {
  static readonly className = 'PlainConv2D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly seed: number;
  private kernel?: tf.LayerVariable;

  constructor(args: PlainConv2DOptions) {
    super(args);
    this.filters = args.filters;
    this.kernelSize = args.kernelSize;
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const cin = shape[shape.length - 1] as number;
    const fanIn = this.kernelSize * this.kernelSize * cin;
    this.kernel = this.addWeight(
      'kernel',
      [this.kernelSize, this.kernelSize, cin, this.filters],
      'float32',
      heNormal(fanIn, this.seed),
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...shape.slice(0, -1), this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    if (!this.kernel) throw new Error(`${this.name} is not built yet`);
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return tf.conv2d(x, this.kernel.read() as tf.Tensor4D, 1, 'same');
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), filters: this.filters, kernelSize: this.kernelSize, seed: this.seed };
  }
}

tf.serialization.registerClass(SphereConv2D);
tf.serialization.registerClass(SphereDense);
tf.serialization.registerClass(PlainConv2D);
