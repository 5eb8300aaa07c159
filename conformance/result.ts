// The result model shared by the engine (run.ts) and everything that reports on it (CLI, reporters,
// programmatic API). Plain data only, so a result can be serialised to JSON as it is.

export type ScenarioStatus = 'pass' | 'fail' | 'skip' | 'error';

/** What the runner knows about the server under test. */
export interface Target {
  /** A label for reports, e.g. 'permissive' or the host name. */
  name: string;
  /** Base URL including the base path, e.g. http://127.0.0.1:3000/api/auth. */
  url: string;
  requireSignature: boolean;
  /** The HMAC secret, when known (wire-compatibility profile). Never written into results. */
  secret?: string;
  /** The trusted origin sent as Origin on unsafe methods, e.g. http://localhost:3000. */
  origin: string;
  schemaUrl?: string;
  /** Header names the application itself exposes through Access-Control-Expose-Headers. */
  exposedHeaders?: string[];
}

/** One request and, unless the transport failed, its response, exactly as sent and received. */
export interface Exchange {
  request: { method: string; url: string; headers: [string, string][]; body?: string };
  response?: { status: number; headers: [string, string][]; body: string };
}

export interface Failure {
  /** 0-based step index; -1 = actor setup. */
  step: number;
  stepName: string;
  /** The requirements this failure breaks. */
  requirements: string[];
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
  /** Set on fail; on error too when the error happened at a known step. */
  failure?: Failure;
  /** Why the scenario was skipped or errored. */
  reason?: string;
  durationMs: number;
  /** Every exchange of this scenario, actor setup included, in order. */
  exchanges: Exchange[];
}
