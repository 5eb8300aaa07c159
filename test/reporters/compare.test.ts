// bearer-conformance diff: which requirements and scenarios changed their result between two
// reports, sorted into worse, better and other changes, and the exit code that follows.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UsageError } from '../../conformance/model/exit-codes.js';
import { buildReport } from '../../conformance/report/report.js';
import { compareReports, diffExitCode, readReport, renderComparisonMarkdown, renderComparisonText } from '../../conformance/reporters/compare.js';
import { result, target, tempDir } from '../support/cli.js';
import { fixtureReport, registry, results } from '../support/report-fixture.js';

function after() {
  const list = results().filter((r) => r.id !== 'sig.json' && r.id !== 'emit.errored');
  const hostile = list.find((r) => r.id === 'sig.hostile')!;
  Object.assign(hostile, { status: 'pass', passed: hostile.requirements, failures: [], failure: undefined });
  const ok = list.findIndex((r) => r.id === 'sig.ok' && r.target === 'permissive');
  list[ok] = result('sig.ok', 'fail', ['BEARER-SIG-1'], { targetName: 'permissive' });
  list.push(result('sig.new', 'pass', ['BEARER-SIG-3'], { targetName: 'signed-only' }));
  return fixtureReport({ results: list });
}

test('requirements and scenarios that changed, per target, sorted into worse, better and other', () => {
  const c = compareReports(fixtureReport(), after(), { before: 'old.json', after: 'new.json' });
  assert.equal(c.targets, [{ before: 'permissive', after: 'permissive' }, { before: 'signed-only', after: 'signed-only' }]);
  assert.equal(
    c.requirements.map((r) => [r.kind, r.id, r.target, r.before, r.after]),
    [
      ['worse', 'BEARER-SIG-1', 'permissive', 'pass', 'fail'],
      ['better', 'BEARER-SIG-2', 'permissive', 'fail', 'pass'],
      ['better', 'BEARER-SIG-2', 'signed-only', 'fail', 'not-run'],
      ['changed', 'BEARER-SIG-3', 'signed-only', 'not-run', 'pass'],
      ['changed', 'BEARER-EMIT-3', 'signed-only', 'inconclusive', 'not-run'],
    ],
  );
  assert.equal(
    c.scenarios.map((s) => [s.kind, s.id, s.target, s.before, s.after]),
    [
      ['worse', 'sig.ok', 'permissive', 'pass', 'fail'],
      ['better', 'sig.hostile', 'permissive', 'fail', 'pass'],
      ['added', 'sig.new', 'signed-only', null, 'pass'],
      ['removed', 'sig.json', 'signed-only', 'fail', null],
      ['removed', 'emit.errored', 'signed-only', 'error', null],
    ],
  );
  assert.is(c.scenarios[0]!.why, 'The body is not the JSON literal null.');
  assert.is(c.verdict, 'same');
  assert.is(c.worse, 2);
  assert.is(diffExitCode(c), 1);
  const text = renderComparisonText(c);
  assert.match(text, /^ {2}worse {4}BEARER-SIG-1 {2}\[permissive\] {2}PASS → FAIL$/m);
  assert.match(text, /^ {2}worse {4}sig\.ok {7}\[permissive\] {2}pass → fail: The body is not the JSON literal null\.$/m);
  assert.match(text, /2 worse, 3 better, 5 other changes\. Exit code 1: something got worse\.\n$/);
  const md = renderComparisonMarkdown(c);
  assert.match(md, /^## 🔴 2 worse, 3 better: NON-CONFORMING → NON-CONFORMING\n/);
  assert.ok(md.includes('| 🔴 worse | BEARER-SIG-1 | permissive | PASS | FAIL |'));
});

test('the same report twice: nothing changed, exit 0; swapped, worse and better swap too', () => {
  const same = compareReports(fixtureReport(), fixtureReport());
  assert.equal([same.requirements, same.scenarios, same.worse], [[], [], 0]);
  assert.match(renderComparisonText(same), /No requirement or scenario changed its result\.\n0 worse, 0 better, 0 other changes\.\n$/);
  assert.is(diffExitCode(same), 0);
  const swapped = compareReports(after(), fixtureReport());
  assert.equal([swapped.worse, swapped.better], [3, 2]);
});

test('single-target reports pair whatever the names (a URL target is named after its port); the verdict counts', () => {
  const one = (name: string, status: 'pass' | 'fail') =>
    buildReport({ suite: { name: 's', version: '1' }, registry, targets: [target(name)], results: [result('sig.ok', status, ['BEARER-SIG-1'], { targetName: name })], strict: false, startedAt: new Date(0), durationMs: 1 });
  const c = compareReports(one('127.0.0.1:4001', 'pass'), one('127.0.0.1:4002', 'fail'));
  assert.equal(c.targets, [{ before: '127.0.0.1:4001', after: '127.0.0.1:4002' }]);
  assert.is(c.verdict, 'worse');
  assert.is(c.worse, 3);
  assert.match(renderComparisonText(c), /Target 127\.0\.0\.1:4001 is compared with 127\.0\.0\.1:4002\./);
});

test('readReport refuses what is not a JSON report, with a sentence saying what to give', async () => {
  const dir = tempDir();
  try {
    const write = (name: string, text: string) => (writeFileSync(join(dir.path, name), text), join(dir.path, name));
    const cases: [string, RegExp][] = [
      [join(dir.path, 'missing.json'), /^Cannot read the report .*missing\.json/],
      [write('a.json', '{'), /is not JSON/],
      [write('b.json', '{"a":1}'), /is not a bearer-conformance JSON report/],
      [write('c.json', JSON.stringify({ ...fixtureReport(), report_format: '9.0' })), /has report format 9\.0/],
    ];
    for (const [file, message] of cases) {
      try {
        await readReport(file);
        assert.unreachable(file);
      } catch (error) {
        assert.instance(error, UsageError);
        assert.match((error as Error).message, message);
      }
    }
    const good = write('d.json', JSON.stringify(fixtureReport()));
    assert.is((await readReport(good)).summary.verdict, 'non-conforming');
  } finally {
    dir.remove();
  }
});

test.run();
