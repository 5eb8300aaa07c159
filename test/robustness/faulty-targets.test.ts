// The conformance CLI against targets that fail below the bearer behaviour: nothing listening,
// hanging, resetting, garbage, invalid JSON, 500s, slowness. Every run has to end within its
// timeouts (the bounds below are generous: they prove "ends", not "fast"), write a report, exit with
// the documented code, and say in its failures what happened. A target that never answers anything
// is unreachable (exit 4) after its first timeout, not after one timeout per scenario.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './cli-child.js';
import { closedPort, FAULTS, startFaultyServer, type Fault } from './faulty-servers.js';
import { specFile } from '../../conformance/suite/spec-files.js';

/** A small bundled scenario file keeps each run short; the full suite is run once, against a hang. */
const SURFACE = fileURLToPath(new URL('../../../conformance/scenarios/surface.yaml', import.meta.url));
const TIMEOUT_MS = 500;
const TIMED_OUT = new RegExp(`no complete response within ${TIMEOUT_MS} ms`);

interface ReportResult {
  id: string;
  status: 'pass' | 'fail' | 'skip' | 'error';
  reason?: string;
  failure?: { message: string };
}
interface Report {
  summary: { verdict: string };
  results: ReportResult[];
}

/** Faults after which the target has answered something: each scenario errs or fails on its own (exit 1). */
const JUDGED: { fault: Fault; verdict: string; names: RegExp }[] = [
  { fault: 'reset', verdict: 'inconclusive', names: /connection was closed before a complete response/ },
  { fault: 'garbage', verdict: 'inconclusive', names: /the target answered bytes that are not an HTTP\/1\.0 or HTTP\/1\.1 response \(Response does not match the HTTP\/1\.1 protocol/ },
  { fault: 'invalid-json', verdict: 'non-conforming', names: /the answer carries no session credential/ },
  { fault: 'server-error', verdict: 'non-conforming', names: /answered 500/ },
  // Headers arrive at once, then the body never ends: the target did answer, so a timeout is per scenario.
  { fault: 'trickle', verdict: 'inconclusive', names: TIMED_OUT },
];

/** Faults in which no request is answered within the timeout: the target is unreachable (exit 4). */
const SILENT: Fault[] = ['hang', 'slow'];

const validateReport = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(specFile('report.schema.json'), 'utf8')) as object);

interface UnreachableReport {
  summary: { verdict: string; explanation: string };
  targets: { url: string; secret_given: boolean }[];
  unreachable: { url: string; kind: string; code: string; timeout_ms?: number; reason: string };
}

/** The minimal report of exit 4: valid against the schema, naming the target and why. */
function checkUnreachableReport(text: string, url: string, kind: 'refused' | 'silent'): UnreachableReport {
  const report = JSON.parse(text) as UnreachableReport;
  assert.ok(validateReport(report), JSON.stringify(validateReport.errors, null, 1));
  assert.is(report.summary.verdict, 'unreachable');
  assert.equal([report.targets[0]!.url, report.unreachable.url, report.unreachable.kind], [url, url, kind]);
  assert.is(report.summary.explanation, report.unreachable.reason);
  return report;
}

function messageOf(r: ReportResult): string {
  return r.failure?.message ?? r.reason ?? '';
}

