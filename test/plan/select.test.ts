// Selection and run control through the CLI (child process): --grep, --tag, --requirement (IDs and
// prefixes), --level, --shard (a union of all shards is the whole suite), --bail, --strict,
// --timeout and --concurrency; usage errors exit 2. Most use --list, which contacts nothing.
import { createServer, type Server } from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BUNDLED, GATE_IDS, GATE_SUITE, listRows, runCli, runWithReport, selectedIds, withReference, write } from '../support/gate.js';
import { fixture, tempDir } from '../support/cli.js';
import type { UnreachableReport } from '../../conformance/index.js';
import { ExitCode } from '../../conformance/model/exit-codes.js';
import { checkSelection, selectScenarios } from '../../conformance/plan/select.js';
import { parseShard, shardNumbers } from '../../conformance/plan/shard.js';
import { loadSuite } from '../../conformance/suite/load.js';
import { loadRegistry } from '../../conformance/suite/registry.js';

const dir = tempDir();
test.after(() => dir.remove());
/** A target that never answers: --list must not need it. */
const NOWHERE = 'http://127.0.0.1:9/api/auth';
const list = (...args: string[]) => runCli(['--list', '--url', NOWHERE, '--require-signature', '--secret', 'list-secret', '--scenarios', GATE_SUITE, ...args]);

test('--grep matches ids and titles; --tag any of several; filters of different kinds combine with AND', async () => {
  const grep = await list('--grep', 'fail\\.');
  assert.is(grep.code, ExitCode.Conforming, grep.stderr);
  assert.equal(selectedIds(grep.stdout), ['gate.fail.status', 'gate.fail.should']);
  assert.match(grep.stdout, /skip +gate\.pass\.signed +not selected: neither its id nor its title matches --grep fail\\\./);
  const title = await list('--grep', 'impossible status');
  assert.equal(selectedIds(title.stdout), ['gate.fail.status', 'gate.fail.should']);
  const tags = await list('--tag', 'wire', '--tag', 'signed-only');
  assert.equal(selectedIds(tags.stdout), ['gate.skip.secret', 'gate.skip.signed-only']);
  assert.match(tags.stdout, /not selected: it has none of the tags wire, signed-only \(--tag\)/);
  const both = await list('--tag', 'fail', '--grep', 'should');
  assert.equal(selectedIds(both.stdout), ['gate.fail.should']);
});

test('--requirement takes IDs and prefixes; --level selects by the level of the requirements judged', async () => {
  const exact = await list('--requirement', 'BEARER-SIG-1');
  assert.equal(selectedIds(exact.stdout), ['gate.pass.signed']);
  const prefix = await list('--requirement', 'BEARER-SURF');
  assert.equal(selectedIds(prefix.stdout), ['gate.pass.anonymous', 'gate.fail.status', 'gate.fail.should']);
  assert.match(prefix.stdout, /not selected: it judges none of BEARER-SURF \(--requirement\)/);
  const several = await list('--requirement', 'bearer-wire', '--requirement', 'BEARER-SIG-3');
  assert.equal(selectedIds(several.stdout), ['gate.skip.secret', 'gate.skip.signed-only']);
  const should = await list('--level', 'SHOULD');
  assert.equal(selectedIds(should.stdout), ['gate.fail.should']);
  assert.match(should.stdout, /not selected: it judges no SHOULD requirement \(--level SHOULD\)/);
  const must = await list('--level', 'must');
  assert.equal(selectedIds(must.stdout), GATE_IDS.filter((id) => id !== 'gate.fail.should'));
  // A positive control's requirement is not what a scenario judges: BEARER-SIG-1 alone is the
  // control of many bundled scenarios, but selects only those that judge it.
  const bundled = await runCli(['--list', '--scenarios', BUNDLED, '--requirement', 'BEARER-SIG-1']);
  const ids = selectedIds(bundled.stdout, 'permissive');
  assert.ok(ids.length > 0 && ids.length < 20, ids.join(', '));
  assert.not.ok(ids.some((id) => id.startsWith('prec.')), ids.join(', '));
});

