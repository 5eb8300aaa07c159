// --bail: once a result is an unexpected failure, no new scenario starts; the scenarios already in
// flight finish, and the rest are reported as not run (status skip, with the reason). Several targets
// (the embedded profiles) share one stop.
import type { EngineOptions } from './run.js';
import type { ScenarioResult } from '../model/result.js';

export interface BailState {
  /** The first result that stopped the run, once there is one. */
  stoppedBy?: ScenarioResult;
  /** Keys (`target id`) of the results made up for scenarios that were not run. */
  notRun: Set<string>;
}

export function newBailState(): BailState {
  return { notRun: new Set() };
}

const NOT_RUN = 'Not run: --bail stopped the run';

/** runTarget options that stop the run at the first result `stops` picks, recording what was not run. */
export function withBail(opts: EngineOptions, state: BailState, stops: (r: ScenarioResult) => boolean): EngineOptions {
  return {
    ...opts,
    stop: () => {
      const after = state.stoppedBy;
      if (after === undefined) return undefined;
      return `${NOT_RUN} after the unexpected ${after.status === 'error' ? 'error' : 'failure'} of ${after.id} on ${after.target}.`;
    },
    onResult: (r) => {
      if (r.status === 'skip' && r.reason?.startsWith(NOT_RUN)) state.notRun.add(`${r.target} ${r.id}`);
      else if (!state.stoppedBy && stops(r)) state.stoppedBy = r;
      opts.onResult?.(r);
    },
  };
}
