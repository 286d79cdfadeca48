import { Figure } from './ImageCanvas';
import type { ResultDisplay } from './useFourier';

/** A recombined image with its measured similarity to both inputs; the closer input is marked. */
export function ResultPanel({ result, size, index }: { result: ResultDisplay; size: number; index: number }) {
  const closer = result.toA.correlation >= result.toB.correlation ? 'A' : 'B';
  const row = (name: 'A' | 'B', s: { correlation: number; ssim: number }) => (
    <tr className={closer === name ? 'closer' : undefined}>
      <th scope="row">to {name}</th>
      <td data-testid={`result-${index}-corr-${name}`}>{s.correlation.toFixed(3)}</td>
      <td data-testid={`result-${index}-ssim-${name}`}>{s.ssim.toFixed(3)}</td>
    </tr>
  );
  return (
    <Figure testId={`result-${index}`} title={result.title} rgba={result.image} size={size}>
      <span className="fourier-caption">{result.caption}</span>
      <table className="fourier-metrics" aria-label={`Similarity of ${result.title} to A and B`}>
        <thead>
          <tr>
            <th scope="col">similarity</th>
            <th scope="col">correlation</th>
            <th scope="col">SSIM</th>
          </tr>
        </thead>
        <tbody>
          {row('A', result.toA)}
          {row('B', result.toB)}
        </tbody>
      </table>
      <span className="fourier-caption">Looks more like {closer} (by correlation).</span>
    </Figure>
  );
}
