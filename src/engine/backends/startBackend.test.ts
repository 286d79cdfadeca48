import { afterEach, describe, expect, it } from 'vitest';
import { kernelCheckDeferred, runDeferredKernelCheck, selectBackend } from './startBackend';

/** A stand-in navigator.gpu that counts requestAdapter calls (and has no adapter). */
function countAdapterRequests(): { count: number } {
  const calls = { count: 0 };
  Object.defineProperty(globalThis, 'navigator', {
    configurable: true,
    value: {
      gpu: {
        requestAdapter: async () => {
          calls.count += 1;
          return null;
        },
      },
    },
  });
  return calls;
}

describe('selectBackend on a forced choice', () => {
  afterEach(() => {
    Reflect.deleteProperty(globalThis, 'navigator');
  });

  // requestAdapter took 1–2 s of a 4 s switch to wasm under load: only webgpu needs it.
  it('does not ask for a WebGPU adapter when cpu is forced and starts', async () => {
    const calls = countAdapterRequests();
    const selection = await selectBackend('cpu');
    expect(selection.backend).toBe('cpu');
    expect(selection.reason).toBe('forced by you');
    expect(calls.count).toBe(0);
  });

  it('asks for one when webgpu is forced, and falls back when there is none', async () => {
    const calls = countAdapterRequests();
    const selection = await selectBackend('webgpu');
    expect(calls.count).toBeGreaterThanOrEqual(1);
    expect(selection.backend).not.toBe('webgpu');
    expect(selection.reason).toBe(`webgpu could not start, fell back to ${selection.backend}`);
  });

  it('has no deferred kernel check off webgpu', async () => {
    await selectBackend('cpu', { deferKernelCheck: true });
    expect(kernelCheckDeferred()).toBe(false);
    expect(await runDeferredKernelCheck()).toBeUndefined();
  });
});
