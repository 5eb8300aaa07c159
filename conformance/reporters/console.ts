// The console reporter: results grouped by requirement, in spec order. Each requirement shows its
// verdict; a failing one shows its text and, per failing scenario, the step, its file:line, the
// sentence, expected and actual values (with a JSON diff), and for the first one the exchange and a
// curl command; every failing scenario gets the command that reruns it. Ends with the counts and the verdict,
// then the CI gate's sections (console-gate.ts).
import { renderGate } from './console-gate.js';
import { destination } from './destination.js';
import { failureLines, show } from './failure-text.js';
import type { Report, ResultReport, MatrixRow } from '../model/report.js';
import type { Reporter, ReporterContext } from '../model/reporter.js';
import { displayPath, exchangeLines, printable } from '../report/diagnostics.js';

const MAX_FAILURES_SHOWN = 3;
const MAX_IDS_LISTED = 8;
const TEXT_WIDTH = 100;

export function consoleReporter(context: ReporterContext): Reporter {
  const out = destination(context.output, context.stdout, 'console report', '--reporter console:<file>');
  return {
    start: () => out.check(),
    finish: (report: Report) => {
      const color = context.color && context.output === undefined;
      return out.write(renderConsole(report, color, context.verbose ?? false) + renderGate(report, color));
    },
  };
}

/**
 * Whether to colour what goes to `stream`: NO_COLOR (non-empty) turns it off, whatever else is set;
 * otherwise FORCE_COLOR (other than 0 or false) turns it on even off a TTY; otherwise TERM=dumb turns
 * it off; otherwise only on a TTY. (NO_COLOR wins because tools such as test runners set FORCE_COLOR
 * for the processes they start, while NO_COLOR is always a person's choice.)
 */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  if (env.TERM === 'dumb') return false;
  return Boolean(stream.isTTY);
}

type Paint = (code: number, s: string) => string;

