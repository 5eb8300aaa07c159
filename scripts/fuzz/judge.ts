// Judging one fuzz exchange: no 5xx, the set-auth-token invariants, and the endpoint's answer either
// the session the oracle allows or "not authenticated". Refusals (403, 400, 413, 431) are accepted
// only when the request gives a reason for them.
import { type FuzzCase, TRUSTED_ORIGIN } from './cases.js';
import { owsTrim, SESSION_COOKIE, type Expectation, type LiveSession } from './oracle.js';
import type { FuzzRequest } from './resolve.js';

export interface FuzzResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** What the judge needs to know beyond the exchange itself. */
export interface JudgeContext {
  expectation: Expectation;
  /** Tokens of this case's throwaway sessions that are gone after the exchange (sign-out only). */
  deleted: LiveSession[];
  /** For sign-in: the actor the body names, and whether a session with `token` exists for that user. */
  signInActor?: { userId: string; signed: (token: string) => string; sessionOwner: (token: string) => string | null };
}

export type Outcome = 'authenticated' | 'unauthenticated' | 'refused' | 'too-large' | 'signed-in' | 'sign-in-failed';

export interface Verdict {
  ok: boolean;
  outcome?: Outcome;
  problem?: string;
}

/** Node answers 431 past 16 KiB of header fields; the reference answers 413 past 64 KiB of body. */
export const HEADER_LIMIT_REACHABLE = 12_000;
export const BODY_LIMIT = 64 * 1024;

export function headerBytes(req: FuzzRequest): number {
  return req.headers.reduce((n, [name, value]) => n + name.length + value.length + 4, req.path.length + 64);
}

export function bodyBytes(req: FuzzRequest): number {
  return req.body === undefined ? 0 : Buffer.byteLength(req.body);
}

const ok = (outcome: Outcome): Verdict => ({ ok: true, outcome });
const bad = (problem: string): Verdict => ({ ok: false, problem });

export function judge(c: FuzzCase, req: FuzzRequest, res: FuzzResponse, ctx: JudgeContext): Verdict {
  if (res.status >= 500) return bad(`answered ${res.status}: a server error (BEARER-SURF-7)`);
  const invariant = checkSetAuthToken(res);
  if (invariant) return bad(invariant);
  if (res.status === 431) return headerBytes(req) > HEADER_LIMIT_REACHABLE ? ok('too-large') : bad(`answered 431 to ${headerBytes(req)} bytes of header fields`);
  if (res.status === 413) return bodyBytes(req) > BODY_LIMIT ? ok('too-large') : bad(`answered 413 to a body of ${bodyBytes(req)} bytes`);
  switch (c.endpoint) {
    case 'get-session':
      return judgeGetSession(res, ctx.expectation);
    case 'list-sessions':
      return judgeListSessions(res, ctx.expectation);
    case 'sign-out':
      return judgeSignOut(c, req, res, ctx);
    case 'sign-in':
      return judgeSignIn(c, req, res, ctx);
  }
}

function judgeGetSession(res: FuzzResponse, e: Expectation): Verdict {
  if (res.status !== 200) return bad(`get-session answered ${res.status}, not 200 (BEARER-IGN-1, BEARER-SURF-3)`);
  const body = parse(res.body) as { session?: { id?: string; token?: string; userId?: string }; user?: { id?: string } } | null | undefined;
  if (body === undefined) return bad('get-session answered a body that is not JSON');
  if (body === null) return e.sessions.has(null) ? ok('unauthenticated') : bad(`get-session answered null, but the request carries a valid credential of user ${owners(e)}`);
  const allowed = [...e.sessions].find((s) => s !== null && s.token === body.session?.token);
  if (!allowed) return bad(`get-session answered the session of user ${body.user?.id}, which this request does not authenticate as (allowed: ${describe(e)})`);
  if (body.session?.id !== allowed.sessionId || body.session?.userId !== allowed.userId || body.user?.id !== allowed.userId) {
    return bad(`get-session answered session ${body.session?.id} of user ${body.user?.id}, expected session ${allowed.sessionId} of user ${allowed.userId}`);
  }
  return ok('authenticated');
}

