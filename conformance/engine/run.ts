// Running scenarios against one target: actors, steps, invariants, expectations and the verdict of
// each scenario. Scenarios run concurrently and share nothing; the steps of one run in order.
import { readFileSync } from 'node:fs';
import { actorFromSignUp, actorVariable, newCredentials, signUpRequest, type Actor } from './actors.js';
import { checkExpectations, checkStatus, type CheckFailure, type CoreTables } from './assert.js';
import { capture } from './capture.js';
import { DEFAULT_SESSION_COOKIE } from './cookies.js';
import { createClient, TransportError, type HttpClient, type HttpRequest, type HttpResponse } from './http.js';
import { withSchemaFile } from './schema-file.js';
import { invariantFailures } from './invariants.js';
import { buildRequest } from './request.js';
import { boundStrings, keptResponse } from './retention.js';
import { spellings } from './spellings.js';
import { issuedTokensOf, labelTokens } from './tokens.js';
import { TargetUnreachableError } from '../model/errors.js';
import { schemaFileUrl } from '../plan/schema-file.js';
import type { Exchange, Failure, ScenarioResult, ScenarioStatus } from '../model/result.js';
import type { Target } from '../model/target.js';
import { planScenario } from '../plan/needs.js';
import type { LoadedScenario } from '../suite/load.js';
import { specFile } from '../suite/spec-files.js';
import { TemplateError, type Scope } from '../suite/template.js';

export interface RunOptions {
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
   * run but reported as skips with that reason (unless their needs are unmet: then that reason).
   */
  stop?: () => string | undefined;
  /**
   * true: every exchange, passing scenarios' too (--verbose); otherwise a result keeps the exchanges
   * of its failing or erroring steps only. Bodies are cut to REPORT_BODY_CHARS either way (retention.ts).
   */
  keepExchanges?: boolean;
}

export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_TIMEOUT_MS = 10_000;

/** What scenarios of one run share: the connection pool and whether the target ever answered. */
interface RunState {
  client: HttpClient;
  timeoutMs: number;
  keepExchanges: boolean;
  answered: boolean;
  unreachable?: TargetUnreachableError;
  coreTables: () => CoreTables;
}

/**
 * Runs every scenario against the target; results come back in scenario order, skips included.
 * Throws TargetUnreachableError when, before the target has answered anything, a connection is
 * refused or a request times out.
 */
export async function runTarget(target: Target, scenarios: LoadedScenario[], opts: RunOptions = {}): Promise<ScenarioResult[]> {
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? DEFAULT_CONCURRENCY));
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const state: RunState = {
    client: withSchemaFile(createClient({ timeoutMs, headers: target.headers ?? [], ...(opts.maxBodyBytes !== undefined ? { maxBodyBytes: opts.maxBodyBytes } : {}) }), target),
    timeoutMs,
    keepExchanges: opts.keepExchanges ?? false,
    answered: false,
    coreTables: lazyCoreTables(opts.coreSchemaFile ?? specFile('core-schema.json')),
  };
  const results: ScenarioResult[] = new Array(scenarios.length);
  let next = 0;
  const worker = async () => {
    while (!state.unreachable && next < scenarios.length) {
      const i = next++;
      const stopped = opts.stop?.();
      const result = stopped === undefined ? await runScenario(target, scenarios[i]!, state) : notStarted(target, scenarios[i]!, stopped);
      if (state.unreachable) return;
      results[i] = result;
      opts.onResult?.(result);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, scenarios.length) }, worker));
  } finally {
    await state.client.close();
  }
  if (state.unreachable) throw state.unreachable;
  return results;
}

function notStarted(target: Target, s: LoadedScenario, reason: string): ScenarioResult {
  const plan = planScenario(target, s);
  return {
    id: s.id, title: s.title, file: s.file, line: s.line, target: target.name, status: 'skip',
    reason: plan.run ? reason : plan.reason,
    requirements: requirementsOf(s), passed: [], failures: [], durationMs: 0, exchanges: [], tokens: [],
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
    readonly status: Exclude<ScenarioStatus, 'pass' | 'skip'>,
    readonly failure: Failure | undefined,
    readonly reason?: string,
  ) {}
}

/** A scenario's requirements plus its steps', in order of first mention. */
export function requirementsOf(s: Pick<LoadedScenario, 'requirements' | 'steps'>): string[] {
  return [...new Set([...s.requirements, ...s.steps.flatMap((st) => st.requirements ?? [])])];
}

/**
 * What a scenario credits: when every step completed, all its requirements; when it stopped early,
 * the requirements of the steps that completed, and nothing unless one of its positive controls (if
 * it has any) completed. Either way minus every requirement a failure names.
 */
