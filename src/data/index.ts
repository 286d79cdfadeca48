/** The data layer's public API: loaders for every supported source, the Dataset shape, batching, seeded randomness. */

export { shiftBatchInPlace } from './augment';
export {
  checkTotalSize,
  formatBytes,
  gunzip,
  isGzip,
  MAX_LOADED_BYTES,
  type NamedBytes,
  type UserFile,
} from './bytes';
export {
  assembleCifar10,
  CIFAR_PIXELS,
  CIFAR_RECORD,
  checkCifarBatch,
  loadCifar10Files,
} from './cifar';
export {
  type Batch,
  type ChannelNorm,
  CIFAR10_CLASS_NAMES,
  channelStats,
  classCounts,
  type Dataset,
  DIGIT_CLASS_NAMES,
  type LoadProgress,
  makeBatch,
  pixelsPerImage,
  type Split,
  type SplitName,
} from './dataset';
export { assembleMnistIdx, type IdxFile, loadMnistIdxFiles, parseIdx, SINGLE_PAIR_TEST_SHARE } from './idx';
export { detectFileKind, type FileKind, type LoadLimits, loadUserFiles } from './loadUserFiles';
export { loadShippedMnist, parseShippedMnist, SHIPPED_TEST_COUNT } from './mnistBinary';
export {
  mulberry32,
  normalSampler,
  type Rand,
  randomInt,
  SeededBatchOrder,
  seededPermutation,
  shuffleInPlace,
} from './rng';
export { readTar, type TarEntry } from './tar';
