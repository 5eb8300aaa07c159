// Running scenarios against one target: actors, steps, invariants, expectations and the verdict of
// each scenario. Scenarios run concurrently and share nothing; the steps of one run in order.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { actorVariable, getSessionRequest, issuedSession, newCredentials, signInRequest, signOutRequest, signUpRequest, type Actor, type Credentials, type IssuedSession } from './actors.js';
import { checkExpectations, checkStatus, checkUnauthenticated, type CoreTables } from './assert.js';
import { capture } from './capture.js';
import { answerRule, authenticated, capturesUsed, chargedFirst, chargeForSpelling, isPositiveStep, HEADER_EQUALS_COOKIE, otherSpelling, refused } from './blame.js';
import { DEFAULT_SESSION_COOKIE } from './cookies.js';
import { createClient, TransportError, type HttpClient, type HttpRequest, type HttpResponse } from './http.js';
import { withSchemaFile } from './schema-file.js';
import { invariantFailures } from './invariants.js';
import { buildRequest } from './request.js';
import { newSeed } from './random.js';
import { DEFAULT_MAX_WAIT_MS, Throttle, ThrottledTooLongError } from './throttle.js';
import { MAX_ATTEMPTS_PER_SCENARIO, MAX_SESSIONS_PER_NEED, neededCharacters, neverAccentableReason, neverCleanReason, neverIssuedReason, specialCharacters, TokenNeeds, type SpecialCharacters } from './token-characters.js';
import { hasAccentableLetter } from '../suite/filters.js';
import { boundStrings, keptResponse } from './retention.js';
import { spellings } from './spellings.js';
import { issuedTokensOf, labelTokens } from './tokens.js';
import { TargetUnreachableError } from '../model/errors.js';
import { schemaFileUrl } from '../plan/schema-file.js';
import type { Exchange, Failure, Finding, RunStats, ScenarioResult, ScenarioStatus } from '../model/result.js';
import type { Target } from '../model/target.js';
import { planTarget, type PlannedScenario } from '../plan/needs.js';
import { citedRequirements } from '../suite/cited.js';
import type { LoadedScenario } from '../suite/load.js';
import { specFile } from '../suite/spec-files.js';
import { TemplateError, type Scope } from '../suite/template.js';

export interface EngineOptions {
  /** Scenarios in flight at once (default 8). */
  concurrency?: number;
  /** Deadline of each request, connection to last body byte (default 10000 ms). */
  timeoutMs?: number;
  /** The largest response body read (default DEFAULT_MAX_BODY_BYTES, 1 MiB). */
  maxBodyBytes?: number | undefined;
  /** Called as each scenario finishes, skips included, in completion order. */
  onResult?: (r: ScenarioResult) => void;
  /** The core schema for schema_is_core (default spec/core-schema.json). */
  coreSchemaFile?: string;
  /**
   * Asked before each scenario starts; once it answers a reason, scenarios not started yet are not
   * run but reported as skips with that reason (unless the plan skips them: then the plan's reason).
   */
  stop?: () => string | undefined;
  /** Names derive from this seed (INTERPRETING.md 18.4); default: one drawn for the run. */
  seed?: string;
  /** The longest total wait of one throttled request (default 120000 ms; INTERPRETING.md 18.5). */
  maxWaitMs?: number;
  /**
   * true: every exchange, passing scenarios' too (--verbose); otherwise a result keeps the exchanges
   * of its failing or erroring steps only. Bodies are cut to REPORT_BODY_CHARS either way (retention.ts).
   */
  keepExchanges?: boolean;
  /**
   * Once aborted (--deadline, deadline.ts), requests in flight and throttle waits end at once: their
   * scenarios end as not finished, with the signal's reason (a sentence) in theirs. `stop` is what
   * keeps new scenarios from starting.
   */
  signal?: AbortSignal;
}

/** The start of the reason of a scenario whose requests `signal` aborted (interrupt.ts counts them by it). */
export const NOT_FINISHED = 'Not finished: ';

export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * What scenarios of one run share: whether the target ever answered, the throttling gate, the actors
 * of read-only scenarios, the token needs given up and the counts. Not connections: each scenario
 * opens its own (runner contract 1.3), so bytes a server leaves on a keep-alive connection (say, a
 * request body it answered without reading) can only disturb the scenario that sent them.
 */
interface RunState {
  newClient: () => HttpClient;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  keepExchanges: boolean;
  answered: boolean;
  unreachable?: TargetUnreachableError;
  coreTables: () => CoreTables;
  throttle: Throttle;
  seed: string;
  tokenNeeds: TokenNeeds;
  /** Actors of read-only scenarios, by name and token need (INTERPRETING.md 18.6). */
  shared: Map<string, Promise<Actor>>;
  sessions: RunStats['sessions'];
}

