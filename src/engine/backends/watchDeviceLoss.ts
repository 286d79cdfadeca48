import type { BackendSelection } from '../types';
import { webgpuDeviceLost } from './startBackend';

let watchingDevice = false;

/**
 * A lost WebGPU device is reported (once per worker). Its pending reads may never settle, so
 * nothing waits for them: the page drops this worker and goes on on a new one (src/ui/lab/useTraining.ts).
 */
export function watchDeviceLoss(
  selection: BackendSelection | undefined,
  onLost: (message: string) => void,
): void {
  if (selection?.backend !== 'webgpu' || watchingDevice) return;
  const lost = webgpuDeviceLost();
  if (!lost) return;
  watchingDevice = true;
  void lost.then(onLost);
}
