// Exit codes of bearer-conformance, and the errors that map to them. CI scripts branch on these
// numbers, so they never change meaning: "the target failed the suite" (1) stays distinct from
// "the run itself could not happen" (2, 3, 4), the lesson of test262-harness and Hurl.

export const ExitCode = {
  /** Every requirement that was judged holds (SHOULD failures only warn unless strict). */
  Conforming: 0,
  /** At least one MUST requirement (or SHOULD, when strict) fails, or the run could not judge the target. */
  NonConforming: 1,
  /** Bad command-line usage or a bad target description. */
  Usage: 2,
  /** A scenario file is malformed or invalid against spec/scenario.schema.json. */
  InvalidScenarios: 3,
  /** The target refused the first connection, or answered no request of the run within the timeout. */
  Unreachable: 4,
  /** A defect of the suite itself (an unexpected exception); never a verdict about the target. */
  Internal: 5,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A mistake in how the suite was invoked or configured; the message says what to do next. */
export class UsageError extends Error {
  readonly exitCode = ExitCode.Usage;
  override name = 'UsageError';
}

/** A position in a source file, 1-based, as the `yaml` package reports it. */
export interface SourcePosition {
  file: string;
  line: number;
  col: number;
  message: string;
}

/** A problem as compilers print it: file:line:col: message. */
export function formatPosition(p: SourcePosition): string {
  return `${p.file}:${p.line}:${p.col}: ${p.message}`;
}

/** A target file that cannot be used; each problem carries file:line:col. */
export class TargetFileError extends UsageError {
  override name = 'TargetFileError';
  constructor(readonly problems: SourcePosition[]) {
    super(problems.map(formatPosition).join('\n'));
  }
}

/** Scenario files that do not load; nothing runs when any is invalid. */
export class ScenarioFilesError extends Error {
  readonly exitCode = ExitCode.InvalidScenarios;
  override name = 'ScenarioFilesError';
  constructor(readonly problems: SourcePosition[]) {
    super(problems.map(formatPosition).join('\n'));
  }
}
