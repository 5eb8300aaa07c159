// Rate-limited targets (INTERPRETING.md section 18.5, owner decision 13): a 429, or a 503 with a retry
// delay, says the server is limiting the client, not how it behaves. It is waited out and the request
// sent again; it is never judged. While a path is throttled, other requests to it wait too, so the run
// does not spend requests it knows the server will refuse.

/** What this module reads of a response (the engine's HttpResponse has it). */
export interface ThrottleAnswer {
  status: number;
  headers: [string, string][];
}

export const DEFAULT_MAX_WAIT_MS = 120_000;
const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * How long the server asks the client to wait before sending again, or undefined when the answer is
 * not a throttling one. `attempt` counts this request's earlier throttled answers (0 for the first):
 * a 429 that names no delay is retried after 1 s, doubled each time, at most 30 s.
 */
export function retryDelayMs(res: ThrottleAnswer, attempt = 0, now = Date.now()): number | undefined {
  if (res.status !== 429 && res.status !== 503) return undefined;
  const header = (name: string) => res.headers.find(([n]) => n.toLowerCase() === name)?.[1].trim();
  const retryAfter = header('retry-after');
  if (retryAfter !== undefined) {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  // better-auth's limiter names its delay in X-Retry-After (seconds).
  const xRetryAfter = header('x-retry-after');
  if (xRetryAfter !== undefined && /^\d+$/.test(xRetryAfter)) return Number(xRetryAfter) * 1000;
  if (res.status === 503) return undefined; // a 503 without a delay is an ordinary answer, judged as such
  return Math.min(FIRST_BACKOFF_MS * 2 ** attempt, MAX_BACKOFF_MS);
}

/** The target asked for a longer wait than --max-wait allows: the scenario cannot be carried out. */
export class ThrottledTooLongError extends Error {
  override name = 'ThrottledTooLongError';
  constructor(
    readonly askedMs: number,
    readonly maxWaitMs: number,
    readonly waitedMs: number,
  ) {
    super(
      `the target throttled this request and asked to wait ${seconds(askedMs)} more after ${seconds(waitedMs)} of waiting; ` +
        `--max-wait is ${seconds(maxWaitMs)} per request (raise it to wait longer)`,
    );
  }
}

export interface ThrottleStats {
  /** Throttled answers waited out. */
  waits: number;
  /** Time requests spent waiting, summed over requests (concurrent waits add up). */
  waitedMs: number;
  /** Throttled answers by status code. */
  byStatus: Record<string, number>;
  /** Waits and waiting time by request path, so the report says which endpoints were limited. */
  byPath: Record<string, { waits: number; waitedMs: number }>;
}

export class Throttle {
  /** Path -> the time before which no request to it is sent. */
  private readonly until = new Map<string, number>();
  readonly stats: ThrottleStats = { waits: 0, waitedMs: 0, byStatus: {}, byPath: {} };

  constructor(
    readonly maxWaitMs = DEFAULT_MAX_WAIT_MS,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Sends through `send`, waiting out throttled answers; `onThrottled` sees each one (the engine
   * keeps them in the report, marked, without judging them). Throws ThrottledTooLongError when the
   * total wait of this request would exceed maxWaitMs.
   */
  async send<R extends ThrottleAnswer>(url: string, send: () => Promise<R>, onThrottled?: (res: R, delayMs: number) => void): Promise<R> {
    const path = pathOf(url);
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      waited += await this.gate(path, waited);
      const res = await send();
      const delay = retryDelayMs(res, attempt, this.now());
      if (delay === undefined) return res;
      onThrottled?.(res, delay);
      this.stats.byStatus[res.status] = (this.stats.byStatus[res.status] ?? 0) + 1;
      if (waited + delay > this.maxWaitMs) throw new ThrottledTooLongError(delay, this.maxWaitMs, waited);
      const until = this.now() + delay;
      this.until.set(path, Math.max(this.until.get(path) ?? 0, until));
      const entry = (this.stats.byPath[path] ??= { waits: 0, waitedMs: 0 });
      entry.waits++;
      this.stats.waits++;
    }
  }

  /** How long until a request to this URL's path may be sent (0 when it may be sent now). */
  waitMs(url: string): number {
    return Math.max(0, (this.until.get(pathOf(url)) ?? 0) - this.now());
  }

  /** Waits until the path's gate opens; returns the time waited. */
  private async gate(path: string, alreadyWaited: number): Promise<number> {
    const wait = (this.until.get(path) ?? 0) - this.now();
    if (wait <= 0) return 0;
    if (alreadyWaited + wait > this.maxWaitMs) throw new ThrottledTooLongError(wait, this.maxWaitMs, alreadyWaited);
    await this.sleep(wait);
    this.stats.waitedMs += wait;
    const entry = (this.stats.byPath[path] ??= { waits: 0, waitedMs: 0 });
    entry.waitedMs += wait;
    return wait;
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
