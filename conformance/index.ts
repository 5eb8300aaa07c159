// The programmatic API: run(options) does what the CLI does and resolves to the report; it prints
// nothing unless reporters are asked for. Errors are typed (UsageError, TargetFileError,
// ScenarioFilesError, TargetUnreachableError) and carry the CLI's exit code where one applies; a
// TargetUnreachableError from run() carries the minimal report the file reporters wrote (`report`).
import { prepareGate } from './gate.js';
import { TargetUnreachableError } from './model/errors.js';
import { UsageError } from './model/exit-codes.js';
import type { RunOptions } from './model/options.js';
import type { Report } from './model/report.js';
import { newSeed } from './engine/random.js';
import type { RunStats, ScenarioResult } from './model/result.js';
import { secretsOf, type Target } from './model/target.js';
import { profileRuns, withEmbeddedTargets } from './plan/embedded.js';
import { isEmbedded, resolveTarget, targetFlagsOf } from './plan/target.js';
import { redactResult } from './report/redact.js';
import { buildReport, buildUnreachableReport, loadSuiteInfo } from './report/report.js';
import { gateConsoleReporters } from './reporters/gate.js';
import { createReporters, type Reporter } from './reporters/index.js';
import { type LoadedScenario, loadSuite } from './suite/load.js';
import { loadRegistry } from './suite/registry.js';

/** Runs the suite and resolves to its report. Without any target option, runs the embedded reference. */
export async function run(options: RunOptions = {}): Promise<Report> {
  const startedAt = new Date();
  const started = performance.now();
  checkNumber('concurrency', options.concurrency);
  checkNumber('timeout', options.timeout);
  checkNumber('maxBody', options.maxBody);
  checkNumber('maxWait', options.maxWait);
  const flags = targetFlagsOf(options);
  const embedded = isEmbedded(flags, options.target);
  // Configuration first (exit 2), then the scenario files (exit 3), and only then any network.
  const target = embedded ? undefined : await resolveTarget(flags, options.target);
  const gate = await prepareGate(options);
  const reporters = makeReporters(options);
  reporters.push(...gateConsoleReporters(options));
  for (const reporter of reporters) await reporter.start?.();
  // The registry is read once and handed to the loader, which would otherwise parse it again.
  const [suite, registry] = await Promise.all([loadSuiteInfo(), loadRegistry()]);
  const suiteScenarios = await loadSuite(options.scenarios, registry.requirements);
  const scenarios = gate.select(suiteScenarios, registry.requirements);

  const onResult = (r: ScenarioResult) => {
    options.onResult?.(r);
    for (const reporter of reporters) reporter.onResult?.(r);
  };
  // The target that could not be reached, if any, and every target of the run, for its report.
  let down: Target | undefined;
  let targets: Target[] = target ? [target] : [];
  // One seed for the run, stated in the report; every target's names derive from it and its own name.
  const seed = options.seed ?? newSeed();
  const stats = new Map<string, RunStats>();
  const runOne = async (t: Target, list: LoadedScenario[]) => {
    try {
      const run = await gate.runTarget(t, list, { concurrency: options.concurrency, timeoutMs: options.timeout, maxBodyBytes: options.maxBody, maxWaitMs: options.maxWait, seed, onResult, keepExchanges: options.verbose ?? false });
      stats.set(t.name, run.stats);
      return run.results;
    } catch (e) {
      if (e instanceof TargetUnreachableError) down ??= t;
      throw e;
    }
  };

  let results: ScenarioResult[];
  try {
    if (target) {
      results = await runOne(target, scenarios);
    } else {
      results = await withEmbeddedTargets(async (list) => {
        targets = list;
        return (await Promise.all(list.map((t) => runOne(t, scenarios.filter((s) => profileRuns(t, s)))))).flat();
      });
    }
  } catch (e) {
    if (e instanceof TargetUnreachableError && down) {
      // CI jobs upload the report whatever the exit code: every reporter that writes one gets the minimal report.
      e.report = buildUnreachableReport({ suite, specVersion: registry.specVersion, targets, down, error: e, startedAt, durationMs: performance.now() - started });
      for (const reporter of reporters) await reporter.unreachable?.(e.report);
    }
    throw e;
  }

  const report = buildReport({
    suite,
    registry,
    targets,
    results,
    strict: options.strict ?? false,
    startedAt,
    durationMs: performance.now() - started,
    embedded: !target,
    redactTokens: options.redactTokens ?? false,
    stats: targets.flatMap((t) => {
      const s = stats.get(t.name);
      return s ? [{ target: t.name, ...s }] : [];
    }),
    verbose: options.verbose ?? false,
  });
  // The gate's sections quote failure messages: they see the results as the report does.
  const shown = results.map((r) => redactResult(r, options.redactTokens ?? false));
  await gate.annotate(report, shown, targets.flatMap(secretsOf));
  for (const reporter of reporters) await reporter.finish(report);
  return report;
}

function checkNumber(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= 1)) {
    throw new UsageError(`The ${name} option takes a whole number, at least 1, but got ${String(value)}.`);
  }
}

function makeReporters(options: RunOptions): Reporter[] {
  return createReporters(options.reporters ?? [], {
    stdout: options.stdout ?? process.stdout,
    color: options.color ?? false,
    verbose: options.verbose ?? false,
    ...(options.output !== undefined ? { output: options.output } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
  });
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
export { listRun, renderList, type ListReport } from './plan/list.js';
export { exitCodeFor } from './judge/exit-code.js';
