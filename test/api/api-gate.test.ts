// The programmatic API of the CI gate: run() with selection and expectations resolves to a report
// with both sections (as the README's embedding example uses it), exitCodeFor() gives the CLI's
// code, --update-expectations works from the API, errors are typed, listRun() contacts nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createReferenceServer } from '../../reference/index.js';
import { exitCodeFor, ExpectationsFileError, listRun, renderList, run, UsageError } from '../../conformance/index.js';
import { closedPort, GATE_SUITE, validateReport, write } from '../support/gate.js';
import { tempDir } from '../support/cli.js';

const dir = tempDir();
test.after(() => dir.remove());

// The README's example, nearly verbatim: the suite as one test of another test runner.
test('README example: run() against a server started by the test, with an expectations file', async () => {
  const expectations = write(dir.path, 'expectations.yaml', 'expectations:\n  - scenario: "gate.fail.*"\n    status: fail\n    reason: Fails on purpose.\n');
  const server = await createReferenceServer({ port: 0 });
  try {
    const report = await run({ url: server.url, scenarios: GATE_SUITE, expectations });
    const gate = report.expectations!;
    assert.ok(gate.ok, gate.unexpected.map((u) => u.message).join('\n'));
    assert.is(exitCodeFor(report), 0);
    assert.ok(validateReport(report), JSON.stringify(validateReport.errors));
    assert.is(report.summary.verdict, 'non-conforming');
    assert.equal(gate.matched.map((m) => m.results.map((r) => r.id)), [['gate.fail.status', 'gate.fail.should']]);
  } finally {
    await server.close();
  }
});

test('run() selects, bails and reports as the CLI does; nothing is printed without reporters', async () => {
  const server = await createReferenceServer({ port: 0 });
  try {
    const seen: string[] = [];
    const report = await run({ url: server.url, scenarios: GATE_SUITE, tags: ['fail', 'pass'], level: 'MUST', bail: true, concurrency: 1, onResult: (r) => seen.push(`${r.id}:${r.status}`) });
    assert.equal(report.selection!.filters, { tags: ['fail', 'pass'], level: 'MUST' });
    assert.is(report.selection!.selected, 3);
    assert.equal(seen, ['gate.pass.signed:pass', 'gate.pass.anonymous:pass', 'gate.fail.status:fail']);
    assert.is(report.selection!.bail, undefined, 'the failure was the last scenario: nothing left to stop');
    assert.is(exitCodeFor(report), 1);
    const written = join(dir.path, 'api-written.yaml');
    const updated = await run({ url: server.url, scenarios: GATE_SUITE, updateExpectations: written });
    assert.equal(updated.expectations!.updated, { file: written, entries: 4, todo: 4, removed: 0 });
    assert.is(exitCodeFor(updated), 0);
    assert.match(readFileSync(written, 'utf8'), /- scenario: gate\.fail\.status\n {4}status: fail\n {4}reason: "TODO: explain"/);
  } finally {
    await server.close();
  }
});

test('run() rejects a bad expectations file or selection with typed errors (exit code 2), before any request', async () => {
  const port = await closedPort();
  const url = `http://127.0.0.1:${port}/api/auth`;
  const bad = write(dir.path, 'bad-api.yaml', 'expectations:\n  - scenario: gate.fail.status\n    status: failed\n    reason: typo\n');
  const error = await run({ url, scenarios: GATE_SUITE, expectations: bad }).catch((e: unknown) => e);
  assert.instance(error, ExpectationsFileError);
  assert.is((error as ExpectationsFileError).exitCode, 2);
  assert.equal((error as ExpectationsFileError).problems.map((p) => [p.line, p.col]), [[3, 13]]);
  const selection = await run({ url, scenarios: GATE_SUITE, requirements: ['BEARER-NOPE'] }).catch((e: unknown) => e);
  assert.instance(selection, UsageError);
  assert.match((selection as Error).message, /matches no requirement/);
});

test('listRun() gives the plan as data without contacting the target', async () => {
  const port = await closedPort();
  const plan = await listRun({ url: `http://127.0.0.1:${port}/api/auth`, scenarios: GATE_SUITE, grep: 'pass' });
  assert.is(plan.targets.length, 1);
  const rows = plan.targets[0]!.scenarios.map((s) => [s.id, s.run, s.reason ?? '']);
  assert.equal(rows.filter(([, runs]) => runs).map(([id]) => id), ['gate.pass.signed', 'gate.pass.anonymous']);
  assert.equal(plan.targets[0]!.scenarios.find((s) => s.id === 'gate.pass.signed')!.requirements, ['BEARER-SIG-1']);
  assert.equal(plan.selection.selected, 2);
  assert.match(renderList(plan), /2 of 6 scenarios would run/);
});

test.run();