test('exit 2 for selections that cannot work, each with what to do', async () => {
  const cases: [string[], RegExp][] = [
    [['--grep', '('], /--grep "\(" is not a regular expression .*escape special characters/],
    [['--requirement', 'BEARER-NOPE'], /--requirement BEARER-NOPE matches no requirement of spec\/requirements\.yaml; give an ID such as BEARER-PREC-1 or a prefix/],
    [['--level', 'COULD'], /--level takes MUST, SHOULD or MAY, but got "COULD"/],
    [['--tag', 'Bad Tag'], /--tag "Bad Tag" is not a tag/],
    [['--grep', 'no-such-thing'], /The selection \(--grep\) leaves no scenario to run out of 6; loosen it, and use --list/],
    [['--shard', '0/3'], /--shard takes i\/n with 1 <= i <= n, such as --shard 2\/4/],
    [['--shard', '4/3'], /--shard takes i\/n/],
    [['--shard', 'half'], /--shard takes i\/n/],
    [['--shard', '1/7'], /--shard 1\/7 splits 6 selected scenarios into 7 shards, so some would be empty; use at most 6 shards\./],
  ];
  for (const [args, message] of cases) {
    const r = await list(...args);
    assert.is(r.code, ExitCode.Usage, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
});

test('--shard i/n: disjoint shares whose union is the whole selection, sizes within one, the same split every time', async () => {
  const n = 3;
  const shares: string[][] = [];
  for (let i = 1; i <= n; i++) {
    const r = await runCli(['--list', '--scenarios', BUNDLED, '--shard', `${i}/${n}`]);
    assert.is(r.code, ExitCode.Conforming, r.stderr);
    shares.push([...new Set([...selectedIds(r.stdout, 'permissive'), ...selectedIds(r.stdout, 'signed-only')])]);
    assert.match(r.stdout, new RegExp(`not selected: it is in shard \\d/${n} \\(--shard ${i}/${n}\\)`));
    if (i === 2) {
      const again = await runCli(['--list', '--scenarios', BUNDLED, '--shard', `${i}/${n}`]);
      assert.is(again.stdout, r.stdout, 'the same split every time');
    }
  }
  const all = await runCli(['--list', '--scenarios', BUNDLED]);
  const everything = [...new Set(listRows(all.stdout).map((r) => r.id))].sort();
  const union = shares.flat().sort();
  assert.equal(union, everything, 'union');
  assert.is(new Set(union).size, union.length, 'disjoint');
  const sizes = shares.map((s) => s.length);
  assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `sizes ${sizes.join(', ')}`);
});

test('every number of shards splits the bundled suite into disjoint shares covering it, after the other filters', async () => {
  const [scenarios, registry] = await Promise.all([loadSuite(), loadRegistry()]);
  for (const filters of [{}, { tags: ['precedence'] }]) {
    const pool = selectScenarios(scenarios, registry.requirements, checkSelection(filters)).selected.map((s) => s.id);
    for (let n = 1; n <= 7; n++) {
      const shares = Array.from({ length: n }, (_, i) => selectScenarios(scenarios, registry.requirements, checkSelection({ ...filters, shard: `${i + 1}/${n}` })).selected.map((s) => s.id));
      assert.equal(shares.flat().sort(), [...pool].sort(), `${n} shards of ${pool.length}`);
      const sizes = shares.map((s) => s.length);
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `${n} shards: ${sizes.join(', ')}`);
    }
  }
});

test('the split is by sorted id, so a shard does not depend on file order', () => {
  const forward = shardNumbers(['b.x', 'a.x', 'c.x', 'd.x'], 2);
  const backward = shardNumbers(['d.x', 'c.x', 'a.x', 'b.x'], 2);
  assert.equal([...forward.entries()].sort(), [...backward.entries()].sort());
  assert.equal(forward.get('a.x'), 1);
  assert.equal(forward.get('b.x'), 2);
  assert.equal(parseShard(' 3 / 4 '), { index: 3, total: 4 });
});

test('a run with a selection reports it, and its verdicts cover the selected scenarios alone', async () => {
  await withReference(async (url) => {
    const r = await runWithReport(dir.path, 'grep', ['--url', url, '--scenarios', GATE_SUITE, '--grep', '^gate\\.pass\\.']);
    assert.is(r.code, ExitCode.Conforming, r.stdout + r.stderr);
    assert.equal(r.report.results.map((x) => x.id), ['gate.pass.signed', 'gate.pass.anonymous']);
    assert.equal(r.report.selection, {
      filters: { grep: '^gate\\.pass\\.' },
      total: 6,
      selected: 2,
      complete: false,
      note: 'Only 2 of 6 scenarios were selected; requirement verdicts cover these alone, and a requirement that only unselected scenarios judge is reported as skipped.',
    });
    // BEARER-SIG-3 is judged only by an unselected scenario: skipped, not passed.
    assert.is(r.report.requirements.find((x) => x.id === 'BEARER-SIG-3')!.verdict, 'skip');
    assert.match(r.stdout, /Selection: 2 of 6 scenarios \(--grep \^gate\\\.pass\\\.\); requirement verdicts cover these alone\./);
    const shard = await runWithReport(dir.path, 'shard', ['--url', url, '--scenarios', GATE_SUITE, '--shard', '1/2']);
    assert.equal(shard.report.selection!.filters, { shard: '1/2' });
    const other = await runWithReport(dir.path, 'shard2', ['--url', url, '--scenarios', GATE_SUITE, '--shard', '2/2']);
    assert.equal([...shard.report.results, ...other.report.results].map((x) => x.id).sort(), [...GATE_IDS].sort());
  });
});

