// The report of a run: what every reporter renders and what run() returns. Its JSON form is
// described by spec/report.schema.json; REPORT_FORMAT changes when that schema does
// (minor: fields added; major: fields removed or changed).
import { readFile } from 'node:fs/promises';
import type { Exchange, ScenarioResult, Target } from './result.js';
import { packageFile } from './spec-files.js';
import { buildMatrix, judge, type MatrixRow, type OverallVerdict, type Registry } from './verdict.js';

export const REPORT_FORMAT = '1.0';

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
}

export interface ResultReport {
  id: string;
  title: string;
  target: string;
  status: ScenarioResult['status'];
  requirements: string[];
  passed: string[];
  reason?: string;
  failure?: FailureReport;
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
}

export function buildReport(input: ReportInput): Report {
  const { registry, targets, results, strict } = input;
  const requirements = buildMatrix(registry.requirements, targets.map((t) => t.name), results);
  const judgement = judge(requirements, results, strict);
  const report: Report = {
    report_format: REPORT_FORMAT,
    suite: { name: input.suite.name, version: input.suite.version },
    spec_version: registry.specVersion,
    sections: registry.sections.map((s) => ({ id: s.id, title: s.title })),
    generated_at: input.startedAt.toISOString(),
    duration_ms: Math.round(input.durationMs),
    strict,
    targets: targets.map(describeTarget),
    results: results.map(resultReport),
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
  const secrets = targets.map((t) => t.secret).filter((s): s is string => typeof s === 'string' && s !== '');
  return redact(report, secrets);
}

function resultReport(r: ScenarioResult): ResultReport {
  const out: ResultReport = {
    id: r.id,
    title: r.title,
    target: r.target,
    status: r.status,
    requirements: r.requirements,
    passed: r.passed,
    file: r.file,
    line: r.line,
    duration_ms: Math.round(r.durationMs),
  };
  if (r.reason !== undefined) out.reason = r.reason;
  if (r.failure) {
    const f = r.failure;
    out.failure = {
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
    };
  }
  return out;
}

const REDACTED = '[secret]';

/**
 * Replaces every occurrence of a target secret (and its percent-encoded spelling) in every string of
 * the report. The runner never needs to put the secret on the wire, but a scenario or a server could
 * echo it, and the rule is that no report ever holds it.
 */
export function redact<T>(value: T, secrets: string[]): T {
  const needles = [...new Set(secrets.flatMap((s) => [s, encodeURIComponent(s)]))].sort((a, b) => b.length - a.length);
  if (needles.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return needles.reduce((s, n) => s.split(n).join(REDACTED), v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [walk(k) as string, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
