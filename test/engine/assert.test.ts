// Expectations judged on recorded responses (no server): each rule passes on the right response and
// fails on the wrong one with its check name, a sentence, and expected and actual values.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Actor } from '../../conformance/engine/actors.js';
import { checkCookie, checkExpectations, checkHeader, checkJson, checkSchemaIsCore, checkSessionIds, checkSessionOf, checkStatus, checkVerifies, subsetDifference, type ExpectContext } from '../../conformance/engine/assert.js';
import type { HttpResponse } from '../../conformance/engine/http.js';
import { signValue } from '../../conformance/suite/sign.js';

const alice: Actor = { name: 'alice', email: 'alice-1@conformance.test', password: 'p', userId: 'u-alice', token: 'ta', signed: 'ta.sig', cookieName: 'better-auth.session_token' };
const bob: Actor = { name: 'bob', email: 'bob-1@conformance.test', password: 'p', userId: 'u-bob', token: 'tb', signed: 'tb.sig', cookieName: 'better-auth.session_token' };
const vars: Record<string, string> = { sid: 's-1', 'alice.user_id': 'u-alice' };
const ctx: ExpectContext = {
  scope: { lookup: (v) => vars[v] },
  actors: new Map([['alice', alice], ['bob', bob]]),
  secret: 'sec',
  sessionCookieName: 'better-auth.session_token',
  coreTables: () => ({ user: { fields: ['id', 'email'] }, session: { fields: ['id', 'token'] } }),
};

