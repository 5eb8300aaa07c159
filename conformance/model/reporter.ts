// The reporter interface. A run feeds each reporter the results as they arrive (for progress) and
// then the finished report once; each format is a file implementing this.
import type { Report, UnreachableReport } from './report.js';
import type { ScenarioResult } from './result.js';

export interface ReporterContext {
  /** Where a reporter without a file writes (the CLI's standard output). */
  stdout: NodeJS.WritableStream;
  /** The file this reporter writes to, when it writes files. */
  output?: string;
  /** How a user gives this reporter another file, for messages (default --output). */
  outputFlag?: string;
  /** ANSI colours allowed (a TTY without NO_COLOR, or FORCE_COLOR). */
  color: boolean;
  /** --verbose: show every scenario with its time and exchanges, passing ones included. */
  verbose?: boolean;
}

export interface Reporter {
  /** Before any request: check what can be checked early (say, that the output file is writable); throw to stop the run. */
  start?(): Promise<void>;
  /** A scenario finished on some target (results of several targets may interleave). */
  onResult?(result: ScenarioResult): void;
  /** The run is over; render the report. Resolves once everything is written. */
  finish(report: Report): Promise<void>;
  /**
   * The run stopped because a target could not be reached (instead of finish). Reporters that write
   * a report write this minimal one; the console leaves the sentence to its caller (the CLI prints it).
   */
  unreachable?(report: UnreachableReport): Promise<void>;
}

/** The reporters known by name (reporters/index.ts holds one factory for each). */
export type ReporterName = 'console' | 'json' | 'junit' | 'tap' | 'html' | 'markdown';

export type ReporterFactory = (context: ReporterContext) => Reporter;

/** A named reporter and the file it writes to (standard output when absent). */
export interface ReporterSpec {
  name: ReporterName;
  output?: string;
}

/** A spec as parseReporterSpecs returns it: checked, with the flag that names its file, for messages. */
export interface ParsedReporterSpec extends ReporterSpec {
  outputFlag: string;
}

export interface ProgressStream {
  write(text: string): boolean;
  columns?: number;
}
