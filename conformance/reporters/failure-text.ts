// A failure as lines of plain text, shared by the console and JUnit reporters: what broke (the
// requirement's id, level and text), the sentence, expected and actual (with the JSON diff), where
// (file:line and step), the exchange, and a curl command; then the rerun command of the scenario.
import type { FailureReport, Report, ResultReport } from '../model/report.js';
import { cut, displayPath, exchangeLines, printable } from '../report/diagnostics.js';
import { diffLines } from '../report/diff.js';

const MAX_VALUE_CHARS = 240;
/** A curl command longer than this (a repeat(N) body, say) is left to the JSON report. */
const MAX_CURL_CHARS = 4000;

interface FailureTextOptions {
  /** With the exchange and the curl command; otherwise the sentence, values and location only. */
  full: boolean;
  /** Requirements not to describe again (the console shows them in the row above). */
  known?: string[];
  /** With the `at:` line (default true; the console has it in the heading). */
  location?: boolean;
}

/** "BEARER-SIG-1 (MUST): <text>" for each requirement, from the report's matrix. */
function requirementLines(ids: string[], report: Report): string[] {
  return ids.map((id) => {
    const row = report.requirements.find((r) => r.id === id);
    return row ? `${id} (${row.level}): ${row.text ?? row.title}` : id;
  });
}

export function where(f: FailureReport): string {
  const step = f.step < 0 ? `actor setup ("${f.step_name}")` : `step ${f.step + 1} "${f.step_name}"`;
  return `${displayPath(f.file)}:${f.line}, ${step}`;
}

/** The lines describing one failure, unindented. */
export function failureLines(f: FailureReport, report: Report, options: FailureTextOptions): string[] {
  const lines: string[] = [printable(f.message)];
  const unknown = f.requirements.filter((id) => !options.known?.includes(id));
  for (const r of requirementLines(unknown, report)) lines.push(`requirement: ${r}`);
  lines.push(`check:    ${f.check}${f.path ? ` at ${f.path}` : ''}`);
  if ('expected' in f) lines.push(`expected: ${show(f.expected)}`);
  if ('actual' in f) lines.push(`actual:   ${show(f.actual)}`);
  const diff = (f.diff ?? []).filter((d) => d.path !== '');
  if (diff.length) diffLines(diff, show).forEach((l, i) => lines.push(`${i === 0 ? 'diff:     ' : '          '}${l}`));
  if (options.location !== false) lines.push(`at:       ${where(f)}`);
  if (options.full && f.exchange) {
    lines.push('exchange:');
    for (const l of exchangeLines(f.exchange)) lines.push(`  ${l}`);
  }
  if (options.full && f.curl) {
    lines.push(f.curl.length > MAX_CURL_CHARS ? `curl:     (${f.curl.length} characters: see "curl" in the JSON report)` : `curl:     ${printable(f.curl)}`);
  }
  return lines;
}

/** Every failure of a result, then how it stopped and how to rerun it. */
export function resultLines(r: ResultReport, report: Report, options: FailureTextOptions): string[] {
  const lines: string[] = [];
  const failures = r.failures ?? (r.failure ? [r.failure] : []);
  failures.forEach((f, i) => {
    if (failures.length > 1) lines.push(`failure ${i + 1} of ${failures.length}:`);
    lines.push(...failureLines(f, report, options).map((l) => (failures.length > 1 ? `  ${l}` : l)));
  });
  if (r.error) lines.push(`could not finish: ${printable(r.reason ?? r.error.message)}`);
  if (r.rerun) lines.push(`rerun:    ${r.rerun}`);
  return lines;
}

/** A value as compact JSON, cut to a readable length, control characters escaped. */
export function show(value: unknown): string {
  const text = value === undefined ? '(nothing)' : (JSON.stringify(value) ?? String(value));
  return printable(cut(text, MAX_VALUE_CHARS));
}
