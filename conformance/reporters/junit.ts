// The JUnit XML reporter, in the shape CI servers read (Jenkins, GitLab, GitHub test reporters): one
// <testsuite> per target, one <testcase> per scenario (classname = scenario file, name = id and
// title), the scenario's requirement IDs as <properties>, <failure> with the requirement and expected
// and actual values, <skipped> with the reason, <error> for a scenario that could not run.
import { destination } from './destination.js';
import { resultLines, show } from './failure-text.js';
import { escapeText, openTag } from './xml.js';
import type { FailureReport, Report, ResultReport, TargetDescription, UnreachableReport } from '../model/report.js';
import type { Reporter, ReporterContext } from '../model/reporter.js';
import { displayPath } from '../report/diagnostics.js';

export function junitReporter(context: ReporterContext): Reporter {
  const out = destination(context.output, context.stdout, 'JUnit report', '--reporter junit:<file>');
  return {
    start: () => out.check(),
    finish: (report: Report) => out.write(renderJunit(report)),
    unreachable: (report: UnreachableReport) => out.write(renderJunitUnreachable(report)),
  };
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

export function renderJunit(report: Report): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = report.results;
  lines.push(
    openTag('testsuites', {
      name: `${report.suite.name} ${report.suite.version} (spec ${report.spec_version})`,
      tests: all.length,
      failures: count(all, 'fail'),
      errors: count(all, 'error'),
      skipped: count(all, 'skip'),
      time: seconds(report.duration_ms),
      timestamp: report.generated_at,
    }),
  );
  for (const t of report.targets) {
    const results = all.filter((r) => r.target === t.name);
    lines.push(
      `  ${openTag('testsuite', {
        name: t.name,
        tests: results.length,
        failures: count(results, 'fail'),
        errors: count(results, 'error'),
        skipped: count(results, 'skip'),
        // Targets run at the same time, and scenarios within one concurrently: the wall time of the run.
        time: seconds(report.duration_ms),
        timestamp: report.generated_at,
      })}`,
    );
    lines.push(...properties(report, t, [['tokens_redacted', String(report.tokens_redacted ?? false)]]));
    for (const r of results) lines.push(...testcase(r, report));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

/**
 * The unreachable report: one testsuite per target; the target that could not be reached holds one
 * testcase in error with the sentence, so a CI test view shows why nothing ran.
 */
export function renderJunitUnreachable(report: UnreachableReport): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const down = report.unreachable;
  const time = seconds(report.duration_ms);
  lines.push(openTag('testsuites', { name: `${report.suite.name} ${report.suite.version} (spec ${report.spec_version})`, tests: 1, failures: 0, errors: 1, skipped: 0, time, timestamp: report.generated_at }));
  for (const t of report.targets) {
    const isDown = t.name === down.target;
    lines.push(`  ${openTag('testsuite', { name: t.name, tests: isDown ? 1 : 0, failures: 0, errors: isDown ? 1 : 0, skipped: 0, time, timestamp: report.generated_at })}`);
    lines.push(...properties(report, t, []));
    if (isDown) {
      lines.push(`    ${openTag('testcase', { classname: report.suite.name, name: `the target at ${t.url} answers`, time })}`);
      lines.push(`      ${openTag('error', { message: down.reason, type: `unreachable:${down.kind}` })}${escapeText(`${down.reason}\n(${down.code})`)}</error>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

/** The <properties> of a target's testsuite: versions, the target (never its secret) and the verdict. */
function properties(report: Report | UnreachableReport, t: TargetDescription, extra: [string, string][]): string[] {
  const props: [string, string][] = [
    ['suite', `${report.suite.name} ${report.suite.version}`],
    ['spec_version', report.spec_version],
    ['report_format', report.report_format],
    ['target.url', t.url],
    ['target.require_signature', String(t.require_signature)],
    ['target.secret_given', String(t.secret_given)],
    ['target.origin', t.origin],
    ['target.schema_url', t.schema_url ?? ''],
    ['target.exposed_headers', t.exposed_headers.join(', ')],
    ['verdict', report.summary.verdict],
    ...extra,
  ];
  return ['    <properties>', ...props.map(([name, value]) => `      ${openTag('property', { name, value }, true)}`), '    </properties>'];
}

function count(results: ResultReport[], status: ResultReport['status']): number {
  return results.filter((r) => r.status === status).length;
}

function testcase(r: ResultReport, report: Report): string[] {
  const file = displayPath(r.file);
  const lines = [`    ${openTag('testcase', { classname: file, name: `${r.id}: ${r.title}`, time: seconds(r.duration_ms), file, line: r.line })}`];
  lines.push('      <properties>');
  for (const id of r.requirements) lines.push(`        ${openTag('property', { name: 'requirement', value: id }, true)}`);
  const failures = r.failures ?? (r.failure ? [r.failure] : []);
  for (const id of new Set(failures.flatMap((f) => f.requirements))) lines.push(`        ${openTag('property', { name: 'failed_requirement', value: id }, true)}`);
  if (r.rerun) lines.push(`        ${openTag('property', { name: 'rerun', value: r.rerun }, true)}`);
  lines.push('      </properties>');
  if (r.status === 'skip') lines.push(`      ${openTag('skipped', { message: r.reason ?? 'skipped' }, true)}`);
  if (r.status === 'fail') {
    const first = failures[0]!;
    const body = resultLines(r, report, { full: true }).join('\n');
    lines.push(`      ${openTag('failure', { message: summary(first, report, failures.length), type: first.check })}${escapeText(body)}</failure>`);
  }
  if (r.status === 'error') {
    const body = r.error ? resultLines(r, report, { full: true }).join('\n') : (r.reason ?? '');
    lines.push(`      ${openTag('error', { message: r.reason ?? 'error', type: r.error?.check ?? 'error' })}${escapeText(body)}</error>`);
  }
  lines.push('    </testcase>');
  return lines;
}

/** One line: the first failure's requirement, sentence, expected and actual, and how many more failures. */
function summary(f: FailureReport, report: Report, total: number): string {
  const levels = f.requirements.map((id) => `${id} (${report.requirements.find((r) => r.id === id)?.level ?? '?'})`);
  const parts = [`${levels.join(', ')}: ${f.message}`];
  if ('expected' in f) parts.push(`expected ${show(f.expected)}`);
  if ('actual' in f) parts.push(`actual ${show(f.actual)}`);
  if (total > 1) parts.push(`and ${total - 1} more failure${total === 2 ? '' : 's'}`);
  return parts.join('; ');
}
