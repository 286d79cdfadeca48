import { useId, useRef } from 'react';
import { MNIST_DIGIT_COUNT, SAMPLE_NAMES } from '../../fourier/names';
import { SAMPLE_TITLES } from '../../fourier/samples';
import { digitIndexOf } from '../../url/fourierState';

/**
 * Chooses one input: a built-in sample, an MNIST digit (by index) or an upload (file picker;
 * drag-and-drop and paste are handled by the row around it). `image` is the URL value.
 */
export function ImagePicker(props: {
  slot: 'A' | 'B';
  image: string;
  uploadedName?: string;
  disabled?: boolean;
  onImage(image: string): void;
  onFile(file: File): void;
}) {
  const selectId = useId();
  const digitId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const digit = digitIndexOf(props.image);
  const choice = props.uploadedName ? 'upload' : digit !== undefined ? 'digit' : props.image;
  return (
    <div className="fourier-picker">
      <label htmlFor={selectId}>Image {props.slot}</label>
      <select
        id={selectId}
        value={choice}
        disabled={props.disabled}
        onChange={(e) => {
          const v = e.currentTarget.value;
          if (v === 'upload') return;
          props.onImage(v === 'digit' ? `digit-${digit ?? 0}` : v);
        }}
      >
        {SAMPLE_NAMES.map((n) => (
          <option key={n} value={n}>
            {SAMPLE_TITLES[n]}
          </option>
        ))}
        <option value="digit">MNIST digit</option>
        {props.uploadedName && <option value="upload">Uploaded: {props.uploadedName}</option>}
      </select>
      {choice === 'digit' && (
        <>
          <label htmlFor={digitId}>Digit index {props.slot}</label>
          <input
            id={digitId}
            type="number"
            min={0}
            max={MNIST_DIGIT_COUNT - 1}
            step={1}
            value={digit ?? 0}
            disabled={props.disabled}
            onChange={(e) => {
              const n = Number(e.currentTarget.value);
              if (Number.isInteger(n) && n >= 0 && n < MNIST_DIGIT_COUNT) props.onImage(`digit-${n}`);
            }}
          />
        </>
      )}
      <button type="button" className="btn" onClick={() => fileRef.current?.click()}>
        Upload image {props.slot}
      </button>
      <input
        ref={fileRef}
        type="file"
        accept="image/*"
        hidden
        aria-label={`Upload image ${props.slot} file`}
        data-testid={`upload-${props.slot}`}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) props.onFile(file);
        }}
      />
    </div>
  );
}
