// Request construction (field-line order, default Origin, cookie convenience, bodies), the wire as
// the server sees it, curl reproduction, and the skip plan.
import { execFile, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createClient, fieldValues, listMembers, toCurl, TransportError } from '../../conformance/engine/http.js';
import { buildRequest } from '../../conformance/engine/request.js';
import type { Target } from '../../conformance/model/target.js';
import { planScenario, unmetNeeds } from '../../conformance/plan/needs.js';
import type { Scope } from '../../conformance/suite/template.js';

const target: Target = { name: 't', url: 'http://127.0.0.1:9/api/auth/', requireSignature: false, origin: 'http://localhost:3000' };
const scope: Scope = { lookup: (v) => ({ 'alice.signed': 'tok.a+b/c=', sid: 's 1' })[v] };
const COOKIE = 'better-auth.session_token';

test('a declared client sends exactly its own lines: browser, node-fetch, native', () => {
  const lines = (client: 'browser' | 'node-fetch' | 'native', method: 'GET' | 'POST' = 'GET', headers?: [string, string][]) =>
    buildRequest({ method, path: '/get-session', bearer: '${alice.signed}', client, ...(headers ? { headers } : {}) }, scope, target, COOKIE).headers;
  // A browser sends Origin on every method; 127.0.0.1 and localhost are different sites.
  assert.equal(lines('browser'), [
    ['origin', 'http://localhost:3000'],
    ['authorization', 'Bearer tok.a+b/c='],
    ['sec-fetch-mode', 'cors'],
    ['sec-fetch-site', 'cross-site'],
    ['sec-fetch-dest', 'empty'],
  ]);
  assert.equal(lines('node-fetch', 'POST'), [
    ['authorization', 'Bearer tok.a+b/c='],
    ['accept', '*/*'],
    ['accept-language', '*'],
    ['sec-fetch-mode', 'cors'],
    ['user-agent', 'node'],
  ]);
  assert.equal(lines('native', 'POST'), [['authorization', 'Bearer tok.a+b/c=']]);
  // `headers` overrides a client line of the same name instead of repeating it
  assert.equal(lines('browser', 'GET', [['Sec-Fetch-Site', 'same-site']]).slice(2), [['sec-fetch-mode', 'cors'], ['sec-fetch-dest', 'empty'], ['Sec-Fetch-Site', 'same-site']]);
  const sameSite = buildRequest({ method: 'GET', path: '/get-session', client: 'browser' }, scope, { ...target, url: 'http://localhost:4000/api/auth' }, COOKIE);
  assert.equal(sameSite.headers.find(([n]) => n === 'sec-fetch-site'), ['sec-fetch-site', 'same-site']);
});

test('field lines go out as origin, authorization, cookie, content-type, then headers verbatim', () => {
  const req = buildRequest(
    { method: 'POST', path: '/sign-out', bearer: '${alice.signed}', cookie: '${alice.signed}', json: { id: '${sid}' }, headers: [['X-Odd', ' spaced '], ['authorization', 'Basic x']] },
    scope,
    target,
    COOKIE,
  );
  assert.equal(req, {
    method: 'POST',
    url: 'http://127.0.0.1:9/api/auth/sign-out',
    headers: [
      ['origin', 'http://localhost:3000'],
      ['authorization', 'Bearer tok.a+b/c='],
      ['cookie', 'better-auth.session_token=tok.a%2Bb%2Fc%3D'],
      ['content-type', 'application/json'],
      ['X-Odd', ' spaced '],
      ['authorization', 'Basic x'],
    ],
    body: '{"id":"s 1"}',
  });
});

test('Origin: default on unsafe methods only, explicit template, false, or given in headers', () => {
  const origin = (r: ReturnType<typeof buildRequest>) => fieldValues(r.headers, 'origin');
  assert.equal(origin(buildRequest({ method: 'GET', path: '/get-session' }, scope, target, COOKIE)), []);
  assert.equal(origin(buildRequest({ method: 'OPTIONS', path: '/get-session' }, scope, target, COOKIE)), []);
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
    assert.equal(origin(buildRequest({ method, path: '/x' }, scope, target, COOKIE)), ['http://localhost:3000']);
  }
  assert.equal(origin(buildRequest({ method: 'POST', path: '/x', origin: false }, scope, target, COOKIE)), []);
  assert.equal(origin(buildRequest({ method: 'GET', path: '/x', origin: 'https://evil.test' }, scope, target, COOKIE)), ['https://evil.test']);
  assert.equal(origin(buildRequest({ method: 'POST', path: '/x', headers: [['Origin', 'null']] }, scope, target, COOKIE)), ['null']);
});

