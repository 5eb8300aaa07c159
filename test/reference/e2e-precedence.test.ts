// Cookie precedence (BRIEF decision 1): a non-empty session cookie decides alone.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bearer, call, cookieOf, expectedSignature, header, origin, SECRET, sessionCookie, signUp, whoIs, withServer } from './helpers.js';

test('a valid cookie wins over a valid bearer of another user', () =>
  withServer({}, async ({ url }) => {
    const alice = await signUp(url, 'alice');
    const bob = await signUp(url, 'bob');
    assert.is(await whoIs(url, [cookieOf(alice.signed), bearer(bob.signed)]), alice.email);
    assert.is(await whoIs(url, [bearer(bob.signed), cookieOf(alice.signed)]), alice.email, 'header order does not matter');
    const list = await call(`${url}/list-sessions`, { headers: [cookieOf(alice.signed), bearer(bob.signed)] });
    assert.ok(list.json.every((s: { userId: string }) => s.userId === alice.userId));
  }));

test('a stale cookie (signed out) is not rescued by a valid bearer', () =>
  withServer({}, async ({ url }) => {
    const alice = await signUp(url, 'alice');
    const bob = await signUp(url, 'bob');
    await call(`${url}/sign-out`, { method: 'POST', headers: [cookieOf(alice.signed), origin()] });
    assert.is(await whoIs(url, [bearer(bob.signed)]), bob.email, 'control: the bearer alone works');
    const res = await call(`${url}/get-session`, { headers: [cookieOf(alice.signed), bearer(bob.signed)] });
    assert.is(res.text, 'null');
    assert.match(sessionCookie(res)!.line, /Max-Age=0/, 'the stale cookie is cleared, as better-auth does');
    assert.is((await call(`${url}/list-sessions`, { headers: [cookieOf(alice.signed), bearer(bob.signed)] })).status, 401);
  }));

test('a forged or badly signed cookie is not rescued by a valid bearer', () =>
  withServer({}, async ({ url }) => {
    const alice = await signUp(url, 'alice');
    const bob = await signUp(url, 'bob');
    const wrongSecret = `${alice.token}.${expectedSignature('wrong', alice.token)}`;
    for (const forged of [wrongSecret, 'forged', `${alice.token}`, '%zz', `${bob.token}.${expectedSignature(SECRET, alice.token)}`]) {
      assert.is(await whoIs(url, [['cookie', `better-auth.session_token=${forged}`], bearer(bob.signed)]), null, forged);
    }
  }));

test('a junk bearer never disturbs a valid cookie session', () =>
  withServer({}, async ({ url }) => {
    const alice = await signUp(url, 'alice');
    for (const junk of ['junk', 'junk.sig', '%zz', `${alice.token}.AAAA`, '']) {
      const res = await call(`${url}/get-session`, { headers: [cookieOf(alice.signed), ['authorization', `Bearer ${junk}`]] });
      assert.is(res.json.user.email, alice.email);
      assert.equal(res.headers['set-cookie'], undefined, 'no clearing or replacing Set-Cookie');
      assert.is(header(res, 'set-auth-token'), undefined);
    }
  }));

test('an empty session cookie counts as no cookie: the bearer authenticates', () =>
  withServer({}, async ({ url }) => {
    const bob = await signUp(url, 'bob');
    assert.is(await whoIs(url, [['cookie', 'better-auth.session_token='], bearer(bob.signed)]), bob.email);
    assert.is(await whoIs(url, [['cookie', 'other=1; better-auth.session_token=""'], bearer(bob.signed)]), bob.email);
    // and a POST with it needs no Origin, like any bearer-only request
    const out = await call(`${url}/sign-out`, { method: 'POST', headers: [['cookie', 'better-auth.session_token='], bearer(bob.signed)] });
    assert.is(out.status, 200);
    assert.is(await whoIs(url, [bearer(bob.signed)]), null);
  }));

test.run();