/** The console report; `verbose` first lists every scenario with its time and exchanges (--verbose). */
export function renderConsole(report: Report, color = false, verbose = false): string {
  const paint: Paint = color ? (code, s) => `\u001b[${code}m${s}\u001b[0m` : (_code, s) => s;
  const out: string[] = [];
  out.push(`${report.suite.name} ${report.suite.version} (spec ${report.spec_version})`);
  for (const t of report.targets) out.push(`Target ${t.name}: ${t.url} (${targetTraits(t)})`);
  if (report.tokens_redacted) out.push('Session tokens and signed values are shown as <redacted:...> labels (--redact-tokens).');
  out.push('');
  if (verbose) out.push(...everyScenario(report, paint));

  // Requirements no scenario of this run cites (a --scenarios subset) are listed once, at the end.
  const unchecked = (row: MatrixRow) => Object.values(row.scenarios).every((ids) => ids.length === 0);
  const titles = new Map(report.sections.map((s) => [s.id, s.title]));
  const bySection = new Map<string, MatrixRow[]>();
  for (const row of report.requirements.filter((r) => !unchecked(r))) bySection.set(row.section, [...(bySection.get(row.section) ?? []), row]);

  const idWidth = Math.max(0, ...report.requirements.map((r) => r.id.length));
  const shownInFull = new Set<unknown>();
  for (const [section, rows] of bySection) {
    out.push(paint(1, titles.get(section) ?? section));
    for (const row of rows) {
      out.push(`  ${label(row, report.summary.warnings.includes(row.id), paint)}  ${row.id.padEnd(idWidth)}  ${row.level.padEnd(6)}  ${row.title}${scenarioCount(row)}`);
      out.push(...details(row, report, paint, shownInFull));
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
  for (const run of report.runs ?? []) out.push(runLine(run, (report.runs?.length ?? 0) > 1));
  const verdictColour = s.verdict === 'conforming' ? 32 : s.verdict === 'non-conforming' ? 31 : 33;
  out.push(`Verdict: ${paint(1, paint(verdictColour, s.verdict.toUpperCase()))}. ${s.explanation}`);
  return `${out.join('\n')}\n`;
}

/** What a run cost its target: sessions created and ended, rate-limit waits, the seed to repeat it. */
function runLine(run: NonNullable<Report['runs']>[number], named: boolean): string {
  const n = run.sessions;
  const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  const t = run.throttling;
  const waited = t.waits
    ? `; waited ${(t.waited_ms / 1000).toFixed(1)} s for rate limits (${Object.entries(t.by_status).map(([code, k]) => `${k} x ${code}`).join(', ')} on ${Object.keys(t.by_path).join(', ')})`
    : '';
  const unmet = run.token_needs_unmet.length ? `; never issued: ${run.token_needs_unmet.map((x) => (x === '' ? 'a token without + and /' : `a token with ${x}`)).join(', ')}` : '';
  return (
    `Sessions${named ? ` (${run.target})` : ''}: ${plural(n.sign_ups, 'sign-up')}, ${plural(n.sign_ins, 'sign-in')}, ${plural(n.sign_outs, 'sign-out')} ` +
    `for ${plural(n.actors, 'actor')} (${n.shared_uses} shared uses)${n.restarts ? `, ${plural(n.restarts, 'scenario restart')}` : ''}${waited}${unmet}; seed ${run.seed}.`
  );
}

const STATUS_COLOURS: Record<ResultReport['status'], number> = { pass: 32, fail: 31, skip: 2, error: 33 };

/**
 * Every result (per target, in scenario order), passing ones included: status, id, target, time, title, then each
 * exchange (bodies and long values cut as in failures). The verdict sections follow, so the end of
 * the output still reads as without --verbose.
 */
function everyScenario(report: Report, paint: Paint): string[] {
  const out = [paint(1, `Every scenario, per target in scenario order, with its time and exchanges (--verbose):`)];
  const many = report.targets.length > 1;
  for (const r of report.results) {
    const time = `${r.duration_ms} ms`.padStart(8);
    out.push(`  ${paint(STATUS_COLOURS[r.status], r.status.toUpperCase().padEnd(5))} ${time}  ${r.id}${many ? ` [${r.target}]` : ''}: ${printable(r.title)}`);
    if (r.reason && r.status !== 'pass') out.push(`${' '.repeat(18)}${paint(2, printable(r.reason))}`);
    for (const [i, ex] of (r.exchanges ?? []).entries()) {
      if (i > 0) out.push(`${' '.repeat(18)}${paint(2, '·')}`);
      for (const line of exchangeLines(ex)) out.push(`${' '.repeat(18)}${line}`);
    }
  }
  out.push('');
  return out;
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

/** A failing result under a requirement row: the result and its first failure naming that requirement. */
interface Shown {
  result: ResultReport;
  failure: NonNullable<ResultReport['failure']>;
}

function details(row: MatrixRow, report: Report, paint: Paint, shownInFull: Set<unknown>): string[] {
  const pad = ' '.repeat(16);
  if (row.verdict !== 'fail') return row.verdict === 'pass' ? [] : row.reasons.slice(0, MAX_FAILURES_SHOWN).map((r) => `${pad}${paint(2, r)}`);
  const lines = wrap(row.text ?? '', TEXT_WIDTH).map((l) => `${pad}${paint(2, l)}`);
  const failing: Shown[] = [];
  for (const result of report.results) {
    const failure = (result.failures ?? (result.failure ? [result.failure] : [])).find((f) => f.requirements.includes(row.id));
    if (failure) failing.push({ result, failure });
  }
  // Show different checks first: three copies of one failure teach less than three kinds.
  const seen = new Set<string>();
  const distinct = failing.filter((x) => (seen.has(x.failure.check) ? false : (seen.add(x.failure.check), true)));
  const shown = [...distinct, ...failing.filter((x) => !distinct.includes(x))].slice(0, MAX_FAILURES_SHOWN);
  shown.forEach((x, i) => {
    // The first failure of a requirement in full (exchange, curl), unless shown in full already.
    const full = i === 0 && !shownInFull.has(x.failure);
    if (full) shownInFull.add(x.failure);
    lines.push(...failureBlock(x, row, report, full, pad, paint));
  });
  const rest = [...new Set(failing.filter((x) => !shown.includes(x)).map((x) => x.result.id))];
  if (rest.length) {
    const listed = rest.slice(0, MAX_IDS_LISTED).join(', ');
    const more = rest.length > MAX_IDS_LISTED ? ` and ${rest.length - MAX_IDS_LISTED} more (see the JSON report)` : '';
    lines.push(`${pad}${rest.length} more failing scenario${rest.length === 1 ? '' : 's'}: ${listed}${more}`);
  }
  return lines;
}

function failureBlock({ result: r, failure: f }: Shown, row: MatrixRow, report: Report, full: boolean, pad: string, paint: Paint): string[] {
  const showTarget = report.targets.length > 1;
  const step = f.step < 0 ? `actor setup ("${f.step_name}")` : `step ${f.step + 1} "${f.step_name}"`;
  const lines = [`${pad}${paint(1, r.id)}${showTarget ? ` [${r.target}]` : ''}, ${step} (${displayPath(f.file)}:${f.line})`];
  const more = `${pad}  `;
  for (const l of failureLines(f, report, { full, known: [row.id], location: false })) lines.push(`${more}${l}`);
  // The scenario's other failures, one line each, so a chain of causes reads in one place.
  const others = (r.failures ?? []).filter((g) => g !== f);
  for (const g of others) lines.push(`${more}also:     ${g.requirements.join(', ')} ${g.step < 0 ? 'at actor setup' : `at step ${g.step + 1}`}: ${show(g.message).replace(/^"|"$/g, '')}`);
  if (r.error) lines.push(`${more}then:     could not finish: ${r.reason ?? r.error.message}`);
  if (r.rerun) lines.push(`${more}rerun:    ${r.rerun}`);
  return lines;
}

/** Words of `text` in lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
