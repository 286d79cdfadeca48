/**
 * The Fourier view's choices as plain constants: the URL schema imports these, so they live apart
 * from the code that uses them (the shaders and transforms stay in the view's own chunk).
 */
export const NATURAL_SAMPLES = ['landscape', 'city', 'fruit'] as const;
export const PATTERN_SAMPLES = ['rings', 'checker', 'text'] as const;
export const SAMPLE_NAMES = [...NATURAL_SAMPLES, ...PATTERN_SAMPLES] as const;
export type SampleName = (typeof SAMPLE_NAMES)[number];

export const FOURIER_MODES = ['swap', 'mix', 'phase', 'magnitude'] as const;
export type FourierMode = (typeof FOURIER_MODES)[number];

export const COLOUR_MODES = ['gray', 'rgb'] as const;
export type ColourMode = (typeof COLOUR_MODES)[number];

/** Power-of-two sizes the view offers (fft.js is radix-4/2 and tf.spectral pads nothing). */
export const FOURIER_SIZES = [64, 128, 256, 512] as const;

export const FFT_ENGINES = ['fftjs', 'tf'] as const;
export type FftEngineName = (typeof FFT_ENGINES)[number];

/** The shipped MNIST file holds 10,000 digits; an image reference "digit-N" indexes into it. */
export const MNIST_DIGIT_COUNT = 10_000;
