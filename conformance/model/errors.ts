// Errors that stop a whole run rather than one scenario.
import type { UnreachableReport } from './report.js';

/**
 * The target cannot be judged at all: it refused the very first connection ('refused'), or it has
 * answered none of the requests of the run before one of them timed out ('silent').
 */
export class TargetUnreachableError extends Error {
  readonly url: string;
  readonly code: string;
  readonly kind: 'refused' | 'silent';
  /** For 'silent': the request deadline that passed without an answer. */
  readonly timeoutMs?: number;
  /** Set by run(): the minimal report its reporters wrote. */
  report?: UnreachableReport;
  constructor(url: string, code: string, silentFor?: { timeoutMs: number }) {
    super(silentFor === undefined ? refusedMessage(url, code) : silentMessage(url, code, silentFor.timeoutMs));
    this.name = 'TargetUnreachableError';
    this.url = url;
    this.code = code;
    this.kind = silentFor === undefined ? 'refused' : 'silent';
    if (silentFor !== undefined) this.timeoutMs = silentFor.timeoutMs;
  }
}

function refusedMessage(url: string, code: string): string {
  return (
    `The target at ${url} cannot be reached (${code}). Check that the server is running and that ` +
    `--url names its base URL, including the base path such as /api/auth.`
  );
}

function silentMessage(url: string, code: string, timeoutMs: number): string {
  const what =
    code === 'UND_ERR_CONNECT_TIMEOUT'
      ? `did not accept a connection within ${timeoutMs} ms`
      : `accepted connections but answered none of the requests within ${timeoutMs} ms`;
  return (
    `The target at ${url} ${what}, so nothing could be judged. Check that --url names the HTTP ` +
    `server itself and its base path (such as /api/auth), that the server is not stuck, or give a ` +
    `slow server more time with --timeout.`
  );
}
