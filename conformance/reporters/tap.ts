// The TAP version 14 reporter: one test point per scenario and target, `# SKIP <reason>` for skips,
// and a YAML diagnostic block for failures and errors (requirement, expected, actual, diff, where,
// the exchange, curl and the rerun command). The YAML is written by the yaml package, never by hand.
import { destination } from './destination.js';
import type { FailureReport, Report, ResultReport, UnreachableReport } from '../model/report.js';
import type { Reporter, ReporterContext } from '../model/reporter.js';
import { displayPath, exchangeLines } from '../report/diagnostics.js';
import { yamlLibrary } from '../suite/yaml-library.js';

export function tapReporter(context: ReporterContext): Reporter {
  const out = destination(context.output, context.stdout, 'TAP report', '--reporter tap:<file>');
  return {
    start: () => out.check(),
    finish: (report: Report) => out.write(renderTap(report)),
    unreachable: (report: UnreachableReport) => out.write(renderTapUnreachable(report)),
  };
}

/** The unreachable report: the header comments, then `Bail out!` with the sentence, which TAP consumers treat as a failed run. */
export function renderTapUnreachable(report: UnreachableReport): string {
  const lines = ['TAP version 14'];
  lines.push(comment(`${report.suite.name} ${report.suite.version} (spec ${report.spec_version}, report format ${report.report_format})`));
  for (const t of report.targets) lines.push(comment(`target ${t.name}: ${t.url}`));
  lines.push(`Bail out! ${report.unreachable.reason.replace(/[\r\n]+/g, ' ')}`);
  return `${lines.join('\n')}\n`;
}

export function renderTap(report: Report): string {
  const lines = ['TAP version 14'];
  lines.push(comment(`${report.suite.name} ${report.suite.version} (spec ${report.spec_version}, report format ${report.report_format})`));
  for (const t of report.targets) lines.push(comment(`target ${t.name}: ${t.url}`));
  lines.push(`1..${report.results.length}`);
  const several = report.targets.length > 1;
  report.results.forEach((r, i) => {
    const description = escapeDescription(`${several ? `[${r.target}] ` : ''}${r.id}: ${r.title}`);
    if (r.status === 'skip') {
      lines.push(`ok ${i + 1} - ${description} # SKIP ${escapeDescription(r.reason ?? 'skipped')}`);
      return;
    }
    lines.push(`${r.status === 'pass' ? 'ok' : 'not ok'} ${i + 1} - ${description}`);
    if (r.status === 'fail' || r.status === 'error') lines.push(...yamlBlock(diagnostic(r, report)));
  });
  lines.push(comment(`Verdict: ${report.summary.verdict.toUpperCase()}. ${report.summary.explanation}`));
  return `${lines.join('\n')}\n`;
}

/** A `# ` comment line per line of text. */
function comment(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => `# ${l}`)
    .join('\n');
}

/** TAP 14: `#` starts a directive and `\` escapes, so both are escaped; a description is one line. */
export function escapeDescription(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/#/g, '\\#').replace(/[\r\n]+/g, ' ');
}

/** The YAML block, indented two spaces under its test point, between `---` and `...`. */
function yamlBlock(value: unknown): string[] {
  // Double-quoted scalars only (no block scalars): no content line can read as the `...` end marker.
  const text = yamlLibrary().stringify(value, { blockQuote: false, lineWidth: 0, aliasDuplicateObjects: false });
  return ['  ---', ...text.trimEnd().split('\n').map((l) => `  ${l}`), '  ...'];
}

function diagnostic(r: ResultReport, report: Report): Record<string, unknown> {
  const failures = r.failures ?? (r.failure ? [r.failure] : []);
  const first = failures[0] ?? r.error;
  return {
    message: first?.message ?? r.reason ?? r.status,
    severity: r.status === 'fail' ? 'fail' : 'error',
    target: r.target,
    scenario: r.id,
    at: `${displayPath(r.file)}:${r.line}`,
    requirements: r.requirements,
    ...(failures.length ? { failures: failures.map((f) => failureDiagnostic(f, report)) } : {}),
    ...(r.error ? { error: failureDiagnostic(r.error, report) } : {}),
    ...(r.reason ? { reason: r.reason } : {}),
    ...(r.rerun ? { rerun: r.rerun } : {}),
  };
}

function failureDiagnostic(f: FailureReport, report: Report): Record<string, unknown> {
  return {
    requirements: f.requirements.map((id) => {
      const row = report.requirements.find((x) => x.id === id);
      return row ? { id, level: row.level, text: row.text ?? row.title } : { id };
    }),
    check: f.check,
    message: f.message,
    at: `${displayPath(f.file)}:${f.line}`,
    step: f.step < 0 ? `actor setup (${f.step_name})` : `${f.step + 1}: ${f.step_name}`,
    ...('expected' in f ? { expected: f.expected ?? null } : {}),
    ...('actual' in f ? { actual: f.actual ?? null } : {}),
    ...(f.diff?.length ? { diff: f.diff } : {}),
    ...(f.exchange ? { exchange: exchangeLines(f.exchange) } : {}),
    ...(f.curl ? { curl: f.curl } : {}),
  };
}
