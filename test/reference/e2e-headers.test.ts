// set-auth-token, CORS exposure and preflight, the POST origin check, and session refresh.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bearer, call, cookieOf, exposedNames, header, ORIGIN, origin, sessionCookie, signUp, whoIs, withServer } from './helpers.js';

test('set-auth-token only where a live session cookie is set', () =>
  withServer({}, async ({ url }) => {
    const alice = await signUp(url, 'alice'); // sign-up: checked by the helper's invariants
    const plain = await call(`${url}/get-session`, { headers: [bearer(alice.signed)] });
    assert.is(header(plain, 'set-auth-token'), undefined, 'no refresh due, no cookie, no header');
    const list = await call(`${url}/list-sessions`, { headers: [bearer(alice.signed)] });
    assert.is(header(list, 'set-auth-token'), undefined);
    const out = await call(`${url}/sign-out`, { method: 'POST', headers: [bearer(alice.signed)] });
    assert.is(header(out, 'set-auth-token'), undefined);
  }));

test('a session refresh re-sets the cookie and carries set-auth-token, also for a bearer request', () =>
  withServer({ sessionUpdateAge: 0 }, async ({ url }) => {
    const alice = await signUp(url, 'alice');
    const res = await call(`${url}/get-session`, { headers: [bearer(alice.signed)] });
    assert.is(res.json.user.email, alice.email);
    assert.is(sessionCookie(res)?.value, alice.signed, 'same token, fresh Max-Age');
    assert.match(sessionCookie(res)!.line, /Max-Age=604800/);
    assert.is(header(res, 'set-auth-token'), alice.signed);
    assert.ok(new Date(res.json.session.expiresAt) >= new Date(res.json.session.updatedAt));
  }));

test('a trusted Origin gets CORS headers; the application names are kept and set-auth-token merged once', () =>
  withServer({ exposeHeaders: ['X-Request-Id', 'Set-Auth-Token'] }, async ({ url }) => {
    const res = await call(`${url}/sign-up/email`, {
      method: 'POST',
      headers: [origin()],
      json: { email: 'dora@x.test', password: 'password-123', name: 'Dora' },
    });
    assert.is(header(res, 'access-control-allow-origin'), ORIGIN);
    assert.is(header(res, 'access-control-allow-credentials'), 'true');
    assert.is(header(res, 'vary'), 'Origin');
    assert.equal(exposedNames(res), ['X-Request-Id', 'Set-Auth-Token']);
    assert.equal(res.headers['access-control-expose-headers'], 'X-Request-Id, Set-Auth-Token', 'one field line');
  }));

test('without an Origin only set-auth-token is exposed; other responses to a trusted Origin expose the application names', () =>
  withServer({ exposeHeaders: ['X-Request-Id'] }, async ({ url }) => {
    const alice = await signUp(url, 'alice');
    const signIn = await call(`${url}/sign-in/email`, { method: 'POST', json: { email: alice.email, password: alice.password } });
    assert.equal(exposedNames(signIn), ['set-auth-token']);
    assert.is(header(signIn, 'access-control-allow-origin'), undefined);
    const viaOrigin = await call(`${url}/sign-in/email`, { method: 'POST', headers: [origin()], json: { email: alice.email, password: alice.password } });
    assert.equal(exposedNames(viaOrigin), ['X-Request-Id', 'set-auth-token']);
    const session = await call(`${url}/get-session`, { headers: [origin(), bearer(alice.signed)] });
    assert.equal(exposedNames(session), ['X-Request-Id']);
  }));

test('an untrusted Origin gets no CORS headers', () =>
  withServer({}, async ({ url }) => {
    const res = await call(`${url}/get-session`, { headers: [origin('http://evil.test')] });
    assert.is(res.status, 200);
    assert.is(header(res, 'access-control-allow-origin'), undefined);
  }));

test('a preflight from a trusted origin allows authorization and content-type', () =>
  withServer({ trustedOrigins: ['http://localhost:3000', 'https://app.example'] }, async ({ url }) => {
    for (const path of ['/get-session', '/sign-out']) {
      const res = await call(`${url}${path}`, {
        method: 'OPTIONS',
        headers: [origin('https://app.example'), ['access-control-request-method', 'GET'], ['access-control-request-headers', 'authorization']],
      });
      assert.is(res.status, 204);
      assert.is(res.text, '');
      assert.is(header(res, 'access-control-allow-origin'), 'https://app.example');
      assert.is(header(res, 'access-control-allow-credentials'), 'true');
      assert.is(header(res, 'access-control-allow-headers'), 'authorization, content-type');
      assert.match(header(res, 'access-control-allow-methods')!, path === '/sign-out' ? /POST/ : /GET/);
    }
    const untrusted = await call(`${url}/get-session`, { method: 'OPTIONS', headers: [origin('http://evil.test')] });
    assert.is(untrusted.status, 204);
    assert.is(header(untrusted, 'access-control-allow-origin'), undefined);
    assert.is(header(untrusted, 'access-control-allow-headers'), undefined);
  }));

test('a POST carrying the session cookie needs a trusted Origin; bearer-only POSTs need none', () =>
  withServer({}, async ({ url }) => {
    const alice = await signUp(url, 'alice');
    const missing = await call(`${url}/sign-out`, { method: 'POST', headers: [cookieOf(alice.signed)] });
    assert.is(missing.status, 403);
    assert.is(missing.json.code, 'MISSING_OR_NULL_ORIGIN');
    const nullOrigin = await call(`${url}/sign-out`, { method: 'POST', headers: [cookieOf(alice.signed), origin('null')] });
    assert.is(nullOrigin.json.code, 'MISSING_OR_NULL_ORIGIN');
    const untrusted = await call(`${url}/sign-out`, { method: 'POST', headers: [cookieOf(alice.signed), origin('http://evil.test')] });
    assert.is(untrusted.status, 403);
    assert.is(untrusted.json.code, 'INVALID_ORIGIN');
    assert.is(await whoIs(url, [cookieOf(alice.signed)]), alice.email, 'refused POSTs changed nothing');
    const crossSiteSignIn = await call(`${url}/sign-in/email`, { method: 'POST', headers: [origin('http://evil.test')], json: { email: alice.email, password: alice.password } });
    assert.is(crossSiteSignIn.status, 403);
    const bearerOnly = await call(`${url}/sign-out`, { method: 'POST', headers: [bearer(alice.signed)] });
    assert.is(bearerOnly.status, 200);
    assert.is(await whoIs(url, [cookieOf(alice.signed)]), null);
  }));

test.run();
