// Captures: values a step takes from its response for later templates (JSON Pointer, header, cookie).
import { decodedValue, lastSetCookie, setCookiesOf } from './cookies.js';
import { fieldValues, type HttpResponse } from './http.js';
import type { Capture } from '../model/schema-types.js';

type Captured = { ok: true; value: string } | { ok: false; message: string };

/** RFC 6901. Returns undefined when the pointer names nothing. */
export function resolvePointer(doc: unknown, pointer: string): { value: unknown } | undefined {
  if (pointer === '') return { value: doc };
  let node = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token) || Number(token) >= node.length) return undefined;
      node = node[Number(token)];
    } else if (node !== null && typeof node === 'object' && Object.prototype.hasOwnProperty.call(node, token)) {
      node = (node as Record<string, unknown>)[token];
    } else return undefined;
  }
  return { value: node };
}

/** A string as it is; any other JSON value as its JSON text. */
export function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function capture(spec: Capture, res: HttpResponse, sessionCookieName: string): Captured {
  if ('json' in spec) {
    let doc: unknown;
    try {
      doc = JSON.parse(res.body);
    } catch {
      return { ok: false, message: `the body is not JSON, so '${spec.json}' cannot be read from it` };
    }
    const found = resolvePointer(doc, spec.json);
    if (!found) return { ok: false, message: `the JSON body has nothing at '${spec.json}'` };
    return { ok: true, value: asText(found.value) };
  }
  if ('header' in spec) {
    const values = fieldValues(res.headers, spec.header);
    if (!values.length) return { ok: false, message: `the response has no '${spec.header}' header` };
    return { ok: true, value: values[0]! };
  }
  const name = spec.cookie === 'session' ? sessionCookieName : spec.cookie;
  const cookie = lastSetCookie(setCookiesOf(res.headers), name);
  if (!cookie) return { ok: false, message: `the response sets no cookie named '${name}'` };
  return { ok: true, value: decodedValue(cookie) };
}
