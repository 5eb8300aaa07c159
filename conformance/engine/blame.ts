// Which requirement a step's failure is charged to when the step's first requirement is not the whole
// answer (INTERPRETING.md 18.2): a rejection step's answer, a signed bearer refused in one spelling
// only, and a value an invariant has already shown to be wrong.
import { checkUnauthenticated } from './assert.js';
import type { HttpRequest, HttpResponse } from './http.js';
import type { Step } from '../model/schema-types.js';

export const SIGNED_ACCEPTED = 'BEARER-SIG-1';
/** Who owns how a request that does not authenticate is answered: on get-session, and elsewhere. */
export const ANSWER_RULE_GET_SESSION = 'BEARER-IGN-1';
export const ANSWER_RULE_PROTECTED = 'BEARER-IGN-2';
export const DECODED_SPELLING = 'BEARER-SPELL-1';
export const ENCODED_SPELLING = 'BEARER-SPELL-2';

/** The invariant whose failure shows a response's set-auth-token is not its session credential. */
export const HEADER_EQUALS_COOKIE = 'invariant:set-auth-token-equals-cookie';

/** A signed value, decoded: `<token>.<sig>` with a standard base64 signature (the one the spellings differ on). */
const SIGNED_VALUE = /^[^.\s]+\.[A-Za-z0-9+/]+={0,2}$/;

export type Spelling = 'decoded' | 'encoded';

/**
 * When `req` is a GET whose bearer is a signed value spelled exactly decoded or exactly percent-encoded
 * (as `percent_encode` writes it), the same request with the other spelling; otherwise undefined.
 */
export function otherSpelling(req: HttpRequest): { sent: Spelling; request: HttpRequest } | undefined {
  if (req.method !== 'GET') return undefined;
  const at = req.headers.findIndex(([name, value]) => name === 'authorization' && value.startsWith('Bearer '));
  if (at < 0) return undefined;
  const value = req.headers[at]![1].slice('Bearer '.length);
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return undefined;
  }
  if (!SIGNED_VALUE.test(decoded)) return undefined;
  const encoded = encodeURIComponent(decoded);
  if (encoded === decoded || (value !== decoded && value !== encoded)) return undefined;
  const sent: Spelling = value === decoded ? 'decoded' : 'encoded';
  const headers = req.headers.map(([name, v], i): [string, string] => (i === at ? [name, `Bearer ${sent === 'decoded' ? encoded : decoded}`] : [name, v]));
  return { sent, request: { ...req, headers } };
}

/**
 * Whether a step is a positive one: it expects its request to be answered (status 200, or no status
 * check) and not to be left unauthenticated. Only there can a spelling refused make a check fail; a
 * rejection step that fails was let in, which no spelling excuses.
 */
export function isPositiveStep(step: Pick<Step, 'expect'>): boolean {
  const e = step.expect ?? {};
  return (e.status === undefined || e.status === 200) && e.unauthenticated !== true && e.body_null !== true;
}

/**
 * The requirement a failed positive step with a signed bearer is charged to, once the same request was
 * sent in the other spelling. When that one passes every check of the step, the spelling sent is the
 * difference (BEARER-SPELL-1 or -2). When both spellings were refused (left unauthenticated), a step
 * listing a spelling rule first saw a signed token accepted in neither: BEARER-SIG-1. Otherwise the
 * spellings behaved alike and the step's own rule keeps the failure.
 */
export function chargeForSpelling(first: string, sent: Spelling, other: { holds: boolean; bothRefused: boolean }): string {
  if (other.holds) return sent === 'decoded' ? DECODED_SPELLING : ENCODED_SPELLING;
  return other.bothRefused && (first === DECODED_SPELLING || first === ENCODED_SPELLING) ? SIGNED_ACCEPTED : first;
}

/** The step's requirements with `charged` first (the one a failure names), the others as context. */
export function chargedFirst(requirements: readonly string[], charged: string): string[] {
  return [charged, ...requirements.filter((r) => r !== charged)];
}

/** The names of the captures a step's request uses (`${name}` or `${name | filter}`), among `names`. */
export function capturesUsed(step: Pick<Step, 'request'>, names: Iterable<string>): string[] {
  const text = JSON.stringify(step.request);
  return [...names].filter((name) => new RegExp(`\\$\\{\\s*${name.replace(/[^A-Za-z0-9_]/g, '\\$&')}\\s*(?:\\||\\})`).test(text));
}

/** The rule that owns how a request that did not authenticate is answered on this path. */
export function answerRule(path: string): string {
  return path.replace(/\?.*$/, '').endsWith('/get-session') ? ANSWER_RULE_GET_SESSION : ANSWER_RULE_PROTECTED;
}

/**
 * The server treated the request as authenticated (a rejection step's own rule failed): a 2xx whose
 * body is an object with a non-null `session` or `user`, or a non-empty array (list-sessions).
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

/** The request was left unauthenticated as the spelling rule reads it: 401, or 200 saying "no session". */
export function refused(res: HttpResponse): boolean {
  return res.status === 401 || (res.status === 200 && checkUnauthenticated(res) === undefined);
}
