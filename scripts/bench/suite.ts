// Speed of the suite itself:
//   - wall time of the embedded run, `node dist/conformance/cli.js`, spawn to exit;
//   - the runner's overhead: run() in this process against a plain undici loop (replay.ts) sending
//     the same requests to the same two reference servers (child processes), same concurrency; once
//     end to end (each run() reads and checks the scenario files, as a CLI run does once), and once
//     for the execution alone (the engine, runTarget, on a suite loaded before the clock starts);
//   - the 105-request slice (signatures + precedence), issue 15: the runner's in-process time in a
//     fresh node against a plain undici loop sending the same requests (slice-child.ts), beside Step
//     CI's run phase on the same slice;
//   - cold start: spawn of `node dist/conformance/cli.js --url ...` to its first request arriving.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { startChildServer, type ChildServer } from './child-server.js';
import { replay, type RecordedScenario } from './replay.js';
import { median, spread } from './stats.js';
import { DEFAULT_CONCURRENCY, runTarget } from '../../conformance/engine/run.js';
import { run } from '../../conformance/index.js';
import type { ScenarioResult } from '../../conformance/model/result.js';
import { DEFAULT_ORIGIN } from '../../conformance/model/target.js';
import { EMBEDDED_EXPOSED_HEADER, PROFILES, profileRuns } from '../../conformance/plan/embedded.js';
import { loadSuite } from '../../conformance/suite/load.js';
import { createReferenceApp } from '../../reference/index.js';

export interface SuiteResult {
  lines: string[];
}

const CLI = 'dist/conformance/cli.js';
const SLICE_CHILD = 'dist/scripts/bench/slice-child.js';
/** Step CI's run phase on the same 105-request slice, as issue 15 measured it (its module loading, 2.6 s, left out). */
const STEP_CI_SLICE_MS = 360;

