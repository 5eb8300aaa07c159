// `bearer-conformance lint` through the CLI: the bundled scenarios pass (this is how lint is part
// of npm test), and each rule fails on a fixture that breaks it, at file:line:col. A fixture is
// linted together with the bundled suite, so coverage holds and only its own problems show.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { BUNDLED, runCli } from '../support/gate.js';
import { fixture } from '../support/cli.js';
import { ExitCode } from '../../conformance/model/exit-codes.js';
import { specFile } from '../../conformance/suite/spec-files.js';


const FIXTURES = ['modal-verb.yaml', 'tag-format.yaml', 'controls.yaml', 'control-requirements.yaml', 'identity.yaml', 'profile-mismatch.yaml', 'schema.yaml', 'duplicate-id.yaml'];

/**
 * Lints the bundled suite plus every broken fixture in one run (problems come sorted by file), and
 * returns the problem lines per fixture, its path shortened to the file name.
 */
let linted: Promise<{ code: number | null; byFile: Map<string, string[]>; summary: string }> | undefined;
function lintFixtures() {
  linted ??= runCli(['lint', '--scenarios', BUNDLED, ...FIXTURES.flatMap((f) => ['--scenarios', fixture(`lint/${f}`)])]).then((r) => {
    const lines = r.stderr.trimEnd().split('\n');
    const byFile = new Map<string, string[]>();
    for (const line of lines.slice(0, -1)) {
      // The CLI shows paths relative to its working directory when they lie inside it (a checkout
      // under the temporary directory does), else absolute: keep the file name alone.
      const short = line.replace(/^[^:]*\/(?=[^/:]+\.yaml:)/, '');
      const file = short.slice(0, short.indexOf(':'));
      byFile.set(file, [...(byFile.get(file) ?? []), short]);
    }
    return { code: r.code, byFile, summary: lines.at(-1) ?? '' };
  });
  return linted;
}

test('the bundled scenarios pass lint: exit 0, nothing on stderr', async () => {
  const r = await runCli(['lint']);
  assert.is(r.code, ExitCode.Conforming, r.stderr);
  assert.is(r.stderr, '');
  assert.match(r.stdout, /^\d+ scenarios are valid and cover every MUST and SHOULD requirement\.\n$/);
  const good = await runCli(['lint', '--scenarios', BUNDLED, '--scenarios', fixture('lint/good.yaml')]);
  assert.is(good.code, ExitCode.Conforming, good.stderr);
});

const CASES: [file: string, problems: string[]][] = [
  [
    'modal-verb.yaml',
    [
      'modal-verb.yaml:5:12: The title of scenario lintfx.modal.should uses the modal verb "Should"; state what the scenario shows, such as "A tampered token does not authenticate".',
      'modal-verb.yaml:13:12: The title of scenario lintfx.modal.can uses the modal verb "can"; state what the scenario shows, such as "A tampered token does not authenticate".',
      'modal-verb.yaml:21:12: The title of scenario lintfx.modal.need-to uses the modal verb "need to"; state what the scenario shows, such as "A tampered token does not authenticate".',
    ],
  ],
  [
    'tag-format.yaml',
    [
      'tag-format.yaml:8:22: Tag "double--hyphen" of scenario lintfx.tags.odd is not lowercase words joined by single hyphens; write it like "set-auth-token".',
      'tag-format.yaml:8:38: Tag "-leading" of scenario lintfx.tags.odd is not lowercase words joined by single hyphens; write it like "set-auth-token".',
      'tag-format.yaml:8:48: Tag "trailing-" of scenario lintfx.tags.odd is not lowercase words joined by single hyphens; write it like "set-auth-token".',
    ],
  ],
  [
    'controls.yaml',
    [
      'controls.yaml:9:9: Scenario lintfx.control.none expects a rejection (step "the tampered token") but has no control: true step; add a step before it that sends the valid form of the request and expects session_of its actor.',
      'controls.yaml:18:9: Scenario lintfx.control.late expects a rejection (step "the tampered token") before any control: true step that expects session_of an actor; move such a control before it, so a server that rejects everything cannot pass.',
      'controls.yaml:32:9: Control step "control that rejects" of scenario lintfx.control.rejects does not prove acceptance; make it expect session_of (or session_ids) of an actor, not a rejection.',
    ],
  ],
  [
    'control-requirements.yaml',
    [
      'control-requirements.yaml:9:9: Control step "control, the signed token" of scenario lintfx.control-req.none names no requirements of its own; give it the requirement that makes the valid request succeed (such as BEARER-SIG-1), so its failure is not blamed on the rejection\'s.',
      'control-requirements.yaml:22:9: Control step "control, the signed token" of scenario lintfx.control-req.shared is attributed to BEARER-SIG-4, which its rejection steps judge; attribute it to the requirement that makes the valid request succeed.',
    ],
  ],
  [
    'identity.yaml',
    [
      'identity.yaml:9:9: Step "get-session with the signed token" of scenario lintfx.identity.get-session accepts a session on get-session without naming whose; add session_of: <actor> (or json.user.id).',
      'identity.yaml:12:9: Step "list-sessions with the signed token" of scenario lintfx.identity.get-session accepts list-sessions without naming the sessions; add session_ids: [...].',
    ],
  ],
  [
    'profile-mismatch.yaml',
    ['profile-mismatch.yaml:6:19: Scenario lintfx.profile.unsigned judges BEARER-SIG-2, which holds only with require_signature false; add needs: {require_signature: false}.'],
  ],
  ['schema.yaml', ["schema.yaml:10:9: step 1 of scenario 'lintfx.schema.unknown-field': 'expct' is not a known field here; did you mean 'expect'?"]],
];

