// The bundled scenarios follow the authoring rules, and each rule catches the mistake it names.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bundledFiles, bundledScenarios, registry } from './bundled.js';
import { bundleProblems, scenarioProblems, type ScenarioData } from './rules.js';

const SCHEMA_LINE = '# yaml-language-server: $schema=../../spec/scenario.schema.json';

test('every bundled file starts with the $schema comment and declares format 1.0', () => {
  const files = bundledFiles();
  assert.ok(files.length >= 11, `expected the topic files, found ${files.length}`);
  for (const f of files) {
    assert.is(f.text.split('\n')[0], SCHEMA_LINE, `${f.path}: first line`);
    assert.is(f.data.format, '1.0', `${f.path}: format`);
  }
});

test('the bundled scenarios break no authoring rule', () => {
  const problems = bundleProblems(bundledScenarios(), registry());
  assert.equal(problems, [], problems.join('\n'));
});

test('every MUST and SHOULD of the registry is judged by a bundled scenario', () => {
  const judged = new Set(bundledScenarios().flatMap((s) => s.requirements));
  const wanted = registry().filter((r) => !r.withdrawn && (r.level === 'MUST' || r.level === 'SHOULD'));
  assert.ok(wanted.length > 30, 'the registry holds the requirements');
  assert.equal(wanted.map((r) => r.id).filter((id) => !judged.has(id)), []);
});

test('both require_signature profiles have scenarios of their own', () => {
  const byMode = (v: boolean) => bundledScenarios().filter((s) => s.needs?.require_signature === v).map((s) => s.id);
  assert.ok(byMode(true).some((id) => id.startsWith('sig.unsigned.ignored')), byMode(true).join(', '));
  assert.ok(byMode(false).some((id) => id.startsWith('sig.unsigned.accepted')), byMode(false).join(', '));
});

// --- each rule can fail -------------------------------------------------------------------------

function scenario(overrides: Partial<ScenarioData> = {}): ScenarioData {
  return {
    id: 'x.sample',
    title: 'A tampered token does not authenticate',
    requirements: ['BEARER-SIG-4'],
    actors: ['alice'],
    steps: [
      {
        name: 'control',
        control: true,
        requirements: ['BEARER-SIG-1'],
        request: { method: 'GET', path: '/get-session', bearer: '${alice.signed}' },
        expect: { status: 200, session_of: 'alice' },
      },
      {
        name: 'tampered',
        request: { method: 'GET', path: '/get-session', bearer: '${alice.signed | tamper}' },
        expect: { status: 200, body_null: true },
      },
    ],
    ...overrides,
  };
}

test('a well-formed sample passes the scenario rules', () => {
  assert.equal(scenarioProblems(scenario()), []);
});

test('a rejection without an earlier control is reported', () => {
  const s = scenario();
  const problems = scenarioProblems({ ...s, steps: [s.steps[1]!, s.steps[0]!] });
  assert.ok(problems.some((p) => p.includes('no earlier control')), problems.join('\n'));
});

test('a control attributed to the negative requirement is reported', () => {
  const s = scenario();
  const control = { ...s.steps[0]!, requirements: ['BEARER-SIG-4'] };
  const problems = scenarioProblems({ ...s, steps: [control, s.steps[1]!] });
  assert.ok(problems.some((p) => p.includes('which the rejection steps judge')), problems.join('\n'));
});

test('a control without requirements of its own is reported', () => {
  const s = scenario();
  const { requirements: _dropped, ...control } = s.steps[0]!;
  const problems = scenarioProblems({ ...s, steps: [control, s.steps[1]!] });
  assert.ok(problems.some((p) => p.includes('names no requirements of its own')), problems.join('\n'));
});

test('a positive get-session without identity is reported', () => {
  const s = scenario();
  const anonymous = { ...s.steps[0]!, control: false, expect: { status: 200 } };
  const problems = scenarioProblems({ ...s, requirements: ['BEARER-SIG-1'], steps: [anonymous] });
  assert.ok(problems.some((p) => p.includes('without naming whose')), problems.join('\n'));
});

test('a modal verb in a title is reported', () => {
  const problems = scenarioProblems(scenario({ title: 'A tampered token should not authenticate' }));
  assert.ok(problems.some((p) => p.includes('modal verb')), problems.join('\n'));
});

test('a variable of an undeclared actor or a later capture is reported', () => {
  const s = scenario();
  const bad = { ...s.steps[1]!, request: { method: 'GET', path: '/get-session', bearer: '${bob.signed}.${sid}' } };
  const problems = scenarioProblems({ ...s, steps: [s.steps[0]!, bad] });
  assert.ok(problems.some((p) => p.includes('${bob.signed}')), problems.join('\n'));
  assert.ok(problems.some((p) => p.includes('${sid}')), problems.join('\n'));
});

test('an uncovered requirement and a missing profile are reported', () => {
  const problems = bundleProblems([scenario()], [
    { id: 'BEARER-SIG-1', level: 'MUST' },
    { id: 'BEARER-SIG-4', level: 'MUST' },
    { id: 'BEARER-X-1', level: 'SHOULD' },
  ]);
  assert.ok(problems.some((p) => p.startsWith('BEARER-X-1')), problems.join('\n'));
  assert.ok(problems.some((p) => p.includes('require_signature: true')), problems.join('\n'));
  assert.ok(problems.some((p) => p.includes('require_signature: false')), problems.join('\n'));
  // Cited only by a control step: named, but not judged by any scenario.
  assert.ok(problems.some((p) => p.startsWith('BEARER-SIG-1')), problems.join('\n'));
  assert.not.ok(problems.some((p) => p.startsWith('BEARER-SIG-4')), problems.join('\n'));
});

test.run();