export async function benchSuite(opts: { runs: number; log: (line: string) => void }): Promise<SuiteResult> {
  const lines: string[] = [];
  const ms = (values: number[]) => {
    const s = spread(values);
    return `${Math.round(median(values))} ms [${Math.round(s.min)}..${Math.round(s.max)}]`;
  };

  // Node itself, for scale: the floor under every spawn below.
  const nodeStart: number[] = [];
  for (let i = 0; i < opts.runs; i++) nodeStart.push((await spawnTimed(['-e', '0'])).ms);

  opts.log('embedded CLI runs ...');
  const wall: number[] = [];
  const codes = new Set<number | null>();
  for (let i = 0; i < opts.runs; i++) {
    const r = await spawnTimed([CLI]);
    wall.push(r.ms);
    codes.add(r.code);
  }
  lines.push(`embedded run, end to end:       ${ms(wall)}  exit code ${[...codes].join('/')}   command: node ${CLI}`);
  lines.push(`  node start-up alone:          ${ms(nodeStart)}   command: node -e 0`);

  opts.log('runner vs plain undici replay ...');
  // Both against the same two reference servers in child processes, so this process does only the
  // client's work and its CPU time is the runner's (or the plain loop's) own cost.
  const servers = await startProfileServers();
  const runner: number[] = [];
  const plain: number[] = [];
  const runnerCpu: number[] = [];
  const plainCpu: number[] = [];
  const engine: number[] = [];
  const enginePlain: number[] = [];
  const suite = await loadSuite();
  let requests = 0;
  let failures = 0;
  let scenarios = 0;
  try {
    for (let i = 0; i < opts.runs; i++) {
      const recorded: RecordedScenario[] = [];
      let t0 = performance.now();
      let cpu0 = process.cpuUsage();
      await Promise.all(
        servers.map((p) =>
          run({
            url: p.server.url,
            requireSignature: p.requireSignature,
            secret: p.secret,
            schemaUrl: `${p.server.url}/schema`,
            exposeHeaders: [EMBEDDED_EXPOSED_HEADER],
            onResult: (r: ScenarioResult) => recorded.push({ target: p.name, exchanges: r.exchanges }),
          }),
        ),
      );
      runner.push(performance.now() - t0);
      runnerCpu.push(cpuMs(process.cpuUsage(cpu0)));
      scenarios = recorded.filter((r) => r.exchanges.length > 0).length;

      t0 = performance.now();
      cpu0 = process.cpuUsage();
      const stats = await replay(recorded, (name) => servers.find((p) => p.name === name)!.server.url, { concurrency: DEFAULT_CONCURRENCY });
      plain.push(performance.now() - t0);
      plainCpu.push(cpuMs(process.cpuUsage(cpu0)));
      requests = stats.requests;
      failures += stats.failures;

      // The execution alone: the suite was loaded once above, as a long-lived caller would.
      const executed: RecordedScenario[] = [];
      t0 = performance.now();
      await Promise.all(
        servers.map((p) => {
          const target = { name: p.name, url: p.server.url, requireSignature: p.requireSignature, secret: p.secret, origin: DEFAULT_ORIGIN, schemaUrl: `${p.server.url}/schema`, exposedHeaders: [EMBEDDED_EXPOSED_HEADER] };
          return runTarget(target, suite.filter((s) => profileRuns(target, s)), {
            concurrency: DEFAULT_CONCURRENCY,
            onResult: (r) => executed.push({ target: p.name, exchanges: r.exchanges }),
          });
        }),
      );
      engine.push(performance.now() - t0);
      t0 = performance.now();
      await replay(executed, (name) => servers.find((p) => p.name === name)!.server.url, { concurrency: DEFAULT_CONCURRENCY });
      enginePlain.push(performance.now() - t0);
    }
  } finally {
    await Promise.all(servers.map((p) => p.server.stop()));
  }
  const ratios = runner.map((r, i) => r / plain[i]!);
  const cpuRatios = runnerCpu.map((r, i) => r / plainCpu[i]!);
  const rs = spread(ratios);
  const cs = spread(cpuRatios);
  lines.push(`runner, run() on both profiles: ${ms(runner)} wall, ${ms(runnerCpu)} CPU here   ${scenarios} scenario runs, ${requests} requests   command: run() from dist/conformance/index.js`);
  lines.push(`plain undici loop, same requests: ${ms(plain)} wall, ${ms(plainCpu)} CPU here${failures ? `   (${failures} requests unanswered)` : ''}   command: scripts/bench/replay.ts`);
  lines.push(`  (servers: two bearer-reference child processes, permissive and signed-only, as the embedded run has them)`);
  lines.push(
    `runner / plain loop, wall:      ${median(ratios).toFixed(2)} [${rs.min.toFixed(2)}..${rs.max.toFixed(2)}]  target <= 1.5: ${median(ratios) <= 1.5 ? 'met' : 'MISSED'}`,
  );
  const engineRatios = engine.map((r, i) => r / enginePlain[i]!);
  const es = spread(engineRatios);
  lines.push(`execution alone (runTarget on a suite loaded beforehand): ${ms(engine)} wall against ${ms(enginePlain)} for the plain loop`);
  lines.push(`runner / plain loop, execution: ${median(engineRatios).toFixed(2)} [${es.min.toFixed(2)}..${es.max.toFixed(2)}]  (the end-to-end ratio above also counts reading and checking the scenario files, twice per round: one run() per profile)`);
  lines.push(`runner / plain loop, CPU:       ${median(cpuRatios).toFixed(2)} [${cs.min.toFixed(2)}..${cs.max.toFixed(2)}]  (the runner's own work: loading, templates, checks, report)`);

  return { lines };
}

/**
 * Start-up figures (issue 15): what the CLI does before its first request, the slice in-process
 * against a plain undici loop, and the CLI's cold start to its first request.
 */
export async function benchStart(opts: { runs: number; log: (line: string) => void }): Promise<SuiteResult> {
  const lines: string[] = [];
  const ms = (values: number[]) => {
    const s = spread(values);
    return `${Math.round(median(values))} ms [${Math.round(s.min)}..${Math.round(s.max)}]`;
  };
  opts.log('what the CLI does before its first request ...');
  const phases = { importMs: [] as number[], loadMs: [] as number[] };
  for (let i = 0; i < opts.runs; i++) {
    const p = await startupPhases();
    phases.importMs.push(p.importMs);
    phases.loadMs.push(p.loadMs);
  }
  lines.push(`  import of dist/conformance/index.js: ${ms(phases.importMs)}; loadSuite() of the bundled scenarios: ${ms(phases.loadMs)}   (fresh node each)`);

  opts.log('the signatures + precedence slice, in a fresh node each round ...');
  const slice = { run: [] as number[], plain: [] as number[], requests: [] as number[] };
  for (let i = 0; i < opts.runs; i++) {
    const r = await sliceRound();
    slice.run.push(r.runMs);
    slice.plain.push(r.plainMs);
    slice.requests.push(r.requests);
  }
  const sliceRatios = slice.run.map((r, i) => r / slice.plain[i]!);
  const sr = spread(sliceRatios);
  lines.push(`slice (signatures.yaml + precedence.yaml, ${median(slice.requests)} requests, median), one target:`);
  lines.push(`  runner in-process, run() after import: ${ms(slice.run)}   target <= ${STEP_CI_SLICE_MS} ms (Step CI's run phase on the same slice): ${median(slice.run) <= STEP_CI_SLICE_MS ? 'met' : 'MISSED'}   command: node ${SLICE_CHILD}`);
  lines.push(`  plain undici loop, same requests:      ${ms(slice.plain)}   runner / plain loop ${median(sliceRatios).toFixed(2)} [${sr.min.toFixed(2)}..${sr.max.toFixed(2)}]`);

  opts.log('CLI cold start ...');
  const cold: number[] = [];
  for (let i = 0; i < opts.runs; i++) cold.push(await coldStart());
  lines.push(`CLI cold start to first request: ${ms(cold)}   target < 500 ms: ${median(cold) < 500 ? 'met' : 'MISSED'}   command: node ${CLI} --url <reference> --reporter json --output /dev/null`);
  return { lines };
}

