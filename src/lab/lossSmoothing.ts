/**
 * The Lab's smoothed loss curve: smoothed = SMOOTHING · previous + (1 − SMOOTHING) · loss. The page and
 * the exported PyTorch script both use it, so their curves can be compared line for line.
 */
export const SMOOTHING = 0.9;
