/**
 * The labelled model controls the Lab and the Features view share (same labels, same ranges, so
 * e2e tests and screen readers find them the same way in both). Each takes a value and a setter;
 * the view wraps it in <Hideable> with its schema field name.
 */
import { LEARNABLE_K_INIT, LEARNABLE_K_OFFSET } from '../../sphere/recipe';
import { LAB_HEADS, LAB_OPERATORS } from '../../url/labState';

type Operator = (typeof LAB_OPERATORS)[number];
type Head = (typeof LAB_HEADS)[number];

const OPERATOR_NAMES: Record<Operator, string> = {
  linear: 'linear',
  cosine: 'cosine',
  sigmoid: 'sigmoid',
  'learnable-sigmoid': 'learnable sigmoid',
};
const HEAD_NAMES: Record<Head, string> = {
  softmax: 'softmax',
  'wn-softmax': 'weight-normalized softmax',
  'ga-softmax': 'GA-Softmax',
};

export function Select<T extends string>(props: {
  label: string;
  value: T;
  options: readonly T[];
  names?: Partial<Record<T, string>>;
  onChange(v: T): void;
}) {
  return (
    <label className="control">
      <span>{props.label}</span>
      <select
        aria-label={props.label}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as T)}
      >
        {props.options.map((o) => (
          <option key={o} value={o}>
            {props.names?.[o] ?? o}
          </option>
        ))}
      </select>
    </label>
  );
}

export function OperatorSelect(props: { value: Operator; onChange(v: Operator): void }) {
  return <Select label="Operator" options={LAB_OPERATORS} names={OPERATOR_NAMES} {...props} />;
}

export function HeadSelect(props: { value: Head; onChange(v: Head): void }) {
  return <Select label="Loss" options={LAB_HEADS} names={HEAD_NAMES} {...props} />;
}

/** A range slider whose current value is shown beside its label (outside <output>: one labelled control). */
function Slider(props: {
  label: string;
  value: number;
  shown: string;
  min: number;
  max: number;
  step: number;
  disabled: boolean;
  title: string;
  onChange(v: number): void;
}) {
  return (
    <label className="control">
      <span>
        {props.label} <span className="value">{props.shown}</span>
      </span>
      <input
        type="range"
        aria-label={props.label}
        min={props.min}
        max={props.max}
        step={props.step}
        value={props.value}
        disabled={props.disabled}
        title={props.title}
        onChange={(e) => props.onChange(Number(e.target.value))}
      />
    </label>
  );
}

/** Where learnable k starts, as the curve uses it (|k| + offset): what the greyed slider shows. */
const LEARNABLE_K_START = Math.abs(LEARNABLE_K_INIT) + LEARNABLE_K_OFFSET;

export function KSlider(props: { value: number; operator: Operator; onChange(v: number): void }) {
  const usesK = props.operator === 'sigmoid';
  const learned = props.operator === 'learnable-sigmoid';
  // A greyed slider must not show the fixed k (0.30) that the net does not use.
  const shown = usesK
    ? props.value.toFixed(2)
    : learned
      ? `learned, starts at ${LEARNABLE_K_START.toFixed(2)}`
      : `not used by the ${OPERATOR_NAMES[props.operator]} operator`;
  return (
    <Slider
      label="k"
      value={learned ? LEARNABLE_K_START : props.value}
      shown={shown}
      min={0.05}
      max={2}
      step={0.05}
      disabled={!usesK}
      onChange={props.onChange}
      title={
        usesK
          ? 'Sigmoid steepness: smaller k is closer to a step'
          : learned
            ? 'Learnable sigmoid: training sets k per filter (the k chart shows it)'
            : 'k only applies to the sigmoid operators'
      }
    />
  );
}

export function MarginSlider(props: { value: number; head: Head; onChange(v: number): void }) {
  const ga = props.head === 'ga-softmax';
  return (
    <Slider
      label="Margin m"
      value={props.value}
      shown={String(props.value)}
      min={1}
      max={4}
      step={1}
      disabled={!ga}
      onChange={props.onChange}
      title={ga ? 'Angular margin of GA-Softmax' : 'Margin m applies to GA-Softmax'}
    />
  );
}

/** A whole-number input that only passes on values in [min, max]. */
export function IntegerInput(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  onChange(v: number): void;
}) {
  return (
    <label className="control">
      <span>{props.label}</span>
      <input
        type="number"
        aria-label={props.label}
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        value={props.value}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (Number.isInteger(v) && v >= props.min && v <= props.max) props.onChange(v);
        }}
      />
    </label>
  );
}
