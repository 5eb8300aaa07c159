// The fuzzing loop: fast-check generates batches of cases (cases.ts); each batch goes out
// concurrently over keep-alive connections to the reference (target.ts); every exchange is
// judged (judge.ts) against the spec's oracle (oracle.ts). A failing batch is shrunk by
// fast-check, and the report names the seed that reproduces it.
import fc from 'fast-check';
import { request } from 'undici';
import type { BearerPlugin } from '../../reference/index.js';
import { caseArb, type FuzzCase } from './cases.js';
import { bodyBytes, headerBytes, HEADER_LIMIT_REACHABLE, BODY_LIMIT, judge, type FuzzResponse, type JudgeContext, type Outcome } from './judge.js';
import { expectationFor } from './oracle.js';
import { resolveCase, sign, type FuzzRequest } from './resolve.js';
import { forget, staleSignedValue, startFuzzTargets, throwawaySessions, type FuzzProfile, type FuzzTargets } from './target.js';

export interface FuzzOptions {
  /** At least this many cases are generated and sent. */
  cases: number;
  seed: number;
  /** Cases per fast-check run, all in flight at once. */
  batch: number;
  /** Time limit per request, in milliseconds. */
  timeoutMs?: number;
  log?: (line: string) => void;
  /** A variant bearer plugin to attack instead of the real one (tests of the fuzzer itself). */
  bearer?: BearerPlugin;
}

export interface FuzzStats {
  sent: number;
  byEndpoint: Record<FuzzCase['endpoint'], number>;
  byProfile: Record<FuzzCase['profile'], number>;
  outcomes: Record<Outcome | 'connection-closed-on-oversize', number>;
  statuses: Record<string, number>;
  /** Cases whose expectation accepted more than one reading (spec section 17), by reason. */
  lenient: number;
  lenientReasons: Record<string, number>;
  /** Cases that sent a valid credential: the oracle expected a session and no "not authenticated". */
  validCredential: number;
}

export interface FuzzReport {
  seed: number;
  runs: number;
  batch: number;
  stats: FuzzStats;
  crashes: string[];
  /** The failure fast-check found and shrank, with the seed and path to replay it; undefined when none. */
  failure?: { message: string; seed: number; path?: string; shrinks: number };
  durationMs: number;
}

interface CaseResult {
  ok: boolean;
  problem?: string;
}

export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  const crashes: string[] = [];
  const onCrash = (error: unknown) => crashes.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  const targets = await startFuzzTargets({ connections: options.batch, bearer: options.bearer });
  const stats = emptyStats();
  let runs = 0;
  // After the first failure fast-check shrinks the batch (dropping cases first, then simplifying the
  // one left); past this many further runs every run passes, which ends the shrinking where it is.
  let shrinkRuns = -1;
  let nextReport = Math.ceil(options.cases / 10);
  try {
    const property = fc.asyncProperty(fc.array(caseArb, { minLength: 1, maxLength: options.batch, size: 'max' }), async (cases) => {
      if (shrinkRuns >= SHRINK_BUDGET) return;
      if (shrinkRuns >= 0) shrinkRuns++;
      runs++;
      const results = await Promise.all(cases.map((c) => runCase(c, targets, stats, options.timeoutMs ?? 10_000)));
      if (stats.sent >= nextReport) {
        options.log?.(`${stats.sent} cases sent`);
        nextReport += Math.ceil(options.cases / 10);
      }
      const failed = results.findIndex((r) => !r.ok);
      if (failed >= 0) {
        if (shrinkRuns < 0) shrinkRuns = 0;
        throw new Error(`${results[failed]!.problem}\ncase: ${JSON.stringify(cases[failed])}`);
      }
    });
    // Batches hold batch/2 cases on average; rounds continue (with the next seed) until enough were sent.
    let details: fc.RunDetails<[FuzzCase[]]> | undefined;
    for (let round = 0; stats.sent < options.cases && !details?.failed; round++) {
      const numRuns = Math.max(1, Math.ceil((options.cases - stats.sent) / ((options.batch + 1) / 2)));
      details = await fc.check(property, { numRuns, seed: options.seed + round, endOnFailure: false });
    }
    // A server that no longer answers correctly after the storm is a failure too.
    const after = await controlAfterwards(targets);
    const failure = details?.failed
      ? {
          message: (details.errorInstance as Error | undefined)?.message ?? String(details.errorInstance),
          seed: details.seed,
          path: details.counterexamplePath ?? undefined,
          shrinks: details.numShrinks,
        }
      : after
        ? { message: after, seed: options.seed, shrinks: 0 }
        : undefined;
    return { seed: options.seed, runs, batch: options.batch, stats, crashes, failure, durationMs: performance.now() - started };
  } finally {
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    await targets.close();
  }
}

const SHRINK_BUDGET = 300;

function emptyStats(): FuzzStats {
  return {
    sent: 0,
    byEndpoint: { 'get-session': 0, 'list-sessions': 0, 'sign-out': 0, 'sign-in': 0 },
    byProfile: { permissive: 0, 'signed-only': 0 },
    outcomes: { authenticated: 0, unauthenticated: 0, refused: 0, 'too-large': 0, 'signed-in': 0, 'sign-in-failed': 0, 'connection-closed-on-oversize': 0 },
    statuses: {},
    lenient: 0,
    lenientReasons: {},
    validCredential: 0,
  };
}

