// The expectations a step states about its response (`expect:`), each judged by one exact rule
// (spec/INTERPRETING.md). A failure carries the check's name, a sentence, and expected and actual values.
import { type Actor, excerpt } from './actors.js';
import { decodedValue, isLive, lastSetCookie, setCookiesOf } from './cookies.js';
import { fieldValues, listMembers, type HttpResponse } from './http.js';
import type { CookieExpectation, Expect, HeaderExpectation } from '../model/schema-types.js';
import { verifySigned } from '../suite/sign.js';
import { expandJson, expandTemplate, type Scope } from '../suite/template.js';
import type { Finding } from '../model/result.js';

/** The core schema description: table name -> its field names. */
export type CoreTables = Record<string, { fields: string[] }>;

export interface ExpectContext {
  /** Variables for the templates inside expectations. */
  scope: Scope;
  actors: ReadonlyMap<string, Actor>;
  secret?: string;
  sessionCookieName: string;
  /** For schema_is_core; throws when the core schema cannot be read. */
  coreTables?: () => CoreTables;
}

type Body = { json: true; value: unknown } | { json: false };

function bodyOf(res: HttpResponse): Body {
  try {
    return { json: true, value: JSON.parse(res.body) };
  } catch {
    return { json: false };
  }
}

/** The body for messages: its JSON value, or an excerpt of its text. */
function shown(res: HttpResponse): unknown {
  const b = bodyOf(res);
  return b.json ? b.value : excerpt(res.body);
}

export function checkStatus(expect: Expect | undefined, res: HttpResponse): Finding | undefined {
  if (expect?.status === undefined) return undefined;
  const allowed = Array.isArray(expect.status) ? expect.status : [expect.status];
  if (allowed.includes(res.status)) return undefined;
  return {
    check: 'status',
    message: `expected status ${allowed.join(' or ')}, got ${res.status}`,
    expected: expect.status,
    actual: res.status,
  };
}

/** Every expectation except status, in the fixed order of INTERPRETING.md; the first failure. */
export function checkExpectations(expect: Expect | undefined, res: HttpResponse, ctx: ExpectContext): Finding | undefined {
  if (!expect) return undefined;
  return (
    (expect.body_null && checkBodyNull(res)) ||
    (expect.unauthenticated && checkUnauthenticated(res)) ||
    (expect.session_of !== undefined && checkSessionOf(expect.session_of, res, ctx)) ||
    (expect.session_id !== undefined && checkSessionId(expandTemplate(expect.session_id, ctx.scope), res)) ||
    (expect.json !== undefined && checkJson(expandJson(expect.json, ctx.scope), res)) ||
    (expect.session_ids && checkSessionIds(expect.session_ids.map((t) => expandTemplate(t, ctx.scope)), res)) ||
    (expect.headers && firstOf(expect.headers, (h) => checkHeader(h, res, ctx.scope))) ||
    (expect.cookies && firstOf(expect.cookies, (c) => checkCookie(c, res, ctx.sessionCookieName, ctx.scope))) ||
    (expect.verifies && firstOf(expect.verifies, (t) => checkVerifies(expandTemplate(t, ctx.scope), ctx.secret))) ||
    (expect.schema_is_core && checkSchemaIsCore(res, ctx)) ||
    (expect.schema_adds_nothing && checkSchemaIsCore(res, ctx, true)) ||
    undefined
  );
}

function firstOf<T>(items: T[], check: (item: T) => Finding | undefined): Finding | undefined {
  for (const item of items) {
    const f = check(item);
    if (f) return f;
  }
  return undefined;
}

function checkBodyNull(res: HttpResponse): Finding | undefined {
  const b = bodyOf(res);
  if (b.json && b.value === null) return undefined;
  return { check: 'body_null', message: 'expected the body to be the JSON literal null (not authenticated)', expected: null, actual: shown(res) };
}

/**
 * "Not authenticated" as servers say it (format 1.1): an empty body, the JSON literal null, or an
 * object whose session and user are absent or null. The exact better-auth shape (null) is
 * BEARER-SURF-3's, judged by body_null in its own scenario; rejection steps judge the behaviour.
 */
