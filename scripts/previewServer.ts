/**
 * `vite preview` of a build (COOP/COEP headers: cross-origin isolated, threaded wasm), for the
 * browser benchmarks; killed when this process exits. Refuses a port something already serves.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export async function startPreview(root: string, dist: string, port: number): Promise<ChildProcess> {
  const baseUrl = `http://localhost:${port}`;
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist}/index.html missing: build first`);
  // Something already answering there would be measured instead of this build: refuse.
  if (
    await fetch(baseUrl).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`port ${port} is already serving something: pick another with --port`);
  const vite = join(root, 'node_modules/vite/bin/vite.js');
  const server = spawn(
    process.execPath,
    [vite, 'preview', '--outDir', dist, '--port', String(port), '--strictPort'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  // Never leave the server behind (Ctrl-C, a closed pipe, an exception).
  process.on('exit', () => server.kill());
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGPIPE'] as const) process.on(signal, () => process.exit(130));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null)
      throw new Error(`vite preview exited (${server.exitCode}); is port ${port} free?`);
    try {
      if ((await fetch(baseUrl)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill();
  throw new Error('vite preview did not start within 30 s');
}