export function credited(s: Pick<LoadedScenario, 'requirements' | 'steps'>, completed: number[], failed: string[], finished: boolean): string[] {
  let kept: string[];
  if (finished) kept = requirementsOf(s);
  else {
    const hasControl = s.steps.some((st) => st.control);
    if (hasControl && !completed.some((i) => s.steps[i]!.control)) return [];
    kept = [...new Set(completed.flatMap((i) => s.steps[i]!.requirements ?? s.requirements))];
  }
  return kept.filter((r) => !failed.includes(r));
}

async function runScenario(target: Target, s: LoadedScenario, state: RunState): Promise<ScenarioResult> {
  const started = performance.now();
  const result: ScenarioResult = {
    id: s.id,
    title: s.title,
    file: s.file,
    line: s.line,
    target: target.name,
    status: 'pass',
    requirements: requirementsOf(s),
    passed: [],
    failures: [],
    durationMs: 0,
    exchanges: [],
    tokens: [],
  };
  const finish = () => ({ ...result, durationMs: Math.round(performance.now() - started) });

  const plan = planScenario(target, s);
  if (!plan.run) return { ...finish(), status: 'skip', reason: plan.reason };

  const actors = new Map<string, Actor>();
  const captures = new Map<string, string>();
  let cookieName: string | undefined;
  const scope: Scope = {
    secret: target.secret,
    lookup(variable) {
      const [head, field] = variable.split('.') as [string, string | undefined];
      if (head === 'target') {
        if (field === 'origin') return target.origin;
        if (field === 'cookie_name') return cookieName ?? DEFAULT_SESSION_COOKIE;
        if (field === 'schema_url') return target.schemaUrl;
        if (field === 'schema_file') return target.schemaFile === undefined ? undefined : schemaFileUrl(target.schemaFile);
        return undefined;
      }
      if (field !== undefined) {
        const actor = actors.get(head);
        return actor && actorVariable(actor, field);
      }
      return captures.get(head);
    },
  };
  const completed: number[] = [];
  let stopped: Stop | undefined;
  // Tokens the server issued, gathered as each response arrives, so the responses need not be kept.
  const issued = new Set<string>();
  // Values a cut must not split: the secret's spellings, the actors' and issued tokens (retention.ts).
  const needles = () => [
    ...(target.secret ? spellings(target.secret) : []),
    ...[...actors.values()].flatMap((a) => [a.signed, a.token, a.password]),
    ...issued,
  ];

  /** Where a failure happened, for the report: step index, name, requirements, line. */
  interface At {
    step: number;
    stepName: string;
    requirements: string[];
    line: number;
  }
  const failureAt = (at: At, f: CheckFailure | { check: string; message: string; expected?: unknown; actual?: unknown; requirements?: string[] }, exchange?: Exchange): Failure => ({
    step: at.step,
    stepName: at.stepName,
    requirements: ('requirements' in f && f.requirements) || at.requirements,
    check: f.check,
    message: f.message,
    ...(f.expected !== undefined ? { expected: boundStrings(f.expected, needles()) } : {}),
    ...(f.actual !== undefined ? { actual: boundStrings(f.actual, needles()) } : {}),
    ...('path' in f && f.path !== undefined ? { path: f.path } : {}),
    ...(exchange ? { exchange } : {}),
    file: s.file,
    line: at.line,
  });

  const send = async (req: HttpRequest, at: At): Promise<{ res: HttpResponse; exchange: Exchange }> => {
    const exchange: Exchange = { request: req };
    result.exchanges.push(exchange);
    try {
      const res = await state.client.send(req);
      state.answered = true;
      for (const t of issuedTokensOf(res)) issued.add(t);
      exchange.response = keptResponse(res, needles());
      return { res, exchange };
    } catch (e) {
      if (!(e instanceof TransportError)) throw e;
      // Status line and headers count as an answer, even when the body then fails.
      if (e.headReceived) state.answered = true;
      // Before any answer, a refusal or a timeout says the target cannot be judged at all: stop the
      // run now rather than let every scenario wait out its own timeout.
      if (e.kind === 'refused' && !state.answered) {
        state.unreachable ??= new TargetUnreachableError(target.url, e.code);
      }
      if (e.kind === 'timeout' && !state.answered) {
        state.unreachable ??= new TargetUnreachableError(target.url, e.code, { timeoutMs: state.timeoutMs });
      }
      const reason = `${where(at)}: ${e.message}`;
      throw new Stop('error', failureAt(at, { check: 'transport', message: e.message }, exchange), reason);
    }
  };

  /**
   * Invariants are recorded without stopping the scenario, so one broken rule (say, no set-auth-token
   * at sign-up) does not hide the others. Each check is recorded once per step: actor setup counts as
   * one step, so two sign-ups breaking the same rule give one failure.
   */
  const seen = new Set<string>();
  const judgeInvariants = (req: HttpRequest, res: HttpResponse, exchange: Exchange, at: At) => {
    for (const broken of invariantFailures(req, res, { target, sessionCookieName: cookieName })) {
      const key = `${at.step}\u0000${broken.check}`;
      if (seen.has(key)) continue;
      seen.add(key);
      result.failures.push(failureAt(at, broken, exchange));
    }
  };

  /** Runs `fn`; a template that cannot be expanded makes the scenario an error, not a failure. */
  const expanding = <T>(at: At, fn: () => T, exchange?: Exchange): T => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof Stop) throw e;
      const message = e instanceof TemplateError ? e.message : `internal error: ${(e as Error).message}`;
      throw new Stop('error', failureAt(at, { check: e instanceof TemplateError ? 'template' : 'internal', message }, exchange), `${where(at)}: ${message}`);
    }
  };

  try {
    for (const name of s.actors ?? []) {
      const at: At = { step: -1, stepName: `sign up ${name}`, requirements: ['BEARER-SURF-1', 'BEARER-SURF-6'], line: s.line };
      const credentials = newCredentials(name);
      const req = signUpRequest(target, credentials);
      const { res, exchange } = await send(req, at);
      judgeInvariants(req, res, exchange, at);
      const outcome = actorFromSignUp(credentials, res);
      if (!outcome.ok) throw new Stop('fail', failureAt(at, { check: 'actor_setup', ...outcome.problem }, exchange));
      actors.set(name, outcome.actor);
      cookieName ??= outcome.cookieName;
    }

    for (const [i, step] of s.steps.entries()) {
      const at: At = { step: i, stepName: step.name, requirements: step.requirements ?? s.requirements, line: s.stepLines[i] ?? s.line };
      const sessionCookieName = cookieName ?? DEFAULT_SESSION_COOKIE;
      const req = expanding(at, () => buildRequest(step.request, scope, target, sessionCookieName));
      const { res, exchange } = await send(req, at);
      judgeInvariants(req, res, exchange, at);
      const status = checkStatus(step.expect, res);
      if (status) throw new Stop('fail', failureAt(at, status, exchange));
      for (const [name, spec] of Object.entries(step.capture ?? {})) {
        const got = capture(spec, res, sessionCookieName);
        if (!got.ok) throw new Stop('fail', failureAt(at, { check: 'capture', message: `capture '${name}': ${got.message}`, expected: spec }, exchange));
        captures.set(name, got.value);
      }
      const broken = expanding(
        at,
        () =>
          checkExpectations(step.expect, res, {
            scope,
            actors,
            secret: target.secret,
            sessionCookieName,
            coreTables: state.coreTables,
          }),
        exchange,
      );
      if (broken) throw new Stop('fail', failureAt(at, broken, exchange));
      completed.push(i);
    }
  } catch (e) {
    if (!(e instanceof Stop)) {
      stopped = new Stop('error', undefined, `internal error: ${(e as Error).stack ?? String(e)}`);
    } else stopped = e;
  }
  return verdictOf(s, finish(), completed, stopped, {
    actors: [...actors.values()],
    captures,
    issued: [...issued],
  }, state.keepExchanges);
}

