/**
 * How long a link may be, and text from a link made safe to echo. The app's own servers
 * (npm run dev / preview / start) take request headers up to SERVER_LINK_LIMIT (node's
 * --max-http-header-size, set in package.json; node's default of 16 KB answered HTTP 431).
 * Static hosts and proxies commonly stop near 8 KB (nginx's and Apache's default request line), so
 * the links the app itself writes must stay under DEPLOY_LINK_LIMIT (linkLimits.test.ts checks the
 * longest state every view can hold).
 */
export const SERVER_LINK_LIMIT = 128 * 1024;
export const DEPLOY_LINK_LIMIT = 8000;

// Left-to-right/right-to-left marks, embeddings, overrides and isolates: echoed from a link, they
// can make the notice read differently from what the link says.
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
