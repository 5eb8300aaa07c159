// The report of a run, whole: what run() returns, what every reporter renders, and what the JSON
// reporter writes (spec/report.schema.json). REPORT_FORMAT changes when that schema does
// (minor: fields added; major: fields removed or changed).
// 1.1: every failure of a result (`failures`), the error record, per-failure diff and curl, a rerun
// command per failing result, requirement texts in the matrix, and whether tokens were redacted.
// 1.2: the unreachable report (UnreachableReport), written where 1.1 wrote none.
// 1.3 (both lines): what each run cost its target and how long it waited (`runs`), and each failure's `context`
// (the step's other requirements, not failed by it).
// 1.3: --verbose: every exchange of every result (`exchanges`) and whether they were kept (`verbose`).
import type { Requirement, Level } from './requirements.js';
import type { Exchange, ScenarioResult, ScenarioStatus } from './result.js';
// 1.3 also: an exchange's response body may be cut for the report (body_bytes: the whole size).
export const REPORT_FORMAT = '1.3';

/** The target as the report shows it: everything but the secret, of which only its presence is told. */
export interface TargetDescription {
  name: string;
  url: string;
  require_signature: boolean;
  secret_given: boolean;
  origin: string;
  schema_url: string | null;
  /** The --schema-file dump, when one was given. */
  schema_file?: string;
  exposed_headers: string[];
  /** The optional profiles the target declared (--profile), when it declared any. */
  profiles?: string[];
  /** The declared session update age in seconds (--session-update-age), when one was declared. */
  session_update_age?: number;
}

export interface FailureReport {
  /** 0-based step index; -1 for actor setup. */
  step: number;
  step_name: string;
  requirements: string[];
  /** The step's other requirements: context, not failed by this failure (runner contract 1.3). */
  context?: string[];
  check: string;
  message: string;
  expected?: unknown;
  actual?: unknown;
  /** For a JSON subset mismatch: JSON Pointer to the first difference. */
  path?: string;
  /** The HTTP exchange of the failing step. */
  exchange?: Exchange;
  file: string;
  line: number;
  /** For JSON checks (json, session_of): every difference, as a JSON Pointer with expected and actual. */
  diff?: DiffEntry[];
  /** A POSIX-shell curl command sending the failing request again (the secret as "$BEARER_CONFORMANCE_SECRET"). */
  curl?: string;
}

export interface ResultReport {
  id: string;
  title: string;
  target: string;
  status: ScenarioResult['status'];
  requirements: string[];
  passed: string[];
  reason?: string;
  /** Every failure, in order; the stopping one (if any) last. Empty unless status is fail. */
  failures: FailureReport[];
  /** failures[0]; on an error without failures, the error record (format 1.0 field). */
  failure?: FailureReport;
  /** What ended the scenario as an error, at a known step. */
  error?: FailureReport;
  /** On fail and error: the command that runs only this scenario against the same target. */
  rerun?: string;
  file: string;
  line: number;
  duration_ms: number;
  /** With --verbose: every exchange of the scenario, actor setup included, in order, passing scenarios too. */
  exchanges?: Exchange[];
}

/** What one run cost its target (INTERPRETING.md 18.3-18.6). */
export interface RunReport {
  target: string;
  /** Names derive from it: --seed <seed> repeats them on a fresh server. */
  seed: string;
  sessions: { sign_ups: number; sign_ins: number; sign_outs: number; actors: number; shared_uses: number; restarts: number };
  throttling: {
    waits: number;
    /** Summed over requests: concurrent waits add up. */
    waited_ms: number;
    by_status: Record<string, number>;
    by_path: Record<string, { waits: number; waited_ms: number }>;
  };
  /** Token-character needs given up ('' none, '+', '/', '+/'): their scenarios were skipped. */
  token_needs_unmet: string[];
}

export interface Summary {
  targets: number;
  scenarios: { total: number; pass: number; fail: number; skip: number; error: number };
  requirements: { total: number; pass: number; fail: number; skip: number; inconclusive: number };
  /** Requirements that make the target non-conforming. */
  failing: string[];
  /** SHOULD requirements that fail without --strict. */
  warnings: string[];
  verdict: OverallVerdict;
  explanation: string;
}

export interface Report {
  report_format: string;
  suite: { name: string; version: string };
  spec_version: string;
  /** Sections of the spec, in order, for grouping requirements. */
  sections: { id: string; title: string }[];
  generated_at: string;
  duration_ms: number;
  strict: boolean;
  /** Whether session tokens were replaced by labels (--redact-tokens). The secret never appears. */
  tokens_redacted: boolean;
  /** Whether every exchange was kept (--verbose): then each result has `exchanges`. */
  verbose?: boolean;
  targets: TargetDescription[];
  results: ResultReport[];
  requirements: MatrixRow[];
  summary: Summary;
  /** Per target: the seed, the sessions the run created and the time it waited for rate limits. */
  runs?: RunReport[];
  /** Which scenarios ran; verdicts cover these alone. */
  selection?: SelectionReport;
  /** The run compared with an expectations file (--expectations or --update-expectations). */
  expectations?: ExpectationsReport;
}

