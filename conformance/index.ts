// The programmatic API: run(options) does what the CLI does and resolves to the report; it prints
// nothing unless reporters are asked for. Errors are typed (UsageError, TargetFileError,
// ScenarioFilesError, TargetUnreachableError) and carry the CLI's exit code where one applies; a
// TargetUnreachableError from run() carries the minimal report the file reporters wrote (`report`).
import { newBailState, withBail } from './engine/bail.js';
import { startInterrupts, withInterrupts } from './engine/interrupt.js';
import { newSeed } from './engine/random.js';
import type { EngineOptions } from './engine/run.js';
import { runPlan, type PlanRun } from './engine/run-plan.js';
import { judgeGate, unexpectedlyFails } from './judge/gate.js';
import { TargetUnreachableError } from './model/errors.js';
import { UsageError } from './model/exit-codes.js';
import type { RunOptions } from './model/options.js';
import type { Report } from './model/report.js';
import type { ScenarioResult } from './model/result.js';
import type { Target } from './model/target.js';
import { planRun } from './plan/plan.js';
import { checkSchemaUrl } from './plan/schema-url.js';
import { buildReport, buildUnreachableReport } from './report/report.js';
import { createReporters, type Reporter } from './reporters/index.js';

/** Runs the suite and resolves to its report. Without any target option, runs the embedded reference. */
export async function run(options: RunOptions = {}): Promise<Report> {
  const startedAt = new Date();
  const elapsed = stopwatch();
  checkNumbers(options);
  // Configuration first (exit 2), then the scenario files (exit 3), and only then any network.
  const plan = await planRun(options);
  // A declared schema URL that answers no schema description is a mistake in the description (exit 2).
  if (plan.target && plan.selection.selected.some((s) => s.needs?.schema_url)) await checkSchemaUrl(plan.target, options.timeout);
  const reporters = createReporters(options.reporters ?? [], options);
  for (const reporter of reporters) await reporter.start?.();

  const strict = options.strict ?? false;
  const bail = options.bail ? newBailState() : undefined;
  // The clock starts with the first request: planning and reading files are not the target's time.
  const interrupts = options.deadline !== undefined || options.signal ? startInterrupts({ deadlineMs: options.deadline, signal: options.signal }) : undefined;
  let engine = engineOptions(options, reporters);
  if (bail) engine = withBail(engine, bail, unexpectedlyFails(plan, strict));
  if (interrupts) engine = withInterrupts(engine, interrupts);

  let targets: Target[] = [];
  let executed: PlanRun;
  try {
    executed = await runPlan(plan, engine, (started) => (targets = started));
  } catch (e) {
    if (e instanceof TargetUnreachableError) {
      // CI jobs upload the report whatever the exit code: every reporter that writes one gets the minimal report.
      e.report = buildUnreachableReport({ suite: plan.suiteInfo, specVersion: plan.registry.specVersion, targets, error: e, startedAt, durationMs: elapsed() });
      for (const reporter of reporters) await reporter.unreachable?.(e.report);
    }
    throw e;
  } finally {
    interrupts?.clear();
  }

  const gate = await judgeGate(plan, executed.results, { strict, bail, interrupts, updateExpectations: options.updateExpectations });
  const report = buildReport({ ...gate, ...executed, suite: plan.suiteInfo, registry: plan.registry, targets, strict, startedAt, durationMs: elapsed(), embedded: !plan.target, redactTokens: options.redactTokens, verbose: options.verbose ?? false });
  for (const reporter of reporters) await reporter.finish(report);
  return report;
}

/** What the engine is told: the API's limits, one seed for the run, and every result to the reporters as it comes. */
function engineOptions(options: RunOptions, reporters: Reporter[]): EngineOptions {
  return {
    concurrency: options.concurrency,
    timeoutMs: options.timeout,
    maxBodyBytes: options.maxBody,
    maxWaitMs: options.maxWait,
    // One seed for the run, stated in the report; every target's names derive from it and its own name.
    seed: options.seed ?? newSeed(),
    keepExchanges: options.verbose ?? false,
    onResult: (r: ScenarioResult) => {
      options.onResult?.(r);
      for (const reporter of reporters) reporter.onResult?.(r);
    },
  };
}

function stopwatch(): () => number {
  const started = performance.now();
  return () => performance.now() - started;
}

/** The API's whole-number options, checked before anything is read or started. */
function checkNumbers(options: RunOptions): void {
  for (const name of ['concurrency', 'timeout', 'maxBody', 'maxWait', 'deadline'] as const) checkNumber(name, options[name]);
}

function checkNumber(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= 1)) {
    throw new UsageError(`The ${name} option takes a whole number, at least 1, but got ${String(value)}.`);
  }
}

// The API's names, by layer.
export type { RunOptions, GateOptions } from './model/options.js';
export { ExitCode, UsageError, TargetFileError, ScenarioFilesError } from './model/exit-codes.js';
export { TargetUnreachableError } from './model/errors.js';
export type { Exchange, Failure, ScenarioResult, ScenarioStatus } from './model/result.js';
export type { Target } from './model/target.js';
export type { Requirement } from './model/requirements.js';
export {
  REPORT_FORMAT,
  type Report,
  type ResultReport,
  type FailureReport,
  type TargetDescription,
  type Summary,
  type UnreachableReport,
  type MatrixRow,
  type OverallVerdict,
  type RequirementVerdict,
  type SelectionReport,
  type ExpectationsReport,
} from './model/report.js';
export type { Reporter, ReporterContext, ReporterName, ReporterSpec } from './model/reporter.js';
export { bundledScenarios } from './suite/files.js';
export { loadSuite } from './suite/load.js';
export { loadRegistry } from './suite/registry.js';
export { checkCoverage, type CoverageProblem } from './suite/coverage.js';
export { ExpectationsFileError } from './plan/expectations.js';
export { listRun, type ListReport } from './plan/list.js';
export { renderList } from './reporters/list.js';
export { exitCodeFor } from './judge/exit-code.js';
