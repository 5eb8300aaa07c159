// The console report's sections about the CI gate: the selection, --bail, --deadline or an
// interruption, and the comparison with the
// expectations file, after the verdict (console.ts appends them).
import type { Report } from '../model/report.js';

const MAX_LISTED = 20;
const LINES_LISTED = 5;

function lines(entries: { line: number }[]): string {
  const shown = entries.slice(0, LINES_LISTED).map((e) => e.line).join(', ');
  return `line${entries.length === 1 ? '' : 's'} ${shown}${entries.length > LINES_LISTED ? ` and ${entries.length - LINES_LISTED} more` : ''}`;
}

export function renderGate(report: Report, color = false): string {
  const paint = color ? (code: number, s: string) => `\u001b[${code}m${s}\u001b[0m` : (_code: number, s: string) => s;
  const out: string[] = [];
  const sel = report.selection;
  if (sel && !sel.complete) {
    const flags = Object.entries(sel.filters)
      .map(([k, v]) => `--${k === 'tags' ? 'tag' : k === 'requirements' ? 'requirement' : k} ${Array.isArray(v) ? v.join(',') : String(v)}`)
      .join(' ');
    out.push(`Selection: ${sel.selected} of ${sel.total} scenarios (${flags}); requirement verdicts cover these alone.`);
  }
  if (sel?.bail) {
    out.push(paint(33, `Bail: stopped after the unexpected result of ${sel.bail.after} on ${sel.bail.target}; ${sel.bail.not_run} scenario run${sel.bail.not_run === 1 ? '' : 's'} not started (reported as skipped).`));
  }
  const ended = sel?.deadline
    ? { label: 'Deadline', what: `the run's deadline (${sel.deadline.ms} ms) passed`, n: sel.deadline.not_finished }
    : sel?.interrupted && { label: 'Interrupted', what: sel.interrupted.reason, n: sel.interrupted.not_finished };
  if (ended) {
    out.push(paint(33, `${ended.label}: ${ended.what}; ${ended.n} scenario run${ended.n === 1 ? '' : 's'} not finished (requests in flight were aborted; reported as skipped unless they had already failed).`));
  }
  const x = report.expectations;
  if (x && !(x.updated && x.entries === 0 && !x.matched.length && !x.unexpected.length)) {
    const asExpected = x.matched.flatMap((m) => m.results).filter((r) => r.status !== 'pass');
    const byStatus = ['fail', 'error', 'skip'].map((s) => [s, asExpected.filter((r) => r.status === s).length] as const).filter(([, n]) => n > 0);
    out.push(
      `Expectations ${x.file}: ${x.entries} entr${x.entries === 1 ? 'y' : 'ies'}; ${asExpected.length} non-passing result${asExpected.length === 1 ? '' : 's'} expected${
        byStatus.length ? ` (${byStatus.map(([s, n]) => `${n} ${s}`).join(', ')})` : ''
      }.`,
    );
    const label = (kind: string) => ({ 'unexpected-failure': 'UNEXPECTED FAIL', 'unexpected-error': 'UNEXPECTED ERROR', 'unexpected-pass': 'UNEXPECTED PASS' })[kind] ?? kind;
    for (const u of x.unexpected.slice(0, MAX_LISTED)) out.push(`  ${paint(31, label(u.kind).padEnd(16))} [${u.target}] ${u.message}`);
    if (x.unexpected.length > MAX_LISTED) out.push(`  ... and ${x.unexpected.length - MAX_LISTED} more unexpected results (see the JSON report).`);
    for (const u of x.unused) out.push(`  ${paint(31, 'UNUSED ENTRY'.padEnd(16))} ${u.message}`);
    for (const w of x.warnings.slice(0, MAX_LISTED)) out.push(`  ${paint(33, 'WARN'.padEnd(16))} [${w.target}] ${w.message} (not MUST level; --strict makes it fatal)`);
    if (x.not_applicable.length) {
      out.push(paint(2, `  ${x.not_applicable.length} entr${x.not_applicable.length === 1 ? 'y is' : 'ies are'} about scenarios or targets outside this run, and not judged (${lines(x.not_applicable)}).`));
    }
    if (x.todo.length) out.push(paint(33, `  ${x.todo.length} entr${x.todo.length === 1 ? 'y still has' : 'ies still have'} no reason, only TODO (${lines(x.todo)}); write why.`));
    if (!x.updated) {
      const problems = [
        x.unexpected.length ? `${x.unexpected.length} unexpected result${x.unexpected.length === 1 ? '' : 's'}` : '',
        x.unused.length ? `${x.unused.length} unused entr${x.unused.length === 1 ? 'y' : 'ies'}` : '',
      ].filter(Boolean);
      out.push(
        x.ok
          ? `Gate: ${paint(32, 'PASSED')}. Every result matches the expectations (exit code 0, whatever the verdict above).`
          : `Gate: ${paint(31, 'FAILED')}. ${problems.join(' and ')}; fix the server or update the expectations file (exit code 1).`,
      );
    }
  }
  if (x?.updated) {
    const u = x.updated;
    out.push(
      `Wrote ${u.entries} entr${u.entries === 1 ? 'y' : 'ies'} to ${u.file}${u.removed ? ` (${u.removed} removed)` : ''}` +
        (u.todo ? `; ${u.todo} read "TODO: explain": replace each with the reason before committing the file.` : '.'),
    );
  }
  return out.length ? `\n${out.join('\n')}\n` : '';
}
