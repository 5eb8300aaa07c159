// The kinds of client a scenario request may declare, and the header lines each one sends
// (SPEC.md section 4.8), so a server is judged on the requests real clients make. The node-fetch
// lines are what Node 20's own fetch was measured to send; test/oracles/node-clients.test.ts
// measures them again with a capture server and compares.
import type { Target } from '../model/target.js';

export type ClientKind = 'browser' | 'node-fetch' | 'native';

/**
 * Node's fetch (undici 6 in Node 20) on every request, in its order, after content-type. Left out:
 * `accept-encoding: gzip, deflate`, because the runner reads bodies as sent and does not decompress.
 */
export const NODE_FETCH_HEADERS: readonly (readonly [string, string])[] = [
  ['accept', '*/*'],
  ['accept-language', '*'],
  ['sec-fetch-mode', 'cors'],
  ['user-agent', 'node'],
];

/** Sec-Fetch-Site of a request from `origin` to `url` (hosts compared whole: no public-suffix list). */
export function fetchSite(origin: string, url: string): 'same-origin' | 'same-site' | 'cross-site' {
  const from = new URL(origin);
  const to = new URL(url);
  if (from.origin === to.origin) return 'same-origin';
  return from.protocol === to.protocol && from.hostname === to.hostname ? 'same-site' : 'cross-site';
}

/** The Origin a client sends: a browser on every method; the others never. */
export function clientOrigin(kind: ClientKind, target: Pick<Target, 'origin'>): string | undefined {
  return kind === 'browser' ? target.origin : undefined;
}

/** The client's other header lines: Fetch Metadata for a browser, Node's fetch's own lines, nothing for a native client. */
export function clientHeaders(kind: ClientKind, target: Pick<Target, 'origin'>, url: string): [string, string][] {
  switch (kind) {
    case 'browser':
      return [['sec-fetch-mode', 'cors'], ['sec-fetch-site', fetchSite(target.origin, url)], ['sec-fetch-dest', 'empty']];
    case 'node-fetch':
      return NODE_FETCH_HEADERS.map(([n, v]): [string, string] => [n, v]);
    case 'native':
      return [];
  }
}
