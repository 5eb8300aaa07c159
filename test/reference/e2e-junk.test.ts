// Junk never yields a 5xx or a crash: malformed headers, cookies, bodies, paths, methods and raw
// bytes. The helper's call() fails any 5xx; every test ends by proving the server still serves.
import { connect } from 'node:net';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type Actor, bearer, call, cookieOf, header, origin, signUp, whoIs, withServer } from './helpers.js';

async function stillServes(url: string, alice: Actor): Promise<void> {
  assert.is(await whoIs(url, [bearer(alice.signed)]), alice.email, 'the server still serves');
}

/** Sends raw bytes on a fresh connection and returns the status code of the first response line. */
function rawStatus(url: string, bytes: string | Buffer): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(bytes));
    let received = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => (received += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
      match ? resolve(Number(match[1])) : reject(new Error(`no status line in ${JSON.stringify(received.slice(0, 80))}`));
    });
  });
}

test('malformed bearer input on get-session is 200 null; on list-sessions 401 without a cookie', () =>
  withServer({}, async ({ url }) => {
    const alice = await signUp(url, 'alice');
    const junk = [
      'garbage', '.', '...', '....', `${alice.token}.`, `.${alice.signed.split('.')[1]}`, '%', '%zz', '%E0%A4%A', '%2E%2E',
      `${alice.signed}.${alice.signed}`, 'a'.repeat(8000), '.'.repeat(8000), `${alice.token}.${'A'.repeat(5000)}`,
      'ünïcödé', '\u00ff\u00fe', 'null', 'undefined', '{"token":1}', 'Bearer x', '\\', '"quoted"',
    ];
    for (const token of junk) {
      for (const value of [`Bearer ${token}`, `bearer   ${token}  `, `Basic ${token}`, token]) {
        const session = await call(`${url}/get-session`, { headers: [['authorization', value]] });
        assert.is(session.status, 200, value);
        assert.is(session.text, 'null', value);
        const list = await call(`${url}/list-sessions`, { headers: [['authorization', value]] });
        assert.is(list.status, 401, value);
        assert.is(list.json.code, 'UNAUTHORIZED');
        assert.is(list.headers['set-cookie'], undefined);
      }
    }
    const twice = await call(`${url}/get-session`, { headers: [['authorization', 'Bearer junk'], bearer(alice.signed)] });
    assert.is(twice.status, 200, 'several Authorization headers: node keeps the first');
    await stillServes(url, alice);
  }));

test('property: any printable Authorization or Cookie value leaves get-session at 200', () =>
  withServer({}, async ({ url }) => {
    const alice = await signUp(url, 'alice');
    const latin1 = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c)), maxLength: 200 });
    await fc.assert(
      fc.asyncProperty(latin1, latin1, async (auth, cookie) => {
        const res = await call(`${url}/get-session`, { headers: [['authorization', `Bearer ${auth}`], ['cookie', `better-auth.session_token=${cookie}`]] });
        return res.status === 200;
      }),
      { numRuns: 150 },
    );
    await stillServes(url, alice);
  }));

test('malformed cookies are unauthenticated, never errors', () =>
  withServer({}, async ({ url }) => {
    const alice = await signUp(url, 'alice');
    for (const value of ['better-auth.session_token=%', 'better-auth.session_token=%zz%', 'better-auth.session_token="', ';;;;', '=', 'better-auth.session_token',
      `better-auth.session_token=${'x'.repeat(6000)}`, 'a=1; '.repeat(500), 'better-auth.session_token=ü', `better-auth.session_token=${alice.signed}.x`]) {
      const res = await call(`${url}/get-session`, { headers: [['cookie', value]] });
      assert.is(res.status, 200, value.slice(0, 60));
      assert.is(res.text, 'null');
      const post = await call(`${url}/sign-out`, { method: 'POST', headers: [['cookie', value], origin()] });
      assert.is(post.status, 200);
    }
    await stillServes(url, alice);
  }));

