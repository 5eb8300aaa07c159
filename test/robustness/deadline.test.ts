// --deadline: a run that cannot finish in time still ends, aborts what is in flight, writes every
// report and exits 1 with the scenarios not finished named as such. Against the hostile `slow`
// target (right answers, sent late). No timing is asserted beyond "it ended".
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startHostileServer } from '../../fixtures/targets/hostile/server.js';
import { exitCodeFor, run } from '../../conformance/index.js';
import { runCli } from './cli-child.js';

const SURFACE = fileURLToPath(new URL('../../../conformance/scenarios/surface.yaml', import.meta.url));
const DEADLINE_REASON = /^Not (run|finished): the run's deadline \(300 ms\) passed (before it started\.|during .+; its request was aborted\.)$/;

interface Report {
  summary: { verdict: string; explanation: string };
  selection?: { deadline?: { ms: number; not_finished: number } };
  results: { id: string; status: string; reason?: string }[];
}

test('CLI: answers slower than the deadline are aborted; every reporter writes its report, unfinished scenarios say why, exit 1', async () => {
  // Each answer would come a minute late: the first requests are surely in flight when the deadline passes.
  const server = await startHostileServer({ hostility: 'slow', delayMs: 60_000 });
  const dir = mkdtempSync(join(tmpdir(), 'bearer-deadline-'));
  try {
    const file = (ext: string) => join(dir, `report.${ext}`);
    const reporters = ['json', 'junit', 'tap', 'html', 'markdown'].flatMap((name) => ['--reporter', `${name}:${file(name === 'junit' ? 'xml' : name === 'markdown' ? 'md' : name)}`]);
    const cli = await runCli(['--url', server.url, '--scenarios', SURFACE, '--deadline', '300', '--concurrency', '2', '--reporter', 'console', ...reporters], { killAfterMs: 50_000 });
    assert.not.ok(cli.killed, `the run did not end by itself\n${cli.stderr}`);
    assert.is(cli.code, 1, cli.stdout + cli.stderr);
    const report = JSON.parse(readFileSync(file('json'), 'utf8')) as Report;
    assert.is(report.summary.verdict, 'inconclusive');
    assert.match(report.summary.explanation, /^The run's deadline \(300 ms\) passed before \d+ scenario runs? finished, so conformance cannot be established\.$/);
    assert.is(report.selection?.deadline?.ms, 300);
    assert.is(report.selection?.deadline?.not_finished, report.results.length);
    for (const r of report.results) {
      assert.is(r.status, 'skip', `${r.id}: ${r.status}`);
      assert.match(r.reason ?? '', DEADLINE_REASON, r.id);
    }
    assert.ok(report.results.some((r) => r.reason?.startsWith('Not finished')), 'no request in flight was aborted');
    assert.ok(report.results.some((r) => r.reason?.startsWith('Not run')), 'every scenario had started');
    for (const ext of ['xml', 'tap', 'html', 'md']) {
      assert.ok(existsSync(file(ext)), `no ${ext} report`);
      // Markdown escapes the parentheses; the sentence is the same.
      assert.match(readFileSync(file(ext), 'utf8').replace(/\\/g, ''), /deadline \(300 ms\) passed/, `the ${ext} report does not say why`);
    }
    assert.match(cli.stdout, /Deadline: the run's deadline \(300 ms\) passed; \d+ scenario runs? not finished/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  }
});

test('run({ deadline }): what finished in time is judged, the rest is not run; never conforming, exit code 1', async () => {
  const server = await startHostileServer({ hostility: 'slow', delayMs: 100 });
  try {
    const report = await run({ url: server.url, scenarios: SURFACE, deadline: 300, concurrency: 1 });
    const cut = report.results.filter((r) => r.reason !== undefined && DEADLINE_REASON.test(r.reason));
    assert.ok(cut.length > 0, "nothing was cut");
    assert.is(report.selection?.deadline?.not_finished, cut.length);
    assert.is.not(report.summary.verdict, 'conforming');
    assert.is(exitCodeFor(report), 1);
  } finally {
    await server.close();
  }
});

test('--deadline takes a whole number of milliseconds', async () => {
  const cli = await runCli(['--url', 'http://127.0.0.1:9/api/auth', '--deadline', '2s'], { killAfterMs: 20_000 });
  assert.is(cli.code, 2);
  assert.match(cli.stderr, /--deadline takes a whole number of milliseconds, at least 1, but got "2s"; for example --deadline 4\./);
});

test.run();