for (const { fault, verdict, names } of JUDGED) {
  test(`a target that ${FAULTS[fault]}: exit 1, a ${verdict} report, failures that say so`, async () => {
    const server = await startFaultyServer(fault);
    const dir = mkdtempSync(join(tmpdir(), 'bearer-faulty-'));
    try {
      const file = join(dir, 'report.json');
      // One of them reports to standard output, the others to a file.
      const toStdout = fault === 'server-error';
      const reporter = toStdout ? ['--reporter', 'json'] : ['--reporter', 'json', '--output', file];
      const run = await runCli(['--url', server.url, '--timeout', String(TIMEOUT_MS), '--scenarios', SURFACE, ...reporter], { killAfterMs: 90_000 });
      assert.not.ok(run.killed, `the run did not end by itself within 90 s\n${run.stderr}`);
      assert.ok(run.ms < 45_000, `the run took ${Math.round(run.ms)} ms with a ${TIMEOUT_MS} ms timeout`);
      assert.is(run.code, 1, `exit code ${run.code}\n${run.stderr}`);
      const report = JSON.parse(toStdout ? run.stdout : readFileSync(file, 'utf8')) as Report;
      assert.is(report.summary.verdict, verdict);
      const judged = report.results.filter((r) => r.status !== 'skip');
      assert.ok(judged.length > 0, 'no scenario was attempted');
      for (const r of judged) {
        assert.ok(r.status === 'fail' || r.status === 'error', `${r.id} is ${r.status}`);
        // A loaded machine may turn a quick fault into a timeout; anything else is a wrong diagnosis.
        assert.ok(names.test(messageOf(r)) || TIMED_OUT.test(messageOf(r)), `${r.id}: ${messageOf(r)}`);
      }
      assert.ok(judged.some((r) => names.test(messageOf(r))), `no failure names the fault: ${judged.map(messageOf).join(' | ')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await server.close();
    }
  });
}

for (const fault of SILENT) {
  test(`a target that ${FAULTS[fault]}: exit 4 with a sentence saying it answered nothing within ${TIMEOUT_MS} ms`, async () => {
    const server = await startFaultyServer(fault);
    const dir = mkdtempSync(join(tmpdir(), 'bearer-faulty-'));
    try {
      // Every file reporter writes the minimal report; the console prints nothing (the sentence is on stderr).
      const files = { json: join(dir, 'report.json'), junit: join(dir, 'report.xml'), tap: join(dir, 'report.tap') };
      const reporters = ['--reporter', 'console', '--reporter', 'json', '--output', files.json, '--reporter', `junit:${files.junit}`, '--reporter', `tap:${files.tap}`];
      const run = await runCli(['--url', server.url, '--timeout', String(TIMEOUT_MS), '--scenarios', SURFACE, '--secret', 'faulty-target-secret-value', ...reporters], { killAfterMs: 60_000 });
      assert.not.ok(run.killed, `the run did not end by itself within 60 s\n${run.stderr}`);
      assert.is(run.code, 4, `exit code ${run.code}\n${run.stderr}`);
      const sentence = `The target at ${server.url} accepted connections but answered none of the requests within ${TIMEOUT_MS} ms`;
      assert.match(run.stderr, sentence);
      assert.match(run.stderr, /--timeout/, 'the message says what to do next');
      assert.is(run.stdout, '');
      const report = checkUnreachableReport(readFileSync(files.json, 'utf8'), server.url, 'silent');
      assert.is(report.unreachable.timeout_ms, TIMEOUT_MS);
      assert.ok(report.unreachable.reason.startsWith(sentence), report.unreachable.reason);
      assert.is(report.targets[0]!.secret_given, true);
      const junit = readFileSync(files.junit, 'utf8');
      assert.match(junit, /<error message="The target at [^"]+ accepted connections but answered none of the requests/);
      assert.match(readFileSync(files.tap, 'utf8'), new RegExp(`\nBail out! ${sentence.replace(/[.]/g, '\\.')}`));
      for (const text of [JSON.stringify(report), junit, readFileSync(files.tap, 'utf8'), run.stderr]) assert.not.ok(text.includes('faulty-target-secret-value'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await server.close();
    }
  });
}

test('nothing listening: exit 4 with a sentence naming the refused connection, and the minimal report', async () => {
  const port = await closedPort();
  const run = await runCli(['--url', `http://127.0.0.1:${port}/api/auth`, '--timeout', String(TIMEOUT_MS), '--scenarios', SURFACE, '--reporter', 'json'], { killAfterMs: 60_000 });
  assert.not.ok(run.killed, 'the run did not end by itself');
  assert.ok(run.ms < 30_000, `the run took ${Math.round(run.ms)} ms`);
  assert.is(run.code, 4, `exit code ${run.code}\n${run.stderr}`);
  assert.match(run.stderr, /cannot be reached \(ECONNREFUSED\)/);
  assert.match(run.stderr, /--url/, 'the message says what to check');
  const report = checkUnreachableReport(run.stdout, `http://127.0.0.1:${port}/api/auth`, 'refused');
  assert.is(report.unreachable.code, 'ECONNREFUSED');
});

test('the whole bundled suite against a hanging target stops at the first timeout (--timeout 300): exit 4', async () => {
  // A hanging server of its own, to count the requests the run sent (connections that carried bytes).
  const sockets = new Set<Socket>();
  let requests = 0;
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.once('data', () => requests++);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/auth`;
  try {
    const run = await runCli(['--url', url, '--timeout', '300', '--reporter', 'json'], { killAfterMs: 120_000 });
    assert.not.ok(run.killed, 'the run did not end by itself within 120 s');
    assert.is(run.code, 4, run.stderr);
    assert.match(run.stderr, `The target at ${url} accepted connections but answered none of the requests within 300 ms`);
    // Only the first scenarios (eight at a time) sent a request; waiting out every scenario's
    // timeout would have sent one per scenario.
    assert.ok(requests >= 1 && requests <= 8, `${requests} requests were sent`);
    checkUnreachableReport(run.stdout, url, 'silent');
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test.run();
