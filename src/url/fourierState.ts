import {
  COLOUR_MODES,
  FFT_ENGINES,
  FOURIER_MODES,
  FOURIER_SIZES,
  MNIST_DIGIT_COUNT,
  SAMPLE_NAMES,
} from '../fourier/names';
import { enumField, type Field, numberField, type Schema } from './fields';

/**
 * An input image in a link: a built-in sample's name, or "digit-N" for the N-th shipped MNIST
 * digit. A user's upload never goes into a link (it lives only in the page).
 */
export function imageField(key: string, def: string): Field<string> {
  return {
    key,
    default: def,
    parse: (raw) => {
      if ((SAMPLE_NAMES as readonly string[]).includes(raw)) return raw;
      const m = /^digit-(0|[1-9]\d{0,4})$/.exec(raw);
      return m && Number(m[1]) < MNIST_DIGIT_COUNT ? raw : undefined;
    },
    serialize: (v) => v,
    samples: [...SAMPLE_NAMES, 'digit-0', `digit-${MNIST_DIGIT_COUNT - 1}`],
  };
}

/** The digit index of a "digit-N" image reference, or undefined for a built-in sample. */
export function digitIndexOf(image: string): number | undefined {
  const m = /^digit-(\d+)$/.exec(image);
  return m ? Number(m[1]) : undefined;
}

const sizeField: Field<number> = {
  key: 'size',
  default: 256,
  parse: (raw) => ((FOURIER_SIZES as readonly number[]).map(String).includes(raw) ? Number(raw) : undefined),
  serialize: (v) => String(v),
  samples: FOURIER_SIZES,
};

/** URL fields of the Fourier view: both images, the mode, size, mix α, colour mode and FFT engine. */
export const fourierSchema = {
  imageA: { ...imageField('a', 'landscape'), label: 'Image A' },
  imageB: { ...imageField('b', 'city'), label: 'Image B' },
  mode: { ...enumField('mode', FOURIER_MODES, 'swap'), label: 'Mode' },
  size: { ...sizeField, label: 'Size' },
  alpha: { ...numberField('alpha', 0.5, 0, 1), label: 'Mix α' },
  colour: { ...enumField('colour', COLOUR_MODES, 'rgb'), label: 'Colour mode' },
  engine: { ...enumField('fft', FFT_ENGINES, 'fftjs'), label: 'FFT engine' },
} satisfies Schema;