function judgeListSessions(res: FuzzResponse, e: Expectation): Verdict {
  if (res.status === 401) {
    const code = (parse(res.body) as { code?: string } | undefined)?.code;
    if (code !== 'UNAUTHORIZED') return bad(`list-sessions answered 401 with code ${String(code)}, not UNAUTHORIZED (BEARER-SURF-4)`);
    return e.sessions.has(null) ? ok('unauthenticated') : bad(`list-sessions answered 401, but the request carries a valid credential of user ${owners(e)}`);
  }
  if (res.status !== 200) return bad(`list-sessions answered ${res.status}, neither 200 nor 401 (BEARER-IGN-2)`);
  const list = parse(res.body);
  if (!Array.isArray(list)) return bad('list-sessions answered 200 without a JSON array');
  const items = list as { id?: string; userId?: string }[];
  const match = [...e.sessions].find((s) => s !== null && items.some((i) => i.id === s.sessionId) && items.every((i) => i.userId === s.userId));
  if (match) return ok('authenticated');
  return bad(`list-sessions answered the sessions of user ${[...new Set(items.map((i) => i.userId))].join(', ')}, which this request does not authenticate as (allowed: ${describe(e)})`);
}

interface Refusals {
  /** 403 has a reason: an untrusted Origin, or a session cookie without a trusted Origin. */
  originMay: boolean;
  /** A browser-style cross-site request: the session cookie is certainly sent and the Origin is not trusted. */
  originMust: boolean;
  /** 400 has a reason: a body that is not JSON. */
  badJson: boolean;
}

function refusals(req: FuzzRequest, e: Expectation): Refusals {
  const origins = req.headers.filter(([n]) => n === 'origin').map(([, v]) => owsTrim(v));
  const origin = origins.length ? origins.join(', ') : undefined;
  const untrusted = origin !== undefined && origin !== 'null' && origin !== TRUSTED_ORIGIN;
  const noOrigin = origin === undefined || origin === 'null';
  const cookieMaybe = e.cookiePresent.has(true);
  const cookieSurely = cookieMaybe && !e.cookiePresent.has(false);
  let badJson = false;
  if (req.body !== undefined && req.body.trim() !== '') {
    try {
      JSON.parse(req.body);
    } catch {
      badJson = true;
    }
  }
  return {
    originMay: untrusted || (cookieMaybe && noOrigin),
    originMust: cookieSurely && (untrusted || noOrigin),
    badJson,
  };
}

function judgeSignOut(_c: FuzzCase, req: FuzzRequest, res: FuzzResponse, ctx: JudgeContext): Verdict {
  const e = ctx.expectation;
  const r = refusals(req, e);
  if (res.status === 200) {
    if (r.originMust) return bad('sign-out answered 200 to a cookie-carrying POST from an untrusted or missing Origin');
    if ((parse(res.body) as { success?: unknown } | undefined)?.success !== true) return bad('sign-out answered 200 without {"success": true} (BEARER-SURF-5)');
    if (ctx.deleted.length > 1) return bad(`sign-out deleted ${ctx.deleted.length} sessions`);
    const gone = ctx.deleted[0] ?? null;
    if (!e.sessions.has(gone)) {
      return gone
        ? bad(`sign-out deleted the session of user ${gone.userId}, which this request does not authenticate as (allowed: ${describe(e)})`)
        : bad(`sign-out deleted no session, but the request carries a valid credential of user ${owners(e)}`);
    }
    if (gone && !clearsSessionCookie(res)) return bad('sign-out ended a session without clearing the session cookie (BEARER-SURF-5)');
    return ok(gone ? 'authenticated' : 'unauthenticated');
  }
  if (ctx.deleted.length > 0) return bad(`sign-out answered ${res.status} yet deleted a session`);
  if (res.status === 403 && r.originMay) return ok('refused');
  if (res.status === 400 && r.badJson) return ok('refused');
  return bad(`sign-out answered ${res.status}, which nothing in the request explains`);
}

