// The server without the bearer plugin, and variants built through the public seams: plugin parts,
// a wrapped plugin, a schema contribution, and a wrapped responder.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type BearerPlugin, CORE_SCHEMA, createBearerPlugin, createReferenceApp, defaultBearerParts, signatureOf } from '../../reference/index.js';
import { bearer, call, cookieOf, header, origin, SECRET, sessionCookie, signUp, whoIs, withServer } from './helpers.js';

test('bearer: false serves cookies only, sends no set-auth-token, and describes the same schema', () =>
  withServer({ bearer: false }, async ({ url, schemaUrl }) => {
    const off = { bearerInvariants: false };
    const alice = await signUp(url, 'alice', off);
    const signIn = await call(`${url}/sign-in/email`, { method: 'POST', headers: [origin()], json: { email: alice.email, password: alice.password }, ...off });
    assert.ok(sessionCookie(signIn), 'the cookie is still set');
    assert.is(header(signIn, 'set-auth-token'), undefined);
    assert.is(await whoIs(url, [bearer(alice.signed)], off), null, 'the bearer is not consulted');
    assert.is(await whoIs(url, [cookieOf(alice.signed)], off), alice.email);
    const schema = await call(schemaUrl, off);
    assert.equal(schema.json, CORE_SCHEMA);
    const out = await call(`${url}/sign-out`, { method: 'POST', headers: [bearer(alice.signed)], ...off });
    assert.is(out.status, 200);
    assert.is(await whoIs(url, [cookieOf(alice.signed)], off), alice.email, 'a bearer sign-out ends nothing without the plugin');
  }));

test('the schema description equals the core schema, and spec/core-schema.json', () =>
  withServer({}, async ({ schemaUrl }) => {
    const { readFile } = await import('node:fs/promises');
    const spec = JSON.parse(await readFile(new URL('../../../spec/core-schema.json', import.meta.url), 'utf8'));
    const served = (await call(schemaUrl)).json;
    assert.equal(Object.keys(served.tables).sort(), Object.keys(spec.tables).sort());
    for (const [name, table] of Object.entries(spec.tables as Record<string, { fields: string[] }>)) {
      assert.equal([...served.tables[name].fields].sort(), [...table.fields].sort(), name);
    }
  }));

test('a plugin part override changes exactly that rule (here: the bearer wins over the cookie)', () =>
  withServer({ bearer: createBearerPlugin({ id: 'bearer-wins', chooseCredential: (cookie, bearer) => bearer() ?? cookie.token }) }, async ({ url }) => {
    const alice = await signUp(url, 'alice');
    const bob = await signUp(url, 'bob');
    assert.is(await whoIs(url, [cookieOf(alice.signed), bearer(bob.signed)]), bob.email);
    assert.is(await whoIs(url, [cookieOf(alice.signed)]), alice.email);
  }));

test('a verifyToken override sees the secret (here: a variant that also accepts base64url signatures)', () =>
  withServer({
    bearer: createBearerPlugin({
      verifyToken: (token, input) => {
        const [raw, sig] = token.split('.');
        const url = signatureOf(input.secret, raw!).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
        return sig === url ? raw! : defaultBearerParts.verifyToken(token, input);
      },
    }),
  }, async ({ url }) => {
    const alice = await signUp(url, 'alice');
    const base64url = `${alice.token}.${alice.signed.split('.')[1]!.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
    assert.is(await whoIs(url, [bearer(base64url)]), alice.email);
    assert.is(await whoIs(url, [bearer(alice.signed)]), alice.email);
  }));

test('a variant whose set-auth-token holds the raw token is caught by the per-response invariants', () =>
  withServer({ bearer: createBearerPlugin({ tokenForResponse: (cookie) => (cookie?.maxAge ? cookie.value.split('.')[0]! : null) }) }, async ({ url }) => {
    try {
      await signUp(url, 'alice');
      assert.unreachable('the invariant check accepted a raw set-auth-token');
    } catch (error) {
      assert.match((error as Error).message, /but set-auth-token/);
    }
  }));

test('a wrapped plugin can drop set-auth-token on refresh only', async () => {
  const base = createBearerPlugin();
  const noRefreshToken: BearerPlugin = {
    ...base,
    onResponse: (input) => (input.request.path.endsWith('/get-session') ? undefined : base.onResponse(input)),
  };
  await withServer({ bearer: noRefreshToken, sessionUpdateAge: 0 }, async ({ url }) => {
    const alice = await signUp(url, 'alice');
    const res = await call(`${url}/get-session`, { headers: [bearer(alice.signed)], bearerInvariants: false });
    assert.ok(sessionCookie(res), 'refreshed');
    assert.is(header(res, 'set-auth-token'), undefined);
  });
});

test('a plugin schema contribution shows in the schema description', () =>
  withServer({ bearer: createBearerPlugin({ schema: { session: ['bearerHint'], apiKey: ['id', 'key'] } }) }, async ({ schemaUrl }) => {
    const { tables } = (await call(schemaUrl)).json;
    assert.equal(tables.session.fields, [...CORE_SCHEMA.tables.session!.fields, 'bearerHint']);
    assert.equal(tables.apiKey.fields, ['id', 'key']);
    assert.equal(tables.user, CORE_SCHEMA.tables.user);
  }));

test('a wrapped responder changes core behaviour without copying it (preflight without authorization)', async () => {
  const app = createReferenceApp({ secret: SECRET });
  const server = await app.listen(async (request) => {
    const reply = await app.respond(request);
    if (request.method === 'OPTIONS') reply.headers = reply.headers.filter(([name]) => name.toLowerCase() !== 'access-control-allow-headers');
    return reply;
  });
  try {
    const pre = await call(`${server.url}/get-session`, { method: 'OPTIONS', headers: [origin()] });
    assert.is(pre.status, 204);
    assert.is(header(pre, 'access-control-allow-origin'), 'http://localhost:3000');
    assert.is(header(pre, 'access-control-allow-headers'), undefined);
    const alice = await signUp(server.url, 'alice');
    assert.is(await whoIs(server.url, [bearer(alice.signed)]), alice.email, 'everything else is the reference');
    assert.is(app.store.findUserByEmail(alice.email)?.id, alice.userId, 'the app exposes its store');
  } finally {
    await server.close();
  }
});

test('the last-resort catch answers a defect with 500 and the server keeps serving', async () => {
  const app = createReferenceApp({ secret: SECRET });
  const server = await app.listen(async (request) => {
    if (request.path.endsWith('/schema')) throw new Error('deliberate defect');
    const reply = await app.respond(request);
    if (request.path.endsWith('/list-sessions')) reply.headers.push(['x-bad', 'line\nbreak']); // node refuses this value
    return reply;
  });
  const logged: unknown[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void logged.push(args);
  try {
    const thrown = await request(server.schemaUrl);
    assert.is(thrown.statusCode, 500);
    assert.is(((await thrown.body.json()) as { code: string }).code, 'INTERNAL_SERVER_ERROR');
    const badHeader = await request(`${server.url}/list-sessions`);
    assert.is(badHeader.statusCode, 500);
    await badHeader.body.dump();
    assert.is(logged.length, 2, 'each defect is logged');
    assert.is(await whoIs(server.url, []), null, 'still serving');
  } finally {
    console.error = original;
    await server.close();
  }
});

test('app.handle is a plain node:http listener', async () => {
  const app = createReferenceApp({ secret: SECRET });
  const server = createServer(app.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/auth`;
    const alice = await signUp(url, 'alice');
    assert.is(await whoIs(url, [bearer(alice.signed)]), alice.email);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test.run();
