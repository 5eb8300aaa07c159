// The report of a run: what every reporter renders and what run() returns. Its JSON form is
// described by spec/report.schema.json; REPORT_FORMAT changes when that schema does
// (minor: fields added; major: fields removed or changed).
// 1.1: every failure of a result (`failures`), the error record, per-failure diff and curl, a rerun
// command per failing result, requirement texts in the matrix, and whether tokens were redacted.
// 1.2: the unreachable report (UnreachableReport), written where 1.1 wrote none.
import { readFile } from 'node:fs/promises';
import { failureDiagnostics, rerunCommand } from './diagnostics.js';
import type { TargetUnreachableError } from './errors.js';
import type { DiffEntry } from './diff.js';
import { redact, redactTokens } from './redact.js';
import { failuresOf, type Exchange, type Failure, type ScenarioResult, type Target } from './result.js';
import { packageFile } from './spec-files.js';
import { buildMatrix, judge, type MatrixRow, type OverallVerdict, type Registry } from './verdict.js';

export { redact } from './redact.js';

export const REPORT_FORMAT = '1.2';

/** The target as the report shows it: everything but the secret, of which only its presence is told. */
export interface TargetDescription {
  name: string;
  url: string;
  require_signature: boolean;
  secret_given: boolean;
  origin: string;
  schema_url: string | null;
  exposed_headers: string[];
}

export interface FailureReport {
  /** 0-based step index; -1 for actor setup. */
  step: number;
  step_name: string;
  requirements: string[];
  check: string;
  message: string;
  expected?: unknown;
  actual?: unknown;
  /** For a JSON subset mismatch: JSON Pointer to the first difference. */
  path?: string;
  /** The HTTP exchange of the failing step. */
  exchange?: Exchange;
  file: string;
  line: number;
  /** For JSON checks (json, session_of): every difference, as a JSON Pointer with expected and actual. */
  diff?: DiffEntry[];
  /** A POSIX-shell curl command sending the failing request again (the secret as "$BEARER_CONFORMANCE_SECRET"). */
  curl?: string;
}

export interface ResultReport {
  id: string;
  title: string;
  target: string;
  status: ScenarioResult['status'];
  requirements: string[];
  passed: string[];
  reason?: string;
  /** Every failure, in order; the stopping one (if any) last. Empty unless status is fail. */
  failures: FailureReport[];
  /** failures[0]; on an error without failures, the error record (format 1.0 field). */
  failure?: FailureReport;
  /** What ended the scenario as an error, at a known step. */
  error?: FailureReport;
  /** On fail and error: the command that runs only this scenario against the same target. */
  rerun?: string;
  file: string;
  line: number;
  duration_ms: number;
}

export interface Summary {
  targets: number;
  scenarios: { total: number; pass: number; fail: number; skip: number; error: number };
  requirements: { total: number; pass: number; fail: number; skip: number; inconclusive: number };
  /** Requirements that make the target non-conforming. */
  failing: string[];
  /** SHOULD requirements that fail without --strict. */
  warnings: string[];
  verdict: OverallVerdict;
  explanation: string;
}

export interface Report {
  report_format: string;
  suite: { name: string; version: string };
  spec_version: string;
  /** Sections of the spec, in order, for grouping requirements. */
  sections: { id: string; title: string }[];
  generated_at: string;
  duration_ms: number;
  strict: boolean;
  /** Whether session tokens were replaced by labels (--redact-tokens). The secret never appears. */
  tokens_redacted: boolean;
  targets: TargetDescription[];
  results: ResultReport[];
  requirements: MatrixRow[];
  summary: Summary;
}

export interface SuiteInfo {
  name: string;
  version: string;
}

export async function loadSuiteInfo(): Promise<SuiteInfo> {
  const pkg = JSON.parse(await readFile(packageFile('package.json'), 'utf8')) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}

export function describeTarget(target: Target): TargetDescription {
  return {
    name: target.name,
    url: target.url,
    require_signature: target.requireSignature,
    secret_given: target.secret !== undefined && target.secret !== '',
    origin: target.origin,
    schema_url: target.schemaUrl ?? null,
    exposed_headers: target.exposedHeaders ?? [],
  };
}

export interface ReportInput {
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
  redactTokens?: boolean;
}

export function buildReport(input: ReportInput): Report {
  const { registry, targets, strict } = input;
  // Tokens first, so that everything derived from the results (reasons, curl lines) is redacted too.
  const results = input.redactTokens ? input.results.map((r) => redactTokens(r, r.tokens ?? [])) : input.results;
  const requirements = buildMatrix(registry.requirements, targets.map((t) => t.name), results);
  const judgement = judge(requirements, results, strict);
  const secrets = targets.map((t) => t.secret).filter((s): s is string => typeof s === 'string' && s !== '');
  const report: Report = {
    report_format: REPORT_FORMAT,
    suite: { name: input.suite.name, version: input.suite.version },
    spec_version: registry.specVersion,
    sections: registry.sections.map((s) => ({ id: s.id, title: s.title })),
    generated_at: input.startedAt.toISOString(),
    duration_ms: Math.round(input.durationMs),
    strict,
    tokens_redacted: input.redactTokens ?? false,
    targets: targets.map(describeTarget),
    results: results.map((r) => resultReport(r, { targets, secrets, embedded: input.embedded ?? false })),
    requirements,
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
  };
  return redact(report, secrets);
}

interface ResultContext {
  targets: Target[];
  secrets: string[];
  embedded: boolean;
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
  return out;
}

function failureReport(f: Failure, secrets: string[]): FailureReport {
  return {
    step: f.step,
    step_name: f.stepName,
    requirements: f.requirements,
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

/**
 * The report of a run that stopped because a target could not be reached (exit code 4): what was
 * run against what, and why nothing was judged. File reporters write it so that CI jobs that always
 * upload the report get one.
 */
export interface UnreachableReport {
  report_format: string;
  suite: { name: string; version: string };
  spec_version: string;
  generated_at: string;
  duration_ms: number;
  targets: TargetDescription[];
  unreachable: { target: string; url: string; kind: 'refused' | 'silent'; code: string; timeout_ms?: number; reason: string };
  summary: { verdict: 'unreachable'; explanation: string };
}

export interface UnreachableInput {
  suite: SuiteInfo;
  specVersion: string;
  /** Every target of the run; `down` is the one that could not be reached. */
  targets: Target[];
  down: Target;
  error: TargetUnreachableError;
  startedAt: Date;
  durationMs: number;
}

export function buildUnreachableReport(input: UnreachableInput): UnreachableReport {
  const { error } = input;
  const secrets = input.targets.map((t) => t.secret).filter((s): s is string => typeof s === 'string' && s !== '');
  const report: UnreachableReport = {
    report_format: REPORT_FORMAT,
    suite: { name: input.suite.name, version: input.suite.version },
    spec_version: input.specVersion,
    generated_at: input.startedAt.toISOString(),
    duration_ms: Math.round(input.durationMs),
    targets: input.targets.map(describeTarget),
    unreachable: {
      target: input.down.name,
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