test('raw body, json content-type given by headers, absolute url', () => {
  const raw = buildRequest({ method: 'POST', path: '/x', body: 'a=${sid}' }, scope, target, COOKIE);
  assert.is(raw.body, 'a=s 1');
  assert.equal(fieldValues(raw.headers, 'content-type'), []);
  const typed = buildRequest({ method: 'POST', path: '/x', json: [1], headers: [['Content-Type', 'text/plain']] }, scope, target, COOKIE);
  assert.equal(fieldValues(typed.headers, 'content-type'), ['text/plain']);
  assert.is(typed.body, '[1]');
  const abs = buildRequest({ method: 'GET', url: 'http://127.0.0.1:9/schema?x=${sid | percent_encode}' }, scope, target, COOKIE);
  assert.is(abs.url, 'http://127.0.0.1:9/schema?x=s%201');
  assert.is(abs.body, undefined);
});

test('what the server receives is what the exchange records; raw response lines keep order and repeats', async () => {
  let seen: string[] = [];
  const server = createServer((req, res) => {
    seen = req.rawHeaders;
    res.setHeader('Set-Cookie', ['a=1', 'b=2']);
    res.setHeader('X-Mixed-Case', 'v');
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const client = createClient({ timeoutMs: 2000 });
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/p`;
    const res = await client.send({ method: 'GET', url, headers: [['AuThOrIzAtIoN', 'bEaReR x'], ['authorization', 'Bearer y'], ['x-utf8', 'é']] });
    const sent = seen.slice(seen.indexOf('AuThOrIzAtIoN'));
    // UTF-8 bytes on the wire, read back by node as latin1
    assert.equal(sent, ['AuThOrIzAtIoN', 'bEaReR x', 'authorization', 'Bearer y', 'x-utf8', Buffer.from('é', 'utf8').toString('latin1')]);
    assert.is(res.status, 200);
    assert.is(res.body, 'ok');
    assert.equal(res.headers.slice(0, 3), [['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2'], ['X-Mixed-Case', 'v']]);
    assert.equal(fieldValues(res.headers, 'set-cookie'), ['a=1', 'b=2']);
  } finally {
    await client.close();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('redirects are not followed and a request the client cannot send is a transport error', async () => {
  const server = createServer((_req, res) => {
    res.writeHead(302, { location: '/elsewhere' });
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const client = createClient({ timeoutMs: 2000 });
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/p`;
    const res = await client.send({ method: 'GET', url, headers: [] });
    assert.is(res.status, 302);
    assert.equal(fieldValues(res.headers, 'location'), ['/elsewhere']);
    const err = await client.send({ method: 'GET', url, headers: [['x-split', 'a\r\nx-injected: 1']] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.instance(err, TransportError);
    assert.is((err as TransportError).kind, 'invalid-request');
  } finally {
    await client.close();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('bytes that are not an HTTP/1.x response are a not-http transport error that says so, with the parser message', async () => {
  // A TLS ClientHello-like reply, a status line followed by a broken field line, and a version HTTP/1 parsers do not know.
  const replies = [
    Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x0d, 0x0a, 0x0d, 0x0a]),
    Buffer.from('HTTP/1.1 200 OK\r\nbad header line\r\n\r\n'),
    Buffer.from('HTTP/1.2 200 OK\r\ncontent-length: 4\r\n\r\nnull'),
    Buffer.from('HTTP/3.0 200 OK\r\ncontent-length: 4\r\n\r\nnull'),
  ];
  for (const reply of replies) {
    const server = createNetServer((socket) => socket.once('data', () => socket.end(reply)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const client = createClient({ timeoutMs: 2000 });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/auth/get-session`;
      const err = await client.send({ method: 'GET', url, headers: [] }).then(() => undefined, (e: unknown) => e);
      assert.instance(err, TransportError);
      assert.is((err as TransportError).kind, 'not-http');
      assert.match((err as Error).message, new RegExp(`^GET ${url.replace(/[.]/g, '\\.')}: the target answered bytes that are not an HTTP/1\\.0 or HTTP/1\\.1 response \\(Response does not match the HTTP/1\\.1 protocol \\(.+\\)\\)$`));
    } finally {
      await client.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  }
});

test('issue 18: HTTP/1.0 and HTTP/1.1 answers are answers, judged alike (INTERPRETING.md section 9)', async () => {
  for (const version of ['HTTP/1.0', 'HTTP/1.1']) {
    const server = createNetServer((socket) => socket.once('data', () => socket.end(`${version} 200 OK\r\ncontent-type: application/json\r\ncontent-length: 4\r\nconnection: close\r\n\r\nnull`)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const client = createClient({ timeoutMs: 2000 });
    try {
      const res = await client.send({ method: 'GET', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/auth/get-session`, headers: [] });
      assert.is(res.status, 200, version);
      assert.is(res.body, 'null', version);
    } finally {
      await client.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  }
});

test('listMembers joins all field lines of a list header', () => {
  assert.equal(listMembers([['A', 'x, y'], ['b', 'z'], ['a', ' , w ']], 'a'), ['x', 'y', 'w']);
});

test('toCurl reproduces the request for a POSIX shell', () => {
  assert.is(
    toCurl({ method: 'POST', url: 'http://127.0.0.1:1/api/auth/sign-out', headers: [['authorization', "Bearer it's"], ['x-empty', '']], body: '{"a":1}' }),
    `curl -sS -i -g --path-as-is -X POST -H 'User-Agent:' -H 'Accept:' -H 'Content-Type:' -H 'authorization: Bearer it'\\''s' -H 'x-empty;' --data-raw '{"a":1}' 'http://127.0.0.1:1/api/auth/sign-out'`,
  );
  assert.is(toCurl({ method: 'GET', url: 'http://h/x', headers: [['accept', '*/*']] }), `curl -sS -i -g --path-as-is -H 'User-Agent:' -H 'accept: */*' 'http://h/x'`);
  assert.is(toCurl({ method: 'HEAD', url: 'http://h/x', headers: [] }), `curl -sS -i -g --path-as-is --head -H 'User-Agent:' -H 'Accept:' 'http://h/x'`);
  // A secret in the request becomes the shell variable, outside the single quotes so the shell expands it.
  assert.is(
    toCurl({ method: 'GET', url: 'http://h/x', headers: [['x-echo', 'a-SECRET-b']] }, { secrets: ['SECRET'] }),
    `curl -sS -i -g --path-as-is -H 'User-Agent:' -H 'Accept:' -H 'x-echo: a-'"$BEARER_CONFORMANCE_SECRET"'-b' 'http://h/x'`,
  );
});

test('the curl command, run by a shell, sends exactly the recorded request', async () => {
  if (spawnSync('curl', ['--version']).status !== 0) return void console.log('  (curl is not installed: replay not checked)');
  const seen: { method: string; url: string; rawHeaders: string[]; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (c: string) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, rawHeaders: req.rawHeaders, body });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const { port } = server.address() as AddressInfo;
    const hostile = `it's "quoted" $HOME \`id\` ; | & ! {a,b} [1-2] *`;
    const req = {
      method: 'POST',
      url: `http://127.0.0.1:${port}/api/auth/a/../sign-out?x={1,2}&y=[0]`,
      headers: [['authorization', `Bearer ${hostile}`], ['X-Dup', 'one'], ['x-dup', 'two'], ['cookie', 'a=SECRETVALUE']] as [string, string][],
      body: `{"v":"${hostile}"}`,
    };
    const command = toCurl(req, { secrets: ['SECRETVALUE'] });
    assert.not.ok(command.includes('SECRETVALUE'));
    // Asynchronously: the server answering curl lives in this process.
    await promisify(execFile)('sh', ['-c', command], { env: { PATH: process.env.PATH, HOME: '/nowhere', BEARER_CONFORMANCE_SECRET: 'SECRETVALUE' } });
    const got = seen[0]!;
    assert.is(got.method, 'POST');
    assert.is(got.url, '/api/auth/a/../sign-out?x={1,2}&y=[0]');
    assert.is(got.body, req.body);
    const pairs: [string, string][] = [];
    for (let i = 0; i < got.rawHeaders.length; i += 2) pairs.push([got.rawHeaders[i]!, got.rawHeaders[i + 1]!]);
    // Everything the runner sent, in order; curl adds only what the transport needs.
    const sent = pairs.filter(([n]) => !['host', 'content-length'].includes(n.toLowerCase()));
    assert.equal(sent, req.headers);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('the plan skips a scenario with every unmet need named', () => {
  assert.equal(planScenario(target, {}), { run: true });
  assert.equal(planScenario(target, { needs: { require_signature: false } }), { run: true });
  const plan = planScenario(target, { needs: { require_signature: true, secret: true, schema_url: true, exposed_headers: true } });
  assert.is(plan.run, false);
  assert.equal(unmetNeeds(target, { require_signature: true, secret: true, schema_url: true, exposed_headers: true }).length, 4);
  if (!plan.run) assert.match(plan.reason, /^Skipped: it needs a target with require_signature true, and this target declares false; it needs the target's secret/);
  const full: Target = { ...target, secret: 's', schemaUrl: 'http://x/schema', exposedHeaders: ['X-Request-Id'], requireSignature: true };
  assert.equal(planScenario(full, { needs: { require_signature: true, secret: true, schema_url: true, exposed_headers: true } }), { run: true });
});

test.run();
