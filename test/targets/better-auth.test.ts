// The better-auth target fixture: started in-process on 127.0.0.1:0, driven over HTTP.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { request } from 'undici';
import { startBetterAuthTarget, type BetterAuthTarget } from '../../fixtures/targets/better-auth/server.js';
import { mergeHeaderNames } from '../../fixtures/targets/better-auth/cors.js';

const ORIGIN = 'http://localhost:3000';

async function signUp(target: BetterAuthTarget, name: string) {
  const email = `${name}-${Math.random().toString(36).slice(2)}@conformance.test`;
  const res = await request(`${target.url}/sign-up/email`, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: `${name}-password-123456`, name }),
  });
  const body = (await res.body.json()) as { token: string; user: { id: string; email: string } };
  assert.is(res.statusCode, 200, `sign-up of ${name}`);
  return { email, id: body.user.id, token: body.token, headers: res.headers, signed: String(res.headers['set-auth-token']) };
}

async function getSession(target: BetterAuthTarget, bearer: string) {
  const res = await request(`${target.url}/get-session`, { headers: { authorization: `Bearer ${bearer}` } });
  return { status: res.statusCode, body: (await res.body.json()) as { user: { id: string; email: string }; session: { userId: string } } | null };
}

test('a bearer get-session answers the user whose token it carries', async () => {
  const target = await startBetterAuthTarget({ port: 0 });
  try {
    assert.match(target.url, /^http:\/\/127\.0\.0\.1:\d+\/api\/auth$/);
    const alice = await signUp(target, 'alice');
    const bob = await signUp(target, 'bob');
    for (const [who, user] of [['alice', alice], ['bob', bob]] as const) {
      const { status, body } = await getSession(target, user.signed);
      assert.is(status, 200);
      assert.ok(body, `${who}'s bearer is accepted`);
      assert.is(body.user.id, user.id);
      assert.is(body.user.email, user.email);
      assert.is(body.session.userId, user.id);
    }
    assert.equal((await getSession(target, 'junk.junk')).body, null);
  } finally {
    await target.close();
  }
});

test('requireSignature: the raw token is refused, the signed one accepted', async () => {
  const target = await startBetterAuthTarget({ port: 0, requireSignature: true });
  try {
    const alice = await signUp(target, 'alice');
    assert.equal((await getSession(target, alice.token)).body, null);
    assert.is((await getSession(target, alice.signed)).body?.user.id, alice.id);
  } finally {
    await target.close();
  }
});

test("CORS layer: preflight answered, better-auth's set-auth-token exposure merged with the application's names", async () => {
  const target = await startBetterAuthTarget({ port: 0, exposeHeaders: ['X-Request-Id', 'Set-Auth-Token'] });
  try {
    const preflight = await request(`${target.url}/get-session`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    await preflight.body.dump();
    assert.is(preflight.statusCode, 204);
    assert.is(preflight.headers['access-control-allow-origin'], ORIGIN);
    assert.match(String(preflight.headers['access-control-allow-headers']), /\bauthorization\b/);

    const alice = await signUp(target, 'alice');
    assert.is(alice.headers['access-control-allow-origin'], ORIGIN);
    assert.is(alice.headers['access-control-expose-headers'], 'set-auth-token, X-Request-Id');

    const untrusted = await request(`${target.url}/get-session`, { headers: { origin: 'http://evil.example' } });
    await untrusted.body.dump();
    assert.is(untrusted.headers['access-control-allow-origin'], undefined);
  } finally {
    await target.close();
  }
});

test('mergeHeaderNames keeps the first spelling, drops duplicates and empty items', () => {
  assert.is(mergeHeaderNames('set-auth-token', ['X-Request-Id', 'SET-AUTH-TOKEN']), 'set-auth-token, X-Request-Id');
  assert.is(mergeHeaderNames(['a, b', ' ,c'], ['B', 'd']), 'a, b, c, d');
  assert.is(mergeHeaderNames(undefined, ['X-Request-Id']), 'X-Request-Id');
});

test("schema description lists better-auth's core tables with id, from getAuthTables", async () => {
  const target = await startBetterAuthTarget({ port: 0 });
  try {
    assert.match(target.schemaUrl, /\/conformance\/schema$/);
    const res = await request(target.schemaUrl);
    const body = (await res.body.json()) as { tables: Record<string, { fields: string[] }> };
    assert.is(res.statusCode, 200);
    assert.equal(Object.keys(body.tables).sort(), ['account', 'session', 'user', 'verification']);
    for (const table of Object.values(body.tables)) assert.ok(table.fields.includes('id'));
    assert.ok(body.tables.session.fields.includes('token'));
    assert.ok(body.tables.user.fields.includes('email'));
  } finally {
    await target.close();
  }
});

test('CLI prints one listening line and exits 0 on SIGTERM', async () => {
  const cli = fileURLToPath(new URL('../../fixtures/targets/better-auth/cli.js', import.meta.url));
  const child = spawn(process.execPath, [cli, '--port', '0', '--expose-header', 'X-Request-Id'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.setEncoding('utf8');
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0]);
    });
    child.once('exit', (code) => reject(new Error(`CLI exited early with ${code}`)));
  });
  assert.match(line, /^listening http:\/\/127\.0\.0\.1:\d+\/api\/auth$/);
  const res = await request(`${line.slice('listening '.length)}/get-session`);
  assert.equal(await res.body.json(), null);
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  assert.is(code, 0);
  assert.is(stdout, `${line}\n`);
});

test.run();