/** A target's results, and what the run cost it and how long it waited (for the report). */
export interface TargetRun {
  results: ScenarioResult[];
  stats: RunStats;
}

/** runPlanned's results for a bare list of scenarios: each is planned for the target first (its unmet needs). */
export async function runTarget(target: Target, scenarios: LoadedScenario[], opts: EngineOptions = {}): Promise<ScenarioResult[]> {
  return (await runPlanned(target, planTarget(target, scenarios), opts)).results;
}

/**
 * Runs every planned scenario against the target (those the plan skips become skips); results come
 * back in plan order. Throws TargetUnreachableError when, before the target has answered anything, a
 * connection is refused or a request times out.
 */
export async function runPlanned(target: Target, scenarios: readonly PlannedScenario[], opts: EngineOptions = {}): Promise<TargetRun> {
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? DEFAULT_CONCURRENCY));
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const state: RunState = {
    newClient: () => withSchemaFile(createClient({ timeoutMs, headers: target.headers ?? [], ...(opts.maxBodyBytes !== undefined ? { maxBodyBytes: opts.maxBodyBytes } : {}) }), target),
    timeoutMs,
    signal: opts.signal,
    keepExchanges: opts.keepExchanges ?? false,
    answered: false,
    coreTables: lazyCoreTables(opts.coreSchemaFile ?? specFile('core-schema.json')),
    throttle: new Throttle(opts.maxWaitMs ?? DEFAULT_MAX_WAIT_MS, (ms) => sleep(ms, undefined, opts.signal ? { signal: opts.signal } : {})),
    seed: opts.seed ?? newSeed(),
    tokenNeeds: new TokenNeeds(),
    shared: new Map(),
    sessions: { signUps: 0, signIns: 0, signOuts: 0, actors: 0, sharedUses: 0, restarts: 0 },
  };
  const results: ScenarioResult[] = new Array(scenarios.length);
  let next = 0;
  const worker = async () => {
    while (!state.unreachable && next < scenarios.length) {
      const i = next++;
      const { scenario, skip } = scenarios[i]!;
      const notRun = skip ?? opts.stop?.();
      const result = notRun === undefined ? await runScenario(target, scenario, state) : skipped(target, scenario, notRun);
      if (state.unreachable) return;
      results[i] = result;
      opts.onResult?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, scenarios.length) }, worker));
  if (state.unreachable) throw state.unreachable;
  const t = state.throttle.stats;
  return {
    results,
    stats: {
      seed: state.seed,
      sessions: state.sessions,
      throttling: { waits: t.waits, waitedMs: t.waitedMs, byStatus: t.byStatus, byPath: t.byPath },
      tokenNeedsUnmet: [...state.tokenNeeds.unmet],
    },
  };
}

/** A scenario not run: the plan skips it on this target, or --bail stopped the run first. */
function skipped(target: Target, s: LoadedScenario, reason: string): ScenarioResult {
  return {
    id: s.id, title: s.title, file: s.file, line: s.line, target: target.name, status: 'skip', reason,
    requirements: citedRequirements(s), passed: [], failures: [], durationMs: 0, exchanges: [], tokens: [],
  };
}

function lazyCoreTables(file: string): () => CoreTables {
  let tables: CoreTables | undefined;
  return () => {
    if (tables) return tables;
    let doc: { tables?: CoreTables };
    try {
      doc = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new Error(`cannot read the core schema ${file}: ${(e as Error).message}`);
    }
    if (!doc.tables || typeof doc.tables !== 'object') throw new Error(`the core schema ${file} has no 'tables'`);
    return (tables = doc.tables);
  };
}

/** Ends a scenario early: a failure that stops it, or an error (with its record when it happened at a known step). */
class Stop {
  constructor(
    /** 'skip' only when a token need was given up (INTERPRETING.md 18.3) or the run's signal aborted it. */
    readonly status: Exclude<ScenarioStatus, 'pass'>,
    readonly failure: Failure | undefined,
    readonly reason?: string,
  ) {}
}

/**
 * Sends a scenario back to its start with new actors (INTERPRETING.md 18.3): a session given up for its
 * characters could not be ended cleanly, so the users it belongs to are not used again.
 */
class Restart {
  constructor(readonly why: string) {}
}

/**
 * What a scenario credits: when every step completed, all its requirements; when it stopped early,
 * the requirements of the steps that completed, and nothing unless one of its positive controls (if
 * it has any) completed. Either way minus every requirement a failure names.
 */
export function credited(s: Pick<LoadedScenario, 'requirements' | 'steps'>, completed: number[], failed: string[], finished: boolean): string[] {
  let kept: string[];
  if (finished) kept = citedRequirements(s);
  else {
    const hasControl = s.steps.some((st) => st.control);
    if (hasControl && !completed.some((i) => s.steps[i]!.control)) return [];
    kept = [...new Set(completed.flatMap((i) => s.steps[i]!.requirements ?? s.requirements))];
  }
  return kept.filter((r) => !failed.includes(r));
}

