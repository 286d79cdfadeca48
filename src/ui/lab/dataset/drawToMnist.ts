/**
 * Turns a drawing (RGBA, white strokes on black, any square size) into an MNIST-like 28×28 input:
 * the stroke's bounding box is scaled to fit 20×20 and centred by its centre of mass, as MNIST's
 * digits were. Returns floats in [0, 1], or undefined for an empty drawing.
 */
export function drawingToMnist(rgba: Uint8ClampedArray, size: number): Float32Array | undefined {
  let minX = size;
  let minY = size;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      if (rgba[(y * size + x) * 4] > 20) {
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
  if (maxX < 0) return undefined;
  const box = Math.max(maxX - minX + 1, maxY - minY + 1);
  const scale = 20 / box;
  // Area-average the box into a 20×20 grid.
  const small = new Float32Array(20 * 20);
  const counts = new Float32Array(20 * 20);
  for (let y = minY; y <= maxY; y++)
    for (let x = minX; x <= maxX; x++) {
      const sx = Math.min(19, Math.floor((x - minX) * scale));
      const sy = Math.min(19, Math.floor((y - minY) * scale));
      small[sy * 20 + sx] += rgba[(y * size + x) * 4] / 255;
      counts[sy * 20 + sx] += 1;
    }
  let mass = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < 400; i++) {
    if (counts[i] > 0) small[i] /= counts[i];
    mass += small[i];
    cx += small[i] * (i % 20);
    cy += small[i] * Math.floor(i / 20);
  }
  const offX = Math.round(14 - cx / mass);
  const offY = Math.round(14 - cy / mass);
  const out = new Float32Array(28 * 28);
  for (let i = 0; i < 400; i++) {
    const x = (i % 20) + offX;
    const y = Math.floor(i / 20) + offY;
    if (x >= 0 && x < 28 && y >= 0 && y < 28) out[y * 28 + x] = Math.min(1, small[i]);
  }
  return out;
}
