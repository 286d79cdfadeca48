/**
 * A real MNIST batch for the export tests: the first training digits of the shipped file
 * (`npm run data` writes it; npm test runs that first). Real digits matter here: their black
 * background gives all-zero patches, the edge case of every norm and of the cos clamp.
 */
import { makeBatch, parseShippedMnist } from '../data';
import { readShippedMnistFile, SHIPPED_MNIST_GZ } from '../data/shippedMnistFile';

export { SHIPPED_MNIST_GZ };

export function testBatch(n: number): { x: Float32Array; y: Int32Array } {
  const ds = parseShippedMnist(readShippedMnistFile());
  return makeBatch(
    ds,
    'train',
    Array.from({ length: n }, (_, i) => i),
  );
}
