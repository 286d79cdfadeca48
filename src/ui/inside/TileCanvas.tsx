import { useEffect, useRef, useState } from 'react';
import { fmt, legendGradient, paint, type Scale } from './colors';

/** A set of equally sized tiles read through `at`, laid out in `columns` columns. */
export interface Tiles {
  count: number;
  height: number;
  width: number;
  columns: number;
  at(tile: number, y: number, x: number): number;
  /** The hover read-out for one value (what the tile is, and where). */
  describe(tile: number, y: number, x: number, v: number): string;
}

/** Tiles over an HWC map: one tile per channel. */
export function channelTiles(
  values: Float32Array,
  height: number,
  width: number,
  channels: number,
  describe: Tiles['describe'],
  columns = Math.min(channels, 8),
): Tiles {
  return {
    count: channels,
    height,
    width,
    columns,
    at: (t, y, x) => values[(y * width + x) * channels + t],
    describe,
  };
}

const GAP = 1;

/**
 * Draws every tile into one canvas at one device pixel per value (CSS scales it up, pixelated):
 * thousands of values, one DOM node. Hovering names the value under the pointer.
 */
export function TileCanvas(props: {
  tiles: Tiles;
  scale: Scale;
  label: string;
  zoom: number;
  testId?: string;
}) {
  const { tiles, scale, zoom } = props;
  const ref = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<string>();
  const rows = Math.ceil(tiles.count / tiles.columns);
  const w = tiles.columns * (tiles.width + GAP) - GAP;
  const h = rows * (tiles.height + GAP) - GAP;

  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx || w <= 0 || h <= 0) return;
    const img = ctx.createImageData(w, h);
    for (let t = 0; t < tiles.count; t++) {
      const ox = (t % tiles.columns) * (tiles.width + GAP);
      const oy = Math.floor(t / tiles.columns) * (tiles.height + GAP);
      for (let y = 0; y < tiles.height; y++)
        for (let x = 0; x < tiles.width; x++)
          paint(img.data, ((oy + y) * w + ox + x) * 4, tiles.at(t, y, x), scale);
    }
    ctx.putImageData(img, 0, 0);
  }, [tiles, scale, w, h]);

  const onMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const px = Math.floor(((e.clientX - r.left) * w) / r.width);
    const py = Math.floor(((e.clientY - r.top) * h) / r.height);
    const col = Math.floor(px / (tiles.width + GAP));
    const row = Math.floor(py / (tiles.height + GAP));
    const x = px - col * (tiles.width + GAP);
    const y = py - row * (tiles.height + GAP);
    const t = row * tiles.columns + col;
    if (x >= tiles.width || y >= tiles.height || t >= tiles.count || col >= tiles.columns)
      return setHover(undefined);
    setHover(tiles.describe(t, y, x, tiles.at(t, y, x)));
  };

  return (
    <figure className="tiles" data-testid={props.testId}>
      <canvas
        ref={ref}
        width={Math.max(1, w)}
        height={Math.max(1, h)}
        style={{ width: `${w * zoom}px` }}
        role="img"
        aria-label={props.label}
        onPointerMove={onMove}
        onPointerLeave={() => setHover(undefined)}
      />
      <figcaption>
        <span className="legend" style={{ background: legendGradient(scale) }} aria-hidden="true" />
        <span className="scale">
          {scale.kind === 'signed' ? `±${fmt(scale.max, 2)}` : `0…${fmt(scale.max, 2)}`}
        </span>
        <output className="hover-value" data-testid={props.testId ? `${props.testId}-hover` : undefined}>
          {hover ?? '\u00a0'}
        </output>
      </figcaption>
    </figure>
  );
}