/**
 * One scenario's run: what its steps build up (actors, captures, the tokens the server issued) and the
 * result so far. The functions below each do one part of running it, over this state.
 */
interface ScenarioRun {
  readonly target: Target;
  readonly s: LoadedScenario;
  readonly run: RunState;
  /** This scenario's own connections (INTERPRETING.md section 16), closed when it ends. */
  readonly client: HttpClient;
  readonly started: number;
  readonly result: ScenarioResult;
  readonly actors: Map<string, Actor>;
  readonly captures: Map<string, string>;
  /** The session cookie's name, as the first actor's sign-up answer set it. */
  cookieName: string | undefined;
  /** Steps that completed, by index. */
  readonly completed: number[];
  /** Tokens the server issued, gathered as each response arrives, so the responses need not be kept. */
  readonly issued: Set<string>;
  /** Invariant checks already recorded, `<step>\0<check>`: each once per step. */
  readonly recorded: Set<string>;
  /** The special characters every token of this scenario has (18.3). */
  readonly need: SpecialCharacters;
  /** 1 for the first run of the scenario; more after restarts (18.3). */
  readonly attempt: number;
  /** Sessions kept from this scenario's sign-in steps so far (18.3: they must outlive a clean-up). */
  readonly kept: IssuedSession[];
  /** Captures of a set-auth-token value that differs from its session cookie, by the step that took them (18.2). */
  readonly tainted: Map<string, number>;
  /** Rules seen to hold at a step that failed on another: a rejection step not authenticated (18.2). */
  readonly held: string[];
}

/** Where a failure happened, for the report: step index (-1 for actor setup), name, requirements, line. */
interface At {
  step: number;
  stepName: string;
  requirements: string[];
  line: number;
}

/**
 * Runs a scenario; when a sign-in step's given-up session cannot be ended cleanly (18.3), runs it again
 * from its start with new actors, so only an attempt that gave nothing up is judged.
 */
async function runScenario(target: Target, s: LoadedScenario, state: RunState): Promise<ScenarioResult> {
  for (let attempt = 1; ; attempt++) {
    const sr = startScenario(target, s, state, attempt);
    let stopped: Stop | undefined;
    try {
      skipIfNeedGivenUp(sr);
      await setUpActors(sr);
      for (const [i, step] of s.steps.entries()) await runStep(sr, step, i);
    } catch (e) {
      if (e instanceof Restart) {
        if (attempt < MAX_ATTEMPTS_PER_SCENARIO) {
          state.sessions.restarts++;
          continue;
        }
        stopped = new Stop('skip', undefined, neverCleanReason(e.why));
      } else stopped = e instanceof Stop ? e : new Stop('error', undefined, `internal error: ${(e as Error).stack ?? String(e)}`);
    } finally {
      await sr.client.close();
    }
    return finishScenario(sr, stopped);
  }
}

function finishScenario(sr: ScenarioRun, stopped: Stop | undefined): ScenarioResult {
  const { s, run: state } = sr;
  const result = { ...sr.result, durationMs: Math.round(performance.now() - sr.started) };
  return verdictOf(s, result, sr.completed, sr.held, stopped, { actors: [...sr.actors.values()], captures: sr.captures, issued: [...sr.issued] }, state.keepExchanges);
}

function startScenario(target: Target, s: LoadedScenario, run: RunState, attempt: number): ScenarioRun {
  return {
    target,
    s,
    run,
    client: run.newClient(),
    started: performance.now(),
    result: {
      id: s.id,
      title: s.title,
      file: s.file,
      line: s.line,
      target: target.name,
      status: 'pass',
      requirements: citedRequirements(s),
      passed: [],
      failures: [],
      durationMs: 0,
      exchanges: [],
      tokens: [],
    },
    actors: new Map(),
    captures: new Map(),
    cookieName: undefined,
    completed: [],
    issued: new Set(),
    recorded: new Set(),
    need: neededCharacters(s.needs_token),
    attempt,
    kept: [],
    tainted: new Map(),
    held: [],
  };
}

/** The variables a scenario's templates see: target.*, <actor>.<field> and captures. */
function scopeOf(sr: ScenarioRun, captures: ReadonlyMap<string, string> = sr.captures): Scope {
  const { target } = sr;
  return {
    secret: target.secret,
    lookup(variable) {
      const [head, field] = variable.split('.') as [string, string | undefined];
      if (head === 'target') {
        if (field === 'origin') return target.origin;
        if (field === 'cookie_name') return sr.cookieName ?? DEFAULT_SESSION_COOKIE;
        if (field === 'schema_url') return target.schemaUrl;
        if (field === 'schema_file') return target.schemaFile === undefined ? undefined : schemaFileUrl(target.schemaFile);
        return undefined;
      }
      if (field !== undefined) {
        const actor = sr.actors.get(head);
        return actor && actorVariable(actor, field);
      }
      return captures.get(head);
    },
  };
}

