/**
 * Plain Node (benchmark scripts, `node --conditions=spherelab-node --import tsx`): the umbrella
 * package's Node build has the gradients and chained ops compiled in, and registers them on the
 * same CommonJS tfjs-core that '@tensorflow/tfjs-core' resolves to there. A devDependency only:
 * the app never loads it.
 */
import '@tensorflow/tfjs';