export function checkUnauthenticated(res: HttpResponse): Finding | undefined {
  if (res.body.trim() === '') return undefined;
  const b = bodyOf(res);
  if (b.json && b.value === null) return undefined;
  if (b.json && b.value !== null && typeof b.value === 'object' && !Array.isArray(b.value)) {
    const v = b.value as { session?: unknown; user?: unknown };
    if ((v.session === undefined || v.session === null) && (v.user === undefined || v.user === null)) return undefined;
  }
  const who = b.json ? sessionView(b.value)?.user.email : undefined;
  return {
    check: 'unauthenticated',
    message: `expected no session (not authenticated)${typeof who === 'string' ? `; got the session of ${who}` : '; got a body that is not "no session"'}`,
    expected: null,
    actual: shown(res),
  };
}

interface SessionView {
  user: { id: unknown; email: unknown };
  session: { userId: unknown };
}

function sessionView(value: unknown): SessionView | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as { user?: { id?: unknown; email?: unknown }; session?: { userId?: unknown } };
  return { user: { id: v.user?.id, email: v.user?.email }, session: { userId: v.session?.userId } };
}

/** Compares ids as strings: JSON numbers and strings name the same row. */
const sameId = (a: unknown, b: string) => (typeof a === 'string' || typeof a === 'number') && String(a) === b;

/**
 * Whose session came back, read tolerantly (INTERPRETING.md 18.2): user.id when the actor's is known,
 * user.email always, session.userId only when the server sends one. A missing field is a shape,
 * judged by BEARER-SURF-3's scenario, not here.
 */
export function checkSessionOf(name: string, res: HttpResponse, ctx: ExpectContext): Finding | undefined {
  const actor = ctx.actors.get(name);
  if (!actor) throw new Error(`session_of names '${name}', who was not set up`);
  const expected: SessionView = { user: { id: actor.userId ?? '(unknown)', email: actor.email }, session: { userId: actor.userId ?? '(if present)' } };
  const fail = (message: string, actual: unknown): Finding => ({ check: 'session_of', message, expected, actual });
  if (res.body.trim() === '') return fail(`expected ${name}'s session; got an empty body: the request was not authenticated`, '');
  const b = bodyOf(res);
  if (!b.json) return fail(`expected ${name}'s session; the body is not JSON`, excerpt(res.body));
  if (b.value === null) return fail(`expected ${name}'s session; got null: the request was not authenticated`, null);
  const actual = sessionView(b.value);
  if (!actual) return fail(`expected ${name}'s session {session, user}; got something else`, b.value);
  const other = [...ctx.actors.values()].find(
    (a) => a !== actor && (actual.user.email === a.email || (a.userId !== undefined && sameId(actual.user.id, a.userId))),
  );
  const whose = other ? `${other.name}'s session` : `the session of another user (${JSON.stringify(actual.user.email ?? actual.user.id)})`;
  if (actor.userId !== undefined && !sameId(actual.user.id, actor.userId)) return fail(`expected ${name}'s session; got ${whose}`, actual);
  if (actual.user.email !== actor.email) {
    return fail(
      actual.user.email === undefined
        ? `expected ${name}'s session; the body has no user.email to say whose it is`
        : `expected ${name}'s session; got ${whose}: user.email is ${JSON.stringify(actual.user.email)}, not ${actor.email}`,
      actual,
    );
  }
  if (actor.userId !== undefined && actual.session.userId !== undefined && actual.session.userId !== null && !sameId(actual.session.userId, actor.userId)) {
    return fail(`expected ${name}'s session; session.userId is ${JSON.stringify(actual.session.userId)}, not ${name}'s user id`, actual);
  }
  return undefined;
}

function checkSessionId(expected: string, res: HttpResponse): Finding | undefined {
  const b = bodyOf(res);
  const actual = b.json ? (b.value as { session?: { id?: unknown } } | null)?.session?.id : undefined;
  if (sameId(actual, expected)) return undefined;
  return {
    check: 'session_id',
    message: actual === undefined ? `expected session.id ${expected}; the body has no session.id` : `expected session.id ${expected}, got ${JSON.stringify(actual)}`,
    expected,
    actual: actual ?? shown(res),
  };
}

