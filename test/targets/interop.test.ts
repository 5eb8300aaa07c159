// npm run interop, in small: better-auth started in-process, a selection of the suite run through
// the runner's API with the recorded expectations. The full run in both modes is what CI calls.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { loadExpectations } from '../../conformance/plan/expectations.js';
import { packageFile } from '../../conformance/suite/spec-files.js';
import { COOKIE_PREFIX_MODE, MODES, RATE_LIMITED_MODE, renderSummary, RUNS, runMode } from '../../fixtures/targets/better-auth/interop.js';

const SIGNED_ONLY = MODES.find((m) => m.name === 'signed-only')!;

test('signed-only: the precedence scenarios match the recorded expectations, deviations and passes alike', async () => {
  const outcome = await runMode(SIGNED_ONLY, { grep: '^prec\\.(cookie-wins|junk-bearer)\\.' });
  const gate = outcome.report.expectations!;
  assert.equal(gate.unexpected, [], 'no unexpected result');
  assert.equal(gate.unused, [], 'no unused entry');
  assert.ok(outcome.ok);

  const status = new Map(outcome.report.results.map((r) => [r.id, r.status]));
  // The recorded deviations happened, on the requirement the entries name...
  for (const id of ['prec.cookie-wins.alice-cookie-bob-bearer', 'prec.cookie-wins.list-sessions', 'prec.junk-bearer.dead-token']) {
    assert.is(status.get(id), 'fail', id);
  }
  const prec1 = outcome.report.results.find((r) => r.id === 'prec.cookie-wins.alice-cookie-bob-bearer')!;
  assert.ok(prec1.failures.some((f) => f.requirements.includes('BEARER-PREC-1')), 'the cookie-wins failure is attributed to BEARER-PREC-1');
  // ...and what better-auth gets right in this mode passed: dot-less junk is refused before it can replace the cookie.
  assert.is(status.get('prec.junk-bearer.garbage'), 'pass');
  assert.is(status.get('prec.junk-bearer.unsigned-when-required'), 'pass');
  assert.is(status.get('prec.cookie-wins.unsigned-bearer'), 'skip');

  const matched = new Set(gate.matched.map((m) => m.scenario));
  assert.ok(matched.has('prec.cookie-wins.*') && matched.has('prec.junk-bearer.dead-token'), 'both entries decided results');
  const summary = renderSummary(outcome);
  assert.match(summary, /BEARER-PREC-1 +MUST +3 scenarios: prec\.cookie-wins\.alice-cookie-bob-bearer/);
  assert.match(summary, /unexpected: none/);
});

test('issue 18: better-auth with advanced.cookiePrefix, the better-auth profile undeclared, is judged on the behaviour: its cookie is found by its value and nothing new fails', async () => {
  const outcome = await runMode(COOKIE_PREFIX_MODE, { grep: '^(surf\\.(sign-up|sign-in|get-session)\\.|prec\\.cookie-wins\\.|ba\\.)' });
  const gate = outcome.report.expectations!;
  assert.equal(gate.unexpected, [], 'no unexpected result');
  assert.ok(outcome.ok);
  const results = outcome.report.results;
  // The profile's scenarios are skipped, saying how to declare it; the rest ran.
  const ba = results.filter((r) => r.id.startsWith('ba.'));
  assert.ok(ba.length > 0 && ba.every((r) => r.status === 'skip' && /--profile better-auth/.test(r.reason ?? '')));
  assert.equal(results.filter((r) => r.status === 'error').map((r) => r.id), []);
  const signIn = results.find((r) => r.id === 'surf.sign-in.cookie-percent-encoded')!;
  assert.is(signIn.status, 'pass');
  // The cookie the suite sent back is better-auth's prefixed one.
  const cookieWins = results.find((r) => r.id === 'prec.cookie-wins.alice-cookie-bob-bearer')!;
  assert.ok(cookieWins.failures.every((f) => f.exchange?.request.headers.some(([n, v]) => n === 'cookie' && v.startsWith('myapp.session_token=')) ?? true));
});

