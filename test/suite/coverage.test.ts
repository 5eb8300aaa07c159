// The requirement-coverage check: over the bundled scenarios (every MUST and SHOULD covered, both
// profiles, controls for rejections) and over fixtures that break each rule.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fixture } from '../support/cli.js';
import type { Requirement } from '../../conformance/model/requirements.js';
import { checkCoverage, expectsRejection } from '../../conformance/suite/coverage.js';
import { loadSuite } from '../../conformance/suite/load.js';
import { loadRegistry } from '../../conformance/suite/registry.js';

const req = (id: string, level: Requirement['level'], extra: Partial<Requirement> = {}): Requirement => ({ id, level, section: 'SIG', title: id, text: '', ...extra });
const registry: Requirement[] = [
  req('BEARER-SIG-1', 'MUST'),
  req('BEARER-SIG-2', 'MUST'),
  req('BEARER-SIG-3', 'SHOULD'),
  req('BEARER-SIG-4', 'MAY'),
  req('BEARER-SIG-5', 'MUST', { withdrawn: true }),
];

test('the bundled scenarios cover every MUST and SHOULD, exercise both profiles and control every rejection', async () => {
  const [scenarios, real] = await Promise.all([loadSuite(), loadRegistry()]);
  assert.ok(scenarios.length > 20, `only ${scenarios.length} bundled scenarios`);
  const problems = checkCoverage(scenarios, real.requirements);
  assert.equal(problems.map((p) => p.message), []);
});

test('a fixture suite that follows the rules has no problem; MAY and withdrawn requirements need no scenario', async () => {
  const scenarios = await loadSuite(fixture('coverage-good.yaml'));
  assert.is(scenarios.length, 3);
  assert.equal(checkCoverage(scenarios, registry), []);
});

test('each broken rule is named, with the scenario and its file', async () => {
  const scenarios = await loadSuite(fixture('coverage-bad.yaml'));
  const problems = checkCoverage(scenarios, registry);
  const kinds = problems.map((p) => `${p.kind} ${p.scenario ?? '-'}`);
  assert.equal(kinds.sort(), [
    'missing-control fx.control-rejects',
    'missing-control fx.no-control',
    'profile-not-exercised -',
    'uncovered-requirement -',
  ]);
  const uncovered = problems.find((p) => p.kind === 'uncovered-requirement')!;
  assert.match(uncovered.message, /^BEARER-SIG-2 \(MUST: BEARER-SIG-2\) is cited by no scenario; add a scenario/);
  assert.match(problems.find((p) => p.kind === 'profile-not-exercised')!.message, /require_signature: false/);
  const noControl = problems.find((p) => p.scenario === 'fx.no-control')!;
  assert.match(noControl.message, /expects a rejection \(step "list-sessions with alice's raw token"\) but has no control: true step/);
  assert.match(noControl.file!, /coverage-bad\.yaml$/);
  assert.is(noControl.line, 4);
});

test('requirement IDs unknown to the registry are reported', () => {
  const problems = checkCoverage(
    [
      { id: 'a.b', requirements: ['BEARER-SIG-1', 'BEARER-NOPE-1'], needs: { require_signature: true }, steps: [{ name: 's' }] },
      { id: 'a.c', requirements: ['BEARER-SIG-2', 'BEARER-SIG-3'], needs: { require_signature: false }, steps: [{ name: 's' }] },
    ],
    registry,
  );
  assert.equal(problems.map((p) => p.kind), ['unknown-requirement']);
  assert.match(problems[0]!.message, /BEARER-NOPE-1/);
});

test('what counts as a rejection', () => {
  assert.ok(expectsRejection({ name: 'x', expect: { body_null: true } }));
  assert.ok(expectsRejection({ name: 'x', expect: { status: 401 } }));
  assert.ok(expectsRejection({ name: 'x', expect: { status: [401, 403] } }));
  assert.not.ok(expectsRejection({ name: 'x', expect: { status: [200, 401] } }));
  assert.not.ok(expectsRejection({ name: 'x', expect: { status: 200, session_of: 'alice' } }));
  assert.not.ok(expectsRejection({ name: 'x' }));
});

test.run();
