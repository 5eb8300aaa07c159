// Throughput of bearer-authenticated get-session: the reference against a bare node:http server
// answering the same body (the ceiling) and against the better-auth target. Each server runs in its
// own child process; autocannon runs here. Rounds are interleaved (the order rotates each round), so
// drift on a shared machine hits every server alike, and the figures are medians over rounds.
import { randomBytes } from 'node:crypto';
import autocannon, { type Result } from 'autocannon';
import { request } from 'undici';
import { startChildServer, type ChildServer } from './child-server.js';
import { percentileSorted } from './stats.js';

export interface ThroughputOptions {
  rounds: number;
  /** Seconds per measured run. */
  duration: number;
  /** Seconds of unmeasured load per server before the first round. */
  warmup: number;
  connections: number;
  /** Other builds of the reference CLI (e.g. patched scratch copies) to measure next to it. */
  candidates: string[];
  log: (line: string) => void;
}

export interface TargetFigures {
  name: string;
  /** Per round: successful requests per second. */
  rps: number[];
  /** Per round: latency percentiles in milliseconds. */
  p50: number[];
  p99: number[];
  /** Per round: share of one core the server process used (1 = one core fully busy). */
  cpu: number[];
  /** Per round: requests answered per CPU-second of the server process. */
  perCpuSecond: number[];
  /** Per round: microseconds of user CPU (the server's own code) and system CPU (the kernel) per request. */
  userUs: number[];
  systemUs: number[];
  /** Summed over all rounds; mismatches come from the identity check (2xx with another body). */
  problems: { errors: number; timeouts: number; non2xx: number; mismatches: number };
}

export interface ThroughputResult {
  targets: TargetFigures[];
  /** Per round ratios, measured in the same round. */
  refOverBare: number[];
  refOverBetterAuth: number[];
  refOverBareCpu: number[];
  refOverBetterAuthCpu: number[];
  candidates: { name: string; path: string; overBare: number[]; overBareCpu: number[]; overReferenceCpu: number[] }[];
}

const ORIGIN = 'http://localhost:3000';

interface Bench {
  name: string;
  server: ChildServer;
  url: string;
  bearer: string;
  body: string;
}

export async function benchThroughput(opts: ThroughputOptions): Promise<ThroughputResult> {
  const servers: ChildServer[] = [];
  const start = async (script: string, args: string[] = []) => {
    const server = await startChildServer(script, args);
    servers.push(server);
    return server;
  };
  try {
    const secret = ['--secret', randomBytes(24).toString('base64url')];
    const ref = await prepare('reference', await start('dist/reference/cli.js', secret));
    const ba = await prepare('better-auth', await start('dist/fixtures/targets/better-auth/cli.js'));
    const candidates: Bench[] = [];
    for (const [i, path] of opts.candidates.entries()) candidates.push(await prepare(`candidate ${i + 1}`, await start(path, secret)));
    const bareServer = await start('dist/scripts/bench/bare-server.js', [ref.body]);
    const bare: Bench = { name: 'bare node:http', server: bareServer, url: `${bareServer.url}/get-session`, bearer: ref.bearer, body: ref.body };

    const benches = [bare, ref, ...candidates, ba];
    opts.log(`warm-up: ${opts.warmup} s per server, ${opts.connections} connections`);
    for (const b of benches) await run(b, opts.warmup, opts.connections);
    // Identity under load, checked apart from the measured runs: comparing every body costs the load
    // generator enough CPU to cap the bare server's figure.
    const mismatches = new Map<string, number>();
    for (const b of benches) {
      const check = await run(b, 1, opts.connections, { expectBody: true });
      mismatches.set(b.name, check.mismatches + check.non2xx + check.errors);
    }

    const figures = new Map<string, TargetFigures>(benches.map((b) => [b.name, emptyFigures(b.name)]));
    for (const [name, n] of mismatches) figures.get(name)!.problems.mismatches += n;
    for (let round = 0; round < opts.rounds; round++) {
      // Rotate the order so no server always runs first (or right after the heaviest one).
      const order = benches.map((_, i) => benches[(i + round) % benches.length]!);
      for (const b of order) {
        const m = await measure(b, opts.duration, opts.connections);
        const f = figures.get(b.name)!;
        f.rps.push(m.rps);
        f.p50.push(m.p50);
        f.p99.push(m.p99);
        f.cpu.push(m.cpu);
        f.perCpuSecond.push(m.perCpuSecond);
        f.userUs.push(m.userUs);
        f.systemUs.push(m.systemUs);
        f.problems.errors += m.result.errors;
        f.problems.timeouts += m.result.timeouts;
        f.problems.non2xx += m.result.non2xx;
      }
      opts.log(`round ${round + 1}/${opts.rounds}: ` + benches.map((b) => `${b.name} ${Math.round(figures.get(b.name)!.rps.at(-1)!)} req/s`).join(', '));
    }
    const f = (b: Bench) => figures.get(b.name)!;
    const perRound = (a: number[], b: number[]) => a.map((v, i) => v / b[i]!);
    return {
      targets: benches.map(f),
      refOverBare: perRound(f(ref).rps, f(bare).rps),
      refOverBetterAuth: perRound(f(ref).rps, f(ba).rps),
      refOverBareCpu: perRound(f(ref).perCpuSecond, f(bare).perCpuSecond),
      refOverBetterAuthCpu: perRound(f(ref).perCpuSecond, f(ba).perCpuSecond),
      candidates: candidates.map((c, i) => ({
        name: c.name,
        path: opts.candidates[i]!,
        overBare: perRound(f(c).rps, f(bare).rps),
        overBareCpu: perRound(f(c).perCpuSecond, f(bare).perCpuSecond),
        overReferenceCpu: perRound(f(c).perCpuSecond, f(ref).perCpuSecond),
      })),
    };
  } finally {
    await Promise.allSettled(servers.map((s) => s.stop()));
  }
}