/** Values a cut must not split: the secret's spellings, the actors' and issued tokens (retention.ts). */
function needles(sr: ScenarioRun): string[] {
  return [
    ...(sr.target.secret ? spellings(sr.target.secret) : []),
    ...[...sr.actors.values()].flatMap((a) => [a.signed, a.token, a.password]),
    ...sr.issued,
  ];
}

/**
 * A failure placed at its step. One requirement per failure (INTERPRETING.md 18.2): an invariant names
 * its own; any other check is charged to the step's first requirement, and the step's others are context.
 */
function failureAt(
  sr: ScenarioRun,
  at: At,
  f: Finding | { check: string; message: string; expected?: unknown; actual?: unknown; requirements?: string[]; context?: string[] },
  exchange?: Exchange,
): Failure {
  const own = 'requirements' in f ? f.requirements : undefined;
  const context = 'context' in f && f.context ? f.context : own ? [] : at.requirements.slice(1);
  return {
    step: at.step,
    stepName: at.stepName,
    requirements: own || at.requirements.slice(0, 1),
    ...(context.length ? { context } : {}),
    check: f.check,
    message: f.message,
    ...(f.expected !== undefined ? { expected: boundStrings(f.expected, needles(sr)) } : {}),
    ...(f.actual !== undefined ? { actual: boundStrings(f.actual, needles(sr)) } : {}),
    ...('path' in f && f.path !== undefined ? { path: f.path } : {}),
    ...(exchange ? { exchange } : {}),
    file: sr.s.file,
    line: at.line,
  };
}

/**
 * Sends a request and records the exchange. A throttled answer is waited out and the request sent
 * again; it is never judged (18.5). A transport failure stops the scenario as an error, and, before the
 * target has answered anything, marks the whole target unreachable.
 */
async function send(sr: ScenarioRun, req: HttpRequest, at: At): Promise<{ res: HttpResponse; exchange: Exchange }> {
  const { run: state } = sr;
  const exchange: Exchange = { request: req };
  sr.result.exchanges.push(exchange);
  try {
    const res = await state.throttle.send(req.url, async () => {
      const answer = await sr.client.send(req, state.signal);
      state.answered = true;
      return answer;
    });
    for (const t of issuedTokensOf(res)) sr.issued.add(t);
    exchange.response = keptResponse(res, needles(sr));
    countSessionRequest(state, req);
    return { res, exchange };
  } catch (e) {
    // Whatever the abort looked like on the way (a transport error, a cut wait), it is the deadline's.
    if (state.signal?.aborted) throw new Stop('skip', undefined, `${NOT_FINISHED}${String(state.signal.reason)} during ${where(at)}; its request was aborted.`);
    if (e instanceof ThrottledTooLongError) {
      throw new Stop('error', failureAt(sr, at, { check: 'throttled', message: e.message }, exchange), `${where(at)}: ${e.message}`);
    }
    if (!(e instanceof TransportError)) throw e;
    // Status line and headers count as an answer, even when the body then fails.
    if (e.headReceived) state.answered = true;
    // Before any answer, a refusal or a timeout says the target cannot be judged at all: stop the
    // run now rather than let every scenario wait out its own timeout.
    if (e.kind === 'refused' && !state.answered) {
      state.unreachable ??= new TargetUnreachableError(sr.target.url, e.code);
    }
    if (e.kind === 'timeout' && !state.answered) {
      state.unreachable ??= new TargetUnreachableError(sr.target.url, e.code, { timeoutMs: state.timeoutMs });
    }
    throw new Stop('error', failureAt(sr, at, { check: 'transport', message: e.message }, exchange), `${where(at)}: ${e.message}`);
  }
}

/**
 * Invariants are recorded without stopping the scenario, so one broken rule (say, no set-auth-token
 * at sign-up) does not hide the others. Each check is recorded once per step: actor setup counts as
 * one step, so two sign-ups breaking the same rule give one failure.
 */
function recordInvariants(sr: ScenarioRun, req: HttpRequest, res: HttpResponse, exchange: Exchange, at: At, except?: string): string[] {
  const checks: string[] = [];
  for (const broken of invariantFailures(req, res, { target: sr.target, sessionCookieName: sr.cookieName })) {
    if (broken.check === except) continue;
    checks.push(broken.check);
    const key = `${at.step}\u0000${broken.check}`;
    if (sr.recorded.has(key)) continue;
    sr.recorded.add(key);
    sr.result.failures.push(failureAt(sr, at, broken, exchange));
  }
  return checks;
}

