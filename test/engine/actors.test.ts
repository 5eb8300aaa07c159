// Actor setup judged on recorded sign-up responses, and captures read from recorded responses.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { actorVariable, issuedSession, newCredentials, signUpRequest } from '../../conformance/engine/actors.js';
import { asText, capture, resolvePointer } from '../../conformance/engine/capture.js';
import type { HttpResponse } from '../../conformance/engine/http.js';

const creds = { name: 'alice', email: 'alice-0@conformance.test', password: 'p'.repeat(20) };
const SIGNED = 'tok.c2ln+/=';
const COOKIE = `better-auth.session_token=${encodeURIComponent(SIGNED)}; Max-Age=604800; Path=/`;
const signUp = (body: unknown, headers: [string, string][] = [['set-cookie', COOKIE]], status = 200): HttpResponse => ({
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const problem = (res: HttpResponse) => {
  const o = issuedSession(res);
  return typeof o === 'string' ? o : undefined;
};

test('fresh credentials: unique lowercase email, 20-character password; with a seed, the same for the same label', () => {
  const a = newCredentials('alice');
  const b = newCredentials('alice');
  assert.match(a.email, /^alice-[0-9a-f]{16}@conformance\.test$/);
  assert.is.not(a.email, b.email);
  assert.match(a.password, /^[A-Za-z0-9]{20}$/);
  const seeded = newCredentials('alice', { seed: 's', label: 'permissive/prec.x/alice' });
  assert.equal(seeded, newCredentials('alice', { seed: 's', label: 'permissive/prec.x/alice' }));
  assert.match(seeded.password, /^[A-Za-z0-9]{20}$/);
  assert.is.not(seeded.email, newCredentials('alice', { seed: 's', label: 'permissive/prec.y/alice' }).email);
  const req = signUpRequest({ name: 't', url: 'http://127.0.0.1:1/api/auth/', requireSignature: false, origin: 'http://localhost:3000' }, a);
  assert.is(req.url, 'http://127.0.0.1:1/api/auth/sign-up/email');
  assert.equal(req.headers, [['origin', 'http://localhost:3000'], ['content-type', 'application/json']]);
  assert.equal(JSON.parse(req.body!), { email: a.email, password: a.password, name: 'alice' });
});

test('a sign-up answer gives the session, the user id and the session cookie name', () => {
  const o = issuedSession(signUp({ token: 'tok', user: { id: 'u1', email: creds.email } }, [['Set-Cookie', `__Secure-${COOKIE}`]]));
  assert.equal(o, { signed: SIGNED, token: 'tok', cookieName: '__Secure-better-auth.session_token', userId: 'u1' });
  const actor = { name: 'alice', email: creds.email, password: creds.password, userId: 'u1', token: 'tok', signed: SIGNED, cookieName: 'c' };
  assert.is(actorVariable(actor, 'signed'), SIGNED);
  assert.is(actorVariable(actor, 'user_id'), 'u1');
  assert.is(actorVariable(actor, 'nope'), undefined);
  // a numeric user id is kept as text
  assert.is((issuedSession(signUp({ token: 'tok', user: { id: 7 } })) as { userId: string }).userId, '7');
});

test('observed tolerantly: the token from the cookie when the body lacks it, the credential from set-auth-token when no cookie is set', () => {
  assert.equal(issuedSession(signUp({ user: { id: 'u' } })), { signed: SIGNED, token: 'tok', cookieName: 'better-auth.session_token', userId: 'u' });
  assert.equal(issuedSession(signUp('', [['set-auth-token', SIGNED]])), { signed: SIGNED, token: 'tok', cookieName: 'better-auth.session_token' });
  assert.equal(issuedSession(signUp({ session: { userId: 9 } })), { signed: SIGNED, token: 'tok', cookieName: 'better-auth.session_token', userId: '9' });
});

test('an answer that carries no session says why', () => {
  assert.is(problem(signUp({ message: 'x' }, [], 422)), 'the server answered 422, not 200');
  assert.match(problem(signUp({ token: 'tok', user: { id: 'u' } }, []))!, /no live session cookie and no set-auth-token/);
  assert.match(problem(signUp({ token: 'tok' }, [['set-cookie', 'better-auth.session_token=; Max-Age=0']]))!, /no session credential/);
});

test('captures: JSON Pointer, header, cookie', () => {
  const res: HttpResponse = {
    status: 200,
    headers: [['Set-Auth-Token', 'a.b'], ['set-auth-token', 'second'], ['set-cookie', COOKIE], ['set-cookie', 'other=x%20y']],
    body: JSON.stringify({ session: { id: 's1', n: 3 }, list: [{ 'a/b': true, 'c~d': null }] }),
  };
  const name = 'better-auth.session_token';
  assert.equal(capture({ json: '/session/id' }, res, name), { ok: true, value: 's1' });
  assert.equal(capture({ json: '/session/n' }, res, name), { ok: true, value: '3' });
  assert.equal(capture({ json: '/session' }, res, name), { ok: true, value: '{"id":"s1","n":3}' });
  assert.equal(capture({ json: '/list/0/a~1b' }, res, name), { ok: true, value: 'true' });
  assert.equal(capture({ json: '/list/0/c~0d' }, res, name), { ok: true, value: 'null' });
  assert.equal(capture({ json: '/list/1' }, res, name), { ok: false, message: "the JSON body has nothing at '/list/1'" });
  assert.equal(capture({ json: '/list/-' }, res, name).ok, false);
  assert.equal(capture({ json: '/list/01' }, res, name).ok, false);
  assert.equal(capture({ header: 'SET-AUTH-TOKEN' }, res, name), { ok: true, value: 'a.b' });
  assert.equal(capture({ header: 'x-none' }, res, name), { ok: false, message: "the response has no 'x-none' header" });
  assert.equal(capture({ cookie: 'session' }, res, name), { ok: true, value: SIGNED });
  assert.equal(capture({ cookie: 'other' }, res, name), { ok: true, value: 'x y' });
  assert.equal(capture({ cookie: 'none' }, res, name), { ok: false, message: "the response sets no cookie named 'none'" });
  assert.equal(capture({ json: '' }, { ...res, body: 'not json' }, name), { ok: false, message: "the body is not JSON, so '' cannot be read from it" });
  assert.equal(resolvePointer({ a: 1 }, ''), { value: { a: 1 } });
  assert.is(resolvePointer('str', '/0'), undefined);
  assert.is(asText('x'), 'x');
});

test.run();
