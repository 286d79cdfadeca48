import { useEffect, useMemo, useRef, useState } from 'react';
import { drawScatter } from './drawScatter';
import { nearestPoint, type Projection, plotExtent, projectFeatures, toScreen } from './plotGeometry';

/** CSS pixels of the square plot; the canvas backing store is scaled by devicePixelRatio. */
const SIZE = 360;

export interface ScatterProps {
  id: string;
  title: string;
  features?: Float32Array;
  labels?: ArrayLike<number>;
  classWeights?: Float32Array;
  projection: Projection;
  hovered: number;
  highlighted: number;
  onHover(index: number): void;
}

/**
 * A live scatter of 2,000 2-D features on a <canvas>. Not recharts: its scatter renders one SVG
 * element per point through React, and 2 plots × 2,000 points re-rendered a few times a second
 * (plus hover) cost far more than a 16 ms frame; a canvas redraw of 2,000 squares takes about 1 ms.
 */
export function FeatureScatter(props: ScatterProps) {
  const { features, labels, classWeights, projection, hovered, highlighted, onHover } = props;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [drawn, setDrawn] = useState(0);

  const screen = useMemo(() => {
    if (!features) return undefined;
    const points = projectFeatures(features, projection);
    const extent = plotExtent(points, projection);
    return { coords: toScreen(points, extent, SIZE), extent };
  }, [features, projection]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== SIZE * dpr) {
      canvas.width = SIZE * dpr;
      canvas.height = SIZE * dpr;
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    setDrawn(
      drawScatter(ctx, SIZE, {
        screen: screen?.coords ?? new Float32Array(0),
        labels: labels ?? [],
        classWeights,
        extent: screen?.extent ?? 1,
        projection,
        hovered,
        highlighted,
      }),
    );
  }, [screen, labels, classWeights, projection, hovered, highlighted]);

  const onMove = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!screen) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const x = ((e.clientX - rect.left) * SIZE) / rect.width;
    const y = ((e.clientY - rect.top) * SIZE) / rect.height;
    onHover(nearestPoint(screen.coords, x, y, 8));
  };

  return (
    <figure className="feature-plot">
      <figcaption>{props.title}</figcaption>
      <canvas
        ref={canvasRef}
        // Height follows the width: on a phone both plots share the row at half size (features.css).
        style={{ width: SIZE, aspectRatio: '1 / 1' }}
        data-testid={`features-${props.id}`}
        data-point-count={drawn}
        role="img"
        aria-label={`${props.title}: 2-D features of ${drawn} test digits, coloured by class, with class weight directions as rays`}
        onPointerMove={onMove}
        onPointerLeave={() => onHover(-1)}
      />
    </figure>
  );
}