test('lint exits 3 on the broken fixtures and counts their problems', async () => {
  const r = await lintFixtures();
  assert.is(r.code, ExitCode.InvalidScenarios);
  const total = [...r.byFile.values()].flat().length;
  assert.is(total, CASES.reduce((n, [, expected]) => n + expected.length, 0) + 1);
  assert.match(r.summary, new RegExp(`^Lint found ${total} problems in \\d+ scenarios\\.$`));
  assert.equal([...r.byFile.keys()].sort(), [...FIXTURES].sort(), 'every fixture fails, and nothing else does');
});

for (const [file, expected] of CASES) {
  test(`${file}: each problem at file:line:col, and no other`, async () => {
    assert.equal((await lintFixtures()).byFile.get(file), expected);
  });
}

test('a duplicate id is reported where it is reused, with where it was first used', async () => {
  const problems = (await lintFixtures()).byFile.get('duplicate-id.yaml') ?? [];
  assert.is(problems.length, 1);
  assert.match(problems[0]!, /^duplicate-id\.yaml:4:9: scenario 'prec\.cookie-wins\.list-sessions': the id is already used at .*precedence\.yaml:\d+; ids are unique across all scenario files$/);
});

test('coverage: each MUST and SHOULD no scenario judges is reported at its line in spec/requirements.yaml; a missing profile too', async () => {
  const r = await runCli(['lint', '--scenarios', fixture('lint/good.yaml')]);
  assert.is(r.code, ExitCode.InvalidScenarios);
  const registryText = readFileSync(specFile('requirements.yaml'), 'utf8');
  const registry = (parse(registryText) as { requirements: { id: string; level: string; withdrawn?: boolean }[] }).requirements;
  const lineOf = (id: string) => registryText.split('\n').findIndex((l) => l.includes(`id: ${id}`)) + 1;
  const wanted = registry.filter((q) => !q.withdrawn && (q.level === 'MUST' || q.level === 'SHOULD') && q.id !== 'BEARER-SIG-4');
  assert.ok(wanted.length > 30);
  for (const q of wanted) {
    assert.match(r.stderr, new RegExp(`requirements\\.yaml:${lineOf(q.id)}:9: ${q.id} \\(${q.level}: [^)]*\\) is cited `), q.id);
  }
  assert.not.match(r.stderr, /BEARER-SIG-4 \(/);
  // Cited by the control of good.yaml only: a control does not judge.
  assert.match(r.stderr, /BEARER-SIG-1 \(MUST: [^)]*\) is cited only by positive controls, which do not judge it; add a scenario whose requirements name it\./);
  assert.match(r.stderr, /good\.yaml:1:1: No scenario needs require_signature: true, so that profile is never exercised/);
  assert.match(r.stderr, /good\.yaml:1:1: No scenario needs require_signature: false/);
});

test('lint: a path that does not exist is bad usage (exit 2)', async () => {
  const r = await runCli(['lint', '--scenarios', fixture('lint/no-such-dir')]);
  assert.is(r.code, ExitCode.Usage);
  assert.match(r.stderr, /There is no scenario file or directory at .*no-such-dir; check the path given to --scenarios\./);
});

test.run();
