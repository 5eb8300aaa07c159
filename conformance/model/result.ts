// The result model shared by the engine (run.ts) and everything that reports on it (CLI, reporters,
// programmatic API). Plain data only, so a result can be serialised to JSON as it is.

export type ScenarioStatus = 'pass' | 'fail' | 'skip' | 'error';

/** One request and, unless the transport failed, its response, exactly as sent and received. */
export interface Exchange {
  request: { method: string; url: string; headers: [string, string][]; body?: string };
  /** body_bytes: present when body was cut for the report (engine/retention.ts); the whole body's size in bytes. */
  response?: { status: number; headers: [string, string][]; body: string; body_bytes?: number };
}

export interface Failure {
  /** 0-based step index; -1 = actor setup. */
  step: number;
  stepName: string;
  /** The one requirement this failure breaks (a list for reports written before runner contract 1.3). */
  requirements: string[];
  /** The step's other requirements: context of the failure, not failed by it (runner contract 1.3). */
  context?: string[];
  /** 'status' | 'session_of' | ... | 'capture' | 'actor_setup' | 'invariant:<name>' | 'transport' | 'template'. */
  check: string;
  /** A sentence saying what went wrong. */
  message: string;
  expected?: unknown;
  actual?: unknown;
  /** The exchange of the failing request (response absent on a transport error). */
  exchange?: Exchange;
  file: string;
  /** Line of the step (of the scenario for actor setup). */
  line: number;
  /** For a subset-JSON mismatch: JSON Pointer into the body where the first difference is. */
  path?: string;
}

/**
 * What a check found wrong, before the engine places it at a step (a Failure adds the place): a
 * response check, an invariant, a sign-up rule, a capture or a template. `requirements` defaults to
 * the step's.
 */
export type Finding = Pick<Failure, 'check' | 'message' | 'expected' | 'actual' | 'path'> & { requirements?: string[] };

export interface ScenarioResult {
  id: string;
  title: string;
  file: string;
  line: number;
  /** Target.name */
  target: string;
  status: ScenarioStatus;
  /** The scenario's requirements plus its steps'. */
  requirements: string[];
  /** Requirements this run credits as checked and kept. */
  passed: string[];
  /**
   * Every failure, in the order they happened: invariant failures (recorded without stopping the
   * scenario, once per step and check) and at most one stopping failure (a sign-up rule, status,
   * capture or expectation), which is last. Empty unless status is 'fail'.
   */
  failures: Failure[];
  /** The first failure (failures[0]); on an 'error' without failures, the error record. Kept from format 1.0. */
  failure?: Failure;
  /** What ended the scenario as an error (check 'transport', 'template' or 'internal'), at a known step. */
  error?: Failure;
  /** Why the scenario was skipped or errored, or (on fail) why it could not finish. */
  reason?: string;
  durationMs: number;
  /** Every exchange of this scenario, actor setup included, in order. */
  exchanges: Exchange[];
  /**
   * The session tokens and signed values this scenario handled, each with a label such as
   * 'alice.token' or 'alice.signed', for --redact-tokens. Never written into reports.
   */
  tokens?: TokenLabel[];
}

export interface TokenLabel {
  label: string;
  value: string;
  /** Redacted in every report (actor passwords), not only with --redact-tokens. */
  always?: true;
}

/** What a run cost the target and how long it was held up (runner contract 1.3, INTERPRETING.md 18.5-18.6). */
export interface RunStats {
  /** The seed names were derived from (--seed, or drawn for the run). */
  seed: string;
  sessions: {
    /** Sign-up requests answered (actor setup and scenario steps). */
    signUps: number;
    /** Sign-in requests answered (steps, and signing in again for token characters). */
    signIns: number;
    /** Sign-out requests answered (steps, and ending sessions given up for token characters). */
    signOuts: number;
    /** Actors set up. */
    actors: number;
    /** Actor uses served by a shared actor (read-only scenarios) instead of a new one. */
    sharedUses: number;
    /** Scenarios run again from their start with new actors: a given-up session could not be ended cleanly (INTERPRETING.md 18.3). */
    restarts: number;
  };
  throttling: {
    /** Throttled answers waited out. */
    waits: number;
    /** Time requests spent waiting, summed over requests. */
    waitedMs: number;
    byStatus: Record<string, number>;
    byPath: Record<string, { waits: number; waitedMs: number }>;
  };
  /** Token-character needs given up (INTERPRETING.md 18.3): '' (none), '+', '/' or '+/'. */
  tokenNeedsUnmet: string[];
}

/** A result's failures; tolerates results made by older code that set only `failure`. */
export function failuresOf(r: Pick<ScenarioResult, 'failures' | 'failure' | 'status'>): Failure[] {
  return r.failures ?? (r.status === 'fail' && r.failure ? [r.failure] : []);
}
