// Building the report of a run (model/report.ts) once, from its results and the gate's sections: the
// verdicts, diagnostics and redaction; and the minimal report of a run whose target could not be reached.
import { failureDiagnostics, rerunCommand } from './diagnostics.js';
import { redact, tokenRedaction } from './redact.js';
import { buildMatrix, judge } from '../judge/verdict.js';
import type { TargetUnreachableError } from '../model/errors.js';
import { type ExpectationsReport, type SelectionReport, type Report, type FailureReport, REPORT_FORMAT, type ResultReport, type RunReport, type TargetDescription, type UnreachableReport } from '../model/report.js';
import type { Registry } from '../model/requirements.js';
import { failuresOf, type Failure, type RunStats, type ScenarioResult } from '../model/result.js';
import { secretsOf, type Target } from '../model/target.js';
import type { SuiteInfo } from '../suite/suite-info.js';

function describeTarget(target: Target): TargetDescription {
  return {
    name: target.name,
    url: target.url,
    require_signature: target.requireSignature,
    secret_given: target.secret !== undefined && target.secret !== '',
    origin: target.origin,
    schema_url: target.schemaUrl ?? null,
    ...(target.schemaFile !== undefined && { schema_file: target.schemaFile }),
    exposed_headers: target.exposedHeaders ?? [],
    ...(target.profiles?.length && { profiles: target.profiles }),
    ...(target.sessionUpdateAge !== undefined && { session_update_age: target.sessionUpdateAge }),
  };
}

interface ReportInput {
  suite: SuiteInfo;
  registry: Registry;
  targets: Target[];
  results: ScenarioResult[];
  strict: boolean;
  startedAt: Date;
  durationMs: number;
  /** The targets are the embedded reference (the rerun command then names no target). */
  embedded?: boolean;
  /** Replace session tokens and signed values by labels (--redact-tokens). */
  redactTokens?: boolean | undefined;
  /** What each target's run cost it and how long it waited (report format 1.3). */
  stats?: (RunStats & { target: string })[];
  /** Every exchange of every result in the report (--verbose). */
  verbose?: boolean;
  /** The CI gate's sections (judge/gate.ts). */
  selection?: SelectionReport;
  expectations?: ExpectationsReport;
}

/**
 * The report, whole. Redaction happens here and nowhere else: each result's tokens (--redact-tokens)
 * before anything is derived from the results, and the target secrets in every string at the end.
 */
export function buildReport(input: ReportInput): Report {
  const { registry, targets, strict } = input;
  const tokens = tokenRedaction(input.results, input.redactTokens ?? false);
  // Tokens first, so that everything derived from the results (reasons, curl lines) is redacted too.
  const results = input.results.map(tokens.ofResult);
  const requirements = buildMatrix(registry.requirements, targets.map((t) => t.name), results);
  const judgement = judge(requirements, results, strict, input.selection);
  const secrets = targets.flatMap(secretsOf);
  const report: Report = {
    report_format: REPORT_FORMAT,
    suite: { name: input.suite.name, version: input.suite.version },
    spec_version: registry.specVersion,
    sections: registry.sections.map((s) => ({ id: s.id, title: s.title })),
    generated_at: input.startedAt.toISOString(),
    duration_ms: Math.round(input.durationMs),
    strict,
    tokens_redacted: input.redactTokens ?? false,
    ...(input.verbose ? { verbose: true } : {}),
    targets: targets.map(describeTarget),
    results: results.map((r) => resultReport(r, { targets, secrets, embedded: input.embedded ?? false, verbose: input.verbose ?? false })),
    requirements,
    ...(input.stats?.length ? { runs: input.stats.map((s) => runReport(s.target, s)) } : {}),
    summary: {
      targets: targets.length,
      scenarios: {
        total: results.length,
        pass: results.filter((r) => r.status === 'pass').length,
        fail: results.filter((r) => r.status === 'fail').length,
        skip: results.filter((r) => r.status === 'skip').length,
        error: results.filter((r) => r.status === 'error').length,
      },
      requirements: {
        total: requirements.length,
        pass: requirements.filter((r) => r.verdict === 'pass').length,
        fail: requirements.filter((r) => r.verdict === 'fail').length,
        skip: requirements.filter((r) => r.verdict === 'skip').length,
        inconclusive: requirements.filter((r) => r.verdict === 'inconclusive').length,
      },
      failing: judgement.failing,
      warnings: judgement.warnings,
      verdict: judgement.verdict,
      explanation: judgement.explanation,
    },
    ...(input.selection ? { selection: input.selection } : {}),
    ...(input.expectations ? { expectations: tokens.ofExpectations(input.expectations) } : {}),
  };
  return redact(report, secrets);
}

