// The bundled scenarios follow the authoring rules (conformance/suite/lint.ts, which `bearer-conformance
// lint` runs, and the loader's checks), and each rule catches the mistake it names.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bundledFiles, bundledScenarios, registry } from './bundled.js';
import type { ScenarioData } from './rules.js';
import type { Requirement } from '../../conformance/model/requirements.js';
import { judgedRequirements } from '../../conformance/suite/cited.js';
import { lintSuite, scenarioRules, suiteRules, type RuleKind } from '../../conformance/suite/lint.js';
import { parseScenarioText } from '../../conformance/suite/parse.js';
import { formatPosition } from '../../conformance/model/exit-codes.js';

const SCHEMA_LINE = '# yaml-language-server: $schema=../../spec/scenario.schema.json';

test('every bundled file starts with the $schema comment and declares the oldest format it fits: 1.1 with request clients, the filters swap_case, accent, append_space and append_nul, token needs, unauthenticated, the kept and encoded cookie expectations, a session refresh, a profile or schema_adds_nothing, else 1.0', () => {
  const files = bundledFiles();
  assert.ok(files.length >= 11, `expected the topic files, found ${files.length}`);
  for (const f of files) {
    assert.is(f.text.split('\n')[0], SCHEMA_LINE, `${f.path}: first line`);
    // Format 1.1 added request clients, the filters swap_case, accent, append_space and append_nul, needs_token,
    // unauthenticated (issues 11, 12, 16, 17) and the kept and encoded cookie expectations, needs session_update_age and profile, step wait_for_refresh
    // and schema_adds_nothing (issue 18; spec/INTERPRETING.md section 1).
    const text = f.text.replace(/^\s*#.*$/gm, '');
    const uses11 = /^\s+client: /m.test(text) || /[{,]\s*client: /.test(text) || /\|\s*(swap_case|accent|append_space|append_nul)\b/.test(text) || /\bneeds_token: /.test(text) || /\bunauthenticated: /.test(text) || /[{,]\s*(kept|encoded|session_update_age|profile|schema_adds_nothing): /.test(text) || /\bwait_for_refresh: /.test(text);
    assert.is(f.data.format, uses11 ? '1.1' : '1.0', `${f.path}: format`);
  }
});

test('the bundled scenarios break no authoring rule (what bearer-conformance lint checks)', async () => {
  const { scenarios, problems } = await lintSuite();
  assert.equal(problems.map(formatPosition), []);
  assert.is(scenarios, bundledScenarios().length);
});

test('every MUST and SHOULD of the registry is judged by a bundled scenario', () => {
  const judged = new Set(bundledScenarios().flatMap(judgedRequirements));
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

const kinds = (s: ScenarioData): RuleKind[] => scenarioRules(s).map((p) => p.kind);

test('a well-formed sample passes the scenario rules', () => {
  assert.equal(scenarioRules(scenario()), []);
});

test('a rejection without an earlier control is reported', () => {
  const s = scenario();
  const problems = scenarioRules({ ...s, steps: [s.steps[1]!, s.steps[0]!] });
  assert.equal(problems.map((p) => [p.kind, p.path]), [['missing-control', ['steps', 0]]]);
  assert.match(problems[0]!.message, /before any control: true step that expects session_of an actor/);
});

test('a control attributed to the negative requirement, or to none, is reported', () => {
  const s = scenario();
  assert.equal(kinds({ ...s, steps: [{ ...s.steps[0]!, requirements: ['BEARER-SIG-4'] }, s.steps[1]!] }), ['control-requirements']);
  const { requirements: _dropped, ...bare } = s.steps[0]!;
  assert.equal(kinds({ ...s, steps: [bare, s.steps[1]!] }), ['control-requirements']);
});

test('a positive get-session without identity is reported', () => {
  const s = scenario();
  const anonymous = { ...s.steps[0]!, control: false, expect: { status: 200 } };
  assert.equal(kinds({ ...s, requirements: ['BEARER-SIG-1'], steps: [anonymous] }), ['identity']);
});

test('a modal verb in a title is reported', () => {
  assert.equal(kinds(scenario({ title: 'A tampered token should not authenticate' })), ['modal-verb']);
  assert.equal(kinds(scenario({ title: 'A tampered token cannot authenticate' })), [], '"cannot" is not the word "can"');
});

test('a variable of an undeclared actor or a later capture is reported (by the loader)', () => {
  const yaml = `format: "1.0"
scenarios:
  - id: x.sample
    title: A sample
    requirements: [BEARER-SIG-4]
    actors: [alice]
    steps:
      - name: uses bob and a capture made later
        request: { method: GET, path: /get-session, bearer: "\${bob.signed}.\${sid}" }
        expect: { status: 200, session_of: alice }
      - name: captures sid
        request: { method: GET, path: /get-session, bearer: "\${alice.signed}" }
        capture: { sid: { json: /session/id } }
        expect: { status: 200, session_of: alice }
`;
  const { errors } = parseScenarioText(yaml, 'sample.yaml');
  const messages = errors.map((e) => `${e.line}:${e.col} ${e.message}`);
  assert.ok(messages.some((m) => m.startsWith('9:') && m.includes("'bob' is not an actor")), messages.join('\n'));
  assert.ok(messages.some((m) => m.startsWith('9:') && m.includes("'sid' is captured only by step 2")), messages.join('\n'));
});

test('an uncovered requirement and a missing profile are reported; a control does not cover', () => {
  const req = (id: string, level: Requirement['level']): Requirement => ({ id, level, section: 'SIG', title: id, text: '' });
  const problems = suiteRules([scenario()], [req('BEARER-SIG-1', 'MUST'), req('BEARER-SIG-4', 'MUST'), req('BEARER-X-1', 'SHOULD')]);
  assert.equal(problems.map((p) => [p.kind, p.requirement ?? /require_signature: (true|false)/.exec(p.message)![0]]), [
    ['uncovered-requirement', 'BEARER-SIG-1'],
    ['uncovered-requirement', 'BEARER-X-1'],
    ['profile-not-exercised', 'require_signature: true'],
    ['profile-not-exercised', 'require_signature: false'],
  ]);
  assert.match(problems[0]!.message, /cited only by positive controls/);
});

test.run();