const res = (body: unknown, headers: [string, string][] = [], status = 200): HttpResponse => ({
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const sessionBody = (a: Actor, sid = 's-1') => ({ session: { id: sid, userId: a.userId, token: a.token }, user: { id: a.userId, email: a.email, name: a.name } });

test('status: a value or a list', () => {
  assert.is(checkStatus({ status: 200 }, res(null)), undefined);
  assert.is(checkStatus({ status: [200, 401] }, res(null, [], 401)), undefined);
  assert.equal(checkStatus({ status: [200, 204] }, res(null, [], 500)), { check: 'status', message: 'expected status 200 or 204, got 500', expected: [200, 204], actual: 500 });
  assert.is(checkStatus(undefined, res(null, [], 500)), undefined);
});

test('session_of checks user.id, user.email and session.userId, and names whose session came back', () => {
  assert.is(checkSessionOf('alice', res(sessionBody(alice)), ctx), undefined);
  const other = checkSessionOf('alice', res(sessionBody(bob)), ctx)!;
  assert.is(other.check, 'session_of');
  assert.is(other.message, "expected alice's session; got bob's session");
  assert.equal(other.expected, { user: { id: 'u-alice', email: 'alice-1@conformance.test' }, session: { userId: 'u-alice' } });
  assert.equal(other.actual, { user: { id: 'u-bob', email: 'bob-1@conformance.test' }, session: { userId: 'u-bob' } });
  assert.is(checkSessionOf('alice', res(null), ctx)!.message, "expected alice's session; got null: the request was not authenticated");
  const wrongEmail = sessionBody(alice);
  wrongEmail.user.email = 'x@y';
  assert.match(checkSessionOf('alice', res(wrongEmail), ctx)!.message, /user\.email is "x@y"/);
  const wrongSession = sessionBody(alice);
  wrongSession.session.userId = 'u-bob';
  assert.match(checkSessionOf('alice', res(wrongSession), ctx)!.message, /session\.userId is "u-bob"/);
  assert.match(checkSessionOf('alice', res('<html>'), ctx)!.message, /not JSON/);
  assert.match(checkSessionOf('alice', res({ redirect: false }), ctx)!.message, /another user/);
});

test('session_of reads identity tolerantly: no session.userId, no known user id', () => {
  const noUserId = sessionBody(alice) as { session: Record<string, unknown>; user: unknown };
  delete noUserId.session.userId;
  assert.is(checkSessionOf('alice', res(noUserId), ctx), undefined, 'a missing session.userId is a shape, not whose session');
  const anonymousAlice = { ...alice };
  delete anonymousAlice.userId;
  const byEmail = { ...ctx, actors: new Map([['alice', anonymousAlice], ['bob', bob]]) };
  assert.is(checkSessionOf('alice', res(sessionBody(alice)), byEmail), undefined);
  assert.is(checkSessionOf('alice', res(sessionBody(bob)), byEmail)!.message, "expected alice's session; got bob's session: user.email is \"bob-1@conformance.test\", not alice-1@conformance.test");
  assert.match(checkSessionOf('alice', res(''), ctx)!.message, /empty body: the request was not authenticated/);
});

test('unauthenticated accepts every way of saying "no session", and nothing else', () => {
  for (const body of ['', '  \n', 'null', JSON.stringify({ session: null, user: null }), JSON.stringify({})]) {
    assert.is(checkExpectations({ unauthenticated: true }, { status: 200, headers: [], body }, ctx), undefined, JSON.stringify(body));
  }
  const f = checkExpectations({ unauthenticated: true }, res(sessionBody(alice)), ctx)!;
  assert.is(f.check, 'unauthenticated');
  assert.is(f.message, 'expected no session (not authenticated); got the session of alice-1@conformance.test');
  assert.match(checkExpectations({ unauthenticated: true }, res('<html>'), ctx)!.message, /not "no session"/);
});

test('body_null, session_id and session_ids', () => {
  assert.is(checkExpectations({ body_null: true }, res(null), ctx), undefined);
  assert.is(checkExpectations({ body_null: true }, res('null\n'), ctx), undefined);
  const notNull = checkExpectations({ body_null: true }, res(sessionBody(alice)), ctx)!;
  assert.is(notNull.check, 'body_null');
  assert.equal(notNull.actual, sessionBody(alice));
  assert.is(checkExpectations({ session_id: '${sid}' }, res(sessionBody(alice)), ctx), undefined);
  assert.equal(checkExpectations({ session_id: '${sid}' }, res(sessionBody(alice, 's-2')), ctx), {
    check: 'session_id', message: 'expected session.id s-1, got "s-2"', expected: 's-1', actual: 's-2',
  });
  assert.is(checkSessionIds(['a', 'b'], res([{ id: 'b' }, { id: 'a' }])), undefined);
  const ids = checkSessionIds(['a', 'b'], res([{ id: 'a' }, { id: 'c' }]))!;
  assert.is(ids.message, 'the session ids differ: missing b; unexpected c');
  assert.equal([ids.expected, ids.actual], [['a', 'b'], ['a', 'c']]);
  assert.match(checkSessionIds(['a'], res({ message: 'Unauthorized' }, [], 401))!.message, /JSON array/);
});

test('json: subset match with the path of the first difference', () => {
  assert.is(subsetDifference({ a: 1 }, { a: 1, b: 2 }), undefined);
  assert.equal(subsetDifference({ a: { b: [1, { c: 'x' }] } }, { a: { b: [1, { c: 'y', d: 0 }] } }), { path: '/a/b/1/c', reason: 'expected "x", got "y"' });
  assert.equal(subsetDifference({ a: [1] }, { a: [1, 2] }), { path: '/a', reason: 'expected 1 elements, got 2' });
  assert.equal(subsetDifference({ 'a/b': 1 }, {}), { path: '/a~1b', reason: 'missing' });
  assert.equal(subsetDifference({ a: 1 }, null), { path: '', reason: 'expected an object, got null' });
  assert.equal(subsetDifference(1, '1'), { path: '', reason: 'expected 1, got "1"' });
  const f = checkJson({ success: true, user: { id: 'u-alice' } }, res({ success: false, user: { id: 'u-alice' } }))!;
  assert.is(f.check, 'json');
  assert.is(f.path, '/success');
  assert.is(f.message, "the JSON body differs at '/success': expected true, got false");
  assert.equal(f.actual, { success: false, user: { id: 'u-alice' } });
  // strings in the expected value are templates
  assert.is(checkExpectations({ json: { user: { id: '${alice.user_id}' } } }, res(sessionBody(alice)), ctx), undefined);
});

test('headers: present, absent, equals (exact) and contains (case-insensitive list over all lines)', () => {
  const r = res(null, [['Access-Control-Expose-Headers', 'X-Request-Id, set-auth-token'], ['access-control-expose-headers', 'Other'], ['Set-Auth-Token', 'ta.sig']]);
  const scope = ctx.scope;
  assert.is(checkHeader({ name: 'set-auth-token', present: true }, r, scope), undefined);
  assert.is(checkHeader({ name: 'x-nope', absent: true }, r, scope), undefined);
  assert.is(checkHeader({ name: 'SET-AUTH-TOKEN', equals: 'ta.sig' }, r, scope), undefined);
  assert.is(checkHeader({ name: 'access-control-expose-headers', contains: 'SET-AUTH-TOKEN' }, r, scope), undefined);
  assert.is(checkHeader({ name: 'access-control-expose-headers', contains: 'other' }, r, scope), undefined);
  const absent = checkHeader({ name: 'set-auth-token', absent: true }, r, scope)!;
  assert.equal([absent.check, absent.actual], ['headers', ['ta.sig']]);
  assert.is(checkHeader({ name: 'x-nope', present: true }, r, scope)!.message, "expected a 'x-nope' header; there is none");
  assert.match(checkHeader({ name: 'set-auth-token', equals: 'TA.SIG' }, r, scope)!.message, /to equal "TA.SIG"; it is "ta.sig"/);
  const missing = checkHeader({ name: 'access-control-expose-headers', contains: 'authorization' }, r, scope)!;
  assert.is(missing.message, "expected the 'access-control-expose-headers' list to contain 'authorization'; it lists X-Request-Id, set-auth-token, Other");
  assert.equal(missing.expected, { name: 'access-control-expose-headers', contains: 'authorization' });
});

test('cookies: set, cleared and untouched judged on the last Set-Cookie of the name', () => {
  const set = res(null, [['set-cookie', 'better-auth.session_token=a.b; Max-Age=60']]);
  const cleared = res(null, [['set-cookie', 'better-auth.session_token=; Max-Age=0']]);
  const none = res(null, [['set-cookie', 'other=1']]);
  const name = ctx.sessionCookieName;
  assert.is(checkCookie({ name: 'session', set: true }, set, name), undefined);
  assert.is(checkCookie({ name: 'session', cleared: true }, cleared, name), undefined);
  assert.is(checkCookie({ name: 'session', untouched: true }, none, name), undefined);
  assert.is(checkCookie({ name: 'other', set: true }, none, name), undefined);
  const f = checkCookie({ name: 'session', set: true }, cleared, name)!;
  assert.equal(f, {
    check: 'cookies',
    message: "expected a live 'better-auth.session_token' cookie to be set; the response clears it",
    expected: 'better-auth.session_token: set',
    actual: ['better-auth.session_token=; Max-Age=0'],
  });
  assert.match(checkCookie({ name: 'session', cleared: true }, none, name)!.message, /has no Set-Cookie for it/);
  assert.match(checkCookie({ name: 'session', cleared: true }, set, name)!.message, /sets it live/);
  assert.match(checkCookie({ name: 'session', untouched: true }, cleared, name)!.message, /the response sets it/);
});

test('verifies: the HMAC of the part before the first dot, with the target secret', () => {
  const good = signValue('tok', 'sec');
  assert.is(checkVerifies(good, 'sec'), undefined);
  const f = checkVerifies(signValue('tok', 'other'), 'sec')!;
  assert.is(f.check, 'verifies');
  assert.is(f.expected, good);
  assert.match(f.message, /does not verify with the target's secret/);
  assert.is(checkVerifies('nodot', 'sec')!.expected, '<token>.<sig>');
});

test('schema_is_core: same tables, same fields, order ignored; extra and missing named', () => {
  assert.is(checkSchemaIsCore(res({ tables: { session: { fields: ['token', 'id'] }, user: { fields: ['email', 'id'] } } }), ctx), undefined);
  const f = checkSchemaIsCore(res({ tables: { user: { fields: ['id', 'email', 'bearer'] }, jwks: { fields: ['id'] } } }), ctx)!;
  assert.is(f.message, "the schema differs from the core schema: it adds field 'user.bearer', adds table 'jwks', lacks table 'session'");
  assert.match(checkSchemaIsCore(res([]), ctx)!.message, /expected a schema description/);
});

test('expectations are judged in a fixed order and the first failure is reported', () => {
  const f = checkExpectations({ body_null: true, session_of: 'bob', headers: [{ name: 'x', present: true }] }, res(sessionBody(alice)), ctx)!;
  assert.is(f.check, 'body_null');
  const g = checkExpectations({ headers: [{ name: 'x', present: true }], session_of: 'bob' }, res(sessionBody(alice)), ctx)!;
  assert.is(g.check, 'session_of');
});

test.run();
