/*
 * SphereLab's cross-origin-isolation service worker (the "COI service worker" pattern).
 * Static hosts such as GitHub Pages cannot send COOP/COEP headers, and without them the page is
 * not crossOriginIsolated: no SharedArrayBuffer, so the wasm backend runs single-threaded. This
 * worker adds the two headers to every same-origin response it serves (COEP: require-corp, as the
 * vite dev/preview servers send); cross-origin requests pass through untouched.
 * Registered by src/crossOriginIsolation.ts, which reloads the page once so the headers apply.
 */
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  // Chrome throws on these when re-fetched from a worker (a devtools quirk): leave them alone.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  if (new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request).then((response) => {
      if (response.status === 0) return response; // opaque: headers cannot be changed
      const headers = new Headers(response.headers);
      headers.set('Cross-Origin-Opener-Policy', 'same-origin');
      headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
      headers.set('Cross-Origin-Resource-Policy', 'same-origin');
      return new Response(response.body, {
        status: response.status,
        statusText: response.statusText,
        headers,
      });
    }),
  );
});
