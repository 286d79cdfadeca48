import { useEffect, useRef } from 'react';

/** One size×size RGBA image in a canvas; CSS scales it to the panel (pixelated when enlarged). */
export function ImageCanvas({ rgba, size, label }: { rgba: Uint8ClampedArray; size: number; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    canvas.width = size;
    canvas.height = size;
    ctx.putImageData(new ImageData(new Uint8ClampedArray(rgba), size, size), 0, 0);
  }, [rgba, size]);
  return <canvas ref={ref} className="fourier-canvas" role="img" aria-label={label} />;
}

/** A captioned canvas: the unit every panel of the view is made of. */
export function Figure(props: {
  testId: string;
  title: string;
  rgba: Uint8ClampedArray;
  size: number;
  children?: React.ReactNode;
}) {
  return (
    <figure className="fourier-figure" data-testid={props.testId}>
      <ImageCanvas rgba={props.rgba} size={props.size} label={props.title} />
      <figcaption>
        <strong>{props.title}</strong>
        {props.children}
      </figcaption>
    </figure>
  );
}