/**
 * The scenario's verdict from what happened: 'fail' when anything failed (even if it then could not
 * finish), 'error' when it could not finish and nothing failed before, 'pass' otherwise.
 */
function verdictOf(
  s: LoadedScenario,
  result: ScenarioResult,
  completed: number[],
  stopped: Stop | undefined,
  known: { actors: Actor[]; captures: ReadonlyMap<string, string>; issued: string[] },
  keepAll: boolean,
): ScenarioResult {
  const failures = [...result.failures];
  let error: Failure | undefined;
  if (stopped?.status === 'fail' && stopped.failure) failures.push(stopped.failure);
  if (stopped?.status === 'error') error = stopped.failure;
  const failed = [...new Set(failures.flatMap((f) => f.requirements))];
  const status: ScenarioStatus = failures.length ? 'fail' : stopped ? 'error' : 'pass';
  const first = failures[0] ?? error;
  return {
    ...result,
    status,
    failures,
    passed: credited(s, completed, failed, stopped === undefined),
    ...(first ? { failure: first } : {}),
    ...(error ? { error } : {}),
    ...(stopped?.reason ? { reason: stopped.reason } : {}),
    exchanges: keepAll ? result.exchanges : result.exchanges.filter((x) => [...failures, ...(error ? [error] : [])].some((f) => f.exchange === x)),
    tokens: labelTokens(known),
  };
}

function where(at: { step: number; stepName: string }): string {
  return at.step < 0 ? at.stepName : `step ${at.step + 1} ('${at.stepName}')`;
}