function emptyFigures(name: string): TargetFigures {
  return { name, rps: [], p50: [], p99: [], cpu: [], perCpuSecond: [], userUs: [], systemUs: [], problems: { errors: 0, timeouts: 0, non2xx: 0, mismatches: 0 } };
}

/**
 * Signs a fresh user up, then checks that get-session with the set-auth-token value as bearer answers
 * that user: the body of that answer is what every benchmarked response has to match.
 */
async function prepare(name: string, server: ChildServer): Promise<Bench> {
  const email = `bench-${randomBytes(6).toString('hex')}@conformance.test`;
  const signUp = await request(`${server.url}/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify({ email, password: randomBytes(15).toString('base64url'), name: 'bench' }),
  });
  const signUpBody = (await signUp.body.json()) as { user?: { id?: string } };
  const bearer = signUp.headers['set-auth-token'];
  if (signUp.statusCode !== 200 || typeof bearer !== 'string' || !signUpBody.user?.id) {
    throw new Error(`${name}: sign-up answered ${signUp.statusCode} without a set-auth-token; cannot benchmark it.`);
  }
  const url = `${server.url}/get-session`;
  const check = await request(url, { headers: { authorization: `Bearer ${bearer}` } });
  const body = await check.body.text();
  const parsed = JSON.parse(body) as { user?: { id?: string } } | null;
  if (check.statusCode !== 200 || parsed?.user?.id !== signUpBody.user.id) {
    throw new Error(`${name}: get-session with the bearer did not answer the signed-up user (${check.statusCode} ${body.slice(0, 200)}).`);
  }
  return { name, server, url, bearer, body };
}

function run(b: Bench, duration: number, connections: number, extra: { expectBody?: boolean; onLatency?: (ms: number) => void } = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: b.url,
        connections,
        duration,
        headers: { authorization: `Bearer ${b.bearer}` },
        ...(extra.expectBody ? { expectBody: b.body } : {}),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    // autocannon's own histogram keeps whole milliseconds; sub-millisecond latencies need the raw times.
    const onLatency = extra.onLatency;
    if (onLatency) instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => onLatency(ms));
  });
}

async function measure(b: Bench, duration: number, connections: number) {
  let latencies = new Float64Array(1 << 16);
  let n = 0;
  const before = b.server.cpuSplit();
  const result = await run(b, duration, connections, { onLatency: (ms) => {
    if (n === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[n++] = ms;
  } });
  const after = b.server.cpuSplit();
  const user = after.user - before.user;
  const system = after.system - before.system;
  const cpuUsed = user + system;
  const sorted = latencies.subarray(0, n).sort();
  const ok = result['2xx'];
  return {
    result,
    rps: ok / result.duration,
    p50: percentileSorted(sorted, 50),
    p99: percentileSorted(sorted, 99),
    cpu: cpuUsed / result.duration,
    perCpuSecond: ok / cpuUsed,
    userUs: (user / ok) * 1e6,
    systemUs: (system / ok) * 1e6,
  };
}