test('bad bodies get clear 4xx JSON: bad JSON 400, wrong shapes 400, too large 413', () =>
  withServer({}, async ({ url }) => {
    const alice = await signUp(url, 'alice');
    const post = (body: string) => call(`${url}/sign-in/email`, { method: 'POST', headers: [origin(), ['content-type', 'application/json']], body });
    for (const body of ['{', 'nope', '{"email":', '\u0000', "{'a':1}", '[1,]']) {
      const res = await post(body);
      assert.is(res.status, 400, body);
      assert.is(res.json.code, 'INVALID_JSON');
      assert.match(res.json.message, /not valid JSON/);
    }
    for (const body of ['"string"', '42', 'true', '[]', '{"__proto__":{"email":"x"}}', '{"email":1,"password":2}', '{"email":"a@b.test","password":{}}',
      `${'['.repeat(30000)}${']'.repeat(30000)}`]) {
      const res = await post(body);
      assert.is(res.status, 400, body.slice(0, 40));
    }
    const large = await post(JSON.stringify({ email: alice.email, password: 'x'.repeat(70 * 1024) }));
    assert.is(large.status, 413);
    assert.is(large.json.code, 'PAYLOAD_TOO_LARGE');
    await stillServes(url, alice);
  }));

test('unknown paths 404, wrong methods 405, odd request targets never 5xx', () =>
  withServer({}, async ({ url }) => {
    const alice = await signUp(url, 'alice');
    const root = url.replace(/\/api\/auth$/, '');
    for (const path of ['/', '/api/auth', '/api/auth/', '/api/auth/get-session/', '/api/auth/%zz', '/API/AUTH/get-session', `/api/auth/${'x'.repeat(5000)}`]) {
      const res = await call(`${root}${path}`);
      assert.is(res.status, 404, path);
      assert.is(res.json.code, 'NOT_FOUND');
    }
    const query = await call(`${url}/get-session?disableRefresh=%zz&x`, { headers: [bearer(alice.signed)] });
    assert.is(query.json.user.email, alice.email, 'a query string is ignored');
    for (const [method, path] of [['POST', '/get-session'], ['PUT', '/sign-out'], ['DELETE', '/list-sessions'], ['GET', '/sign-out'], ['PATCH', '/schema'], ['HEAD', '/get-session']]) {
      const res = await call(`${url}${path}`, { method });
      assert.is(res.status, 405, `${method} ${path}`);
      assert.match(header(res, 'allow')!, /OPTIONS/);
    }
    await stillServes(url, alice);
  }));

test('raw malformed requests get a 4xx from node:http and leave the server running', () =>
  withServer({}, async ({ url }) => {
    const alice = await signUp(url, 'alice');
    const { host } = new URL(url);
    const cases: (string | Buffer)[] = [
      'garbage\r\n\r\n',
      `GET /api/auth/get-session HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer \u00ff\u00fe\u0080\r\nConnection: close\r\n\r\n`,
      Buffer.concat([Buffer.from(`GET /api/auth/get-session HTTP/1.1\r\nHost: ${host}\r\nCookie: better-auth.session_token=`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('\r\nConnection: close\r\n\r\n')]),
      `GET /api/auth/../auth/get-session HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      `GET //api/auth/get-session HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      `GET http://other.test/api/auth/get-session HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      `OPTIONS * HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      `FOO /api/auth/get-session HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      `GET /api/auth/get-session HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${'a'.repeat(20000)}\r\nConnection: close\r\n\r\n`,
      `POST /api/auth/sign-in/email HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 99999999\r\nConnection: close\r\n\r\n{}`,
      `POST /api/auth/sign-in/email HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n`,
      `POST /api/auth/sign-in/email HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n`,
    ];
    for (const bytes of cases) {
      const status = await rawStatus(url, bytes);
      assert.ok(status >= 200 && status < 500, `${status} for ${JSON.stringify(bytes.toString().slice(0, 50))}`);
    }
    await stillServes(url, alice);
  }));

test('a chunked body past the limit is refused with 413 while it streams', () =>
  withServer({}, async ({ url }) => {
    const alice = await signUp(url, 'alice');
    const { host } = new URL(url);
    const chunk = 'x'.repeat(16 * 1024);
    const chunks = Array.from({ length: 8 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('');
    const status = await rawStatus(url, `POST /api/auth/sign-in/email HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: chunked\r\nOrigin: http://localhost:3000\r\n\r\n${chunks}0\r\n\r\n`);
    assert.is(status, 413);
    await stillServes(url, alice);
    assert.is(await whoIs(url, [cookieOf(alice.signed)]), alice.email);
  }));

test.run();
