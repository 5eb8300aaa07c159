// The CI gate's judgement of a finished run: the selection section (with what --bail, --deadline or
// an interruption left out) and the comparison with the expectations file, which --update-expectations writes anew.
// The report is built from these; nothing changes it afterwards.
import type { BailState } from '../engine/bail.js';
import type { InterruptState } from '../engine/interrupt.js';
import type { ExpectationsReport, SelectionReport } from '../model/report.js';
import type { Level } from '../model/requirements.js';
import type { ScenarioResult } from '../model/result.js';
import { decidingEntry } from '../plan/expectations.js';
import type { RunPlan } from '../plan/plan.js';
import { compareExpectations, judgeResult } from './expectations.js';
import { countTodo, renderExpectations, updateEntries, writeExpectations } from './expectations-update.js';

interface GateInput {
  strict: boolean;
  /** The expectations file to write from this run (--update-expectations). */
  updateExpectations?: string | undefined;
  /** The --bail state of the run, when it had one. */
  bail?: BailState | undefined;
  /** What could end the run early (--deadline, an interruption), when anything could. */
  interrupts?: InterruptState | undefined;
}

interface GateSections {
  selection: SelectionReport;
  expectations?: ExpectationsReport;
}

/** Whether a result is an unexpected failure: what stops a --bail run. */
export function unexpectedlyFails(plan: RunPlan, strict: boolean): (r: ScenarioResult) => boolean {
  const levelOf = levels(plan);
  return (r) => {
    const entry = plan.expectations && decidingEntry(plan.expectations.entries, r.id, r.target);
    return judgeResult(r, entry, strict, levelOf)?.fatal === true;
  };
}

/** The gate's sections of the report; writes the --update-expectations file. */
export async function judgeGate(plan: RunPlan, results: ScenarioResult[], options: GateInput): Promise<GateSections> {
  const { expectations } = plan;
  const { bail, interrupts, strict } = options;
  const suiteIds = plan.suite.map((s) => s.id);
  // Told only when it left something out: a failure of the last scenario stops nothing, and a
  // deadline that passes as the last scenario ends cuts nothing.
  const cut = interrupts?.notFinished.size ?? 0;
  const stoppedBy = bail?.notRun.size ? bail.stoppedBy : undefined;
  const selection: SelectionReport = {
    ...plan.selection.report,
    ...(stoppedBy ? { bail: { after: stoppedBy.id, target: stoppedBy.target, not_run: bail!.notRun.size } } : {}),
    ...(cut && interrupts!.by === 'deadline' ? { deadline: { ms: interrupts!.deadlineMs!, not_finished: cut } } : {}),
    ...(cut && interrupts!.by === 'signal' ? { interrupted: { reason: String(interrupts!.signal.reason), not_finished: cut } } : {}),
  };
  const notRun = new Set([...(bail?.notRun ?? []), ...(interrupts?.notRun ?? [])]);
  let compared = expectations ? compareExpectations({ expectations, results, suiteIds, notRun, strict, levelOf: levels(plan) }) : undefined;
  if (options.updateExpectations !== undefined) {
    const file = options.updateExpectations;
    const update = updateEntries({ ...(expectations ? { previous: expectations } : {}), results, suiteIds, notRun });
    await writeExpectations(file, renderExpectations(update.entries, { suiteVersion: plan.suiteInfo.version, ...(expectations?.notes !== undefined ? { notes: expectations.notes } : {}) }));
    const updated = { file, entries: update.entries.length, todo: countTodo(update.entries), removed: update.removed };
    compared = { ...(compared ?? emptyComparison(file)), updated };
  }
  return { selection, ...(compared ? { expectations: compared } : {}) };
}

function levels(plan: RunPlan): (id: string) => Level | undefined {
  const byId = new Map(plan.registry.requirements.map((r) => [r.id, r.level]));
  return (id) => byId.get(id);
}

function emptyComparison(file: string): ExpectationsReport {
  return { file, suite_version: null, entries: 0, ok: true, matched: [], unexpected: [], warnings: [], unused: [], not_applicable: [], todo: [] };
}
