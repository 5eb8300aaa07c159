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
  /** Summed over all rounds: anything that was not a 2xx with the expected body. */
  problems: { errors: number; timeouts: number; non2xx: number; mismatches: number };
}

export interface ThroughputResult {
  targets: TargetFigures[];
  /** Per round ratios, measured in the same round. */
  refOverBare: number[];
  refOverBetterAuth: number[];
  refOverBareCpu: number[];
  refOverBetterAuthCpu: number[];
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
  try {
    const reference = await startChildServer('dist/reference/cli.js', ['--secret', randomBytes(24).toString('base64url')]);
    servers.push(reference);
    const betterAuth = await startChildServer('dist/fixtures/targets/better-auth/cli.js');
    servers.push(betterAuth);

    const ref = await prepare('reference', reference);
    const ba = await prepare('better-auth', betterAuth);
    const bareServer = await startChildServer('dist/scripts/bench-bare-server.js', [ref.body]);
    servers.push(bareServer);
    const bare: Bench = { name: 'bare node:http', server: bareServer, url: `${bareServer.url}/get-session`, bearer: ref.bearer, body: ref.body };

    const benches = [bare, ref, ba];
    opts.log(`warm-up: ${opts.warmup} s per server, ${opts.connections} connections`);
    for (const b of benches) await load(b, opts.warmup, opts.connections);

    const figures = new Map<string, TargetFigures>(benches.map((b) => [b.name, emptyFigures(b.name)]));
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
        f.problems.errors += m.result.errors;
        f.problems.timeouts += m.result.timeouts;
        f.problems.non2xx += m.result.non2xx;
        f.problems.mismatches += m.result.mismatches;
      }
      const r = (name: string) => figures.get(name)!;
      opts.log(
        `round ${round + 1}/${opts.rounds}: ` +
          benches.map((b) => `${b.name} ${Math.round(r(b.name).rps.at(-1)!)} req/s`).join(', '),
      );
    }
    const [fb, fr, fa] = benches.map((b) => figures.get(b.name)!) as [TargetFigures, TargetFigures, TargetFigures];
    const perRound = (a: number[], b: number[]) => a.map((v, i) => v / b[i]!);
    return {
      targets: [fb, fr, fa],
      refOverBare: perRound(fr.rps, fb.rps),
      refOverBetterAuth: perRound(fr.rps, fa.rps),
      refOverBareCpu: perRound(fr.perCpuSecond, fb.perCpuSecond),
      refOverBetterAuthCpu: perRound(fr.perCpuSecond, fa.perCpuSecond),
    };
  } finally {
    await Promise.allSettled(servers.map((s) => s.stop()));
  }
}

function emptyFigures(name: string): TargetFigures {
  return { name, rps: [], p50: [], p99: [], cpu: [], perCpuSecond: [], problems: { errors: 0, timeouts: 0, non2xx: 0, mismatches: 0 } };
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

function run(b: Bench, duration: number, connections: number, onLatency?: (ms: number) => void): Promise<Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url: b.url, connections, duration, headers: { authorization: `Bearer ${b.bearer}` }, expectBody: b.body },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    // autocannon's own histogram keeps whole milliseconds; sub-millisecond latencies need the raw times.
    if (onLatency) instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => onLatency(ms));
  });
}

async function load(b: Bench, duration: number, connections: number): Promise<void> {
  await run(b, duration, connections);
}

async function measure(b: Bench, duration: number, connections: number) {
  let latencies = new Float64Array(1 << 16);
  let n = 0;
  const cpuBefore = b.server.cpuSeconds();
  const result = await run(b, duration, connections, (ms) => {
    if (n === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[n++] = ms;
  });
  const cpuUsed = b.server.cpuSeconds() - cpuBefore;
  const sorted = latencies.subarray(0, n).sort();
  const ok = result['2xx'] - result.mismatches;
  return {
    result,
    rps: ok / result.duration,
    p50: percentileSorted(sorted, 50),
    p99: percentileSorted(sorted, 99),
    cpu: cpuUsed / result.duration,
    perCpuSecond: ok / cpuUsed,
  };
}

