/**
 * Makes the page crossOriginIsolated on hosts that cannot send COOP/COEP (GitHub Pages), so the
 * wasm backend gets its threads: registers public/coi-sw.js, which adds the headers, and reloads
 * once so this document is served with them. Servers that send the headers (vite dev/preview)
 * are isolated already and nothing is registered.
 */

const RELOADED = 'spherelab-coi-reloaded';

/** sessionStorage throws where storage is blocked (some sandboxed iframes): then act as if unset. */
function remembered(write?: 'set' | 'clear'): boolean {
  try {
    if (write === 'set') sessionStorage.setItem(RELOADED, '1');
    if (write === 'clear') sessionStorage.removeItem(RELOADED);
    return sessionStorage.getItem(RELOADED) !== null;
  } catch {
    return false;
  }
}

export type Isolation = 'isolated' | 'reloading' | 'unavailable';

function waitForController(timeoutMs: number): Promise<boolean> {
  if (navigator.serviceWorker.controller) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    navigator.serviceWorker.addEventListener(
      'controllerchange',
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      { once: true },
    );
  });
}

/** 'reloading' means: do not render, the page is about to load again. */
export async function ensureCrossOriginIsolation(base: string): Promise<Isolation> {
  if (window.crossOriginIsolated) {
    remembered('clear');
    return 'isolated';
  }
  if (!window.isSecureContext || !('serviceWorker' in navigator)) return 'unavailable';
  // Inside an iframe the parent page decides isolation: a reload could not help.
  const framed = window.top !== window;
  // Controlled already yet not isolated, or reloaded once already: reloading again would loop.
  const tried = navigator.serviceWorker.controller !== null || remembered();
  try {
    await navigator.serviceWorker.register(`${base}coi-sw.js`, { scope: base });
  } catch (e) {
    console.warn('SphereLab: no cross-origin isolation (service worker not registered)', e);
    return 'unavailable';
  }
  if (framed || tried) return 'unavailable';
  if (!(await waitForController(4000))) return 'unavailable';
  // Storage blocked: no guard against a loop, so no reload.
  if (!remembered('set')) return 'unavailable';
  // A reload asked for while the first load is still running can be dropped: wait for it.
  if (document.readyState !== 'complete')
    await new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
  window.location.reload();
  return 'reloading';
}
