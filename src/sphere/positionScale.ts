import * as tf from '../tfjs';

/**
 * z ⊙ r for z [..., C] and r [..., 1] (one factor per position, broadcast over the channels):
 * the patch-norm division of every SphereConv.
 *
 * Why not tf.mul: tfjs-cpu multiplies tensors of different shapes element by element through
 * a generic index-mapping loop, and its gradient repeats that twice more (dy·r, then dy·z
 * summed over C). On the cpu backend that cost ~10% of a SphereNet step. Here the forward pass
 * and both gradients are plain loops. Other backends broadcast efficiently: they use tf.mul.
 */
export function scaleEachPosition(z: tf.Tensor, r: tf.Tensor): tf.Tensor {
  if (tf.getBackend() !== 'cpu') return tf.mul(z, r);
  const channels = z.shape[z.rank - 1] ?? 1;
  if (r.size * channels !== z.size) throw new Error('r needs one value per position of z');
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const zIn = args[0] as tf.Tensor;
    const rIn = args[1] as tf.Tensor;
    const save = args[2] as tf.GradSaveFunc;
    const zv = zIn.dataSync() as Float32Array;
    const rv = rIn.dataSync() as Float32Array;
    const out = new Float32Array(zv.length);
    for (let p = 0, i = 0; p < rv.length; p++) {
      const s = rv[p];
      for (let c = 0; c < channels; c++, i++) out[i] = zv[i] * s;
    }
    save([zIn, rIn]);
    return {
      value: tf.tensor(out, zIn.shape),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [zs, rs] = saved;
        const dyv = dy.dataSync() as Float32Array;
        const zd = zs.dataSync() as Float32Array;
        const rd = rs.dataSync() as Float32Array;
        const dz = new Float32Array(zd.length);
        const dr = new Float32Array(rd.length);
        for (let p = 0, i = 0; p < rd.length; p++) {
          const s = rd[p];
          let acc = 0;
          for (let c = 0; c < channels; c++, i++) {
            dz[i] = dyv[i] * s;
            acc += dyv[i] * zd[i];
          }
          dr[p] = acc;
        }
        return [tf.tensor(dz, zs.shape), tf.tensor(dr, rs.shape)];
      },
    };
  });
  return op(z, r);
}
