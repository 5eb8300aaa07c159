// --list through the CLI: what would run on each target and why the rest would not (unmet needs,
// the other embedded profile, a filter), exit 0 without contacting the target; a closed port
// proves it (the same command without --list exits 4).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closedPort, GATE_SUITE, listRows, runCli, write } from '../support/gate.js';
import { tempDir } from '../support/cli.js';
import { ExitCode } from '../../conformance/model/exit-codes.js';

const dir = tempDir();
test.after(() => dir.remove());

test('--list against a closed port: exit 0, every scenario with run or the reason it would not run; without --list, exit 4', async () => {
  const port = await closedPort();
  const url = `http://127.0.0.1:${port}/api/auth`;
  const r = await runCli(['--list', '--url', url, '--scenarios', GATE_SUITE, '--grep', '^gate\\.(pass\\.signed|fail\\.status|skip)']);
  assert.is(r.code, ExitCode.Conforming, r.stderr);
  assert.is(r.stderr, '');
  assert.match(r.stdout, new RegExp(`^Target 127\\.0\\.0\\.1:${port} \\(${url.replace(/[./]/g, '\\$&')}; require_signature false\\): 2 of 6 scenarios would run\\.\\n`));
  const rows = Object.fromEntries(listRows(r.stdout).map((row) => [row.id, [row.run, row.text]]));
  assert.equal(rows['gate.pass.signed'], [true, 'A signed token authenticates as its session']);
  assert.equal(rows['gate.fail.status'], [true, 'A deliberately impossible status fails on a MUST requirement']);
  assert.equal(rows['gate.skip.secret'], [false, "skipped: it needs the target's secret (wire-compatibility profile), and none was given."]);
  assert.equal(rows['gate.skip.signed-only'], [false, 'skipped: it needs a target with require_signature true, and this target declares false.']);
  assert.equal(rows['gate.pass.anonymous'], [false, 'not selected: neither its id nor its title matches --grep ^gate\\.(pass\\.signed|fail\\.status|skip)']);
  assert.is(Object.keys(rows).length, 6);
  assert.match(r.stdout, /\nSelection: 4 of 6 scenarios; requirement verdicts of such a run cover these alone\.\n$/);
  // Order: what runs, then what the target cannot serve, then what the filters left out.
  assert.equal(listRows(r.stdout).map((row) => row.id), ['gate.pass.signed', 'gate.fail.status', 'gate.skip.secret', 'gate.skip.signed-only', 'gate.pass.anonymous', 'gate.fail.should']);

  const run = await runCli(['--url', url, '--scenarios', GATE_SUITE]);
  assert.is(run.code, ExitCode.Unreachable, 'the port is closed indeed');
});

test('--list with a target file that gives the secret and require_signature, and with expectations', async () => {
  const target = write(dir.path, 'target.yaml', 'name: staging\nurl: http://127.0.0.1:9/api/auth\nrequire_signature: true\nsecret: not-a-real-secret\n');
  const expectations = write(dir.path, 'expect.yaml', 'expectations:\n  - scenario: "gate.fail.*"\n    status: fail\n    reason: On purpose.\n');
  const r = await runCli(['--list', '--target', target, '--scenarios', GATE_SUITE, '--expectations', expectations]);
  assert.is(r.code, ExitCode.Conforming, r.stderr);
  assert.match(r.stdout, /^Target staging \(http:\/\/127\.0\.0\.1:9\/api\/auth; require_signature true\): 6 of 6 scenarios would run\./);
  assert.match(r.stdout, /run +gate\.fail\.status +A deliberately impossible status fails on a MUST requirement {2}\[expected fail\]/);
  assert.match(r.stdout, /Selection: all 6 scenarios\./);
  assert.not.ok(r.stdout.includes('not-a-real-secret'));
});

test('--list with no target: both embedded profiles, each scenario run in the profile it needs, nothing started', async () => {
  const r = await runCli(['--list', '--scenarios', GATE_SUITE]);
  assert.is(r.code, ExitCode.Conforming, r.stderr);
  assert.match(r.stdout, /^Target permissive \(embedded reference, started with the run; require_signature false\): 5 of 6 scenarios would run\./m);
  assert.match(r.stdout, /^Target signed-only \(embedded reference, started with the run; require_signature true\): 6 of 6 scenarios would run\./m);
  const permissive = listRows(r.stdout).filter((row) => row.target === 'permissive');
  assert.equal(permissive.find((row) => row.id === 'gate.skip.signed-only'), {
    target: 'permissive',
    id: 'gate.skip.signed-only',
    run: false,
    text: 'runs on the other profile: it needs require_signature true',
  });
  // The embedded profiles have the secret: the wire scenario runs in both.
  assert.ok(permissive.find((row) => row.id === 'gate.skip.secret')!.run);
});

test('--list refuses bad configuration like a run would (exit 2)', async () => {
  const r = await runCli(['--list', '--url', 'localhost:3000']);
  assert.is(r.code, ExitCode.Usage);
  assert.match(r.stderr, /give an http:\/\/ or https:\/\/ URL/);
});

test.run();