function judgeSignIn(c: FuzzCase, req: FuzzRequest, res: FuzzResponse, ctx: JudgeContext): Verdict {
  const r = refusals(req, ctx.expectation);
  const b = c.body;
  const jsonContent = c.contentType !== null && c.contentType.startsWith('application/json');
  const exact = b.kind === 'credentials' && b.email === 'exact' && b.password === 'exact';
  // An upper-cased email (better-auth lower-cases) and a non-JSON content type are left open.
  const mayWork = b.kind === 'credentials' && (b.email === 'exact' || b.email === 'upper') && b.password === 'exact';
  const mustWork = exact && jsonContent && !r.originMay;
  if (res.status === 200) {
    if (!mayWork) return bad('sign-in answered 200 to a body that holds no valid email and password');
    if (r.originMust) return bad('sign-in answered 200 to a cookie-carrying POST from an untrusted or missing Origin');
    const body = parse(res.body) as { redirect?: unknown; token?: string; user?: { id?: string } } | undefined;
    const actor = ctx.signInActor!;
    if (body?.redirect !== false || typeof body.token !== 'string') return bad('sign-in answered 200 without {redirect: false, token} (BEARER-SURF-2)');
    if (body.user?.id !== actor.userId) return bad(`sign-in signed in user ${body.user?.id}, not the user whose credentials were sent (${actor.userId})`);
    if (actor.sessionOwner(body.token) !== actor.userId) return bad('sign-in answered a token that names no live session of that user');
    const header = res.headers['set-auth-token'];
    if (header !== actor.signed(body.token)) return bad(`set-auth-token ${String(header)} is not the signed token of the new session`);
    return ok('signed-in');
  }
  if (mustWork) return bad(`sign-in with the correct email and password answered ${res.status}, not 200 (BEARER-SURF-2)`);
  if (res.status === 403) return r.originMay ? ok('refused') : bad('sign-in answered 403 to a request from a trusted or absent Origin without a session cookie');
  // A string email and a string password that do not match: 401 INVALID_EMAIL_OR_PASSWORD (BEARER-SURF-2).
  const wellFormed = b.kind === 'credentials' && b.email !== 'missing' && b.email !== 'number' && b.password !== 'missing' && b.password !== 'number';
  if (res.status === 401) {
    const code = (parse(res.body) as { code?: string } | undefined)?.code;
    if (wellFormed && code !== 'INVALID_EMAIL_OR_PASSWORD') return bad(`sign-in answered 401 with code ${String(code)}, not INVALID_EMAIL_OR_PASSWORD (BEARER-SURF-2)`);
    return ok('sign-in-failed');
  }
  if (res.status >= 400 && res.status < 500) {
    const wrong = wellFormed && (b.email === 'exact' || b.email === 'other') && (b.password === 'wrong' || b.password === 'long');
    if (wrong && jsonContent && !r.originMay) return bad(`sign-in with a wrong password or unknown email answered ${res.status}, not 401 (BEARER-SURF-2)`);
    return ok('sign-in-failed');
  }
  return bad(`sign-in answered ${res.status}`);
}

/** BEARER-EMIT-1..3 and BEARER-CORS-1 on every response. */
function checkSetAuthToken(res: FuzzResponse): string | null {
  const setCookies = [res.headers['set-cookie'] ?? []].flat();
  const session = setCookies.map(parseSetCookie).filter((c) => c.name === SESSION_COOKIE);
  const live = session.filter((c) => c.live);
  const token = res.headers['set-auth-token'];
  if (Array.isArray(token)) return 'more than one set-auth-token header';
  if (live.length > 0 && token === undefined) return 'a live session cookie without set-auth-token (BEARER-EMIT-1)';
  if (live.length === 0 && token !== undefined) return 'set-auth-token without a live session cookie (BEARER-EMIT-3)';
  if (token !== undefined) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(live.at(-1)!.value);
    } catch {
      return 'the session cookie value is not valid percent-encoding';
    }
    if (token !== decoded) return 'set-auth-token differs from the decoded session cookie (BEARER-EMIT-2)';
    const exposed = [res.headers['access-control-expose-headers'] ?? []].flat().flatMap((v) => v.split(',')).map((n) => n.trim().toLowerCase());
    if (!exposed.includes('set-auth-token')) return 'set-auth-token is not listed in Access-Control-Expose-Headers (BEARER-CORS-1)';
  }
  return null;
}

function parseSetCookie(line: string): { name: string; value: string; live: boolean } {
  const [pair = '', ...attributes] = line.split(';');
  const eq = pair.indexOf('=');
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  let live = value !== '';
  for (const a of attributes) {
    const [k = '', v = ''] = a.split('=').map((s) => s.trim());
    if (k.toLowerCase() === 'max-age' && Number(v) <= 0) live = false;
    if (k.toLowerCase() === 'expires' && Date.parse(v) < Date.now()) live = false;
  }
  return { name, value, live };
}

function clearsSessionCookie(res: FuzzResponse): boolean {
  return [res.headers['set-cookie'] ?? []].flat().map(parseSetCookie).some((c) => c.name === SESSION_COOKIE && !c.live);
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function owners(e: Expectation): string {
  return [...e.sessions].filter((s) => s !== null).map((s) => s!.userId).join(' or ');
}

function describe(e: Expectation): string {
  return [...e.sessions].map((s) => (s === null ? 'not authenticated' : `session ${s.sessionId} of user ${s.userId}`)).join(', ');
}
