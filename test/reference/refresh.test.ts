// Issue 18: a server that refreshes sessions is conforming. The reference refreshes a session on
// get-session once it is `sessionUpdateAge` seconds old (setting the cookie again, with set-auth-token);
// the whole bundled suite passes against it with a refresh on every request (0) and with a short
// update age (1 s, so some scenarios see a refresh and others do not).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runTarget } from '../../conformance/engine/run.js';
import { failuresOf } from '../../conformance/model/result.js';
import { DEFAULT_ORIGIN } from '../../conformance/model/target.js';
import { loadScenarios, type LoadedScenario } from '../../conformance/suite/load.js';
import { parseScenarioText } from '../../conformance/suite/parse.js';
import { packageFile } from '../../conformance/suite/spec-files.js';
import { createReferenceServer } from '../../reference/index.js';

const SECRET = 'refresh-test-secret-0123456789abcdef';

for (const sessionUpdateAge of [0, 1]) {
  test(`the bundled suite passes against the reference with session update age ${sessionUpdateAge} s`, async () => {
    const { scenarios, errors } = await loadScenarios([packageFile('conformance/scenarios')]);
    assert.equal(errors, []);
    for (const requireSignature of [false, true]) {
      const server = await createReferenceServer({ port: 0, host: '127.0.0.1', secret: SECRET, requireSignature, sessionUpdateAge, passwordHashCost: 16 });
      try {
        const results = await runTarget(
          { name: `update-age-${sessionUpdateAge}`, url: server.url, requireSignature, secret: SECRET, origin: DEFAULT_ORIGIN, schemaUrl: server.schemaUrl, profiles: ['better-auth'], sessionUpdateAge },
          scenarios,
          { concurrency: 8 },
        );
        const failures = results.flatMap((r) => failuresOf(r).map((f) => `${r.id}: ${f.requirements.join(', ')}: ${f.message}`));
        assert.equal(failures, [], `require_signature ${requireSignature}`);
        assert.equal(results.filter((r) => r.status === 'error').map((r) => r.id), []);
        // The refresh scenarios ran (the target declares its update age) and passed.
        assert.equal(results.filter((r) => r.id.startsWith('refresh.')).map((r) => r.status), ['pass', 'pass', 'pass']);
      } finally {
        await server.close();
      }
    }
  });
}

// The 1.0 wording of two scenarios, which assumed that no refresh is ever due.
const OLD = `format: "1.0"
scenarios:
  - id: old.prec-3
    title: 1.0 wording
    requirements: [BEARER-PREC-3]
    actors: [alice]
    steps:
      - name: alice's cookie and a garbage bearer
        request: { method: GET, path: /get-session, cookie: "\${alice.signed}", bearer: "garbage" }
        expect: { status: 200, session_of: alice, cookies: [{ name: session, untouched: true }] }
  - id: old.emit-3
    title: 1.0 wording
    requirements: [BEARER-EMIT-3]
    actors: [alice]
    steps:
      - name: get-session with alice's cookie
        request: { method: GET, path: /get-session, cookie: "\${alice.signed}" }
        expect: { status: 200, session_of: alice, headers: [{ name: set-auth-token, absent: true }] }
`;

test('the 1.0 scenarios failed PREC-3 and EMIT-3 on a refresh that sets a live cookie and set-auth-token', async () => {
  const { scenarios, errors } = parseScenarioText(OLD, 'old.yaml');
  assert.equal(errors, []);
  const server = await createReferenceServer({ port: 0, host: '127.0.0.1', secret: SECRET, sessionUpdateAge: 0, passwordHashCost: 16 });
  try {
    const results = await runTarget({ name: 'old', url: server.url, requireSignature: false, secret: SECRET, origin: DEFAULT_ORIGIN }, scenarios as LoadedScenario[]);
    assert.equal(results.map((r) => [r.id, failuresOf(r).flatMap((f) => f.requirements)]), [['old.prec-3', ['BEARER-PREC-3']], ['old.emit-3', ['BEARER-EMIT-3']]]);
  } finally {
    await server.close();
  }
});

test.run();