/**
 * Gets another session until the token has exactly the characters the scenario needs; gives the need
 * up after MAX_SESSIONS_PER_NEED sessions. `again` gets the session given up and answers the request
 * that issued the next one. `issued` is undefined when that answer signed nobody in (the caller
 * decides what that means); `last` is the last answer, when there was one.
 */
async function withCharacters(
  sr: ScenarioRun,
  first: IssuedSession,
  again: (givenUp: IssuedSession) => Promise<{ res: HttpResponse; exchange: Exchange }>,
  need: SpecialCharacters = sr.need,
  accentable = false,
): Promise<{ issued?: IssuedSession; last?: { res: HttpResponse; exchange: Exchange } }> {
  const { run: state } = sr;
  let current = first;
  let last: { res: HttpResponse; exchange: Exchange } | undefined;
  const charactersMet = () => specialCharacters(current.signed) === need;
  for (let sessions = 1; !charactersMet() || (accentable && !hasAccentableLetter(current.token)); sessions++) {
    if (state.tokenNeeds.isGivenUp(need) || sessions >= MAX_SESSIONS_PER_NEED) {
      // A token without an accentable letter is a need of this scenario alone, never given up for others.
      if (charactersMet() && !state.tokenNeeds.isGivenUp(need)) throw new Stop('skip', undefined, neverAccentableReason(sessions));
      state.tokenNeeds.giveUp(need);
      throw new Stop('skip', undefined, neverIssuedReason(need));
    }
    last = await again(current);
    const issued = issuedSession(last.res, current.cookieName);
    if (typeof issued === 'string') return { last };
    current = issued;
  }
  return { issued: current, last };
}

/**
 * Ends a session given up for its characters through its cookie, and checks that this was clean
 * (18.3): the given-up session no longer authenticates, and each of `live` still does. A server whose
 * sign-out ends nothing, or more than that session, answers false.
 */
async function endedCleanly(sr: ScenarioRun, at: At, givenUp: IssuedSession, live: readonly { cookieName: string; signed: string }[]): Promise<boolean> {
  const { target } = sr;
  const authenticates = async (session: { cookieName: string; signed: string }) => {
    const { res } = await send(sr, getSessionRequest(target, session.cookieName, session.signed), at);
    return res.status === 200 && checkUnauthenticated(res) !== undefined;
  };
  // Only sessions alive just before count: one the scenario itself signed out earlier is not lost here.
  const alive: { cookieName: string; signed: string }[] = [];
  for (const session of live) if (await authenticates(session)) alive.push(session);
  await send(sr, signOutRequest(target, givenUp.cookieName, givenUp.signed), at);
  if (await authenticates(givenUp)) return false;
  for (const session of alive) if (!(await authenticates(session))) return false;
  return true;
}

/** A scenario whose token need was given up on this target is skipped at once when it would need a token (18.3). */
function skipIfNeedGivenUp(sr: ScenarioRun): void {
  const { s } = sr;
  if (sr.run.tokenNeeds.isGivenUp(sr.need) && ((s.actors?.length ?? 0) > 0 || s.steps.some((st) => isSignInPath(st.request.method, st.request.path ?? '')))) {
    throw new Stop('skip', undefined, neverIssuedReason(sr.need));
  }
}

/**
 * Whether the scenario's steps name the actor's token (`${alice.signed}`, `${alice.token}`, with any
 * filters): only then do its characters matter, and setup gets it the scenario's (18.3).
 */
export function namesToken(s: Pick<LoadedScenario, 'steps'>, actor: string): boolean {
  return new RegExp(`\\$\\{\\s*${actor.replace(/[^A-Za-z0-9_]/g, '\\$&')}\\.(?:signed|token)\\b`).test(JSON.stringify(s.steps));
}

/** Some step applies `accent` to the actor's token: its raw token must have an accentable letter (18.3). */
export function accentsToken(s: Pick<LoadedScenario, 'steps'>, actor: string): boolean {
  return new RegExp(`\\$\\{\\s*${actor.replace(/[^A-Za-z0-9_]/g, '\\$&')}\\.(?:signed|token)\\s*\\|[^}]*\\baccent\\b`).test(JSON.stringify(s.steps));
}

/**
 * Sets the scenario's actors up. Actor setup observes and judges nothing (18.1); read-only and
 * append-only scenarios share their actors, each kind among itself (18.6).
 */
