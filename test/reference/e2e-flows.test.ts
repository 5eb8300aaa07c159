// The BRIEF's flows over real HTTP: sign-up, sign-in, bearer get-session for the right user, both
// spellings, require_signature both ways, list-sessions, sign-out through either credential.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  bearer, call, cookieOf, expectedSignature, header, ORIGIN, origin, SECRET, sessionCookie, signUp, whoIs, withServer,
} from './helpers.js';

test('sign-up answers {token, user}, sets the signed cookie and mirrors it in set-auth-token', () =>
  withServer({}, async ({ url }) => {
    const res = await call(`${url}/sign-up/email`, {
      method: 'POST',
      headers: [origin()],
      json: { email: 'Carol@Example.test', password: 'password-123', name: 'Carol' },
    });
    assert.is(res.status, 200);
    assert.match(res.json.token, /^[A-Za-z0-9]{32}$/);
    assert.equal(Object.keys(res.json.user), ['id', 'name', 'email', 'emailVerified', 'image', 'createdAt', 'updatedAt']);
    assert.is(res.json.user.email, 'carol@example.test');
    assert.is(res.json.user.name, 'Carol');
    assert.is(res.json.user.emailVerified, false);
    assert.is(res.json.user.image, null);
    assert.is(new Date(res.json.user.createdAt).toISOString(), res.json.user.createdAt);
    const cookie = sessionCookie(res)!;
    const signed = `${res.json.token}.${expectedSignature(SECRET, res.json.token)}`;
    assert.is(cookie.value, signed);
    assert.is(cookie.line, `better-auth.session_token=${encodeURIComponent(signed)}; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax`);
    assert.is(header(res, 'set-auth-token'), signed);
    assert.is(header(res, 'access-control-expose-headers'), 'set-auth-token');
  }));

test('sign-up refuses a taken email (422), bad fields (400) and a non-object body', () =>
  withServer({}, async ({ url }) => {
    const alice = await signUp(url, 'alice');
    const post = (json: unknown) => call(`${url}/sign-up/email`, { method: 'POST', headers: [origin()], json });
    const taken = await post({ email: alice.email.toUpperCase(), password: 'password-123', name: 'x' });
    assert.is(taken.status, 422);
    assert.is(taken.json.code, 'USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL');
    assert.type(taken.json.message, 'string');
    const cases: [unknown, string][] = [
      [{ email: 'not-an-email', password: 'password-123', name: 'x' }, 'INVALID_EMAIL'],
      [{ email: 'x@y.test', password: 'short', name: 'x' }, 'PASSWORD_TOO_SHORT'],
      [{ email: 'x@y.test', password: 'p'.repeat(129), name: 'x' }, 'PASSWORD_TOO_LONG'],
      [{ email: 'x@y.test', password: 12345678, name: 'x' }, 'INVALID_PASSWORD'],
      [{ email: 'x@y.test', password: 'password-123' }, 'VALIDATION_ERROR'],
      [{ email: 'x@y.test', password: 'password-123', name: 'x', image: 5 }, 'VALIDATION_ERROR'],
      [[1, 2], 'BODY_MUST_BE_AN_OBJECT'],
      [null, 'BODY_MUST_BE_AN_OBJECT'],
    ];
    for (const [json, code] of cases) {
      const res = await post(json);
      assert.is(res.status, 400, JSON.stringify(json));
      assert.is(res.json.code, code);
      assert.is(sessionCookie(res), undefined);
    }
    const empty = await call(`${url}/sign-up/email`, { method: 'POST', headers: [origin()] });
    assert.is(empty.json.code, 'BODY_MUST_BE_AN_OBJECT');
  }));