/** The report's form of the engine's stats. */
function runReport(target: string, s: RunStats): RunReport {
  return {
    target,
    seed: s.seed,
    sessions: { sign_ups: s.sessions.signUps, sign_ins: s.sessions.signIns, sign_outs: s.sessions.signOuts, actors: s.sessions.actors, shared_uses: s.sessions.sharedUses, restarts: s.sessions.restarts },
    throttling: {
      waits: s.throttling.waits,
      waited_ms: Math.round(s.throttling.waitedMs),
      by_status: s.throttling.byStatus,
      by_path: Object.fromEntries(Object.entries(s.throttling.byPath).map(([p, v]) => [p, { waits: v.waits, waited_ms: Math.round(v.waitedMs) }])),
    },
    token_needs_unmet: s.tokenNeedsUnmet,
  };
}

interface ResultContext {
  targets: Target[];
  secrets: string[];
  embedded: boolean;
  verbose: boolean;
}

function resultReport(r: ScenarioResult, ctx: ResultContext): ResultReport {
  const out: ResultReport = {
    id: r.id,
    title: r.title,
    target: r.target,
    status: r.status,
    requirements: r.requirements,
    passed: r.passed,
    failures: failuresOf(r).map((f) => failureReport(f, ctx.secrets)),
    file: r.file,
    line: r.line,
    duration_ms: Math.round(r.durationMs),
  };
  if (r.reason !== undefined) out.reason = r.reason;
  const first = out.failures[0] ?? (r.error ?? r.failure ? failureReport((r.error ?? r.failure)!, ctx.secrets) : undefined);
  if (first) out.failure = first;
  if (r.error) out.error = failureReport(r.error, ctx.secrets);
  if (r.status === 'fail' || r.status === 'error') {
    const target = ctx.targets.find((t) => t.name === r.target);
    out.rerun = rerunCommand(r, ctx.embedded || !target ? undefined : describeTarget(target));
  }
  // Tokens were replaced in the results above and the secret is scrubbed from the whole report, exchanges included.
  if (ctx.verbose) out.exchanges = r.exchanges;
  return out;
}

function failureReport(f: Failure, secrets: string[]): FailureReport {
  return {
    step: f.step,
    step_name: f.stepName,
    requirements: f.requirements,
    ...(f.context?.length ? { context: f.context } : {}),
    check: f.check,
    message: f.message,
    ...('expected' in f ? { expected: f.expected } : {}),
    ...('actual' in f ? { actual: f.actual } : {}),
    ...(f.path !== undefined ? { path: f.path } : {}),
    ...(f.exchange ? { exchange: f.exchange } : {}),
    file: f.file,
    line: f.line,
    ...failureDiagnostics(f, secrets),
  };
}

interface UnreachableInput {
  suite: SuiteInfo;
  specVersion: string;
  /** Every target of the run. */
  targets: Target[];
  /** The one that could not be reached; by default the target at the error's URL. */
  down?: Target;
  error: TargetUnreachableError;
  startedAt: Date;
  durationMs: number;
}

export function buildUnreachableReport(input: UnreachableInput): UnreachableReport {
  const { error } = input;
  const secrets = input.targets.flatMap(secretsOf);
  const report: UnreachableReport = {
    report_format: REPORT_FORMAT,
    suite: { name: input.suite.name, version: input.suite.version },
    spec_version: input.specVersion,
    generated_at: input.startedAt.toISOString(),
    duration_ms: Math.round(input.durationMs),
    targets: input.targets.map(describeTarget),
    unreachable: {
      target: (input.down ?? input.targets.find((t) => t.url === error.url))?.name ?? error.url,
      url: error.url,
      kind: error.kind,
      code: error.code,
      ...(error.timeoutMs !== undefined ? { timeout_ms: error.timeoutMs } : {}),
      reason: error.message,
    },
    summary: { verdict: 'unreachable', explanation: error.message },
  };
  return redact(report, secrets);
}