/** Where `actual` first departs from `expected` under the subset rule, or undefined when it contains it. */
export function subsetDifference(expected: unknown, actual: unknown, path = ''): { path: string; reason: string } | undefined {
  const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  if (kind(expected) === 'object') {
    if (kind(actual) !== 'object') return { path, reason: `expected an object, got ${kind(actual)}` };
    for (const [k, v] of Object.entries(expected as object)) {
      const p = `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (!Object.prototype.hasOwnProperty.call(actual, k)) return { path: p, reason: 'missing' };
      const d = subsetDifference(v, (actual as Record<string, unknown>)[k], p);
      if (d) return d;
    }
    return undefined;
  }
  if (kind(expected) === 'array') {
    if (kind(actual) !== 'array') return { path, reason: `expected an array, got ${kind(actual)}` };
    const [e, a] = [expected as unknown[], actual as unknown[]];
    if (e.length !== a.length) return { path, reason: `expected ${e.length} elements, got ${a.length}` };
    for (let i = 0; i < e.length; i++) {
      const d = subsetDifference(e[i], a[i], `${path}/${i}`);
      if (d) return d;
    }
    return undefined;
  }
  if (expected === actual) return undefined;
  return { path, reason: `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}` };
}

export function checkJson(expected: unknown, res: HttpResponse): Finding | undefined {
  const b = bodyOf(res);
  if (!b.json) return { check: 'json', message: 'expected a JSON body; the body is not JSON', expected, actual: excerpt(res.body), path: '' };
  const d = subsetDifference(expected, b.value);
  if (!d) return undefined;
  return { check: 'json', message: `the JSON body differs at '${d.path || '/'}': ${d.reason}`, expected, actual: b.value, path: d.path };
}

export function checkSessionIds(expected: string[], res: HttpResponse): Finding | undefined {
  const b = bodyOf(res);
  const want = [...new Set(expected)].sort();
  if (!b.json || !Array.isArray(b.value)) {
    return { check: 'session_ids', message: 'expected a JSON array of sessions', expected: want, actual: shown(res) };
  }
  const got = [...new Set(b.value.map((s) => String((s as { id?: unknown } | null)?.id)))].sort();
  const missing = want.filter((id) => !got.includes(id));
  const extra = got.filter((id) => !want.includes(id));
  if (!missing.length && !extra.length) return undefined;
  const parts = [missing.length && `missing ${missing.join(', ')}`, extra.length && `unexpected ${extra.join(', ')}`].filter(Boolean);
  return { check: 'session_ids', message: `the session ids differ: ${parts.join('; ')}`, expected: want, actual: got };
}

export function checkHeader(h: HeaderExpectation, res: HttpResponse, scope: Scope): Finding | undefined {
  const values = fieldValues(res.headers, h.name);
  const fail = (message: string, expected: unknown): Finding => ({ check: 'headers', message, expected, actual: values });
  if (h.present) return values.length ? undefined : fail(`expected a '${h.name}' header; there is none`, { name: h.name, present: true });
  if (h.absent) {
    return values.length ? fail(`expected no '${h.name}' header; got ${values.map((v) => JSON.stringify(v)).join(', ')}`, { name: h.name, absent: true }) : undefined;
  }
  if (h.equals !== undefined) {
    const want = expandTemplate(h.equals, scope);
    if (values.includes(want)) return undefined;
    return fail(
      values.length ? `expected '${h.name}' to equal ${JSON.stringify(want)}; it is ${values.map((v) => JSON.stringify(v)).join(', ')}` : `expected '${h.name}' to equal ${JSON.stringify(want)}; there is no such header`,
      { name: h.name, equals: want },
    );
  }
  const want = expandTemplate(h.contains!, scope).trim();
  const members = listMembers(res.headers, h.name);
  if (members.some((m) => m.toLowerCase() === want.toLowerCase())) return undefined;
  return fail(
    members.length ? `expected the '${h.name}' list to contain '${want}'; it lists ${members.join(', ')}` : `expected the '${h.name}' list to contain '${want}'; there is no such header`,
    { name: h.name, contains: want },
  );
}

export function checkCookie(c: CookieExpectation, res: HttpResponse, sessionCookieName: string, scope?: Scope): Finding | undefined {
  const name = c.name === 'session' ? sessionCookieName : c.name;
  const all = setCookiesOf(res.headers).filter((k) => k.name === name);
  const last = lastSetCookie(all, name);
  const actual = all.length ? all.map((k) => k.raw) : 'no Set-Cookie of this name';
  const fail = (message: string, expected: string): Finding => ({ check: 'cookies', message, expected: `${name}: ${expected}`, actual });
  if (c.untouched) return last ? fail(`expected no Set-Cookie for '${name}'; the response sets it`, 'untouched') : undefined;
  if ((c.kept !== undefined || c.encoded !== undefined) && scope === undefined) throw new Error('kept and encoded cookie expectations need the template scope');
  if (c.kept !== undefined) {
    // A refresh may set the cookie again; only a cleared cookie or another value disturbs it.
    const want = expandTemplate(c.kept, scope!);
    if (!last) return undefined;
    if (!isLive(last)) return fail(`expected the '${name}' cookie to be kept; the response clears it`, `kept as ${want}`);
    const got = decodedValue(last);
    return got === want ? undefined : fail(`expected the '${name}' cookie to be kept; the response sets it to another value (${excerpt(got)})`, `kept as ${want}`);
  }
  if (c.encoded !== undefined) {
    const want = encodeURIComponent(expandTemplate(c.encoded, scope!));
    if (!last) return fail(`expected the '${name}' cookie to be set with the percent-encoded value; the response sets none`, `value ${want}`);
    return last.value === want
      ? undefined
      : fail(`expected the '${name}' cookie's value on the wire to be the percent-encoding '${excerpt(want)}'; it is '${excerpt(last.value)}'${/[+/=]/.test(last.value) ? ", which holds raw '+', '/' or '=' where %2B, %2F and %3D belong" : ''}`, `value ${want}`);
  }
  if (c.set) {
    if (!last) return fail(`expected a live '${name}' cookie to be set; the response sets none`, 'set');
    return isLive(last) ? undefined : fail(`expected a live '${name}' cookie to be set; the response clears it`, 'set');
  }
  if (!last) return fail(`expected the '${name}' cookie to be cleared; the response has no Set-Cookie for it`, 'cleared');
  return isLive(last) ? fail(`expected the '${name}' cookie to be cleared; the response sets it live`, 'cleared') : undefined;
}

