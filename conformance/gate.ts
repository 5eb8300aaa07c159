// What makes a run a CI gate: the selection (plan/select.ts, plan/shard.ts), the expectations file
// (plan/expectations.ts), --update-expectations and --bail, and the report sections they add. The
// exit code they decide is judge/exit-code.ts; their console sections, reporters/gate.ts.
// run() in index.ts calls in at four points: prepare (before any network), select, run each target,
// annotate the report.
import { existsSync } from 'node:fs';
import { newBailState, withBail, type BailState } from './engine/bail.js';
import { runTargetWithStats, type RunOptions as EngineOptions } from './engine/run.js';
import { countTodo, renderExpectations, updateEntries, writeExpectations } from './judge/expectations-update.js';
import type { GateOptions } from './model/options.js';
import type { ExpectationsReport, Report, SelectionReport } from './model/report.js';
import type { Level, Requirement } from './model/requirements.js';
import type { RunStats, ScenarioResult } from './model/result.js';
import type { Target } from './model/target.js';
import { compareExpectations, decidingEntry, judgeResult, loadExpectations, type Expectations } from './plan/expectations.js';
import { checkSelection, selectScenarios, type SelectionFilters } from './plan/select.js';
import { redact } from './report/report.js';
import type { LoadedScenario } from './suite/load.js';

export interface Gate {
  /** The scenarios to run; throws UsageError for an unknown requirement or an empty selection. */
  select(scenarios: LoadedScenario[], registry: Requirement[]): LoadedScenario[];
  /** runTarget, with --bail when asked. */
  runTarget(target: Target, scenarios: LoadedScenario[], opts: EngineOptions): Promise<{ results: ScenarioResult[]; stats: RunStats }>;
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
      return runTargetWithStats(target, scenarios, bail ? withBail(opts, bail, stops) : opts);
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
