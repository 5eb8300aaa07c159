// --deadline and interruptions (SIGINT, run({ signal })): a run that cannot finish still ends, aborts
// what is in flight, writes every report and exits 1 with the scenarios not finished named as such.
// Against the hostile `slow` target (right answers, sent late) and a server that never answers. No
// timing is asserted beyond "it ended".
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startHostileServer } from '../../fixtures/targets/hostile/server.js';
import { exitCodeFor, run } from '../../conformance/index.js';
import { CLI, runCli } from './cli-child.js';

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

/** A server that never answers; `asked` resolves at the first request. */
async function silentServer(): Promise<{ server: Server; url: string; asked: Promise<void> }> {
  let heard!: () => void;
  const asked = new Promise<void>((resolve) => (heard = resolve));
  const server = createServer(() => heard());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/api/auth`, asked };
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

test('CLI: SIGINT during a run aborts it and still writes the report; the scenarios say so; exit 1', async () => {
  const { server, url, asked } = await silentServer();
  const dir = mkdtempSync(join(tmpdir(), 'bearer-sigint-'));
  try {
    const file = join(dir, 'report.json');
    const child = spawn(process.execPath, [CLI, '--url', url, '--scenarios', SURFACE, '--reporter', `json:${file}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    const ended = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await asked;
    child.kill('SIGINT');
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await ended;
    clearTimeout(guard);
    assert.is(code, 1, stderr);
    assert.match(stderr, /SIGINT: stopping the run and writing the reports; press Ctrl-C again to quit at once/);
    const report = JSON.parse(readFileSync(file, 'utf8')) as Report & { selection?: { interrupted?: { reason: string; not_finished: number } } };
    assert.is(report.summary.verdict, 'inconclusive');
    assert.is(report.selection?.interrupted?.reason, 'the run was interrupted (SIGINT)');
    assert.is(report.selection?.interrupted?.not_finished, report.results.length);
    for (const r of report.results) assert.match(r.reason ?? '', /^Not (run|finished): the run was interrupted \(SIGINT\) /, r.id);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await close(server);
  }
});

test('run({ signal }): aborting it ends the run at once with a report, its reason quoted; no target is called unreachable', async () => {
  const { server, url, asked } = await silentServer();
  const controller = new AbortController();
  void asked.then(() => controller.abort('the run was interrupted (test)'));
  try {
    const report = await run({ url, scenarios: SURFACE, signal: controller.signal });
    assert.is(report.selection?.interrupted?.reason, 'the run was interrupted (test)');
    assert.is(report.selection?.deadline, undefined);
    assert.ok(report.results.every((r) => r.status === 'skip'));
    assert.is(exitCodeFor(report), 1);
  } finally {
    await close(server);
  }
});

test.run();