/**
 * The report of a run that stopped because a target could not be reached (exit code 4): what was
 * run against what, and why nothing was judged. File reporters write it so that CI jobs that always
 * upload the report get one.
 */
export interface UnreachableReport {
  report_format: string;
  suite: { name: string; version: string };
  spec_version: string;
  generated_at: string;
  duration_ms: number;
  targets: TargetDescription[];
  unreachable: { target: string; url: string; kind: 'refused' | 'silent'; code: string; timeout_ms?: number; reason: string };
  summary: { verdict: 'unreachable'; explanation: string };
}

/**
 * pass: some scenario credited it and none failed it. fail: a failure is attributed to it.
 * inconclusive: the scenarios citing it errored or stopped before judging it. skip: nothing judged it.
 */
export type RequirementVerdict = 'pass' | 'fail' | 'skip' | 'inconclusive';

export interface Cell {
  verdict: RequirementVerdict;
  /** Scenario ids behind the verdict, by scenario outcome for this requirement. */
  scenarios: { pass: string[]; fail: string[]; skip: string[]; inconclusive: string[] };
  reasons: string[];
}

/** A requirement (its full text included, for failure diagnostics) with its verdict. */
export interface MatrixRow extends Cell, Pick<Requirement, 'id' | 'level' | 'section' | 'title' | 'text' | 'profile'> {
  /** The same judgement per target, keyed by target name. */
  targets: Record<string, Cell>;
}

export type OverallVerdict = 'conforming' | 'non-conforming' | 'inconclusive';

export interface DiffEntry {
  /** JSON Pointer (RFC 6901) into both values; "" is the whole value. */
  path: string;
  expected: unknown;
  /** Absent when the actual value has nothing at this path. */
  actual?: unknown;
  /**
   * 'missing': no such key or element; 'type': different JSON types; 'value': same type, other
   * value; 'length': arrays of different lengths (expected and actual are the lengths).
   */
  kind: 'missing' | 'type' | 'value' | 'length';
}

export type UnexpectedKind = 'unexpected-failure' | 'unexpected-error' | 'unexpected-pass';

export interface EntryRef {
  scenario: string;
  target?: string;
  line: number;
}

export interface UnexpectedResult {
  kind: UnexpectedKind;
  id: string;
  target: string;
  status: ScenarioStatus;
  expected: ScenarioStatus[];
  /** The requirements the failure breaks (failures and errors at a known step). */
  requirements: string[];
  /** The entry that decided the expectation; absent when the scenario had none (expected pass). */
  entry?: EntryRef;
  /** A sentence saying what happened and what to do. */
  message: string;
}

export interface MatchedEntry extends EntryRef {
  status: ScenarioStatus[];
  reason: string;
  link?: string;
  results: { id: string; target: string; status: ScenarioStatus }[];
}

export interface UnusedEntry extends EntryRef {
  message: string;
}

/** The `expectations` section of the report (spec/report.schema.json). */
export interface ExpectationsReport {
  file: string;
  suite_version: string | null;
  entries: number;
  /** True when every result matches its expectation and no entry is unused: the run passes the gate. */
  ok: boolean;
  /** Entries that decided at least one result of this run. */
  matched: MatchedEntry[];
  /** Results that differ from their expectation and fail the run. */
  unexpected: UnexpectedResult[];
  /** Unexpected failures of SHOULD or MAY requirements only, without --strict: told, not fatal. */
  warnings: UnexpectedResult[];
  /** Entries that match no scenario of the suite (or only scenarios decided by more specific entries); they fail the run. */
  unused: UnusedEntry[];
  /** Entries for scenarios or targets this run did not include (a selection, a shard, another target); kept, not judged. */
  not_applicable: EntryRef[];
  /** Entries whose reason still reads "TODO". */
  todo: EntryRef[];
  /** Set when --update-expectations wrote a file. */
  updated?: { file: string; entries: number; todo: number; removed: number };
}

/** The `selection` section of the report. */
export interface SelectionReport {
  /** The filters as given; empty when the whole suite ran. */
  filters: { grep?: string; tags?: string[]; requirements?: string[]; level?: Level; shard?: string };
  /** Scenarios in the suite. */
  total: number;
  /** Scenarios the filters selected. */
  selected: number;
  /** True when every scenario of the suite was selected. */
  complete: boolean;
  /** How to read the verdicts of a partial run. */
  note?: string;
  /** Set when --bail stopped scheduling scenarios. */
  bail?: { after: string; target: string; not_run: number };
  /**
   * Set when the run's deadline (--deadline) passed before every scenario finished: its length, and
   * how many scenario runs it cut (results with a reason starting 'Not run' or 'Not finished').
   */
  deadline?: { ms: number; not_finished: number };
  /**
   * Set when the caller interrupted the run (the CLI on SIGINT or SIGTERM, run({ signal })) before
   * every scenario finished: the sentence saying so, and how many scenario runs it cut.
   */
  interrupted?: { reason: string; not_finished: number };
}
