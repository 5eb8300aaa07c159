// --bail: stop scheduling scenarios after the first unexpected failure; the rest are reported as
// not run (status skip, with the reason). runTarget has no way to stop part-way, so scenarios go to
// it in batches of --concurrency and no new batch starts once a failure is seen: the scenarios
// already in flight finish, nothing new begins. Several targets (the embedded profiles) share one stop.
import { TargetUnreachableError } from './errors.js';
import type { LoadedScenario } from './load.js';
import { planScenario } from './plan.js';
import type { ScenarioResult, Target } from './result.js';
import { DEFAULT_CONCURRENCY, requirementsOf, runTarget, type RunOptions } from './run.js';

export interface BailState {
  /** The first result that stopped the run, once there is one. */
  stoppedBy?: ScenarioResult;
  /** Keys (`target id`) of the results made up for scenarios that were not run. */
  notRun: Set<string>;
}

export function newBailState(): BailState {
  return { notRun: new Set() };
}

export async function runWithBail(
  target: Target,
  scenarios: LoadedScenario[],
  opts: RunOptions,
  state: BailState,
  stops: (r: ScenarioResult) => boolean,
): Promise<ScenarioResult[]> {
  const size = Math.max(1, Math.floor(opts.concurrency ?? DEFAULT_CONCURRENCY));
  const results: ScenarioResult[] = [];
  let answered = false;
  for (let i = 0; i < scenarios.length; i += size) {
    const batch = scenarios.slice(i, i + size);
    if (state.stoppedBy) {
      for (const s of batch) {
        const r = notRun(target, s, state.stoppedBy);
        if (r.reason?.startsWith('Not run')) state.notRun.add(`${r.target} ${r.id}`);
        opts.onResult?.(r);
        results.push(r);
      }
      continue;
    }
    const onResult = (r: ScenarioResult) => {
      opts.onResult?.(r);
      if (!state.stoppedBy && stops(r)) state.stoppedBy = r;
    };
    try {
      results.push(...(await runTarget(target, batch, { ...opts, onResult })));
      answered = true;
    } catch (error) {
      // Refused before any answer in a later batch: the target went away during the run; that is an
      // error of these scenarios, not an unreachable target (which only the first batch can tell).
      if (!(error instanceof TargetUnreachableError) || !answered) throw error;
      for (const s of batch) {
        const r: ScenarioResult = { ...blank(target, s), status: 'error', reason: `the target stopped accepting connections: ${error.message}` };
        onResult(r);
        results.push(r);
      }
    }
  }
  return results;
}

function blank(target: Target, s: LoadedScenario): ScenarioResult {
  return { id: s.id, title: s.title, file: s.file, line: s.line, target: target.name, status: 'skip', requirements: requirementsOf(s), passed: [], failures: [], durationMs: 0, exchanges: [] };
}

function notRun(target: Target, s: LoadedScenario, after: ScenarioResult): ScenarioResult {
  // A scenario the target could not serve anyway keeps that reason, and is a plain skip.
  const plan = planScenario(target, s);
  if (!plan.run) return { ...blank(target, s), reason: plan.reason };
  return { ...blank(target, s), reason: `Not run: --bail stopped the run after the unexpected ${after.status === 'error' ? 'error' : 'failure'} of ${after.id} on ${after.target}.` };
}
