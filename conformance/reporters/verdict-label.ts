// The verdict a reader sees for a requirement, overall or on one target: the matrix verdict, with a
// failing SHOULD shown as WARN (the report lists it in summary.warnings) and a requirement no
// scenario of this run cites (a --grep subset) shown as NOT RUN. The HTML and Markdown reporters
// colour and count by these labels; the failures of a requirement, and the commands that rerun
// them, are gathered here once for both.
import type { Cell, FailureReport, MatrixRow, Report, ResultReport } from '../model/report.js';

export type Label = 'pass' | 'fail' | 'warn' | 'skip' | 'inconclusive' | 'not-run';

export const LABELS: readonly Label[] = ['fail', 'warn', 'inconclusive', 'skip', 'not-run', 'pass'];

export const LABEL_WORDS: Record<Label, string> = {
  pass: 'PASS',
  fail: 'FAIL',
  warn: 'WARN',
  skip: 'SKIP',
  inconclusive: 'INCONCLUSIVE',
  'not-run': 'NOT RUN',
};

function labelOf(id: string, cell: Cell, report: Report): Label {
  if (Object.values(cell.scenarios).every((ids) => ids.length === 0)) return 'not-run';
  if (cell.verdict === 'fail') return report.summary.warnings.includes(id) ? 'warn' : 'fail';
  return cell.verdict;
}

/** The requirement's label across every target. */
export function rowLabel(row: MatrixRow, report: Report): Label {
  return labelOf(row.id, row, report);
}

/** The requirement's label on one target (not-run when the target has no cell for it). */
export function cellLabel(row: MatrixRow, target: string, report: Report): Label {
  const cell = row.targets[target];
  return cell ? labelOf(row.id, cell, report) : 'not-run';
}

/** A result and those of its failures that break one requirement. */
export interface FailingResult {
  result: ResultReport;
  failures: FailureReport[];
}

/** Every result with a failure breaking `id`, in report order. */
export function failingResults(report: Report, id: string): FailingResult[] {
  const out: FailingResult[] = [];
  for (const result of report.results) {
    const failures = (result.failures ?? (result.failure ? [result.failure] : [])).filter((f) => f.requirements.includes(id));
    if (failures.length) out.push({ result, failures });
  }
  return out;
}

/**
 * The same list with different checks first: the first failures a reader opens should show the
 * different ways the requirement broke, not three copies of one.
 */
export function distinctFirst(list: FailingResult[]): FailingResult[] {
  const seen = new Set<string>();
  const first = list.filter((x) => {
    const key = x.failures[0]!.check;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  return [...first, ...list.filter((x) => !first.includes(x))];
}

/**
 * One command per target that reruns every scenario judging a failing requirement: a failing
 * scenario's rerun command (which names the target, and the scenario file when not bundled) with
 * its --grep replaced by --requirement for each failing requirement. Targets that need the same
 * command (the embedded profiles) share it.
 */
export function rerunFailing(report: Report, ids: string[]): string[] {
  const commands = new Set<string>();
  for (const t of report.targets) {
    const rerun = report.results.find((r) => r.target === t.name && r.rerun && r.failures.some((f) => f.requirements.some((id) => ids.includes(id))))?.rerun;
    const at = rerun?.lastIndexOf(' --grep ') ?? -1;
    if (rerun && at > 0) commands.add(`${rerun.slice(0, at)}${ids.map((id) => ` --requirement ${id}`).join('')}`);
  }
  return [...commands];
}
