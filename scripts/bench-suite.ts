// Speed of the suite itself:
//   - wall time of the embedded run, `node dist/conformance/cli.js`, spawn to exit;
//   - the runner's overhead: run() in this process against a plain undici loop (replay.ts) sending
//     the same requests to fresh reference servers in the same two profiles, same concurrency;
//   - cold start: spawn of `node dist/conformance/cli.js --url ...` to its first request arriving.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { run } from '../conformance/index.js';
import { EMBEDDED_EXPOSED_HEADER, PROFILES } from '../conformance/embedded.js';
import type { ScenarioResult } from '../conformance/result.js';
import { DEFAULT_CONCURRENCY } from '../conformance/run.js';
import { DEFAULT_ORIGIN } from '../conformance/target.js';
import { createReferenceApp, createReferenceServer, type ReferenceServer } from '../reference/index.js';
import { replay, type RecordedScenario } from './replay.js';
import { median, spread } from './stats.js';

export interface SuiteResult {
  lines: string[];
}

const CLI = 'dist/conformance/cli.js';

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
  const runner: number[] = [];
  const plain: number[] = [];
  let requests = 0;
  let failures = 0;
  let scenarios = 0;
  for (let i = 0; i < opts.runs; i++) {
    const recorded: RecordedScenario[] = [];
    const t0 = performance.now();
    await run({ onResult: (r: ScenarioResult) => recorded.push({ target: r.target, exchanges: r.exchanges }) });
    runner.push(performance.now() - t0);
    scenarios = recorded.length;

    const t1 = performance.now();
    const servers = await startProfiles();
    try {
      const stats = await replay(recorded, (name) => servers.get(name)!.url, { concurrency: DEFAULT_CONCURRENCY });
      requests = stats.requests;
      failures += stats.failures;
    } finally {
      await Promise.all([...servers.values()].map((s) => s.close()));
    }
    plain.push(performance.now() - t1);
  }
  const ratios = runner.map((r, i) => r / plain[i]!);
  const rs = spread(ratios);
  lines.push(`runner, run() in-process:       ${ms(runner)}   ${scenarios} scenario runs, ${requests} requests   command: run() from dist/conformance/index.js`);
  lines.push(`plain undici loop, same requests: ${ms(plain)}${failures ? `   (${failures} requests unanswered)` : ''}   command: scripts/replay.ts`);
  lines.push(
    `runner / plain loop:            ${median(ratios).toFixed(2)} [${rs.min.toFixed(2)}..${rs.max.toFixed(2)}]  target <= 1.5: ${median(ratios) <= 1.5 ? 'met' : 'MISSED'}`,
  );

  opts.log('CLI cold start ...');
  const cold: number[] = [];
  for (let i = 0; i < opts.runs; i++) cold.push(await coldStart());
  lines.push(`CLI cold start to first request: ${ms(cold)}   command: node ${CLI} --url <reference> --reporter json --output /dev/null`);
  return { lines };
}

/** The two embedded profiles, as conformance/embedded.ts starts them, keyed by profile name. */
async function startProfiles(): Promise<Map<string, ReferenceServer>> {
  const servers = new Map<string, ReferenceServer>();
  for (const profile of PROFILES) {
    servers.set(
      profile.name,
      await createReferenceServer({
        port: 0,
        host: '127.0.0.1',
        secret: randomBytes(32).toString('base64url'),
        requireSignature: profile.requireSignature,
        trustedOrigins: [DEFAULT_ORIGIN],
        exposeHeaders: [EMBEDDED_EXPOSED_HEADER],
      }),
    );
  }
  return servers;
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