async function setUpActors(sr: ScenarioRun): Promise<void> {
  const { s, target, run: state } = sr;
  const pool = sharingPool(s);
  for (const name of s.actors ?? []) {
    const at: At = { step: -1, stepName: `set up ${name}`, requirements: ['BEARER-SURF-1'], line: s.line };
    const need = namesToken(s, name) ? sr.need : undefined;
    const accentable = accentsToken(s, name);
    let actor: Promise<Actor>;
    if (pool) {
      const kind = `${need ?? 'any'}${accentable ? '+accent' : ''}`;
      const key = `${pool}\u0000${name}\u0000${kind}`;
      const shared = state.shared.get(key);
      if (shared) state.sessions.sharedUses++;
      actor = shared ?? setUpActor(sr, name, `${target.name}/${pool}/${name}/${kind}`, at, need, accentable);
      state.shared.set(key, actor);
    } else {
      actor = setUpActor(sr, name, `${target.name}/${s.id}/${name}${sr.attempt > 1 ? `@${sr.attempt}` : ''}`, at, need, accentable);
    }
    const ready = await actor;
    sr.actors.set(name, ready);
    sr.cookieName ??= ready.cookieName;
  }
}

/**
 * Signs an actor up; while its token lacks the scenario's characters, either signs another user up
 * (the given-up one is simply not used) or signs the session out and the same user in again,
 * whichever of the two endpoints a rate limit lets through sooner, so a limited server's two buckets
 * are both used.
 */
async function setUpActor(sr: ScenarioRun, name: string, label: string, at: At, need: SpecialCharacters | undefined, accentable = false): Promise<Actor> {
  const { target, run: state } = sr;
  let credentials: Credentials = newCredentials(name, { seed: state.seed, label });
  const { res, exchange } = await send(sr, signUpRequest(target, credentials), at);
  const first = issuedSession(res);
  if (typeof first === 'string') {
    throw new Stop('fail', failureAt(sr, at, { check: 'actor_setup', requirements: ['BEARER-SURF-1'], message: `signing up ${name}: ${first}` }, exchange));
  }
  state.sessions.actors++;
  let userId = first.userId;
  let users = 1;
  const kept = need === undefined ? { issued: first, last: undefined } : await withCharacters(sr, first, async (givenUp) => {
    const signUp = signUpRequest(target, credentials);
    const signIn = signInRequest(target, credentials);
    // The same user again only when its given-up session is gone for sure; else a new user (18.3).
    if (state.throttle.waitMs(signIn.url) < state.throttle.waitMs(signUp.url) && (await endedCleanly(sr, at, givenUp, []))) return send(sr, signIn, at);
    credentials = newCredentials(name, { seed: state.seed, label: `${label}#${users++}` });
    const answer = await send(sr, signUpRequest(target, credentials), at);
    const issued = issuedSession(answer.res);
    userId = typeof issued === 'string' ? undefined : issued.userId;
    return answer;
  }, need, accentable);
  if (!kept.issued) {
    const why = issuedSession(kept.last!.res, first.cookieName) as string;
    throw new Stop('fail', failureAt(sr, at, { check: 'actor_setup', requirements: ['BEARER-SURF-1'], message: `setting ${name} up again for a token with other characters: ${why}` }, kept.last!.exchange));
  }
  userId ??= kept.issued.userId;
  return { name, email: credentials.email, password: credentials.password, ...(userId !== undefined ? { userId } : {}), token: kept.issued.token, signed: kept.issued.signed, cookieName: kept.issued.cookieName };
}

/**
 * Runs one step: builds and sends its request, records the invariants, then judges status, captures
 * and expectations in that order (section 10); the first of those to fail stops the scenario.
 */
async function runStep(sr: ScenarioRun, step: LoadedScenario['steps'][number], i: number): Promise<void> {
  const { s, target } = sr;
  const at: At = { step: i, stepName: step.name, requirements: step.requirements ?? s.requirements, line: s.stepLines[i] ?? s.line };
  const scope = scopeOf(sr);
  const sessionCookieName = sr.cookieName ?? DEFAULT_SESSION_COOKIE;
  // The target declared when it refreshes a used session: wait until this scenario's sessions are due.
  if (step.wait_for_refresh && target.sessionUpdateAge !== undefined) await waitForRefresh(sr.run, target.sessionUpdateAge, at);
  const req = expanding(sr, at, () => buildRequest(step.request, scope, target, sessionCookieName));
  let { res, exchange } = await send(sr, req, at);
  // A sign-in step's token gets the scenario's characters too: only the answer kept is judged (18.3).
  if (isSignInPath(req.method, new URL(req.url).pathname) && res.status === 200) {
    const issued = issuedSession(res, sr.cookieName);
    if (typeof issued !== 'string') {
      const live = [...sr.actors.values(), ...sr.kept];
      const got = await withCharacters(sr, issued, async (givenUp) => {
        if (!(await endedCleanly(sr, at, givenUp, live))) throw new Restart(`${where(at)}: signing out a session given up for its characters did not end just that session`);
        return send(sr, req, at);
      });
      ({ res, exchange } = got.last ?? { res, exchange });
      if (got.issued) sr.kept.push(got.issued);
    }
  }
  // One response, one failure (18.2): a server error is not also judged as an answer to the step.
  const rejection = step.expect?.unauthenticated === true;
  const answer = answerRule(new URL(req.url).pathname);
  const broke = recordInvariants(sr, req, res, exchange, at, rejection ? 'invariant:status-below-500' : undefined);
  if (res.status >= 500 && !rejection) throw new Stop('fail', undefined);
  if (rejection) judgeRejection(sr, at, res, exchange, answer);
  const broken = judgeResponse(sr, step, at, res, exchange, sr.captures);
  if (broke.includes(HEADER_EQUALS_COOKIE)) {
    for (const [name, spec] of Object.entries(step.capture ?? {})) if ('header' in spec && spec.header.toLowerCase() === 'set-auth-token') sr.tainted.set(name, i);
  }
  if (broken) throw await stopFor(sr, step, at, req, res, broken, exchange);
  sr.completed.push(i);
}