export function checkVerifies(value: string, secret: string | undefined): Finding | undefined {
  if (secret === undefined) throw new Error("verifies needs the target's secret");
  const v = verifySigned(value, secret);
  if (v.ok) return undefined;
  return {
    check: 'verifies',
    message: `'${value}' does not verify with the target's secret: ${v.reason}`,
    expected: v.expectedSignature ? `${value.slice(0, value.indexOf('.'))}.${v.expectedSignature}` : '<token>.<sig>',
    actual: value,
  };
}

/** schema_is_core (exactly the core schema) or, with `addsOnly`, schema_adds_nothing (nothing beyond it; BEARER-SCHEMA-1). */
export function checkSchemaIsCore(res: HttpResponse, ctx: ExpectContext, addsOnly = false): Finding | undefined {
  const check = addsOnly ? 'schema_adds_nothing' : 'schema_is_core';
  if (!ctx.coreTables) throw new Error(`${check} needs the core schema`);
  const core = ctx.coreTables();
  const b = bodyOf(res);
  const tables = b.json ? (b.value as { tables?: unknown } | null)?.tables : undefined;
  const expected = Object.fromEntries(Object.entries(core).map(([t, v]) => [t, [...v.fields].sort()]));
  if (!tables || typeof tables !== 'object' || Array.isArray(tables)) {
    return { check, message: "expected a schema description {tables: {<table>: {fields: [...]}}}", expected, actual: shown(res) };
  }
  const actual: Record<string, unknown> = {};
  const differences: string[] = [];
  for (const [t, v] of Object.entries(tables as Record<string, { fields?: unknown }>)) {
    const fields = Array.isArray(v?.fields) ? v.fields.map(String).sort() : [];
    actual[t] = fields;
    if (!(t in core)) differences.push(`adds table '${t}'`);
    else {
      for (const f of fields) if (!core[t]!.fields.includes(f)) differences.push(`adds field '${t}.${f}'`);
      if (!addsOnly) for (const f of core[t]!.fields) if (!fields.includes(f)) differences.push(`lacks field '${t}.${f}'`);
    }
  }
  if (!addsOnly) for (const t of Object.keys(core)) if (!(t in actual)) differences.push(`lacks table '${t}'`);
  if (!differences.length) return undefined;
  return { check, message: `the schema ${addsOnly ? 'goes beyond' : 'differs from'} the core schema: it ${differences.join(', ')}`, expected, actual };
}
