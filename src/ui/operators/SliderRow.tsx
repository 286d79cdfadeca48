import { useId } from 'react';

/** A labelled range input with its value shown beside it (used by the Operators and Theory views). */
export function SliderRow(props: {
  label: string;
  min: number;
  max: number;
  step: number;
  value: number;
  shown: string;
  onChange(value: number): void;
}) {
  const id = useId();
  return (
    <div className="slider-row">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="range"
        min={props.min}
        max={props.max}
        step={props.step}
        value={props.value}
        onChange={(e) => props.onChange(Number(e.currentTarget.value))}
      />
      <output htmlFor={id}>{props.shown}</output>
    </div>
  );
}
