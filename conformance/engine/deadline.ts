// --deadline: a time limit for the whole run. When it passes, no new scenario starts, the requests in
// flight are aborted (and throttle waits cut short), so their scenarios end at once; every scenario
// that did not finish is reported with a reason starting 'Not run' (never started: a skip) or 'Not
// finished' (aborted: a skip, or a fail when something had already failed, since a failure seen
// stands). Several targets (the embedded profiles) share one deadline.
import { NOT_FINISHED, type EngineOptions } from './run.js';
import type { ScenarioResult } from '../model/result.js';

export interface DeadlineState {
  ms: number;
  /** Aborted when the deadline passes; its reason is the sentence the engine puts in reasons. */
  signal: AbortSignal;
  /** Keys (`target id`) of the results skipped because of the deadline: they say nothing about the target. */
  notRun: Set<string>;
  /** Keys of every result the deadline cut: those skipped, and those that had failed before it passed. */
  notFinished: Set<string>;
  /** Stops the timer; the run is over. */
  clear(): void;
}

/** Starts the clock of a run that must end within `ms` milliseconds. */
export function startDeadline(ms: number): DeadlineState {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(`the run's deadline (${ms} ms) passed`), ms);
  // Never the reason a process stays up: run() clears it, and a caller that exits early need not.
  timer.unref();
  return { ms, signal: controller.signal, notRun: new Set(), notFinished: new Set(), clear: () => clearTimeout(timer) };
}

const NOT_RUN = "Not run: the run's deadline";

/** Engine options that honour the deadline and record what it left unfinished. */
export function withDeadline(opts: EngineOptions, state: DeadlineState): EngineOptions {
  return {
    ...opts,
    signal: state.signal,
    stop: () => (state.signal.aborted ? `${NOT_RUN} (${state.ms} ms) passed before it started.` : opts.stop?.()),
    onResult: (r: ScenarioResult) => {
      if (r.reason?.startsWith(NOT_RUN) || r.reason?.startsWith(NOT_FINISHED)) {
        const key = `${r.target} ${r.id}`;
        state.notFinished.add(key);
        if (r.status === 'skip') state.notRun.add(key);
      }
      opts.onResult?.(r);
    },
  };
}
