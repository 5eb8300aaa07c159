#!/usr/bin/env node
// bearer-conformance: runs the suite against a target (or the embedded reference) and exits with a
// code CI can branch on (exit-codes.ts). All judgement lives in index.ts; this file only maps the
// command line onto run() and outcomes onto exit codes and messages.
import { parseCliArgs, USAGE, type CliArgs, type DiffArgs } from './args.js';
import { run } from './index.js';
import { exitCodeFor } from './judge/exit-code.js';
import { TargetUnreachableError } from './model/errors.js';
import { ExitCode, ScenarioFilesError, UsageError, type ExitCodeValue, formatPosition } from './model/exit-codes.js';
import { REPORT_FORMAT } from './model/report.js';
import { urlCredentials } from './model/target.js';
import { listRun } from './plan/list.js';
import { redact } from './report/redact.js';
import { compareReports, diffExitCode, readReport, renderComparisonMarkdown, renderComparisonText } from './reporters/compare.js';
import { renderList } from './reporters/list.js';
import { loadSuiteInfo } from './suite/suite-info.js';
import { colorEnabled } from './reporters/index.js';
import { lintSuite } from './suite/lint.js';
import { loadRegistry } from './suite/registry.js';

/** Secrets given on the command line, kept out of every message this process prints. */
const secrets: string[] = [];

async function main(argv: string[]): Promise<ExitCodeValue> {
  const args = parseCliArgs(argv);
  if (args.target.secret) secrets.push(args.target.secret);
  // Refused with a message that does not repeat them (plan/target.ts); kept out of any other message too.
  for (const url of [args.target.url, args.target.schemaUrl]) if (url) secrets.push(...urlCredentials(url).filter((s) => s !== ''));
  // An extra header's value, whatever the line's spelling: the text after its first colon.
  for (const line of args.target.headers ?? []) if (line.includes(':')) secrets.push(line.slice(line.indexOf(':') + 1).trim());
  switch (args.command) {
    case 'help':
      process.stdout.write(USAGE);
      return ExitCode.Conforming;
    case 'version': {
      const [suite, registry] = await Promise.all([loadSuiteInfo(), loadRegistry()]);
      process.stdout.write(`${suite.name} ${suite.version} (spec ${registry.specVersion}, report format ${REPORT_FORMAT})\n`);
      return ExitCode.Conforming;
    }
    case 'lint':
      return lint(args);
    case 'diff':
      return diff(args.diff!);
    case 'run':
      return runSuite(args);
  }
}

async function runSuite(args: CliArgs): Promise<ExitCodeValue> {
  const { list, ...gate } = args.gate;
  const options = {
    ...args.target,
    target: args.targetFile,
    scenarios: args.scenarios,
    concurrency: args.concurrency,
    timeout: args.timeoutMs,
    maxBody: args.maxBodyBytes,
    maxWait: args.maxWaitMs,
    deadline: args.deadlineMs,
    seed: args.seed,
    strict: args.strict,
    reporters: args.reporterSpecs,
    color: colorEnabled(process.stdout),
    // A progress line only where a person watches (a terminal), never in CI logs.
    ...(process.stderr.isTTY ? { progress: process.stderr } : {}),
    redactTokens: args.redactTokens,
    verbose: args.verbose,
    ...gate,
  };
  if (list) {
    process.stdout.write(renderList(await listRun(options)));
    return ExitCode.Conforming;
  }
  const stopListening = onInterrupt();
  try {
    return exitCodeFor(await run({ ...options, signal: stopListening.signal }));
  } finally {
    stopListening();
  }
}

/**
 * The first SIGINT or SIGTERM (Ctrl-C, a cancelled CI job) ends the run as a deadline does, so the
 * reports are still written; a second one quits at once, with the shell's code for that signal.
 */
function onInterrupt(): (() => void) & { signal: AbortSignal } {
  const controller = new AbortController();
  const handle = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(128 + (name === 'SIGINT' ? 2 : 15));
    process.stderr.write(`\nbearer-conformance: ${name}: stopping the run and writing the reports; ${name === 'SIGINT' ? 'press Ctrl-C' : 'send it'} again to quit at once.\n`);
    controller.abort(`the run was interrupted (${name})`);
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
  return Object.assign(
    () => {
      process.off('SIGINT', handle);
      process.off('SIGTERM', handle);
    },
    { signal: controller.signal },
  );
}

/** Checks the scenario files and the requirement coverage without contacting any server. */
async function lint(args: CliArgs): Promise<ExitCodeValue> {
  const { scenarios, problems } = await lintSuite(args.scenarios);
  for (const p of problems) process.stderr.write(`${formatPosition(p)}\n`);
  if (problems.length) {
    process.stderr.write(`Lint found ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${scenarios} scenarios.\n`);
    return ExitCode.InvalidScenarios;
  }
  process.stdout.write(`${scenarios} scenarios are valid and cover every MUST and SHOULD requirement.\n`);
  return ExitCode.Conforming;
}

/** Compares two JSON reports; exit 1 when something got worse (reporters/compare.ts). */
async function diff(args: DiffArgs): Promise<ExitCodeValue> {
  const [before, after] = await Promise.all([readReport(args.before), readReport(args.after)]);
  const comparison = compareReports(before, after, { before: args.before, after: args.after });
  const render = { text: renderComparisonText, markdown: renderComparisonMarkdown, json: (c: typeof comparison) => `${JSON.stringify(c, null, 2)}\n` }[args.format];
  process.stdout.write(render(comparison));
  return diffExitCode(comparison);
}

/** Turns an error into its message on stderr and its exit code. */
function fail(error: unknown): ExitCodeValue {
  const stderr = { write: (text: string) => process.stderr.write(redact(text, secrets)) };
  if (error instanceof UsageError) {
    stderr.write(`bearer-conformance: ${error.message}\n`);
    return ExitCode.Usage;
  }
  if (error instanceof ScenarioFilesError) {
    const n = error.problems.length;
    stderr.write(`${error.message}\nbearer-conformance: ${n} problem${n === 1 ? '' : 's'} in the scenario files; fix ${n === 1 ? 'it' : 'them'} and run again (nothing was run).\n`);
    return ExitCode.InvalidScenarios;
  }
  if (error instanceof TargetUnreachableError) {
    stderr.write(`bearer-conformance: ${error.message}\n`);
    return ExitCode.Unreachable;
  }
  stderr.write(
    `bearer-conformance: the suite itself failed, which says nothing about the target. Please report this with the output below.\n${
      error instanceof Error ? (error.stack ?? error.message) : String(error)
    }\n`,
  );
  return ExitCode.Internal;
}

const code = await main(process.argv.slice(2)).catch(fail);
// Exit explicitly: a keep-alive connection to an external target must not hold the process open.
process.exit(code);
