/**
 * A Vite plugin for the app's own dev and preview servers: a request whose headers are too large
 * (a share link over node's --max-http-header-size) gets a page that says so and links to the
 * app, not node's empty HTTP 431 that the browser shows as an error page.
 */
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

export const TOO_LONG_PAGE = [
  '<!doctype html><meta charset="utf-8"><title>SphereLab: link too long</title>',
  '<body style="font-family:system-ui,sans-serif;max-width:40em;margin:3em auto;line-height:1.5">',
  '<h1>This link is too long for this server</h1>',
  '<p>The share link is longer than this server accepts (HTTP 431), so SphereLab could not open it. ',
  'Ask for a shorter link (fewer changed settings), or <a href="/">open SphereLab</a> and set them by hand.</p>',
].join('');

type ClientErrorServer = Pick<Server, 'prependListener' | 'listenerCount'>;

/**
 * Answers a too-large request with TOO_LONG_PAGE. Prepended: Vite registers its own clientError
 * handler first, which would answer an empty 431; once ours has ended the socket, Vite's sees it
 * unwritable and leaves it. Other client errors are left to Vite (or answered 400 when alone).
 */
export function answerOversizedRequests(server: ClientErrorServer): void {
  server.prependListener('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return;
    if (err.code === 'HPE_HEADER_OVERFLOW') {
      const body = Buffer.from(TOO_LONG_PAGE);
      socket.end(
        `HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${TOO_LONG_PAGE}`,
      );
    } else if (server.listenerCount('clientError') === 1)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
}

type WithHttpServer = { httpServer: ClientErrorServer | null | unknown };

export function longLinkPlugin() {
  const attach = (server: WithHttpServer) => {
    if (server.httpServer && typeof (server.httpServer as Server).prependListener === 'function')
      answerOversizedRequests(server.httpServer as Server);
  };
  return { name: 'spherelab-long-links', configureServer: attach, configurePreviewServer: attach };
}
