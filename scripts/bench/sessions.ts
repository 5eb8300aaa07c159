// `npm run bench:sessions`: what one user with very many sessions costs everyone else on the reference.
// One user signs in --sessions times; then another user's get-session latency is sampled alone, and
// again while --listers clients repeat the first user's list-sessions as fast as they can. Before the
// reference capped sessions per user (reference/README.md, "Sessions per user"), every list-sessions
// scanned and serialised all 20,000 sessions and starved the event loop.
// Nothing here asserts; it prints figures and the command that produced them.
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import { startChildServer } from './child-server.js';
import { median, percentileSorted } from './stats.js';

const ORIGIN = 'http://localhost:3000';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '20000' },
    listers: { type: 'string', default: '10' },
    samples: { type: 'string', default: '300' },
    reference: { type: 'string', default: 'dist/reference/cli.js' },
    'reference-args': { type: 'string', default: '' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(`Usage: npm run bench:sessions -- [--sessions 20000] [--listers 10] [--samples 300] [--reference <cli.js>] [--reference-args "<flags>"]\n`);
  process.exit(0);
}
const sessions = Number(values.sessions);
const listers = Number(values.listers);
const samples = Number(values.samples);
const log = (line: string) => process.stderr.write(`  ${line}\n`);

const server = await startChildServer(values.reference, values['reference-args'].split(' ').filter((a) => a !== ''));
const agent = new Agent({ connections: 64 });
try {
  const post = async (path: string, json: unknown) => {
    const res = await request(`${server.url}${path}`, { dispatcher: agent, method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body: JSON.stringify(json) });
    const body = (await res.body.json()) as { token: string };
    if (res.statusCode !== 200) throw new Error(`${path} answered ${res.statusCode}: ${JSON.stringify(body)}`);
    return body;
  };
  const get = async (path: string, token: string) => {
    const res = await request(`${server.url}${path}`, { dispatcher: agent, headers: { authorization: `Bearer ${token}` } });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`${path} answered ${res.statusCode}`);
    return text;
  };
  const heavy = { email: `heavy-${Date.now()}@bench.test`, password: 'bench-password-123', name: 'heavy' };
  const other = { email: `other-${Date.now()}@bench.test`, password: 'bench-password-123', name: 'other' };
  let heavyToken = (await post('/sign-up/email', heavy)).token;
  const otherToken = (await post('/sign-up/email', other)).token;

  log(`signing the heavy user in ${sessions} times ...`);
  let made = 1;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (made < sessions) {
      made++;
      heavyToken = (await post('/sign-in/email', { email: heavy.email, password: heavy.password })).token;
    }
  }));
  // A recent session: a server that bounds sessions per user may have ended the first ones.
  const listBytes = Buffer.byteLength(await get('/list-sessions', heavyToken));

  const sample = async () => {
    const ms: number[] = [];
    for (let i = 0; i < samples; i++) {
      const t = performance.now();
      await get('/get-session', otherToken);
      ms.push(performance.now() - t);
    }
    return ms.sort((a, b) => a - b);
  };
  log('get-session alone ...');
  const alone = await sample();
  // Ten clients repeating `path` as fast as they can, while the other user's get-session is sampled.
  const under = async (path: string) => {
    let stop = false;
    let served = 0;
    const started = performance.now();
    const loops = Array.from({ length: listers }, async () => {
      while (!stop) {
        await get(path, heavyToken);
        served++;
      }
    });
    const ms = await sample();
    stop = true;
    await Promise.all(loops);
    return { ms, rate: served / ((performance.now() - started) / 1000) };
  };
  log(`get-session while ${listers} clients repeat the heavy user's list-sessions ...`);
  const listing = await under('/list-sessions');
  // The yardstick: the same load made of the cheapest authenticated request, so what remains is the
  // fair share of a busy single-threaded server, not list-sessions' own cost.
  log(`get-session while ${listers} clients repeat the heavy user's get-session ...`);
  const yardstick = await under('/get-session');

  const f = (v: number) => v.toFixed(v < 10 ? 2 : 0);
  console.log(`\nOne user with ${sessions} sign-ins, another user's bearer get-session (${samples} sequential samples), reference ${values.reference} ${values['reference-args']}`);
  console.log(`command: npm run bench:sessions -- --sessions ${sessions} --listers ${listers} --samples ${samples}${values['reference-args'] ? ` --reference-args "${values['reference-args']}"` : ''}\n`);
  console.log(`heavy user's list-sessions answer:        ${(listBytes / 1024).toFixed(1)} KB`);
  console.log(`other user's get-session alone:           median ${f(median(alone))} ms, p99 ${f(percentileSorted(alone, 99))} ms`);
  const line = (what: string, r: { ms: number[]; rate: number }) =>
    console.log(`... while ${listers} clients repeat ${what}: median ${f(median(r.ms))} ms, p99 ${f(percentileSorted(r.ms, 99))} ms (${Math.round(r.rate)} of those/s served)`);
  line("the heavy user's list-sessions", listing);
  line("the heavy user's get-session (yardstick)", yardstick);
} finally {
  await agent.close();
  await server.stop();
}
