// The invariants checked on every response, each on a recorded exchange that keeps it and one that breaks it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { HttpRequest, HttpResponse } from '../../conformance/engine/http.js';
import { invariantFailures, type InvariantContext } from '../../conformance/engine/invariants.js';

const ORIGIN = 'http://localhost:3000';
const SIGNED = 'tok.sig+/=';
const COOKIE = `better-auth.session_token=${encodeURIComponent(SIGNED)}; Max-Age=604800; Path=/; HttpOnly`;
const fromOrigin: HttpRequest = { method: 'POST', url: 'http://127.0.0.1/api/auth/sign-in/email', headers: [['origin', ORIGIN]] };
const noOrigin: HttpRequest = { method: 'POST', url: 'http://127.0.0.1/api/auth/sign-in/email', headers: [] };
const ctx: InvariantContext = { target: { origin: ORIGIN, exposedHeaders: ['X-Request-Id'] } };
const res = (headers: [string, string][], status = 200): HttpResponse => ({ status, headers, body: '{}' });
const names = (req: HttpRequest, r: HttpResponse, c = ctx) => invariantFailures(req, r, c).map((f) => `${f.requirements.join()} ${f.check}`);

/** What a trusted origin's answer carries for credentialed browser code to read it. */
const ALLOWED: [string, string][] = [['access-control-allow-origin', ORIGIN], ['access-control-allow-credentials', 'true']];
const GOOD: [string, string][] = [
  ['set-cookie', COOKIE],
  ['set-auth-token', SIGNED],
  ['access-control-expose-headers', 'X-Request-Id, set-auth-token'],
  ...ALLOWED,
];

test('a correct sign-in response keeps every invariant', () => {
  assert.equal(names(fromOrigin, res(GOOD)), []);
  assert.equal(names(noOrigin, res([])), []);
});

test('BEARER-SURF-7: a 5xx', () => {
  const [f] = invariantFailures(noOrigin, res([], 503), ctx);
  assert.equal(f, {
    check: 'invariant:status-below-500',
    requirements: ['BEARER-SURF-7'],
    message: 'the server answered 503: no request of the suite may yield a server error',
    expected: '< 500',
    actual: 503,
  });
  assert.equal(names(noOrigin, res([], 499)), []);
});

test('BEARER-EMIT-1: a live session cookie without set-auth-token', () => {
  assert.equal(names(fromOrigin, res([['set-cookie', COOKIE]])), ['BEARER-EMIT-1 invariant:set-auth-token-with-live-cookie']);
  // a cleared cookie needs no token
  assert.equal(names(fromOrigin, res([['set-cookie', 'better-auth.session_token=; Max-Age=0']])), []);
  // the secure-prefixed name counts too
  assert.equal(names(fromOrigin, res([['set-cookie', `__Secure-${COOKIE}`]])), ['BEARER-EMIT-1 invariant:set-auth-token-with-live-cookie']);
});

test('BEARER-EMIT-2: set-auth-token must equal the decoded cookie value', () => {
  const wrong: [string, string][] = [GOOD[0]!, ['set-auth-token', encodeURIComponent(SIGNED)], GOOD[2]!, ...ALLOWED];
  const [f] = invariantFailures(fromOrigin, res(wrong), ctx);
  assert.is(f!.check, 'invariant:set-auth-token-equals-cookie');
  assert.equal([f!.expected, f!.actual], [SIGNED, encodeURIComponent(SIGNED)]);
});

test('BEARER-EMIT-3: set-auth-token without a live cookie, e.g. on sign-out', () => {
  const signOut: [string, string][] = [['set-cookie', 'better-auth.session_token=; Max-Age=0'], ['set-auth-token', SIGNED], ['access-control-expose-headers', 'set-auth-token'], ...ALLOWED];
  const [f] = invariantFailures(fromOrigin, res(signOut), ctx);
  assert.is(f!.check, 'invariant:no-set-auth-token-without-live-cookie');
  assert.is(f!.message, "the response carries set-auth-token but it clears the 'better-auth.session_token' cookie");
  assert.equal(names(noOrigin, res([['set-auth-token', SIGNED], ['access-control-expose-headers', 'set-auth-token']])), ['BEARER-EMIT-3 invariant:no-set-auth-token-without-live-cookie']);
});

