/**
 * The official SphereNet-9 training recipe, in one place. Every constant cites the line of the
 * authors' public TensorFlow code (github wy1iu/SphereNet, commit 110ce2a) it comes from:
 *   spherenet.py            — the SphereNet (examples/ hold the linear / sigmoid / WN-softmax variants)
 *   baseline/baseline_cnn.py — the baseline CNN of the same shape
 *   loss.py                 — loss2, the cross-entropy both train with
 *   train_spherenet.py      — optimizer, batch, schedule (baseline/train_baseline.py is the same)
 * buildModel (regularizers, heads, init) and the engine's optimizer read these constants, so the
 * browser nets, the replication suite and the PyTorch export cannot drift apart.
 */

/**
 * Weight decay: `regu = tf.contrib.layers.l2_regularizer(self.wd)` with `self.wd = 5e-4`
 * (spherenet.py / baseline_cnn.py, build() and get_conv_filter()). TF's l2_regularizer(λ) adds
 * λ·Σw²/2, so the loss term is WEIGHT_DECAY · Σw² / 2 (not λ·Σw²).
 */
export const WEIGHT_DECAY = 5e-4;

/**
 * Which weights are decayed (`reg=` in each _conv_layer call, and get_bias(), which always
 * regularizes):
 * - baseline: every conv kernel (`reg=True` on conv1_*…conv3_*), fc6 and score;
 * - SphereNet: the SphereConv kernels are NOT decayed (`reg=False, orth=True`: the orthogonality
 *   penalty instead); the final classifier `score` IS (`reg=True`), whichever head it is
 *   (plain, or `w_norm='cosine'` weight-normalized in spherenet_linear_sphereconv_wsoftmax.py);
 * - both: BatchNorm's gamma and beta (get_bias() → `regularizer=regu`).
 * SphereLab's plain dense feature layer (the 2-D layer of the Features view) is decayed like fc6
 * of the baseline: it is an ordinary layer in both nets.
 */
export const DECAY_SPHERECONV_KERNELS = false;
export const DECAY_CLASSIFIER = true;
export const DECAY_BATCHNORM = true;

/**
 * Orthogonality on every SphereConv: `loss = 2e-4*tf.nn.l2_loss(inner_pro-tf.eye(n_filt))`
 * (_add_orthogonal_constraint). l2_loss is Σ/2, so the term is 1e-4·‖WᵀW − I‖_F², W reshaped to
 * [kh·kw·cin, cout] (`tf.reshape(filt, [-1, n_filt])`).
 */
export const ORTHOGONALITY_WEIGHT = 1e-4;

/** Convs carry no bias in either net: _conv_layer never calls get_bias for the conv itself. */
export const CONV_BIAS = false;

/**
 * Label smoothing: loss.py loss2, `eps = 1e-2; labels = (1-eps)*labels + eps/num_classes` — the
 * same formula as tf.losses.softmaxCrossEntropy's labelSmoothing.
 */
export const LABEL_SMOOTHING = 1e-2;

/**
 * Kernel init: `tf.random_normal_initializer(stddev=tf.sqrt(2.0/(ksize*ksize*n_input)))`
 * (get_conv_filter, called for every conv, fc6 and score alike): He-normal, not truncated.
 */
export function heNormalStddev(fanIn: number): number {
  return Math.sqrt(2 / fanIn);
}

/**
 * BatchNorm follows the conv (or SphereConv) and precedes the ReLU: `if bn: conv = batch_norm(…)`
 * then `if relu: return tf.nn.relu(conv)` in _conv_layer. Epsilon `1e-3`
 * (tf.nn.batch_normalization(…, 1e-3)), the same as tf.js's default.
 */
export const BN_EPSILON = 1e-3;

/** The official moving-average decay: `tf.train.ExponentialMovingAverage(decay=0.999)`. */
export const OFFICIAL_BN_MOMENTUM = 0.999;

/** train_spherenet.py: `tf.train.AdamOptimizer(lr_)`, `lr = 1e-3`, `batch_sz = 128`. */
export const OPTIMIZER = 'adam' as const;
export const LEARNING_RATE = 1e-3;
export const BATCH_SIZE = 128;
/** train_spherenet.py: `if i==34000: lr = lr/10`, `if i==54000: lr = lr/10`, `max_epoch = 64000`. */
export const LR_SCHEDULE = { dropAt: [34_000, 54_000], factor: 0.1, iterations: 64_000 } as const;

/** The sigmoid operator's k (`k_value = 0.3`); learnable k starts at 0.7 and is used as |k| + 0.05. */
export const SIGMOID_K = 0.3;
export const LEARNABLE_K_INIT = 0.7;
export const LEARNABLE_K_OFFSET = 0.05;

/**
 * Where SphereLab departs from the official code on purpose, and why. Shown to users of the
 * "Paper recipe" preset, and kept here so nobody "fixes" them by accident.
 */
export const DEVIATIONS: { what: string; why: string }[] = [
  {
    what: 'cos θ is clamped to [−1 + 1e-6, 1 − 1e-6] before acos (the official code has no clamp).',
    why: "acos' gradient is infinite at ±1; zero patches (padding, MNIST's black background) land there.",
  },
  {
    what: 'BatchNorm moving averages use momentum 0.99 (the official code: 0.999).',
    why: 'Browser runs last hundreds of steps, not 64,000: at 0.999 the test-time statistics would still mostly be their initial values. The replication suite measures this lag separately.',
  },
  {
    what: 'Cross-entropy is computed as a stable log-softmax (the official loss2 takes log(softmax + 1e-4)).',
    why: 'The +1e-4 caps each example’s loss near 9.2 and skews gradients of confident mistakes; it is a numerical guard, not part of the method.',
  },
  {
    what: 'Scaled-down nets: widths w, 2w (the Lab) instead of 128/192/256, 28×28 MNIST instead of CIFAR-10, and no fc6 layer (the flattened features go to the classifier).',
    why: 'SphereNet-9 at full width takes hours per run on a CPU; the Lab must train in seconds.',
  },
  {
    what: 'No learning-rate schedule (the official code divides it by 10 at 34k and 54k iterations).',
    why: 'Runs stop long before the first drop.',
  },
];

/** Every constant above that changes what a trained net computes: hashed by replication/snapshots. */
export const RECIPE_FINGERPRINT = {
  weightDecay: WEIGHT_DECAY,
  decaySphereConvKernels: DECAY_SPHERECONV_KERNELS,
  decayClassifier: DECAY_CLASSIFIER,
  decayBatchNorm: DECAY_BATCHNORM,
  orthogonality: ORTHOGONALITY_WEIGHT,
  convBias: CONV_BIAS,
  labelSmoothing: LABEL_SMOOTHING,
  init: 'he-normal',
  bnEpsilon: BN_EPSILON,
  bnMomentum: 0.99,
  sigmoidK: SIGMOID_K,
  learnableKInit: LEARNABLE_K_INIT,
  learnableKOffset: LEARNABLE_K_OFFSET,
  gaHeadLearnableK: true,
} as const;
