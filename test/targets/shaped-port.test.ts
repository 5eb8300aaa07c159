// Issue 11, symptom 1: a port shaped differently from better-auth (fixtures/targets/shaped-port) is
// observed through its shapes. The whole bundled suite runs against it with its expectations file: it
// fails exactly the requirements whose rules it breaks, and nothing is inconclusive but what its own
// SURF-1 failure hides (runner contract 1.3: partial evidence is never a pass).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { run } from '../../conformance/index.js';
import { packageFile } from '../../conformance/suite/spec-files.js';
import { startShapedPort } from '../../fixtures/targets/shaped-port/server.js';

const SECRET = 'shaped-port-test-secret';
const ORIGIN = 'http://localhost:3000';

test('the shaped port fails exactly SURF-1, SURF-3, SURF-7 and IGN-1, matches its expectations, and leaves inconclusive only what its SURF-1 failure hides', async () => {
  const port = await startShapedPort({ secret: SECRET, trustedOrigins: [ORIGIN], exposeHeaders: ['X-Request-Id'] });
  try {
    const report = await run({
      url: port.url,
      secret: SECRET,
      origin: ORIGIN,
      exposeHeaders: ['X-Request-Id'],
      expectations: packageFile('fixtures/expectations/shaped-port.yaml'),
    });
    const gate = report.expectations!;
    assert.equal(gate.unexpected, [], 'no unexpected result');
    assert.equal(gate.unused, [], 'no unused entry');
    const by = (verdict: string) => report.requirements.filter((r) => r.verdict === verdict).map((r) => r.id);
    assert.equal(by('fail'), ['BEARER-SURF-1', 'BEARER-SURF-3', 'BEARER-SURF-7', 'BEARER-IGN-1']);
    // surf.sign-up.signs-in stops on the missing body token (SURF-1) before it can compare the cookie
    // with that token, so SURF-6 rests on two of its three scenarios: partial evidence, not a pass.
    assert.equal(by('inconclusive'), ['BEARER-SURF-6']);
    const surf6 = report.requirements.find((r) => r.id === 'BEARER-SURF-6')!;
    assert.equal(surf6.reasons, [
      'partial evidence: it held in 2 of 3 scenarios judging it (surf.sign-in.cookie-percent-encoded, surf.sign-in.cookie-carries-token), and the others could not judge it',
      'stopped on BEARER-SURF-1 before judging it (surf.sign-up.signs-in)',
    ]);
    // Not one scenario stopped while setting up its actors.
    assert.equal(report.results.filter((r) => r.failures.some((f) => f.step === -1)).map((r) => r.id), []);
    // The port's own bugs were reached and charged where they belong: its 500 to a signed token with
    // non-ASCII characters appended once, to BEARER-IGN-1 (one response, one failure; 18.2), and the
    // invalid signature it did not authenticate credits BEARER-SIG-4.
    const nonAscii = report.results.find((r) => r.id === 'ign.get-session.non-ascii-signed')!;
    assert.equal(nonAscii.failures.map((f) => f.requirements), [['BEARER-IGN-1']]);
    assert.ok(nonAscii.passed.includes('BEARER-SIG-4'));
  } finally {
    await port.close();
  }
});

test.run();
