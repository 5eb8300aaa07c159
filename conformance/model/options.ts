// The options of a run, as the programmatic API takes them (run(), listRun()); the CLI's flags map onto them.
import type { ProgressStream, Reporter, ReporterName, ReporterSpec } from './reporter.js';
import type { ScenarioResult } from './result.js';

/** What the flags say about the target; unset fields fall back to the target file, then to defaults. */
export interface TargetFlags {
  url?: string;
  requireSignature?: boolean;
  secret?: string;
  origin?: string;
  schemaUrl?: string;
  /** A dump of the tables and columns the target's database really has (--schema-file). */
  schemaFile?: string;
  exposeHeaders?: string[];
  /** Extra header lines sent on every request, each 'Name: value' (see Target.headers). */
  headers?: string[];
  /** Optional profiles the target takes part in (SPEC.md 4.6; --profile): 'better-auth'. */
  profiles?: string[];
  /** Seconds after which the target refreshes a used session (SPEC.md 4.7; --session-update-age). */
  sessionUpdateAge?: number;
}

export interface SelectionOptions {
  /** A regular expression tested against each scenario's id and title. */
  grep?: string;
  /** Scenarios with any of these tags. */
  tags?: string[];
  /** Scenarios judging any of these requirement IDs or ID prefixes (BEARER-PREC matches BEARER-PREC-1, -2, ...). */
  requirements?: string[];
  /** Scenarios judging at least one requirement of this level. */
  level?: string;
  /** This CI job's share of the selection, "i/n". */
  shard?: string;
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

export interface RunOptions extends TargetFlags, GateOptions {
  /** A target file (spec/target.schema.json); the target flags above override its fields. */
  target?: string;
  /** Scenario files or directories; default: the bundled suite. */
  scenarios?: string | string[];
  /** Scenarios run at the same time on each target. */
  concurrency?: number;
  /** Time limit per request, in milliseconds. */
  timeout?: number;
  /** The largest response body read, in bytes (default 1 MiB); a larger one is a transport error. */
  maxBody?: number;
  /** Names derive from this seed, so a run can be repeated with the same names (default: one drawn and reported). */
  seed?: string;
  /** The longest total wait of one request the target throttles (429, or 503 with a delay), in milliseconds (default 120000). */
  maxWait?: number;
  /**
   * A time limit for the whole run, in milliseconds (default none). When it passes, requests in flight
   * are aborted and no scenario starts; the unfinished ones are reported with the deadline as reason,
   * the report (selection.deadline) says so, and the verdict is at best inconclusive (exit 1).
   */
  deadline?: number;
  /**
   * Aborting it interrupts the run as its deadline would (selection.interrupted in the report); a
   * string reason is the sentence the report gives, such as "the run was interrupted (SIGINT)".
   */
  signal?: AbortSignal;
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
  /**
   * Keep every exchange of every scenario, passing ones included: the report carries them
   * (results[].exchanges) and the console prints them with the time of each scenario.
   */
  verbose?: boolean;
  /** A terminal to draw a progress line on while the run goes (the CLI passes stderr when it is a TTY). */
  progress?: ProgressStream;
  /** Stream for reporters that write to standard output; default process.stdout. */
  stdout?: NodeJS.WritableStream;
  /** Allow ANSI colours in the console reporter; default false. */
  color?: boolean;
  /**
   * Called as each scenario finishes, with the result as the engine made it: not redacted (passwords
   * and tokens included), since redaction is one pass over the finished report (report/report.ts).
   */
  onResult?: (result: ScenarioResult) => void;
}