interface ProfileServer {
  name: string;
  requireSignature: boolean;
  secret: string;
  server: ChildServer;
}

/** The two embedded profiles (conformance/plan/embedded.ts), as bearer-reference child processes. */
async function startProfileServers(): Promise<ProfileServer[]> {
  const servers: ProfileServer[] = [];
  for (const profile of PROFILES) {
    const secret = randomBytes(32).toString('base64url');
    const args = ['--secret', secret, '--trusted-origin', DEFAULT_ORIGIN, '--expose-header', EMBEDDED_EXPOSED_HEADER];
    if (profile.requireSignature) args.push('--require-signature');
    servers.push({ name: profile.name, requireSignature: profile.requireSignature, secret, server: await startChildServer('dist/reference/cli.js', args) });
  }
  return servers;
}

/** One slice round: two fresh permissive reference servers, one for the runner and one for the plain loop. */
async function sliceRound(): Promise<{ runMs: number; plainMs: number; requests: number }> {
  const secret = randomBytes(32).toString('base64url');
  const args = ['--secret', secret, '--trusted-origin', DEFAULT_ORIGIN];
  const [forRunner, forPlain] = await Promise.all([startChildServer('dist/reference/cli.js', args), startChildServer('dist/reference/cli.js', args)]);
  try {
    const child = spawn(process.execPath, [SLICE_CHILD, forRunner.url, forPlain.url, secret], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (t: string) => (out += t));
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`${SLICE_CHILD} exited with ${code}`);
    return JSON.parse(out) as { runMs: number; plainMs: number; requests: number };
  } finally {
    await Promise.all([forRunner.stop(), forPlain.stop()]);
  }
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

/** Milliseconds a fresh node takes to import the runner, then to load and check the bundled scenarios. */
async function startupPhases(): Promise<{ importMs: number; loadMs: number }> {
  const index = new URL('../../conformance/index.js', import.meta.url).href;
  const code = `const t0 = performance.now(); const m = await import(${JSON.stringify(index)}); const t1 = performance.now(); await m.loadSuite(); console.log(JSON.stringify({ importMs: t1 - t0, loadMs: performance.now() - t1 }));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (t: string) => (out += t));
  await once(child, 'exit');
  return JSON.parse(out) as { importMs: number; loadMs: number };
}

async function spawnTimed(args: string[]): Promise<{ ms: number; code: number | null }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: 'ignore' });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { ms: performance.now() - t0, code };
}

/** Milliseconds from spawning the CLI to its first request reaching a reference server here. */
async function coldStart(): Promise<number> {
  const app = createReferenceApp({ secret: randomBytes(16).toString('hex') });
  let firstRequest: (at: number) => void;
  const arrived = new Promise<number>((resolve) => (firstRequest = resolve));
  const server = await app.listen((req) => {
    firstRequest(performance.now());
    return app.respond(req);
  });
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, '--url', server.url, '--reporter', 'json', '--output', '/dev/null'], { stdio: 'ignore' });
  const exited = once(child, 'exit');
  const exitedFirst = exited.then(() => {
    throw new Error('the CLI exited before sending any request');
  });
  exitedFirst.catch(() => undefined); // only matters when it wins the race below
  try {
    const at = await Promise.race([arrived, exitedFirst]);
    return at - t0;
  } finally {
    child.kill('SIGTERM');
    await exited.catch(() => undefined);
    await server.close();
  }
}
