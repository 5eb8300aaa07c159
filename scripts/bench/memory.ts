// `npm run bench:memory`: peak resident memory of the runner (the CLI as a child process, measured by
// /usr/bin/time) against hostile targets that answer correctly but with large bodies (0, 1, 5 and
// 50 MB of padding on every JSON answer), a body that never ends and an oversized header line, each
// with the whole suite, beside a plain run of the same suite against the unmodified reference and
// the embedded run. Each row also says whether a report was written and the exit code, because a
// bounded run that ends without a report or a verdict code has not held up either.
// Nothing here asserts; it prints figures and the commands that produced them.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startChildServer, type ChildServer } from './child-server.js';

const CLI = 'dist/conformance/cli.js';
const HOSTILE = 'dist/fixtures/targets/hostile/cli.js';
const REFERENCE = 'dist/reference/cli.js';
const TIME = '/usr/bin/time';
const SECRET = 'bench-memory-secret-0123456789';
const MB = 1024 * 1024;

const USAGE = `Usage: npm run bench:memory -- [options]   (or node dist/scripts/bench/memory.js [options])

  --sizes <list>       padding sizes in MB, comma-separated (default 0,1,5,50)
  --kill-after <s>     stop a run that lasts longer than this (default 300)
  --only <list>        rows to run, comma-separated: plain, embedded, pad, endless, headers (default all)
  --runner-args <a>    extra CLI flags for every runner run, space-separated (e.g. "--max-body 1048576")
`;

interface Row {
  name: string;
  command: string;
  peakMb: number;
  seconds: number;
  exit: string;
  report: string;
}

function parse() {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '0,1,5,50' },
      'kill-after': { type: 'string', default: '300' },
      only: { type: 'string', default: 'plain,embedded,pad,endless,headers' },
      'runner-args': { type: 'string', default: '' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const sizes = values.sizes.split(',').map(Number);
  const killAfter = Number(values['kill-after']);
  if (sizes.some((s) => !Number.isFinite(s) || s < 0) || !(killAfter > 0)) {
    process.stderr.write(`bench:memory: --sizes takes sizes in MB such as 0,1,5,50 and --kill-after a number of seconds.\n${USAGE}`);
    process.exit(2);
  }
  return { sizes, killAfter, only: new Set(values.only.split(',')), runnerArgs: values['runner-args'].split(' ').filter((a) => a !== '') };
}

/** Runs the CLI under /usr/bin/time; its peak RSS, wall time, exit and what the JSON report says. */
async function measure(name: string, args: string[], killAfterS: number): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-memory-'));
  const timeFile = join(dir, 'time');
  const reportFile = join(dir, 'report.json');
  const cliArgs = [CLI, ...args, '--reporter', 'console', '--reporter', `json:${reportFile}`];
  const child = spawn(TIME, ['-o', timeFile, '-f', '%M %e %x', process.execPath, ...cliArgs], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
    detached: true, // its own process group, so a run that outlives --kill-after is stopped with time
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr = (stderr + t).slice(-2000)));
  let killed = false;
  const guard = setTimeout(() => {
    killed = true;
    process.kill(-child.pid!, 'SIGKILL');
  }, killAfterS * 1000);
  const exit = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  clearTimeout(guard);
  // GNU time writes "Command terminated by signal N" above its format line when the runner was killed.
  const timed = existsSync(timeFile) ? readFileSync(timeFile, 'utf8').trim() : '';
  const [kb, seconds, code] = timed === '' ? [] : timed.split('\n').pop()!.split(' ');
  let report = 'none';
  if (existsSync(reportFile)) {
    const size = statSync(reportFile).size;
    let verdict = '?';
    try {
      verdict = (JSON.parse(readFileSync(reportFile, 'utf8')) as { summary?: { verdict?: string } }).summary?.verdict ?? '?';
    } catch {
      verdict = 'unreadable';
    }
    report = `${verdict}, ${size >= MB ? `${(size / MB).toFixed(1)} MB` : `${Math.ceil(size / 1024)} KB`}`;
  }
  rmSync(dir, { recursive: true, force: true });
  const signal = /Command terminated by signal (\d+)/.exec(timed)?.[1];
  return {
    name,
    command: `node ${cliArgs.slice(0, -4).join(' ')}`,
    peakMb: kb === undefined ? Number.NaN : Number(kb) / 1024,
    seconds: Number(seconds),
    exit: killed ? `killed after ${killAfterS} s` : signal ? `signal ${signal}` : String(code ?? exit),
    report,
  };
}

async function withServer<T>(script: string, args: string[], fn: (server: ChildServer) => Promise<T>): Promise<T> {
  const server = await startChildServer(script, args);
  try {
    return await fn(server);
  } finally {
    await server.stop();
  }
}

const options = parse();
if (!existsSync(TIME)) {
  process.stderr.write(`bench:memory needs GNU time at ${TIME} to read the runner's peak memory (Debian: apt-get install time).\n`);
  process.exit(2);
}
const log = (line: string) => process.stderr.write(`  ${line}\n`);
const rows: Row[] = [];
const run = (name: string, args: string[]) => {
  log(`${name} ...`);
  return measure(name, [...args, ...options.runnerArgs], options.killAfter).then((r) => void rows.push(r));
};
const against = (url: string) => ['--url', url, '--secret', SECRET];

if (options.only.has('embedded')) await run('embedded reference, both profiles', []);
if (options.only.has('plain')) {
  await withServer(REFERENCE, ['--secret', SECRET], (s) => run('plain reference', against(s.url)));
}
if (options.only.has('pad')) {
  for (const size of options.sizes) {
    await withServer(HOSTILE, ['--hostility', 'pad', '--bytes', String(Math.round(size * MB)), '--secret', SECRET], (s) => run(`${size} MB on every JSON answer`, against(s.url)));
  }
}
if (options.only.has('endless')) {
  await withServer(HOSTILE, ['--hostility', 'endless', '--secret', SECRET], (s) => run('endless chunked body', against(s.url)));
}
if (options.only.has('headers')) {
  await withServer(HOSTILE, ['--hostility', 'huge-headers', '--bytes', String(64 * 1024), '--secret', SECRET], (s) => run('64 KiB header line', against(s.url)));
}

const pad = (s: string, n: number) => s.padEnd(n);
console.log(`\nPeak RSS of the runner (whole bundled suite, one target; /usr/bin/time -f %M), node ${process.version}`);
console.log(`command: npm run bench:memory -- --sizes ${options.sizes.join(',')}${options.runnerArgs.length ? ` --runner-args "${options.runnerArgs.join(' ')}"` : ''}\n`);
console.log(`${pad('target', 36)}${pad('peak RSS', 12)}${pad('wall', 10)}${pad('exit', 20)}report (verdict, size)`);
for (const r of rows) {
  console.log(`${pad(r.name, 36)}${pad(Number.isFinite(r.peakMb) ? `${Math.round(r.peakMb)} MB` : 'n/a', 12)}${pad(`${r.seconds.toFixed(1)} s`, 10)}${pad(r.exit, 20)}${r.report}`);
}
console.log('\nEach runner run, with the target started by the script (hostile targets: node dist/fixtures/targets/hostile/cli.js --hostility <kind> --bytes <n> --secret <s>):');
for (const r of rows) console.log(`  ${r.name}: ${r.command} --reporter console --reporter json:<file>`);
