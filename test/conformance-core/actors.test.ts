// Actor setup judged on recorded sign-up responses, and captures read from recorded responses.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { actorFromSignUp, actorVariable, newCredentials, signUpRequest } from '../../conformance/engine/actors.js';
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
  const o = actorFromSignUp(creds, res);
  return o.ok ? undefined : `${o.problem.requirements.join(',')}: ${o.problem.message}`;
};

test('fresh credentials: unique lowercase email, 20-character password', () => {
  const a = newCredentials('alice');
  const b = newCredentials('alice');
  assert.match(a.email, /^alice-[0-9a-f]{16}@conformance\.test$/);
  assert.is.not(a.email, b.email);
  assert.match(a.password, /^[A-Za-z0-9]{20}$/);
  const req = signUpRequest({ name: 't', url: 'http://127.0.0.1:1/api/auth/', requireSignature: false, origin: 'http://localhost:3000' }, a);
  assert.is(req.url, 'http://127.0.0.1:1/api/auth/sign-up/email');
  assert.equal(req.headers, [['origin', 'http://localhost:3000'], ['content-type', 'application/json']]);
  assert.equal(JSON.parse(req.body!), { email: a.email, password: a.password, name: 'alice' });
});

test('a good sign-up gives the actor and the session cookie name', () => {
  const o = actorFromSignUp(creds, signUp({ token: 'tok', user: { id: 'u1', email: creds.email } }, [['Set-Cookie', `__Secure-${COOKIE}`]]));
  assert.ok(o.ok);
  if (!o.ok) return;
  assert.is(o.cookieName, '__Secure-better-auth.session_token');
  assert.equal(o.actor, { name: 'alice', email: creds.email, password: creds.password, userId: 'u1', token: 'tok', signed: SIGNED });
  assert.is(actorVariable(o.actor, 'signed'), SIGNED);
  assert.is(actorVariable(o.actor, 'user_id'), 'u1');
  assert.is(actorVariable(o.actor, 'nope'), undefined);
  // a numeric user id is kept as text
  const n = actorFromSignUp(creds, signUp({ token: 'tok', user: { id: 7 } }));
  assert.ok(n.ok && n.actor.userId === '7');
});

test('each broken sign-up rule is attributed to SURF-1 or SURF-6', () => {
  assert.is(problem(signUp({ message: 'x' }, [], 422)), 'BEARER-SURF-1: signing up alice: the server answered 422, not 200');
  assert.is(problem(signUp('<html>')), 'BEARER-SURF-1: signing up alice: the body is not JSON');
  assert.match(problem(signUp({ user: { id: 'u' } }))!, /^BEARER-SURF-1: .*no string 'token'/);
  assert.match(problem(signUp({ token: 'tok', user: {} }))!, /^BEARER-SURF-1: .*no 'user\.id'/);
  assert.match(problem(signUp({ token: 'tok', user: { id: 'u' } }, []))!, /^BEARER-SURF-1,BEARER-SURF-6: .*no live session cookie/);
  assert.match(problem(signUp({ token: 'tok', user: { id: 'u' } }, [['set-cookie', 'better-auth.session_token=; Max-Age=0']]))!, /no live session cookie/);
  assert.match(problem(signUp({ token: 'other', user: { id: 'u' } }))!, /^BEARER-SURF-6: .*not <token>\.<sig> for the body's token/);
  assert.match(problem(signUp({ token: 'tok', user: { id: 'u' } }, [['set-cookie', 'better-auth.session_token=tok; Max-Age=60']]))!, /^BEARER-SURF-6/);
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
