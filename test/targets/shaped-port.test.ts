// Issue 11, symptom 1: a port shaped differently from better-auth (fixtures/targets/shaped-port) is
// observed through its shapes. The whole bundled suite runs against it with its expectations file: it
// fails exactly the requirements whose rules it breaks, and nothing is inconclusive.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { run } from '../../conformance/index.js';
import { packageFile } from '../../conformance/suite/spec-files.js';
import { startShapedPort } from '../../fixtures/targets/shaped-port/server.js';

const SECRET = 'shaped-port-test-secret';
const ORIGIN = 'http://localhost:3000';

test('the shaped port fails exactly SURF-1, SURF-3, SURF-7 and IGN-1, matches its expectations, and leaves nothing inconclusive', async () => {
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
    assert.equal(by('inconclusive'), []);
    // Not one scenario stopped while setting up its actors.
    assert.equal(report.results.filter((r) => r.failures.some((f) => f.step === -1)).map((r) => r.id), []);
    // The port's own bugs were reached and charged where they belong.
    const nonAscii = report.results.find((r) => r.id === 'ign.get-session.non-ascii-signed')!;
    assert.equal(nonAscii.failures.map((f) => f.requirements), [['BEARER-SURF-7'], ['BEARER-IGN-1']]);
  } finally {
    await port.close();
  }
});

test.run();
