import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createBearerPlugin, defaultBearerParts } from '../../reference/bearer.js';
import { ResponseHeaders } from '../../reference/messages.js';
import type { CredentialInput, SessionCookieRead, SessionCookieWrite } from '../../reference/plugin.js';
import { signToken, verifySignedToken } from '../../reference/sign.js';

const SECRET = 'plugin-unit-secret';
const ALICE = 'AliceAliceAliceAliceAliceAlice00';
const BOB = 'BobBobBobBobBobBobBobBobBobBob00';
const NO_COOKIE: SessionCookieRead = { present: false, value: '', token: null };

function input(authorization: string | undefined, options: { cookie?: SessionCookieRead; requireSignature?: boolean } = {}): CredentialInput {
  return {
    headers: authorization === undefined ? {} : { authorization },
    cookie: options.cookie ?? NO_COOKIE,
    requireSignature: options.requireSignature ?? false,
    secret: SECRET,
    verify: (signed) => verifySignedToken(SECRET, signed),
  };
}

function cookieOf(token: string): SessionCookieRead {
  return { present: true, value: signToken(SECRET, token), token };
}

const plugin = createBearerPlugin();

test('the plugin adds nothing to the schema', () => {
  assert.is(plugin.id, 'bearer');
  assert.is(plugin.schema, undefined);
});

test('a signed bearer selects its token in both modes, in both spellings', () => {
  const signed = signToken(SECRET, BOB);
  for (const requireSignature of [false, true]) {
    assert.is(plugin.selectToken(input(`Bearer ${signed}`, { requireSignature })), BOB);
    assert.is(plugin.selectToken(input(`Bearer ${encodeURIComponent(signed)}`, { requireSignature })), BOB);
  }
});

test('an unsigned bearer selects its token only when signatures are optional', () => {
  assert.is(plugin.selectToken(input(`Bearer ${BOB}`)), BOB);
  assert.is(plugin.selectToken(input(`Bearer ${BOB}`, { requireSignature: true })), null);
});

test('a bad signature never falls back to the part before the dot', () => {
  const forged = `${BOB}.${signToken('wrong', BOB).split('.')[1]}`;
  assert.is(plugin.selectToken(input(`Bearer ${forged}`)), null);
  assert.is(plugin.selectToken(input(`Bearer ${BOB}.`)), null);
});

test('malformed percent-encoding and other junk select nothing', () => {
  for (const junk of ['Bearer %', 'Bearer %zz.abc', 'Bearer ...', 'Basic abc', 'Bearer', '']) {
    assert.is(plugin.selectToken(input(junk)), null, junk);
  }
  assert.is(defaultBearerParts.decodeToken('%E0%A4%A'), null);
  assert.is(defaultBearerParts.decodeToken('a%2Bb'), 'a+b');
});

test('a non-empty cookie decides alone: valid, forged, or stale', () => {
  const bobBearer = `Bearer ${signToken(SECRET, BOB)}`;
  assert.is(plugin.selectToken(input(bobBearer, { cookie: cookieOf(ALICE) })), ALICE);
  assert.is(plugin.selectToken(input(bobBearer, { cookie: { present: true, value: 'forged.sig', token: null } })), null);
  assert.is(plugin.selectToken(input('Bearer junk', { cookie: cookieOf(ALICE) })), ALICE);
  assert.is(plugin.selectToken(input(bobBearer, { cookie: NO_COOKIE })), BOB, 'an empty cookie counts as none');
});

function respond(sessionCookie: SessionCookieWrite | null, exposed: string[] = []) {
  const headers = new ResponseHeaders();
  for (const line of exposed) headers.append('Access-Control-Expose-Headers', line);
  plugin.onResponse({ request: { method: 'POST', path: '/api/auth/x', headers: {} }, status: 200, sessionCookie, headers });
  return headers;
}

test('a live session cookie is mirrored in set-auth-token with its decoded value and exposed', () => {
  const value = signToken(SECRET, ALICE);
  const headers = respond({ value, maxAge: 604800 });
  assert.is(headers.get('set-auth-token'), value);
  assert.is(headers.get('access-control-expose-headers'), 'set-auth-token');
});

test('no set-auth-token when the cookie is cleared or untouched', () => {
  for (const cookie of [null, { value: '', maxAge: 0 }, { value: 'x.y', maxAge: 0 }, { value: '', maxAge: 604800 }]) {
    const headers = respond(cookie);
    assert.not.ok(headers.has('set-auth-token'), JSON.stringify(cookie));
    assert.not.ok(headers.has('access-control-expose-headers'));
  }
});

test('the expose merge keeps the application names, across lines, without repeats, as one line', () => {
  const headers = respond({ value: signToken(SECRET, ALICE), maxAge: 10 }, ['X-Request-Id, x-trace', 'X-REQUEST-ID', 'Set-Auth-Token']);
  assert.equal(headers.getAll('access-control-expose-headers'), ['X-Request-Id, x-trace, Set-Auth-Token']);
  assert.is(defaultBearerParts.mergeExposeHeaders(' a ,, b,A ', 'set-auth-token'), 'a, b, set-auth-token');
  assert.is(defaultBearerParts.mergeExposeHeaders(undefined, 'set-auth-token'), 'set-auth-token');
});

test('overrides replace one part and keep the others', () => {
  const bearerFirst = createBearerPlugin({ id: 'bearer-first', chooseCredential: (cookie, bearer) => bearer() ?? cookie.token });
  assert.is(bearerFirst.id, 'bearer-first');
  assert.is(bearerFirst.selectToken(input(`Bearer ${signToken(SECRET, BOB)}`, { cookie: cookieOf(ALICE) })), BOB);
  assert.is(bearerFirst.selectToken(input('Bearer junk.sig', { cookie: cookieOf(ALICE) })), ALICE);
  const withField = createBearerPlugin({ schema: { session: ['bearerHint'] } });
  assert.equal(withField.schema, { session: ['bearerHint'] });
});

test.run();
