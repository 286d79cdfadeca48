import { useState } from 'react';
import { DEFAULT_SIGMOID_K } from '../../sphere/angular';
import { operatorsLink } from '../../tour/links';
import { defaultAppState } from '../../url/schema';
import { angleBetween, operatorValue, type PolarVector } from '../operators/geometry';
import { VectorPad } from '../operators/VectorPad';
import '../operators/operators.css';
import { TourStep } from './TourStep';

const start = defaultAppState().states.operators;

/** Step 2: the Operators view's vector pad; a longer w changes the convolution, not SphereConv. */
export function OperatorsStep({ index }: { index: number }) {
  const [w, setW] = useState<PolarVector>({ angleDeg: start.wAngle, length: start.wLength });
  const [x, setX] = useState<PolarVector>({ angleDeg: start.xAngle, length: start.xLength });
  const theta = angleBetween(w, x);
  const params = { k: DEFAULT_SIGMOID_K, learnableK: DEFAULT_SIGMOID_K, normProduct: w.length * x.length };
  const inner = params.normProduct * Math.cos(theta);
  const sphere = operatorValue('sigmoid', theta, params);
  const link = operatorsLink({
    wAngle: w.angleDeg,
    wLength: w.length,
    xAngle: x.angleDeg,
    xLength: x.length,
  });
  return (
    <TourStep
      id="tour-operators"
      index={index}
      title="A convolution is ‖w‖‖x‖ cos θ; SphereConv keeps only θ"
      link={{ href: link, text: 'Open these vectors in the Operators view' }}
    >
      <p>
        Each output of a convolution is an inner product of a kernel w and an image patch x: their lengths
        times the cosine of the angle θ between them. SphereConv drops the lengths and maps θ alone through
        g(θ) ∈ [−1, 1]. Drag an arrow head (or focus it and use the arrow keys): stretching w changes the
        convolution’s output but not SphereConv’s.
      </p>
      <div className="tour-operators">
        <VectorPad
          thetaDeg={(theta * 180) / Math.PI}
          vectors={[
            { name: 'w', color: '#ff8a5c', ...w, locked: false, onChange: setW },
            { name: 'x', color: '#6cb4ff', ...x, locked: false, onChange: setX },
          ]}
        />
        <table className="operator-readout" aria-label="Convolution and SphereConv outputs">
          <tbody>
            <tr>
              <td>θ</td>
              <td data-testid="tour-theta">{((theta * 180) / Math.PI).toFixed(0)}°</td>
            </tr>
            <tr>
              <td>‖w‖‖x‖ cos θ (convolution)</td>
              <td data-testid="tour-inner">{inner.toFixed(3)}</td>
            </tr>
            <tr>
              <td>g(θ), sigmoid k = {DEFAULT_SIGMOID_K} (SphereConv)</td>
              <td data-testid="tour-sphere">{sphere.toFixed(3)}</td>
            </tr>
            <tr>
              <td>‖w‖, ‖x‖</td>
              <td>
                {w.length.toFixed(2)}, {x.length.toFixed(2)}
              </td>
            </tr>
          </tbody>
        </table>
      </div>
    </TourStep>
  );
}
