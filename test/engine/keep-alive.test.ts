// Issue 18: a keep-alive bug is blamed on the scenario that caused it, never on an unrelated one.
// Runner contract 1.3 (INTERPRETING.md section 16): no connection carries requests of two scenarios,
// so bytes a server leaves on a connection (a request body it answered without reading) can only
// reach the scenario that sent them. The server below records which connection each request came on.
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { scenariosFrom } from '../support/stubs.js';
import { runTarget } from '../../conformance/engine/run.js';
import { DEFAULT_ORIGIN } from '../../conformance/model/target.js';

/** A keep-alive HTTP/1.1 server answering `null` to everything, noting each request's connection and x-scenario. */
function startRecordingServer(): Promise<{ url: string; seen: { connection: number; scenario: string }[]; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const seen: { connection: number; scenario: string }[] = [];
  let connections = 0;
  const server = createServer((socket) => {
    const connection = ++connections;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      for (let end = buffered.indexOf('\r\n\r\n'); end >= 0; end = buffered.indexOf('\r\n\r\n')) {
        const head = buffered.slice(0, end);
        buffered = buffered.slice(end + 4);
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        buffered = buffered.slice(length);
        seen.push({ connection, scenario: /\r\nx-scenario: *(\S+)/i.exec(head)?.[1] ?? '?' });
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 4\r\n\r\nnull');
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/api/auth`,
        seen,
        close: () => {
          for (const s of sockets) s.destroy();
          return new Promise<void>((r) => server.close(() => r()));
        },
      });
    });
  });
}

const scenario = (name: string) => `
  - id: conn.${name}
    title: three requests of scenario ${name}
    requirements: [BEARER-SURF-3]
    steps:
      - { name: one, request: { method: GET, path: /get-session, headers: [[x-scenario, ${name}]] }, expect: { status: 200, body_null: true } }
      - { name: two, request: { method: POST, path: /sign-out, json: { n: 2 }, headers: [[x-scenario, ${name}]] }, expect: { status: 200 } }
      - { name: three, request: { method: GET, path: /get-session, headers: [[x-scenario, ${name}]] }, expect: { status: 200, body_null: true } }`;

test('no connection carries requests of two scenarios', async () => {
  const server = await startRecordingServer();
  try {
    const yaml = `format: "1.0"\nscenarios:${['a', 'b', 'c', 'd'].map(scenario).join('')}\n`;
    // One at a time: a shared pool would hand each scenario the idle connection of the one before.
    const results = await runTarget({ name: 'recording', url: server.url, requireSignature: false, origin: DEFAULT_ORIGIN }, await scenariosFrom(yaml), { concurrency: 1 });
    assert.equal(results.map((r) => r.status), ['pass', 'pass', 'pass', 'pass']);
    assert.is(server.seen.length, 12);
    const owner = new Map<number, string>();
    for (const { connection, scenario: name } of server.seen) {
      assert.is(owner.get(connection) ?? name, name, `connection ${connection} carried requests of ${owner.get(connection)} and ${name}`);
      owner.set(connection, name);
    }
  } finally {
    await server.close();
  }
});

test.run();