test('sign-in answers {redirect: false, token, user} with a new session; a wrong password 401 without a cookie', () =>
  withServer({}, async ({ url }) => {
    const alice = await signUp(url, 'alice');
    const ok = await call(`${url}/sign-in/email`, { method: 'POST', headers: [origin()], json: { email: alice.email, password: alice.password, rememberMe: true } });
    assert.is(ok.status, 200);
    assert.is(ok.json.redirect, false);
    assert.is(ok.json.user.id, alice.userId);
    assert.is.not(ok.json.token, alice.token, 'a new session');
    assert.is(header(ok, 'set-auth-token'), `${ok.json.token}.${expectedSignature(SECRET, ok.json.token)}`);

    for (const json of [{ email: alice.email, password: 'wrong-password' }, { email: 'nobody@x.test', password: alice.password }]) {
      const bad = await call(`${url}/sign-in/email`, { method: 'POST', headers: [origin()], json });
      assert.is(bad.status, 401);
      assert.equal(bad.json, { message: 'Invalid email or password', code: 'INVALID_EMAIL_OR_PASSWORD' });
      assert.is(sessionCookie(bad), undefined);
      assert.is(header(bad, 'set-auth-token'), undefined);
    }
  }));

test('get-session through a bearer answers the right user, in every accepted spelling and parse', () =>
  withServer({}, async ({ url }) => {
    const alice = await signUp(url, 'alice');
    const bob = await signUp(url, 'bob');
    const res = await call(`${url}/get-session`, { headers: [bearer(alice.signed)] });
    assert.is(res.status, 200);
    assert.is(res.json.user.id, alice.userId);
    assert.is(res.json.session.token, alice.token);
    assert.equal(Object.keys(res.json.session), ['id', 'expiresAt', 'token', 'createdAt', 'updatedAt', 'ipAddress', 'userAgent', 'userId']);
    assert.is(await whoIs(url, [bearer(bob.signed)]), bob.email);
    assert.is(await whoIs(url, [bearer(encodeURIComponent(alice.signed))]), alice.email, 'percent-encoded spelling');
    assert.is(await whoIs(url, [bearer(alice.token)]), alice.email, 'unsigned token, signatures optional');
    for (const value of [`bearer ${alice.signed}`, `BEARER ${alice.signed}`, `bEaReR ${alice.signed}`, `Bearer     ${alice.signed}`, `Bearer ${alice.signed}   `]) {
      assert.is(await whoIs(url, [['authorization', value]]), alice.email, value);
    }
    assert.is(await whoIs(url, []), null, 'no credential');
    const none = await call(`${url}/get-session`);
    assert.is(none.text, 'null');
  }));

test('the bearer and the cookie resolve the same session row', () =>
  withServer({}, async ({ url }) => {
    const alice = await signUp(url, 'alice');
    const viaCookie = await call(`${url}/get-session`, { headers: [cookieOf(alice.signed)] });
    const viaBearer = await call(`${url}/get-session`, { headers: [bearer(alice.signed)] });
    assert.is(viaCookie.json.session.id, viaBearer.json.session.id);
    assert.is(viaCookie.json.user.email, viaBearer.json.user.email);
  }));

