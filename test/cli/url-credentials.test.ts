// Credentials in a target URL (http://user:password@host/...): refused before anything is sent, by a
// message that does not repeat them, and kept out of every report even for a Target built by hand.
// Why refused rather than sent: what undici puts on the wire (nothing) is checked here too.
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { result, runCli, target, tempDir } from '../support/cli.js';
import { createClient } from '../../conformance/engine/http.js';
import { buildReport } from '../../conformance/report/report.js';
import { loadRegistry } from '../../conformance/suite/registry.js';

const PASSWORD = 'hunter2-Pa55';
const dir = tempDir();
test.after(() => dir.remove());

function leaks(text: string): boolean {
  return text.includes(PASSWORD) || text.includes(encodeURIComponent(PASSWORD)) || text.includes(`alice:${PASSWORD}`);
}

test('--url, --schema-url and a target file with user:password@ are usage errors (exit 2) that never repeat the password; nothing is written', async () => {
  const json = join(dir.path, 'creds.json');
  const url = `http://alice:${PASSWORD}@127.0.0.1:9/api/auth`;
  const file = join(dir.path, 'creds-target.yaml');
  writeFileSync(file, `url: ${url}\n`);
  for (const args of [
    ['--url', url, '--reporter', `json:${json}`],
    ['--url', url, '--list'],
    ['--url', 'http://127.0.0.1:9/api/auth', '--schema-url', `http://alice:${PASSWORD}@127.0.0.1:9/schema`],
    ['--target', file],
    ['--url', `${url}?q=1`],
  ]) {
    const r = await runCli(args);
    assert.is(r.code, 2, args.join(' '));
    assert.match(r.stderr, /holds a user name or password; the suite sends no credentials from a URL .* --header 'X-Api-Key: \.\.\.'/, args.join(' '));
    assert.match(r.stderr, /"http:\/\/…@127\.0\.0\.1:9\//);
    assert.not.ok(leaks(r.stdout + r.stderr), `the password was printed for ${args.join(' ')}`);
  }
  assert.not.ok(existsSync(json), 'a report was written');
});

test('what undici sends for a URL with credentials: nothing of them (no Authorization, no user:password)', async () => {
  let seen: IncomingHttpHeaders | undefined;
  const server = createServer((req, res) => {
    seen = req.headers;
    res.end('null');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const client = createClient({ timeoutMs: 5000 });
  try {
    const res = await client.send({ method: 'GET', url: `http://alice:${PASSWORD}@127.0.0.1:${port}/api/auth/get-session`, headers: [] });
    assert.is(res.status, 200);
    assert.ok(seen);
    assert.is(seen!.authorization, undefined);
    assert.not.ok(leaks(JSON.stringify(seen)));
  } finally {
    await client.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('a Target built by hand with URL credentials: the report (targets, rerun, curl, exchanges) never holds them', async () => {
  const registry = await loadRegistry();
  const url = `http://alice:${encodeURIComponent(PASSWORD)}@127.0.0.1:1/api/auth`;
  const failing = result('a.fail', 'fail', [registry.requirements[0]!.id], { targetName: 'creds' });
  failing.failure!.exchange!.request.url = `${url}/get-session`;
  failing.failure!.actual = { echoed: `alice:${PASSWORD}` };
  const report = buildReport({
    suite: { name: 'bearer-conformance', version: '0.0.0' },
    registry,
    targets: [target('creds', { url, schemaUrl: `http://alice:${PASSWORD}@127.0.0.1:1/schema` })],
    results: [failing],
    strict: false,
    startedAt: new Date(0),
    durationMs: 1,
  });
  const text = JSON.stringify(report);
  assert.not.ok(leaks(text), text);
  assert.ok(report.results[0]!.rerun!.includes('[secret]@127.0.0.1:1/api/auth'), report.results[0]!.rerun);
});

test.run();
