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
import { runCli, type CliRun } from './cli-child.js';

const SURFACE = fileURLToPath(new URL('../../../conformance/scenarios/surface.yaml', import.meta.url));

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

test.run();