test('--bail stops starting scenarios after the first unexpected failure; the rest are reported as not run', async () => {
  await withReference(async (url) => {
    const r = await runWithReport(dir.path, 'bail', ['--url', url, '--scenarios', GATE_SUITE, '--bail', '--concurrency', '1']);
    assert.is(r.code, ExitCode.NonConforming);
    const status = Object.fromEntries(r.report.results.map((x) => [x.id, [x.status, x.reason ?? '']]));
    assert.equal(status['gate.pass.signed']![0], 'pass');
    assert.equal(status['gate.fail.status']![0], 'fail');
    assert.equal(status['gate.fail.should'], ['skip', 'Not run: --bail stopped the run after the unexpected failure of gate.fail.status on ' + r.report.targets[0]!.name + '.']);
    // A scenario the target cannot serve keeps that reason.
    assert.match(status['gate.skip.secret']![1], /needs the target's secret/);
    assert.equal(r.report.selection!.bail, { after: 'gate.fail.status', target: r.report.targets[0]!.name, not_run: 1 });
    assert.match(r.stdout, /Bail: stopped after the unexpected result of gate\.fail\.status on \S+; 1 scenario run not started/);

    // An expected failure is no reason to stop; a SHOULD failure only warns.
    const expectations = write(dir.path, 'bail-expect.yaml', 'expectations:\n  - scenario: gate.fail.status\n    status: fail\n    reason: On purpose.\n');
    const calm = await runWithReport(dir.path, 'bail-calm', ['--url', url, '--scenarios', GATE_SUITE, '--bail', '--concurrency', '1', '--expectations', expectations]);
    assert.is(calm.code, ExitCode.Conforming, calm.stdout);
    assert.is(calm.report.selection!.bail, undefined);
    assert.equal(calm.report.results.filter((x) => x.status === 'fail').map((x) => x.id), ['gate.fail.status', 'gate.fail.should']);
  });
});

test('--strict: a SHOULD failure warns (exit 0) without it and fails the run (exit 1) with it', async () => {
  await withReference(async (url) => {
    const args = ['--url', url, '--scenarios', GATE_SUITE, '--grep', 'pass|should'];
    const lenient = await runWithReport(dir.path, 'lenient', args);
    assert.is(lenient.code, ExitCode.Conforming, lenient.stdout);
    assert.equal(lenient.report.summary.warnings, ['BEARER-SURF-8']);
    assert.match(lenient.stdout, /WARN\s+BEARER-SURF-8/);
    const strict = await runWithReport(dir.path, 'strict', [...args, '--strict']);
    assert.is(strict.code, ExitCode.NonConforming);
    assert.equal(strict.report.summary.failing, ['BEARER-SURF-8']);
    assert.is(strict.report.strict, true);
  });
});

/** A stub target that answers get-session with JSON null after `delayMs`, or never; it counts requests in flight. */
async function stub(delayMs: number | 'never'): Promise<{ url: string; peak(): number; close(): Promise<void> }> {
  let inFlight = 0;
  let peak = 0;
  const server: Server = createServer((req, res) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    req.resume();
    if (delayMs === 'never') return;
    setTimeout(() => {
      inFlight--;
      res.writeHead(200, { 'content-type': 'application/json' }).end('null');
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/api/auth`,
    peak: () => peak,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

test('--concurrency bounds the scenarios in flight; --timeout makes a server that never answers unreachable (exit 4)', async () => {
  const slow = await stub(80);
  try {
    const one = await runCli(['--url', slow.url, '--scenarios', fixture('gate/anonymous.yaml'), '--concurrency', '1']);
    assert.is(one.code, ExitCode.Conforming, one.stdout + one.stderr);
    assert.is(slow.peak(), 1);
    const three = await runCli(['--url', slow.url, '--scenarios', fixture('gate/anonymous.yaml'), '--concurrency', '3']);
    assert.is(three.code, ExitCode.Conforming);
    assert.ok(slow.peak() > 1 && slow.peak() <= 3, `peak ${slow.peak()}`);
  } finally {
    await slow.close();
  }
  const silent = await stub('never');
  try {
    const r = await runWithReport(dir.path, 'timeout', ['--url', silent.url, '--scenarios', fixture('gate/anonymous.yaml'), '--grep', 'n1$', '--timeout', '200']);
    assert.is(r.code, ExitCode.Unreachable, r.stdout + r.stderr);
    assert.match(r.stderr, /answered none of the requests within 200 ms/);
    // The JSON report is the minimal one (runWithReport has checked it against the schema).
    const report = r.report as unknown as UnreachableReport;
    assert.is(report.summary.verdict, 'unreachable');
    assert.equal([report.unreachable.kind, report.unreachable.timeout_ms], ['silent', 200]);
  } finally {
    await silent.close();
  }
});

test.run();
