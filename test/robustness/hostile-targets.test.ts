// The runner against hostile targets (fixtures/targets/hostile): right answers written to exhaust the
// client. Small sizes here; `npm run bench:memory` measures the real ones. Each run has to end by
// itself, write its report and exit with a verdict code, and each error has to name the limit hit.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startHostileServer, type HostileOptions } from '../../fixtures/targets/hostile/server.js';
import { REPORT_BODY_CHARS } from '../../conformance/engine/retention.js';
import { run } from '../../conformance/index.js';
import type { ScenarioResult } from '../../conformance/model/result.js';
import { runCli, type CliRun } from './cli-child.js';

const SURFACE = fileURLToPath(new URL('../../../conformance/scenarios/surface.yaml', import.meta.url));
const WIRE = fileURLToPath(new URL('../../../conformance/scenarios/wire.yaml', import.meta.url));

interface Report {
  summary: { verdict: string };
  results: { id: string; status: string; reason?: string; error?: { message: string; exchange?: { response?: unknown } } }[];
}

/** Runs the CLI (surface.yaml only) against a hostile target; its run and JSON report. */
async function against(options: HostileOptions, flags: string[]): Promise<{ run: CliRun; report: Report }> {
  const server = await startHostileServer(options);
  const dir = mkdtempSync(join(tmpdir(), 'bearer-hostile-'));
  try {
    const file = join(dir, 'report.json');
    const run = await runCli(['--url', server.url, '--scenarios', SURFACE, '--reporter', 'console', '--reporter', `json:${file}`, ...flags], { killAfterMs: 90_000 });
    assert.not.ok(run.killed, `the run did not end by itself\n${run.stderr}`);
    return { run, report: JSON.parse(readFileSync(file, 'utf8')) as Report };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  }
}

/** Every attempted scenario errored, and each error says `sentence`. */
function everyErrorSays(report: Report, sentence: RegExp): void {
  const judged = report.results.filter((r) => r.status !== 'skip');
  assert.ok(judged.length > 0, 'nothing was attempted');
  for (const r of judged) {
    assert.is(r.status, 'error', `${r.id}: ${r.status}`);
    assert.match(r.error?.message ?? '', sentence, r.id);
  }
}

test('padded answers under --max-body are judged as usual: conforming', async () => {
  const { run, report } = await against({ hostility: 'pad', bytes: 3000 }, ['--max-body', '8192']);
  assert.is(run.code, 0, run.stdout + run.stderr);
  assert.is(report.summary.verdict, 'conforming');
});

test('answers over --max-body: each scenario errs naming the limit and the flag; a report, exit 1', async () => {
  const { run, report } = await against({ hostility: 'pad', bytes: 20_000 }, ['--max-body', '8192']);
  assert.is(run.code, 1, run.stderr);
  assert.is(report.summary.verdict, 'inconclusive');
  everyErrorSays(report, /the response body is larger than the 8 KiB \(8192 bytes\) limit \(Content-Length: \d+\); raise it with --max-body/);
  assert.match(run.stdout, /larger than the 8 KiB \(8192 bytes\) limit/);
});

test('a chunked body that never ends stops at --max-body: a report, exit 1', async () => {
  const { run, report } = await against({ hostility: 'endless' }, ['--max-body', '65536']);
  assert.is(run.code, 1, run.stderr);
  assert.is(report.summary.verdict, 'inconclusive');
  everyErrorSays(report, /larger than the 64 KiB \(65536 bytes\) limit \(more than 65536 bytes arrived\)/);
});

test('a header line over the client\'s header limit: the error names that limit, not "Headers Overflow Error"', async () => {
  const { run, report } = await against({ hostility: 'huge-headers', bytes: 64 * 1024 }, []);
  assert.is(run.code, 1, run.stderr);
  assert.is(report.summary.verdict, 'inconclusive');
  everyErrorSays(report, /status line and headers are larger than the \d+ KiB \(\d+ bytes\) header limit of Node's HTTP client \(raise it with NODE_OPTIONS=--max-http-header-size=<bytes>\)/);
});

test('results keep only the exchanges of failing steps, bodies cut with their size noted; passwords never shown', async () => {
  // A wrong secret makes the wire-compatibility scenarios fail, so there are failing exchanges to keep.
  const server = await startHostileServer({ hostility: 'pad', bytes: 40_000, reference: { secret: 'the-right-secret-0123' } });
  try {
    const results: ScenarioResult[] = [];
    const report = await run({ url: server.url, secret: 'a-wrong-secret-4567', scenarios: [WIRE, SURFACE], maxBody: 100_000, onResult: (r) => results.push(r) });
    assert.ok(results.some((r) => r.status === 'pass') && results.some((r) => r.status === 'fail'), results.map((r) => r.status).join());
    for (const r of results.filter((r) => r.status === 'pass')) assert.equal(r.exchanges, [], `${r.id} kept exchanges`);
    const kept = report.results.flatMap((r) => r.failures.flatMap((f) => (f.exchange?.response ? [f.exchange.response] : [])));
    assert.ok(kept.length > 0, 'no failing exchange was kept');
    for (const res of kept) {
      assert.ok(res.body.length <= REPORT_BODY_CHARS, `a body of ${res.body.length} characters`);
      if (res.body_bytes !== undefined) assert.ok(res.body_bytes > 40_000);
    }
    assert.ok(kept.some((res) => res.body_bytes !== undefined), 'no body was cut');
    const text = JSON.stringify(report);
    assert.not.match(text, /\\"password\\":\\"(?!<redacted:[a-z]+\.password>)/, 'an actor password in the report');
  } finally {
    await server.close();
  }
});

test.run();
