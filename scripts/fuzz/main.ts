// `npm run fuzz`: property-based fuzzing of the reference server (issue 7). At least 100,000
// generated requests (Authorization, Cookie and Origin headers, bodies) to get-session,
// list-sessions, sign-out and sign-in, in both signature modes; the property: no crash, no 5xx, and
// every answer either the session the spec allows or "not authenticated". Exit code 1 on a failure.
import { parseArgs } from 'node:util';
import { fuzz, type FuzzReport } from './run.js';

const USAGE = `Usage: npm run fuzz -- [options]   (or node dist/scripts/fuzz/main.js [options])

  --cases <n>     cases to generate and send (default 100000)
  --seed <n>      fast-check seed (default: random, printed)
  --batch <n>     at most this many cases in flight at once (default 64)
  --timeout <ms>  time limit per request (default 10000)
`;

function options() {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '100000' },
      seed: { type: 'string' },
      batch: { type: 'string', default: '64' },
      timeout: { type: 'string', default: '10000' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const int = (name: string, text: string, min: number) => {
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < min) {
      process.stderr.write(`fuzz: --${name} takes a whole number, at least ${min}; got ${JSON.stringify(text)}.\n${USAGE}`);
      process.exit(2);
    }
    return n;
  };
  return {
    cases: int('cases', values.cases, 1),
    seed: values.seed === undefined ? Math.floor(Math.random() * 0x7fffffff) : int('seed', values.seed, -0x80000000),
    batch: int('batch', values.batch, 1),
    timeoutMs: int('timeout', values.timeout, 1),
  };
}

function print(r: FuzzReport, command: string): void {
  const s = r.stats;
  const line = (label: string, value: string | number) => console.log(`  ${label.padEnd(34)}${value}`);
  console.log(`Fuzzing the reference — command: ${command}`);
  line('seed', r.seed);
  line('cases sent', `${s.sent} (${r.runs} fast-check runs of up to ${r.batch} concurrent cases, shrinking included)`);
  line('by endpoint', Object.entries(s.byEndpoint).map(([k, v]) => `${k} ${v}`).join(', '));
  line('by profile', Object.entries(s.byProfile).map(([k, v]) => `${k} ${v}`).join(', '));
  line('valid credential sent', s.validCredential);
  line('open points (lenient expectation)', `${s.lenient}: ${Object.entries(s.lenientReasons).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  line('outcomes', Object.entries(s.outcomes).map(([k, v]) => `${k} ${v}`).join(', '));
  line('statuses', Object.entries(s.statuses).sort().map(([k, v]) => `${k}: ${v}`).join(', '));
  line('5xx answers', Object.entries(s.statuses).filter(([k]) => Number(k) >= 500).reduce((n, [, v]) => n + v, 0));
  line('crashes', r.crashes.length);
  line('wall time', `${(r.durationMs / 1000).toFixed(1)} s (${Math.round(s.sent / (r.durationMs / 1000))} cases/s)`);
  for (const c of r.crashes) console.log(`\nCRASH: ${c}`);
  if (r.failure) {
    console.log(`\nFAILED after ${r.failure.shrinks} shrinks. Replay with --seed ${r.failure.seed} (fast-check path ${r.failure.path ?? 'n/a'}):\n${r.failure.message}`);
  } else if (r.crashes.length === 0) {
    console.log('\nPASS: no crash, no 5xx, every answer the allowed session or "not authenticated".');
  }
}

const o = options();
const report = await fuzz({ ...o, log: (l) => process.stderr.write(`  ${l}\n`) });
print(report, `npm run fuzz -- --cases ${o.cases} --seed ${o.seed} --batch ${o.batch}`);
process.exitCode = report.failure || report.crashes.length ? 1 : 0;