test('an expectations file without the deviation fails the gate and names the failure', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'interop-'));
  try {
    const file = join(dir, 'empty.yaml');
    await writeFile(file, 'expectations: []\n');
    const outcome = await runMode({ ...SIGNED_ONLY, expectations: file }, { grep: '^prec\\.cookie-wins\\.alice-cookie-bob-bearer$' });
    assert.not.ok(outcome.ok);
    const unexpected = outcome.report.expectations!.unexpected;
    assert.is(unexpected.length, 1);
    assert.is(unexpected[0]!.kind, 'unexpected-failure');
    assert.is(unexpected[0]!.id, 'prec.cookie-wins.alice-cookie-bob-bearer');
    assert.ok(unexpected[0]!.requirements.includes('BEARER-PREC-1'));
    const summary = renderSummary(outcome);
    assert.match(summary, /UNEXPECTED \(1\)/);
    assert.match(summary, /GET http:\/\/127\.0\.0\.1:\d+\/api\/auth\/get-session -> 200/);
    assert.match(summary, /rerun: .*--grep '\^prec\\\.cookie-wins\\\.alice-cookie-bob-bearer\$'/);
    assert.not.match(summary, /bearer-conformance-better-auth-target-secret/, 'the secret is never printed');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('every expectation file is valid for the runner, and each entry names a registered requirement, cites recorded observations and links the installed better-auth', async () => {
  const registry = parse(await readFile(packageFile('spec/requirements.yaml'), 'utf8')) as { requirements: { id: string }[] };
  const known = new Set(registry.requirements.map((r) => r.id));
  const observations = await readFile(packageFile('fixtures/targets/better-auth/OBSERVATIONS.md'), 'utf8');
  const recorded = new Set([...observations.matchAll(/^#### ([A-Z][0-9]+[a-z]?) /gm)].map((m) => m[1]!));
  const version = (JSON.parse(await readFile(packageFile('node_modules/better-auth/package.json'), 'utf8')) as { version: string }).version;
  assert.is(RUNS.length, 10, 'four storage back ends in two modes, the cookie-prefix and the rate-limited mode');
  const storageRuns = RUNS.filter((r) => r !== COOKIE_PREFIX_MODE && r !== RATE_LIMITED_MODE);
  assert.is(new Set(storageRuns.map((r) => r.expectations)).size, storageRuns.length, 'each storage run has its own expectations file');
  assert.is(COOKIE_PREFIX_MODE.expectations, MODES.find((m) => m.name === 'permissive')!.expectations, 'a cookie prefix adds no deviation');
  assert.is(RATE_LIMITED_MODE.expectations, MODES.find((m) => m.name === 'permissive')!.expectations, 'a rate limiter adds no deviation');
  for (const mode of RUNS) {
    // The runner's own reading: schema-valid, or this throws with file:line:col.
    await loadExpectations(packageFile(mode.expectations));
    const doc = parse(await readFile(packageFile(mode.expectations), 'utf8')) as { expectations: { scenario: string; status: string; reason: string; link?: string }[] };
    assert.ok(doc.expectations.length > 0, `${mode.expectations} has entries`);
    for (const e of doc.expectations) {
      const where = `${mode.expectations}: ${e.scenario}`;
      const misses = /^Misses (BEARER-[A-Z]+-\d+):/.exec(e.reason);
      assert.ok(misses && known.has(misses[1]!), `${where}: the reason starts with "Misses <registered requirement>:"`);
      const cited = /\(OBSERVATIONS ([^)]*)\)/.exec(e.reason)?.[1]?.match(/\b[A-Z][0-9]+[a-z]?\b/g) ?? [];
      assert.ok(cited.length > 0, `${where}: cites an observation`);
      for (const id of cited) assert.ok(recorded.has(id), `${where}: observation ${id} is recorded in OBSERVATIONS.md`);
      assert.match(e.link ?? '', new RegExp(`^https://unpkg\\.com/better-auth@${version.replace(/\./g, '\\.')}/dist/`), `${where}: links better-auth ${version}`);
    }
  }
});

test.run();
