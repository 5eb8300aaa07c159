// Extra headers (--header, and headers: in a target file) for a gateway in front of the server: they
// reach the server on every request, the run conforms through a gateway that demands them, and their
// values appear nowhere in what the suite prints or writes, even when the server echoes them back.
import { createServer, request, type Server } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createReferenceServer, type ReferenceServer } from '../../reference/index.js';
import { runCli, tempDir } from '../support/cli.js';

const KEY = 'gw-key-7f3a9c';

/** A gateway on 127.0.0.1 that answers 401 without X-Api-Key: KEY, else forwards to the reference and echoes the key back. */
async function gateway(upstream: ReferenceServer): Promise<{ url: string; seen: { missing: number; forwarded: number }; close(): Promise<void> }> {
  const up = new URL(upstream.url);
  const seen = { missing: 0, forwarded: 0 };
  const server: Server = createServer((req, res) => {
    if (req.headers['x-api-key'] !== KEY) {
      seen.missing++;
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"gateway: missing API key"}');
      return;
    }
    seen.forwarded++;
    const out = request({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-echo-api-key': KEY });
      answer.pipe(res);
    });
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}${up.pathname}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

test('through a gateway that demands a key: --header makes the run conform, and the key is printed and written nowhere', async () => {
  const reference = await createReferenceServer();
  const gw = await gateway(reference);
  const dir = tempDir();
  try {
    const report = join(dir.path, 'report.json');
    const run = await runCli(['--url', gw.url, '--header', `X-Api-Key: ${KEY}`, '--grep', '^(sig|prec)\\.', '--reporter', 'console', '--reporter', `json:${report}`, '--reporter', `junit:${join(dir.path, 'junit.xml')}`]);
    assert.is(run.code, 0, run.stdout + run.stderr);
    assert.is(gw.seen.missing, 0);
    assert.ok(gw.seen.forwarded > 20);
    for (const text of [run.stdout, run.stderr, readFileSync(report, 'utf8'), readFileSync(join(dir.path, 'junit.xml'), 'utf8')]) assert.not.ok(text.includes(KEY));
  } finally {
    dir.remove();
    await gw.close();
    await reference.close();
  }
});

test('the same gateway without the header: the run cannot conform (the control that the header is what got through)', async () => {
  const reference = await createReferenceServer();
  const gw = await gateway(reference);
  try {
    const run = await runCli(['--url', gw.url, '--grep', '^sig\\.']);
    assert.is.not(run.code, 0);
    assert.ok(gw.seen.missing > 0);
    assert.is(gw.seen.forwarded, 0);
  } finally {
    await gw.close();
    await reference.close();
  }
});

test('headers: in a target file, with a value from the environment; a failing request shows no key in its exchange or curl line', async () => {
  // The reference behind the gateway, but the run asks for the other signature mode, so scenarios fail
  // and their exchanges (with the echoed key) are printed.
  const reference = await createReferenceServer();
  const gw = await gateway(reference);
  const dir = tempDir();
  try {
    const file = join(dir.path, 'target.yaml');
    writeFileSync(file, `url: ${gw.url}\nrequire_signature: true\nheaders:\n  X-Api-Key: { env: GATEWAY_KEY }\n`);
    const run = await runCli(['--target', file, '--grep', '^sig\\.'], { env: { GATEWAY_KEY: KEY } });
    assert.is(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /FAIL/);
    assert.match(run.stdout, /x-echo-api-key/i);
    assert.not.ok(run.stdout.includes(KEY));
    assert.is(gw.seen.missing, 0);
  } finally {
    dir.remove();
    await gw.close();
    await reference.close();
  }
});

test('usage errors: a header the scenarios set themselves, a line without a colon, an unset environment variable', async () => {
  const dir = tempDir();
  try {
    const reserved = await runCli(['--url', 'http://127.0.0.1:1/api/auth', '--header', 'Authorization: Basic abc']);
    assert.is(reserved.code, 2);
    assert.match(reserved.stderr, /Authorization cannot be an extra header, because the scenarios set it themselves/);
    assert.not.ok(reserved.stderr.includes('Basic abc'));
    const noColon = await runCli(['--url', 'http://127.0.0.1:1/api/auth', '--header', 'X-Api-Key']);
    assert.is(noColon.code, 2);
    assert.match(noColon.stderr, /is not a header line; give it as 'Name: value'/);
    const file = join(dir.path, 'target.yaml');
    writeFileSync(file, 'url: http://127.0.0.1:1/api/auth\nheaders:\n  X-Api-Key: { env: NOT_SET_ANYWHERE_42 }\n');
    const unset = await runCli(['--target', file]);
    assert.is(unset.code, 2);
    assert.match(unset.stderr, /target\.yaml:3:\d+.*NOT_SET_ANYWHERE_42, which is not set/);
  } finally {
    dir.remove();
  }
});

test.run();
