// Ending a run early, on purpose: its deadline (--deadline) passes, or its caller interrupts it
// (run({ signal }); the CLI on SIGINT or SIGTERM). Then no new scenario starts, the requests in flight
// are aborted (and throttle waits cut short), so their scenarios end at once; every scenario that did
// not finish is reported with a reason starting 'Not run' (never started: a skip) or 'Not finished'
// (aborted: a skip, or a fail when something had already failed, since a failure seen stands).
// Several targets (the embedded profiles) share one interruption.
import { NOT_FINISHED, type EngineOptions } from './run.js';
import type { ScenarioResult } from '../model/result.js';

export interface InterruptState {
  /** The deadline, in milliseconds, when the run has one. */
  deadlineMs?: number;
  /** Aborted by whichever comes first; its reason is the sentence the engine puts in reasons. */
  signal: AbortSignal;
  /** What ended the run, once something did. */
  by?: 'deadline' | 'signal';
  /** Keys (`target id`) of the results skipped because of it: they say nothing about the target. */
  notRun: Set<string>;
  /** Keys of every result it cut: those skipped, and those that had failed before. */
  notFinished: Set<string>;
  /** Stops the clock and stops listening to the caller's signal; the run is over. */
  clear(): void;
}

/** Starts the run's clock (`deadlineMs`, from now) and listens to the caller's `signal`. */
export function startInterrupts(options: { deadlineMs?: number | undefined; signal?: AbortSignal | undefined }): InterruptState {
  const controller = new AbortController();
  const state: InterruptState = { signal: controller.signal, notRun: new Set(), notFinished: new Set(), clear: () => undefined };
  const end = (by: 'deadline' | 'signal', reason: string) => {
    if (controller.signal.aborted) return;
    state.by = by;
    controller.abort(reason);
  };
  const { deadlineMs, signal } = options;
  let timer: NodeJS.Timeout | undefined;
  if (deadlineMs !== undefined) {
    state.deadlineMs = deadlineMs;
    timer = setTimeout(() => end('deadline', `the run's deadline (${deadlineMs} ms) passed`), deadlineMs);
    // Never the reason a process stays up: run() clears it, and a caller that exits early need not.
    timer.unref();
  }
  // A string reason is the caller's sentence ("the run was interrupted (SIGINT)"); anything else is not worded for people.
  const onAbort = () => end('signal', typeof signal?.reason === 'string' ? signal.reason : 'the run was interrupted');
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  state.clear = () => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  };
  return state;
}

const NOT_RUN = 'Not run: ';

/** Engine options that honour the interruption and record what it left unfinished. */
export function withInterrupts(opts: EngineOptions, state: InterruptState): EngineOptions {
  const cut = new Set<string>();
  return {
    ...opts,
    signal: state.signal,
    stop: () => {
      if (!state.signal.aborted) return opts.stop?.();
      const reason = `${NOT_RUN}${String(state.signal.reason)} before it started.`;
      cut.add(reason);
      return reason;
    },
    onResult: (r: ScenarioResult) => {
      if (r.reason !== undefined && (cut.has(r.reason) || r.reason.startsWith(NOT_FINISHED))) {
        const key = `${r.target} ${r.id}`;
        state.notFinished.add(key);
        if (r.status === 'skip') state.notRun.add(key);
      }
      opts.onResult?.(r);
    },
  };
}
