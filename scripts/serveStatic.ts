/**
 * A plain static host for the e2e (e2e/subpath.spec.ts): serves a build under a sub-path, like
 * GitHub Pages, and like Pages sends no COOP/COEP headers, so cross-origin isolation must come
 * from the app's own service worker (public/coi-sw.js).
 *   node --import tsx scripts/serveStatic.ts <dir> <port> <base, e.g. /spherelab/>
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
};

const [dirArg = 'dist', portArg = '4274', base = '/spherelab/'] = process.argv.slice(2);
const root = resolve(dirArg);

const server = createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  if (!path.startsWith(base)) {
    res.writeHead(404).end('not under the base path');
    return;
  }
  let file = normalize(join(root, path.slice(base.length)));
  if (!file.startsWith(root)) {
    res.writeHead(403).end();
    return;
  }
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const body = await readFile(file);
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
});
server.listen(Number(portArg), 'localhost', () =>
  console.log(`serving ${root} at http://localhost:${portArg}${base} (no COOP/COEP headers)`),
);