/**
 * The part of a rejection step (18.2) that comes before its expectations: a server error is charged to
 * the rule that owns the answer (`answer`), an authenticated request to the step's own rule; a request
 * left unauthenticated shows the step's own rule held, whatever the answer's form turns out to be.
 */
function judgeRejection(sr: ScenarioRun, at: At, res: HttpResponse, exchange: Exchange, answer: string): void {
  if (authenticated(res)) {
    const found = checkUnauthenticated(res) ?? { check: 'unauthenticated', message: 'expected no session (not authenticated)' };
    throw new Stop('fail', failureAt(sr, at, { ...found, message: `${found.message} (answered ${res.status})` }, exchange));
  }
  if (at.requirements[0] !== answer) sr.held.push(at.requirements[0]!);
  if (res.status >= 500) {
    throw new Stop('fail', failureAt(sr, at, {
      check: 'status',
      requirements: [answer],
      context: at.requirements.filter((r) => r !== answer),
      message: `the server answered ${res.status} to a request it did not authenticate; it must answer as it does without credentials, never with a server error`,
      actual: res.status,
    }, exchange));
  }
}

/**
 * Status, captures (into `captures`) and expectations of a step's response, in that order (section
 * 10): the first that fails, or undefined when all hold.
 */
function judgeResponse(sr: ScenarioRun, step: LoadedScenario['steps'][number], at: At, res: HttpResponse, exchange: Exchange, captures: Map<string, string>): Finding | undefined {
  const { target } = sr;
  const sessionCookieName = sr.cookieName ?? DEFAULT_SESSION_COOKIE;
  const status = checkStatus(step.expect, res);
  if (status) return status;
  for (const [name, spec] of Object.entries(step.capture ?? {})) {
    const got = capture(spec, res, sessionCookieName);
    if (!got.ok) return { check: 'capture', message: `capture '${name}': ${got.message}`, expected: spec };
    captures.set(name, got.value);
  }
  const scope = scopeOf(sr, captures);
  return expanding(
    sr,
    at,
    () => checkExpectations(step.expect, res, { scope, actors: sr.actors, secret: target.secret, sessionCookieName, coreTables: sr.run.coreTables }),
    exchange,
  );
}

/**
 * What a failed step stops the scenario with, charged as INTERPRETING.md 18.2 says: not at all when the
 * request uses a set-auth-token value an invariant already showed to differ from the session cookie;
 * at a rejection step, to the rule that owns how an unauthenticated request is answered (the request
 * was not let in: judgeRejection ruled that out); for a signed bearer that does not authenticate, by
 * what the same request in the other spelling does; otherwise to the step's first requirement.
 */
async function stopFor(sr: ScenarioRun, step: LoadedScenario['steps'][number], at: At, req: HttpRequest, res: HttpResponse, broken: Finding, exchange: Exchange): Promise<Stop> {
  const [tainted] = capturesUsed(step, sr.tainted.keys());
  if (tainted !== undefined) {
    const from = sr.s.steps[sr.tainted.get(tainted)!]?.name ?? '';
    return new Stop('fail', undefined, `${where(at)}: not judged: it uses '${tainted}', the set-auth-token value of step "${from}", which already failed ${HEADER_EQUALS_COOKIE}`);
  }
  if (step.expect?.unauthenticated === true && !broken.requirements) {
    const answer = answerRule(new URL(req.url).pathname);
    return new Stop('fail', failureAt(sr, at, { ...broken, requirements: [answer], context: at.requirements.filter((r) => r !== answer) }, exchange));
  }
  const other = isPositiveStep(step) ? otherSpelling(req) : undefined;
  if (other === undefined || at.requirements.length === 0) return new Stop('fail', failureAt(sr, at, broken, exchange));
  // Observation only, as actor setup: the second spelling's answer is kept but not judged by the invariants.
  const diagnosis = await send(sr, other.request, at);
  const holds = judgeResponse(sr, step, at, diagnosis.res, diagnosis.exchange, new Map(sr.captures)) === undefined;
  const bothRefused = refused(res) && refused(diagnosis.res);
  const charged = chargeForSpelling(at.requirements[0]!, other.sent, { holds, bothRefused });
  return new Stop('fail', failureAt(sr, { ...at, requirements: chargedFirst(at.requirements, charged) }, broken, exchange));
}

