// Non-browser clients as they really are: what Node's own fetch sends (measured with a capture
// server), and better-auth's official client (better-auth/client) running the documented
// non-browser flow: against the reference in both signature modes, and against better-auth itself.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NODE_FETCH_HEADERS } from '../../conformance/engine/clients.js';
import { startCaptureServer } from '../../fixtures/clients/capture.js';
import { runOfficialClientFlow, type ClientStep } from '../../fixtures/clients/official-client.js';
import { startBetterAuthTarget } from '../../fixtures/targets/better-auth/server.js';
import { createReferenceServer } from '../../reference/index.js';

const PASSWORD = 'official-client-password';

// What the transport adds (host, connection, content-length), the body's content-type, and
// accept-encoding, which the runner leaves out because it does not decompress.
const NOT_THE_CLIENTS_OWN = ['host', 'connection', 'content-length', 'content-type', 'accept-encoding'];

test("Node's fetch sends Sec-Fetch-Mode: cors and no Origin, on GET and on a JSON POST: the runner's node-fetch client", async () => {
  const capture = await startCaptureServer();
  try {
    await (await fetch(`${capture.url}/get`)).text();
    await (await fetch(`${capture.url}/post`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', credentials: 'include' })).text();
    for (const request of capture.requests) {
      const names = request.headers.map(([n]) => n);
      const value = (name: string) => request.headers.find(([n]) => n === name)?.[1];
      assert.is(value('sec-fetch-mode'), 'cors', `${request.method} ${request.path}: ${JSON.stringify(request.headers)}`);
      assert.not.ok(names.includes('origin'), `${request.method} ${request.path} carried Origin`);
      assert.not.ok(names.some((n) => n === 'sec-fetch-site' || n === 'sec-fetch-dest'), `${request.method} ${request.path}: ${JSON.stringify(names)}`);
      assert.is(value('accept-encoding'), 'gzip, deflate');
      assert.equal(request.headers.filter(([n]) => !NOT_THE_CLIENTS_OWN.includes(n)), NODE_FETCH_HEADERS.map(([n, v]) => [n, v]));
    }
    assert.is(capture.requests.length, 2);
  } finally {
    await capture.close();
  }
});

/** The steps of a flow that worked end to end for `email`. */
function workingFlow(email: string): ClientStep[] {
  return [
    { step: 'sign-up', ok: true, email },
    { step: 'sign-in', ok: true, email },
    { step: 'get-session', ok: true, email },
    { step: 'list-sessions', ok: true, sessions: 2 },
    { step: 'sign-out', ok: true },
    { step: 'get-session after sign-out', ok: true },
  ];
}

for (const requireSignature of [false, true]) {
  test(`the official client's bearer flow works against the reference (require_signature ${requireSignature})`, async () => {
    const server = await createReferenceServer({ port: 0, host: '127.0.0.1', requireSignature });
    try {
      const email = `official-${requireSignature ? 'signed' : 'permissive'}@example.com`;
      assert.equal(await runOfficialClientFlow(server.url, email, PASSWORD), workingFlow(email));
    } finally {
      await server.close();
    }
  });
}

test('against better-auth 1.7.25 the official client cannot sign up from Node: Sec-Fetch-Mode without Origin is refused', async () => {
  const target = await startBetterAuthTarget({ port: 0 });
  try {
    const steps = await runOfficialClientFlow(target.url, 'official-better-auth@example.com', PASSWORD);
    assert.equal(steps.slice(0, 2), [
      { step: 'sign-up', ok: false, error: '403 MISSING_OR_NULL_ORIGIN' },
      { step: 'sign-in', ok: false, error: '403 MISSING_OR_NULL_ORIGIN' },
    ]);
  } finally {
    await target.close();
  }
});

test.run();
