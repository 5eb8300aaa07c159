// What makes a run a CI gate: the selection (select.ts, shard.ts), the expectations file
// (expectations.ts), --update-expectations, --bail, the report sections they add, and the exit code.
// run() in index.ts calls in at four points: prepare (before any network), select, run each target,
// annotate the report.
import { existsSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { newBailState, withBail, type BailState } from './bail.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { compareExpectations, decidingEntry, judgeResult, loadExpectations, type Expectations, type ExpectationsReport } from './expectations.js';
import { countTodo, renderExpectations, updateEntries, writeExpectations } from './expectations-update.js';
import type { LoadedScenario } from './load.js';
import { redact, type Report } from './report.js';
import { parseReporterSpecs, type ReporterSpec } from './reporters/index.js';
import type { Reporter, ReporterContext } from './reporters/reporter.js';
import type { ScenarioResult, Target } from './result.js';
import { runTarget, type RunOptions as EngineOptions } from './run.js';
import { checkSelection, selectScenarios, type SelectionFilters, type SelectionOptions, type SelectionReport } from './select.js';
import type { Level, Requirement } from './verdict.js';

// The report gains two optional sections (spec/report.schema.json); declared here, next to the code
// that fills them, so report.ts stays about the verdicts.
declare module './report.js' {
  interface Report {
    /** Which scenarios ran; verdicts cover these alone. */
    selection?: SelectionReport;
    /** The run compared with an expectations file (--expectations or --update-expectations). */
    expectations?: ExpectationsReport;
  }
}

export interface GateOptions extends SelectionOptions {
  /** An expectations file (spec/expectations.schema.json): the exit code follows it instead of the verdict. */
  expectations?: string;
  /** Write the expectations file from this run (keeping reasons and links already written). */
  updateExpectations?: string;
  /** Stop scheduling scenarios after the first unexpected failure; the rest are reported as not run. */
  bail?: boolean;
  /** SHOULD failures count like MUST failures. */
  strict?: boolean;
}

export interface Gate {
  /** The scenarios to run; throws UsageError for an unknown requirement or an empty selection. */
  select(scenarios: LoadedScenario[], registry: Requirement[]): LoadedScenario[];
  /** runTarget, with --bail when asked. */
  runTarget(target: Target, scenarios: LoadedScenario[], opts: EngineOptions): Promise<ScenarioResult[]>;
  /** Adds the selection and expectations sections; writes --update-expectations. */
  annotate(report: Report, results: ScenarioResult[], secrets: string[]): Promise<void>;
}

/** Checks the gate options and reads the expectations file: everything that can fail before any network. */
export async function prepareGate(options: GateOptions): Promise<Gate> {
  const filters: SelectionFilters = checkSelection(options);
  const strict = options.strict ?? false;
  // --update-expectations alone reads the file it rewrites, when it exists, to keep its reasons.
  const expectations: Expectations | undefined =
    options.expectations !== undefined
      ? await loadExpectations(options.expectations)
      : options.updateExpectations !== undefined && existsSync(options.updateExpectations)
        ? await loadExpectations(options.updateExpectations, '--update-expectations')
        : undefined;
  const bail: BailState | undefined = options.bail ? newBailState() : undefined;
  let suite: LoadedScenario[] = [];
  let selection: SelectionReport | undefined;
  let levels = new Map<string, Level>();
  const levelOf = (id: string) => levels.get(id);

  /** Whether a result is an unexpected failure that stops a --bail run. */
  const stops = (r: ScenarioResult) => {
    const entry = expectations && decidingEntry(expectations.entries, r.id, r.target);
    return judgeResult(r, entry, strict, levelOf)?.fatal === true;
  };

  return {
    select(scenarios, registry) {
      suite = scenarios;
      levels = new Map(registry.map((r) => [r.id, r.level]));
      const chosen = selectScenarios(scenarios, registry, filters);
      selection = chosen.report;
      return chosen.selected;
    },

    runTarget(target, scenarios, opts) {
      return runTarget(target, scenarios, bail ? withBail(opts, bail, stops) : opts);
    },

    async annotate(report, results, secrets) {
      const suiteIds = suite.map((s) => s.id);
      if (selection) {
        // Told only when it left something out: a failure of the last scenario stops nothing.
        const stoppedBy = bail?.notRun.size ? bail.stoppedBy : undefined;
        report.selection = stoppedBy
          ? { ...selection, bail: { after: stoppedBy.id, target: stoppedBy.target, not_run: bail!.notRun.size } }
          : selection;
      }
      const notRun = bail?.notRun ?? new Set<string>();
      if (expectations) {
        report.expectations = redact(
          compareExpectations({ expectations, results, suiteIds, notRun, strict, levelOf }),
          secrets,
        );
      }
      if (options.updateExpectations !== undefined) {
        const file = options.updateExpectations;
        const update = updateEntries({ ...(expectations ? { previous: expectations } : {}), results, suiteIds, notRun });
        await writeExpectations(file, renderExpectations(update.entries, { suiteVersion: report.suite.version, ...(expectations?.notes !== undefined ? { notes: expectations.notes } : {}) }));
        const updated = { file, entries: update.entries.length, todo: countTodo(update.entries), removed: update.removed };
        report.expectations = report.expectations
          ? { ...report.expectations, updated }
          : { ...emptyComparison(file), updated };
      }
    },
  };
}

function emptyComparison(file: string): ExpectationsReport {
  return { file, suite_version: null, entries: 0, ok: true, matched: [], unexpected: [], warnings: [], unused: [], not_applicable: [], todo: [] };
}

/**
 * The exit code of a run: with --update-expectations 0 (the file was written); with --expectations
 * 0 exactly when the results match them; otherwise the verdict's.
 */
export function exitCodeFor(report: Report): ExitCodeValue {
  if (report.expectations?.updated) return ExitCode.Conforming;
  if (report.expectations) return report.expectations.ok ? ExitCode.Conforming : ExitCode.NonConforming;
  return report.summary.verdict === 'conforming' ? ExitCode.Conforming : ExitCode.NonConforming;
}

/**
 * Reporters that print the selection, bail and expectations sections after each console report,
 * where that report goes (standard output, or appended to its file). Custom reporter objects are
 * left alone.
 */
export function gateConsoleReporters(options: { reporters?: unknown[]; output?: string; stdout?: NodeJS.WritableStream; color?: boolean }): Reporter[] {
  const named = (options.reporters ?? []).filter(
    (r): r is string | ReporterSpec => typeof r === 'string' || (typeof r === 'object' && r !== null && 'name' in r && !('finish' in r)),
  );
  return parseReporterSpecs(named, options.output)
    .filter((spec) => spec.name === 'console')
    .map((spec) => gateConsoleReporter({ stdout: options.stdout ?? process.stdout, color: spec.output === undefined && (options.color ?? false), ...(spec.output !== undefined ? { output: spec.output } : {}) }));
}

function gateConsoleReporter(context: ReporterContext): Reporter {
  return {
    async finish(report) {
      const text = renderGate(report, context.color);
      if (!text) return;
      if (context.output !== undefined) await appendFile(context.output, text, 'utf8');
      else await new Promise<void>((resolve, reject) => context.stdout.write(text, (e) => (e ? reject(e) : resolve())));
    },
  };
}

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
