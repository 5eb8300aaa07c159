// `npm run bench`: the speed figures of issue 7, each printed with the command that produced it.
//   1. throughput of bearer-authenticated get-session: reference vs bare node:http vs better-auth;
//   2. the suite: embedded run wall time, runner overhead against a plain undici replay;
//   3. start-up (issue 15): the signatures + precedence slice in-process against a plain undici loop,
//      and the CLI's cold start to its first request.
// Run from the repository root after a build. Nothing here asserts: it measures and prints.
import { parseArgs } from 'node:util';
import { benchStart, benchSuite, type SuiteResult } from './suite.js';
import { benchThroughput, type ThroughputResult } from './throughput.js';
import { median, spread } from './stats.js';

const USAGE = `Usage: npm run bench -- [options]   (or node dist/scripts/bench/main.js [options])

  --only <part>        throughput, suite or start (default: all three)
  --rounds <n>         interleaved throughput rounds (default 5)
  --duration <s>       seconds per throughput run (default 5)
  --warmup <s>         seconds of warm-up load per server (default 3)
  --connections <n>    autocannon connections (default 10)
  --suite-runs <n>     repetitions of each suite and start-up measurement (default 3)
  --candidate <cli.js> another build of bearer-reference's cli.js (say, a patched copy outside the
                       repository) measured in the same rounds, to price a proposed change; repeatable
`;

function parse() {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      rounds: { type: 'string', default: '5' },
      duration: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '3' },
      connections: { type: 'string', default: '10' },
      'suite-runs': { type: 'string', default: '3' },
      candidate: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const whole = (name: string, text: string) => {
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < 1) {
      process.stderr.write(`bench: --${name} takes a whole number, at least 1; got ${JSON.stringify(text)}.\n${USAGE}`);
      process.exit(2);
    }
    return n;
  };
  if (values.only !== undefined && !['throughput', 'suite', 'start'].includes(values.only)) {
    process.stderr.write(`bench: --only takes "throughput", "suite" or "start"; got ${JSON.stringify(values.only)}.\n${USAGE}`);
    process.exit(2);
  }
  return {
    only: values.only as 'throughput' | 'suite' | 'start' | undefined,
    rounds: whole('rounds', values.rounds),
    duration: whole('duration', values.duration),
    warmup: whole('warmup', values.warmup),
    connections: whole('connections', values.connections),
    suiteRuns: whole('suite-runs', values['suite-runs']),
    candidates: values.candidate ?? [],
  };
}

const log = (line: string) => process.stderr.write(`  ${line}\n`);
const fixed = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const pad = (s: string, n: number) => s.padEnd(n);

function printThroughput(r: ThroughputResult, o: ReturnType<typeof parse>): void {
  const command = `npm run bench -- --only throughput --rounds ${o.rounds} --duration ${o.duration} --warmup ${o.warmup} --connections ${o.connections}${o.candidates.map((c) => ` --candidate ${c}`).join('')}`;
  console.log(`\nThroughput: GET /get-session with Authorization: Bearer <set-auth-token>, 127.0.0.1, one server process each`);
  console.log(`command: ${command}`);
  console.log(`(autocannon in this process, ${o.connections} connections, ${o.duration} s x ${o.rounds} interleaved rounds after ${o.warmup} s warm-up; medians over rounds [min..max])\n`);
  console.log(`${pad('server', 16)}${pad('req/s', 26)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('server CPU', 12)}${pad('req per CPU-s', 15)}us/req user + system`);
  for (const t of r.targets) {
    const s = spread(t.rps);
    console.log(
      pad(t.name, 16) +
        pad(`${Math.round(median(t.rps))} [${Math.round(s.min)}..${Math.round(s.max)}]`, 26) +
        pad(fixed(median(t.p50)), 9) +
        pad(fixed(median(t.p99)), 9) +
        pad(`${Math.round(median(t.cpu) * 100)}%`, 12) +
        pad(String(Math.round(median(t.perCpuSecond))), 15) +
        `${fixed(median(t.userUs), 1)} + ${fixed(median(t.systemUs), 1)}`,
    );
    const p = t.problems;
    if (p.errors + p.timeouts + p.non2xx + p.mismatches > 0) {
      console.log(`  ! ${t.name}: ${p.errors} errors, ${p.timeouts} timeouts, ${p.non2xx} non-2xx, ${p.mismatches} answers not the expected user's body (identity check)`);
    }
  }
  const ratio = (name: string, values: number[], target: string, ok: (v: number) => boolean) => {
    const m = median(values);
    const s = spread(values);
    console.log(`${pad(name, 46)}${fixed(m)}  [${fixed(s.min)}..${fixed(s.max)}]  target ${target}: ${ok(m) ? 'met' : 'MISSED'}`);
  };
  console.log('');
  ratio('reference / bare, req/s', r.refOverBare, '>= 0.7', (v) => v >= 0.7);
  ratio('reference / better-auth, req/s', r.refOverBetterAuth, '>= 10', (v) => v >= 10);
  ratio('reference / bare, req per server CPU-s', r.refOverBareCpu, '>= 0.7', (v) => v >= 0.7);
  ratio('reference / better-auth, req per server CPU-s', r.refOverBetterAuthCpu, '>= 10', (v) => v >= 10);
  for (const c of r.candidates) {
    console.log(`${c.name}: ${c.path}`);
    ratio(`${c.name} / bare, req/s`, c.overBare, '>= 0.7', (v) => v >= 0.7);
    ratio(`${c.name} / bare, req per server CPU-s`, c.overBareCpu, '>= 0.7', (v) => v >= 0.7);
    const m = median(c.overReferenceCpu);
    console.log(`${pad(`${c.name} / reference, req per server CPU-s`, 46)}${fixed(m)}  (above 1: it needs less CPU per request)`);
  }
  console.log(
    '\nreq/s is capped by the load generator sharing the machine; req per server CPU-s is each server\'s cost,' +
      '\nits user part the server\'s own code, its system part mostly loopback socket writes (which cost more' +
      '\nwhen the load generator has to be woken for each response, that is, when the server is slower).',
  );
}

function printSuite(r: SuiteResult, o: ReturnType<typeof parse>): void {
  console.log(`\nSuite (median of ${o.suiteRuns} runs each) — command: npm run bench -- --only suite --suite-runs ${o.suiteRuns}`);
  for (const line of r.lines) console.log(line);
}

function printStart(r: SuiteResult, o: ReturnType<typeof parse>): void {
  console.log(`\nStart-up (median of ${o.suiteRuns} runs each) — command: npm run bench -- --only start --suite-runs ${o.suiteRuns}`);
  for (const line of r.lines) console.log(line);
}

const options = parse();
const part = (name: 'throughput' | 'suite' | 'start') => options.only === undefined || options.only === name;
if (part('throughput')) {
  log('measuring throughput ...');
  printThroughput(await benchThroughput({ ...options, log }), options);
}
if (part('suite')) {
  log('measuring the suite ...');
  printSuite(await benchSuite({ runs: options.suiteRuns, log }), options);
}
if (part('start')) {
  log('measuring start-up ...');
  printStart(await benchStart({ runs: options.suiteRuns, log }), options);
}