/** Runs `fn`; a template that cannot be expanded makes the scenario an error, not a failure. */
function expanding<T>(sr: ScenarioRun, at: At, fn: () => T, exchange?: Exchange): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof Stop) throw e;
    const message = e instanceof TemplateError ? e.message : `internal error: ${(e as Error).message}`;
    throw new Stop('error', failureAt(sr, at, { check: e instanceof TemplateError ? 'template' : 'internal', message }, exchange), `${where(at)}: ${message}`);
  }
}

/**
 * The scenario's verdict from what happened: 'fail' when anything failed (even if it then could not
 * finish), 'error' when it could not finish and nothing failed before, 'pass' otherwise.
 */
function verdictOf(
  s: LoadedScenario,
  result: ScenarioResult,
  completed: number[],
  held: string[],
  stopped: Stop | undefined,
  known: { actors: Actor[]; captures: ReadonlyMap<string, string>; issued: string[] },
  keepAll: boolean,
): ScenarioResult {
  const failures = [...result.failures];
  let error: Failure | undefined;
  if (stopped?.status === 'fail' && stopped.failure) failures.push(stopped.failure);
  if (stopped?.status === 'error') error = stopped.failure;
  const failed = [...new Set(failures.flatMap((f) => f.requirements))];
  // A token need given up (18.3) skips the scenario, unless something had already failed.
  const status: ScenarioStatus = failures.length ? 'fail' : stopped?.status === 'skip' ? 'skip' : stopped ? 'error' : 'pass';
  const first = failures[0] ?? error;
  return {
    ...result,
    status,
    failures,
    passed: stopped?.status === 'skip' ? [] : [...new Set([...credited(s, completed, failed, stopped === undefined), ...held.filter((r) => !failed.includes(r))])],
    ...(first ? { failure: first } : {}),
    ...(error ? { error } : {}),
    ...(stopped?.reason ? { reason: stopped.reason } : {}),
    exchanges: keepAll ? result.exchanges : result.exchanges.filter((x) => [...failures, ...(error ? [error] : [])].some((f) => f.exchange === x)),
    tokens: labelTokens(known),
  };
}

const READ_ONLY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Which actors a scenario may share (INTERPRETING.md 18.6): 'read-only' when it only reads (it adds and
 * ends no session of its actors); undefined: actors of its own. A scenario that signs in adds a session
 * to its user, which a server that mixes up a user's sessions shows to every scenario sharing that user,
 * as timing has it; so it never shares.
 */
export function sharingPool(s: Pick<LoadedScenario, 'steps'>): 'read-only' | undefined {
  return s.steps.every((st) => READ_ONLY_METHODS.has(st.request.method.toUpperCase())) ? 'read-only' : undefined;
}

function isSignInPath(method: string, path: string): boolean {
  return method.toUpperCase() === 'POST' && path.replace(/\?.*$/, '').endsWith('/sign-in/email');
}

/** Counts what a request cost the target in sessions, for the report (18.6). */
function countSessionRequest(state: RunState, req: HttpRequest): void {
  if (req.method !== 'POST') return;
  const path = new URL(req.url).pathname;
  if (path.endsWith('/sign-up/email')) state.sessions.signUps++;
  else if (path.endsWith('/sign-in/email')) state.sessions.signIns++;
  else if (path.endsWith('/sign-out')) state.sessions.signOuts++;
}

/** Waited beyond a declared session update age, so a refresh is due whatever the clocks' granularity. */
const REFRESH_MARGIN_MS = 100;

async function waitForRefresh(state: RunState, updateAgeSeconds: number, at: At): Promise<void> {
  try {
    await sleep(updateAgeSeconds * 1000 + REFRESH_MARGIN_MS, undefined, state.signal ? { signal: state.signal } : {});
  } catch {
    throw new Stop('skip', undefined, `${NOT_FINISHED}${String(state.signal?.reason)} during ${where(at)}, while it waited for a session refresh.`);
  }
}

function where(at: { step: number; stepName: string }): string {
  return at.step < 0 ? at.stepName : `step ${at.step + 1} ('${at.stepName}')`;
}
