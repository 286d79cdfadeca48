import { describe, expect, it } from 'vitest';
import { drawingToMnist } from './drawToMnist';

function canvasWith(size: number, paint: (x: number, y: number) => boolean): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const v = paint(x, y) ? 255 : 0;
      rgba.set([v, v, v, 255], (y * size + x) * 4);
    }
  return rgba;
}

describe('drawingToMnist', () => {
  it('returns undefined for an empty drawing', () => {
    expect(
      drawingToMnist(
        canvasWith(100, () => false),
        100,
      ),
    ).toBeUndefined();
  });

  it('scales a stroke in a corner to a centred 20-pixel digit', () => {
    // A vertical bar in the top-left corner of a 200×200 canvas.
    const out = drawingToMnist(
      canvasWith(200, (x, y) => x >= 10 && x < 20 && y >= 5 && y < 85),
      200,
    )!;
    expect(out).toHaveLength(784);
    let mass = 0;
    let cx = 0;
    let cy = 0;
    let rows = 0;
    for (let y = 0; y < 28; y++) {
      let rowHas = false;
      for (let x = 0; x < 28; x++) {
        const v = out[y * 28 + x];
        mass += v;
        cx += v * x;
        cy += v * y;
        if (v > 0.5) rowHas = true;
      }
      if (rowHas) rows++;
    }
    expect(Math.abs(cx / mass - 14)).toBeLessThan(1.5);
    expect(Math.abs(cy / mass - 14)).toBeLessThan(1.5);
    expect(rows).toBe(20);
  });
});