test('BEARER-CORS-1: set-auth-token not exposed, judged on requests from the trusted origin', () => {
  assert.equal(names(fromOrigin, res([GOOD[0]!, GOOD[1]!, ['access-control-expose-headers', 'X-Request-Id'], ...ALLOWED])), ['BEARER-CORS-1 invariant:set-auth-token-exposed']);
  assert.equal(names(fromOrigin, res([GOOD[0]!, GOOD[1]!, ['Access-Control-Expose-Headers', 'X-Request-Id, Set-Auth-Token'], ...ALLOWED])), []);
  // `*` is a literal name for credentialed requests
  assert.equal(names(fromOrigin, res([GOOD[0]!, GOOD[1]!, ['access-control-expose-headers', 'X-Request-Id, *'], ...ALLOWED])), ['BEARER-CORS-1 invariant:set-auth-token-exposed']);
  // no browser reads the answer to a request without Origin
  assert.equal(names(noOrigin, res([GOOD[0]!, GOOD[1]!])), []);
});

test('BEARER-CORS-1: the answer allows the trusted origin with credentials, or browser code reads nothing', () => {
  const [f] = invariantFailures(fromOrigin, res(GOOD.filter(([n]) => n !== 'access-control-allow-credentials')), ctx);
  assert.equal(f, {
    check: 'invariant:cors-allows-origin',
    requirements: ['BEARER-CORS-1'],
    message: `credentialed browser code on ${ORIGIN} cannot read this response, nor its set-auth-token: Access-Control-Allow-Credentials is missing, not true`,
    expected: { 'access-control-allow-origin': ORIGIN, 'access-control-allow-credentials': 'true' },
    actual: { 'access-control-allow-origin': ORIGIN, 'access-control-allow-credentials': null },
  });
  const wildcard = GOOD.map(([n, v]): [string, string] => [n, n === 'access-control-allow-origin' ? '*' : v]);
  assert.equal(names(fromOrigin, res(wildcard)), ['BEARER-CORS-1 invariant:cors-allows-origin']);
  const twice: [string, string][] = [...GOOD, ['access-control-allow-origin', ORIGIN]];
  assert.equal(names(fromOrigin, res(twice)), ['BEARER-CORS-1 invariant:cors-allows-origin']);
  assert.equal(names(fromOrigin, res(GOOD.filter(([n]) => !n.startsWith('access-control-allow')))), ['BEARER-CORS-1 invariant:cors-allows-origin']);
  assert.equal(names(noOrigin, res(GOOD.filter(([n]) => !n.startsWith('access-control-allow')))), []);
});

test("BEARER-CORS-2: the application's exposed names are kept, judged on requests from the trusted origin", () => {
  const dropped: [string, string][] = [GOOD[0]!, GOOD[1]!, ['access-control-expose-headers', 'set-auth-token'], ...ALLOWED];
  const [f] = invariantFailures(fromOrigin, res(dropped), ctx);
  assert.is(f!.check, 'invariant:app-exposed-headers-kept');
  assert.is(f!.message, "Access-Control-Expose-Headers drops the application's exposed name X-Request-Id");
  assert.equal(names(noOrigin, res(dropped)), []);
  assert.equal(names(fromOrigin, res(dropped), { target: { origin: ORIGIN } }), []);
  // names compare case-insensitively, across field lines
  assert.equal(names(fromOrigin, res([GOOD[0]!, GOOD[1]!, ['access-control-expose-headers', 'x-request-id'], ['access-control-expose-headers', 'set-auth-token'], ...ALLOWED])), []);
});

test('BEARER-CORS-3: no exposed name twice, case-insensitively and across lines', () => {
  const twice: [string, string][] = [GOOD[0]!, GOOD[1]!, ['access-control-expose-headers', 'X-Request-Id, set-auth-token'], ['access-control-expose-headers', 'Set-Auth-Token'], ...ALLOWED];
  const [f] = invariantFailures(fromOrigin, res(twice), ctx);
  assert.is(f!.check, 'invariant:exposed-names-unique');
  assert.is(f!.message, 'Access-Control-Expose-Headers lists set-auth-token more than once');
  assert.equal(names(noOrigin, res(twice)), []);
});

test('invariants are reported in their fixed order', () => {
  assert.equal(names(fromOrigin, res([['set-auth-token', SIGNED], ['access-control-expose-headers', 'X-Request-Id, set-auth-token, X-Request-Id']], 500)), [
    'BEARER-SURF-7 invariant:status-below-500',
    'BEARER-EMIT-3 invariant:no-set-auth-token-without-live-cookie',
    'BEARER-CORS-1 invariant:cors-allows-origin',
    'BEARER-CORS-3 invariant:exposed-names-unique',
  ]);
});

test('a known session cookie name restricts which cookie counts', () => {
  const r = res([['set-cookie', 'myapp.session_token=a.b; Max-Age=60']]);
  assert.equal(names(noOrigin, r), ['BEARER-EMIT-1 invariant:set-auth-token-with-live-cookie']);
  assert.equal(names(noOrigin, r, { ...ctx, sessionCookieName: 'better-auth.session_token' }), []);
});

test.run();
