// The bearer-reference CLI as a child process: the start line, flags, usage errors, SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bearer, call, expectedSignature, header, origin, signUp, whoIs } from './helpers.js';

const CLI = fileURLToPath(new URL('../../reference/cli.js', import.meta.url));

interface Run { child: ChildProcess; stdout: () => string; stderr: () => string; exit: Promise<number | null> }

function run(args: string[]): Run {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d) => (stderr += d));
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

/** Starts the CLI, waits for its start line, runs `fn`, then stops it with SIGTERM and checks the clean exit. */
async function withCli(args: string[], fn: (url: string) => Promise<void>): Promise<void> {
  const cli = run(args);
  try {
    const deadline = Date.now() + 10_000;
    while (!cli.stdout().includes('\n')) {
      if (cli.child.exitCode !== null || Date.now() > deadline) throw new Error(`no start line; stderr: ${cli.stderr()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const match = /^listening (http:\/\/127\.0\.0\.1:\d+\/api\/auth)\n$/.exec(cli.stdout());
    assert.ok(match, `exactly one start line, got ${JSON.stringify(cli.stdout())}`);
    await fn(match![1]!);
  } finally {
    cli.child.kill('SIGTERM');
  }
  assert.is(await cli.exit, 0, `exit code after SIGTERM; stderr: ${cli.stderr()}`);
  assert.is(cli.stdout().split('\n').filter(Boolean).length, 1, 'nothing else on stdout');
  assert.is(cli.stderr(), '');
}

test('prints one start line, serves, and exits 0 on SIGTERM', () =>
  withCli(['--port', '0', '--secret', 'cli-secret'], async (url) => {
    const alice = await signUp(url, 'alice');
    assert.is(alice.signed, `${alice.token}.${expectedSignature('cli-secret', alice.token)}`, '--secret is the signing key');
    assert.is(await whoIs(url, [bearer(alice.token)]), alice.email);
  }));

test('flags reach the server: --require-signature, --trusted-origin (repeatable), --expose-header, --session-update-age', () =>
  withCli(['--require-signature', '--trusted-origin', 'https://a.example', '--trusted-origin', 'https://b.example',
    '--expose-header', 'X-Request-Id', '--expose-header', 'X-Trace', '--session-update-age', '0', '--session-expires-in', '3600'], async (url) => {
    const alice = await signUp(url, 'alice', {}).catch(() => null);
    assert.is(alice, null, 'http://localhost:3000 is no longer trusted');
    const res = await call(`${url}/sign-up/email`, { method: 'POST', headers: [origin('https://b.example')], json: { email: 'x@cli.test', password: 'password-123', name: 'x' } });
    assert.is(res.status, 200);
    assert.is(header(res, 'access-control-expose-headers'), 'X-Request-Id, X-Trace, set-auth-token');
    assert.match(header(res, 'set-cookie')!, /Max-Age=3600/);
    const signed = header(res, 'set-auth-token')!;
    assert.is(await whoIs(url, [bearer(res.json.token)]), null, 'unsigned refused');
    const refreshed = await call(`${url}/get-session`, { headers: [bearer(signed)] });
    assert.is(header(refreshed, 'set-auth-token'), signed, 'update age 0 refreshes');
  }));

test('--max-sessions-per-user bounds what list-sessions answers', () =>
  withCli(['--max-sessions-per-user', '1'], async (url) => {
    const alice = await signUp(url, 'alice');
    const again = await call(`${url}/sign-in/email`, { method: 'POST', headers: [origin()], json: { email: alice.email, password: alice.password } });
    const listed = await call(`${url}/list-sessions`, { headers: [bearer(header(again, 'set-auth-token')!)] });
    assert.equal(listed.json.map((s: { token: string }) => s.token), [again.json.token]);
  }));

test('--no-bearer runs without the plugin', () =>
  withCli(['--no-bearer'], async (url) => {
    const alice = await signUp(url, 'alice', { bearerInvariants: false });
    assert.is(await whoIs(url, [bearer(alice.signed)], { bearerInvariants: false }), null);
  }));

test('usage errors exit 2 with a sentence on stderr and nothing on stdout', async () => {
  for (const args of [['--bogus'], ['--port', 'abc'], ['--port', '99999'], ['--trusted-origin', 'nope'], ['--expose-header', 'bad name'], ['extra'], ['--session-expires-in', '-1'], ['--max-sessions-per-user', '0']]) {
    const cli = run(args);
    assert.is(await cli.exit, 2, args.join(' '));
    assert.is(cli.stdout(), '');
    assert.match(cli.stderr(), /^bearer-reference: [^]+\nRun bearer-reference --help to see the options\.\n$/);
  }
});

test('--help prints the options and exits 0', async () => {
  const cli = run(['--help']);
  assert.is(await cli.exit, 0);
  for (const flag of ['--port', '--host', '--secret', '--require-signature', '--trusted-origin', '--expose-header', '--no-bearer', '--session-expires-in', '--session-update-age', '--max-sessions-per-user']) {
    assert.ok(cli.stdout().includes(flag), flag);
  }
});

test('a port in use exits 1 with a sentence', async () => {
  const first = run(['--port', '0']);
  try {
    while (!first.stdout().includes('\n')) await new Promise((r) => setTimeout(r, 20));
    const port = /:(\d+)\//.exec(first.stdout())![1]!;
    const second = run(['--port', port]);
    assert.is(await second.exit, 1);
    assert.match(second.stderr(), /could not listen \(EADDRINUSE\)/);
  } finally {
    first.child.kill('SIGTERM');
    await first.exit;
  }
});

test.run();