test('invalid bearers are ignored: other schemes, empty, bad signatures (no fallback to the token)', () =>
  withServer({}, async ({ url }) => {
    const alice = await signUp(url, 'alice');
    const sig = alice.signed.split('.')[1]!;
    const tampered = `${alice.token}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    const wrongSecret = `${alice.token}.${expectedSignature('bearer-conformance-wrong-secret', alice.token)}`;
    for (const value of [`Basic ${alice.signed}`, `Token ${alice.signed}`, 'Bearer', 'Bearer    ', `Bearer ${tampered}`, `Bearer ${wrongSecret}`,
      `Bearer ${alice.token}.`, `Bearer ${alice.token}.${sig.replace('=', '')}`, `Bearer ${alice.signed}.${sig}`]) {
      assert.is(await whoIs(url, [['authorization', value]]), null, value);
      const list = await call(`${url}/list-sessions`, { headers: [['authorization', value]] });
      assert.is(list.status, 401);
      assert.equal(list.json, { message: 'Unauthorized', code: 'UNAUTHORIZED' });
      assert.equal(list.headers['set-cookie'], undefined);
    }
  }));

test('require_signature: signed tokens authenticate, unsigned ones are ignored', () =>
  withServer({ requireSignature: true }, async ({ url }) => {
    const alice = await signUp(url, 'alice');
    assert.is(await whoIs(url, [bearer(alice.signed)]), alice.email);
    assert.is(await whoIs(url, [bearer(encodeURIComponent(alice.signed))]), alice.email);
    assert.is(await whoIs(url, [bearer(alice.token)]), null);
    assert.is((await call(`${url}/list-sessions`, { headers: [bearer(alice.token)] })).status, 401);
    // a token the client signs itself with the secret (wire compatibility) is accepted
    assert.is(await whoIs(url, [bearer(`${alice.token}.${expectedSignature(SECRET, alice.token)}`)]), alice.email);
  }));

test('list-sessions answers the same set through the bearer and the cookie', () =>
  withServer({}, async ({ url }) => {
    const alice = await signUp(url, 'alice');
    await signUp(url, 'bob');
    const second = await call(`${url}/sign-in/email`, { method: 'POST', headers: [origin()], json: { email: alice.email, password: alice.password } });
    const ids = (res: { json: { id: string; userId: string }[] }) => res.json.map((s) => s.id).sort();
    const viaBearer = await call(`${url}/list-sessions`, { headers: [bearer(alice.signed)] });
    const viaCookie = await call(`${url}/list-sessions`, { headers: [cookieOf(header(second, 'set-auth-token')!)] });
    assert.is(viaBearer.status, 200);
    assert.is(viaBearer.json.length, 2);
    assert.ok(viaBearer.json.every((s: { userId: string }) => s.userId === alice.userId));
    assert.equal(ids(viaBearer), ids(viaCookie));
  }));

test('past --max-sessions-per-user a sign-in ends the user\'s oldest session; list-sessions stays that long', () =>
  withServer({ maxSessionsPerUser: 2 }, async ({ url }) => {
    const alice = await signUp(url, 'alice');
    const bob = await signUp(url, 'bob');
    const signIn = () => call(`${url}/sign-in/email`, { method: 'POST', headers: [origin()], json: { email: alice.email, password: alice.password } });
    const second = header(await signIn(), 'set-auth-token')!;
    const third = header(await signIn(), 'set-auth-token')!;
    assert.is(await whoIs(url, [bearer(alice.signed)]), null, 'the sign-up session was the oldest');
    assert.is(await whoIs(url, [bearer(second)]), alice.email);
    const listed = await call(`${url}/list-sessions`, { headers: [bearer(third)] });
    assert.equal(listed.json.map((s: { token: string }) => s.token), [second, third].map((v) => v.split('.')[0]));
    assert.is(await whoIs(url, [bearer(bob.signed)]), bob.email, "another user's session is untouched");
  }));

test('sign-out through the bearer alone (no cookie, no Origin) ends the session for both credentials', () =>
  withServer({}, async ({ url }) => {
    const alice = await signUp(url, 'alice');
    const bob = await signUp(url, 'bob');
    const out = await call(`${url}/sign-out`, { method: 'POST', headers: [bearer(alice.signed)] });
    assert.is(out.status, 200);
    assert.equal(out.json, { success: true });
    assert.is(sessionCookie(out)?.line, 'better-auth.session_token=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax');
    assert.is(header(out, 'set-auth-token'), undefined);
    assert.is(await whoIs(url, [bearer(alice.signed)]), null);
    assert.is(await whoIs(url, [cookieOf(alice.signed)]), null);
    assert.is(await whoIs(url, [bearer(alice.token)]), null);
    assert.is(await whoIs(url, [bearer(bob.signed)]), bob.email, 'other sessions live on');
  }));

test('sign-out through the cookie ends the bearer in every spelling', () =>
  withServer({}, async ({ url }) => {
    const alice = await signUp(url, 'alice');
    const out = await call(`${url}/sign-out`, { method: 'POST', headers: [cookieOf(alice.signed), origin(ORIGIN)] });
    assert.is(out.status, 200);
    for (const value of [alice.signed, encodeURIComponent(alice.signed), alice.token]) assert.is(await whoIs(url, [bearer(value)]), null);
  }));

test('sign-out without a session answers 200 and clears the cookie, as better-auth does', () =>
  withServer({}, async ({ url }) => {
    const out = await call(`${url}/sign-out`, { method: 'POST' });
    assert.is(out.status, 200);
    assert.equal(out.json, { success: true });
    assert.match(sessionCookie(out)!.line, /Max-Age=0/);
  }));

test.run();
