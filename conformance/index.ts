// The programmatic API: run(options) does what the CLI does and resolves to the report; it prints
// nothing unless reporters are asked for. Errors are typed (UsageError, TargetFileError,
// ScenarioFilesError, TargetUnreachableError) and carry the CLI's exit code where one applies; a
// TargetUnreachableError from run() carries the minimal report the file reporters wrote (`report`).
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { TargetFlags } from './args.js';
import { profileRuns, withEmbeddedTargets } from './embedded.js';
import { ScenarioFilesError, UsageError } from './exit-codes.js';
import { gateConsoleReporters, prepareGate, type GateOptions } from './gate.js';
import { loadScenarios, type LoadedScenario } from './load.js';
import { redactTokens } from './redact.js';
import { TargetUnreachableError } from './errors.js';
import { buildReport, buildUnreachableReport, loadSuiteInfo, type Report } from './report.js';
import { createReporters, type Reporter, type ReporterName, type ReporterSpec } from './reporters/index.js';
import type { ProgressStream } from './reporters/progress.js';
import type { ScenarioResult, Target } from './result.js';
import { packageFile } from './spec-files.js';
import { isEmbedded, resolveTarget, targetFlagsOf } from './target.js';
import { loadRegistry, type Requirement } from './verdict.js';

export interface RunOptions extends TargetFlags, GateOptions {
  /** A target file (spec/target.schema.json); the target flags above override its fields. */
  target?: string;
  /** Scenario files or directories; default: the bundled suite. */
  scenarios?: string | string[];
  /** Scenarios run at the same time on each target. */
  concurrency?: number;
  /** Time limit per request, in milliseconds. */
  timeout?: number;
  /** SHOULD failures make the target non-conforming. */
  strict?: boolean;
  /**
   * Reporters to render the report with; default none. Names ('junit'), names with a file
   * ('junit:report.xml'), specs ({ name, output }) or Reporter objects.
   */
  reporters?: (ReporterName | string | ReporterSpec | Reporter)[];
  /** File of a json reporter given without one (default: stdout). */
  output?: string;
  /** Replace session tokens and signed values by labels such as <redacted:alice.signed> in the report. */
  redactTokens?: boolean;
  /** A terminal to draw a progress line on while the run goes (the CLI passes stderr when it is a TTY). */
  progress?: ProgressStream;
  /** Stream for reporters that write to standard output; default process.stdout. */
  stdout?: NodeJS.WritableStream;
  /** Allow ANSI colours in the console reporter; default false. */
  color?: boolean;
  /** Called as each scenario finishes. */
  onResult?: (result: ScenarioResult) => void;
}

/** The bundled scenarios, found from the package, not from the working directory. */
export function bundledScenarios(): string {
  return packageFile('conformance/scenarios');
}

/** Runs the suite and resolves to its report. Without any target option, runs the embedded reference. */
export async function run(options: RunOptions = {}): Promise<Report> {
  const startedAt = new Date();
  const started = performance.now();
  checkNumber('concurrency', options.concurrency);
  checkNumber('timeout', options.timeout);
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
  const runOne = async (t: Target, list: LoadedScenario[]) => {
    try {
      return await gate.runTarget(t, list, { concurrency: options.concurrency, timeoutMs: options.timeout, onResult });
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
  });
  // The gate's sections quote failure messages: they see the results as the report does.
  const shown = options.redactTokens ? results.map((r) => redactTokens(r, r.tokens ?? [])) : results;
  await gate.annotate(report, shown, targets.flatMap((t) => (t.secret ? [t.secret] : [])));
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
    ...(options.output !== undefined ? { output: options.output } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
  });
}

/**
 * Loads the scenario files; any invalid file stops the run before it starts (ScenarioFilesError).
 * Requirement IDs are checked against `requirements` when given, else against spec/requirements.yaml.
 */
export async function loadSuite(paths?: string | string[], requirements?: Requirement[]): Promise<LoadedScenario[]> {
  const given = paths === undefined || (Array.isArray(paths) && paths.length === 0) ? [bundledScenarios()] : [paths].flat();
  const files = (await Promise.all(given.map(scenarioFiles))).flat();
  const { scenarios, errors } = await loadScenarios(files, requirements ? { requirements } : {});
  if (errors.length) throw new ScenarioFilesError(errors.map((e) => ({ file: e.file, line: e.line, col: e.col, message: e.message })));
  return scenarios;
}

/** The .yaml/.yml files of a path: the file itself, or those directly in a directory, by name (as load.ts reads them). */
async function scenarioFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new UsageError(`There is no scenario file or directory at ${path}; check the path given to --scenarios.`);
  if (info.isFile()) return [path];
  const files = (await readdir(path)).filter((name) => /\.ya?ml$/.test(name)).sort().map((name) => join(path, name));
  if (files.length === 0) throw new UsageError(`The directory ${path} holds no scenario files (*.yaml); point --scenarios at a directory of scenarios or at a file.`);
  return files;
}

export { ExitCode, UsageError, TargetFileError, ScenarioFilesError } from './exit-codes.js';
export { TargetUnreachableError } from './errors.js';
export { checkCoverage, type CoverageProblem } from './coverage.js';
export { exitCodeFor, type GateOptions } from './gate.js';
export { ExpectationsFileError, type ExpectationsReport } from './expectations.js';
export { listRun, renderList, type ListReport } from './list.js';
export type { SelectionReport } from './select.js';
export { loadRegistry, type MatrixRow, type OverallVerdict, type Requirement, type RequirementVerdict } from './verdict.js';
export { REPORT_FORMAT, type Report, type ResultReport, type FailureReport, type TargetDescription, type Summary, type UnreachableReport } from './report.js';
export type { Reporter, ReporterContext, ReporterName, ReporterSpec } from './reporters/index.js';
export type { Exchange, Failure, ScenarioResult, ScenarioStatus, Target } from './result.js';
