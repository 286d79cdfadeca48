/**
 * BASE_PATH → Vite's `base`: the sub-path a static host serves the app under (GitHub Pages:
 * /<repo>/). Slashes are added where missing; characters a URL path cannot hold stop the build
 * with a message, rather than a site whose every asset 404s.
 */

// RFC 3986 pchar: unreserved, sub-delims, ':' and '@', or a percent-escape.
const SEGMENT = /^(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})+$/;

export function normalizeBasePath(raw: string | undefined): string {
  const text = (raw ?? '').trim();
  if (text === '' || text === '/') return '/';
  const segments = text.split('/').filter((s) => s !== '');
  for (const s of segments) {
    if (!SEGMENT.test(s) || s === '.' || s === '..') {
      throw new Error(
        `BASE_PATH=${JSON.stringify(raw)}: "${s}" cannot be part of a URL path ` +
          '(use letters, digits and - . _ ~, e.g. BASE_PATH=/spherelab/)',
      );
    }
  }
  if (segments.length === 0) return '/';
  if (text.replace(/^\/+|\/+$/g, '').includes('//'))
    throw new Error(`BASE_PATH=${JSON.stringify(raw)}: empty path segment ("//")`);
  return `/${segments.join('/')}/`;
}
