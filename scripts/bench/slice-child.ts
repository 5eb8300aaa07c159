// One round of the slice measurement (suite.ts), in a fresh node: the runner's in-process time on
// the signatures + precedence scenario files against one reference server, then a plain undici loop
// sending the same requests to a second, fresh one. Only the run is timed, not the import of the
// runner (Step CI's "run phase" leaves its module loading out the same way). Prints one JSON line.
//   node dist/scripts/bench/slice-child.js <runner URL> <plain-loop URL> <secret>
import { replay, type RecordedScenario } from './replay.js';
import { DEFAULT_CONCURRENCY } from '../../conformance/engine/run.js';
import { run } from '../../conformance/index.js';
import { packageFile } from '../../conformance/suite/spec-files.js';

const SLICE_FILES = ['signatures.yaml', 'precedence.yaml'];

const [runnerUrl, plainUrl, secret] = process.argv.slice(2);
if (!runnerUrl || !plainUrl || !secret) throw new Error('usage: slice-child.js <runner URL> <plain-loop URL> <secret>');

const recorded: RecordedScenario[] = [];
let t0 = performance.now();
const report = await run({
  url: runnerUrl,
  secret,
  scenarios: SLICE_FILES.map((f) => packageFile(`conformance/scenarios/${f}`)),
  // Every exchange is kept so the plain loop can send the same requests (a default run keeps only
  // failing steps' exchanges), which makes the runner's figure an upper bound.
  verbose: true,
  onResult: (r) => recorded.push({ target: 'slice', exchanges: r.exchanges }),
});
const runMs = performance.now() - t0;

t0 = performance.now();
const stats = await replay(recorded, () => plainUrl, { concurrency: DEFAULT_CONCURRENCY });
const plainMs = performance.now() - t0;

process.stdout.write(`${JSON.stringify({ runMs, plainMs, requests: stats.requests, failures: stats.failures, verdict: report.summary.verdict })}\n`);