async function runCase(c: FuzzCase, targets: FuzzTargets, stats: FuzzStats, timeoutMs: number): Promise<CaseResult> {
  const profile = targets.profiles.find((p) => p.name === c.profile)!;
  const throwaway = c.endpoint === 'sign-out' ? throwawaySessions(profile) : null;
  try {
    const actors = throwaway?.actors ?? profile.actors;
    const req = resolveCase(c, { actors, secret: profile.secret, stale: (i) => staleSignedValue(profile, i) });
    const expectation = expectationFor(req, profile.live, profile.requireSignature);
    stats.sent++;
    stats.byEndpoint[c.endpoint]++;
    stats.byProfile[c.profile]++;
    if (expectation.lenient.length) stats.lenient++;
    for (const reason of expectation.lenient) stats.lenientReasons[reason] = (stats.lenientReasons[reason] ?? 0) + 1;
    if (!expectation.sessions.has(null)) stats.validCredential++;

    let res: FuzzResponse;
    try {
      res = await send(profile, targets, req, timeoutMs);
    } catch (error) {
      const code = (error as { code?: string }).code ?? (error as Error).name;
      // Past node's header limit or the body limit the server may close the connection while
      // the request is still being written; that is a refusal, not a failure.
      if (headerBytes(req) > HEADER_LIMIT_REACHABLE || bodyBytes(req) > BODY_LIMIT) {
        stats.outcomes['connection-closed-on-oversize']++;
        return { ok: true };
      }
      return { ok: false, problem: `no answer (${code}: ${(error as Error).message}) to ${describeRequest(req)}` };
    }
    stats.statuses[res.status] = (stats.statuses[res.status] ?? 0) + 1;

    const ctx: JudgeContext = { expectation, deleted: [] };
    if (throwaway) {
      for (const a of throwaway.actors) {
        if (profile.app.store.findSession(a.token) === null) ctx.deleted.push(profile.live.byToken.get(a.token)!);
      }
    }
    let signedIn: string | undefined;
    if (c.endpoint === 'sign-in' && c.body.kind === 'credentials') {
      const actor = actors[c.body.actor % actors.length]!;
      signedIn = tokenOf(res);
      ctx.signInActor = {
        userId: actor.userId,
        signed: (token) => sign(profile.secret, token),
        sessionOwner: (token) => profile.app.store.findSession(token)?.userId ?? null,
      };
    }
    const verdict = judge(c, req, res, ctx);
    if (signedIn) cleanUpSignIn(profile, signedIn);
    if (verdict.outcome) stats.outcomes[verdict.outcome]++;
    return verdict.ok ? { ok: true } : { ok: false, problem: `${verdict.problem}\nrequest: ${describeRequest(req)}\nresponse: ${res.status} ${res.body.slice(0, 300)}` };
  } finally {
    throwaway?.release();
  }
}

async function send(profile: FuzzProfile, targets: FuzzTargets, req: FuzzRequest, timeoutMs: number): Promise<FuzzResponse> {
  const res = await request(`${profile.server.url}${req.path}`, {
    dispatcher: targets.agent,
    method: req.method,
    headers: req.headers.flat(),
    body: req.body,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  return { status: res.statusCode, headers: res.headers, body: await res.body.text() };
}

/** A sign-in creates a session; the fuzzer deletes it so the store stays small. */
function tokenOf(res: FuzzResponse): string | undefined {
  if (res.status !== 200) return undefined;
  try {
    const token = (JSON.parse(res.body) as { token?: unknown }).token;
    return typeof token === 'string' ? token : undefined;
  } catch {
    return undefined;
  }
}

function cleanUpSignIn(profile: FuzzProfile, token: string): void {
  profile.app.store.deleteSession(token);
  forget(profile, token);
}

/** After the run: every actor's bearer still authenticates as that actor, in both profiles. */
async function controlAfterwards(targets: FuzzTargets): Promise<string | undefined> {
  for (const p of targets.profiles) {
    for (const a of p.actors) {
      const res = await request(`${p.server.url}/get-session`, { dispatcher: targets.agent, headers: { authorization: `Bearer ${a.signed}` } });
      const body = (await res.body.json().catch(() => undefined)) as { user?: { id?: string } } | null | undefined;
      if (res.statusCode !== 200 || body?.user?.id !== a.userId) return `after the run, ${p.name}: get-session with actor ${a.userId}'s signed bearer answered ${res.statusCode} ${JSON.stringify(body)}`;
    }
  }
  return undefined;
}

function describeRequest(req: FuzzRequest): string {
  const clip = (s: string) => (s.length > 200 ? `${s.slice(0, 200)}... (${s.length} chars)` : s);
  return JSON.stringify({ method: req.method, path: req.path, headers: req.headers.map(([n, v]) => [n, clip(v)]), body: req.body === undefined ? undefined : clip(req.body) });
}
