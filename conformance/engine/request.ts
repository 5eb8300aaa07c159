// Turning a step's `request:` into the exact request sent: URL, field lines in a fixed order, body.
import { clientHeaders, clientOrigin } from './clients.js';
import type { HttpRequest } from './http.js';
import type { Request } from '../model/schema-types.js';
import type { Target } from '../model/target.js';
import { expandJson, expandTemplate, type Scope } from '../suite/template.js';

/** Methods on which a browser sends Origin, and so does the runner unless told otherwise. */
const UNSAFE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Field lines, in this order: origin, authorization (bearer), cookie, content-type (json), the
 * declared client's own lines (clients.ts), then `headers` verbatim. The default Origin, the json
 * content-type and each client line are left out when `headers` already names that field.
 */
export function buildRequest(spec: Request, scope: Scope, target: Target, sessionCookieName: string): HttpRequest {
  const expand = (t: string) => expandTemplate(t, scope);
  const extra = (spec.headers ?? []).map(([n, v]): [string, string] => [expand(n), expand(v)]);
  const named = (name: string) => extra.some(([n]) => n.toLowerCase() === name);
  const headers: [string, string][] = [];

  const url = spec.path !== undefined ? `${target.url.replace(/\/+$/, '')}${expand(spec.path)}` : expand(spec.url!);
  // Without a client, the runner's plain requests: Origin on unsafe methods, as a browser sends it there.
  const defaultOrigin = spec.client !== undefined ? clientOrigin(spec.client, target) : UNSAFE_METHODS.includes(spec.method) ? target.origin : undefined;
  if (typeof spec.origin === 'string') headers.push(['origin', expand(spec.origin)]);
  else if (spec.origin === undefined && defaultOrigin !== undefined && !named('origin')) headers.push(['origin', defaultOrigin]);
  if (spec.bearer !== undefined) headers.push(['authorization', `Bearer ${expand(spec.bearer)}`]);
  if (spec.cookie !== undefined) headers.push(['cookie', `${sessionCookieName}=${encodeURIComponent(expand(spec.cookie))}`]);
  let body: string | undefined;
  if (spec.json !== undefined) {
    if (!named('content-type')) headers.push(['content-type', 'application/json']);
    body = JSON.stringify(expandJson(spec.json, scope));
  } else if (spec.body !== undefined) body = expand(spec.body);
  if (spec.client !== undefined) headers.push(...clientHeaders(spec.client, target, url).filter(([n]) => !named(n)));
  headers.push(...extra);

  return body === undefined ? { method: spec.method, url, headers } : { method: spec.method, url, headers, body };
}
