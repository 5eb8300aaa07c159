// Turning a step's `request:` into the exact request sent: URL, field lines in a fixed order, body.
import type { HttpRequest } from './http.js';
import type { Request } from '../model/schema-types.js';
import type { Target } from '../model/target.js';
import { expandJson, expandTemplate, type Scope } from '../suite/template.js';

/** Methods on which a browser sends Origin, and so does the runner unless told otherwise. */
export const UNSAFE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Field lines, in this order: origin, authorization (bearer), cookie, content-type (json), then
 * `headers` verbatim. The default Origin and the json content-type are left out when `headers`
 * already names that field.
 */
export function buildRequest(spec: Request, scope: Scope, target: Target, sessionCookieName: string): HttpRequest {
  const expand = (t: string) => expandTemplate(t, scope);
  const extra = (spec.headers ?? []).map(([n, v]): [string, string] => [expand(n), expand(v)]);
  const named = (name: string) => extra.some(([n]) => n.toLowerCase() === name);
  const headers: [string, string][] = [];

  if (typeof spec.origin === 'string') headers.push(['origin', expand(spec.origin)]);
  else if (spec.origin === undefined && UNSAFE_METHODS.includes(spec.method) && !named('origin')) headers.push(['origin', target.origin]);
  if (spec.bearer !== undefined) headers.push(['authorization', `Bearer ${expand(spec.bearer)}`]);
  if (spec.cookie !== undefined) headers.push(['cookie', `${sessionCookieName}=${encodeURIComponent(expand(spec.cookie))}`]);
  let body: string | undefined;
  if (spec.json !== undefined) {
    if (!named('content-type')) headers.push(['content-type', 'application/json']);
    body = JSON.stringify(expandJson(spec.json, scope));
  } else if (spec.body !== undefined) body = expand(spec.body);
  headers.push(...extra);

  const url = spec.path !== undefined ? `${target.url.replace(/\/+$/, '')}${expand(spec.path)}` : expand(spec.url!);
  return body === undefined ? { method: spec.method, url, headers } : { method: spec.method, url, headers, body };
}
