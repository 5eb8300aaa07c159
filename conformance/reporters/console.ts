// The console reporter: results grouped by requirement, in spec order. Each requirement shows its
// verdict; a failing one shows, per failing scenario, the step, its file:line, expected and actual
// values and the request that produced them. Ends with the counts and the verdict.
import { relative, isAbsolute } from 'node:path';
import type { Report, ResultReport } from '../report.js';
import type { MatrixRow } from '../verdict.js';
import type { Reporter, ReporterContext } from './reporter.js';

const MAX_FAILURES_SHOWN = 3;
const MAX_VALUE_CHARS = 240;
const MAX_IDS_LISTED = 8;

export function consoleReporter(context: ReporterContext): Reporter {
  return {
    async finish(report: Report) {
      const text = renderConsole(report, context.color);
      await new Promise<void>((resolve, reject) => context.stdout.write(text, (e) => (e ? reject(e) : resolve())));
    },
  };
}

type Paint = (code: number, s: string) => string;

export function renderConsole(report: Report, color = false): string {
  const paint: Paint = color ? (code, s) => `\u001b[${code}m${s}\u001b[0m` : (_code, s) => s;
  const out: string[] = [];
  out.push(`${report.suite.name} ${report.suite.version} (spec ${report.spec_version})`);
  for (const t of report.targets) out.push(`Target ${t.name}: ${t.url} (${targetTraits(t)})`);
  out.push('');

  // Requirements no scenario of this run cites (a --scenarios subset) are listed once, at the end.
  const unchecked = (row: MatrixRow) => Object.values(row.scenarios).every((ids) => ids.length === 0);
  const titles = new Map(report.sections.map((s) => [s.id, s.title]));
  const bySection = new Map<string, MatrixRow[]>();
  for (const row of report.requirements.filter((r) => !unchecked(r))) bySection.set(row.section, [...(bySection.get(row.section) ?? []), row]);

  const idWidth = Math.max(0, ...report.requirements.map((r) => r.id.length));
  for (const [section, rows] of bySection) {
    out.push(paint(1, titles.get(section) ?? section));
    for (const row of rows) {
      out.push(`  ${label(row, report.summary.warnings.includes(row.id), paint)}  ${row.id.padEnd(idWidth)}  ${row.level.padEnd(6)}  ${row.title}${scenarioCount(row)}`);
      out.push(...details(row, report, paint));
    }
    out.push('');
  }
  const notRun = report.requirements.filter(unchecked).map((r) => r.id);
  if (notRun.length) out.push(paint(2, `Not checked by this run (no scenario in it cites them): ${notRun.join(', ')}.`), '');

  const s = report.summary;
  const distinct = new Set(report.results.map((r) => r.id)).size;
  const runs = distinct === s.scenarios.total ? '' : `, run ${s.scenarios.total} times`;
  out.push(
    `Scenarios: ${distinct}${runs} on ${s.targets} target${s.targets === 1 ? '' : 's'}: ` +
      `${s.scenarios.pass} passed, ${s.scenarios.fail} failed, ${s.scenarios.skip} skipped, ${s.scenarios.error} error${s.scenarios.error === 1 ? '' : 's'}.`,
  );
  out.push(
    `Requirements: ${s.requirements.total}: ${s.requirements.pass} pass, ${s.requirements.fail} fail, ` +
      `${s.requirements.skip} skipped, ${s.requirements.inconclusive} inconclusive.`,
  );
  const verdictColour = s.verdict === 'conforming' ? 32 : s.verdict === 'non-conforming' ? 31 : 33;
  out.push(`Verdict: ${paint(1, paint(verdictColour, s.verdict.toUpperCase()))}. ${s.explanation}`);
  return `${out.join('\n')}\n`;
}

function targetTraits(t: Report['targets'][number]): string {
  return [
    `require_signature ${t.require_signature}`,
    t.secret_given ? 'secret given' : 'no secret',
    t.schema_url ? `schema URL ${t.schema_url}` : 'no schema URL',
    `origin ${t.origin}`,
    t.exposed_headers.length ? `exposes ${t.exposed_headers.join(', ')}` : 'no exposed headers declared',
  ].join(', ');
}

function label(row: MatrixRow, warning: boolean, paint: Paint): string {
  const [word, colour] = {
    pass: ['PASS', 32],
    fail: warning ? ['WARN', 33] : ['FAIL', 31],
    skip: ['SKIP', 2],
    inconclusive: ['INCONCLUSIVE', 33],
  }[row.verdict] as [string, number];
  return paint(colour, word.padEnd(12));
}

function scenarioCount(row: MatrixRow): string {
  // Ids of a row across several targets read "target/id"; count each scenario once.
  const n = new Set(row.scenarios.pass.map((id) => id.slice(id.indexOf('/') + 1))).size;
  return row.verdict === 'pass' ? `  (${n} scenario${n === 1 ? '' : 's'})` : '';
}

function details(row: MatrixRow, report: Report, paint: Paint): string[] {
  const pad = ' '.repeat(16);
  if (row.verdict !== 'fail') return row.verdict === 'pass' ? [] : row.reasons.slice(0, MAX_FAILURES_SHOWN).map((r) => `${pad}${paint(2, r)}`);
  const failures = report.results.filter((r) => r.failure?.requirements.includes(row.id));
  // Show different checks first: three copies of one failure teach less than three kinds.
  const seen = new Set<string>();
  const distinct = failures.filter((r) => (seen.has(r.failure!.check) ? false : (seen.add(r.failure!.check), true)));
  const shown = [...distinct, ...failures.filter((r) => !distinct.includes(r))].slice(0, MAX_FAILURES_SHOWN);
  const lines = shown.flatMap((r) => failureLines(r, report.targets.length > 1, pad));
  const rest = [...new Set(failures.filter((r) => !shown.includes(r)).map((r) => r.id))];
  if (rest.length) {
    const listed = rest.slice(0, MAX_IDS_LISTED).join(', ');
    const more = rest.length > MAX_IDS_LISTED ? ` and ${rest.length - MAX_IDS_LISTED} more (see the JSON report)` : '';
    lines.push(`${pad}${rest.length} more failing scenario${rest.length === 1 ? '' : 's'}: ${listed}${more}`);
  }
  return lines;
}

function failureLines(r: ResultReport, showTarget: boolean, pad: string): string[] {
  const f = r.failure!;
  const step = f.step < 0 ? 'actor setup' : `step ${f.step + 1} "${f.step_name}"`;
  const lines = [`${pad}${r.id}${showTarget ? ` [${r.target}]` : ''}, ${step} (${location(f.file, f.line)})`];
  const more = `${pad}  `;
  lines.push(`${more}${f.message}`);
  lines.push(`${more}check:    ${f.check}${f.path ? ` at ${f.path}` : ''}`);
  if ('expected' in f) lines.push(`${more}expected: ${show(f.expected)}`);
  if ('actual' in f) lines.push(`${more}actual:   ${show(f.actual)}`);
  const ex = f.exchange;
  if (ex) lines.push(`${more}request:  ${ex.request.method} ${ex.request.url} -> ${ex.response ? ex.response.status : 'no response'}`);
  return lines;
}

function location(file: string, line: number): string {
  const rel = isAbsolute(file) ? relative(process.cwd(), file) : file;
  return `${rel.startsWith('..') ? file : rel}:${line}`;
}

function show(value: unknown): string {
  const text = value === undefined ? '(nothing)' : JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}… (${text.length} characters)` : text;
}
