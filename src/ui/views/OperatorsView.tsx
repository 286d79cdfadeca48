import { useMemo } from 'react';
import { Hideable } from '../components/Hideable';
import { angleBetween, curveRows, operatorValue, type PolarVector } from '../operators/geometry';
import { OPERATOR_STYLES, OperatorChart } from '../operators/OperatorChart';
import { OperatorFormulas } from '../operators/OperatorFormulas';
import { SliderRow } from '../operators/SliderRow';
import { VectorPad } from '../operators/VectorPad';
import '../operators/operators.css';
import type { AppStateApi } from '../useAppState';

export default function OperatorsView({ app }: { app: AppStateApi }) {
  const s = app.state.states.operators;
  const hidden = app.state.hidden;
  const update = (patch: Partial<typeof s>) => app.updateView('operators', patch);
  const w: PolarVector = { angleDeg: s.wAngle, length: s.wLength };
  const x: PolarVector = { angleDeg: s.xAngle, length: s.xLength };
  const theta = angleBetween(w, x);
  const thetaDeg = (theta * 180) / Math.PI;
  const params = { k: s.k, learnableK: s.learnableK, normProduct: s.wLength * s.xLength };
  const rows = useMemo(
    () => curveRows({ k: s.k, learnableK: s.learnableK, normProduct: s.wLength * s.xLength }),
    [s.k, s.learnableK, s.wLength, s.xLength],
  );
  const outputs = OPERATOR_STYLES.map((style) => ({
    ...style,
    value:
      style.id === 'inner' ? params.normProduct * Math.cos(theta) : operatorValue(style.id, theta, params),
  }));

  return (
    <section aria-labelledby="operators-title" className="view">
      <h2 id="operators-title">Operators</h2>
      <p>
        SphereConv looks only at the angle θ between a kernel w and an input patch x, then maps it through an
        operator g(θ). Drag the vectors, change k, and compare with the plain inner product.
      </p>
      <div className="operators-layout">
        <div className="panel">
          <VectorPad
            thetaDeg={thetaDeg}
            vectors={[
              {
                name: 'w',
                color: '#ff8a5c',
                ...w,
                locked: hidden.includes('wAngle') || hidden.includes('wLength'),
                onChange: (v) => update({ wAngle: v.angleDeg, wLength: v.length }),
              },
              {
                name: 'x',
                color: '#6cb4ff',
                ...x,
                locked: hidden.includes('xAngle') || hidden.includes('xLength'),
                onChange: (v) => update({ xAngle: v.angleDeg, xLength: v.length }),
              },
            ]}
          />
          <table className="operator-readout" aria-label="Operator outputs at θ">
            <tbody>
              <tr>
                <td>θ</td>
                <td>
                  {thetaDeg.toFixed(0)}° = {theta.toFixed(3)} rad
                </td>
              </tr>
              {outputs.map((o) => (
                <tr key={o.id}>
                  <td>
                    <span className="swatch" style={{ background: o.color }} />
                    {o.label}
                  </td>
                  <td data-testid={`output-${o.id}`}>{o.value.toFixed(3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Hideable app={app} name="k">
            <SliderRow
              label="k"
              min={0.05}
              max={2}
              step={0.05}
              value={s.k}
              shown={s.k.toFixed(2)}
              onChange={(k) => update({ k })}
            />
          </Hideable>
          <Hideable app={app} name="learnableK">
            <SliderRow
              label="learnable k (|k| + 0.05)"
              min={0.05}
              max={2}
              step={0.05}
              value={s.learnableK}
              shown={s.learnableK.toFixed(2)}
              onChange={(learnableK) => update({ learnableK })}
            />
          </Hideable>
          <Hideable app={app} name="wAngle">
            <SliderRow
              label="w direction"
              min={-180}
              max={180}
              step={1}
              value={s.wAngle}
              shown={`${s.wAngle}°`}
              onChange={(wAngle) => update({ wAngle })}
            />
          </Hideable>
          <Hideable app={app} name="wLength">
            <SliderRow
              label="w length"
              min={0.1}
              max={2}
              step={0.05}
              value={s.wLength}
              shown={s.wLength.toFixed(2)}
              onChange={(wLength) => update({ wLength })}
            />
          </Hideable>
          <Hideable app={app} name="xAngle">
            <SliderRow
              label="x direction"
              min={-180}
              max={180}
              step={1}
              value={s.xAngle}
              shown={`${s.xAngle}°`}
              onChange={(xAngle) => update({ xAngle })}
            />
          </Hideable>
          <Hideable app={app} name="xLength">
            <SliderRow
              label="x length"
              min={0.1}
              max={2}
              step={0.05}
              value={s.xLength}
              shown={s.xLength.toFixed(2)}
              onChange={(xLength) => update({ xLength })}
            />
          </Hideable>
        </div>
        <div className="panel">
          <OperatorChart rows={rows} thetaDeg={thetaDeg} />
        </div>
      </div>
      <OperatorFormulas />
    </section>
  );
}
