// Running a plan: on its named target, or on the embedded profiles, whose servers start here and are
// closed afterwards whatever happens.
import type { RunStats, ScenarioResult } from '../model/result.js';
import type { Target } from '../model/target.js';
import { withEmbeddedTargets } from '../plan/embedded.js';
import { targetPlan, type RunPlan } from '../plan/plan.js';
import { runPlanned, type EngineOptions } from './run.js';

export interface PlanRun {
  /** Every target's results, target by target. */
  results: ScenarioResult[];
  /** What each target's run cost it and how long it waited. */
  stats: (RunStats & { target: string })[];
}

/** Runs the plan on every target at once; `started` learns the targets before any request. */
export async function runPlan(plan: RunPlan, opts: EngineOptions, started: (targets: Target[]) => void = () => {}): Promise<PlanRun> {
  const run = async (targets: Target[]): Promise<PlanRun> => {
    started(targets);
    const runs = await Promise.all(targets.map((t) => runPlanned(t, targetPlan(plan, t), opts)));
    return {
      results: runs.flatMap((r) => r.results),
      stats: runs.map((r, i) => ({ target: targets[i]!.name, ...r.stats })),
    };
  };
  return plan.target ? run([plan.target]) : withEmbeddedTargets(run);
}
