import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { answerOversizedRequests } from './longLinkPlugin';

/** GET `path` from `port`: status and body. */
function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request({ port, path, host: '127.0.0.1' }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('a link longer than the server takes', () => {
  it('gets a page that says so and links to the app, not an empty 431', async () => {
    const server = createServer({ maxHeaderSize: 2048 }, (_req, res) => res.end('app'));
    // Like Vite's own handler, registered first: it would answer an empty 431.
    server.on('clientError', (_err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 431 Request Header Fields Too Large\r\n\r\n');
    });
    answerOversizedRequests(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await get(port, '/?view=lab')).toEqual({ status: 200, body: 'app' });
      const long = await get(port, `/?view=lab&x=${'a'.repeat(4096)}`);
      expect(long.status).toBe(431);
      expect(long.body).toContain('This link is too long for this server');
      expect(long.body).toContain('href="/"');
    } finally {
      server.close();
    }
  });
});
