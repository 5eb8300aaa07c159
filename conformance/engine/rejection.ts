// How a rejection step is judged (INTERPRETING.md 18.2): a step that expects `unauthenticated: true`
// observes two rules at once, and each failure goes to one of them. Whether the server authenticated
// the request is the step's own rule (an invalid signature, a signed-out token, a forged cookie);
// how it answered a request it did not authenticate (status, body, Set-Cookie, never a server error)
// is BEARER-IGN-1's on get-session and BEARER-IGN-2's on a protected endpoint.
import type { HttpResponse } from './http.js';

export const ANSWER_RULE_GET_SESSION = 'BEARER-IGN-1';
export const ANSWER_RULE_PROTECTED = 'BEARER-IGN-2';

/** The rule that owns how a request that did not authenticate is answered on this path. */
export function answerRule(path: string): string {
  return path.replace(/\?.*$/, '').endsWith('/get-session') ? ANSWER_RULE_GET_SESSION : ANSWER_RULE_PROTECTED;
}

/**
 * The server treated the request as authenticated: a 2xx whose body carries a session or user (an
 * object with a non-null `session` or `user`), or lists one (a non-empty array, as list-sessions
 * answers). Any other answer, right or wrong in form, did not authenticate anyone.
 */
export function authenticated(res: HttpResponse): boolean {
  if (res.status < 200 || res.status > 299) return false;
  let value: unknown;
  try {
    value = JSON.parse(res.body);
  } catch {
    return false;
  }
  if (Array.isArray(value)) return value.length > 0;
  if (value === null || typeof value !== 'object') return false;
  const v = value as { session?: unknown; user?: unknown };
  return (v.session !== undefined && v.session !== null) || (v.user !== undefined && v.user !== null);
}
