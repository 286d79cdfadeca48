/** The Fourier view's math: 2-D FFTs, magnitude/phase recombination, similarity, sample images. */
export { type ComplexImage, fftshift, isPowerOfTwo, magnitude, phase } from './complex';
export { logMagnitudePlanes, phaseColour, phaseToRgba, planesToRgba } from './display';
export { fft2d, ifft2d } from './fft';
export {
  type ColourMode,
  circularShift,
  grayBytesToPlane,
  luminance,
  planesFor,
  rgbaToPlanes,
} from './image';
export { correlation, normalizeForDisplay, similarity, ssim } from './metrics';
export {
  computeFourier,
  type FftEngine,
  FOURIER_MODES,
  type FourierMode,
  type FourierOutput,
  type FourierResult,
  fftJsEngine,
  luminanceSpectrum,
} from './pipeline';
export {
  isSampleName,
  NATURAL_SAMPLES,
  renderSample,
  SAMPLE_NAMES,
  SAMPLE_TITLES,
  type SampleName,
} from './samples';
export {
  combineMagnitudePhase,
  mixSpectra,
  phaseOnlySpectrum,
  randomPhaseSpectrum,
  type SwapResult,
  swapMagnitudePhase,
} from './swap';
export { checkDimensions, checkFileFacts, checkImageBytes, type FileFacts, readImageHeader } from './upload';
